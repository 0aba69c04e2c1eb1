"""Writing households and persons.

Every change passes the acting user and writes an audit row in the same transaction. Identity
numbers arrive parsed (boligvei.lib.identity) and are stored only encrypted and as a keyed hash;
showing one in full is a service of its own, because it is audited.
"""

from django.db import transaction

from boligvei.core.audit import audit_record, plain_values
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.core.services import field_values, update_audited, validated_save
from boligvei.lib.identity import IdentityNumber
from boligvei.people.models import Household, Person, Relation

DUPLICATE_PERSON = "En person med dette fødselsnummeret er allerede registrert."
PERSON_UNIQUE_ERRORS = {
    "person_identity_number_unique": DUPLICATE_PERSON,
    "household_one_main_person": "Husstanden har allerede en hovedperson.",
}


def _household_name(person: Person) -> str:
    return f"{person.last_name}, {person.first_name}"[: Household._meta.get_field("name").max_length]


def _person_audit_values(person: Person, fields) -> dict:
    values = field_values(person, [f for f in fields if f != "identity_number"])
    if "identity_number" in fields:
        values["identity_number"] = person.identity_number_masked
    return plain_values(values)


@transaction.atomic
def household_create(*, actor: User, main_person: dict, identity_number: IdentityNumber | None,
                     household: dict | None = None) -> Household:
    """Register a household with its main person (hovedperson)."""
    new = Household(**(household or {}))
    validated_save(new)  # named after its main person by person_create below
    audit_record(actor=actor, action="household.create", obj=new, household_id=new.pk,
                 changes=plain_values(household or {}))
    person_create(actor=actor, household=new, fields={**main_person, "relation": Relation.MAIN},
                  identity_number=identity_number)
    return new


@transaction.atomic
def household_update(*, actor: User, household: Household, fields: dict) -> Household:
    return update_audited(actor=actor, instance=household, fields=fields, action="household.update",
                          household_id=household.pk)


@transaction.atomic
def person_create(*, actor: User, household: Household, fields: dict,
                  identity_number: IdentityNumber | None) -> Person:
    """Add a member to a household. A person's identity number may be registered once only."""
    if fields.get("relation") == Relation.MAIN and household.members.filter(relation=Relation.MAIN).exists():
        raise DomainError("Husstanden har allerede en hovedperson.")
    person = Person(household=household, **fields)
    person.set_identity_number(identity_number)
    validated_save(person, unique_errors=PERSON_UNIQUE_ERRORS)
    if person.relation == Relation.MAIN:
        Household.objects.filter(pk=household.pk).update(name=_household_name(person))
    audit_record(actor=actor, action="person.create", obj=person, household_id=household.pk,
                 changes=_person_audit_values(person, [*fields, "identity_number"]))
    return person


_UNCHANGED = object()


@transaction.atomic
def person_update(*, actor: User, person: Person, fields: dict, identity_number=_UNCHANGED) -> Person:
    """Change a member's details; pass identity_number to replace (or None to remove) it.

    The main person stays the main person: a household always has one, and its name.
    """
    stored_relation = Person.objects.values_list("relation", flat=True).get(pk=person.pk)
    if stored_relation == Relation.MAIN and fields.get("relation", Relation.MAIN) != Relation.MAIN:
        raise DomainError("Hovedpersonen kan ikke få en annen rolle. Husstanden må alltid ha en hovedperson.")
    if stored_relation != Relation.MAIN and fields.get("relation") == Relation.MAIN:
        raise DomainError("Husstanden har allerede en hovedperson.")
    if identity_number is not _UNCHANGED:
        old_hash, old_masked = person.identity_number_hash, person.identity_number_masked
        person.set_identity_number(identity_number)
        if person.identity_number_hash != old_hash:
            audit_record(actor=actor, action="person.update", obj=person, household_id=person.household_id,
                         changes={"identity_number": {"old": old_masked, "new": person.identity_number_masked}})
    update_audited(actor=actor, instance=person, fields=fields, action="person.update",
                   household_id=person.household_id, unique_errors=PERSON_UNIQUE_ERRORS)
    if person.relation == Relation.MAIN:
        Household.objects.filter(pk=person.household_id).update(name=_household_name(person))
    return person


@transaction.atomic
def person_reveal_identity_number(*, actor: User, person: Person, reason: str = "") -> str:
    """Show a member's full identity number, and log that it was shown."""
    audit_record(actor=actor, action="person.identity_number.reveal", obj=person,
                 household_id=person.household_id, reason=reason)
    return person.identity_number()


def household_record_view(*, actor: User, household: Household) -> None:
    audit_record(actor=actor, action="household.view", obj=household, household_id=household.pk)


def person_record_view(*, actor: User, person: Person) -> None:
    audit_record(actor=actor, action="person.view", obj=person, household_id=person.household_id)
