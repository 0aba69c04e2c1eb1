import datetime as dt
import inspect
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from boligvei.cases.models import Case, CaseEvent
from boligvei.cases.services import case_open
from boligvei.core.audit import ACTION_LABELS
from boligvei.core.models import AuditEvent
from boligvei.referrals import services, views
from boligvei.referrals.models import Submission
from tests.people.factories import household_with_main_person
from tests.referrals.factories import ReferralPartnerFactory, submission


@pytest.mark.parametrize(("given", "key"), [
    ("912 34 567", "91234567"), ("+47 912 34 567", "91234567"), ("0047 91234567", "91234567"),
    ("91 23 45 67", "91234567"), ("000 47 123", "00047123"), ("+46 70 123 45 67", "46701234567"),
])
def test_phone_numbers_are_compared_by_their_digits_without_the_country_code(given, key):
    assert services.phone_key(given) == key


def test_a_second_submission_with_the_same_phone_is_merged(db):
    first = submission(phone="000 12 345", message="Første")
    merged, was_merged = services.submission_receive(channel="letter", name="Kari Nordmann", phone="+47 000 12 345",
                                                     email="kari@example.com", message="Andre")
    assert was_merged and merged.pk == first.pk
    assert Submission.objects.count() == 1
    assert merged.submission_count == 2 and merged.last_submitted_at > first.last_submitted_at
    assert merged.message.startswith("Første") and merged.message.endswith("Andre")
    assert merged.email == "kari@example.com"  # a detail the first one lacked
    assert merged.channel == "flyer"  # how they first came in
    assert AuditEvent.objects.filter(action="referral.merge", object_id=str(first.pk)).exists()


def test_a_second_submission_with_the_same_email_is_merged_and_notes_the_new_phone(db):
    first = submission(phone="000 12 345", email="Kari@Example.com")
    merged, was_merged = services.submission_receive(channel="flyer", name="Kari Nordmann", phone="000 99 999",
                                                     email="kari@example.com ")
    assert was_merged and merged.pk == first.pk
    assert "Telefon oppgitt: 000 99 999" in merged.message
    assert merged.phone == "000 12 345"


def test_a_handled_submission_is_not_merged_into(db, alice):
    first = submission()
    services.submission_close(actor=alice, submission=first, reason="not_reached")
    second, was_merged = services.submission_receive(channel="flyer", name="Kari Nordmann", phone="000 12 345")
    assert not was_merged and second.pk != first.pk
    assert Submission.objects.filter(status="open").count() == 1


def test_different_people_are_not_merged(db):
    submission(phone="000 12 345", email="kari@example.com")
    submission(phone="000 54 321", email="ola@example.com", name="Ola")
    assert Submission.objects.count() == 2


def test_opening_a_case_records_channel_referrer_and_the_referral_on_the_timeline(db, alice):
    partner = ReferralPartnerFactory(name="NAV Fjordvik", channel="nav")
    referral = submission(partner=partner, referrer_name="Per Veileder", message="Trenger tolk.")
    household = household_with_main_person()
    case = services.submission_open_case(actor=alice, submission=referral, household=household)
    assert (case.household, case.channel, case.referred_by) == (household, "nav", "Per Veileder, NAV Fjordvik")
    event = CaseEvent.objects.get(case=case, kind="referral")
    assert "Henvisning via NAV" in event.text and "Trenger tolk." in event.text
    referral.refresh_from_db()
    assert (referral.status, referral.outcome, referral.case, referral.household) == (
        "handled", "case_opened", case, household)
    assert referral.handled_by == alice and referral.handled_at is not None
    audit = AuditEvent.objects.get(action="referral.case_open")
    assert audit.household_id == household.pk and audit.changes["case"] == case.pk
    assert AuditEvent.objects.filter(action="case.open", household_id=household.pk).exists()


def test_a_household_with_an_open_case_gets_the_referral_on_that_case(db, alice):
    household = household_with_main_person()
    existing = case_open(actor=alice, household=household)
    interest = submission()
    case = services.submission_open_case(actor=alice, submission=interest, household=household)
    assert case == existing and Case.objects.count() == 1
    interest.refresh_from_db()
    assert interest.outcome == "existing_case"
    assert CaseEvent.objects.filter(case=case, kind="referral").exists()


def test_a_handled_submission_cannot_be_handled_again(db, alice):
    interest = submission()
    services.submission_close(actor=alice, submission=interest, reason="not_municipal_tenant")
    with pytest.raises(ValidationError, match="allerede behandlet"):
        services.submission_open_case(actor=alice, submission=interest, household=household_with_main_person())
    with pytest.raises(ValidationError, match="allerede behandlet"):
        services.submission_close(actor=alice, submission=interest, reason="other", note="x")


def test_closing_keeps_the_reason_and_who_and_when(db, alice):
    interest = submission()
    services.submission_close(actor=alice, submission=interest, reason="not_municipal_tenant",
                              note="Fortalte om startlån og bostøtte.")
    interest.refresh_from_db()
    assert (interest.status, interest.outcome, interest.close_reason) == ("handled", "closed", "not_municipal_tenant")
    assert interest.handled_by == alice and interest.handled_at is not None
    assert AuditEvent.objects.get(action="referral.close").reason == "Fortalte om startlån og bostøtte."


def test_closing_for_another_reason_needs_a_note(db, alice):
    with pytest.raises(ValidationError, match="Skriv kort hvorfor"):
        services.submission_close(actor=alice, submission=submission(), reason="other")


def test_partners_are_created_deactivated_and_given_new_links(db, alice):
    partner = services.partner_create(actor=alice, name="A-LARM", channel="user_organisation")
    assert partner.active and len(partner.token) >= 40
    with pytest.raises(ValidationError, match="finnes allerede"):
        services.partner_create(actor=alice, name="a-larm", channel="nav")
    with pytest.raises(ValidationError, match="Velg NAV"):
        services.partner_create(actor=alice, name="Postkontoret", channel="letter")
    services.partner_set_active(actor=alice, partner=partner, active=False)
    old = partner.token
    services.partner_renew_token(actor=alice, partner=partner)
    assert partner.token != old
    assert set(AuditEvent.objects.filter(action__startswith="referral.partner").values_list("action", flat=True)) == {
        "referral.partner.create", "referral.partner.deactivate", "referral.partner.renew"}


def test_every_referral_action_has_a_label():
    source = inspect.getsource(services) + inspect.getsource(views)
    codes = set(re.findall(r'"(referral\.[a-z_.]+)"', source))
    assert codes and codes <= set(ACTION_LABELS)


def test_submissions_handled_over_a_year_ago_without_a_case_are_purged(db, alice):
    old, recent, with_case = submission(), submission(phone="000 22 222"), submission(phone="000 33 333")
    services.submission_close(actor=alice, submission=old, reason="not_reached")
    services.submission_close(actor=alice, submission=recent, reason="not_reached")
    services.submission_open_case(actor=alice, submission=with_case, household=household_with_main_person())
    long_ago = timezone.now() - dt.timedelta(days=400)
    Submission.objects.filter(pk__in=[old.pk, with_case.pk]).update(handled_at=long_ago)
    waiting = submission(phone="000 44 444")
    call_command("referrals_purge", stdout=io.StringIO())
    assert set(Submission.objects.values_list("pk", flat=True)) == {recent.pk, with_case.pk, waiting.pk}
    assert AuditEvent.objects.get(action="referral.purge").changes == {"deleted": 1}
