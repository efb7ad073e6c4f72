from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from conocer.core.throttling import throttled

from . import dashboard, views

admin.site.site_header = "CONOCER · Registro Nacional de Competencias"
admin.site.site_title = "CONOCER"

urlpatterns = [
    path("", views.home, name="home"),
    path("buscar/", views.search, name="search"),
    path("healthz", views.healthz, name="healthz"),
    path("panel/", dashboard.dashboard, name="dashboard"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("estandares/", include("standards.urls")),
    path("cualificaciones/", include("standards.urls_qualifications")),
    path("organismos/", include("bodies.urls")),
    path("", include("certification.verification.urls")),
    path("", include("certification.assessment.urls")),
    path("", include("certification.issuance.urls")),
    path("", include("certification.holders.urls")),
    path("reconocimiento/", include("certification.recognition.urls")),
    path("tableros/", include("certification.dashboards.urls")),
    path("", include("certification.statistics.urls")),
    path("api/v1/", include("conocer.api")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Split: Swagger UI's start-up script is its own request (?script), no inline code (CSP).
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(
        url_name="api-schema", template_name="api_docs.html"), name="api-docs"),
    # Sign-in POSTs per address: a coarse limit beside the per-account lockout (axes).
    path("cuenta/entrar/", throttled("login", methods=("POST",))(
        auth_views.LoginView.as_view()), name="login"),
    path("cuenta/salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("cuenta/", include("conocer.accounts.urls")),
    path("admin/", admin.site.urls),
]

# Media (evidence, certificate PDFs) is never served as files: only through the views that
# check who may see it and the holder's RENAP choice, in development too.
