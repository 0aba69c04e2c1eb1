from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "boligvei.referrals"
    label = "referrals"
    verbose_name = "Henvendelser"
