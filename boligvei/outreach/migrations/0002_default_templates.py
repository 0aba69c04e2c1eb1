"""Version 1 of each shipped letter template (outreach/defaults.py), so a new installation can
send invitations and reminders at once."""

from django.db import migrations

INVITATION_AND_REMINDER = ("invitation", "reminder")


def create_defaults(apps, schema_editor):
    from boligvei.outreach.defaults import DEFAULTS

    TemplateVersion = apps.get_model("outreach", "TemplateVersion")
    for kind in INVITATION_AND_REMINDER:
        for language, text in DEFAULTS[kind].items():
            TemplateVersion.objects.get_or_create(kind=kind, language=language, number=1,
                                                  defaults={"title": text["title"], "body": text["body"]})


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
