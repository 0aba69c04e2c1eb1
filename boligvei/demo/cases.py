"""Demo cases: a programme under way, so the case pages and "my work" have something to show.

Tenants in dwellings with rent-to-own potential get cases at every stage, made through the real
services (so history and audit rows are as in use): notes, tasks (some overdue), mappings,
recommendations waiting for the approver and a few cases where an interim reply is due.
"""

import datetime as dt
import random

from django.utils import timezone

from boligvei.cases import decisions, mapping, services
from boligvei.cases.models import CaseEvent, CaseMilestone
from boligvei.core.models import User
from boligvei.demo.history import CONSENT_AT
from boligvei.housing.models import Tenancy
from boligvei.people.consent import active_purposes
from boligvei.people.models import Consent, ConsentMethod
from boligvei.people.services import consent_give

PATH = ["meeting_booked", "conversation_held", "mapped", "assessed", "follow_up_plan", "applying",
        "financing_approved"]
NOTES = [
    "Hyggelig første samtale. Husstanden ønsker å vite mer om startlån.",
    "Tolk var med. Vi gikk gjennom budsjettet sammen.",
    "Husstanden vil gjerne kjøpe boligen de leier. Barna går på skolen i nærheten.",
    "Avtalte at husstanden tar med lønnsslipper og skattemelding til neste møte.",
]
TASKS = ["Ta med lønnsslipper og skattemelding", "Betale ned kredittkortet", "Spare 2 000 kr i måneden",
         "Nytt møte om tre måneder", "Kontakte gjeldsrådgiver i NAV"]


def demo_cases_create(*, seed: int, today: dt.date, count: int = 60) -> int:
    rng = random.Random(seed)
    caseworkers = list(User.objects.filter(username__in=["saksbehandler", "saksbehandler2"]).order_by("username"))
    if not caseworkers:
        return 0
    tenancies = list(Tenancy.objects.filter(is_active=True, dwelling__rent_to_own_potential=True)
                     .select_related("household").order_by("pk")[: count * 3])
    rng.shuffle(tenancies)
    made = 0
    for tenancy in tenancies[:count]:
        caseworker = caseworkers[0] if rng.random() < 0.7 else caseworkers[-1]
        case = services.case_open(actor=caseworker, household=tenancy.household, caseworker=caseworker)
        steps = PATH[: rng.randint(0, len(PATH))]
        # What the household agreed to in the conversation (some already did in an earlier case).
        needed = [purpose for status, purpose in CONSENT_AT.items() if status in steps]
        given = active_purposes(case.household_id)
        for purpose in needed:
            if purpose not in given:
                consent_give(actor=caseworker, household=case.household, purpose=purpose,
                             method=ConsentMethod.SIGNED_FORM)
        for step in steps:
            services.case_move(actor=caseworker, case=case, to_status=step, expected_version=case.version)
        if steps and rng.random() < 0.15:
            services.case_move(actor=caseworker, case=case, to_status="declined", expected_version=case.version,
                               reason="Husstanden vil vente et år.",
                               invite_again_on=max(today, timezone.localdate()) + dt.timedelta(days=365))
            made += 1
            continue
        if steps:
            services.case_note_add(actor=caseworker, case=case, text=rng.choice(NOTES))
        if "mapped" in steps:
            services.mapping_create(actor=caseworker, case=case, version=mapping.CURRENT_VERSION, answers={
                "wish": rng.choice(["buy_rented", "buy_rented", "buy_other", "unsure"]),
                "income_stable": rng.choice(["yes", "yes", "unknown"]),
                "motivation": str(rng.randint(2, 5))})
        if "follow_up_plan" in steps or rng.random() < 0.3:
            for title in rng.sample(TASKS, 2):
                services.task_create(actor=caseworker, case=case, title=title, assignee=caseworker,
                                     due_on=today + dt.timedelta(days=rng.randint(-20, 60)))
        if case.status == "applying":
            decisions.decision_recommend(actor=caseworker, case=case, kind="startlan",
                                         amount=rng.randrange(1_200_000, 2_600_000, 50_000),
                                         recommendation="Husstanden har stabil inntekt og betjeningsevne i stresstesten.")
            if rng.random() < 0.5:  # waiting a while: an interim reply is due
                at = timezone.now() - dt.timedelta(days=rng.randint(35, 60))
                CaseEvent.objects.filter(case=case).update(at=at)
                CaseMilestone.objects.filter(case=case).update(at=at)  # the stages agree with the events
                Consent.objects.filter(household_id=case.household_id, given_at__gt=at).update(given_at=at)
        made += 1
    return made
