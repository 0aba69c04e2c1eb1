"""Demo cases: a programme under way, so the case pages and "my work" have something to show.

Tenants in dwellings with rent-to-own potential get cases at every stage, made through the real
services (so history and audit rows are as in use), and moved by the work itself as in use: a
mapping, an assessment, a recommendation and the approver's decision each move the case; then a
purchase and the first follow-up after it. Notes, tasks (some overdue), recommendations waiting
for the approver (some sent without a fresh assessment, with the reason) and a few cases where an
interim reply is due. Cases with a financing certificate were decided in writing: an approval
letter and a certificate (some about to run out, some held long without buying); a few
applications were refused with grounds and the refusal letter, and went back to the follow-up plan.
Help to buy and after it: the certificate put the purchase-process checklist on the case, and the
households still looking have ticked its first steps; the purchase planned the follow-ups after
3 and 12 months. Three households bought earlier: one followed up at three months with nothing
wrong, one with arrears on the startlån and debt counselling arranged, and one whose twelve-month
follow-up is due in the coming days.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from boligvei.assessments.selectors import household_request
from boligvei.assessments.services import assessment_create
from boligvei.cases import decisions, follow_ups, mapping, pipeline, purchases, services
from boligvei.cases.prefill import purchase_initial
from boligvei.cases.certificates import add_months
from boligvei.cases.models import CaseEvent, CaseMilestone, FinancingCertificate
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.demo.history import CONSENT_AT
from boligvei.housing.models import Tenancy
from boligvei.people.consent import active_purposes
from boligvei.people.models import Consent, ConsentMethod, ConsentPurpose
from boligvei.people.services import consent_give

PATH = ["meeting_booked", "conversation_held", "mapped", "assessed", "follow_up_plan", "applying",
        "financing_approved", "purchased", "after_purchase"]
# Steps that have no record of their own in Boligvei (the meetings demo books and holds real
# meetings separately): moved by hand, with the reason a caseworker would give.
MANUAL = {
    "meeting_booked": "Husstanden ringte etter brevet; vi avtalte et møte.",
    "conversation_held": "Første samtale holdt på servicetorget.",
    "follow_up_plan": "Husstanden vil spare og betale ned kredittkortet før en søknad.",
}
NOTES = [
    "Hyggelig første samtale. Husstanden ønsker å vite mer om startlån.",
    "Tolk var med. Vi gikk gjennom budsjettet sammen.",
    "Husstanden vil gjerne kjøpe boligen de leier. Barna går på skolen i nærheten.",
    "Avtalte at husstanden tar med lønnsslipper og skattemelding til neste møte.",
]
TASKS = ["Ta med lønnsslipper og skattemelding", "Betale ned kredittkortet", "Spare 2 000 kr i måneden",
         "Nytt møte om tre måneder", "Kontakte gjeldsrådgiver i NAV"]



@dataclass(frozen=True)
class AfterPurchase:
    """A household that bought some time ago, and what its follow-ups found."""

    bought_days_ago: int
    trouble: str = "none"  # cases.models.PaymentTrouble
    payment_notes: str = ""
    help_arranged: tuple[str, ...] = ()
    help_notes: str = ""
    wellbeing: str = "Husstanden trives i boligen og har fått god oversikt over de faste utgiftene."


BOUGHT_LAST_WEEK = AfterPurchase(bought_days_ago=7)
# The case that walks the whole path (followed up at three months), and two more households.
AFTER_PURCHASE = [
    AfterPurchase(bought_days_ago=100),
    AfterPurchase(bought_days_ago=110, trouble="startlan_arrears",
                  payment_notes="To terminer på startlånet er ikke betalt etter at strømregningen ble høy i vinter.",
                  help_arranged=("debt_counselling", "nav"),
                  help_notes="Time hos gjeldsrådgiveren i NAV neste uke; vi ser på betalingsutsettelse på startlånet.",
                  wellbeing="Barna trives på skolen, men vinteren ble dyr."),
    AfterPurchase(bought_days_ago=358,
                  wellbeing="Alt har gått greit så langt. Husstanden har lagt opp et budsjett for vedlikehold."),
]


def _work(*, step: str, steps: list[str], case, caseworker, approver, rng, today: dt.date,
          story: AfterPurchase = BOUGHT_LAST_WEEK) -> None:
    """Do the work a step stands for, through the services that record it; the work moves the
    case (cases.pipeline.PROGRESS). Steps without a record of their own are moved by hand with a
    reason, as a caseworker would."""
    if step in MANUAL:
        services.case_move(actor=caseworker, case=case, to_status=step, expected_version=case.version,
                           manual=True, reason=MANUAL[step])
    elif step == "mapped":
        savings = rng.randrange(0, 120_000, 5_000)
        services.mapping_create(actor=caseworker, case=case, version=mapping.CURRENT_VERSION, answers={
            "wish": rng.choice(["buy_rented", "buy_rented", "buy_other", "unsure"]),
            "income_stable": rng.choice(["yes", "yes", "unknown"]), "motivation": str(rng.randint(2, 5)),
            "savings": savings, "net_income_monthly": rng.randrange(24_000, 52_000, 500),
            "debt_payments_monthly": rng.choice([0, 0, 800, 1_500, 2_500])})
    elif step == "assessed":
        try:
            assessment_create(actor=caseworker, household=case.household,
                              request=household_request(household=case.household, today=today))
        except DomainError:  # a demo dated before the engine's parameters (say 2013): assessed on paper
            services.case_move(actor=caseworker, case=case, to_status=step, expected_version=case.version,
                               manual=True, reason="Betjeningsevnen er vurdert på papir.")
    elif step == "applying":
        decisions.decision_recommend(actor=caseworker, case=case, kind="startlan",
                                     amount=rng.randrange(1_200_000, 2_600_000, 50_000),
                                     recommendation="Husstanden har stabil inntekt og betjeningsevne i stresstesten.",
                                     override_reason="Betjeningsevnen er vurdert på papir.")  # used only if needed
    elif step == "financing_approved":
        _decided_in_writing(rng, case, approver, today, will_buy="purchased" in steps,
                            bought_days_ago=story.bought_days_ago)
    elif step == "purchased":
        for task in case.tasks.filter(checklist__isnull=False, done_at__isnull=True):  # the purchase process, done
            services.task_complete(actor=caseworker, task=task)
        price = case.household.active_tenancy.dwelling.market_value
        equity = min(50_000, price // 20)
        startlan = min(purchase_initial(case).get("startlan", 0), price - equity)  # filled from the approval
        purchases.case_record_purchase(
            actor=caseworker, case=case, expected_version=case.version,
            completed_on=today - dt.timedelta(days=story.bought_days_ago),
            price=price, startlan=startlan, bank_loan=price - equity - startlan, equity=equity,
            bought_rented_dwelling=True)
    elif step == "after_purchase":  # the follow-up three months after the takeover, recorded
        first = case.follow_ups.order_by("due_on").first()
        follow_ups.follow_up_record(
            actor=caseworker, follow_up=first, done_on=min(first.due_on, timezone.localdate()),
            wellbeing=story.wellbeing, payment_trouble=story.trouble, payment_notes=story.payment_notes,
            help_arranged=story.help_arranged, help_notes=story.help_notes)


def demo_cases_create(*, seed: int, today: dt.date, count: int = 60) -> int:
    rng = random.Random(seed)
    caseworkers = list(User.objects.filter(username__in=["saksbehandler", "saksbehandler2"]).order_by("username"))
    approver = User.objects.filter(username="fullmaktshaver").first()
    if not caseworkers or approver is None:
        return 0
    tenancies = list(Tenancy.objects.filter(is_active=True, dwelling__rent_to_own_potential=True,
                                            dwelling__market_value__gt=0)
                     .select_related("household", "dwelling").order_by("pk")[: count * 3])
    rng.shuffle(tenancies)
    # The services date the work now; a purchase is only shown when the demo is dated today, so that
    # a demo as of an earlier date (reports' tests) has no purchase after that date.
    path = PATH if today >= timezone.localdate() else PATH[:PATH.index("purchased")]
    # The work draws from its own sequence, so the rest of the demo stays as it was.
    decision_rng = random.Random(seed + 15)
    made = 0
    for number, tenancy in enumerate(tenancies[:count]):
        caseworker = caseworkers[0] if rng.random() < 0.7 else caseworkers[-1]
        case = services.case_open(actor=caseworker, household=tenancy.household, caseworker=caseworker)
        # Every stage shown at least once (the first cases walk ever further), then at random.
        steps = path[: number + 1 if number < len(path) else rng.randint(0, len(path) - 2)]
        # What the household agreed to in the conversation (some already did in an earlier case).
        needed = [purpose for status, purpose in CONSENT_AT.items() if status in steps]
        given = active_purposes(case.household_id)
        for purpose in needed:
            if purpose not in given:
                consent_give(actor=caseworker, household=case.household, purpose=purpose,
                             method=ConsentMethod.SIGNED_FORM)
        story = AFTER_PURCHASE[0] if "after_purchase" in steps else BOUGHT_LAST_WEEK
        for step in steps:
            _work(step=step, steps=steps, case=case, caseworker=caseworker, approver=approver, rng=decision_rng,
                  today=today, story=story)
            case.refresh_from_db()
        if steps and number >= len(path) and rng.random() < 0.15 and case.status in pipeline.TRANSITIONS and (
                "declined" in pipeline.TRANSITIONS[case.status]):
            services.case_move(actor=caseworker, case=case, to_status="declined", expected_version=case.version,
                               reason="Husstanden vil vente et år.",
                               invite_again_on=max(today, timezone.localdate()) + dt.timedelta(days=365))
            made += 1
            continue
        if steps:
            services.case_note_add(actor=caseworker, case=case, text=rng.choice(NOTES))
        if case.status == "follow_up_plan" or (case.is_open and rng.random() < 0.3):
            for title in rng.sample(TASKS, 2):
                services.task_create(actor=caseworker, case=case, title=title, assignee=caseworker,
                                     due_on=today + dt.timedelta(days=rng.randint(-20, 60)))
        if case.status == "assessed" and rng.random() < 0.3:  # sent without a fresh assessment, with a reason
            if ConsentPurpose.SHARE_HUSBANKEN not in active_purposes(case.household_id):
                consent_give(actor=caseworker, household=case.household, purpose=ConsentPurpose.SHARE_HUSBANKEN,
                             method=ConsentMethod.SIGNED_FORM)
            case.household.assessments.update(created_at=timezone.now() - dt.timedelta(days=200))
            decisions.decision_recommend(
                actor=caseworker, case=case, kind="startlan", amount=rng.randrange(1_200_000, 2_000_000, 50_000),
                recommendation="Anbefales: inntekten er uendret siden vurderingen.",
                override_reason="Vurderingen er fra i vår, men inntekt og gjeld er de samme (lønnsslipper kontrollert).")
        if case.status == "applying" and number >= len(path) and decision_rng.random() < 0.25:
            _refused_in_writing(case, caseworker, approver)
        elif case.status == "applying" and rng.random() < 0.5:  # waiting a while: an interim reply is due
            at = timezone.now() - dt.timedelta(days=rng.randint(35, 60))
            CaseEvent.objects.filter(case=case).update(at=at)
            CaseMilestone.objects.filter(case=case).update(at=at)  # the stages agree with the events
            Consent.objects.filter(household_id=case.household_id, given_at__gt=at).update(given_at=at)
        if case.status == "financing_approved":  # still looking: the checklist's first steps are done
            for task in case.tasks.filter(checklist__isnull=False).order_by("due_on", "id")[:2]:
                services.task_complete(actor=caseworker, task=task)
        made += 1
    if "purchased" in path:
        for tenancy, story in zip(tenancies[count:], AFTER_PURCHASE[1:], strict=False):
            _after_purchase(tenancy, story, caseworker=caseworkers[0], approver=approver, rng=decision_rng,
                            today=today)
            made += 1
    return made


def _after_purchase(tenancy, story: AfterPurchase, *, caseworker: User, approver: User, rng, today: dt.date) -> None:
    """A household that walked the whole path and bought `story.bought_days_ago` days ago, with
    its three-month follow-up recorded once it fell due."""
    case = services.case_open(actor=caseworker, household=tenancy.household, caseworker=caseworker)
    given = active_purposes(case.household_id)
    for purpose in CONSENT_AT.values():
        if purpose not in given:
            consent_give(actor=caseworker, household=case.household, purpose=purpose, method=ConsentMethod.SIGNED_FORM)
            given = active_purposes(case.household_id)
    steps = PATH if add_months(today - dt.timedelta(days=story.bought_days_ago), 3) <= today else PATH[:-1]
    for step in steps:
        _work(step=step, steps=steps, case=case, caseworker=caseworker, approver=approver, rng=rng, today=today,
              story=story)
        case.refresh_from_db()


def _decided_in_writing(rng: random.Random, case, approver: User, today: dt.date, *, will_buy: bool,
                        bought_days_ago: int = 7) -> None:
    """The waiting startlån recommendation approved, with its letter and financing certificate;
    some certificates are about to run out, some have been held long without a purchase (as
    "Mitt arbeid" shows)."""
    decision = case.decisions.get(outcome="")
    decisions.decision_decide(
        actor=approver, decision=decision, outcome="approved", grounds="",
        facts="Husstanden har fast inntekt og har betalt husleien til avtalt tid i flere år.",
        price_frame=decision.amount + rng.randrange(200_000, 600_000, 50_000),
        conditions="Boligen må egne seg for husstanden over tid. Salgsoppgaven sendes oss før budgivning.")
    # Days since the certificate was given: a household that bought did so some weeks after it.
    held = bought_days_ago + 23 if will_buy else rng.choice([10, 60, 150, 170])
    issued = today - dt.timedelta(days=held)
    FinancingCertificate.objects.filter(decision=decision).update(
        issued_on=issued, valid_until=issued + dt.timedelta(days=183))


def _refused_in_writing(case, caseworker: User, approver: User) -> None:
    """The waiting startlån recommendation refused with grounds and the refusal letter; the case
    goes back to the plan."""
    children = case.household.members.filter(relation="child").exists()
    decisions.decision_decide(
        actor=approver, decision=case.decisions.get(outcome=""), outcome="refused",
        facts="Husstanden har forbruksgjeld på om lag 180 000 kr med høy rente, og inntekten etter skatt "
              "dekker ikke lånet i stresstesten.",
        grounds="Husstanden kan ikke betjene lånet nå uten å få betalingsproblemer. Vi vil heller hjelpe med "
                "å betale ned forbruksgjelden først, og ser på saken igjen om et år.",
        children_interests=("Barna bor trygt i den kommunale boligen i dag. Et lån husstanden ikke kan betjene, "
                            "kan føre til tvangssalg, og det er ikke til barnas beste." if children else ""))
    case.refresh_from_db()
    services.case_move(actor=caseworker, case=case, to_status="follow_up_plan", expected_version=case.version,
                       reason="Startlån avslått: oppfølgingsplan for å betale ned gjeld.")
