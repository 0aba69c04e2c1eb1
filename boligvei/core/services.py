"""Shared service plumbing: validate, save and audit one model instance in one step."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from boligvei.core.audit import audit_changes, audit_record


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
        raise ValidationError("Lagringen ble avvist av databasen. Ingen endringer er lagret.") from exc


@transaction.atomic
def update_audited(*, actor, instance: models.Model, fields: dict, action: str, household_id=None,
                   unique_errors: dict[str, str] | None = None):
    """Set fields, validate, save and write an audit row with old and new values."""
    before = stored_values(instance, fields)
    for name, value in fields.items():
        setattr(instance, name, value)
    validated_save(instance, unique_errors=unique_errors)
    changes = audit_changes(before, field_values(instance, fields))
    if changes:
        audit_record(actor=actor, action=action, obj=instance, household_id=household_id, changes=changes)
    return instance
