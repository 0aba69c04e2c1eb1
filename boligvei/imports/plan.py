"""The dry run: what an import would do with each row of a file, saving nothing.

Each row gets an action (create, update, unchanged, rejected), its line number and, when
rejected, the reasons in Norwegian. Records are matched by the source system's id
(`source_id` on dwellings, tenancies and waiting-list entries); households by their source id
when the file has a column for it, else by the main person's identity number (its keyed hash).

Rows are planned in batches of `BATCH_ROWS`: first every row of the batch is read and checked on
its own (values, identity numbers; no queries), then the register records the batch names are
loaded in a few queries (by source id and identity hash), then each row is planned in file
order against them and against what the earlier rows of the file do. The plan checks everything
the database would refuse, in Python: the models' field values and check constraints, one
active tenancy per dwelling and per household, one waiting entry per household, one person per
identity number, unique Kobo ids. A row's `work` is what the commit writes for it
(`services.import_commit` writes each batch as soon as it is planned, inside its transaction);
it is dropped once its batch is done, so that memory does not grow with the rows' contents.
"""

import datetime as dt
import itertools
import operator
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from boligvei.core.models import Team
from boligvei.housing.models import ContractType, Dwelling, Tenancy, WaitingListEntry, WaitingListStatus
from boligvei.imports.mapping import REQUIRED, Kind, missing_columns, targets
from boligvei.imports.readers import SourceTable
from boligvei.imports.values import ValueProblem
from boligvei.lib import crypto, identity
from boligvei.people.models import Household, Person, Sex

POSTAL_CODE_NOTE = ("Postnummer er bare sjekket for formatet (fire siffer): Boligvei har ikke Postens "
                    "postnummerregister, så et postnummer som ikke finnes blir ikke oppdaget.")
BATCH_ROWS = 2000  # rows planned (and on commit written) together; a few queries per batch


class Action(models.TextChoices):
    CREATE = "create", "Ny"
    UPDATE = "update", "Endres"
    UNCHANGED = "unchanged", "Uendret"
    REJECTED = "rejected", "Avvist"


@dataclass(slots=True)
class RowPlan:
    line: int
    source_id: str = ""
    action: str = Action.UNCHANGED
    reasons: list[str] = field(default_factory=list)
    changes: dict[str, tuple] = field(default_factory=dict)  # label: (old, new), for the screen
    work: dict = field(default_factory=dict)  # what the commit writes; never shown (identity numbers)

    def reject(self, reason: str) -> "RowPlan":
        self.action = Action.REJECTED
        self.reasons.append(reason)
        return self


@dataclass
class Plan:
    kind: str
    headers: list[str]
    mapping: dict[str, str]
    rows: list[RowPlan] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = {action.value: 0 for action in Action}
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def rejected(self) -> list[RowPlan]:
        return [row for row in self.rows if row.action == Action.REJECTED]

    @property
    def can_commit(self) -> bool:
        return not self.file_problems and not self.rejected


def build_plan(kind: str, table: SourceTable, mapping: dict[str, str], *, today: dt.date | None = None,
               on_batch: Callable[[list[RowPlan], Plan], None] | None = None) -> Plan:
    """Plan every row of the table. `on_batch(rows, plan)` is called with each batch of rows as
    soon as it is planned (the commit writes it then); after that the rows' `work` is dropped."""
    kind = Kind(kind)
    mapping = {name: header for name, header in mapping.items() if header}
    plan = Plan(kind=kind, headers=table.headers, mapping=mapping)
    missing = missing_columns(kind, mapping, table.headers)
    for label in missing:
        plan.file_problems.append(f"Manglende kolonne: ingen kolonne i filen er koblet til «{label}».")
    planner = PLANNERS[kind](mapping, today or timezone.localdate())
    if kind == Kind.DWELLINGS and "postal_code" in mapping:
        plan.notes.append(POSTAL_CODE_NOTE)
    plan.notes.extend(table.notes)
    source_rows = iter(table.rows)
    while source_batch := list(itertools.islice(source_rows, BATCH_ROWS)):
        batch = []
        for source_row in source_batch:
            row = RowPlan(line=source_row.line)
            for problem in source_row.problems:
                row.reject(problem)
            for label in missing:
                row.reject(f"Manglende kolonne: «{label}».")
            batch.append((row, source_row.cells))
        planner.plan_batch(batch)
        rows = [row for row, _ in batch]
        plan.rows.extend(rows)
        if on_batch is not None:
            on_batch(rows, plan)
        for row in rows:
            row.work = {}
    return plan


def _grouped(queryset, field_name: str, values) -> dict[object, list]:
    """The rows whose `field_name` is one of `values` (one query), by that value."""
    groups = defaultdict(list)
    if values:
        for obj in queryset.filter(**{f"{field_name}__in": values}):
            groups[getattr(obj, field_name)].append(obj)
    return groups


class _Planner:
    """Plans a batch in three steps: `prepare` each row on its own (no queries), `load` the
    register records the batch names (a few queries), `finish` each row in file order."""

    kind: Kind

    def __init__(self, mapping: dict[str, str], today: dt.date):
        self.mapping = mapping
        self.targets = targets(self.kind)
        self.today = today
        self.seen_ids: dict[str, int] = {}  # source id: line where the file has it first

    def plan_batch(self, batch: list[tuple[RowPlan, dict]]) -> None:
        prepared = []
        for row, cells in batch:
            if row.action == Action.REJECTED:
                continue
            item = self.prepare(row, cells)
            if row.action != Action.REJECTED:
                prepared.append((row, item))
        if prepared:
            self.load(prepared)
            for row, item in prepared:
                self.finish(row, item)

    def parse(self, row: RowPlan, cells: dict) -> dict:
        """Every mapped cell through its parser; problems reject the row, one reason per cell."""
        parsed, unreadable = {}, set()
        for name, header in self.mapping.items():
            target = self.targets.get(name)
            if target is None:
                continue
            try:
                parsed[name] = target.parse(cells.get(header))
            except ValueProblem as exc:
                row.reject(f"{target.label} (kolonne «{header}»): {exc}")
                unreadable.add(name)
        for group in REQUIRED[self.kind]:
            if unreadable.intersection(group) or not any(name in self.mapping for name in group):
                continue
            if all(parsed.get(name) is None for name in group):
                label = " eller ".join(self.targets[name].label for name in group)
                row.reject(f"Mangler verdi for «{label}».")
        return parsed

    def check_duplicate(self, row: RowPlan, source_id: str) -> None:
        if source_id in self.seen_ids:
            row.reject(f"Duplikat i filen: id «{source_id}» står også på linje {self.seen_ids[source_id]}.")
        else:
            self.seen_ids[source_id] = row.line

    def changed_by_the_file(self, source_id: str, line: int) -> bool:
        """Whether the row at `line` or an earlier one has this source id: then that row, not
        Boligvei, says what the record with the id is (on commit, it may be written already)."""
        return bool(source_id) and self.seen_ids.get(source_id, line + 1) <= line

    def pick(self, row: RowPlan, found: dict[str, list], source_id: str, label: str):
        """The one record loaded with this source id, or None; two are an error in Boligvei."""
        matches = found.get(source_id, [])
        if len(matches) > 1:
            row.reject(f"Flere {label} i Boligvei har id «{source_id}» fra fagsystemet; rett dette før import.")
            return None
        return matches[0] if matches else None


def _empty_value(model_field: models.Field):
    """What an empty cell means for a field: no value, blank text, or the field's default."""
    if model_field.null:
        return None
    if isinstance(model_field, models.CharField | models.TextField):
        return ""
    return model_field.get_default()


def _reject_errors(row: RowPlan, model, errors: dict[str, list[str]]) -> None:
    for name, messages in errors.items():
        label = str(model._meta.get_field(name).verbose_name) if name != NON_FIELD_ERRORS else ""
        for message in messages:
            row.reject(f"{label.capitalize()}: {message}" if label else message)


def _validate(row: RowPlan, instance: models.Model, unique_errors: dict[str, list[str]] | None = None) -> None:
    """The model's own validation without a query: `full_clean` without foreign keys (the
    planner found those objects) and without unique checks (the planner checks those against
    the file and the register, since it also knows what the earlier rows change), then the check
    constraints, evaluated in Python (`check_in_python`), for the fields that passed."""
    relations = {f.name for f in instance._meta.fields if f.is_relation}
    errors = {}
    try:
        instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        _add_errors(errors, exc)
    for name, messages in (unique_errors or {}).items():
        errors.setdefault(name, []).extend(messages)
    failed = {name for name in errors if name != NON_FIELD_ERRORS}
    for constraint in instance._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            try:
                check_in_python(constraint, instance, exclude=failed)
            except ValidationError as exc:
                _add_errors(errors, exc)
    _reject_errors(row, type(instance), errors)


def _add_errors(errors: dict[str, list[str]], exc: ValidationError) -> None:
    for name, found in exc.update_error_dict({}).items():
        errors.setdefault(name, []).extend(ValidationError(found).messages)


def _validate_fields(row: RowPlan, model, values: dict, label: str | None = None) -> None:
    """The model fields' own checks (length, e-mail, choices, blank) of the values a row sets,
    labelled with `label` or the field's name."""
    for name, value in values.items():
        model_field = model._meta.get_field(name)
        try:
            model_field.clean(value, None)
        except ValidationError as exc:
            for message in exc.messages:
                row.reject(f"{label or str(model_field.verbose_name).capitalize()}: {message}")


class _Unsupported(Exception):
    """A condition `check_in_python` does not evaluate: Django's query decides."""


class _Excluded(Exception):
    """The condition names a field left out (it failed validation): not checked, as in Django."""


_COMPARISONS = {"exact": operator.eq, "gt": operator.gt, "gte": operator.ge, "lt": operator.lt,
                "lte": operator.le}


def check_in_python(constraint: models.CheckConstraint, instance: models.Model, exclude=()) -> None:
    """`CheckConstraint.validate` without its query (one per constraint and record in Django).

    Conditions made of `Q` objects with exact, comparison and isnull lookups on the instance's
    own fields (values or `F()` of other fields) are evaluated here with SQL's three values: a
    comparison with NULL is unknown, and a CHECK lets unknown pass. Anything else is left to
    Django's `validate`, so a new kind of constraint is never skipped.
    """
    try:
        holds = _holds(constraint.condition, instance, exclude)
    except _Excluded:
        return
    except _Unsupported:
        constraint.validate(type(instance), instance, exclude=exclude)
        return
    if holds is False:
        raise ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)


def _holds(condition, instance, exclude) -> bool | None:
    if not isinstance(condition, Q) or condition.connector not in (Q.AND, Q.OR):
        raise _Unsupported
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(_holds(child, instance, exclude))
        elif isinstance(child, tuple):
            results.append(_lookup_holds(*child, instance, exclude))
        else:
            raise _Unsupported
    decisive = False if condition.connector == Q.AND else True
    result = decisive if decisive in results else (None if None in results else not decisive)
    return (not result) if condition.negated and result is not None else result


def _lookup_holds(path: str, expected, instance, exclude) -> bool | None:
    name, _, lookup = path.partition("__")
    value = _field_value(name, instance, exclude)
    if lookup in ("", "exact") and expected is None:
        lookup, expected = "isnull", True  # Q(x=None) means x IS NULL
    if lookup == "isnull":
        return (value is None) == bool(expected)
    compare = _COMPARISONS.get(lookup or "exact")
    if compare is None:
        raise _Unsupported
    if isinstance(expected, F):
        expected = _field_value(expected.name, instance, exclude)
    elif hasattr(expected, "resolve_expression"):
        raise _Unsupported
    if value is None or expected is None:
        return None
    return compare(value, expected)


def _field_value(name: str, instance, exclude):
    try:
        model_field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        raise _Unsupported from None
    if model_field.name in exclude:
        raise _Excluded
    return getattr(instance, model_field.attname)


def _changes(instance: models.Model, before: dict, names) -> dict[str, tuple]:
    return {name: (before[name], getattr(instance, name)) for name in names
            if before[name] != getattr(instance, name)}


def _labelled(model, changes: dict) -> dict[str, tuple]:
    return {str(model._meta.get_field(name).verbose_name): pair for name, pair in changes.items()}


def _update_work(instance: models.Model, before: dict, changes: dict, fields: dict) -> dict:
    """What the commit needs to change a record: the instance loaded (its fields set already),
    the new values of the changed fields and the old ones."""
    return {"instance": instance, "fields": {name: fields[name] for name in changes},
            "previous": {name: before[name] for name in changes}}


class DwellingPlanner(_Planner):
    kind = Kind.DWELLINGS
    ADDRESS_PARTS = ("street_name", "house_number", "house_letter")

    def __init__(self, mapping, today):
        super().__init__(mapping, today)
        self.seen_kobo_ids: dict[str, int] = {}

    def prepare(self, row: RowPlan, cells: dict) -> dict:
        parsed = self.parse(row, cells)
        row.source_id = parsed.pop("source_id", None) or ""
        if row.source_id:
            self.check_duplicate(row, row.source_id)
        parts = [parsed.pop(name, None) for name in self.ADDRESS_PARTS]
        if not parsed.get("street_address") and parts[0]:
            parsed["street_address"] = f"{parts[0]} {parts[1] or ''}{parts[2] or ''}".strip()
        if kobo_id := parsed.get("kobo_id"):
            if kobo_id in self.seen_kobo_ids:
                row.reject(f"Duplikat i filen: Kobo-id «{kobo_id}» står også på linje {self.seen_kobo_ids[kobo_id]}.")
            self.seen_kobo_ids.setdefault(kobo_id, row.line)
        return parsed

    def load(self, prepared) -> None:
        self.found = _grouped(Dwelling.objects.all(), "source_id", {row.source_id for row, _ in prepared})
        kobo_ids = {parsed["kobo_id"] for _, parsed in prepared if parsed.get("kobo_id")}
        self.kobo_holders = _grouped(Dwelling.objects.only("pk", "source_id", "kobo_id"), "kobo_id", kobo_ids)

    def finish(self, row: RowPlan, parsed: dict) -> None:
        existing = self.pick(row, self.found, row.source_id, "boliger")
        if row.action == Action.REJECTED:
            return
        dwelling = existing or Dwelling(source_id=row.source_id)
        fields = {name: value if value is not None else _empty_value(Dwelling._meta.get_field(name))
                  for name, value in parsed.items()}
        before = {name: getattr(dwelling, name) for name in fields}
        for name, value in fields.items():
            setattr(dwelling, name, value)
        _validate(row, dwelling, unique_errors=self._kobo_id_taken(row, dwelling))
        if row.action == Action.REJECTED:
            return
        fields = {name: getattr(dwelling, name) for name in fields}  # as cleaned by the model fields
        if existing is None:
            row.action = Action.CREATE
            row.work = {"create": {**fields, "source_id": row.source_id}}
        elif changes := _changes(dwelling, before, fields):
            row.action = Action.UPDATE
            row.changes = _labelled(Dwelling, changes)
            row.work = {"update": _update_work(existing, before, changes, fields)}

    def _kobo_id_taken(self, row: RowPlan, dwelling: Dwelling) -> dict[str, list[str]]:
        """Kobo ids are unique: another dwelling in Boligvei may not have this one, unless an
        earlier row of the file gives that dwelling another."""
        if dwelling.kobo_id is None:
            return {}
        for other in self.kobo_holders.get(dwelling.kobo_id, []):
            if other.pk != dwelling.pk and not self.changed_by_the_file(other.source_id, row.line):
                return {"kobo_id": dwelling.unique_error_message(Dwelling, ["kobo_id"]).messages}
        return {}


TENANCY_FIELDS = ("start_date", "end_date", "rent_monthly", "contract_type", "is_active")


def _split_name(full_name: str) -> tuple[str, str]:
    """"Hansen, Kari" (registers' order) or "Kari Hansen": first name(s) and last name."""
    if "," in full_name:
        last, first = (part.strip() for part in full_name.split(",", 1))
    else:
        *first_parts, last = full_name.split()
        first = " ".join(first_parts)
    return first, last


def sex_from_number(number: identity.IdentityNumber) -> str | None:
    """The third individual digit is odd for men and even for women, in numbers issued under the
    old rule; numbers valid only under the 2032 rule no longer tell."""
    if number.follows_2032_rule_only:
        return None
    return Sex.MALE if int(number.value[8]) % 2 else Sex.FEMALE


@dataclass(frozen=True, slots=True)
class _Registered:
    """A person Boligvei had before the import, and the person's household."""

    person_pk: int
    household_pk: int
    household_source_id: str


@dataclass(frozen=True, slots=True)
class _PersonInFile:
    """The first row of the file with an identity number: its line, the person's details (to
    compare later rows with) and what Boligvei had, so that later rows, planned after that row
    may have been written, see the register as it was before the import."""

    line: int
    details: tuple
    registered: _Registered | None


@dataclass(slots=True)
class _HouseholdRow:
    """A row as `prepare` read it."""

    parsed: dict
    number: identity.IdentityNumber
    id_hash: str
    person_fields: dict
    fields: dict  # the tenancy's (the waiting-list entry's are read in `finish`)
    team_id: int | None  # the team a new household gets (the importer's when the file names none)


_PERSON_COLUMNS = ("id", "household_id", "relation", "identity_number_hash", "first_name", "last_name",
                   "birth_date", "sex", "phone", "email")


class _HouseholdRowPlanner(_Planner):
    """A row that names a household by its main person (identity number, name, ...) and, when the
    file has the column, by the household's id in the source system (`Household.source_id`).

    With a household id: the household with that id is the match; its main person must be the
    person with the row's identity number. A household found only through the identity number
    gets the id (it was imported before without one), unless it has another id already. Without
    a household id, the household is the one of the person with the identity number. When
    neither finds one, the household is created with its main person (and the id).
    """

    def __init__(self, mapping, today):
        super().__init__(mapping, today)
        self.persons_in_file: dict[str, _PersonInFile] = {}  # identity hash: its first row
        self.household_id_of_person: dict[str, tuple[int, str]] = {}  # identity hash: (line, household id)
        self.person_of_household_id: dict[str, tuple[int, str]] = {}  # household id: (line, identity hash)
        self.households_with_id: dict[str, tuple[int, ...]] = {}  # household id: ids of those Boligvei had
        self.allow_synthetic = settings.ALLOW_SYNTHETIC_IDENTITY_NUMBERS
        self.teams: dict[str, int] | None = None  # team name (casefolded): id, read at the first named team

    def prepare(self, row: RowPlan, cells: dict) -> "_HouseholdRow":
        """A row checked on its own: its id (no duplicate in the file), the household's main
        person, and the fields of the row's own record (`own_fields`)."""
        parsed = self.parse(row, cells)
        row.source_id = parsed.get("source_id") or ""
        if row.source_id:
            self.check_duplicate(row, row.source_id)
        number, id_hash, person_fields = self.prepare_household(row, parsed)
        return _HouseholdRow(parsed, number, id_hash, person_fields, self.own_fields(row, parsed),
                             self._team(row, parsed.get("team")))

    def _team(self, row: RowPlan, name: str | None) -> int | None:
        """The team the file names for the household, by name (case does not matter)."""
        if not name:
            return None
        if self.teams is None:
            self.teams = {team_name.casefold(): pk for pk, team_name in Team.objects.values_list("pk", "name")}
        team_id = self.teams.get(name.casefold())
        if team_id is None:
            known = ", ".join(sorted(Team.objects.values_list("name", flat=True))) or "ingen"
            row.reject(f"Ukjent team «{name}». Teamene i Boligvei: {known}.")
        return team_id

    def own_fields(self, row: RowPlan, parsed: dict) -> dict:
        """The fields of the row's own record beside the household (a tenancy's); none by default."""
        return {}

    def prepare_household(self, row: RowPlan, parsed: dict) -> tuple:
        """The identity number, its keyed hash and the main person's fields, checked on their own."""
        number = self._identity_number(row, parsed.get("identity_number"))
        person_fields = self._person_fields(row, parsed, number)
        if household_source_id := parsed.get("household_source_id"):
            _validate_fields(row, Household, {"source_id": household_source_id},
                             label=self.targets["household_source_id"].label)
        return number, crypto.keyed_hash(number.value) if number is not None else "", person_fields

    def load(self, prepared) -> None:
        """The persons with the batch's identity numbers, unless an earlier row had them (then
        that row's look-up stands), and the households with the batch's household ids."""
        hashes = {item.id_hash for _, item in prepared if item.id_hash not in self.persons_in_file}
        self.persons = {person.identity_number_hash: person for person in (
            Person.objects.filter(identity_number_hash__in=hashes).select_related("household")
            .only(*_PERSON_COLUMNS, "household__source_id"))} if hashes else {}
        household_ids = {item.parsed.get("household_source_id") for _, item in prepared} - {None, ""}
        household_ids -= self.households_with_id.keys()
        found = _grouped(Household.objects.only("pk", "source_id"), "source_id", household_ids)
        for household_id in household_ids:
            self.households_with_id[household_id] = tuple(household.pk for household in found.get(household_id, []))
        self.load_records(prepared, self._household_pks(prepared))

    def _household_pks(self, prepared) -> set[int]:
        """The households the batch's rows may be matched to."""
        pks = set()
        for _, item in prepared:
            registered = self._registered(item.id_hash)
            if registered is not None:
                pks.add(registered.household_pk)
            pks.update(self.households_with_id.get(item.parsed.get("household_source_id") or "", ()))
        return pks

    def _registered(self, id_hash: str) -> _Registered | None:
        if id_hash in self.persons_in_file:
            return self.persons_in_file[id_hash].registered
        person = self.persons.get(id_hash)
        if person is None:
            return None
        return _Registered(person.pk, person.household_id, person.household.source_id)

    def _identity_number(self, row: RowPlan, text: str | None):
        if not text:
            return None
        try:
            return identity.parse(text, allow_synthetic=self.allow_synthetic)
        except identity.InvalidIdentityNumber as exc:
            row.reject(f"Ugyldig fødselsnummer: {exc}")
            return None

    def _person_fields(self, row: RowPlan, parsed: dict, number) -> dict:
        fields = {name: parsed[name] for name in ("phone", "email") if name in self.mapping}
        first, last = parsed.get("first_name"), parsed.get("last_name")
        if not last and parsed.get("full_name"):
            first, last = _split_name(parsed["full_name"])
        if not first or not last:
            row.reject("Hovedpersonen må ha både fornavn og etternavn.")
        fields |= {"first_name": first, "last_name": last}
        if number is None:
            return fields
        # The file's birth date is the register's; one derived from the number is a proposal only
        # (numbers issued from 2032 do not tell the century), never one in the future.
        birth_date = parsed.get("birth_date")
        if birth_date and not number.matches_birth_date(birth_date):
            row.reject("Fødselsdatoen stemmer ikke med fødselsnummeret.")
        elif birth_date and birth_date > self.today:
            row.reject("Fødselsdatoen er i fremtiden.")
        fields["birth_date"] = birth_date or number.birth_date(today=self.today)
        if fields["birth_date"] is None:
            row.reject("Fødselsdato mangler og kan ikke leses sikkert av fødselsnummeret (hundreåret er ukjent, "
                       "for eksempel for nye numre fra 2032). Legg til en kolonne med fødselsdato.")
        fields["sex"] = parsed.get("sex") or sex_from_number(number)
        if fields["sex"] is None:
            row.reject("Kjønn mangler og kan ikke leses av fødselsnummeret (nytt nummer fra 2032).")
        fields["identity_number"] = number
        return fields

    def _household(self, row: RowPlan, id_hash: str, household_source_id: str | None):
        """The registered main person with the number (or None), the matched household's id (or
        None: it will be created) and what the commit does to the household ({"source_id": ...}
        to give it its id, when it is created or adopted)."""
        registered = self._registered(id_hash)
        household_pk = registered.household_pk if registered is not None else None
        if not household_source_id:
            return registered, household_pk, {}
        seen = self.household_id_of_person.setdefault(id_hash, (row.line, household_source_id))
        if seen[1] != household_source_id:
            row.reject(f"Motstridende husstand: linje {seen[0]} har samme fødselsnummer med husstands-id "
                       f"«{seen[1]}».")
        seen = self.person_of_household_id.setdefault(household_source_id, (row.line, id_hash))
        if seen[1] != id_hash:
            row.reject(f"Motstridende husstand: linje {seen[0]} har husstands-id «{household_source_id}» med en "
                       "annen hovedperson.")
        found = self.households_with_id[household_source_id]
        if len(found) > 1:
            row.reject(f"Flere husstander i Boligvei har id «{household_source_id}» fra fagsystemet; rett dette "
                       "før import.")
            return registered, household_pk, {}
        if found:
            if household_pk != found[0]:
                row.reject(f"Husstanden med id «{household_source_id}» i Boligvei har ikke en person med dette "
                           "fødselsnummeret. Rett husstands-id eller fødselsnummer.")
            return registered, found[0], {}
        if registered is not None and registered.household_source_id:
            row.reject(f"Personen med dette fødselsnummeret hører til husstanden med id "
                       f"«{registered.household_source_id}» i Boligvei, ikke «{household_source_id}».")
            return registered, household_pk, {}
        if registered is not None:
            row.changes["Husstandens id i fagsystem"] = ("", household_source_id)
            return registered, household_pk, {"adopt": household_pk, "source_id": household_source_id}
        return None, None, {"source_id": household_source_id}

    def _plan_person(self, row: RowPlan, id_hash: str, registered: _Registered | None, fields: dict) -> dict:
        fields = {name: value if value is not None else _empty_value(Person._meta.get_field(name))
                  for name, value in fields.items() if name != "identity_number"}
        details = tuple(fields.values())
        if id_hash in self.persons_in_file:
            first = self.persons_in_file[id_hash]
            if first.details != details:
                row.reject(f"Motstridende opplysninger om hovedpersonen: linje {first.line} har samme "
                           "fødselsnummer med andre opplysninger.")
            return {"same_as_line": first.line, "household": registered.household_pk if registered else None}
        self.persons_in_file[id_hash] = _PersonInFile(row.line, details, registered)
        _validate_fields(row, Person, fields)
        if registered is None:
            return {"create": fields}
        person = self.persons[id_hash]
        changes = {name: (getattr(person, name), value) for name, value in fields.items()
                   if getattr(person, name) != value}
        work = {"pk": person.pk, "household": person.household_id}
        if not changes:
            return work
        return work | {"instance": person, "update": {name: fields[name] for name in changes}, "changes": changes}

    def _household_action(self, row: RowPlan, person_work: dict, household_work: dict) -> None:
        """The row's action and changes from what happens to the household and its main person."""
        if "same_as_line" in person_work:
            household_work.pop("adopt", None)  # the first row of the household does it
        if person_work.get("create"):
            row.action = Action.CREATE
        elif (person_work.get("update") or household_work.get("adopt")) and row.action == Action.UNCHANGED:
            row.action = Action.UPDATE
        if person_work.get("update"):
            row.changes |= _labelled(Person, person_work["changes"])
        if "adopt" not in household_work:
            row.changes.pop("Husstandens id i fagsystem", None)


@dataclass(slots=True)
class _Period:
    line: int | None  # None: a tenancy already in Boligvei
    start: dt.date
    end: dt.date | None
    active: bool

    def overlaps(self, other: "_Period") -> bool:
        return (self.active and other.active) or (
            self.start <= (other.end or dt.date.max) and other.start <= (self.end or dt.date.max))

    def where(self) -> str:
        return f"linje {self.line}" if self.line else f"et registrert leieforhold fra {self.start:%d.%m.%Y}"


class TenancyPlanner(_HouseholdRowPlanner):
    """A row is a tenancy with its household's main person. The dwelling must be in Boligvei
    already (import dwellings first); the household is matched as `_HouseholdRowPlanner` says."""

    kind = Kind.TENANCIES

    def __init__(self, mapping, today):
        super().__init__(mapping, today)
        self.periods_by_dwelling: dict[int, list[_Period]] = {}
        self.periods_by_household: dict[str, list[_Period]] = {}

    def own_fields(self, row: RowPlan, parsed: dict) -> dict:
        return self._tenancy_fields(row, parsed)

    def load_records(self, prepared, household_pks: set[int]) -> None:
        """The dwellings and tenancies the batch names, and every tenancy of its dwellings and
        households (for overlapping periods)."""
        self.dwellings = _grouped(Dwelling.objects.only("pk", "source_id"), "source_id",
                                  {item.parsed["dwelling_source_id"] for _, item in prepared})
        self.existing = _grouped(Tenancy.objects.all(), "source_id", {row.source_id for row, _ in prepared})
        dwelling_pks = {dwelling.pk for found in self.dwellings.values() for dwelling in found}
        self.registered_by_dwelling, self.registered_by_household = defaultdict(list), defaultdict(list)
        registered = (Tenancy.objects.filter(Q(dwelling_id__in=dwelling_pks) | Q(household_id__in=household_pks))
                      .order_by("-start_date", "id")
                      .values_list("pk", "source_id", "dwelling_id", "household_id", "start_date", "end_date",
                                   "is_active", named=True))
        for tenancy in registered if dwelling_pks or household_pks else ():
            if tenancy.dwelling_id in dwelling_pks:
                self.registered_by_dwelling[tenancy.dwelling_id].append(tenancy)
            if tenancy.household_id in household_pks:
                self.registered_by_household[tenancy.household_id].append(tenancy)

    def finish(self, row: RowPlan, item: _HouseholdRow) -> None:
        dwelling = self._dwelling(row, item.parsed["dwelling_source_id"])
        existing = self.pick(row, self.existing, row.source_id, "leieforhold")
        registered, household_pk, household_work = self._household(row, item.id_hash,
                                                                   item.parsed.get("household_source_id"))
        if row.action == Action.REJECTED:
            return
        if existing is not None and (existing.dwelling_id != dwelling.pk or
                                     (household_pk is not None and existing.household_id != household_pk)):
            row.reject("Leieforholdet er registrert i Boligvei med en annen bolig eller husstand. "
                       "Å flytte et leieforhold støttes ikke; rett det i Boligvei først.")
            return

        person_work = self._plan_person(row, item.id_hash, registered, item.person_fields)
        tenancy = existing or Tenancy(dwelling_id=dwelling.pk, source_id=row.source_id)
        before = {name: getattr(tenancy, name) for name in TENANCY_FIELDS}
        for name, value in item.fields.items():
            setattr(tenancy, name, value)
        if household_pk is not None:
            tenancy.household_id = household_pk
        self._check_conflicts(row, tenancy, existing, dwelling.pk, household_pk, item.id_hash)
        if row.action == Action.REJECTED:
            return
        _validate(row, tenancy)
        if row.action == Action.REJECTED:
            return

        row.work = {"person": person_work, "household": household_work, "identity_hash": item.id_hash,
                    "identity_number": item.number, "dwelling": dwelling.pk, "source_id": row.source_id,
                    "team_id": item.team_id}
        if existing is None:
            row.action = Action.CREATE
            row.work["tenancy_create"] = item.fields
        elif changes := _changes(tenancy, before, item.fields):
            row.action = Action.UPDATE
            row.changes |= _labelled(Tenancy, changes)
            row.work["tenancy_update"] = _update_work(existing, before, changes, item.fields)
        self._household_action(row, person_work, household_work)

    def _tenancy_fields(self, row: RowPlan, parsed: dict) -> dict:
        contract_type = parsed.get("contract_type")
        if contract_type is None and parsed.get("indefinite") is not None:
            contract_type = ContractType.INDEFINITE if parsed["indefinite"] else ContractType.FIXED_TERM
        end_date = parsed.get("end_date")
        return {"start_date": parsed.get("start_date"), "end_date": end_date,
                "rent_monthly": parsed.get("rent_monthly"), "contract_type": contract_type,
                # An end in the past has happened; a fixed-term contract's coming end has not.
                "is_active": end_date is None or end_date >= self.today}

    def _dwelling(self, row: RowPlan, source_id: str):
        dwelling = self.pick(row, self.dwellings, source_id, "boliger")
        if dwelling is None and row.action != Action.REJECTED:
            row.reject(f"Ukjent bolig: ingen bolig i Boligvei har id «{source_id}» fra fagsystemet. "
                       "Importer boligene først.")
        return dwelling

    def _check_conflicts(self, row: RowPlan, tenancy: Tenancy, existing, dwelling_pk: int,
                         household_pk: int | None, id_hash: str) -> None:
        """Periods of one dwelling, and of one household, may not overlap, in the file or with
        what Boligvei has; and each has at most one active tenancy."""
        if tenancy.start_date is None:
            return
        period = _Period(row.line, tenancy.start_date, tenancy.end_date, tenancy.is_active)
        dwelling_periods = list(self.periods_by_dwelling.get(dwelling_pk, []))
        household_periods = list(self.periods_by_household.get(id_hash, []))
        registered = [(dwelling_periods, self.registered_by_dwelling.get(dwelling_pk, []))]
        if household_pk is not None:
            registered.append((household_periods, self.registered_by_household.get(household_pk, [])))
        for periods, tenancies in registered:
            for other in tenancies:
                if existing is not None and other.pk == existing.pk:
                    continue
                if self.changed_by_the_file(other.source_id, row.line):
                    continue  # an earlier row of this file updates it: its period is that row's
                periods.append(_Period(None, other.start_date, other.end_date, other.is_active))
        for what, periods in (("boligen", dwelling_periods), ("husstanden", household_periods)):
            for other in periods:
                if period.overlaps(other):
                    row.reject(f"Motstridende leieforhold: overlapper {other.where()} for {what}.")
                    break
        if row.action != Action.REJECTED:
            self.periods_by_dwelling.setdefault(dwelling_pk, []).append(period)
            self.periods_by_household.setdefault(id_hash, []).append(period)


WAITING_LIST_FIELDS = ("application_date", "need_category", "priority", "status", "status_date", "notes",
                       "allocated_dwelling_id")


class WaitingListPlanner(_HouseholdRowPlanner):
    """A row is a waiting-list entry (an application) with its household's main person, matched
    by the entry's id in the source system (`WaitingListEntry.source_id`). A household may be on
    the waiting list (status "venter") once only: checked against the file and Boligvei here,
    because the database would refuse it at commit."""

    kind = Kind.WAITING_LIST

    def __init__(self, mapping, today):
        super().__init__(mapping, today)
        self.waiting_line_of_person: dict[str, int] = {}  # identity hash: line of its waiting entry


    def load_records(self, prepared, household_pks: set[int]) -> None:
        """The entries the batch names, the dwellings it allocates, and the households' waiting entries."""
        self.existing = _grouped(WaitingListEntry.objects.all(), "source_id", {row.source_id for row, _ in prepared})
        allocated = {item.parsed.get("allocated_dwelling_source_id") for _, item in prepared} - {None, ""}
        self.dwellings = _grouped(Dwelling.objects.only("pk", "source_id"), "source_id", allocated)
        self.waiting = defaultdict(list)
        for entry in (WaitingListEntry.objects.filter(household_id__in=household_pks, status=WaitingListStatus.WAITING)
                      .only("pk", "household_id", "source_id", "application_date") if household_pks else ()):
            self.waiting[entry.household_id].append(entry)

    def finish(self, row: RowPlan, item: _HouseholdRow) -> None:
        entry_fields = self._entry_fields(row, item.parsed)
        existing = self.pick(row, self.existing, row.source_id, "ventelisteoppføringer")
        registered, household_pk, household_work = self._household(row, item.id_hash,
                                                                   item.parsed.get("household_source_id"))
        if row.action == Action.REJECTED:
            return
        if existing is not None and (household_pk is None or existing.household_id != household_pk):
            row.reject("Ventelisteoppføringen er registrert i Boligvei på en annen husstand. Å flytte en "
                       "oppføring støttes ikke; rett det i Boligvei først.")
            return

        person_work = self._plan_person(row, item.id_hash, registered, item.person_fields)
        entry = existing or WaitingListEntry(source_id=row.source_id)
        before = {name: getattr(entry, name) for name in entry_fields}
        for name, value in entry_fields.items():
            setattr(entry, name, value)
        if household_pk is not None:
            entry.household_id = household_pk
        self._check_one_waiting_entry(row, entry, existing, household_pk, item.id_hash)
        if row.action == Action.REJECTED:
            return
        _validate(row, entry)
        if row.action == Action.REJECTED:
            return
        entry_fields = {name: getattr(entry, name) for name in entry_fields}  # as cleaned by the model

        row.work = {"person": person_work, "household": household_work, "identity_hash": item.id_hash,
                    "identity_number": item.number, "source_id": row.source_id, "team_id": item.team_id}
        if existing is None:
            row.action = Action.CREATE
            row.work["entry_create"] = entry_fields
        elif changes := _changes(entry, before, entry_fields):
            row.action = Action.UPDATE
            row.changes |= _labelled(WaitingListEntry, changes)
            row.work["entry_update"] = _update_work(existing, before, changes, entry_fields)
        self._household_action(row, person_work, household_work)

    def _entry_fields(self, row: RowPlan, parsed: dict) -> dict:
        """The mapped columns only (an update leaves the others as they are); an empty cell is the
        field's default (priority normal, status waiting) or no value."""
        fields = {}
        for name in WAITING_LIST_FIELDS:
            source = "allocated_dwelling_source_id" if name == "allocated_dwelling_id" else name
            if source not in self.mapping:
                continue
            value = parsed.get(source)
            if name == "allocated_dwelling_id":
                fields[name] = None
                if value:
                    dwelling = self.pick(row, self.dwellings, value, "boliger")
                    if dwelling is None and row.action != Action.REJECTED:
                        row.reject(f"Ukjent bolig: ingen bolig i Boligvei har id «{value}» fra fagsystemet.")
                    fields[name] = dwelling.pk if dwelling is not None else None
                continue
            fields[name] = value if value is not None else _empty_value(WaitingListEntry._meta.get_field(name))
        return fields

    def _check_one_waiting_entry(self, row: RowPlan, entry, existing, household_pk: int | None,
                                 id_hash: str) -> None:
        if entry.status != WaitingListStatus.WAITING:
            return
        if id_hash in self.waiting_line_of_person:
            row.reject(f"To ventelisteoppføringer for samme husstand: linje {self.waiting_line_of_person[id_hash]} "
                       "venter også. En husstand kan stå på ventelisten én gang.")
            return
        for other in self.waiting.get(household_pk, []) if household_pk is not None else []:
            if existing is not None and other.pk == existing.pk:
                continue
            if self.changed_by_the_file(other.source_id, row.line):
                continue  # an earlier row of this file changes it: its status is that row's
            row.reject(f"Husstanden står allerede på ventelisten i Boligvei (søknad fra "
                       f"{other.application_date:%d.%m.%Y}). En husstand kan stå på ventelisten én gang.")
            return
        self.waiting_line_of_person[id_hash] = row.line


PLANNERS = {Kind.DWELLINGS: DwellingPlanner, Kind.TENANCIES: TenancyPlanner, Kind.WAITING_LIST: WaitingListPlanner}
