from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "boligvei.core"
    label = "core"
    verbose_name = "Kjerne"
