import pytest

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The demo sets six passwords per load; the production hasher would take most of the run."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


def clear_audit_log() -> None:
    """Clean-up after a demo loaded for a whole module. The audit log refuses deletes in the
    database (privacy.append_only); like Django's flush: TRUNCATE on PostgreSQL (no row
    triggers fire), the flush guard on SQLite."""
    from django.db import connection

    from boligvei.core.models import AuditEvent
    from boligvei.privacy.append_only import audit_log_flush

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {AuditEvent._meta.db_table}")
    else:
        with audit_log_flush():
            AuditEvent.objects.all().delete()
