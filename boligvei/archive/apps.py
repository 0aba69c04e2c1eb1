from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "boligvei.archive"
    label = "archive"
    verbose_name = "Arkiv"
