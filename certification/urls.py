from django.urls import path

from . import public_views, views

app_name = "certification"
urlpatterns = [
    path("verificar/", public_views.verify, name="verify"),
    path("verificar/documento/", public_views.document_check, name="document_check"),
    path("verificar/persona/", public_views.holder_lookup, name="holder_lookup"),
    path("verificar/estado/revocacion.json", public_views.status_list, name="status_list"),
    path("verificar/<str:folio>/", public_views.verify_folio, name="verify_folio"),
    path("verificar/<str:folio>/pdf/", public_views.public_pdf, name="public_pdf"),
    path("verificar/<str:folio>/credential.json", public_views.credential, name="credential"),
    path(".well-known/registry-keys.json", public_views.registry_keys, name="registry_keys"),
    path(".well-known/did.json", public_views.did_document, name="did_document"),
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
    path("evidencias/<int:pk>/quitar/", views.remove_evidence, name="remove_evidence"),
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
