from django.urls import path

from . import correction_views, import_views, search, views

app_name = "issuance"
urlpatterns = [
    path("solicitudes/", views.request_queue, name="requests"),
    path("solicitudes/aprobar/", views.approve_selected, name="approve_selected"),
    path("solicitudes/<int:pk>/", views.request_detail, name="request_detail"),
    path("solicitudes/<int:pk>/aprobar/", views.approve, name="approve"),
    path("solicitudes/<int:pk>/rechazar/", views.reject, name="reject"),
    path("solicitudes/<int:pk>/liberar/", views.release, name="release"),
    path("correcciones/", correction_views.correction_queue, name="corrections"),
    path("correcciones/<int:pk>/", correction_views.correction_detail,
         name="correction_detail"),
    path("correcciones/<int:pk>/archivo/", correction_views.correction_attachment,
         name="correction_attachment"),
    path("correcciones/<int:pk>/reexpedir/", correction_views.reissue_correction,
         name="correction_reissue"),
    path("correcciones/<int:pk>/rechazar/", correction_views.refuse_correction,
         name="correction_refuse"),
    path("avisos/titular/<str:token>/", correction_views.holder_unsubscribe,
         name="holder_unsubscribe"),
    path("importar/certificados/", import_views.upload, name="import_upload"),
    path("importar/certificados/plantilla.csv", import_views.sample, name="import_sample"),
    path("importar/certificados/<int:pk>/", import_views.job, name="import_job"),
    path("importar/certificados/<int:pk>/importar/", import_views.start,
         name="import_start"),
    path("importar/certificados/<int:pk>/progreso/", import_views.progress,
         name="import_progress"),
    path("importar/certificados/<int:pk>/problemas.csv", import_views.problems,
         name="import_problems"),
    path("certificados/", search.certificate_search, name="certificates"),
    path("certificados/exportar/", search.certificate_export, name="certificates_csv"),
    path("certificados/<str:folio>/", views.certificate, name="certificate"),
    path("certificados/<str:folio>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("certificados/<str:folio>/retirar/", views.withdraw, name="withdraw"),
    path("certificados/<str:folio>/reexpedir/", views.reissue, name="reissue"),
]
