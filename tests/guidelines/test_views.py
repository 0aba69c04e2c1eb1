"""The guidelines' pages: every member of staff reads, administrators add versions, audited."""

import datetime as dt

import pytest
from django.urls import reverse

from boligvei.core.models import AuditEvent
from boligvei.core.roles import Role
from boligvei.demo.guidelines import demo_guidelines_create
from boligvei.guidelines.models import GuidelineVersion
from boligvei.guidelines.selectors import guideline_in_force
from tests.conftest import _client_for, make_user


@pytest.fixture
def admin(team):
    return make_user("ada", Role.ADMINISTRATOR, team)


@pytest.fixture
def versions(admin):
    return demo_guidelines_create(actor=admin)


FORM = {"title": "Retningslinjer for startlån", "adopted_by": "Bystyret", "adopted_on": "2026-11-20",
        "valid_from": "2027-01-01", "case_number": "26/1001", "link": "", "note": "Tilskudd fjernet.",
        "target_paragraph": "§ 2", "criteria": ["children", "risk_of_losing_home"], "target_text": "",
        "priority_paragraph": "§ 3", "priorities": "", "waiver_paragraph": "", "waived": [], "waiver_groups": "",
        "frames_paragraph": "§ 5", "price_frames": "1; ; 2 500 000\n3; Sentrum; 3 900 000",
        "loan_paragraph": "§ 6", "max_amount": "4000000", "min_amount": "", "own_contribution_percent": "",
        "financing": "full_or_top_up", "max_term_years": "50", "term_text": "", "grant_paragraph": "",
        "grant_criteria": "", "grant_max_amount": ""}


def test_the_version_in_force_is_the_latest_started_on_or_before_the_day(versions):
    first, second = versions
    assert guideline_in_force(dt.date(2012, 2, 28)) is None
    assert guideline_in_force(dt.date(2013, 10, 31)) == first
    assert guideline_in_force(dt.date(2013, 11, 1)) == second


def test_a_caseworker_reads_the_guidelines_but_cannot_add_a_version(alice_client, versions):
    page = alice_client.get(reverse("guidelines:guideline_list")).content.decode()
    assert "Gjelder nå" in page and "01.11.2013" in page
    detail = alice_client.get(reverse("guidelines:guideline_detail", args=[versions[1].pk])).content.decode()
    assert "Husstander som står i fare for å miste boligen" in detail and "3 800 000" in detail.replace("\xa0", " ")
    assert alice_client.post(reverse("guidelines:guideline_create"), FORM).status_code == 403
    assert GuidelineVersion.objects.count() == 2


def test_an_administrator_adds_a_version_starting_from_the_one_in_force(admin, versions):
    client = _client_for(admin)
    page = client.get(reverse("guidelines:guideline_create")).content.decode()
    assert "Husstander som står i fare" in page and "3; Sentrum; 3 800 000" in page
    response = client.post(reverse("guidelines:guideline_create"), FORM)
    version = GuidelineVersion.objects.get(valid_from=dt.date(2027, 1, 1))
    assert response.status_code == 302
    assert version.document["price_frames"]["frames"][1] == {"household_size": 3, "area": "Sentrum",
                                                            "max_price": 3_900_000}
    assert AuditEvent.objects.get(action="guideline.version_create", object_id=str(version.pk)).actor_label == "ada"


def test_an_age_limit_is_refused_with_the_reason_and_nothing_is_saved(admin, versions):
    client = _client_for(admin)
    page = client.post(reverse("guidelines:guideline_create"),
                       {**FORM, "target_text": "Søkere under 35 år prioriteres."}).content.decode()
    assert "ingen aldersgrense" in page
    assert GuidelineVersion.objects.count() == 2 and not AuditEvent.objects.filter(
        action="guideline.version_create", actor_label="ada", object_id__gt=str(versions[1].pk)).exists()


def test_waiving_the_ordinary_bank_condition_is_refused(admin, versions):
    page = _client_for(admin).post(reverse("guidelines:guideline_create"),
                                   {**FORM, "waived": ["ordinary_bank_loan"]}).content.decode()
    assert "kan aldri fravikes" in page and GuidelineVersion.objects.count() == 2


def test_a_bad_price_frame_line_is_named(admin, versions):
    page = _client_for(admin).post(reverse("guidelines:guideline_create"),
                                   {**FORM, "price_frames": "1; ; 2 500 000\ntre; Sentrum"}).content.decode()
    assert "Linje 2" in page and GuidelineVersion.objects.count() == 2


def test_a_saved_version_cannot_be_changed(versions):
    from django.core.exceptions import ValidationError
    versions[0].note = "Endret i ettertid"
    with pytest.raises(ValidationError):
        versions[0].save()
