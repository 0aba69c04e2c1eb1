from django.urls import path, register_converter

from boligvei.reports import views


class ExportFormat:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormat, "export_format")

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("etter-kjopet/", views.after_purchase, name="after_purchase"),
    path("tabell/<slug:slug>.<export_format:fmt>", views.table_export, name="table_export"),
    path("arsrapport/<int:year>.pdf", views.annual_report, name="annual_report"),
]
