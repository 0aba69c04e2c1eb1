from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "boligvei.privacy"
    label = "privacy"
    verbose_name = "Personvern"
