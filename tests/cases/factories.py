import factory
from django.utils import timezone

from boligvei.cases.models import Case
from tests.people.factories import HouseholdFactory


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    household = factory.SubFactory(HouseholdFactory)
    status = "invited"
    status_changed_at = factory.LazyFunction(timezone.now)


def ready_for_startlan(actor, case: Case) -> Case:
    """Give an open case what a startlån recommendation rests on (cases.decisions.
    recommendation_missing): consent to gather and share, a mapping and an assessment saved now.
    The household needs a tenancy (the assessment prices its dwelling)."""
    from boligvei.assessments.selectors import household_request
    from boligvei.assessments.services import assessment_create
    from boligvei.cases import mapping, services
    from tests.people.factories import consent_to_everything_needed

    consent_to_everything_needed(case.household)
    services.mapping_create(actor=actor, case=case, version=mapping.CURRENT_VERSION, answers={"savings": 45_000})
    assessment_create(actor=actor, household=case.household,
                      request=household_request(household=case.household, today=timezone.localdate()))
    case.refresh_from_db()
    return case


def case_ready_for_startlan(actor, **person_fields) -> Case:
    """A case with what a startlån recommendation rests on: the household's consent to gather
    and share, a mapping and an assessment saved today (the work moved it to «Betjeningsevne
    vurdert»)."""
    from boligvei.assessments.selectors import household_request
    from boligvei.assessments.services import assessment_create
    from boligvei.cases import mapping, services
    from tests.housing.factories import TenancyFactory
    from tests.people.factories import consenting_household

    household = consenting_household(**person_fields)
    TenancyFactory(household=household)
    case = services.case_open(actor=actor, household=household, status="conversation_held")
    services.mapping_create(actor=actor, case=case, version=mapping.CURRENT_VERSION, answers={"savings": 45_000})
    assessment_create(actor=actor, household=household,
                      request=household_request(household=household, today=timezone.localdate()))
    case.refresh_from_db()
    return case
