"""Who a campaign invites, against the target group of the guidelines in force on the day: by
which paragraph a household is in it, and why another is not (outreach/selection.py)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boligvei.demo.guidelines import demo_guidelines_create
from boligvei.outreach.selection import Criteria, invitation_recipients
from tests.outreach.factories import tenant
from tests.people.factories import PersonFactory

TODAY = dt.date(2026, 11, 24)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenants(alice):
    demo_guidelines_create(actor=alice)
    family, _ = tenant(last_name="Familie", income_disability_benefit=0, birth_date=dt.date(1985, 1, 1),
                       start_date=dt.date(2010, 1, 1))
    PersonFactory(household=family, relation="child", birth_date=dt.date(2018, 1, 1), income_disability_benefit=0)
    single, _ = tenant(last_name="Enslig", income_disability_benefit=0, income_wage=500_000,
                       birth_date=dt.date(1975, 1, 1), start_date=dt.date(2010, 1, 1))
    return family, single


def test_each_recipient_carries_its_target_group_by_paragraph(tenants):
    family, single = tenants
    selection = invitation_recipients(Criteria(), today=TODAY)
    groups = {r.household: r.target_group for r in selection.recipients}
    assert groups[family].summary() == "§ 2 a: barnefamilie"
    assert not groups[single].in_group
    assert selection.guideline.valid_from == dt.date(2013, 11, 1)


def test_only_the_target_group_leaves_the_others_out_with_the_reason(tenants):
    family, single = tenants
    selection = invitation_recipients(Criteria(target_group="in"), today=TODAY)
    assert [r.household for r in selection.recipients] == [family]
    [excluded] = selection.excluded
    assert excluded.household_id == single.pk
    assert excluded.reason.startswith("Ikke i målgruppen: § 2 a: ingen barn under 18 år;")
    outside = invitation_recipients(Criteria(target_group="out"), today=TODAY)
    assert [r.household for r in outside.recipients] == [single]
    assert Criteria(target_group="in").describe()[0] == "Bare husstander i målgruppen etter retningslinjene"


def test_the_first_version_counted_every_municipal_tenant(tenants):
    selection = invitation_recipients(Criteria(target_group="in"), today=dt.date(2013, 6, 1))
    assert len(selection.recipients) == 2
    assert {r.target_group.summary() for r in selection.recipients} >= {"§ 2 a: leier kommunal bolig"}


def test_the_preview_shows_the_target_group_and_filters_by_it(alice_client, alice, tenants):
    family, single = tenants
    response = alice_client.post(reverse("outreach:campaign_new"), {
        "name": "Invitasjon", "contact": alice.pk, "letter_date": timezone.localdate().isoformat(),
        "quarantine_days": 365, "reminder_after_days": 21, "target_group": "in", "preview": "1"})
    page = response.content.decode()
    assert "1 husstand får brev" in page
    assert "§ 2 a: barnefamilie" in page
    assert single.name in page and "Ikke i målgruppen: § 2 a: ingen barn under 18 år" in page
