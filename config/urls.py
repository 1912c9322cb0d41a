from django.contrib import admin
from django.urls import include, path

from config import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/tokens/", include("accounts.tokens")),
    path("accounts/", include("accounts.passwords")),
    path("api/", include("config.api_urls")),
    path("editor/", include("claims.editor.urls")),
    path("sources/", include("sources.urls")),
    path("", include("claims.urls")),
]
