from django.contrib import admin
from django.urls import include, path

from accounts.views import LoginView
from config import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/tokens/", include("accounts.tokens")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/", include("accounts.passwords")),
    path("api/", include("config.api_urls")),
    path("editor/", include("claims.editor.urls")),
    path("sources/", include("sources.urls")),
    path("", include("claims.urls")),
]

handler404 = "config.views.page_not_found"
# A request Django refuses before any view (a body over DATA_UPLOAD_MAX_MEMORY_SIZE …) says why.
handler400 = "config.views.bad_request"
