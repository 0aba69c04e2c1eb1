"""What a request saved: the row counts of every table but those a refused request may still
write (who looked, in the audit log; the session; counted login failures)."""

from django.apps import apps
from django.db import connection

NOT_SAVES = {"core.auditevent", "sessions.session"}
NOT_SAVES_APPS = {"axes"}


def _row_counts_sql() -> str:
    tables = [m._meta.db_table for m in apps.get_models()
              if m._meta.label_lower not in NOT_SAVES and m._meta.app_label not in NOT_SAVES_APPS
              and m._meta.managed and not m._meta.proxy]
    quote = connection.ops.quote_name
    return "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)


def row_counts() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(_row_counts_sql())
        return cursor.fetchone()
