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
