import pytest

from boligvei.outreach.selection import Criteria
from boligvei.outreach.services import campaign_create
from tests.outreach.factories import tenant


@pytest.fixture
def tenants(db):
    """Three tenant households: bokmål, nynorsk, and one who reads Somali."""
    return [
        tenant(first_name="Kari", last_name="Aas")[0],
        tenant(first_name="Nils", last_name="Berg", preferred_language="nn")[0],
        tenant(first_name="Hodan", last_name="Cali", preferred_language="other", other_language="somali")[0],
    ]


@pytest.fixture
def make_campaign(alice):
    def make(**kwargs):
        from django.utils import timezone

        return campaign_create(actor=alice, name=kwargs.pop("name", "Invitasjon høsten"), contact=alice,
                               criteria=kwargs.pop("criteria", Criteria()),
                               letter_date=kwargs.pop("letter_date", timezone.localdate()), **kwargs)
    return make
