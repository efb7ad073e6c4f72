from django.urls import path

from . import views
from .views import imports

app_name = "assessment"
urlpatterns = [
    path("candidatos/", views.candidates, name="candidates"),
    path("candidatos/nuevo/", views.register_candidate, name="register_candidate"),
    path("candidatos/importar/", imports.upload, name="import_upload"),
    path("candidatos/importar/<int:pk>/", imports.job, name="import_job"),
    path("candidatos/importar/<int:pk>/importar/", imports.start, name="import_start"),
    path("candidatos/importar/<int:pk>/progreso/", imports.progress, name="import_progress"),
    path("candidatos/importar/<int:pk>/problemas.csv", imports.problems,
         name="import_problems"),
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
]
