"""The programme's funnel as data: the stages a case passes on the way to a purchase.

A stage counts as reached the first time the case gets to it *or further*: a case that goes
straight from "assessed" to "applying" has passed the follow-up-plan stage too, as funnels
count. Reached stays reached: a step back or a reopened case does not undo a stage. Each case's
stages are kept as `CaseMilestone` rows, written together with the case event that reached them
(and rebuilt from the events by `cases.milestones.milestones_rebuild`), so that the reports can
ask "how far had these cases come on date D" with one grouped query.
"""

from django.db import models

from boligvei.cases.pipeline import MAIN_PATH, Status


class Stage(models.IntegerChoices):
    INVITED = 1, "Invitert eller henvist"
    ANSWERED = 2, "Svarte"
    CONVERSATION = 3, "Samtale"
    ASSESSED = 4, "Betjeningsevne vurdert"
    PLAN = 5, "Oppfølgingsplan"
    APPLIED = 6, "Søkt startlån"
    APPROVED = 7, "Finansieringsbevis"
    PURCHASED = 8, "Kjøpt bolig"


# What each stage means, written out on the report page and in the yearly report.
DEFINITIONS = {
    Stage.INVITED: "Saken er åpnet: husstanden har fått invitasjonsbrev, eller kom inn på annen måte "
                   "(henvendelse, henvisning). Saken telles i året den ble åpnet.",
    Stage.ANSWERED: "Husstanden har svart: saken har gått videre fra «invitert», også når svaret var nei "
                    "(«takket nei», «ikke aktuelt nå»). «Svarte ikke» og «flyttet» er ikke svar.",
    Stage.CONVERSATION: "Den første samtalen er holdt.",
    Stage.ASSESSED: "Betjeningsevnen er vurdert.",
    Stage.PLAN: "Saken har kommet til oppfølgingsplan eller lenger (en husstand som søker startlån rett "
                "etter vurderingen, har passert trinnet).",
    Stage.APPLIED: "Husstanden har søkt startlån.",
    Stage.APPROVED: "Husstanden har fått finansieringsbevis.",
    Stage.PURCHASED: "Kjøpet er gjennomført og registrert.",
}

# The first stage each main-path status stands for; every stage up to it is reached with it.
_STAGE_OF_STATUS = {
    Status.INVITED: Stage.INVITED,
    Status.MEETING_BOOKED: Stage.ANSWERED,
    Status.CONVERSATION_HELD: Stage.CONVERSATION,
    Status.MAPPED: Stage.CONVERSATION,
    Status.ASSESSED: Stage.ASSESSED,
    Status.FOLLOW_UP_PLAN: Stage.PLAN,
    Status.APPLYING: Stage.APPLIED,
    Status.FINANCING_APPROVED: Stage.APPROVED,
    Status.PURCHASED: Stage.PURCHASED,
    Status.AFTER_PURCHASE: Stage.PURCHASED,
    Status.CLOSED: Stage.INVITED,  # closing says nothing new: the stages before it were reached then
}
# Exits that are an answer from the household.
_ANSWERS = {Status.DECLINED: Stage.ANSWERED, Status.NOT_RELEVANT: Stage.ANSWERED}

assert set(_STAGE_OF_STATUS) == set(MAIN_PATH)


def stages_reached(to_status: str) -> list[Stage]:
    """The stages a case has passed once it is in `to_status` (the stages before included)."""
    top = _STAGE_OF_STATUS.get(to_status) or _ANSWERS.get(to_status) or Stage.INVITED
    return [stage for stage in Stage if stage <= top]
