from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "boligvei.meetings"
    label = "meetings"
    verbose_name = "Møter"
