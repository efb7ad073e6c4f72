from django.urls import path

from . import views

app_name = "certification"
urlpatterns = [
    path("verificar/", views.verify, name="verify"),
    path("verificar/<str:folio>/", views.verify_folio, name="verify_folio"),
    path("candidatos/", views.candidates, name="candidates"),
    path("candidatos/nuevo/", views.register_candidate, name="register_candidate"),
    path("evaluaciones/", views.my_assessments, name="my_assessments"),
    path("evaluaciones/nueva/", views.start_assessment, name="start_assessment"),
    path("evaluaciones/<int:pk>/", views.assessment, name="assessment"),
    path("evaluaciones/<int:pk>/juicios/", views.save_judgements, name="save_judgements"),
    path("evaluaciones/<int:pk>/juicios/<int:criterion_id>/", views.autosave_judgement,
         name="autosave_judgement"),
    path("evaluaciones/<int:pk>/evidencias/", views.upload_evidence, name="upload_evidence"),
    path("evaluaciones/<int:pk>/enviar/", views.submit_assessment, name="submit_assessment"),
    path("evidencias/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("solicitudes/", views.request_queue, name="requests"),
    path("solicitudes/aprobar/", views.approve_selected, name="approve_selected"),
    path("solicitudes/<int:pk>/", views.request_detail, name="request_detail"),
    path("solicitudes/<int:pk>/aprobar/", views.approve, name="approve"),
    path("solicitudes/<int:pk>/rechazar/", views.reject, name="reject"),
    path("certificados/<str:folio>/", views.certificate, name="certificate"),
    path("certificados/<str:folio>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("certificados/<str:folio>/retirar/", views.withdraw, name="withdraw"),
    path("certificados/<str:folio>/reexpedir/", views.reissue, name="reissue"),
    path("organismos/gestion/<int:pk>/acreditar-evaluador/", views.accredit_assessor,
         name="accredit_assessor"),
]
