"""The dry run: what an import would do with each row of a file, saving nothing.

Each row gets an action (create, update, unchanged, rejected), its line number and, when
rejected, the reasons in Norwegian. Records are matched by the source system's id
(`source_id` on dwellings, tenancies and waiting-list entries); households by their source id
when the file has a column for it, else by the main person's identity number (its keyed hash). The plan also carries what the
commit needs to write each row, so that `services.import_commit` plans again inside its
transaction and writes exactly what it planned.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from boligvei.housing.models import ContractType, Dwelling, Tenancy, WaitingListEntry, WaitingListStatus
from boligvei.imports.mapping import REQUIRED, Kind, missing_columns, targets
from boligvei.imports.readers import SourceTable
from boligvei.imports.values import ValueProblem
from boligvei.lib import crypto, identity
from boligvei.people.models import Household, Person, Sex

POSTAL_CODE_NOTE = ("Postnummer er bare sjekket for formatet (fire siffer): Boligvei har ikke Postens "
                    "postnummerregister, så et postnummer som ikke finnes blir ikke oppdaget.")


class Action(models.TextChoices):
    CREATE = "create", "Ny"
    UPDATE = "update", "Endres"
    UNCHANGED = "unchanged", "Uendret"
    REJECTED = "rejected", "Avvist"


@dataclass
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


def build_plan(kind: str, table: SourceTable, mapping: dict[str, str], *, today: dt.date | None = None) -> Plan:
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
    for source_row in table.rows:
        row = RowPlan(line=source_row.line)
        for problem in source_row.problems:
            row.reject(problem)
        for label in missing:
            row.reject(f"Manglende kolonne: «{label}».")
        if row.action != Action.REJECTED:
            planner.plan_row(row, source_row.cells)
        plan.rows.append(row)
    return plan


class _Planner:
    kind: Kind

    def __init__(self, mapping: dict[str, str], today: dt.date):
        self.mapping = mapping
        self.targets = targets(self.kind)
        self.today = today
        self.seen_ids: dict[str, int] = {}

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

    def match(self, row: RowPlan, model, source_id: str, label: str):
        found = list(model.objects.filter(source_id=source_id)[:2])
        if len(found) > 1:
            row.reject(f"Flere {label} i Boligvei har id «{source_id}» fra fagsystemet; rett dette før import.")
            return None
        return found[0] if found else None


def _empty_value(model_field: models.Field):
    """What an empty cell means for a field: no value, blank text, or the field's default."""
    if model_field.null:
        return None
    if isinstance(model_field, models.CharField | models.TextField):
        return ""
    return model_field.get_default()


def _validate(row: RowPlan, instance: models.Model, exclude: list[str] | None = None,
              check_constraints_only: bool = False) -> None:
    """The model's own validation. With check_constraints_only, the unique constraints (which
    compare with the database as it is now) are left to the planner, which also knows what the
    earlier rows of the file will have changed."""
    try:
        instance.full_clean(exclude=exclude, validate_constraints=not check_constraints_only)
        if check_constraints_only:
            errors = []
            for constraint in instance._meta.constraints:
                if isinstance(constraint, models.CheckConstraint):
                    try:
                        constraint.validate(type(instance), instance, exclude=exclude)
                    except ValidationError as exc:
                        errors.extend(exc.messages)
            if errors:
                raise ValidationError({"__all__": errors})
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            label = instance._meta.get_field(name).verbose_name if name != "__all__" else ""
            for message in messages:
                row.reject(f"{label.capitalize()}: {message}" if label else message)


def _changes(instance: models.Model, before: dict, names) -> dict[str, tuple]:
    return {name: (before[name], getattr(instance, name)) for name in names
            if before[name] != getattr(instance, name)}


def _labelled(model, changes: dict) -> dict[str, tuple]:
    return {str(model._meta.get_field(name).verbose_name): pair for name, pair in changes.items()}


class DwellingPlanner(_Planner):
    kind = Kind.DWELLINGS
    ADDRESS_PARTS = ("street_name", "house_number", "house_letter")

    def __init__(self, mapping, today):
        super().__init__(mapping, today)
        self.seen_kobo_ids: dict[str, int] = {}

    def plan_row(self, row: RowPlan, cells: dict) -> None:
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
        if row.action == Action.REJECTED:
            return
        existing = self.match(row, Dwelling, row.source_id, "boliger")
        if row.action == Action.REJECTED:
            return
        dwelling = existing or Dwelling(source_id=row.source_id)
        fields = {name: value if value is not None else _empty_value(Dwelling._meta.get_field(name))
                  for name, value in parsed.items()}
        before = {name: getattr(dwelling, name) for name in fields}
        for name, value in fields.items():
            setattr(dwelling, name, value)
        _validate(row, dwelling)
        if row.action == Action.REJECTED:
            return
        fields = {name: getattr(dwelling, name) for name in fields}  # as cleaned by the model fields
        if existing is None:
            row.action = Action.CREATE
            row.work = {"create": {**fields, "source_id": row.source_id}}
        elif changes := _changes(dwelling, before, fields):
            row.action = Action.UPDATE
            row.changes = _labelled(Dwelling, changes)
            row.work = {"update": existing.pk, "fields": {name: fields[name] for name in changes}}


PERSON_FIELDS = ("first_name", "last_name", "birth_date", "sex", "phone", "email")
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
        self.persons_in_file: dict[str, tuple[int, dict]] = {}  # identity hash: (line, person fields)
        self.household_id_of_person: dict[str, tuple[int, str]] = {}  # identity hash: (line, household id)
        self.person_of_household_id: dict[str, tuple[int, str]] = {}  # household id: (line, identity hash)
        self.allow_synthetic = settings.ALLOW_SYNTHETIC_IDENTITY_NUMBERS

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
        birth_date = parsed.get("birth_date")
        if birth_date and number.birth_date and birth_date != number.birth_date:
            row.reject("Fødselsdatoen stemmer ikke med fødselsnummeret.")
        fields["birth_date"] = birth_date or number.birth_date
        if fields["birth_date"] is None:
            row.reject("Fødselsdato mangler og kan ikke leses av fødselsnummeret (nytt nummer fra 2032).")
        fields["sex"] = parsed.get("sex") or sex_from_number(number)
        if fields["sex"] is None:
            row.reject("Kjønn mangler og kan ikke leses av fødselsnummeret (nytt nummer fra 2032).")
        fields["identity_number"] = number
        return fields

    def _household(self, row: RowPlan, id_hash: str, household_source_id: str | None):
        """The registered main person with the number (or None), the matched household (or None:
        it will be created) and what the commit does to the household ({"source_id": ...} to give
        it its id, when it is created or adopted)."""
        person = Person.objects.filter(identity_number_hash=id_hash).select_related("household").first()
        household = person.household if person is not None else None
        if not household_source_id:
            return person, household, {}
        seen = self.household_id_of_person.setdefault(id_hash, (row.line, household_source_id))
        if seen[1] != household_source_id:
            row.reject(f"Motstridende husstand: linje {seen[0]} har samme fødselsnummer med husstands-id "
                       f"«{seen[1]}».")
        seen = self.person_of_household_id.setdefault(household_source_id, (row.line, id_hash))
        if seen[1] != id_hash:
            row.reject(f"Motstridende husstand: linje {seen[0]} har husstands-id «{household_source_id}» med en "
                       "annen hovedperson.")
        found = list(Household.objects.filter(source_id=household_source_id)[:2])
        if len(found) > 1:
            row.reject(f"Flere husstander i Boligvei har id «{household_source_id}» fra fagsystemet; rett dette "
                       "før import.")
            return person, household, {}
        if found:
            if household is None or household.pk != found[0].pk:
                row.reject(f"Husstanden med id «{household_source_id}» i Boligvei har ikke en person med dette "
                           "fødselsnummeret. Rett husstands-id eller fødselsnummer.")
            return person, found[0], {}
        if household is not None and household.source_id:
            row.reject(f"Personen med dette fødselsnummeret hører til husstanden med id «{household.source_id}» "
                       f"i Boligvei, ikke «{household_source_id}».")
            return person, household, {}
        if household is not None:
            row.changes["Husstandens id i fagsystem"] = ("", household_source_id)
            return person, household, {"adopt": household.pk, "source_id": household_source_id}
        return person, None, {"source_id": household_source_id}

    def _plan_person(self, row: RowPlan, id_hash: str, person, fields: dict) -> dict:
        fields = {name: value if value is not None else _empty_value(Person._meta.get_field(name))
                  for name, value in fields.items() if name != "identity_number"}
        if id_hash in self.persons_in_file:
            line, first_fields = self.persons_in_file[id_hash]
            if first_fields != fields:
                row.reject(f"Motstridende opplysninger om hovedpersonen: linje {line} har samme "
                           "fødselsnummer med andre opplysninger.")
            return {"same_as_line": line}
        self.persons_in_file[id_hash] = (row.line, fields)
        if person is None:
            return {"create": fields}
        changes = {name: (getattr(person, name), value) for name, value in fields.items()
                   if getattr(person, name) != value}
        if not changes:
            return {"pk": person.pk}
        return {"pk": person.pk, "update": {name: fields[name] for name in changes}, "changes": changes}

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


@dataclass
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

    def plan_row(self, row: RowPlan, cells: dict) -> None:
        parsed = self.parse(row, cells)
        row.source_id = parsed.get("source_id") or ""
        if row.source_id:
            self.check_duplicate(row, row.source_id)
        number = self._identity_number(row, parsed.get("identity_number"))
        person_fields = self._person_fields(row, parsed, number)
        tenancy_fields = self._tenancy_fields(row, parsed)
        if row.action == Action.REJECTED:
            return
        dwelling = self._dwelling(row, parsed["dwelling_source_id"])
        existing = self.match(row, Tenancy, row.source_id, "leieforhold")
        id_hash = crypto.keyed_hash(number.value)
        person, household, household_work = self._household(row, id_hash, parsed.get("household_source_id"))
        if row.action == Action.REJECTED:
            return
        if existing is not None and (existing.dwelling_id != dwelling.pk or
                                     (household is not None and existing.household_id != household.pk)):
            row.reject("Leieforholdet er registrert i Boligvei med en annen bolig eller husstand. "
                       "Å flytte et leieforhold støttes ikke; rett det i Boligvei først.")
            return

        person_work = self._plan_person(row, id_hash, person, person_fields)
        tenancy = existing or Tenancy(dwelling=dwelling, source_id=row.source_id)
        before = {name: getattr(tenancy, name) for name in TENANCY_FIELDS}
        for name, value in tenancy_fields.items():
            setattr(tenancy, name, value)
        if household is not None:
            tenancy.household_id = household.pk
        self._check_conflicts(row, tenancy, existing, dwelling, household, id_hash)
        if row.action == Action.REJECTED:
            return
        _validate(row, tenancy, exclude=None if tenancy.household_id else ["household"],
                  check_constraints_only=True)
        if row.action == Action.REJECTED:
            return

        row.work = {"person": person_work, "household": household_work, "identity_hash": id_hash,
                    "identity_number": number, "dwelling": dwelling.pk, "source_id": row.source_id}
        if existing is None:
            row.action = Action.CREATE
            row.work["tenancy_create"] = tenancy_fields
        elif changes := _changes(tenancy, before, tenancy_fields):
            row.action = Action.UPDATE
            row.changes |= _labelled(Tenancy, changes)
            row.work["tenancy_update"] = {"pk": existing.pk, "fields": {name: tenancy_fields[name]
                                                                        for name in changes}}
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
        dwelling = self.match(row, Dwelling, source_id, "boliger")
        if dwelling is None and row.action != Action.REJECTED:
            row.reject(f"Ukjent bolig: ingen bolig i Boligvei har id «{source_id}» fra fagsystemet. "
                       "Importer boligene først.")
        return dwelling

    def _check_conflicts(self, row: RowPlan, tenancy: Tenancy, existing, dwelling, household,
                         id_hash: str) -> None:
        """Periods of one dwelling, and of one household, may not overlap, in the file or with
        what Boligvei has; and each has at most one active tenancy."""
        if tenancy.start_date is None:
            return
        period = _Period(row.line, tenancy.start_date, tenancy.end_date, tenancy.is_active)
        registered = Tenancy.objects.filter(dwelling=dwelling)
        if household is not None:
            registered = Tenancy.objects.filter(models.Q(dwelling=dwelling) | models.Q(household_id=household.pk))
        if existing is not None:
            registered = registered.exclude(pk=existing.pk)
        dwelling_periods = list(self.periods_by_dwelling.get(dwelling.pk, []))
        household_periods = list(self.periods_by_household.get(id_hash, []))
        columns = ("source_id", "dwelling_id", "household_id", "start_date", "end_date", "is_active")
        for other in registered.only(*columns):
            if other.source_id and other.source_id in self.seen_ids:
                continue  # an earlier row of this file updates it: its period is that row's
            other_period = _Period(None, other.start_date, other.end_date, other.is_active)
            if other.dwelling_id == dwelling.pk:
                dwelling_periods.append(other_period)
            if household is not None and other.household_id == household.pk:
                household_periods.append(other_period)
        for what, periods in (("boligen", dwelling_periods), ("husstanden", household_periods)):
            for other in periods:
                if period.overlaps(other):
                    row.reject(f"Motstridende leieforhold: overlapper {other.where()} for {what}.")
                    break
        if row.action != Action.REJECTED:
            self.periods_by_dwelling.setdefault(dwelling.pk, []).append(period)
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

    def plan_row(self, row: RowPlan, cells: dict) -> None:
        parsed = self.parse(row, cells)
        row.source_id = parsed.get("source_id") or ""
        if row.source_id:
            self.check_duplicate(row, row.source_id)
        number = self._identity_number(row, parsed.get("identity_number"))
        person_fields = self._person_fields(row, parsed, number)
        if row.action == Action.REJECTED:
            return
        entry_fields = self._entry_fields(row, parsed)
        existing = self.match(row, WaitingListEntry, row.source_id, "ventelisteoppføringer")
        id_hash = crypto.keyed_hash(number.value)
        person, household, household_work = self._household(row, id_hash, parsed.get("household_source_id"))
        if row.action == Action.REJECTED:
            return
        if existing is not None and (household is None or existing.household_id != household.pk):
            row.reject("Ventelisteoppføringen er registrert i Boligvei på en annen husstand. Å flytte en "
                       "oppføring støttes ikke; rett det i Boligvei først.")
            return

        person_work = self._plan_person(row, id_hash, person, person_fields)
        entry = existing or WaitingListEntry(source_id=row.source_id)
        before = {name: getattr(entry, name) for name in entry_fields}
        for name, value in entry_fields.items():
            setattr(entry, name, value)
        if household is not None:
            entry.household_id = household.pk
        self._check_one_waiting_entry(row, entry, existing, household, id_hash)
        if row.action == Action.REJECTED:
            return
        _validate(row, entry, exclude=None if entry.household_id else ["household"], check_constraints_only=True)
        if row.action == Action.REJECTED:
            return
        entry_fields = {name: getattr(entry, name) for name in entry_fields}  # as cleaned by the model

        row.work = {"person": person_work, "household": household_work, "identity_hash": id_hash,
                    "identity_number": number, "source_id": row.source_id}
        if existing is None:
            row.action = Action.CREATE
            row.work["entry_create"] = entry_fields
        elif changes := _changes(entry, before, entry_fields):
            row.action = Action.UPDATE
            row.changes |= _labelled(WaitingListEntry, changes)
            row.work["entry_update"] = {"pk": existing.pk, "fields": {name: entry_fields[name] for name in changes}}
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
                    dwelling = self.match(row, Dwelling, value, "boliger")
                    if dwelling is None and row.action != Action.REJECTED:
                        row.reject(f"Ukjent bolig: ingen bolig i Boligvei har id «{value}» fra fagsystemet.")
                    fields[name] = dwelling.pk if dwelling is not None else None
                continue
            fields[name] = value if value is not None else _empty_value(WaitingListEntry._meta.get_field(name))
        return fields

    def _check_one_waiting_entry(self, row: RowPlan, entry, existing, household, id_hash: str) -> None:
        if entry.status != WaitingListStatus.WAITING:
            return
        if id_hash in self.waiting_line_of_person:
            row.reject(f"To ventelisteoppføringer for samme husstand: linje {self.waiting_line_of_person[id_hash]} "
                       "venter også. En husstand kan stå på ventelisten én gang.")
            return
        if household is not None:
            others = WaitingListEntry.objects.filter(household_id=household.pk, status=WaitingListStatus.WAITING)
            if existing is not None:
                others = others.exclude(pk=existing.pk)
            for other in others.only("source_id", "application_date"):
                if other.source_id and other.source_id in self.seen_ids:
                    continue  # an earlier row of this file changes it: its status is that row's
                row.reject(f"Husstanden står allerede på ventelisten i Boligvei (søknad fra "
                           f"{other.application_date:%d.%m.%Y}). En husstand kan stå på ventelisten én gang.")
                return
        self.waiting_line_of_person[id_hash] = row.line


PLANNERS = {Kind.DWELLINGS: DwellingPlanner, Kind.TENANCIES: TenancyPlanner, Kind.WAITING_LIST: WaitingListPlanner}
