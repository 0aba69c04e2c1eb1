from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "boligvei.reports"
    label = "reports"
    verbose_name = "Rapporter"
