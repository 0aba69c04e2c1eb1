from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "boligvei.core"
    label = "core"
    verbose_name = "Kjerne"

    def ready(self):
        from boligvei.core import checks, documents, sso  # noqa: F401 (register the deployment, fonts and single sign-on checks)
        from boligvei.core import search  # noqa: F401 (SQLite connections get the search's folding function)
