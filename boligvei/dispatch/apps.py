from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "boligvei.dispatch"
    label = "dispatch"
    verbose_name = "SvarUt"

    def ready(self):
        from boligvei.dispatch import checks  # noqa: F401 (register the settings check)
