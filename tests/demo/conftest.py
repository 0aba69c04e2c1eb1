import pytest

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The demo sets six passwords per load; the production hasher would take most of the run."""
    settings.PASSWORD_HASHERS = FAST_HASHERS
