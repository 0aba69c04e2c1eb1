"""`boligvei check`: SvarUt turned on needs its account, its integration and a token provider."""

import uuid

from django.conf import settings
from django.core import checks

REQUIRED = ["SVARUT_ACCOUNT_ID", "SVARUT_INTEGRATION_ID", "SVARUT_INTEGRATION_PASSWORD"]
MASKINPORTEN = ["MASKINPORTEN_CLIENT_ID", "MASKINPORTEN_KEY_FILE"]


@checks.register()
def check_svarut_settings(app_configs, **kwargs):
    if not settings.SVARUT_ENABLED:
        return []
    missing = [name for name in REQUIRED if not getattr(settings, name)]
    if settings.SVARUT_TOKEN_PROVIDER.endswith(".MaskinportenTokenProvider"):
        missing += [name for name in MASKINPORTEN if not getattr(settings, name)]
    errors = [checks.Error(f"SVARUT_ENABLED is on but {name} is not set.", hint="See docs/svarut.md.",
                           id="boligvei.E201") for name in missing]
    try:
        if settings.SVARUT_ACCOUNT_ID:
            uuid.UUID(settings.SVARUT_ACCOUNT_ID)
    except ValueError:
        errors.append(checks.Error("SVARUT_ACCOUNT_ID must be the SvarUt account's UUID.", id="boligvei.E202"))
    return errors
