import datetime as dt

import pytest
from django.utils import timezone

from boligvei.cases.models import Case, CaseEvent
from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from boligvei.outreach import services
from boligvei.outreach.generation import campaign_generate
from boligvei.outreach.models import Campaign, CampaignStatus, Letter, LetterStatus, TemplateVersion
from boligvei.outreach.selection import Criteria
from tests.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_a_campaign_writes_one_letter_per_household_in_its_language(tenants, make_campaign):
    campaign = make_campaign()
    letters = {letter.household.name: letter for letter in campaign.letters.select_related("household")}
    kari, nils, hodan = (letters[h.name] for h in tenants)
    assert (kari.language, kari.language_wanted, kari.note) == ("nb", "", "")
    assert nils.language == "nn" and nils.title == "Vil du eige bustaden du leiger?"
    assert hodan.language == "en" and hodan.language_wanted == "somali"
    assert "somali" in hodan.note
    assert kari.body.startswith("Hei, Kari Aas!")
    assert "{{" not in kari.body and "Alice Testesen" in kari.body
    assert kari.qr_url.endswith("/selvsjekk/")
    assert {letter.status for letter in letters.values()} == {LetterStatus.PENDING}
    assert campaign.letters_total == 3 and campaign.status == CampaignStatus.GENERATING
    assert AuditEvent.objects.filter(action="campaign.create").count() == 1


def test_an_empty_selection_is_refused_and_nothing_is_saved(tenants, make_campaign):
    with pytest.raises(DomainError, match="Utvalget er tomt"):
        make_campaign(criteria=Criteria(areas=("Månen",)))
    assert not Campaign.objects.exists() and not Letter.objects.exists()


def test_the_contact_must_be_a_caseworker(tenants, bob):
    with pytest.raises(DomainError, match="saksbehandler"):
        services.campaign_create(actor=bob, name="X", contact=bob, criteria=Criteria(),
                                 letter_date=timezone.localdate())


def test_a_template_with_an_unknown_merge_field_cannot_be_saved(alice):
    with pytest.raises(DomainError, match="nvan"):
        services.template_version_save(actor=alice, kind="invitation", language="nb", title="Hei",
                                       body="Hei, {{ nvan }}", show_qr=True)
    assert TemplateVersion.objects.filter(kind="invitation", language="nb").count() == 1


def test_saving_a_template_makes_a_new_version_and_old_letters_keep_theirs(tenants, make_campaign, alice):
    first = make_campaign()
    version = services.template_version_save(actor=alice, kind="invitation", language="nb", title="Ny tittel",
                                             body="Hei, {{ navn }}. Ring {{ saksbehandler }}.", show_qr=False)
    assert version.number == 2
    kari_letter = first.letters.get(household=tenants[0])
    assert kari_letter.template.number == 1 and kari_letter.title == "Vil du eie boligen du leier?"
    assert services.templates_in_force("invitation")["nb"] == version


def _generated(campaign):
    campaign_generate(campaign.pk)
    campaign.refresh_from_db()
    return campaign


def test_marking_sent_opens_a_case_per_household_and_logs_the_letter(tenants, make_campaign, alice):
    campaign = make_campaign()
    with pytest.raises(DomainError, match="ikke ferdige"):
        services.campaign_mark_sent(actor=alice, campaign=campaign, sent_on=timezone.localdate())
    campaign = _generated(campaign)
    services.campaign_mark_sent(actor=alice, campaign=campaign, sent_on=timezone.localdate())
    cases = Case.objects.all()
    assert cases.count() == 3
    assert {(c.status, c.channel, c.caseworker_id) for c in cases} == {("invited", "letter", alice.pk)}
    assert CaseEvent.objects.filter(kind="letter").count() == 3
    assert set(campaign.letters.values_list("status", flat=True)) == {LetterStatus.SENT}
    with pytest.raises(DomainError, match="allerede"):
        services.campaign_mark_sent(actor=alice, campaign=campaign, sent_on=timezone.localdate())


def test_reminders_go_to_those_who_have_not_answered_after_the_set_days(tenants, make_campaign, alice):
    campaign = _generated(make_campaign(reminder_after_days=14))
    sent_on = timezone.localdate() - dt.timedelta(days=20)
    services.campaign_mark_sent(actor=alice, campaign=campaign, sent_on=sent_on)
    kari_case = Case.objects.get(household=tenants[0])
    Case.objects.filter(pk=kari_case.pk).update(status="meeting_booked")  # Kari answered
    reminder = services.reminder_campaign_create(actor=alice, campaign=campaign)
    assert sorted(reminder.letters.values_list("household_id", flat=True)) == sorted(h.pk for h in tenants[1:])
    assert reminder.letters.get(household=tenants[1]).title == "Vi vil framleis gjerne snakke med deg"
    assert campaign.letters.get(household=tenants[0]).status == LetterStatus.ANSWERED
    services.campaign_mark_sent(actor=alice, campaign=_generated(reminder), sent_on=timezone.localdate())
    assert campaign.letters.get(household=tenants[1]).status == LetterStatus.NO_ANSWER
    assert CaseEvent.objects.filter(kind="letter", case__household=tenants[1]).count() == 2
    with pytest.raises(DomainError, match="tomt"):
        services.reminder_campaign_create(actor=alice, campaign=campaign)


def test_no_reminder_before_the_days_have_passed(tenants, make_campaign, alice):
    campaign = _generated(make_campaign(reminder_after_days=14))
    services.campaign_mark_sent(actor=alice, campaign=campaign, sent_on=timezone.localdate())
    with pytest.raises(DomainError, match="tomt"):
        services.reminder_campaign_create(actor=alice, campaign=campaign)


def test_a_household_in_an_unsent_campaign_is_not_invited_twice(tenants, make_campaign):
    make_campaign()
    with pytest.raises(DomainError, match="tomt"):
        make_campaign(name="Igjen")


def test_letter_status_moves(tenants, make_campaign, alice):
    campaign = _generated(make_campaign())
    letter = campaign.letters.first()
    with pytest.raises(DomainError):
        services.letter_status_set(actor=alice, letter=letter, status=LetterStatus.ANSWERED)
    services.campaign_mark_sent(actor=alice, campaign=campaign, sent_on=timezone.localdate())
    letter.refresh_from_db()
    services.letter_status_set(actor=alice, letter=letter, status=LetterStatus.ANSWERED)
    assert letter.answered_on == timezone.localdate()
    assert AuditEvent.objects.filter(action="letter.status", household_id=letter.household_id).exists()


def test_an_existing_open_case_gets_the_letter_on_its_timeline(tenants, make_campaign, alice):
    campaign = _generated(make_campaign())
    CaseFactory(household=tenants[0], caseworker=alice, status="invited")  # opened by hand meanwhile
    services.campaign_mark_sent(actor=alice, campaign=campaign, sent_on=timezone.localdate())
    assert Case.objects.filter(household=tenants[0]).count() == 1
    assert CaseEvent.objects.filter(case__household=tenants[0], kind="letter").count() == 1
