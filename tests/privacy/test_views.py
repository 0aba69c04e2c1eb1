"""The privacy pages: the audit log for administrators, the access report and erasure."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from boligvei.core.audit import audit_record
from boligvei.core.models import AuditEvent
from boligvei.people.models import Person
from tests.conftest import count_queries
from tests.housing.factories import TenancyFactory
from tests.people.factories import household_with_main_person
from tests.privacy.records import household_with_everything

AUDIT_LOG = reverse("privacy:audit_log")


def test_the_audit_log_is_for_administrators_only(admin_client, alice_client, bob_client):
    assert admin_client.get(AUDIT_LOG).status_code == 200
    assert alice_client.get(AUDIT_LOG).status_code == 403
    assert bob_client.get(AUDIT_LOG).status_code == 403


def test_filters_are_posted_and_kept_out_of_the_url(admin_client, alice, bob):
    audit_record(actor=alice, action="household.view", household_id=4711)
    audit_record(actor=bob, action="household.view", household_id=4712)
    audit_record(actor=alice, action="household.list", changes={"households": [4711, 5]})
    response = admin_client.post(AUDIT_LOG, {"household": "4711", "date_from": dt.date.today().isoformat()})
    assert response.status_code == 302
    assert response.url.startswith(AUDIT_LOG + "?") and list(parse_qs(urlsplit(response.url).query)) == ["s"]
    page = admin_client.get(response.url)
    shown = [event.pk for event in page.context["page"].object_list]
    assert set(AuditEvent.objects.filter(actor=alice).values_list("pk", flat=True)) == set(shown)
    assert page.context["form"]["household"].value() == "4711"


def test_looking_at_the_audit_log_is_audited(admin, admin_client):
    response = admin_client.post(AUDIT_LOG, {"household": "12", "action": "household.view"})
    admin_client.get(response.url)
    event = AuditEvent.objects.get(action="audit.view")
    assert (event.actor, event.household_id) == (admin, 12)
    assert event.changes["filters"] == {"household": "12", "action": "household.view"}


def test_an_invalid_filter_is_shown_on_the_form(admin_client):
    response = admin_client.post(AUDIT_LOG, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert response.status_code == 200
    assert "Til dato kan ikke være før fra dato." in response.content.decode()


def test_the_audit_log_costs_the_same_queries_for_one_row_as_for_a_full_page(admin_client, alice, team):
    audit_record(actor=alice, action="household.view", household_id=1)
    one = count_queries(admin_client, AUDIT_LOG)
    for n in range(30):
        audit_record(actor=alice if n % 2 else None, action="case.view", household_id=n, reason="Ringte")
    assert count_queries(admin_client, AUDIT_LOG) == one


def test_the_access_report_page_lists_who_looked(alice, bob, bob_client, admin_client, alice_client):
    household = household_with_main_person()
    audit_record(actor=alice, action="person.identity_number.reveal", household_id=household.pk,
                 reason="Søknad om startlån")
    url = reverse("privacy:access_report", args=[household.pk])
    page = bob_client.get(url).content.decode()
    assert "Alice Testesen" in page and "viste fullt fødselsnummer" in page and "Søknad om startlån" in page
    assert admin_client.get(url).status_code == 200
    assert alice_client.get(url).status_code == 403
    assert AuditEvent.objects.filter(action="privacy.access_report", actor=bob, household_id=household.pk).exists()


def test_the_access_report_pdf(alice, bob_client):
    household = household_with_main_person()
    response = bob_client.get(reverse("privacy:access_report_pdf", args=[household.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEvent.objects.get(action="privacy.access_report").changes == {"format": "pdf"}


def test_the_household_page_links_to_privacy_for_leaders_and_administrators(alice_client, bob_client, admin_client):
    household = household_with_main_person()
    url, link = reverse("people:household_detail", args=[household.pk]), reverse("privacy:access_report",
                                                                                args=[household.pk])
    assert link in bob_client.get(url).content.decode()
    assert link in admin_client.get(url).content.decode()
    assert link not in alice_client.get(url).content.decode()


def test_erasure_asks_for_confirmation_then_erases(alice, admin_client):
    household = household_with_everything(alice)
    url = reverse("privacy:erase", args=[household.pk])
    assert "Slett personopplysningene" in admin_client.get(url).content.decode()
    refused = admin_client.post(url, {"reason": "Krav om sletting"})
    assert refused.status_code == 200 and Person.objects.filter(household=household).exists()
    response = admin_client.post(url, {"reason": "Krav om sletting", "confirm": "on"})
    assert response.status_code == 302 and response.url == reverse("privacy:access_report", args=[household.pk])
    assert not Person.objects.filter(household=household).exists()


def test_the_erasure_page_gives_the_reason_it_is_refused(admin_client):
    household = household_with_main_person()
    TenancyFactory(household=household)
    url = reverse("privacy:erase", args=[household.pk])
    page = admin_client.get(url).content.decode()
    assert "aktivt leieforhold" in page and 'name="confirm"' not in page
    admin_client.post(url, {"reason": "Krav om sletting", "confirm": "on"})
    assert Person.objects.filter(household=household).exists()


def test_the_export_and_access_report_pdfs_print_names_in_every_script(alice, bob_client):
    from tests.core.test_documents import NAMES

    for script, name in NAMES.items():
        household = household_with_main_person(first_name=name, last_name="Testesen")
        for page in ("privacy:export_pdf", "privacy:access_report_pdf"):
            response = bob_client.get(reverse(page, args=[household.pk]))
            assert response.status_code == 200, (script, page)
            assert response.content.startswith(b"%PDF") and b"pdfaid:part" in response.content
