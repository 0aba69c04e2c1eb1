import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from boligvei.core.models import AuditEvent
from boligvei.core.roles import Role
from boligvei.outreach.generation import campaign_generate
from boligvei.outreach.models import Campaign, TemplateVersion
from tests.conftest import _client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(team):
    return _client_for(make_user("dina", Role.ADMINISTRATOR, team))


def _form(alice, **extra):
    return {"name": "Invitasjon høsten", "contact": alice.pk, "letter_date": timezone.localdate().isoformat(),
            "quarantine_days": 365, "reminder_after_days": 21, **extra}


def test_the_selection_shows_who_is_left_out_and_why_before_anything_is_made(alice_client, alice, tenants):
    from tests.cases.factories import CaseFactory

    CaseFactory(household=tenants[0], caseworker=alice, status="meeting_booked")
    response = alice_client.post(reverse("outreach:campaign_new"), _form(alice, preview="1"))
    page = response.content.decode()
    assert "2 husstander får brev" in page
    assert tenants[0].name in page and "Har en åpen sak (møte avtalt)." in page
    assert not Campaign.objects.exists()
    assert AuditEvent.objects.filter(action="campaign.selection").exists()


def test_making_a_campaign_goes_to_its_page_with_a_progress_bar(alice_client, alice, tenants):
    response = alice_client.post(reverse("outreach:campaign_new"), _form(alice, create="1"))
    campaign = Campaign.objects.get()
    assert response.url == reverse("outreach:campaign_detail", args=[campaign.pk])
    page = alice_client.get(response.url).content.decode()
    assert "Lager brev: 0 av 3" in page and "<progress" in page
    fragment = alice_client.get(reverse("outreach:campaign_progress", args=[campaign.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in fragment.content.decode()
    campaign_generate(campaign.pk)
    done = alice_client.get(reverse("outreach:campaign_progress", args=[campaign.pk]), HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"


def test_an_empty_selection_is_refused_with_a_message(alice_client, alice, tenants):
    response = alice_client.post(reverse("outreach:campaign_new"), _form(alice, create="1", min_years=40))
    assert "Utvalget er tomt" in response.content.decode()
    assert not Campaign.objects.exists()


def test_the_letters_and_the_batch_download_as_pdf_and_are_audited(alice_client, make_campaign, tenants):
    campaign = make_campaign()
    assert alice_client.get(reverse("outreach:campaign_pdf", args=[campaign.pk])).status_code == 404
    campaign_generate(campaign.pk)
    letter = campaign.letters.first()
    response = alice_client.get(reverse("outreach:letter_pdf", args=[letter.pk]))
    assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "no-store"
    assert PdfReader(io.BytesIO(response.content)).pages
    assert AuditEvent.objects.filter(action="letter.print", household_id=letter.household_id).exists()
    assert alice_client.get(reverse("outreach:campaign_pdf", args=[campaign.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="campaign.print").exists()


def test_marking_sent_from_the_page(alice_client, make_campaign, tenants):
    campaign = make_campaign()
    campaign_generate(campaign.pk)
    response = alice_client.post(reverse("outreach:campaign_send", args=[campaign.pk]),
                                 {"sent_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    future = alice_client.post(reverse("outreach:campaign_send", args=[campaign.pk]), {"sent_on": "2099-01-01"})
    assert future.status_code == 400 and "allerede" in future.content.decode()


def test_the_household_page_lists_its_letters(alice_client, make_campaign, tenants):
    campaign = make_campaign()
    campaign_generate(campaign.pk)
    letter = campaign.letters.get(household=tenants[0])
    page = alice_client.get(reverse("people:household_detail", args=[tenants[0].pk])).content.decode()
    assert reverse("outreach:letter_pdf", args=[letter.pk]) in page


def test_a_read_only_user_sees_campaigns_but_cannot_make_one(bob_client, make_campaign, tenants):
    campaign = make_campaign()
    assert bob_client.get(reverse("outreach:campaign_detail", args=[campaign.pk])).status_code == 200
    assert bob_client.get(reverse("outreach:campaign_new")).status_code == 403


def test_only_administrators_edit_templates(alice_client, admin_client):
    url = reverse("outreach:template_edit", args=["invitation", "nb"])
    assert alice_client.get(url).status_code == 403
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(reverse("outreach:template_edit", args=["invitation", "de"])).status_code == 404


def test_a_template_with_an_unknown_field_is_refused_with_the_field_named(admin_client):
    url = reverse("outreach:template_edit", args=["invitation", "nb"])
    response = admin_client.post(url, {"title": "Hei", "body": "Hei, {{ fornavn }}!", "save": "1"})
    assert response.status_code == 400
    assert "fornavn" in response.content.decode()
    assert TemplateVersion.objects.filter(kind="invitation", language="nb").count() == 1
    ok = admin_client.post(url, {"title": "Hei", "body": "Hei, {{ navn }}!", "show_qr": "on", "save": "1"})
    assert ok.status_code == 302
    assert TemplateVersion.objects.filter(kind="invitation", language="nb").count() == 2


def test_a_template_is_previewed_with_a_real_household(admin_client, tenants):
    url = reverse("outreach:template_edit", args=["invitation", "nn"])
    data = {"title": "Hei {{ navn }}", "body": "Hei, {{ navn }}!\n\n{{ ta_med }}", "show_qr": "on",
            "household": tenants[0].pk, "preview": "1"}
    page = admin_client.post(url, data).content.decode()
    assert "Hei, Kari Aas!" in page and "Lønnsslippar" in page
    assert AuditEvent.objects.filter(action="letter_template.preview", household_id=tenants[0].pk).exists()
    pdf = admin_client.post(url, {**data, "pdf": "1", "preview": ""})
    assert pdf["Content-Type"] == "application/pdf"
    assert "Kari Aas" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert TemplateVersion.objects.filter(kind="invitation", language="nn").count() == 1  # nothing saved


def test_a_stalled_campaign_is_resumed_from_its_page(alice_client, make_campaign, tenants):
    from django_tasks_db.models import DBTaskResult

    campaign = make_campaign()
    queued = DBTaskResult.objects.count()
    response = alice_client.post(reverse("outreach:campaign_resume", args=[campaign.pk]))
    assert response.status_code == 302
    assert DBTaskResult.objects.count() == queued + 1
    assert AuditEvent.objects.filter(action="campaign.resume", object_id=str(campaign.pk)).exists()


def test_a_stalled_campaign_offers_to_resume_only_to_a_writer_who_sees_every_household_in_it(
        alice_client, make_campaign, team, tenants):
    from boligvei.core.models import Team
    from boligvei.people.models import Household

    Household.objects.filter(pk__in=[household.pk for household in tenants]).update(team=team)
    campaign = make_campaign()
    Campaign.objects.filter(pk=campaign.pk).update(progress_at=timezone.now() - dt.timedelta(minutes=5))
    resume = reverse("outreach:campaign_resume", args=[campaign.pk])
    assert resume in alice_client.get(reverse("outreach:campaign_detail", args=[campaign.pk])).content.decode()
    other = _client_for(make_user("erik", Role.CASEWORKER, Team.objects.create(name="Bydel Nord")))
    page = other.get(reverse("outreach:campaign_detail", args=[campaign.pk])).content.decode()
    assert "Bakgrunnsjobben kan ha stoppet" in page and resume not in page


def test_another_teams_campaign_cannot_be_resumed_and_the_refusal_writes_nothing(make_campaign, team, tenants):
    from django_tasks_db.models import DBTaskResult

    from boligvei.core.models import Team
    from boligvei.people.models import Household

    Household.objects.filter(pk__in=[household.pk for household in tenants]).update(team=team)
    campaign = make_campaign()
    other = _client_for(make_user("erik", Role.CASEWORKER, Team.objects.create(name="Bydel Nord")))
    queued, audited = DBTaskResult.objects.count(), AuditEvent.objects.count()
    response = other.post(reverse("outreach:campaign_resume", args=[campaign.pk]))
    assert response.status_code == 403
    assert DBTaskResult.objects.count() == queued
    assert AuditEvent.objects.count() == audited


def test_the_campaign_page_shows_why_a_letter_failed_and_offers_to_make_it_again(alice_client, make_campaign, tenants):
    from boligvei.outreach.models import LetterStatus
    from boligvei.people.models import Household, Person
    from tests.outreach.factories import tenant

    broken = tenant(first_name="Kari \U00010000", last_name="Aasen")[0]
    campaign = make_campaign()
    campaign_generate(campaign.pk)
    page = alice_client.get(reverse("outreach:campaign_detail", args=[campaign.pk])).content.decode()
    assert "3 av 4 brev er laget" in page and "1 brev kunne ikke lages" in page
    assert "Teksten har tegn som ingen av skriftene i brevet kan vise" in page
    letter = campaign.letters.get(household=broken)
    remake = reverse("outreach:letter_remake", args=[letter.pk])
    assert remake in page
    Person.objects.filter(household=broken).update(first_name="Kari")
    Household.objects.filter(pk=broken.pk).update(name="Aasen, Kari")
    response = alice_client.post(remake)
    assert response.status_code == 302 and response.url.endswith(f"#brev-{letter.pk}")
    letter.refresh_from_db()
    assert letter.status == LetterStatus.PENDING and letter.recipient[0] == "Kari Aasen"
    again = alice_client.post(remake)  # no longer failed: refused with a message, nothing changed
    assert again.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.PENDING
