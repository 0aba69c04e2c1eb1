from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "boligvei.assessments"
    label = "assessments"
    verbose_name = "Betjeningsevne"
