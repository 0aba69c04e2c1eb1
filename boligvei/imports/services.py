"""Importing a municipality's register from files: dry run, commit and rollback.

`import_plan` reads a file and says, row by row, what an import would do; it saves nothing.
`import_commit` plans again inside one transaction and writes all of it, or nothing: a file with
a rejected row is refused whole, so that a register is never left half imported. Every record
it creates or changes is remembered (`ImportedRecord`, with the values before), and
`import_rollback` undoes a run while nothing newer depends on it. Creating and changing records
goes through the housing and people services, so each record gets its usual audit row; the run
gets one of its own (`import.commit`, `import.rollback`).
"""

import datetime as dt
import decimal
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.core.services import update_audited, validated_save
from boligvei.housing import services as housing_services
from boligvei.housing.models import Dwelling, Tenancy, WaitingListEntry
from boligvei.imports.mapping import Kind, default_mapping, unknown_targets
from boligvei.imports.models import ImportedRecord, ImportRun, ImportSource, RecordAction, RunStatus
from boligvei.imports.plan import Action, Plan, build_plan
from boligvei.imports.readers import ImportFileError, read_table, sha256_of
from boligvei.people import services as people_services
from boligvei.people.models import Household, Person


class ImportRefused(DomainError):
    """The file cannot be committed as it is; `plan` says why, row by row."""

    def __init__(self, message: str, plan: Plan):
        super().__init__(message)
        self.plan = plan


@dataclass
class CommitResult:
    run: ImportRun
    plan: Plan


def source_save(*, actor: User | None, name: str, kind: str, mapping: dict[str, str]) -> ImportSource:
    """Remember a source's column mapping for its next file."""
    if unknown := unknown_targets(kind, mapping):
        raise DomainError(f"Ukjente felt i koblingen: {', '.join(unknown)}.")
    source, _ = ImportSource.objects.update_or_create(name=name, defaults={"kind": kind, "mapping": mapping})
    return source


def mapping_for(kind: str, headers: list[str], source: ImportSource | None = None,
                mapping: dict[str, str] | None = None) -> dict[str, str]:
    """The mapping to use: the one given, else the source's remembered one, else found from the
    headers. A remembered mapping is completed from the headers for fields it leaves out."""
    if mapping is not None:
        return mapping
    found = default_mapping(kind, headers)
    if source is not None:
        if source.kind != kind:
            raise DomainError(f"Kilden «{source.name}» er for {source.get_kind_display().lower()}, ikke for "
                              f"{Kind(kind).label.lower()}.")
        return {**found, **source.mapping}
    return found


def import_plan(*, kind: str, path: Path, source: ImportSource | None = None,
                mapping: dict[str, str] | None = None, today: dt.date | None = None) -> Plan:
    """What importing the file would do, row by row. Saves nothing."""
    table = read_table(Path(path))
    if table.format == "kobo" and kind != Kind.DWELLINGS:
        raise ImportFileError("En Kobo-JSON-fil kan foreløpig bare importeres som boliger (dwellings).")
    plan = build_plan(kind, table, mapping_for(kind, table.headers, source, mapping), today=today)
    sha = sha256_of(Path(path))
    earlier = ImportRun.objects.filter(file_sha256=sha, kind=kind, status=RunStatus.COMMITTED).first()
    if earlier is not None:
        plan.notes.append(f"Den samme filen ble importert {timezone.localtime(earlier.started_at):%d.%m.%Y %H:%M} "
                          f"(import {earlier.pk}).")
    return plan


@transaction.atomic
def import_commit(*, actor: User | None, kind: str, path: Path, file_name: str | None = None,
                  source: ImportSource | None = None, mapping: dict[str, str] | None = None,
                  today: dt.date | None = None) -> CommitResult:
    """Import the file: all rows or none. A file with rejected rows raises ImportRefused and
    saves nothing; so does any error while writing. Re-importing a file changes nothing."""
    path = Path(path)
    plan = import_plan(kind=kind, path=path, source=source, mapping=mapping, today=today)
    if not plan.can_commit:
        rejected = len(plan.rejected)
        reason = plan.file_problems[0] if plan.file_problems else f"{rejected} rader er avvist"
        raise ImportRefused(f"Ingenting er importert: {reason}. Rett filen og prøv igjen.", plan)
    counts = plan.counts
    run = ImportRun.objects.create(
        kind=kind, source=source, actor=actor, actor_label=actor.username if actor else "system",
        file_name=file_name or path.name, file_sha256=sha256_of(path), rows=len(plan.rows),
        created=counts[Action.CREATE], updated=counts[Action.UPDATE], unchanged=counts[Action.UNCHANGED])
    writer = WRITERS[Kind(kind)](actor, run)
    for row in plan.rows:
        if row.action in (Action.CREATE, Action.UPDATE):
            writer.write(row.work)
    audit_record(actor=actor, action="import.commit", obj=run, changes={
        "kind": kind, "file_name": run.file_name, "file_sha256": run.file_sha256, "rows": run.rows,
        "created": run.created, "updated": run.updated, "unchanged": run.unchanged})
    return CommitResult(run=run, plan=plan)


# Remembering what a run wrote -------------------------------------------------------------------


def _plain(value):
    if isinstance(value, dt.date | decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _json_values(instance: models.Model, names) -> dict:
    return {name: _plain(getattr(instance, instance._meta.get_field(name).attname)) for name in names}


def _remember(run: ImportRun, instance: models.Model, action: str, names, previous: dict | None = None) -> None:
    ImportedRecord.objects.create(run=run, model=instance._meta.label_lower, object_id=instance.pk, action=action,
                                  previous=previous or {}, values=_json_values(instance, names))


class _DwellingWriter:
    def __init__(self, actor, run):
        self.actor, self.run = actor, run

    def write(self, work: dict) -> None:
        if "create" in work:
            dwelling = housing_services.dwelling_create(actor=self.actor, fields=work["create"])
            _remember(self.run, dwelling, RecordAction.CREATED, work["create"])
        else:
            dwelling = Dwelling.objects.get(pk=work["update"])
            previous = _json_values(dwelling, work["fields"])
            housing_services.dwelling_update(actor=self.actor, dwelling=dwelling, fields=work["fields"])
            _remember(self.run, dwelling, RecordAction.UPDATED, work["fields"], previous)


class _HouseholdWriter:
    """Writes a row's household and main person: created, updated, given its source id, or as
    an earlier row of the file left it."""

    def __init__(self, actor, run):
        self.actor, self.run = actor, run
        self.households: dict[str, int] = {}  # identity hash: household id, for later rows

    def household_id(self, work: dict) -> int:
        household_id = self._person(work)
        self.households[work["identity_hash"]] = household_id
        return household_id

    def _person(self, work: dict) -> int:
        person_work, household_work = work["person"], work.get("household") or {}
        if "same_as_line" in person_work:
            return self.households[work["identity_hash"]]
        if "create" in person_work:
            fields = dict(person_work["create"])
            number = work["identity_number"]
            household_fields = {"source_id": household_work["source_id"]} if household_work else None
            household = people_services.household_create(actor=self.actor, main_person=fields,
                                                          identity_number=number, household=household_fields)
            _remember(self.run, household, RecordAction.CREATED, list(household_fields or []))
            _remember(self.run, household.members.get(), RecordAction.CREATED, fields)
            return household.pk
        person = Person.objects.get(pk=person_work["pk"])
        if "update" in person_work:
            previous = _json_values(person, person_work["update"])
            people_services.person_update(actor=self.actor, person=person, fields=person_work["update"])
            _remember(self.run, person, RecordAction.UPDATED, person_work["update"], previous)
        if "adopt" in household_work:
            household = Household.objects.get(pk=household_work["adopt"])
            previous = _json_values(household, ["source_id"])
            people_services.household_update(actor=self.actor, household=household,
                                             fields={"source_id": household_work["source_id"]})
            _remember(self.run, household, RecordAction.UPDATED, ["source_id"], previous)
        return person.household_id


class _TenancyWriter(_HouseholdWriter):
    def write(self, work: dict) -> None:
        household_id = self.household_id(work)
        if "tenancy_create" in work:
            fields = work["tenancy_create"]
            tenancy = Tenancy(dwelling_id=work["dwelling"], household_id=household_id, **fields,
                              source_id=work["source_id"])
            validated_save(tenancy, unique_errors=housing_services.TENANCY_UNIQUE_ERRORS)
            audit_record(actor=self.actor, action="tenancy.create", obj=tenancy, household_id=household_id,
                         changes={"dwelling": work["dwelling"], "start_date": str(tenancy.start_date),
                                  "import_run": self.run.pk})
            _remember(self.run, tenancy, RecordAction.CREATED, [*fields, "dwelling", "household"])
        elif "tenancy_update" in work:
            tenancy = Tenancy.objects.get(pk=work["tenancy_update"]["pk"])
            fields = work["tenancy_update"]["fields"]
            previous = _json_values(tenancy, fields)
            update_audited(actor=self.actor, instance=tenancy, fields=fields, action="tenancy.update",
                           household_id=household_id, unique_errors=housing_services.TENANCY_UNIQUE_ERRORS)
            _remember(self.run, tenancy, RecordAction.UPDATED, fields, previous)


class _WaitingListWriter(_HouseholdWriter):
    def write(self, work: dict) -> None:
        household_id = self.household_id(work)
        if "entry_create" in work:
            fields = {**work["entry_create"], "source_id": work["source_id"]}
            entry = housing_services.waiting_list_entry_create(
                actor=self.actor, household=Household.objects.get(pk=household_id), fields=fields)
            _remember(self.run, entry, RecordAction.CREATED, [*fields, "household"])
        elif "entry_update" in work:
            entry = WaitingListEntry.objects.get(pk=work["entry_update"]["pk"])
            fields = work["entry_update"]["fields"]
            previous = _json_values(entry, fields)
            housing_services.waiting_list_entry_update(actor=self.actor, entry=entry, fields=fields)
            _remember(self.run, entry, RecordAction.UPDATED, fields, previous)


WRITERS = {Kind.DWELLINGS: _DwellingWriter, Kind.TENANCIES: _TenancyWriter, Kind.WAITING_LIST: _WaitingListWriter}


# Rollback -------------------------------------------------------------------------------------


@transaction.atomic
def import_rollback(*, actor: User | None, run: ImportRun) -> ImportRun:
    """Undo an import: delete what it created, put back what it changed.

    Refused, with nothing changed, when the run was rolled back already, when a later import
    touched the same records, when a record was changed by hand since, or when something newer
    points at a record the run created (a case, a letter, a new tenancy, a person added later).
    """
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.COMMITTED:
        raise DomainError(f"Import {run.pk} er allerede rullet tilbake.")
    records = list(run.records.all())
    keys = {(record.model, record.object_id) for record in records}
    later = (ImportedRecord.objects.filter(run__gt=run.pk, run__status=RunStatus.COMMITTED,
                                           object_id__in={object_id for _, object_id in keys})
             .select_related("run"))
    for record in later:
        if (record.model, record.object_id) in keys:
            raise DomainError(f"Import {record.run_id} (nyere) har endret de samme postene. "
                              f"Rull tilbake import {record.run_id} først.")

    created = {}  # model label: set of ids the run created
    for record in records:
        if record.action == RecordAction.CREATED:
            created.setdefault(record.model, set()).add(record.object_id)
    instances = []
    for record in records:
        model = apps.get_model(record.model)
        instance = model.objects.filter(pk=record.object_id).first()
        if instance is None:
            if record.action == RecordAction.UPDATED:
                raise DomainError(f"En {model._meta.verbose_name} som importen endret, er slettet siden. "
                                  "Importen kan ikke rulles tilbake.")
            continue
        if _json_values(instance, record.values) != record.values:
            raise DomainError(f"{model._meta.verbose_name.capitalize()} «{instance}» er endret etter importen. "
                              "Rull tilbake for hånd, så ingen senere endring går tapt.")
        if record.action == RecordAction.CREATED:
            _refuse_if_depended_on(instance, created)
        instances.append((record, instance))

    for record, instance in instances:
        if record.action == RecordAction.UPDATED:
            _restore(actor, record, instance)
    # Tenancies before households and dwellings, persons before households: children first.
    for record, instance in reversed(instances):
        if record.action == RecordAction.CREATED:
            household_id = _household_id(instance)
            audit_record(actor=actor, action="import.rollback", obj=instance, household_id=household_id,
                         changes={"import_run": run.pk, "deleted": True})
            instance.delete()
    run.status = RunStatus.ROLLED_BACK
    run.rolled_back_at = timezone.now()
    run.rolled_back_by = actor.username if actor else "system"
    run.save(update_fields=["status", "rolled_back_at", "rolled_back_by"])
    audit_record(actor=actor, action="import.rollback", obj=run, changes={"records": len(records)})
    return run


def _household_id(instance: models.Model) -> int | None:
    if isinstance(instance, Household):
        return instance.pk
    return getattr(instance, "household_id", None)


def _refuse_if_depended_on(instance: models.Model, created: dict[str, set[int]]) -> None:
    """Anything pointing at a record the run created, other than records the same run created,
    is newer than the import: deleting the record would take it along or be refused."""
    for relation in instance._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
            continue
        related = relation.related_model
        pointing = related._base_manager.filter(**{relation.field.name: instance})
        ours = created.get(related._meta.label_lower)
        if ours:
            pointing = pointing.exclude(pk__in=ours)
        if pointing.exists():
            raise DomainError(
                f"Importen kan ikke rulles tilbake: {related._meta.verbose_name} registrert etter importen "
                f"peker på {instance._meta.verbose_name} «{instance}».")


def _restore(actor, record: ImportedRecord, instance: models.Model) -> None:
    fields = {name: instance._meta.get_field(name).to_python(value) for name, value in record.previous.items()}
    fields = {instance._meta.get_field(name).attname: value for name, value in fields.items()}
    if isinstance(instance, Person):
        people_services.person_update(actor=actor, person=instance, fields=fields)
    else:
        update_audited(actor=actor, instance=instance, fields=fields, action="import.rollback",
                       household_id=_household_id(instance))
