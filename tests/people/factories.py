import datetime as dt
import random

import factory
from django.utils import timezone

from boligvei.core.models import Team, User
from boligvei.core.roles import Role
from boligvei.lib import identity
from boligvei.people.consent import PURPOSES, active_purposes
from boligvei.people.models import Consent, ConsentMethod, ConsentPurpose, Household, Person, Relation, Sex

_rng = random.Random(80)


_issued: set[str] = set()


def synthetic_number(birth_date: dt.date) -> identity.IdentityNumber:
    """A synthetic number never handed out before in this test run (tests may share birth dates)."""
    while (number := identity.synthetic_identity_number(birth_date, _rng)) in _issued:
        pass
    _issued.add(number)
    return identity.parse(number, allow_synthetic=True)


def synthetic_number_with_individual(birth_date: dt.date, individual: int) -> str:
    """A synthetic number (month + 80) for the birth date's day, month and two-digit year, with
    the given individual digits, following the old check-digit rule. Numbers issued from 2032
    have individual digits that no longer tell the century, so any birth date may carry any."""
    for candidate in range(individual, individual + 100):
        nine = f"{birth_date:%d}{birth_date.month + 80:02d}{birth_date:%y}{candidate % 1000:03d}"
        if (digits := identity._check_digits(nine)) is not None:
            return nine + digits
    raise AssertionError("no check digits fit")


DEFAULT_TEAM = "Boligkontoret"  # the `team` fixture's (tests/conftest.py): alice's, bob's and charlie's


def _creators_team() -> Team:
    """Every household has a team from creation: the team of whoever the test made first
    (usually alice), else the first team, else the housing office everyone's `team` fixture
    makes (a household made before the users still belongs to their team). Pass
    `household__team=None` for a household nobody could place."""
    user = User.objects.order_by("pk").first()
    if user is not None and user.team_id is not None:
        return user.team
    return Team.objects.order_by("pk").first() or Team.objects.get_or_create(name=DEFAULT_TEAM)[0]


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    name = factory.Sequence(lambda n: f"Hansen{n}, Kari")
    team = factory.LazyFunction(_creators_team)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    household = factory.SubFactory(HouseholdFactory)
    relation = Relation.MAIN
    first_name = "Kari"
    last_name = factory.Sequence(lambda n: f"Hansen{n}")
    # Spread over 1950-2004 however many persons a test run makes, never in the future.
    birth_date = factory.Sequence(lambda n: dt.date(1950, 1, 1) + dt.timedelta(days=(97 * n) % 20_000))
    sex = Sex.FEMALE
    income_disability_benefit = 310_000

    @factory.post_generation
    def with_identity_number(person, create, extracted, **kwargs):
        if extracted is False:
            return
        person.set_identity_number(synthetic_number(person.birth_date))
        if create:
            person.save()


def household_with_main_person(**person_fields) -> Household:
    person = PersonFactory(**person_fields)
    Household.objects.filter(pk=person.household_id).update(name=f"{person.last_name}, {person.first_name}")
    person.household.refresh_from_db()
    return person.household


def _registrar() -> User:
    """Whoever the test made first (usually alice); a caseworker of its own if nobody."""
    return User.objects.order_by("pk").first() or User.objects.create_user(username="registrator",
                                                                          role=Role.CASEWORKER)


class ConsentFactory(factory.django.DjangoModelFactory):
    """An active consent to one purpose (the mapping, unless told), given now."""

    class Meta:
        model = Consent

    household = factory.SubFactory(HouseholdFactory)
    purpose = ConsentPurpose.MAPPING
    recipient = factory.LazyAttribute(lambda consent: PURPOSES[consent.purpose].recipient)
    method = ConsentMethod.SIGNED_FORM
    given_at = factory.LazyFunction(timezone.now)
    given_recorded_by = factory.LazyFunction(_registrar)


def consent_to_everything_needed(household: Household) -> Household:
    """The household agreed to every purpose an action in Boligvei needs (mapping, assessments,
    the application to Husbanken): for tests of those actions, not of the consents themselves."""
    given = active_purposes(household.pk)
    for purpose, rule in PURPOSES.items():
        if rule.needed_for and purpose not in given:
            ConsentFactory(household=household, purpose=purpose)
    return household


def consenting_household(**person_fields) -> Household:
    """A household with a main person that has agreed to everything Boligvei's actions need."""
    return consent_to_everything_needed(household_with_main_person(**person_fields))
