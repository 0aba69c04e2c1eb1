"""The financing certificate: issued with an approved startlån, a letter to the household,
extended or renewed with a reason, and followed up in "Mitt arbeid"."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from boligvei.cases import services
from boligvei.cases.certificates import add_months, certificate_extend
from boligvei.cases.decisions import decision_decide, decision_recommend
from boligvei.cases.models import CertificateChange, Decision, DecisionLetter, FinancingCertificate
from boligvei.cases.selectors import certificates_to_follow
from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from tests.cases.test_letters import pdf_text
from tests.conftest import count_queries, make_user
from tests.housing.factories import TenancyFactory
from tests.people.factories import household_with_main_person
from tests.cases.factories import ready_for_startlan


@pytest.fixture
def approver(team):
    return make_user("frida", "approver", team)


def _approved(alice, approver, *, last_name="Nordmann", lang="nb", **fields):
    household = household_with_main_person(first_name="Kari", last_name=last_name, preferred_language=lang)
    TenancyFactory(household=household)
    case = ready_for_startlan(alice, services.case_open(actor=alice, household=household))
    decision = decision_recommend(actor=alice, case=case, kind="startlan", amount=2_000_000, recommendation="Ja.")
    return decision_decide(actor=approver, decision=decision, outcome="approved", grounds="",
                           **{"price_frame": 2_600_000, "conditions": "Boligen må ha heis.", **fields})


def test_an_approved_startlan_issues_a_certificate_valid_six_months_with_its_letter(alice, approver):
    with time_machine.travel(dt.datetime(2026, 8, 31, 10, tzinfo=dt.UTC), tick=False):
        decision = _approved(alice, approver)
    certificate = FinancingCertificate.objects.get(decision=decision)
    assert (certificate.amount, certificate.price_frame) == (2_000_000, 2_600_000)
    assert (certificate.issued_on, certificate.valid_until) == (dt.date(2026, 8, 31), dt.date(2027, 2, 28))
    text = pdf_text(bytes(DecisionLetter.objects.get(certificate=certificate).pdf))
    assert "Finansieringsbevis" in text and "Startlån inntil 2 000 000 kr" in text
    assert "Kjøpesum inntil 2 600 000 kr" in text and "Gyldig til og med 28.02.2027" in text
    assert "Boligen må ha heis." in text


def test_the_validity_follows_the_setting(alice, approver, settings):
    settings.FINANCING_CERTIFICATE_MONTHS = 3
    certificate = _approved(alice, approver).certificate
    assert certificate.valid_until == add_months(timezone.localdate(), 3)


def test_a_certificate_in_nynorsk(alice, approver):
    certificate = _approved(alice, approver, lang="nn").certificate
    text = pdf_text(bytes(certificate.letters.get().pdf))
    assert "Med dette finansieringsbeviset kan du by på ein bustad" in text


def test_an_approval_without_a_price_frame_is_refused_and_nothing_is_decided(alice, approver):
    with pytest.raises(DomainError, match="kjøpesum"):
        _approved(alice, approver, price_frame=None)
    assert Decision.objects.get().is_pending and not DecisionLetter.objects.exists()


def test_a_price_frame_below_the_loan_is_refused(alice, approver):
    with pytest.raises(DomainError, match="lavere enn startlånet"):
        _approved(alice, approver, price_frame=1_000_000)


def test_a_refusal_issues_no_certificate(alice, approver):
    household = household_with_main_person()
    case = ready_for_startlan(alice, services.case_open(actor=alice, household=household))
    decision = decision_recommend(actor=alice, case=case, kind="startlan", amount=2_000_000, recommendation="Ja.")
    decision_decide(actor=approver, decision=decision, outcome="refused", grounds="For lav inntekt.", facts="F.")
    assert not FinancingCertificate.objects.exists()


def test_a_valid_certificate_is_extended_with_a_reason_and_a_new_letter(alice, approver):
    certificate = _approved(alice, approver).certificate
    new_date = certificate.valid_until + dt.timedelta(days=60)
    with pytest.raises(DomainError, match="hvorfor"):
        certificate_extend(actor=alice, certificate=certificate, valid_until=new_date, reason=" ")
    change = certificate_extend(actor=alice, certificate=certificate, valid_until=new_date,
                                reason="Budrunde pågår på en bolig.")
    certificate.refresh_from_db()
    assert change.kind == "extended" and certificate.valid_until == new_date
    assert AuditEvent.objects.filter(action="case.certificate.extended").get().changes["reason"] == (
        "Budrunde pågår på en bolig.")
    newest = certificate.letters.order_by("-created_at", "-id").first()
    assert f"Gyldig til og med {new_date:%d.%m.%Y}" in pdf_text(bytes(newest.pdf))
    assert certificate.case.events.filter(text__contains="forlenget").exists()


def test_an_expired_certificate_is_renewed(alice, approver):
    certificate = _approved(alice, approver).certificate
    FinancingCertificate.objects.filter(pk=certificate.pk).update(
        issued_on=timezone.localdate() - dt.timedelta(days=200), valid_until=timezone.localdate() - dt.timedelta(days=5))
    change = certificate_extend(actor=alice, certificate=certificate,
                                valid_until=timezone.localdate() + dt.timedelta(days=90), reason="Fant ingen bolig.")
    assert change.kind == "renewed"


def test_a_new_date_must_be_later_and_within_a_year(alice, approver):
    certificate = _approved(alice, approver).certificate
    with pytest.raises(DomainError, match="senere"):
        certificate_extend(actor=alice, certificate=certificate, valid_until=certificate.valid_until, reason="R.")
    with pytest.raises(DomainError, match="høyst 12"):
        certificate_extend(actor=alice, certificate=certificate,
                           valid_until=timezone.localdate() + dt.timedelta(days=400), reason="R.")
    assert not CertificateChange.objects.exists()


def test_the_case_page_extends_a_certificate_and_keeps_the_text_on_an_error(alice, approver, alice_client):
    certificate = _approved(alice, approver).certificate
    url = reverse("cases:certificate_extend", args=[certificate.pk])
    page = alice_client.post(url, {"valid_until": certificate.valid_until.isoformat(), "reason": "Visning neste uke."})
    assert page.status_code == 200 and "Visning neste uke." in page.content.decode()
    response = alice_client.post(url, {"valid_until": (certificate.valid_until + dt.timedelta(days=30)).isoformat(),
                                       "reason": "Visning neste uke."})
    assert response.status_code == 302 and CertificateChange.objects.count() == 1


def test_a_programme_leader_cannot_extend_a_certificate(alice, approver, bob_client):
    certificate = _approved(alice, approver).certificate
    response = bob_client.post(reverse("cases:certificate_extend", args=[certificate.pk]),
                               {"valid_until": "2030-01-01", "reason": "R."})
    assert response.status_code == 403


def test_my_work_lists_certificates_about_to_expire_and_those_held_long_without_buying(alice, approver, alice_client):
    expiring = _approved(alice, approver, last_name="Snartute").certificate
    long_held = _approved(alice, approver, last_name="Lengehatt").certificate
    _approved(alice, approver, last_name="Nyttbevis")
    today = timezone.localdate()
    FinancingCertificate.objects.filter(pk=expiring.pk).update(valid_until=today + dt.timedelta(days=10))
    FinancingCertificate.objects.filter(pk=long_held.pk).update(issued_on=today - dt.timedelta(days=150),
                                                                valid_until=today + dt.timedelta(days=40))
    work = certificates_to_follow(user=alice, today=today)
    assert [c.case.household.name for c in work["certificates_expiring"]] == ["Snartute, Kari"]
    assert [c.case.household.name for c in work["certificates_long_held"]] == ["Lengehatt, Kari"]
    page = alice_client.get(reverse("cases:my_work")).content.decode()
    # (Every household holding a certificate has the purchase checklist's tasks further down.)
    section = page.split('id="certificates-heading"')[1].split("</section>")[0]
    assert "Snartute, Kari" in section and "Lengehatt, Kari" in section and "Nyttbevis" not in section
    few = count_queries(alice_client, reverse("cases:my_work"))
    for i in range(3):
        more = _approved(alice, approver, last_name=f"Flere{i}").certificate
        FinancingCertificate.objects.filter(pk=more.pk).update(valid_until=today + dt.timedelta(days=5))
    assert count_queries(alice_client, reverse("cases:my_work")) == few


def test_another_caseworkers_certificates_are_not_in_my_work(alice, approver, team):
    _approved(alice, approver)
    FinancingCertificate.objects.update(valid_until=timezone.localdate())
    dora = make_user("dora", "caseworker", team)
    assert certificates_to_follow(user=dora, today=timezone.localdate())["certificates_expiring"] == []
