"""The shipped purchase-process checklist as version 1 (cases/checklist_defaults.py)."""

from django.db import migrations


def create_default(apps, schema_editor):
    from boligvei.cases.checklist_defaults import ITEMS

    Version = apps.get_model("cases", "PurchaseChecklistVersion")
    if not Version.objects.exists():
        Version.objects.create(number=1, items=ITEMS)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0013_purchase_checklist_and_follow_ups"),
    ]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
