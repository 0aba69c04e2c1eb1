"""States the demo municipality may not show on the pages the walk opens first, made on purpose
so that every form is found where a caseworker or an administrator would find it: a case with
financing approved and a decision to make, a financing certificate (and its purchase checklist), a case bought with
its follow-ups after the purchase due, a letting decided and one waiting for a second approver, a closed case, a
saved assessment, a dwelling free to
let and one let, a meeting that has begun, a letter batch that stalled and one with a failed
letter, an access grant, a deactivated partner and user, a first-login link, the archive's outbox, API keys
(one active, one revoked). Each state is a page the walk must open (`crawl(start=...)`)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from boligvei.assessments.models import Assessment
from boligvei.assessments.selectors import household_request
from boligvei.assessments.services import assessment_create
from boligvei.api.services import api_token_create, api_token_revoke
from boligvei.archive.services import archive_collect
from boligvei.cases.certificates import certificate_issue
from boligvei.cases.follow_ups import follow_ups_plan
from boligvei.cases.lettings import letting_propose
from boligvei.cases.models import Case, Decision, FinancingCertificate, Letting, Purchase
from boligvei.cases.pipeline import CLOSED_STATUSES, Status
from boligvei.cases.services import case_open
from boligvei.core.models import User
from boligvei.core.roles import Role
from boligvei.core.users import first_login_path
from boligvei.core.errors import DomainError
from boligvei.housing.models import Dwelling, Tenancy, WaitingListEntry
from boligvei.meetings.models import Meeting, MeetingSlot
from boligvei.outreach.models import Campaign, Letter
from boligvei.outreach.selection import Criteria
from boligvei.outreach.services import campaign_create
from boligvei.people.access import visible_households_q
from boligvei.people.models import AccessGrant, Consent, ConsentPurpose, Household
from boligvei.referrals.models import ReferralPartner
from tests.conftest import make_user
from tests.dispatch.factories import shipment_for
from tests.housing.factories import DwellingFactory
from tests.referrals.factories import ReferralPartnerFactory
from tests.security import crawl


DWELLINGS_CSV = ("Bolig-ID;Adresse;Postnummer;Poststed;Kommunenummer;Boligtype;Antall rom;Bruksareal;Månedsleie\r\n"
                 "{id};{address};3715;Fjordvik;3999;Leilighet;3;62,5;9 800\r\n")


def waiting_upload(client, source_id: str, address: str) -> str:
    """A one-dwelling file uploaded by the client's administrator and its columns accepted as
    proposed, waiting at its dry run: its token (the import pages' addresses carry it)."""
    content = DWELLINGS_CSV.format(id=source_id, address=address).encode()
    response = client.post(reverse("imports:upload"), {
        "kind": "dwellings", "file": SimpleUploadedFile(f"boliger-{source_id}.csv", content)})
    assert response.status_code == 302, response.content.decode()[:500]
    mapping = response.url
    form = crawl.parse(mapping, client.get(mapping).content.decode()).forms[-1]
    assert client.post(mapping, dict(form.baseline())).status_code == 302
    return mapping.rstrip("/").split("/")[-2]


def _open_cases(user):
    visible = Household.objects.filter(visible_households_q(user))
    return Case.objects.filter(household__in=visible).exclude(
        status__in=[Status.CLOSED, Status.NOT_RELEVANT, Status.DECLINED, Status.MOVED_OUT, Status.NO_ANSWER,
                    Status.PURCHASED, Status.AFTER_PURCHASE]).order_by("pk")


def _with_a_letter_made(campaign: Campaign, caseworker) -> None:
    """Beside the letter to make again, one made and not sent (to print, or to send through SvarUt):
    a campaign to one area may have a single letter."""
    if campaign.letters.filter(status="generated").exists():
        return
    first = campaign.letters.order_by("pk").first()
    household = (Household.objects.filter(visible_households_q(caseworker)).exclude(letters__campaign=campaign)
                 .order_by("pk").first())
    Letter.objects.create(campaign=campaign, household=household, template=first.template, language=first.language,
                          recipient=first.recipient, title=first.title, body=first.body, status="generated",
                          pdf=b"%PDF-1.7 fuzz")


def _campaign(caseworker, state: str) -> Campaign:
    """A letter campaign to one area: its letters made ("generated"), sent six weeks ago with no
    answer ("sent"), or its batch stopped ten minutes ago ("stalled")."""
    for area in Dwelling.objects.exclude(area="").order_by("area").values_list("area", flat=True).distinct():
        try:  # an area whose households are not in another unsent campaign already
            campaign = campaign_create(actor=caseworker, name=f"Fuzz {state}", contact=caseworker,
                                       criteria=Criteria(areas=(area,)), letter_date=timezone.localdate())
            break
        except DomainError:
            continue
    now, letters = timezone.now(), Letter.objects.filter(campaign=campaign)
    if state == "stalled":
        Campaign.objects.filter(pk=campaign.pk).update(status="generating", progress_at=now - dt.timedelta(minutes=10))
    elif state == "generated":
        Campaign.objects.filter(pk=campaign.pk).update(status="generated", batch_pdf=b"%PDF-1.7 fuzz")
        letters.update(status="generated", pdf=b"%PDF-1.7 fuzz")
        letters.filter(pk=letters.order_by("pk").values("pk")[:1]).update(status="failed", pdf=None)  # to make again
    else:
        sent_on = timezone.localdate() - dt.timedelta(days=42)
        Campaign.objects.filter(pk=campaign.pk).update(status="sent", sent_on=sent_on, batch_pdf=b"%PDF-1.7 fuzz")
        letters.update(status="sent", sent_on=sent_on, pdf=b"%PDF-1.7 fuzz")
        for letter in letters:  # as marking it sent does: each household invited, no answer since
            case_open(actor=caseworker, household=letter.household)
    return campaign


def _certificate(case, *, caseworker, approver):
    """A startlån granted on another open case, and its financing certificate (to extend)."""
    other = _open_cases(caseworker).exclude(pk=case.pk).exclude(status=Status.CLOSED).last()
    Case.objects.filter(pk=other.pk).update(status=Status.FINANCING_APPROVED)
    now = timezone.now()
    decision = Decision.objects.create(
        case=other, kind="startlan", amount=2_000_000, recommendation="Innvilges.", recommended_by=caseworker,
        recommended_at=now, outcome="approved", approved_amount=2_000_000, grounds="Betjeningsevnen holder.",
        rules="Forskrift om startlån fra kommunen § 3.", facts="Fast inntekt, ingen betalingsanmerkninger.",
        children_interests="Barna kan bli boende i nærmiljøet.",
        decided_by=approver, decided_at=now)
    return certificate_issue(actor=approver, decision=decision, price_frame=2_500_000)


def _lettings(caseworker) -> list[Letting]:
    """A letting that took effect (with its letter) and one waiting for a second approver, each
    to a waiting household the caseworker sees, of a dwelling made vacant for it."""
    made = []
    for number, second in enumerate((False, True)):
        entry = (WaitingListEntry.objects.filter(visible_households_q(caseworker, via="household"), status="waiting")
                 .exclude(lettings__status="proposed").order_by("pk").first())
        if entry is None:
            break
        children = entry.household.members.filter(relation="child").exists()
        made.append(letting_propose(
            actor=caseworker, entry=entry, dwelling=DwellingFactory(street_address=f"Tildelingsveien {number + 1}"),
            start_date=timezone.localdate() + dt.timedelta(days=14), contract_type="indefinite",
            facts="Har ventet i to år.", grounds="Boligen passer husstanden.",
            children_interests="Barna beholder skolen." if children else "", second_approval=second))
    return made


def walk_starts(*, caseworker, administrator) -> dict[str, list[str]]:
    """The pages each walker must open: {"caseworker": [...], "administrator": [...], "anonymous": [...]}."""
    now = timezone.now()
    cases = list(_open_cases(caseworker)[:3])
    buying, closed, bought = cases[0], cases[1], cases[2]
    Case.objects.filter(pk=buying.pk).update(status=Status.FINANCING_APPROVED)
    Case.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    # Bought four months ago: the follow-up after three months is due, the one after twelve planned.
    Case.objects.filter(pk=bought.pk).update(status=Status.PURCHASED)
    took_over = timezone.localdate() - dt.timedelta(days=120)
    Purchase.objects.create(case=bought, completed_on=took_over, price=2_000_000, equity=2_000_000,
                            bought_rented_dwelling=False, address="Fuzzveien 1")
    follow_ups_plan(actor=caseworker, case=bought, completed_on=took_over)
    Decision.objects.create(case=buying, kind="startlan", amount=2_000_000, recommendation="Innvilges.",
                            recommended_by=caseworker, recommended_at=now)

    assessment = Assessment.objects.filter(household__in=Household.objects.filter(
        visible_households_q(caseworker))).first()
    if assessment is None:
        household = buying.household
        for purpose in set(ConsentPurpose.values) - set(household.consents.values_list("purpose", flat=True)):
            Consent.objects.create(household=household, purpose=purpose, method="signed_form", given_at=now,
                                   given_recorded_by=caseworker)
        assessment = assessment_create(actor=caseworker, household=household, request=household_request(
            household=household, today=timezone.localdate()))

    vacant = DwellingFactory(street_address="Fuzzveien 99")
    let = Tenancy.objects.filter(is_active=True, household__in=Household.objects.filter(
        visible_households_q(caseworker))).order_by("pk").first()

    meeting = Meeting.objects.filter(status="booked", slot__caseworker=caseworker).order_by("pk").first()
    if meeting is not None:  # it began an hour ago: the meeting record and «did not come» are offered
        slot = meeting.slot
        shift = now - dt.timedelta(hours=1) - slot.starts_at
        MeetingSlot.objects.filter(pk=slot.pk).update(starts_at=slot.starts_at + shift, ends_at=slot.ends_at + shift)

    campaigns = {state: _campaign(caseworker, state) for state in ("generated", "sent", "stalled")}
    _with_a_letter_made(campaigns["generated"], caseworker)

    with_consent = Consent.objects.filter(withdrawn_at=None, household__in=Household.objects.filter(
        visible_households_q(caseworker))).order_by("pk").first()
    granted = Household.objects.exclude(visible_households_q(caseworker)).order_by("pk").first() or buying.household
    AccessGrant.objects.create(user=caseworker, household=granted, reason="Kollega i permisjon.",
                               granted_by=administrator, expires_at=now + dt.timedelta(days=7))

    lettings = _lettings(caseworker)

    ReferralPartnerFactory(name="Fuzz-partner (deaktivert)", active=False)
    certified = _certificate(buying, caseworker=caseworker, approver=administrator)
    archive_collect()  # the sent campaign's letters, for the archive's outbox and its packages
    decision_letter = certified.letters.first()
    shipment = shipment_for(decision_letter, actor=caseworker, household=certified.case.household) \
        if decision_letter is not None else None  # a certificate's letter sent through SvarUt: its events
    # An API key to revoke (its button on the key list), one revoked and one for a single team.
    api_token_create(actor=administrator, system="Fuzz-boligforvaltning", scopes=["register:read", "tenancies:write"],
                     all_teams=True, team=None, expires_at=now + dt.timedelta(days=30))
    revoked, _ = api_token_create(actor=administrator, system="Fuzz-rapportering", scopes=["reports:read"],
                                  all_teams=False, team=caseworker.team, expires_at=now + dt.timedelta(days=30))
    api_token_revoke(actor=administrator, token=revoked)
    deactivated = make_user("fuzz_sluttet", Role.CASEWORKER, caseworker.team)
    User.objects.filter(pk=deactivated.pk).update(is_active=False)
    newcomer = make_user("fuzz_ny", Role.CASEWORKER, caseworker.team)
    partner = ReferralPartner.objects.filter(active=True).order_by("pk").first()

    starts = {
        "caseworker": [reverse("cases:case_detail", args=[buying.pk]), reverse("cases:case_detail", args=[closed.pk]),
                       reverse("cases:case_detail", args=[bought.pk]),
                       reverse("assessments:assessment_detail", args=[assessment.pk]),
                       reverse("housing:dwelling_detail", args=[vacant.pk]),
                       *(reverse("outreach:campaign_detail", args=[c.pk]) for c in campaigns.values())],
        "administrator": [reverse("cases:case_detail", args=[buying.pk]), reverse("cases:checklist_template"),
                          reverse("cases:case_detail", args=[certified.case_id]),
                          reverse("people:household_detail", args=[granted.pk]),
                          reverse("core:user_detail", args=[deactivated.pk]),
                          reverse("core:user_detail", args=[caseworker.pk]), reverse("core:user_detail", args=[newcomer.pk]),
                          reverse("dispatch:shipment_list")],
        "anonymous": [reverse("referrals:partner_thanks", args=[partner.token]), first_login_path(newcomer)],
    }
    for letting in lettings:  # the decision and its letter; the one waiting offers approval
        starts["caseworker"].append(reverse("cases:letting_detail", args=[letting.pk]))
        starts["administrator"].append(reverse("cases:letting_detail", args=[letting.pk]))
    waiting_entry = (WaitingListEntry.objects.filter(visible_households_q(caseworker, via="household"),
                                                     status="waiting").order_by("pk").first())
    if waiting_entry is not None:
        starts["caseworker"].append(reverse("cases:letting_create", args=[waiting_entry.pk]))
    if shipment is not None:
        starts["caseworker"] += [reverse("dispatch:shipment_list"), reverse("dispatch:shipment_detail", args=[shipment.pk])]
        starts["administrator"].append(reverse("dispatch:shipment_detail", args=[shipment.pk]))
    if with_consent is not None:
        starts["caseworker"].append(reverse("people:household_detail", args=[with_consent.household_id]))
    if let is not None:
        starts["caseworker"].append(reverse("housing:dwelling_detail", args=[let.dwelling_id]))
    if meeting is not None:
        starts["caseworker"].append(reverse("meetings:meeting_detail", args=[meeting.pk]))
    # A case holding a financing certificate: its letters and the form to extend it.
    certified = (FinancingCertificate.objects.filter(case__caseworker=caseworker, case__purchase__isnull=True)
                 .exclude(case__status__in=CLOSED_STATUSES).order_by("pk").first())
    if certified is not None:
        starts["caseworker"].append(reverse("cases:case_detail", args=[certified.case_id]))
    return starts
