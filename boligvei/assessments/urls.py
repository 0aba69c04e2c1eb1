from django.urls import path

from boligvei.assessments import views

app_name = "assessments"
urlpatterns = [
    path("husstander/<int:pk>/betjeningsevne/", views.calculator, name="calculator"),
    path("vurderinger/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("vurderinger/<int:pk>/pdf/", views.assessment_summary_pdf, name="assessment_pdf"),
    path("selvsjekk/", views.self_check, name="self_check"),
    path("kandidater/", views.candidates, name="candidates"),
    path("parametere/", views.parameter_overview, name="parameters"),
    path("parametere/ny/", views.parameter_version_create, name="parameter_create"),
]
