"""The staff side: the queue, a submission's page, linking and closing, partners, per role."""

import pytest
from django.urls import reverse

from boligvei.cases.models import Case, CaseEvent
from boligvei.core.models import AuditEvent
from boligvei.core.roles import Role
from boligvei.referrals import services
from boligvei.referrals.models import ReferralPartner
from tests.conftest import _client_for, count_queries, make_user
from tests.housing.factories import TenancyFactory
from tests.people.factories import household_with_main_person
from tests.referrals.factories import ReferralPartnerFactory, submission


@pytest.fixture
def admin_client(team):
    return _client_for(make_user("admin", Role.ADMINISTRATOR, team))


def test_the_queue_shows_waiting_submissions_to_staff_who_may_read(alice_client, bob_client):
    submission(name="Kari Nordmann")
    for client in (alice_client, bob_client):
        page = client.get(reverse("referrals:submission_list")).content.decode()
        assert "Kari Nordmann" in page and "Flygeblad" in page
    assert AuditEvent.objects.filter(action="referral.list").count() == 2


def test_the_statistics_role_and_anonymous_users_may_not_see_the_queue(charlie_client, client, db):
    interest = submission()
    assert charlie_client.get(reverse("referrals:submission_list")).status_code == 403
    assert charlie_client.get(reverse("referrals:submission_detail", args=[interest.pk])).status_code == 403
    assert client.get(reverse("referrals:submission_list")).status_code == 302


def test_the_queue_filters_by_status_and_channel(alice_client, alice):
    submission(name="Kari Flygeblad", channel="flyer")
    submission(name="Nils Brevmottaker", channel="letter", phone="000 22 222")
    handled = submission(name="Siri Behandlet", phone="000 33 333")
    services.submission_close(actor=alice, submission=handled, reason="not_reached")
    url = reverse("referrals:submission_list")
    page = alice_client.get(url).content.decode()
    assert "Kari Flygeblad" in page and "Nils Brevmottaker" in page and "Siri Behandlet" not in page
    page = alice_client.get(url + "?channel=letter").content.decode()
    assert "Nils Brevmottaker" in page and "Kari Flygeblad" not in page
    page = alice_client.get(url + "?state=handled").content.decode()
    assert "Siri Behandlet" in page and "Kari Flygeblad" not in page


def test_the_queue_costs_the_same_number_of_queries_whatever_its_length(alice_client, alice):
    partner = ReferralPartnerFactory()
    submission(partner=partner, referrer_name="Per")
    one = count_queries(alice_client, reverse("referrals:submission_list"))
    for n in range(5):
        submission(partner=partner, phone=f"000 40 00{n}", referrer_name="Per")
    assert count_queries(alice_client, reverse("referrals:submission_list")) == one


def test_a_caseworker_sees_the_submission_and_households_it_may_be_about(alice_client):
    household = household_with_main_person(first_name="Kari", last_name="Nordmann")
    TenancyFactory(household=household, dwelling__street_address="Granliveien 4")
    household_with_main_person(first_name="Ola", last_name="Hansen")
    interest = submission(name="Kari Nordmann", message="Ring meg etter fire.")
    page = alice_client.get(reverse("referrals:submission_detail", args=[interest.pk])).content.decode()
    assert "Ring meg etter fire." in page and "Opprett sak" in page and "Avslutt henvendelsen" in page
    assert f'<option value="{household.pk}" selected>Nordmann, Kari – Granliveien 4</option>' in page
    assert "Hansen, Ola" not in page
    assert AuditEvent.objects.filter(action="referral.view", object_id=str(interest.pk)).exists()


def test_a_household_search_is_posted_and_kept_out_of_the_url(alice_client):
    household_with_main_person(first_name="Ola", last_name="Hansen")
    interest = submission(name="Kari Nordmann")
    url = reverse("referrals:submission_detail", args=[interest.pk])
    response = alice_client.post(url, {"q": "Hansen"})
    assert response.status_code == 302 and "Hansen" not in response.url and "?s=" in response.url
    page = alice_client.get(response.url).content.decode()
    assert "Hansen, Ola" in page and "for søket «Hansen»" in page


def test_a_programme_leader_reads_but_cannot_link_or_close(bob_client, db):
    interest = submission()
    page = bob_client.get(reverse("referrals:submission_detail", args=[interest.pk])).content.decode()
    assert "Kari Nordmann" in page and "Opprett sak" not in page
    household = household_with_main_person()
    assert bob_client.post(reverse("referrals:submission_open_case", args=[interest.pk]),
                           {"household": household.pk}).status_code == 403
    assert bob_client.post(reverse("referrals:submission_close", args=[interest.pk]),
                           {"reason": "not_reached"}).status_code == 403
    interest.refresh_from_db()
    assert interest.is_open


def test_opening_a_case_from_the_submission(alice_client, alice):
    partner = ReferralPartnerFactory(name="NAV Fjordvik", channel="nav")
    referral = submission(partner=partner, referrer_name="Per Veileder")
    household = household_with_main_person()
    response = alice_client.post(reverse("referrals:submission_open_case", args=[referral.pk]),
                                 {"household": household.pk, "caseworker": alice.pk})
    case = Case.objects.get()
    assert response.url == reverse("cases:case_detail", args=[case.pk])
    assert (case.household, case.channel, case.referred_by) == (household, "nav", "Per Veileder, NAV Fjordvik")
    assert CaseEvent.objects.filter(case=case, kind="referral").exists()
    page = alice_client.get(response.url).content.decode()
    assert "Henvendelse" in page and "Henvisning via NAV" in page
    page = alice_client.get(reverse("referrals:submission_detail", args=[referral.pk])).content.decode()
    assert "Sak opprettet" in page and "Alice Testesen" in page and "Opprett sak</button>" not in page


def test_opening_a_case_without_choosing_a_household_explains_itself(alice_client, alice):
    interest = submission()
    response = alice_client.post(reverse("referrals:submission_open_case", args=[interest.pk]),
                                 {"caseworker": alice.pk})
    assert response.status_code == 200
    assert "Velg husstanden henvendelsen gjelder." in response.content.decode()
    assert not Case.objects.exists()


def test_closing_a_submission_with_a_reason(alice_client, alice):
    interest = submission()
    response = alice_client.post(reverse("referrals:submission_close", args=[interest.pk]),
                                 {"reason": "not_municipal_tenant", "note": "Fortalte om startlån."})
    assert response.url == reverse("referrals:submission_list")
    interest.refresh_from_db()
    assert (interest.outcome, interest.close_reason, interest.handled_by) == ("closed", "not_municipal_tenant", alice)
    page = alice_client.get(reverse("referrals:submission_detail", args=[interest.pk])).content.decode()
    assert "Leier ikke kommunal bolig" in page and "Fortalte om startlån." in page


def test_closing_for_another_reason_without_a_note_is_refused(alice_client):
    interest = submission()
    response = alice_client.post(reverse("referrals:submission_close", args=[interest.pk]), {"reason": "other"})
    assert "Skriv kort hvorfor henvendelsen avsluttes." in response.content.decode()
    interest.refresh_from_db()
    assert interest.is_open


def test_only_administrators_manage_partners(alice_client, bob_client, admin_client):
    assert alice_client.get(reverse("referrals:partner_list")).status_code == 403
    assert bob_client.get(reverse("referrals:partner_list")).status_code == 403
    response = admin_client.post(reverse("referrals:partner_list"), {"name": "NAV Fjordvik", "channel": "nav"})
    assert response.url == reverse("referrals:partner_list")
    partner = ReferralPartner.objects.get()
    page = admin_client.get(reverse("referrals:partner_list")).content.decode()
    assert "NAV Fjordvik" in page and reverse("referrals:partner_referral", args=[partner.token]) in page


def test_an_administrator_deactivates_and_renews_a_partners_link(admin_client, client):
    partner = ReferralPartnerFactory()
    old = partner.token
    admin_client.post(reverse("referrals:partner_renew", args=[partner.pk]))
    partner.refresh_from_db()
    assert partner.token != old
    assert client.get(reverse("referrals:partner_referral", args=[old])).status_code == 404
    admin_client.post(reverse("referrals:partner_deactivate", args=[partner.pk]))
    partner.refresh_from_db()
    assert not partner.active
    assert client.get(reverse("referrals:partner_referral", args=[partner.token])).status_code == 404
    admin_client.post(reverse("referrals:partner_activate", args=[partner.pk]))
    assert client.get(reverse("referrals:partner_referral", args=[partner.token])).status_code == 200
