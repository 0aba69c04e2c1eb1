"""The API's operations: who gets in (a key, never a session), what each scope and team scope
shows, the audit rows with the system as the actor, paging, query counts, tenancy changes through
the housing services, the rate limit and the figures."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from boligvei.api.api import api as ninja_api
from boligvei.api.scopes import CASES_READ, IDENTITY_READ, REGISTER_READ, REPORTS_READ, TENANCIES_WRITE
from boligvei.api.services import api_token_revoke
from boligvei.core.models import ApiToken, AuditEvent
from boligvei.core.roles import Role
from boligvei.housing.models import Tenancy
from boligvei.privacy.selectors import access_report
from boligvei.reports.forms import ReportFilterForm
from boligvei.reports.selectors import dashboard, filter_choices
from boligvei.reports.tables import report_tables
from tests.api.conftest import ApiClient, make_key
from tests.conftest import _client_for, make_user, two_factor_device
from tests.people.factories import household_with_main_person

READS = ["/households", "/dwellings", "/tenancies", "/waiting-list", "/cases", "/case-events", "/reports"]


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


# Who gets in -------------------------------------------------------------------------------------

def test_a_request_without_a_key_is_refused_with_401_and_a_machine_code(register):
    for path in READS:
        response = ApiClient(None).get(path)
        assert response.status_code == 401, path
        assert response.json()["code"] == "unauthorized"
        assert response["WWW-Authenticate"] == "Bearer"


def test_a_logged_in_administrators_session_opens_nothing(register, administrator):
    """A verified session cookie is no key: no read without one, and no write (so no CSRF)."""
    browser = _client_for(administrator)
    for path in READS:
        assert browser.get(f"/api/v1{path}").status_code == 401, path
    tenancy = register["own"]["tenancy"]
    response = browser.post(f"/api/v1/tenancies/{tenancy.pk}/end", {"end_date": "2026-01-01"},
                            content_type="application/json")
    assert response.status_code == 401
    assert Tenancy.objects.get(pk=tenancy.pk).is_active


def test_a_half_logged_in_session_gets_the_apis_answer_not_the_code_page(register, administrator):
    """The API is open before the second factor (it reads no session): a key still works and a
    missing key is still 401, never a redirect to the code page."""
    user = make_user("halfway", Role.ADMINISTRATOR, administrator.team)
    two_factor_device(user)
    browser = Client()
    browser.force_login(user)
    assert browser.get("/api/v1/households").status_code == 401
    _, secret = make_key(administrator)
    assert browser.get("/api/v1/households", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


@pytest.mark.parametrize("secret", ["", "bv_", "bv_000000000000_" + "A" * 43, "x" * 10_000, "bv_zz\x00"])
def test_malformed_and_unknown_keys_are_refused(register, secret):
    assert ApiClient(secret or "-").get("/households").status_code == 401


def test_a_wrong_secret_for_a_known_key_id_is_refused(register, administrator):
    token, secret = make_key(administrator)
    forged = secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")
    assert ApiClient(forged).get("/households").status_code == 401


def test_a_revoked_key_is_refused_from_the_next_request(register, administrator):
    token, secret = make_key(administrator)
    client = ApiClient(secret)
    assert client.get("/households").status_code == 200
    api_token_revoke(actor=administrator, token=token)
    assert client.get("/households").status_code == 401


def test_an_expired_key_is_refused(register, administrator):
    token, secret = make_key(administrator)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert ApiClient(secret).get("/households").status_code == 401


def test_the_secret_is_stored_only_as_a_hash_and_each_use_is_noted(register, administrator):
    token, secret = make_key(administrator)
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in str(stored.__dict__) and stored.last_used_at is None
    ApiClient(secret).get("/dwellings")
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


@pytest.mark.parametrize(("scope", "path"), [
    (REGISTER_READ, "/households"), (REGISTER_READ, "/dwellings"), (REGISTER_READ, "/tenancies"),
    (REGISTER_READ, "/waiting-list"), (CASES_READ, "/cases"), (CASES_READ, "/case-events"),
    (REPORTS_READ, "/reports")])
def test_each_operation_needs_its_scope(register, administrator, scope, path):
    others = [s for s in (REGISTER_READ, CASES_READ, REPORTS_READ, TENANCIES_WRITE) if s != scope]
    _, without = make_key(administrator, scopes=others)
    refused = ApiClient(without).get(path)
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert scope in refused.json()["detail"]
    _, with_scope = make_key(administrator, scopes=[scope], system="Rapportering")
    assert ApiClient(with_scope).get(path).status_code == 200


def test_writing_needs_the_write_scope(register, administrator):
    _, reader = make_key(administrator, scopes=[REGISTER_READ])
    tenancy = register["own"]["tenancy"]
    assert ApiClient(reader).post(f"/tenancies/{tenancy.pk}/end", {"end_date": "2026-01-01"}).status_code == 403
    assert Tenancy.objects.get(pk=tenancy.pk).is_active


# Team scope and identity numbers -----------------------------------------------------------------

def test_a_key_for_one_team_sees_that_teams_households_as_its_caseworker_would(register, administrator, team):
    _, secret = make_key(administrator, team=team)
    client = ApiClient(secret)
    own, other = register["own"], register["other"]
    assert ids(client.get("/households")) == sorted([own["household"].pk, own["waiting"].pk])
    assert ids(client.get("/tenancies")) == [own["tenancy"].pk]
    assert ids(client.get("/waiting-list")) == [own["entry"].pk]
    assert ids(client.get("/cases")) == [own["case"].pk]
    assert {e["case_id"] for e in client.get("/case-events").json()["items"]} == {own["case"].pk}
    # Another team's household does not exist for it (404, as for an id never used).
    assert client.get(f"/households/{other['household'].pk}").status_code == 404
    assert client.get(f"/cases/{other['case'].pk}").status_code == 404
    assert client.get("/households/999999").status_code == 404
    ended = client.post(f"/tenancies/{other['tenancy'].pk}/end", {"end_date": "2026-01-01"})
    assert ended.status_code == 404 and ended.json()["code"] == "not_found"
    assert Tenancy.objects.get(pk=other["tenancy"].pk).is_active
    # Dwellings are the municipality's, open to every key that reads the register.
    assert len(ids(client.get("/dwellings"))) == 3


def test_a_key_for_every_team_sees_every_household(register, administrator):
    _, secret = make_key(administrator)
    assert len(ids(ApiClient(secret).get("/households"))) == 4


def test_identity_numbers_only_with_their_scope_and_audited(register, administrator):
    household = register["own"]["household"]
    person = household.members.get()
    _, plain = make_key(administrator, scopes=[REGISTER_READ])
    member = ApiClient(plain).get(f"/households/{household.pk}").json()["members"][0]
    assert member["identity_number"] is None
    assert person.identity_number() not in ApiClient(plain).get("/households").content.decode()
    assert not AuditEvent.objects.filter(action="person.identity_number.list").exists()

    token, full = make_key(administrator, scopes=[REGISTER_READ, IDENTITY_READ], system="Skatteoppgjør")
    member = ApiClient(full).get(f"/households/{household.pk}").json()["members"][0]
    assert member["identity_number"] == person.identity_number() != ""
    event = AuditEvent.objects.get(action="person.identity_number.list")
    assert event.api_token == token and event.household_id == household.pk


# Audit -------------------------------------------------------------------------------------------

def test_every_read_of_personal_data_is_audited_with_the_system_as_the_actor(register, administrator):
    token, secret = make_key(administrator)
    client = ApiClient(secret)
    household_ids = ids(client.get("/households"))
    event = AuditEvent.objects.get(action="household.list")
    assert event.actor is None and event.api_token == token
    assert event.actor_label == "API: Boligforvaltning"
    assert event.changes["households"] == household_ids
    for path, action in (("/tenancies", "tenancy.list"), ("/waiting-list", "waiting_list.list"),
                         ("/cases", "case.list"), ("/case-events", "case_event.list")):
        client.get(path)
        assert AuditEvent.objects.filter(action=action, api_token=token).count() == 1, path
    client.get(f"/households/{register['own']['household'].pk}")
    assert AuditEvent.objects.filter(action="household.view", api_token=token,
                                     household_id=register["own"]["household"].pk).exists()
    # The household's access report names the system.
    rows = access_report(household=register["own"]["household"])
    assert any(row.who == "API: Boligforvaltning" and row.role == "System (API)" for row in rows)


def test_the_dwellings_hold_no_personal_data_and_are_not_audited(register, administrator):
    token, secret = make_key(administrator)
    ApiClient(secret).get("/dwellings")
    assert not AuditEvent.objects.filter(api_token=token).exists()


# Paging and query counts -------------------------------------------------------------------------

def test_pages_follow_the_id_and_say_where_the_next_begins(register, administrator):
    _, secret = make_key(administrator)
    client = ApiClient(secret)
    everything = ids(client.get("/households"))
    first = client.get("/households", limit=3).json()
    assert [h["id"] for h in first["items"]] == everything[:3] and first["next_after"] == everything[2]
    rest = client.get("/households", limit=3, after=first["next_after"]).json()
    assert [h["id"] for h in rest["items"]] == everything[3:] and rest["next_after"] is None
    assert client.get("/households", limit=0).status_code == 422
    assert client.get("/households", limit=501).json()["code"] == "invalid_request"


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", READS[:-1])
def test_a_page_costs_the_same_queries_however_many_rows(register, administrator, path):
    _, secret = make_key(administrator)
    client = ApiClient(secret)
    client.get("/dwellings")  # the key's first request starts its count in the cache
    few = _queries(client, f"{path}?limit=1")
    for n in range(6):  # more of everything: households with persons, tenancies, entries, cases
        extra = household_with_main_person(first_name="Per", last_name=f"Ekstra{n}")
        extra.team = register["own"]["household"].team
        extra.save()
    from tests.housing.factories import TenancyFactory, WaitingListEntryFactory
    from boligvei.cases.services import case_open
    for household in register["own"]["household"].__class__.objects.filter(name__startswith="Ekstra"):
        TenancyFactory(household=household)
        WaitingListEntryFactory(household=household)
        case_open(actor=administrator, household=household)
    assert _queries(client, f"{path}?limit=1") == few
    assert _queries(client, f"{path}?limit=100") == few


# Tenancy changes ---------------------------------------------------------------------------------

def test_ending_and_starting_a_tenancy_goes_through_the_housing_services(register, administrator):
    token, secret = make_key(administrator, scopes=[TENANCIES_WRITE])
    client = ApiClient(secret)
    own = register["own"]
    ended = client.post(f"/tenancies/{own['tenancy'].pk}/end", {"end_date": str(timezone.localdate())})
    assert ended.status_code == 200 and ended.json()["is_active"] is False
    event = AuditEvent.objects.get(action="tenancy.end")
    assert event.api_token == token and event.household_id == own["household"].pk
    assert event.changes["is_active"] == {"old": True, "new": False}
    again = client.post(f"/tenancies/{own['tenancy'].pk}/end", {"end_date": str(timezone.localdate())})
    assert again.status_code == 409 and again.json() == {"detail": "Leieforholdet er allerede avsluttet.",
                                                         "code": "conflict"}
    body = {"household_id": own["household"].pk, "dwelling_id": register["vacant"].pk,
            "start_date": str(timezone.localdate() + dt.timedelta(days=1)), "rent_monthly": 9_500,
            "contract_type": "indefinite", "source_id": "HMS-991"}
    started = client.post("/tenancies", body)
    assert started.status_code == 201, started.content
    assert Tenancy.objects.get(pk=started.json()["id"]).source_id == "HMS-991"
    assert AuditEvent.objects.get(action="tenancy.create").api_token == token
    # The dwelling is let now: the same rule as on the page refuses a second letting.
    second = client.post("/tenancies", {**body, "household_id": own["waiting"].pk})
    assert second.status_code == 409 and "allerede et aktivt leieforhold" in second.json()["detail"]


def test_a_future_end_is_refused_as_on_the_page(register, administrator):
    _, secret = make_key(administrator, scopes=[TENANCIES_WRITE])
    tenancy = register["own"]["tenancy"]
    response = ApiClient(secret).post(f"/tenancies/{tenancy.pk}/end",
                                      {"end_date": str(timezone.localdate() + dt.timedelta(days=3))})
    assert response.status_code == 409 and "fremtiden" in response.json()["detail"]
    assert Tenancy.objects.get(pk=tenancy.pk).is_active


def test_values_the_register_refuses_are_422_and_nothing_is_saved(register, administrator):
    _, secret = make_key(administrator, scopes=[TENANCIES_WRITE])
    client = ApiClient(secret)
    body = {"household_id": register["own"]["waiting"].pk, "dwelling_id": register["vacant"].pk,
            "start_date": "2026-03-01", "end_date": "2026-01-01", "rent_monthly": 9_500, "contract_type": "fixed_term"}
    before = Tenancy.objects.count()
    response = client.post("/tenancies", body)
    assert response.status_code == 422 and response.json()["code"] == "invalid"
    assert "Sluttdato" in response.json()["detail"]
    assert client.post("/tenancies", {**body, "contract_type": "forever"}).json()["code"] == "invalid_request"
    assert client.post("/tenancies", "{not json").status_code == 400
    assert Tenancy.objects.count() == before


# Rate limit --------------------------------------------------------------------------------------

def test_each_key_has_its_own_rate_and_is_told_when_to_try_again(register, administrator, settings):
    from django.core.cache import cache
    cache.clear()
    settings.API_RATE = "2/m"
    _, first = make_key(administrator)
    _, second = make_key(administrator, system="Rapportering")
    client = ApiClient(first)
    assert [client.get("/dwellings").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/dwellings")
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert ApiClient(second).get("/dwellings").status_code == 200


# The figures and the document --------------------------------------------------------------------

def test_the_figures_are_the_results_pages_tables_for_the_same_filter(register, administrator):
    _, secret = make_key(administrator, scopes=[REPORTS_READ])
    response = ApiClient(secret).get("/reports", start="2020-01-01")
    assert response.status_code == 200
    form = ReportFilterForm({"start": "2020-01-01"}, choices=filter_choices(), with_caseworkers=False)
    expected = report_tables(dashboard(form.report_filter(), by_caseworker=False))
    got = {table["slug"]: table for table in response.json()["tables"]}
    assert list(got) == list(expected)
    for slug, table in expected.items():
        assert got[slug]["rows"] == table.rows, slug
    assert not any("saksbehandler" in slug for slug in got)  # no figures per named employee
    invalid = ApiClient(secret).get("/reports", start="2030-01-01")
    assert invalid.status_code == 422 and invalid.json()["errors"][0]["field"] == "start"


def test_the_openapi_document_is_generated_from_the_code_and_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(ninja_api.get_openapi_schema(path_prefix="/api/v1")))
    assert set(response.json()["paths"]) >= {"/api/v1/households", "/api/v1/tenancies/{tenancy_id}/end"}
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and "script-src 'self'" in docs["Content-Security-Policy"]
    assert "cdn" not in docs.content.decode().lower()
