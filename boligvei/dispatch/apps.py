from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "boligvei.dispatch"
    label = "dispatch"
    verbose_name = "SvarUt"
