"""Importing a municipality's register from files: dry run, commit and rollback.

`import_plan` reads a file and says, row by row, what an import would do; it saves nothing.
`import_commit` plans again inside one transaction and writes all of it, or nothing: a file with
a rejected row is refused whole, so that a register is never left half imported. Every record
it creates or changes is remembered (`ImportedRecord`, with the values before), and
`import_rollback` undoes a run while nothing newer depends on it. The plan checks every rule the
register's services and database would (plan.py); the records are then written in bulk, batch by
batch, with the audit row each would have got from its service (bulk.py); the run gets one of
its own (`import.commit`, `import.rollback`).
"""

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, Min, OuterRef
from django.utils import timezone

from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.housing import services as housing_services
from boligvei.imports import bulk
from boligvei.imports.mapping import Kind, default_mapping, unknown_targets
from boligvei.imports.models import ImportedRecord, ImportRun, ImportSource, RecordAction, RunStatus
from boligvei.imports.plan import Action, Plan, RowPlan, build_plan
from boligvei.imports.readers import ImportFileError, read_table, sha256_of
from boligvei.people import services as people_services


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
    """What importing the file would do, row by row. Saves nothing. Stopped, with a message,
    after `IMPORT_DRY_RUN_SECONDS`: a dry run answers a person waiting at the page."""
    return _plan(kind=kind, path=Path(path), source=source, mapping=mapping, today=today,
                 time_limit=settings.IMPORT_DRY_RUN_SECONDS)


def _time_boxed(rows, seconds: int) -> Iterator:
    """The rows until `seconds` have passed; then ImportFileError, naming the line reached."""
    deadline = time.monotonic() + seconds
    for row in rows:
        if time.monotonic() >= deadline:
            raise ImportFileError(
                f"Tørrkjøringen ble stoppet etter {seconds} sekunder, ved linje {row.line}: filen tar for lang tid "
                "å lese. Ingenting er lagret. Del filen i mindre filer, eller fjern tomme rader og kolonner, "
                "og prøv igjen.")
        yield row


def _plan(*, kind, path: Path, source, mapping, today, on_batch=None, run: ImportRun | None = None,
          time_limit: int | None = None) -> Plan:
    """The plan; with `on_batch`, the commit's (`run` is the commit's own run, not an earlier one)."""
    table = read_table(path, kind)
    if time_limit is not None:
        table.rows = _time_boxed(table.rows, time_limit)
    plan = build_plan(kind, table, mapping_for(kind, table.headers, source, mapping), today=today, on_batch=on_batch)
    sha = sha256_of(path)
    earlier = ImportRun.objects.filter(file_sha256=sha, kind=kind, status=RunStatus.COMMITTED)
    earlier = (earlier.exclude(pk=run.pk) if run is not None else earlier).first()
    if earlier is not None:
        plan.notes.append(f"Den samme filen ble importert {timezone.localtime(earlier.started_at):%d.%m.%Y %H:%M} "
                          f"(import {earlier.pk}).")
    return plan


@transaction.atomic
def import_commit(*, actor: User | None, kind: str, path: Path, file_name: str | None = None,
                  source: ImportSource | None = None, mapping: dict[str, str] | None = None,
                  today: dt.date | None = None) -> CommitResult:
    """Import the file: all rows or none. A file with rejected rows raises ImportRefused and
    saves nothing; so does any error while writing. Re-importing a file changes nothing.

    The file is planned and written batch by batch (`plan.BATCH_ROWS` rows) in this one
    transaction, in bulk (`bulk.py`): after the first rejected row nothing more is written, the
    rest is only planned (to list every rejected row), and the transaction is rolled back.
    """
    path = Path(path)
    run = ImportRun.objects.create(kind=kind, source=source, actor=actor,
                                   actor_label=actor.username if actor else "system",
                                   file_name=file_name or path.name, file_sha256=sha256_of(path))
    writer = bulk.WRITERS[Kind(kind)](actor, run)
    refused = False

    def write(rows: list[RowPlan], plan: Plan) -> None:
        nonlocal refused
        refused = refused or bool(plan.file_problems) or any(row.action == Action.REJECTED for row in rows)
        if refused:
            return
        try:
            writer.write_batch(rows)
        except IntegrityError as exc:
            raise ImportRefused(f"Ingenting er importert: databasen avviste lagringen ({_refusal(exc)}). "
                                "Prøv igjen; er feilen der fortsatt, kontakt brukerstøtte.", plan) from exc

    plan = _plan(kind=kind, path=path, source=source, mapping=mapping, today=today, on_batch=write, run=run)
    if not plan.can_commit:
        rejected = len(plan.rejected)
        reason = plan.file_problems[0] if plan.file_problems else f"{rejected} rader er avvist"
        raise ImportRefused(f"Ingenting er importert: {reason}. Rett filen og prøv igjen.", plan)
    counts = plan.counts
    run.rows, run.created, run.updated = len(plan.rows), counts[Action.CREATE], counts[Action.UPDATE]
    run.unchanged = counts[Action.UNCHANGED]
    run.save(update_fields=["rows", "created", "updated", "unchanged"])
    audit_record(actor=actor, action="import.commit", obj=run, changes={
        "kind": kind, "file_name": run.file_name, "file_sha256": run.file_sha256, "rows": run.rows,
        "created": run.created, "updated": run.updated, "unchanged": run.unchanged})
    return CommitResult(run=run, plan=plan)


def _refusal(exc: IntegrityError) -> str:
    """The rule the database enforced, in Norwegian when it is one of the register's own."""
    for name, message in {**housing_services.TENANCY_UNIQUE_ERRORS, **housing_services.WAITING_LIST_UNIQUE_ERRORS,
                          **people_services.PERSON_UNIQUE_ERRORS}.items():
        if name in str(exc):
            return message.rstrip(".")
    return "en regel i databasen"


# Rollback -------------------------------------------------------------------------------------

ROLLBACK_CHUNK = 2000  # records checked, restored or deleted together


@transaction.atomic
def import_rollback(*, actor: User | None, run: ImportRun) -> ImportRun:
    """Undo an import: delete what it created, put back what it changed.

    Refused, with nothing changed, when the run was rolled back already, when a later import
    touched the same records, when a record was changed by hand since, or when something newer
    points at a record the run created (a case, a letter, a new tenancy, a person added later).
    Every record is checked before anything is changed; records are read, checked and written
    in chunks of ROLLBACK_CHUNK per model, a few queries each.
    """
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.COMMITTED:
        raise DomainError(f"Import {run.pk} er allerede rullet tilbake.")
    same_record = ImportedRecord.objects.filter(run=run, model=OuterRef("model"), object_id=OuterRef("object_id"))
    later = (ImportedRecord.objects.filter(run__gt=run.pk, run__status=RunStatus.COMMITTED)
             .filter(Exists(same_record)).order_by("run_id").values_list("run_id", flat=True).first())
    if later is not None:
        raise DomainError(f"Import {later} (nyere) har endret de samme postene. Rull tilbake import {later} først.")

    labels = _models_in_order(run)
    created_labels = set(run.records.filter(action=RecordAction.CREATED).values_list("model", flat=True).distinct())
    for label in labels:
        for model, records, instances in _record_chunks(run, label):
            _refuse_if_changed(model, records, instances)
            created = {record.object_id: instances[record.object_id] for record in records
                       if record.action == RecordAction.CREATED and record.object_id in instances}
            _refuse_if_depended_on(model, created, run, created_labels)
    for label in labels:
        for _, records, instances in _record_chunks(run, label, RecordAction.UPDATED):
            bulk.restore(actor, [(instances[record.object_id], record) for record in records])
    # Children first: tenancies before households and dwellings, persons before households.
    for label in reversed(labels):
        for model, _, instances in _record_chunks(run, label, RecordAction.CREATED):
            bulk.delete(actor, run, model, list(instances.values()))
    run.status = RunStatus.ROLLED_BACK
    run.rolled_back_at = timezone.now()
    run.rolled_back_by = actor.username if actor else "system"
    run.save(update_fields=["status", "rolled_back_at", "rolled_back_by"])
    audit_record(actor=actor, action="import.rollback", obj=run, changes={"records": run.records.count()})
    return run


def _models_in_order(run: ImportRun) -> list[str]:
    """The models of the run's records, in the order the run first wrote them."""
    firsts = run.records.values("model").annotate(first=Min("id")).order_by("first")
    return [row["model"] for row in firsts]


def _record_chunks(run: ImportRun, label: str, action: str | None = None):
    """(model, records, {id: instance}) for the run's records of one model, chunk by chunk."""
    model = apps.get_model(label)
    records = run.records.filter(model=label).order_by("id")
    if action is not None:
        records = records.filter(action=action)
    last = 0
    while chunk := list(records.filter(id__gt=last)[:ROLLBACK_CHUNK]):
        last = chunk[-1].id
        yield model, chunk, model._base_manager.in_bulk([record.object_id for record in chunk])


def _refuse_if_changed(model, records: list[ImportedRecord], instances: dict) -> None:
    for record in records:
        instance = instances.get(record.object_id)
        if instance is None:
            if record.action == RecordAction.UPDATED:
                raise DomainError(f"En {model._meta.verbose_name} som importen endret, er slettet siden. "
                                  "Importen kan ikke rulles tilbake.")
            continue
        if bulk.record_values(instance, record.values) != record.values:
            raise DomainError(f"{model._meta.verbose_name.capitalize()} «{instance}» er endret etter importen. "
                              "Rull tilbake for hånd, så ingen senere endring går tapt.")


def _refuse_if_depended_on(model, created: dict, run: ImportRun, created_labels: set[str]) -> None:
    """Anything pointing at a record the run created, other than records the same run created,
    is newer than the import: deleting the record would take it along or be refused. One query
    per relation of the model (found generically) for the whole chunk."""
    if not created:
        return
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
            continue
        related, field = relation.related_model, relation.field
        pointing = related._base_manager.filter(**{f"{field.name}__in": list(created.values())})
        label = related._meta.label_lower
        if label in created_labels:
            pointing = pointing.exclude(pk__in=run.records.filter(model=label, action=RecordAction.CREATED)
                                        .values("object_id"))
        target = pointing.values_list(field.attname, flat=True).first()
        if target is not None:
            instance = next(obj for obj in created.values() if getattr(obj, field.target_field.attname) == target)
            raise DomainError(
                f"Importen kan ikke rulles tilbake: {related._meta.verbose_name} registrert etter importen "
                f"peker på {model._meta.verbose_name} «{instance}».")
