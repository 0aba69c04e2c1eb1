"""Demo cases: a programme under way, so the case pages and "my work" have something to show.

Tenants in dwellings with rent-to-own potential get cases at every stage, made through the real
services (so history and audit rows are as in use): notes, tasks (some overdue), mappings,
recommendations waiting for the approver and a few cases where an interim reply is due. Cases
with a financing certificate were decided in writing: an approval letter and a certificate (some
about to run out, some held long without buying); a few applications were refused with grounds
and the refusal letter, and went back to the follow-up plan.
"""

import datetime as dt
import random

from django.utils import timezone

from boligvei.cases import decisions, mapping, services
from boligvei.cases.models import CaseEvent, CaseMilestone, FinancingCertificate
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
    # The decisions draw from their own sequence, so the rest of the demo stays as it was.
    decision_rng = random.Random(seed + 15)
    approver = User.objects.filter(username="fullmaktshaver").first()
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
        if approver is not None and case.status == "financing_approved":
            _decided_in_writing(decision_rng, case, caseworker, approver, today)
        elif approver is not None and case.status == "applying" and decision_rng.random() < 0.25:
            _refused_in_writing(decision_rng, case, caseworker, approver)
        elif case.status == "applying":
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


def _decided_in_writing(rng: random.Random, case, caseworker: User, approver: User, today: dt.date) -> None:
    """An approved startlån with its letter and financing certificate; some certificates are
    about to run out, some have been held long without a purchase (as "Mitt arbeid" shows)."""
    amount = rng.randrange(1_200_000, 2_600_000, 50_000)
    decision = decisions.decision_recommend(
        actor=caseworker, case=case, kind="startlan", amount=amount,
        recommendation="Husstanden har stabil inntekt og betjeningsevne i stresstesten.")
    decisions.decision_decide(
        actor=approver, decision=decision, outcome="approved", grounds="",
        facts="Husstanden har fast inntekt og har betalt husleien til avtalt tid i flere år.",
        price_frame=amount + rng.randrange(200_000, 600_000, 50_000),
        conditions="Boligen må egne seg for husstanden over tid. Salgsoppgaven sendes oss før budgivning.")
    held = rng.choice([10, 60, 150, 170])  # days since the certificate was given
    issued = today - dt.timedelta(days=held)
    FinancingCertificate.objects.filter(decision=decision).update(
        issued_on=issued, valid_until=issued + dt.timedelta(days=183))


def _refused_in_writing(rng: random.Random, case, caseworker: User, approver: User) -> None:
    """A startlån refused with grounds and the refusal letter; the case goes back to the plan."""
    decision = decisions.decision_recommend(
        actor=caseworker, case=case, kind="startlan", amount=rng.randrange(2_000_000, 3_000_000, 50_000),
        recommendation="Søker om startlån til kjøp av egen bolig. Betjeningsevnen er knapp.")
    children = case.household.members.filter(relation="child").exists()
    decisions.decision_decide(
        actor=approver, decision=decision, outcome="refused",
        facts="Husstanden har forbruksgjeld på om lag 180 000 kr med høy rente, og inntekten etter skatt "
              "dekker ikke lånet i stresstesten.",
        grounds="Husstanden kan ikke betjene lånet nå uten å få betalingsproblemer. Vi vil heller hjelpe med "
                "å betale ned forbruksgjelden først, og ser på saken igjen om et år.",
        children_interests=("Barna bor trygt i den kommunale boligen i dag. Et lån husstanden ikke kan betjene, "
                            "kan føre til tvangssalg, og det er ikke til barnas beste." if children else ""))
    services.case_move(actor=caseworker, case=case, to_status="follow_up_plan", expected_version=case.version,
                       reason="Startlån avslått: oppfølgingsplan for å betale ned gjeld.")
