from django.urls import path

from . import views

app_name = "bodies"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("gestion/", views.back_office, name="back_office"),
    path("gestion/<int:pk>/", views.body, name="body"),
    path("gestion/<int:pk>/acreditar-centro/", views.accredit_centre, name="accredit_centre"),
    path("gestion/<int:pk>/acreditar-evaluador/", views.accredit_assessor,
         name="accredit_assessor"),
    path("gestion/<int:pk>/acreditar-alcance/", views.accredit_body, name="accredit_body"),
    path("acreditaciones/<int:accreditation_id>/decision/", views.decide, name="decide"),
]
