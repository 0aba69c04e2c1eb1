"""Writing an import in bulk, past the housing and people services: the one place that does.

The services save one record at a time: `full_clean` (a query per check constraint and per
foreign key), `save`, an audit row; at 100 000 rows that takes hours. An import only writes what
its plan (plan.py) has already checked, row by row, against the file and against the register
loaded batch by batch: the field values and the models' check constraints (evaluated in
Python), one active tenancy per dwelling and per household, one waiting entry per household,
one person per identity number, unique Kobo ids. So each batch of rows is written here with a
few statements (`create_all`: COPY on PostgreSQL; `bulk_update`), with the audit rows the services would have
written (`dwelling.create`, `person.update`, ...; in bulk too) and an `ImportedRecord` per
record. The database's constraints stay the last guard: should something slip past the plan
(someone saving the same dwelling at that moment), the statement fails and the whole import is
rolled back. Nothing else the services do applies to an import: a household is only named
after its main person, as `people.services` does.

The rollback's writes (putting back what a run changed, deleting what it created) are here too.
"""

import datetime as dt
import decimal
import uuid
from collections import defaultdict

from django.db import connection, models
from django.db.models import F
from django.utils import timezone

from boligvei.core.audit import audit_changes, audit_event, plain_values
from boligvei.core.models import AuditEvent
from boligvei.core.services import field_values, has_version
from boligvei.housing.models import Dwelling, Tenancy, WaitingListEntry
from boligvei.imports.mapping import Kind
from boligvei.imports.models import ImportedRecord, RecordAction
from boligvei.imports.plan import Action, RowPlan
from boligvei.lib import identity
from boligvei.people.models import Household, Person, Relation
from boligvei.people.services import _household_name as household_name

BULK_SIZE = 1000  # rows per INSERT or UPDATE statement


def create_all(model: type[models.Model], instances: list[models.Model]) -> None:
    """Insert new rows, as `bulk_create` does, giving each instance its primary key.

    On PostgreSQL the rows go in by `COPY ... FROM STDIN`: the keys are drawn from the table's
    sequence first (one query), and the values are prepared by the fields exactly as `save()`
    prepares them (`pre_save`, `get_db_prep_save`), then streamed without building an INSERT
    statement's parameters (which cost more than the server's own work at 100 000 rows). The
    constraints, indexes and triggers are the same as for an INSERT. Elsewhere (SQLite), `bulk_create`.
    """
    if not instances:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(instances, batch_size=BULK_SIZE)
        return
    meta, quote = model._meta, connection.ops.quote_name
    # Columns the database computes itself (the folded search columns) are not written.
    fields = [field for field in meta.concrete_fields if not getattr(field, "generated", False)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, meta.pk.column, len(instances)])
        for instance, (pk,) in zip(instances, cursor.fetchall(), strict=True):
            instance.pk = pk
        columns = ", ".join(quote(field.column) for field in fields)
        # A broken constraint raises Django's IntegrityError, as an INSERT's would.
        with connection.wrap_database_errors, \
                cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for instance in instances:
                copy.write_row([field.get_db_prep_save(field.pre_save(instance, True), connection)
                                for field in fields])
    for instance in instances:
        instance._state.adding, instance._state.db = False, connection.alias


def _plain(model_field: models.Field, value):
    if isinstance(value, decimal.Decimal) and getattr(model_field, "decimal_places", None) is not None:
        value = value.quantize(decimal.Decimal(1).scaleb(-model_field.decimal_places))  # 62,50 is stored as 62.5
    if isinstance(value, dt.date | decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def record_values(instance: models.Model, names) -> dict:
    """The fields' values as an `ImportedRecord` keeps them (JSON), as the database holds them."""
    meta = instance._meta
    return {name: _plain(meta.get_field(name), getattr(instance, meta.get_field(name).attname)) for name in names}


def household_id_of(instance: models.Model) -> int | None:
    if isinstance(instance, Household):
        return instance.pk
    return getattr(instance, "household_id", None)


def bulk_update(items: list[tuple[models.Model, dict]]) -> None:
    """Set each instance's fields and save them: one UPDATE per model and set of fields (in
    statements of BULK_SIZE rows); `updated_at` is set as `save()` would, and a model with a
    `version` gets its next one, so that an edit form opened before the import refuses to undo
    it (`core.services.version_claim`)."""
    now = timezone.now()
    groups = defaultdict(list)
    for instance, fields in items:
        for name, value in fields.items():
            setattr(instance, name, value)
        instance.updated_at = now
        groups[(type(instance), tuple(fields))].append(instance)
    for (model, names), instances in groups.items():
        model.objects.bulk_update(instances, [*names, "updated_at"], batch_size=BULK_SIZE)
        if has_version(instances[0]):
            for start in range(0, len(instances), BULK_SIZE):
                pks = [instance.pk for instance in instances[start:start + BULK_SIZE]]
                model.objects.filter(pk__in=pks).update(version=F("version") + 1)


class _Writer:
    """Writes one run's rows batch by batch: `write_batch` takes the rows of a batch as planned."""

    def __init__(self, actor, run):
        self.actor, self.run = actor, run
        self.events: list[AuditEvent] = []
        self.records: list[ImportedRecord] = []

    def write_batch(self, rows: list[RowPlan]) -> None:
        works = [row.work for row in rows if row.action in (Action.CREATE, Action.UPDATE)]
        if not works:
            return
        self.write(works)
        create_all(AuditEvent, self.events)
        create_all(ImportedRecord, self.records)
        self.events, self.records = [], []

    def audit(self, action: str, obj: models.Model, household_id: int | None = None, changes: dict | None = None):
        self.events.append(audit_event(actor=self.actor, action=action, obj=obj, household_id=household_id,
                                       changes=changes))

    def remember(self, instance: models.Model, action: str, names, previous: dict | None = None) -> None:
        self.records.append(ImportedRecord(
            run=self.run, model=instance._meta.label_lower, object_id=instance.pk, action=action,
            previous={name: _plain(instance._meta.get_field(name), value) for name, value in (previous or {}).items()},
            values=record_values(instance, names)))

    def update(self, items: list[dict], action: str) -> None:
        """Records the plan changes (`plan._update_work`), with an audit row each, as the services'
        `update_audited` writes it."""
        bulk_update([(item["instance"], item["fields"]) for item in items])
        for item in items:
            instance, fields = item["instance"], item["fields"]
            self.audit(action, instance, household_id_of(instance),
                       audit_changes(item["previous"], field_values(instance, fields)))
            self.remember(instance, RecordAction.UPDATED, fields, item["previous"])


class DwellingWriter(_Writer):
    def write(self, works: list[dict]) -> None:
        # Changes first: a later row may take a Kobo id that an earlier one gives up.
        self.update([work["update"] for work in works if "update" in work], "dwelling.update")
        created = [work["create"] for work in works if "create" in work]
        dwellings = [Dwelling(**fields) for fields in created]
        create_all(Dwelling, dwellings)
        for dwelling, fields in zip(dwellings, created, strict=True):
            self.audit("dwelling.create", dwelling)
            self.remember(dwelling, RecordAction.CREATED, fields)


class _HouseholdWriter(_Writer):
    """Writes a row's household and main person: created, updated, given its source id, or as
    an earlier row of the file left it."""

    def households(self, works: list[dict]) -> list[int]:
        """Each row's household id, once new households and persons are created and changed ones saved."""
        new = [work for work in works if "create" in work["person"]]
        persons = [Person(relation=Relation.MAIN, **work["person"]["create"]) for work in new]
        # A new household belongs to the team the file names, else the importer's (people.access).
        households = [Household(source_id=work["household"].get("source_id", ""), name=household_name(person),
                                team_id=work.get("team_id") or getattr(self.actor, "team_id", None))
                      for work, person in zip(new, persons, strict=True)]
        create_all(Household, households)
        for household, person, work in zip(households, persons, new, strict=True):
            person.household = household
            person.set_identity_number(work["identity_number"])
        create_all(Person, persons)
        for household, person, work in zip(households, persons, new, strict=True):
            household_fields = {"source_id": household.source_id} if work["household"] else {}
            if household.team_id is not None:
                household_fields["team"] = household.team_id
            fields = work["person"]["create"]
            self.audit("household.create", household, household.pk, plain_values(household_fields))
            self.remember(household, RecordAction.CREATED, household_fields)
            self.audit("person.create", person, household.pk, {
                **plain_values(field_values(person, fields)),
                "identity_number": identity.mask(work["identity_number"].value)})
            self.remember(person, RecordAction.CREATED, fields)

        changed = [work["person"] for work in works if "update" in work["person"]]
        self.update([{"instance": person["instance"], "fields": person["update"],
                      "previous": {name: old for name, (old, _) in person["changes"].items()}}
                     for person in changed], "person.update")
        renamed = [Household(pk=person["household"], name=household_name(person["instance"])) for person in changed
                   if person["instance"].relation == Relation.MAIN]
        Household.objects.bulk_update(renamed, ["name"], batch_size=BULK_SIZE)
        self.update([{"instance": Household(pk=work["household"]["adopt"]),
                      "fields": {"source_id": work["household"]["source_id"]}, "previous": {"source_id": ""}}
                     for work in works if "adopt" in work["household"]], "household.update")
        return self._household_ids(works, dict(zip((work["identity_hash"] for work in new),
                                                   (household.pk for household in households), strict=True)))

    def _household_ids(self, works: list[dict], created: dict[str, int]) -> list[int]:
        """A row whose person an earlier row created (in this batch or an earlier one) gets that
        row's household: from `created`, else looked up by the identity hash (one query)."""
        wanted = {work["identity_hash"] for work in works
                  if work["person"].get("household") is None and work["identity_hash"] not in created}
        if wanted:
            created |= dict(Person.objects.filter(identity_number_hash__in=wanted)
                            .values_list("identity_number_hash", "household_id"))
        return [work["person"].get("household") or created[work["identity_hash"]] for work in works]


class TenancyWriter(_HouseholdWriter):
    def write(self, works: list[dict]) -> None:
        household_ids = self.households(works)
        # Changes first: a row that ends a tenancy frees the dwelling for a later row's new one.
        self.update([work["tenancy_update"] for work in works if "tenancy_update" in work], "tenancy.update")
        created = [(work, household_id) for work, household_id in zip(works, household_ids, strict=True)
                   if "tenancy_create" in work]
        tenancies = [Tenancy(dwelling_id=work["dwelling"], household_id=household_id, **work["tenancy_create"],
                             source_id=work["source_id"]) for work, household_id in created]
        create_all(Tenancy, tenancies)
        for tenancy, (work, _) in zip(tenancies, created, strict=True):
            self.audit("tenancy.create", tenancy, tenancy.household_id, {
                "dwelling": tenancy.dwelling_id, "start_date": str(tenancy.start_date), "import_run": self.run.pk})
            self.remember(tenancy, RecordAction.CREATED, [*work["tenancy_create"], "dwelling", "household"])


class WaitingListWriter(_HouseholdWriter):
    def write(self, works: list[dict]) -> None:
        household_ids = self.households(works)
        # Changes first: a row that closes an entry lets a later row open the household's next.
        self.update([work["entry_update"] for work in works if "entry_update" in work], "waiting_list.update")
        created = [({**work["entry_create"], "source_id": work["source_id"]}, household_id)
                   for work, household_id in zip(works, household_ids, strict=True) if "entry_create" in work]
        entries = [WaitingListEntry(household_id=household_id, **fields) for fields, household_id in created]
        create_all(WaitingListEntry, entries)
        for entry, (fields, _) in zip(entries, created, strict=True):
            self.audit("waiting_list.create", entry, entry.household_id)
            self.remember(entry, RecordAction.CREATED, [*fields, "household"])


WRITERS = {Kind.DWELLINGS: DwellingWriter, Kind.TENANCIES: TenancyWriter, Kind.WAITING_LIST: WaitingListWriter}


# Rollback -------------------------------------------------------------------------------------


def restore(actor, instances_and_records: list[tuple[models.Model, ImportedRecord]]) -> None:
    """Put back the values a run changed, with an audit row each (`person.update` for persons,
    as `people.services.person_update` writes it, else `import.rollback`)."""
    items, events, renamed = [], [], []
    for instance, record in instances_and_records:
        meta = instance._meta
        fields = {meta.get_field(name).attname: meta.get_field(name).to_python(value)
                  for name, value in record.previous.items()}
        before = field_values(instance, fields)
        items.append((instance, fields))
        action = "person.update" if isinstance(instance, Person) else "import.rollback"
        if changes := audit_changes(before, fields):
            events.append(audit_event(actor=actor, action=action, obj=instance,
                                      household_id=household_id_of(instance), changes=changes))
    bulk_update(items)
    for instance, _ in items:
        if isinstance(instance, Person) and instance.relation == Relation.MAIN:
            renamed.append(Household(pk=instance.household_id, name=household_name(instance)))
    Household.objects.bulk_update(renamed, ["name"], batch_size=BULK_SIZE)
    AuditEvent.objects.bulk_create(events, batch_size=BULK_SIZE)


def delete(actor, run, model, instances: list[models.Model]) -> None:
    """Delete records a run created, with an `import.rollback` audit row each."""
    AuditEvent.objects.bulk_create([
        audit_event(actor=actor, action="import.rollback", obj=instance, household_id=household_id_of(instance),
                    changes={"import_run": run.pk, "deleted": True}) for instance in instances],
        batch_size=BULK_SIZE)
    model._base_manager.filter(pk__in=[instance.pk for instance in instances]).delete()
