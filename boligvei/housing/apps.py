from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "boligvei.housing"
    label = "housing"
    verbose_name = "Boliger"
