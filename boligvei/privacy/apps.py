"""Privacy: the data subject's rights and the register's retention (GDPR, arkivloven).

Who has looked at a person's data (access report), a person's data export (article 15),
deletion where the law allows, the anonymisation of closed cases after the retention period,
and the administrators' audit-log pages.
"""
from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PrivacyConfig(AppConfig):
    name = "boligvei.privacy"
    label = "privacy"
    verbose_name = "Personvern"

    def ready(self):
        from boligvei.privacy.append_only import register_guard

        connection_created.connect(register_guard, dispatch_uid="boligvei_audit_guard")
