"""A household with something in every part of the register, for the export and erasure tests.
Rows are made directly (the services that make them are tested in their own apps)."""

import datetime as dt

from django.utils import timezone

from boligvei.assessments.models import Assessment
from boligvei.cases.models import Case, CaseEvent, Decision, EventKind, FollowUpTask, Mapping
from boligvei.core.models import User
from boligvei.housing.models import WaitingListStatus
from boligvei.meetings.models import Meeting, MeetingSlot
from boligvei.outreach.models import Campaign, Letter, TemplateVersion
from boligvei.people.models import Consent, Household, Relation
from boligvei.referrals.models import Kind, Submission
from tests.housing.factories import TenancyFactory, WaitingListEntryFactory
from tests.people.factories import PersonFactory, household_with_main_person

PURPOSES = ["share_bank", "share_nav", "mapping", "income_data", "share_husbanken"]
NOTE = "Kari fortalte om gjeld til en venn, og at hun er gravid."


def household_with_everything(actor: User, *, copies: int = 1) -> Household:
    """Every kind of row `copies` times: persons, tenancies (ended), waiting-list entries
    (withdrawn), closed cases with events, notes, tasks, mappings and recommendations, assessments,
    meetings, letters, submissions and consents."""
    household = household_with_main_person(first_name="Kari", last_name="Nordmann", phone="000 11 222",
                                           email="kari@example.invalid")
    Household.objects.filter(pk=household.pk).update(address_line="Storgata 5", postal_code="3715",
                                                     postal_place="Fjordvik", savings=40_000)
    household.refresh_from_db()
    now = timezone.now()
    template = TemplateVersion.objects.filter(kind="invitation", language="nb").first()
    for n in range(copies):
        PersonFactory(household=household, relation=Relation.CHILD, first_name=f"Ola{n}", last_name="Nordmann",
                      birth_date=dt.date(2015, 1, 1 + n))
        TenancyFactory(household=household, start_date=dt.date(2015, 1, 1), end_date=dt.date(2016, 1, 1 + n),
                       contract_type="fixed_term", is_active=False)
        WaitingListEntryFactory(household=household, status=WaitingListStatus.WITHDRAWN,
                                status_date=dt.date(2016, 2, 1), notes="Trakk seg, flyttet til Bergen.")
        case = Case.objects.create(household=household, caseworker=actor, status="declined", status_changed_at=now,
                                   referred_by="Per Veileder, NAV Fjordvik")
        CaseEvent.objects.create(case=case, at=now, actor=actor, kind=EventKind.NOTE, text=NOTE)
        FollowUpTask.objects.create(case=case, title="Ring Kari om gjelden", due_on=dt.date(2016, 3, 1),
                                    assignee=actor, created_by=actor)
        Mapping.objects.create(case=case, form_version=1, answers={"situation": NOTE}, created_by=actor)
        Decision.objects.create(case=case, kind="other", recommendation="Anbefaler tilskudd til Kari.",
                                recommended_by=actor, recommended_at=now, missing=["Ingen kartlegging er lagret."],
                                override_reason="Kari kartla med NAV.")
        Assessment.objects.create(household=household, created_by=actor, year=2025, request={
            "members": [{"age": 40, "sex": "female", "income": {"wage": 400_000}}], "equity": 40_000},
            result={"max_price": 2_000_000}, engine_version="1", affordable=True, max_price=2_000_000,
            note="Kari har betalingsanmerkning.")
        slot = MeetingSlot.objects.create(caseworker=actor, starts_at=now + dt.timedelta(hours=n),
                                          ends_at=now + dt.timedelta(hours=n, minutes=45), location="Rådhuset")
        Meeting.objects.create(slot=slot, household=household, case=case, status="held", status_changed_at=now,
                               booked_by=actor, attendees="Kari og moren", notes=NOTE, next_step="Søke startlån")
        campaign = Campaign.objects.create(name=f"Invitasjoner {n}", contact=actor, created_by=actor,
                                           letter_date=dt.date(2016, 1, 10), reminder_after_days=21,
                                           status="sent", batch_pdf=b"%PDF-batch")
        Letter.objects.create(campaign=campaign, household=household, template=template, language="nb",
                              recipient={"name": "Kari Nordmann", "address": "Storgata 5"}, title="Invitasjon",
                              body="Hei Kari Nordmann", status="sent", pdf=b"%PDF-letter", generated_at=now)
        Submission.objects.create(kind=Kind.INTEREST, channel="flyer", name="Kari Nordmann", phone="000 11 222",
                                  phone_key="00011222", email="kari@example.invalid", message=NOTE, consent_at=now,
                                  last_submitted_at=now, household=household, case=case, status="handled",
                                  outcome="case_opened", handled_by=actor, handled_at=now)
        Consent.objects.create(household=household, person=household.main_person, purpose=PURPOSES[n],
                               method="signed_form", given_at=now, given_recorded_by=actor,
                               note="Signert i møtet med Kari.")
    return household
