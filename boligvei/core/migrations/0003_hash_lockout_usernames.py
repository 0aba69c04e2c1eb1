"""The lockout table (django-axes) kept what was typed as a username in clear text, and people
type their identity number there. From now on it keeps a keyed hash (core/client_address.py):
the rows already there are hashed the same way, so a lock in force stays in force."""

import re

from django.db import migrations

HASHED = re.compile(r"[0-9a-f]{64}")


def hash_usernames(apps, schema_editor):
    from boligvei.core.client_address import lockout_key

    for model in ("AccessAttempt", "AccessFailureLog", "AccessLog"):
        rows = apps.get_model("axes", model).objects.exclude(username=None)
        for row in rows.only("pk", "username").iterator():
            if not HASHED.fullmatch(row.username):
                rows.filter(pk=row.pk).update(username=lockout_key(row.username))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_user_oidc_subject"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(hash_usernames, migrations.RunPython.noop)]
