from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "boligvei.core"
    label = "core"
    verbose_name = "Kjerne"

    def ready(self):
        from boligvei.core import checks, sso  # noqa: F401 (register the deployment and single sign-on checks)
