"""The REST API under /api/v1/, its OpenAPI schema and interactive docs (assets from the sidecar)."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api.errors import not_found
from claims import api as claims_api
from sources import api as sources_api

router = SimpleRouter()
router.register("incidents", claims_api.IncidentViewSet, basename="api-incident")
router.register("statements", claims_api.StatementViewSet, basename="api-statement")
router.register("relations", claims_api.RelationViewSet, basename="api-relation")
router.register("actors", claims_api.ActorViewSet, basename="api-actor")
router.register("sides", claims_api.SideViewSet, basename="api-side")
router.register("places", claims_api.PlaceViewSet, basename="api-place")
router.register("outlets", sources_api.OutletViewSet, basename="api-outlet")
router.register("articles", sources_api.ArticleViewSet, basename="api-article")
router.register("feeds", sources_api.FeedViewSet, basename="api-feed")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # drf-spectacular's Swagger page carries one small inline <style>; allow inline styles (never
    # scripts) on this page only, so the rest of the site keeps the strict policy.
    path(
        "docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
    path("v1/", include(router.urls)),
    # Anything else under /api/v1/ is a JSON 404, not the site's HTML page.
    re_path(r"^v1/", not_found),
]
