from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "boligvei.outreach"
    label = "outreach"
    verbose_name = "Utsendelser"
