"""Writing households and persons.

Every change passes the acting user and writes an audit row in the same transaction. Identity
numbers arrive parsed (boligvei.lib.identity) and are stored only encrypted and as a keyed hash;
showing one in full is a service of its own, because it is audited.
"""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligvei.core.audit import audit_record, plain_values
from boligvei.core.errors import DomainError
from boligvei.core.models import Team, User
from boligvei.core.roles import ALL_TEAMS
from boligvei.core.services import field_values, update_audited, validated_save
from boligvei.lib import crypto
from boligvei.lib.identity import IdentityNumber
from boligvei.people import consent as consent_rules
from boligvei.people.access import household_scope_reason
from boligvei.people.models import Consent, Household, IdentityNumberConflict, Person, Relation

DUPLICATE_PERSON = _("En person med dette fødselsnummeret er allerede registrert.")
PERSON_UNIQUE_ERRORS = {
    "person_identity_number_unique": DUPLICATE_PERSON,
    "household_one_main_person": "Husstanden har allerede en hovedperson.",
}


IDENTITY_NUMBER_ROUTED = (_("Fødselsnummeret kan ikke registreres her, så personen er lagret uten det. En programleder "
                          "eller administrator er varslet og følger det opp."))


def _identity_number_to_store(*, actor: User, person: Person, number: IdentityNumber | None):
    """The number to store on `person`, and the registered person who already has it where the
    actor may not see them (then the number is not stored, see `_identity_number_route`).

    A person the actor may see is named as the duplicate (DUPLICATE_PERSON); one in another
    team's household is not: that household does not exist for the actor (people.access)."""
    if number is None:
        return None, None
    existing = (Person.objects.select_related("household").exclude(pk=person.pk)
                .filter(identity_number_hash=crypto.keyed_hash(number.value)).first())
    if existing is None:
        return number, None
    if household_scope_reason(actor, existing.household) is not None:
        raise DomainError(DUPLICATE_PERSON)
    return None, existing


def _identity_number_route(*, actor: User, person: Person, existing: Person | None) -> None:
    """Send a number registered in a household the actor may not see to those who see every
    team (IdentityNumberConflict), audited under the household that has it."""
    person.identity_number_conflict = existing is not None
    if existing is None:
        return
    conflict = IdentityNumberConflict.objects.create(person=existing, household=person.household, reported_by=actor)
    audit_record(actor=actor, action="person.identity_number.conflict", obj=conflict,
                 household_id=existing.household_id,
                 changes={"households": sorted({existing.household_id, person.household_id})})


def _household_name(person: Person) -> str:
    return f"{person.last_name}, {person.first_name}"[: Household._meta.get_field("name").max_length]


def _person_audit_values(person: Person, fields) -> dict:
    values = field_values(person, [f for f in fields if f != "identity_number"])
    if "identity_number" in fields:
        values["identity_number"] = person.identity_number_masked
    return plain_values(values)


NO_TEAM = (_("Husstanden må høre til et team, og du hører ikke til noe team. Be en administrator om å sette deg "
           "på et team, eller en programleder om å registrere husstanden."))


def household_team(*, actor: User, team: Team | None = None) -> Team | None:
    """The team a new household belongs to: the one chosen (by a programme leader or an
    administrator, who work across teams), else the creator's. None only in a municipality
    without teams; a creator without a team where teams exist is refused (NO_TEAM)."""
    if team is not None and (actor.role in ALL_TEAMS or team.pk == actor.team_id):
        return team
    if actor.team_id is not None:
        return actor.team
    if Team.objects.exists():
        raise DomainError(NO_TEAM)
    return None


@transaction.atomic
def household_create(*, actor: User, main_person: dict, identity_number: IdentityNumber | None,
                     household: dict | None = None, team: Team | None = None) -> Household:
    """Register a household with its main person (hovedperson), in a team from the start
    (`household_team`)."""
    new = Household(**(household or {}), team=household_team(actor=actor, team=team))
    validated_save(new)  # named after its main person by person_create below
    audit_record(actor=actor, action="household.create", obj=new, household_id=new.pk,
                 changes=plain_values({**(household or {}), "team": new.team.name if new.team else ""}))
    main = person_create(actor=actor, household=new, fields={**main_person, "relation": Relation.MAIN},
                         identity_number=identity_number)
    new.identity_number_conflict = main.identity_number_conflict
    return new


NOT_A_PLACER = _("Bare programledere og administratorer kan flytte en husstand til et annet team.")


@transaction.atomic
def household_place(*, actor: User, household: Household, team: Team, reason: str = "") -> Household:
    """Put a household in a team (a programme leader or an administrator, for one nobody could
    place, or to move one). Opening or handing over a case moves it to the caseworker's team too."""
    if actor.role not in ALL_TEAMS:
        raise DomainError(NOT_A_PLACER)
    old = household.team.name if household.team_id else ""
    Household.objects.filter(pk=household.pk).update(team=team, version=F("version") + 1)
    household.team = team
    audit_record(actor=actor, action="household.place", obj=household, household_id=household.pk,
                 changes={"team": {"old": old, "new": team.name}}, reason=reason)
    return household


@transaction.atomic
def household_update(*, actor: User, household: Household, fields: dict,
                     expected_version: int | None = None) -> Household:
    """Change a household's address and economy; from an edit form, only if no one saved since
    it was opened (`expected_version`)."""
    return update_audited(actor=actor, instance=household, fields=fields, action="household.update",
                          household_id=household.pk, expected_version=expected_version)


@transaction.atomic
def person_create(*, actor: User, household: Household, fields: dict,
                  identity_number: IdentityNumber | None) -> Person:
    """Add a member to a household. A person's identity number may be registered once only."""
    if fields.get("relation") == Relation.MAIN and household.members.filter(relation=Relation.MAIN).exists():
        raise DomainError(_("Husstanden har allerede en hovedperson."))
    person = Person(household=household, **fields)
    identity_number, existing = _identity_number_to_store(actor=actor, person=person, number=identity_number)
    person.set_identity_number(identity_number)
    validated_save(person, unique_errors=PERSON_UNIQUE_ERRORS)
    _identity_number_route(actor=actor, person=person, existing=existing)
    if person.relation == Relation.MAIN:
        Household.objects.filter(pk=household.pk).update(name=_household_name(person))
    audit_record(actor=actor, action="person.create", obj=person, household_id=household.pk,
                 changes=_person_audit_values(person, [*fields, "identity_number"]))
    return person


_UNCHANGED = object()


@transaction.atomic
def person_update(*, actor: User, person: Person, fields: dict, identity_number=_UNCHANGED,
                  expected_version: int | None = None) -> Person:
    """Change a member's details; pass identity_number to replace (or None to remove) it. From
    an edit form, only if no one saved since it was opened (`expected_version`).

    The main person stays the main person: a household always has one, and its name.
    """
    stored_relation = Person.objects.values_list("relation", flat=True).get(pk=person.pk)
    if stored_relation == Relation.MAIN and fields.get("relation", Relation.MAIN) != Relation.MAIN:
        raise DomainError(_("Hovedpersonen kan ikke få en annen rolle. Husstanden må alltid ha en hovedperson."))
    if stored_relation != Relation.MAIN and fields.get("relation") == Relation.MAIN:
        raise DomainError(_("Husstanden har allerede en hovedperson."))
    existing = None
    if identity_number is not _UNCHANGED:
        old_hash, old_masked = person.identity_number_hash, person.identity_number_masked
        new_number, existing = _identity_number_to_store(actor=actor, person=person, number=identity_number)
        if existing is None:  # else the person keeps the number it had, and the new one is routed
            person.set_identity_number(new_number)
        if person.identity_number_hash != old_hash:
            audit_record(actor=actor, action="person.update", obj=person, household_id=person.household_id,
                         changes={"identity_number": {"old": old_masked, "new": person.identity_number_masked}})
    update_audited(actor=actor, instance=person, fields=fields, action="person.update",
                   household_id=person.household_id, unique_errors=PERSON_UNIQUE_ERRORS,
                   expected_version=expected_version)
    _identity_number_route(actor=actor, person=person, existing=existing)
    if person.relation == Relation.MAIN:
        Household.objects.filter(pk=person.household_id).update(name=_household_name(person))
    return person


@transaction.atomic
def person_reveal_identity_number(*, actor: User, person: Person, reason: str = "") -> str:
    """Show a member's full identity number, and log that it was shown."""
    audit_record(actor=actor, action="person.identity_number.reveal", obj=person,
                 household_id=person.household_id, reason=reason)
    return person.identity_number()


def identity_conflicts_record_view(*, actor: User, conflicts) -> None:
    audit_record(actor=actor, action="identity_conflict.list", changes={"households": sorted(
        {c.household_id for c in conflicts} | {c.person.household_id for c in conflicts})})


def household_record_view(*, actor: User, household: Household) -> None:
    audit_record(actor=actor, action="household.view", obj=household, household_id=household.pk)


def person_record_view(*, actor: User, person: Person) -> None:
    audit_record(actor=actor, action="person.view", obj=person, household_id=person.household_id)


CONSENT_UNIQUE_ERRORS = {"consent_one_active_per_purpose": "Husstanden har allerede et gyldig samtykke til dette."}


@transaction.atomic
def consent_give(*, actor: User, household: Household, purpose: str, method: str, person: Person | None = None,
                 recipient: str = "", given_at: dt.datetime | None = None, note: str = "") -> Consent:
    """Record that the household agreed to gathering or sharing its data for one purpose.

    Sharing names whom with (the purpose's own recipient, such as Husbanken, when none is
    given); a household has one active consent per purpose and recipient."""
    rule = consent_rules.PURPOSES.get(purpose)
    if rule is None:
        raise DomainError(_("Ukjent formål for samtykke."))
    now = timezone.now()
    given_at = given_at or now
    if given_at > now:
        raise DomainError(_("Samtykket kan ikke være gitt fram i tid."))
    if person is not None and person.household_id != household.pk:
        raise DomainError(_("Personen som ga samtykket, må høre til husstanden."))
    recipient = recipient.strip()
    if rule.kind == consent_rules.SHARING:
        recipient = recipient or rule.recipient
        if not recipient:
            raise DomainError(_("Skriv hvem opplysningene skal deles med."))
    elif recipient:
        raise DomainError(_("«Deles med» gjelder bare samtykke til deling. La feltet stå tomt."))
    consent = Consent(household=household, person=person, purpose=purpose, recipient=recipient, method=method,
                      given_at=given_at, given_recorded_by=actor, note=note.strip())
    validated_save(consent, unique_errors=CONSENT_UNIQUE_ERRORS)
    audit_record(actor=actor, action="consent.give", obj=consent, household_id=household.pk,
                 changes=plain_values({"purpose": purpose, "recipient": recipient, "method": method,
                                       "given_at": given_at, "person": person.pk if person else None}))
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent, withdrawn_at: dt.datetime | None = None,
                     note: str = "") -> Consent:
    """Record that the household withdrew a consent. The row stays, as history; the actions
    that need the purpose are refused from now on, until the household agrees again."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if not consent.is_active:
        raise DomainError(_("Samtykket er allerede trukket tilbake."))
    now = timezone.now()
    withdrawn_at = withdrawn_at or now
    if withdrawn_at > now:
        raise DomainError(_("Samtykket kan ikke trekkes tilbake fram i tid."))
    if withdrawn_at < consent.given_at:
        raise DomainError(_("Et samtykke kan ikke trekkes tilbake før det ble gitt."))
    consent.withdrawn_at, consent.withdrawn_by = withdrawn_at, actor
    if note.strip():
        consent.note = "\n".join(filter(None, [consent.note, f"Trukket tilbake: {note.strip()}"]))
    validated_save(consent)
    audit_record(actor=actor, action="consent.withdraw", obj=consent, household_id=consent.household_id,
                 changes=plain_values({"purpose": consent.purpose, "recipient": consent.recipient,
                                       "withdrawn_at": withdrawn_at}), reason=note.strip())
    return consent


def _refusal(purposes, before: str) -> str:
    return _("Husstanden har ikke samtykket til %(purposes)s. Registrer samtykket på husstandens side før "
             "%(before)s.") % {"purposes": consent_rules.purposes_text(purposes), "before": before}


def consent_require(household: Household | int, purpose: str, *, before: str = _("du går videre")) -> None:
    """Refuse unless the household (or household id) has an active consent to the purpose."""
    household_id = getattr(household, "pk", household)
    if purpose not in consent_rules.active_purposes(household_id):
        raise DomainError(_refusal([purpose], before))


def consent_require_for(household: Household | int, action: str) -> None:
    """Refuse an action (`people.consent.ACTIONS`) that needs a consent the household has not
    given. Called inside the service that does the action, so every way in is covered."""
    missing = consent_rules.missing_for(getattr(household, "pk", household), action)
    if missing:
        raise DomainError(_refusal(missing, consent_rules.ACTIONS[action]))
