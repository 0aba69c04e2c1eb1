from django.apps import AppConfig


class GuidelinesConfig(AppConfig):
    name = "boligvei.guidelines"
    label = "guidelines"
    verbose_name = "Retningslinjer for startlån"
