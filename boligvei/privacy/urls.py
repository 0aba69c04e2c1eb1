from django.urls import path

from boligvei.privacy import views

app_name = "privacy"
urlpatterns = [
    path("revisjonslogg/", views.audit_log, name="audit_log"),
    path("husstander/<int:pk>/", views.access_report, name="access_report"),
    path("husstander/<int:pk>/innsynsrapport.pdf", views.access_report_pdf, name="access_report_pdf"),
    path("husstander/<int:pk>/innsyn.json", views.export_json, name="export_json"),
    path("husstander/<int:pk>/innsyn.pdf", views.export_pdf, name="export_pdf"),
    path("husstander/<int:pk>/slett/", views.erase, name="erase"),
]
