import datetime as dt
import random

import factory

from boligvei.lib import identity
from boligvei.people.models import Household, Person, Relation, Sex

_rng = random.Random(80)


_issued: set[str] = set()


def synthetic_number(birth_date: dt.date) -> identity.IdentityNumber:
    """A synthetic number never handed out before in this test run (tests may share birth dates)."""
    while (number := identity.synthetic_identity_number(birth_date, _rng)) in _issued:
        pass
    _issued.add(number)
    return identity.parse(number, allow_synthetic=True)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    name = factory.Sequence(lambda n: f"Hansen{n}, Kari")


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
