import pytest
from cryptography.hazmat.primitives import serialization
from django.utils import timezone

from boligvei.cases.decisions import decision_decide, decision_recommend
from boligvei.cases.services import case_open
from boligvei.core.roles import Role
from boligvei.dispatch.maskinporten import token_providers_reset
from tests.conftest import make_user
from tests.dispatch.svarut_server import SvarUtServer
from tests.outreach.factories import tenant


@pytest.fixture
def svarut(settings, tmp_path):
    """A local SvarUt and Maskinporten that enforce KS's published OpenAPI documents, with
    Boligvei's settings pointed at them. A request the real service would refuse fails the test,
    unless the test takes the refusals (`svarut.violations.clear()`) and checks them."""
    server = SvarUtServer().start()
    key_file = tmp_path / "maskinporten.pem"
    key_file.write_bytes(server.client_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    settings.SVARUT_ENABLED = True
    settings.SVARUT_URL = server.base_url
    settings.SVARUT_ACCOUNT_ID = server.account_id
    settings.SVARUT_INTEGRATION_ID = server.integration_id
    settings.SVARUT_INTEGRATION_PASSWORD = server.integration_password
    settings.SVARUT_TOKEN_PROVIDER = "boligvei.dispatch.maskinporten.MaskinportenTokenProvider"
    settings.MASKINPORTEN_TOKEN_URL = server.token_url
    settings.MASKINPORTEN_AUDIENCE = server.audience
    settings.MASKINPORTEN_CLIENT_ID = server.client_id
    settings.MASKINPORTEN_KEY_FILE = str(key_file)
    settings.MASKINPORTEN_KEY_ID = "boligvei-test"
    token_providers_reset()
    server.key_file = key_file
    yield server
    server.stop()
    token_providers_reset()
    assert server.violations == [], "requests SvarUt's contract refuses"


@pytest.fixture
def approver(team):
    return make_user("vera", Role.APPROVER, team)


@pytest.fixture
def decision_letter(alice, approver):
    """An approved grant's decision letter to a tenant household with a postal address."""
    household, _ = tenant(first_name="Kari", last_name="Aas")
    case = case_open(actor=alice, household=household, status="conversation_held")
    decision = decision_recommend(actor=alice, case=case, kind="grant", amount=100_000, recommendation="Innvilges.")
    return decision_decide(actor=approver, decision=decision, outcome="approved", grounds="").letters.get()


@pytest.fixture
def generated_campaign(alice):
    from boligvei.outreach.generation import campaign_generate
    from boligvei.outreach.selection import Criteria
    from boligvei.outreach.services import campaign_create

    for first, last in [("Kari", "Aas"), ("Nils", "Berg"), ("Hodan", "Cali")]:
        tenant(first_name=first, last_name=last)
    campaign = campaign_create(actor=alice, name="Invitasjon via SvarUt", contact=alice, criteria=Criteria(),
                               letter_date=timezone.localdate())
    campaign_generate(campaign.pk)
    campaign.refresh_from_db()
    return campaign
