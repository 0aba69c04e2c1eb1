from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "boligvei.cases"
    label = "cases"
    verbose_name = "Saker"
