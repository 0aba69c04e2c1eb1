import json
from pathlib import Path

import pytest
from django.urls import reverse

from boligvei.assessments.models import ParameterVersion
from boligvei.assessments.parameters import parameter_version_create, text_in_force
from boligvei.assessments.selectors import household_request
from boligvei.assessments.services import assessment_create, assessment_reproduce, assessment_run
from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from tests.assessments.test_calculator_views import tenant  # noqa: F401 — the fixture
from tests.conftest import _client_for, make_user


@pytest.fixture
def admin(team):
    return make_user("erik", "administrator", team)


def _higher_policy_rate(points: str = "2.0") -> str:
    """The stress-test document in force with one more policy rate, far above today's."""
    text, _ = text_in_force("stress_test", None)
    data = json.loads(text)
    latest = max(data["policy_rates"], key=lambda p: p["valid_from"])
    data["policy_rates"].append({**latest, "valid_from": "2026-01-01",
                                 "policy_rate_percent": float(latest["policy_rate_percent"]) + float(points)})
    return json.dumps(data, ensure_ascii=False)


def test_a_new_version_is_in_force_for_new_calculations_only(admin, alice, tenant):  # noqa: F811
    import datetime as dt

    request = household_request(household=tenant, today=dt.date(2026, 11, 24))
    saved = assessment_create(actor=alice, household=tenant, request=request)
    before = assessment_run(request=request)
    parameter_version_create(actor=admin, kind="stress_test", year=None, text=_higher_policy_rate(),
                             note="Styringsrenten satt opp (test)")
    after = assessment_run(request=request)
    assert after["stress_rate_percent"] == pytest.approx(before["stress_rate_percent"] + 2)
    assert after["max_loan"] < before["max_loan"]
    assert assessment_reproduce(assessment=saved) == saved.result  # the stored documents still answer
    assert AuditEvent.objects.filter(action="parameters.update").exists()


def test_a_document_the_engine_cannot_read_is_refused_with_the_reason(admin):
    with pytest.raises(DomainError, match="Ugyldig JSON på linje 1"):
        parameter_version_create(actor=admin, kind="stress_test", year=None, text="{oops", note="x")
    with pytest.raises(DomainError, match="kan ikke brukes"):
        parameter_version_create(actor=admin, kind="stress_test", year=None, text='{"policy_rates": []}', note="x")
    assert not ParameterVersion.objects.exists()


def test_a_new_version_must_say_what_changed(admin):
    with pytest.raises(DomainError, match="hva som er endret"):
        parameter_version_create(actor=admin, kind="stress_test", year=None, text=_higher_policy_rate(), note=" ")


def test_an_administrator_saves_a_version_in_the_browser(admin):
    client = _client_for(admin)
    page = client.get(reverse("assessments:parameter_create") + "?kind=stress_test").content.decode()
    assert "policy_rates" in page  # starts from the document in force
    response = client.post(reverse("assessments:parameter_create"), {
        "kind": "stress_test", "year": "", "note": "Ny styringsrente", "text": _higher_policy_rate()})
    assert response.status_code == 302
    assert "Lagret" in client.get(reverse("assessments:parameters")).content.decode()


def test_only_administrators_may_change_parameters(alice_client, bob_client):
    for client in (alice_client, bob_client):
        assert client.get(reverse("assessments:parameters")).status_code == 403
        assert client.post(reverse("assessments:parameter_create"), {}).status_code == 403


V1_CASES = json.loads((Path(__file__).parent / "data" / "engine_v1_assessments.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", V1_CASES, ids=["uføretrygd single", "joint serial 40 years", "830 000 kr family"])
def test_assessments_saved_under_the_first_rules_reproduce_exactly(case):
    # Answers made by the engine before rules version 2 (file written by that engine, with the
    # documents then in force): the stored documents and the first rules give them again.
    from boligvei.assessments.models import Assessment

    saved = Assessment(request=case["request"], parameter_texts=case["parameter_texts"], result=case["result"])
    assert assessment_reproduce(assessment=saved) == case["result"]


def test_a_new_assessment_records_the_rules_it_was_made_with(alice, tenant):  # noqa: F811
    import datetime as dt

    from boligvei.assessments.services import engine_version
    from boligvei.finance.model import RULES_VERSION

    saved = assessment_create(actor=alice, household=tenant,
                              request=household_request(household=tenant, today=dt.date(2026, 11, 24)))
    assert saved.result["rules_version"] == RULES_VERSION == 2
    assert saved.engine_version == engine_version() and engine_version().endswith("regler 2")
    assert assessment_reproduce(assessment=saved) == saved.result


def test_a_municipal_margin_above_a_quarter_point_is_refused_in_norwegian(admin):
    text, _ = text_in_force("husbanken_startlan", None)
    data = json.loads(text)
    data["municipality"]["margin_percentage_points"] = 0.5
    with pytest.raises(DomainError, match="påslag på Husbankens rente kan være høyst 0,25 prosentpoeng"):
        parameter_version_create(actor=admin, kind="husbanken_startlan", year=None, text=json.dumps(data),
                                 note="Påslag 0,5")
    assert not ParameterVersion.objects.exists()


@pytest.mark.parametrize("text", ["-1", "[]", '"tekst"', "null", '{"policy_rates": [1]}'])
@pytest.mark.parametrize(("kind", "year"), [("stress_test", ""), ("tax", "2025"), ("guideline_rates", ""),
                                            ("tax_income_classes", "")])
def test_a_document_that_is_not_an_object_is_refused_with_a_form_error_not_a_server_error(admin, text, kind, year):
    client = _client_for(admin)
    client.raise_request_exception = False
    response = client.post(reverse("assessments:parameter_create"),
                           {"kind": kind, "year": year, "text": text, "note": "Prøver"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dokumentet må være et JSON-objekt" in page or "kan ikke brukes av beregningen" in page
    assert not ParameterVersion.objects.exists()
def _parameter_queries(captured) -> int:
    return sum("assessments_parameterversion" in query["sql"] for query in captured)


def test_a_calculation_takes_the_documents_in_force_from_the_shared_cache(admin, alice, tenant):  # noqa: F811
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request = household_request(household=tenant, today=dt.date(2026, 11, 24))
    first = assessment_run(request=request)
    with CaptureQueriesContext(connection) as captured:
        again = assessment_run(request=request)
    assert again == first
    assert _parameter_queries(captured) == 0  # seven queries, one per document, before the cache


def test_a_new_version_is_seen_at_once_though_another_process_cached_the_old_one(admin, alice, tenant,  # noqa: F811
                                                                                 django_capture_on_commit_callbacks):
    import datetime as dt

    from django.core.cache import cache

    from boligvei.assessments import parameters

    request = household_request(household=tenant, today=dt.date(2026, 11, 24))
    year = request["year"]
    before = assessment_run(request=request)  # the old documents are in the cache now
    old_texts = parameters.texts_in_force(year)
    with django_capture_on_commit_callbacks() as on_commit:
        parameter_version_create(actor=admin, kind="stress_test", year=None, text=_higher_policy_rate(),
                                 note="Styringsrenten satt opp (test)")
        assert assessment_run(request=request)["max_loan"] < before["max_loan"]  # in force at once here
        # Another process read the documents before the commit and caches them now, too late.
        cache.set(f"assessments:parameters:{parameters._generation()}:{year}", old_texts)
    for callback in on_commit:  # the commit
        callback()
    after = assessment_run(request=request)
    assert after["stress_rate_percent"] == pytest.approx(before["stress_rate_percent"] + 2)


def test_the_household_pages_show_the_price_that_can_be_financed(alice, tenant):  # noqa: F811
    import datetime as dt

    saved = assessment_create(actor=alice, household=tenant,
                              request=household_request(household=tenant, today=dt.date(2026, 11, 24)))
    assert saved.max_price == saved.result["headline"]["price"] < saved.result["max_price"]
