from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "boligvei.people"
    label = "people"
    verbose_name = "Husstander"
