"""The case pipeline as data: the statuses, the moves allowed between them, and what each asks.

Veiviseren's template for a purchase with startlån (preparation, case handling and dialogue,
help in the buying process, follow-up after the purchase) laid out as the steps a caseworker
records. Side exits end a case with a reason and, where it applies, a date to invite again; a
closed or exited case can be reopened where it left off. Moving back a step (a refused
application, an expired financing certificate) is allowed where the work really goes back.
"""

from django.db import models


class Status(models.TextChoices):
    INVITED = "invited", "Invitert"
    MEETING_BOOKED = "meeting_booked", "Møte avtalt"
    CONVERSATION_HELD = "conversation_held", "Samtale holdt"
    MAPPED = "mapped", "Situasjonen kartlagt"
    ASSESSED = "assessed", "Betjeningsevne vurdert"
    FOLLOW_UP_PLAN = "follow_up_plan", "Oppfølgingsplan"
    APPLYING = "applying", "Søker startlån"
    FINANCING_APPROVED = "financing_approved", "Finansieringsbevis gitt"
    PURCHASED = "purchased", "Kjøp gjennomført"
    AFTER_PURCHASE = "after_purchase", "Oppfølging etter kjøp"
    CLOSED = "closed", "Avsluttet"
    NOT_RELEVANT = "not_relevant", "Ikke aktuelt nå"
    DECLINED = "declined", "Takket nei"
    MOVED_OUT = "moved_out", "Flyttet"
    NO_ANSWER = "no_answer", "Svarte ikke"


MAIN_PATH = (
    Status.INVITED, Status.MEETING_BOOKED, Status.CONVERSATION_HELD, Status.MAPPED, Status.ASSESSED,
    Status.FOLLOW_UP_PLAN, Status.APPLYING, Status.FINANCING_APPROVED, Status.PURCHASED,
    Status.AFTER_PURCHASE, Status.CLOSED,
)
EXITS = frozenset({Status.NOT_RELEVANT, Status.DECLINED, Status.MOVED_OUT, Status.NO_ANSWER})
# Exits after which the household may be invited again on a date the caseworker sets.
INVITE_AGAIN = frozenset({Status.NOT_RELEVANT, Status.DECLINED, Status.NO_ANSWER})
CLOSED_STATUSES = frozenset({Status.CLOSED}) | EXITS
OPEN_STATUSES = frozenset(Status) - CLOSED_STATUSES
# Once the purchase is done, the household has not declined or moved out: it has bought.
_EXITS_BEFORE_PURCHASE = EXITS

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.INVITED: frozenset({Status.MEETING_BOOKED, Status.CONVERSATION_HELD}) | _EXITS_BEFORE_PURCHASE,
    Status.MEETING_BOOKED: frozenset({Status.CONVERSATION_HELD, Status.INVITED}) | _EXITS_BEFORE_PURCHASE,
    Status.CONVERSATION_HELD: frozenset({Status.MAPPED, Status.MEETING_BOOKED}) | _EXITS_BEFORE_PURCHASE,
    Status.MAPPED: frozenset({Status.ASSESSED, Status.MEETING_BOOKED}) | _EXITS_BEFORE_PURCHASE,
    Status.ASSESSED: frozenset({Status.FOLLOW_UP_PLAN, Status.APPLYING}) | _EXITS_BEFORE_PURCHASE,
    Status.FOLLOW_UP_PLAN: frozenset({Status.ASSESSED, Status.APPLYING, Status.MEETING_BOOKED}) | _EXITS_BEFORE_PURCHASE,
    Status.APPLYING: frozenset({Status.FINANCING_APPROVED, Status.FOLLOW_UP_PLAN}) | _EXITS_BEFORE_PURCHASE,
    Status.FINANCING_APPROVED: frozenset({Status.PURCHASED, Status.FOLLOW_UP_PLAN}) | _EXITS_BEFORE_PURCHASE,
    Status.PURCHASED: frozenset({Status.AFTER_PURCHASE, Status.CLOSED}),
    Status.AFTER_PURCHASE: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    **{exit_: frozenset() for exit_ in EXITS},
}

# What the caseworker does next, shown on the case page and in "my work": what to do, and what
# moves the case on by itself (`PROGRESS`), so that the page and the pipeline never disagree.
NEXT_STEP = {
    Status.INVITED: "Avtal et møte, eller ring husstanden hvis den ikke har svart. "
                    "Et møte som er holdt uten avtale, registreres under Møter.",
    Status.MEETING_BOOKED: "Hold samtalen og skriv referatet. Husk tolk hvis husstanden trenger det.",
    Status.CONVERSATION_HELD: "Kartlegg bosituasjonen og økonomien. Saken går videre når kartleggingen er lagret.",
    Status.MAPPED: "Vurder betjeningsevnen med kalkulatoren. Saken går videre når vurderingen er lagret.",
    Status.ASSESSED: "Lag en oppfølgingsplan, eller send en innstilling om startlån til en fullmaktshaver.",
    Status.FOLLOW_UP_PLAN: "Følg opp planen: sparing, gjeld og dokumenter. Send innstilling om startlån når "
                           "husstanden er klar.",
    Status.APPLYING: "Vent på vedtaket fra fullmaktshaveren. Gi foreløpig svar hvis det trekker ut.",
    Status.FINANCING_APPROVED: "Hjelp husstanden i kjøpsprosessen innenfor finansieringsbeviset. "
                               "Registrer kjøpet når overtakelsen er gjennomført.",
    Status.PURCHASED: "Planlegg oppfølgingen etter kjøpet (for eksempel etter 3 og 12 måneder). "
                      "Saken går videre når den første oppfølgingen er gjort.",
    Status.AFTER_PURCHASE: "Følg opp at husstanden mestrer å eie. Avslutt saken når det går bra.",
}
assert set(NEXT_STEP) == OPEN_STATUSES

# What happened, and the status it moves a case to: saving the record of the work moves the case
# (cases.services.case_progress), only forward and only where TRANSITIONS allows the move.
PROGRESS: dict[str, Status] = {
    "meeting_booked": Status.MEETING_BOOKED,
    "meeting_held": Status.CONVERSATION_HELD,
    "mapping_saved": Status.MAPPED,
    "assessment_saved": Status.ASSESSED,
    "recommendation_sent": Status.APPLYING,
    "decision_approved": Status.FINANCING_APPROVED,
    "purchase_registered": Status.PURCHASED,
    "follow_up_done": Status.AFTER_PURCHASE,
}


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


def allowed_moves(status: str) -> list[Status]:
    """The statuses a case may move to next: forward along the main path first (the usual next
    step is the default), then steps back, then the exits."""
    moves = TRANSITIONS[Status(status)]

    def order(target: Status):
        if target in EXITS:
            return (2, 0)
        if is_backward(status, target):
            return (1, -MAIN_PATH.index(target))
        return (0, MAIN_PATH.index(target))

    return sorted(moves, key=order)


def is_backward(from_status: str, to_status: str) -> bool:
    return (from_status in MAIN_PATH and to_status in MAIN_PATH
            and MAIN_PATH.index(to_status) < MAIN_PATH.index(from_status))


def needs_reason(from_status: str, to_status: str) -> bool:
    """Exits and steps back must say why; so the reports and the next caseworker can tell."""
    return to_status in EXITS or is_backward(from_status, to_status)
