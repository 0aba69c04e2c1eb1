"""Boligvei's own deployment checks (`boligvei check --deploy`), beside Django's."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_synthetic_identity_numbers(app_configs, **kwargs):
    """Skatteetaten's synthetic test numbers (month + 80) belong in demo and test data: in
    production they would let a made-up person into the register as if real."""
    if not settings.ALLOW_SYNTHETIC_IDENTITY_NUMBERS:
        return []
    return [checks.Warning(
        "ALLOW_SYNTHETIC_IDENTITY_NUMBERS is on: forms and imports accept synthetic test identity numbers "
        "(month + 80), which belong in demo and test data only.",
        hint="Unset ALLOW_SYNTHETIC_IDENTITY_NUMBERS (or set it to false) in production.",
        id="boligvei.W001")]
