from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "boligvei.imports"
    label = "imports"
    verbose_name = "Import"
