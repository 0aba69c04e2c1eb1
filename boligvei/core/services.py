"""Shared service plumbing: validate, save and audit one model instance in one step."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext, gettext_lazy as _

from boligvei.core.audit import audit_changes, audit_record
from boligvei.core.errors import DomainError

STALE_EDIT = _("Noen andre har lagret endringer her etter at du åpnet skjemaet. Ingenting av ditt er lagret, og det du "
              "skrev, står fortsatt i skjemaet. Åpne siden på nytt i en ny fane for å se endringene, og lagre dine "
              "på nytt der.")


def field_values(instance: models.Model, fields) -> dict:
    """The instance's values of `fields`; foreign keys as their ids."""
    meta = instance._meta
    return {field: getattr(instance, meta.get_field(field).attname) for field in fields}


def stored_values(instance: models.Model, fields) -> dict:
    """The values of `fields` as the database holds them now (a bound ModelForm has already
    changed the instance in memory, so the old values must come from the row)."""
    attnames = {field: instance._meta.get_field(field).attname for field in fields}
    row = type(instance).objects.filter(pk=instance.pk).values(*attnames.values()).first() or {}
    return {field: row.get(attname) for field, attname in attnames.items()}


def validated_save(instance: models.Model, *, unique_errors: dict[str, str] | None = None) -> None:
    """full_clean() then save(); a constraint the database still refuses becomes a ValidationError.

    The database constraints are the last line of defence (two caseworkers saving at the same
    moment); `unique_errors` maps a constraint name to the message to show for it.
    """
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        for name, message in (unique_errors or {}).items():
            if name in str(exc):
                raise ValidationError(message) from exc
        raise ValidationError(gettext("Lagringen ble avvist av databasen. Ingen endringer er lagret.")) from exc


def has_version(instance: models.Model) -> bool:
    return any(field.name == "version" for field in instance._meta.concrete_fields)


def version_claim(instance: models.Model, fields, expected_version: int | None) -> None:
    """Take the row's next `version` inside the caller's transaction, refusing a stale edit.

    With `expected_version` (the version the edit form showed) the update only matches the row
    if no one has saved since; the update locks the row, so of two saves from one version only
    the first gets through, the second is refused with STALE_EDIT (naming the fields where what
    is stored now differs from what the user typed, theirs and the other's changes both), and
    nothing is lost. Without it (imports,
    other services) the version is only bumped, so a form opened before sees the change.
    """
    rows = type(instance).objects.filter(pk=instance.pk)
    claimed = (rows if expected_version is None else rows.filter(version=expected_version)).update(
        version=F("version") + 1)
    if not claimed:
        stored = stored_values(instance, fields)
        changed = [str(instance._meta.get_field(name).verbose_name) for name, value in fields.items()
                   if stored[name] != (value.pk if isinstance(value, models.Model) else value)]
        raise DomainError(str(STALE_EDIT) + (" " + gettext("Det som er lagret nå, er forskjellig fra det du skrev i: "
                                                            "%(fields)s.") % {"fields": ", ".join(changed)}
                                             if changed else ""))
    instance.version = rows.values_list("version", flat=True).get()


@transaction.atomic
def update_audited(*, actor, instance: models.Model, fields: dict, action: str, household_id=None,
                   unique_errors: dict[str, str] | None = None, expected_version: int | None = None):
    """Set fields, validate, save and write an audit row with old and new values. A model with
    a `version` gets its next one (`version_claim`); with `expected_version`, a stale edit is
    refused."""
    if has_version(instance):
        version_claim(instance, fields, expected_version)
    before = stored_values(instance, fields)
    for name, value in fields.items():
        setattr(instance, name, value)
    validated_save(instance, unique_errors=unique_errors)
    changes = audit_changes(before, field_values(instance, fields))
    if changes:
        audit_record(actor=actor, action=action, obj=instance, household_id=household_id, changes=changes)
    return instance
