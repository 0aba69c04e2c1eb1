from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "boligvei.core"
    label = "core"
    verbose_name = "Kjerne"

    def ready(self):
        from boligvei.core import sso  # noqa: F401 (registers the single sign-on configuration check)
