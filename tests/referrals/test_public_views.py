"""The public pages: the interest form and a partner's referral form (no login)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from boligvei.core.models import AuditEvent
from boligvei.referrals.models import Submission
from tests.referrals.factories import ReferralPartnerFactory, submission

INTEREST = {"name": "Kari Nordmann", "phone": "000 12 345", "email": "kari@example.com",
            "address": "Granliveien 4", "channel": "flyer", "message": "Ring etter klokka fire.", "consent": "on"}
REFERRAL = {"referrer_name": "Per Veileder", "referrer_contact": "000 55 555", "name": "Ali Omar",
            "phone": "000 33 333", "address": "Fjellveien 2", "message": "Trenger tolk (arabisk).",
            "tenant_agreed": "on"}


@pytest.fixture(autouse=True)
def _empty_rate_limits(db):
    cache.clear()  # the rate limits count in the shared cache


def test_the_interest_page_opens_without_login(client):
    response = client.get(reverse("referrals:interest"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vil du eie boligen du leier?" in page
    assert "Fjordvik kommune er behandlingsansvarlig" in page and "trekkes tilbake" in page
    assert 'name="website"' in page and "<div hidden>" in page


def test_an_interest_submission_lands_in_the_queue(client):
    response = client.post(reverse("referrals:interest"), INTEREST)
    assert response.status_code == 302 and response.url == reverse("referrals:interest_thanks")
    submission = Submission.objects.get()
    assert (submission.kind, submission.channel, submission.status) == ("interest", "flyer", "open")
    assert (submission.name, submission.phone_key, submission.email) == ("Kari Nordmann", "00012345", "kari@example.com")
    assert submission.message == "Ring etter klokka fire." and submission.consent_at is not None
    event = AuditEvent.objects.get(action="referral.receive")
    assert event.actor is None and event.object_id == str(submission.pk)
    assert "Kari" not in str(event.changes)


def test_without_consent_nothing_is_saved_and_the_input_is_kept(client):
    response = client.post(reverse("referrals:interest"), {**INTEREST, "consent": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vi kan bare ta imot skjemaet hvis du samtykker" in page
    assert 'value="Kari Nordmann"' in page and "Ring etter klokka fire." in page
    assert not Submission.objects.exists()


def test_a_phone_number_too_short_is_refused(client):
    response = client.post(reverse("referrals:interest"), {**INTEREST, "phone": "12 34"})
    assert "Skriv et telefonnummer med åtte sifre" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_robot_filling_in_the_hidden_field_sees_thanks_and_nothing_is_saved(client):
    response = client.post(reverse("referrals:interest"), {**INTEREST, "website": "http://spam.example.com"})
    assert response.status_code == 302 and response.url == reverse("referrals:interest_thanks")
    assert not Submission.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="referral.").exists()


def test_over_the_rate_limit_nothing_is_saved_and_the_input_is_kept(client, settings):
    settings.PUBLIC_FORM_RATE = "3/h"
    for n in range(3):
        assert client.post(reverse("referrals:interest"), {**INTEREST, "phone": f"000 12 34{n}",
                                                           "email": ""}).status_code == 302
    response = client.post(reverse("referrals:interest"), {**INTEREST, "phone": "000 99 999", "email": ""})
    page = response.content.decode()
    assert response.status_code == 429
    assert "Vi har fått mange skjemaer fra samme nettverk den siste timen" in page
    assert 'value="Kari Nordmann"' in page and 'value="000 99 999"' in page and "Ring etter klokka fire." in page
    assert Submission.objects.count() == 3
    assert not Submission.objects.filter(phone_key="00099999").exists()
    assert client.get(reverse("referrals:interest")).status_code == 200  # reading the form is not limited


def test_the_rate_limit_counts_per_address(client, settings):
    settings.PUBLIC_FORM_RATE = "1/h"
    assert client.post(reverse("referrals:interest"), INTEREST).status_code == 302
    assert client.post(reverse("referrals:interest"), INTEREST).status_code == 429
    other = client.post(reverse("referrals:interest"), {**INTEREST, "phone": "000 11 111", "email": ""},
                        REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_the_thank_you_page_is_the_same_for_new_and_merged_and_shows_no_data(client):
    first = client.post(reverse("referrals:interest"), INTEREST, follow=True).content.decode()
    again = client.post(reverse("referrals:interest"), {**INTEREST, "message": "Igjen"}, follow=True).content.decode()
    assert Submission.objects.get().submission_count == 2
    strip = lambda page: page.split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert strip(first) == strip(again)
    for value in ("Kari", "Nordmann", "000 12 345", "kari@example.com", "Granliveien"):
        assert value not in first


def test_a_partner_link_opens_the_referral_form(client):
    partner = ReferralPartnerFactory(name="NAV Fjordvik")
    page = client.get(reverse("referrals:partner_referral", args=[partner.token])).content.decode()
    assert "Henvis en husstand" in page and "NAV Fjordvik" in page


def test_a_partner_referral_lands_in_the_queue_with_the_partners_channel(client):
    partner = ReferralPartnerFactory(name="NAV Fjordvik", channel="nav")
    response = client.post(reverse("referrals:partner_referral", args=[partner.token]), REFERRAL)
    assert response.url == reverse("referrals:partner_thanks", args=[partner.token])
    submission = Submission.objects.get()
    assert (submission.kind, submission.channel, submission.partner) == ("referral", "nav", partner)
    assert submission.referred_by == "Per Veileder, NAV Fjordvik"
    assert submission.referrer_contact == "000 55 555" and submission.name == "Ali Omar"


def test_a_partner_referral_needs_the_tenants_agreement(client):
    partner = ReferralPartnerFactory()
    response = client.post(reverse("referrals:partner_referral", args=[partner.token]),
                           {**REFERRAL, "tenant_agreed": ""})
    assert "leietakeren har sagt ja" in response.content.decode()
    assert not Submission.objects.exists()


def test_an_unknown_or_deactivated_partner_link_is_not_found(client):
    partner = ReferralPartnerFactory(active=False)
    assert client.get(reverse("referrals:partner_referral", args=[partner.token])).status_code == 404
    assert client.post(reverse("referrals:partner_referral", args=[partner.token]), REFERRAL).status_code == 404
    assert client.get(reverse("referrals:partner_referral", args=["not-a-token"])).status_code == 404
    assert client.get(reverse("referrals:partner_thanks", args=["not-a-token"])).status_code == 404
    assert not Submission.objects.exists()


def test_the_partner_form_is_rate_limited_too(client, settings):
    settings.PUBLIC_FORM_RATE = "1/h"
    partner = ReferralPartnerFactory()
    url = reverse("referrals:partner_referral", args=[partner.token])
    assert client.post(url, REFERRAL).status_code == 302
    response = client.post(url, {**REFERRAL, "phone": "000 44 444"})
    assert response.status_code == 429 and 'value="000 44 444"' in response.content.decode()
    assert Submission.objects.count() == 1


def test_a_referral_for_someone_who_already_wrote_in_is_merged(client):
    existing = submission(phone="+47 000 33 333")
    partner = ReferralPartnerFactory(name="Servicetorget", channel="service_centre")
    client.post(reverse("referrals:partner_referral", args=[partner.token]), REFERRAL)
    existing.refresh_from_db()
    assert Submission.objects.count() == 1 and existing.submission_count == 2
    assert (existing.channel, existing.partner) == ("service_centre", partner)
    assert "Per Veileder, Servicetorget" in existing.message


def test_behind_the_proxy_each_citizen_has_an_own_rate_limit(client, settings):
    """Every request comes from the proxy's address; the proxy names the citizen's in X-Forwarded-For."""
    settings.BEHIND_TLS_PROXY = True
    settings.PUBLIC_FORM_RATE = "1/h"
    statuses = [client.post(reverse("referrals:interest"), {**INTEREST, "phone": f"000 12 34{n}", "email": ""},
                            REMOTE_ADDR="10.20.0.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
                for n in range(5)]
    assert statuses == [302] * 5
    again = client.post(reverse("referrals:interest"), {**INTEREST, "phone": "000 99 999", "email": ""},
                        REMOTE_ADDR="10.20.0.5", HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.0")
    assert again.status_code == 429  # an address of its own choosing, written in front, changes nothing
