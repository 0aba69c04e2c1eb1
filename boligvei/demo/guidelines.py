"""Fjordvik's startlån guidelines in the demo: a first version from the programme's start, and a
later one that narrows the target group to the most disadvantaged (as Skien's city council did on
31.10.2013: every municipal tenant was in the first, only the most disadvantaged are in the
second), so that the history and the rules as of a date can be seen; the history's decisions
cite the version in force on their day (`demo_decisions_cite`)."""

import datetime as dt

from django.utils import timezone

from boligvei.cases.guideline_citations import KIND_PARTS, paragraphs_for
from boligvei.cases.models import Decision
from boligvei.core.models import User
from boligvei.guidelines.models import GuidelineVersion
from boligvei.guidelines.selectors import RegisterFacts, VersionsByDay
from boligvei.guidelines.services import guideline_version_create

FIRST = {
    "target_groups": {"paragraph": "§ 2", "criteria": ["municipal_tenant", "children", "long_term_low_income"],
                      "text": "Startlån skal hjelpe husstander som ikke får lån i vanlig bank, særlig leietakere i "
                              "kommunale boliger og barnefamilier."},
    "priorities": {"paragraph": "§ 3", "text": "Barnefamilier prioriteres."},
    "waivers": {"paragraph": "§ 4", "conditions": ["saving_potential_used"], "groups": "Barnefamilier."},
    "price_frames": {"paragraph": "§ 5", "frames": [
        {"household_size": 1, "area": "", "max_price": 1_900_000},
        {"household_size": 2, "area": "", "max_price": 2_300_000},
        {"household_size": 3, "area": "", "max_price": 2_700_000},
        {"household_size": 4, "area": "", "max_price": 3_000_000}]},
    "loan": {"paragraph": "§ 6", "max_amount": 2_500_000, "min_amount": 100_000, "own_contribution_percent": None,
             "financing": "top_up_only", "max_term_years": 30, "term_text": ""},
    "grant": {"paragraph": "§ 7", "criteria": "Husstander med varig lav inntekt som ikke kan betjene et stort nok "
                                             "startlån.", "max_amount": 200_000},
}

SECOND = {
    "target_groups": {"paragraph": "§ 2", "criteria": ["children", "disability", "long_term_low_income",
                                                        "risk_of_losing_home"],
                      "text": "Startlån skal gå til dem som er mest vanskeligstilt på boligmarkedet: husstander med "
                              "varig lav inntekt som leier kommunal bolig eller står i fare for å miste boligen, "
                              "barnefamilier og personer med nedsatt funksjonsevne."},
    "priorities": {"paragraph": "§ 3", "text": "Husstander som står i fare for å miste boligen, deretter "
                                               "barnefamilier, deretter husstander med varig lav inntekt."},
    "waivers": {"paragraph": "§ 4", "conditions": ["long_term_financing_problems", "saving_potential_used"],
                "groups": "Barnefamilier, personer med særlige sosiale eller helsemessige behov, og refinansiering "
                          "for å unngå tvangssalg."},
    "price_frames": {"paragraph": "§ 5", "frames": [
        {"household_size": 1, "area": "", "max_price": 2_400_000},
        {"household_size": 2, "area": "", "max_price": 2_900_000},
        {"household_size": 3, "area": "", "max_price": 3_400_000},
        {"household_size": 3, "area": "Sentrum", "max_price": 3_800_000},
        {"household_size": 4, "area": "", "max_price": 3_800_000}]},
    "loan": {"paragraph": "§ 6", "max_amount": 4_000_000, "min_amount": 100_000, "own_contribution_percent": None,
             "financing": "full_or_top_up", "max_term_years": 50,
             "term_text": "Inntil 50 år når vilkårene i Husbankens veileder er oppfylt."},
    "grant": {"paragraph": "§ 7", "criteria": "Husstander med varig lav inntekt som ikke kan betjene et stort nok "
                                             "startlån.", "max_amount": 300_000},
}


def demo_guidelines_create(*, actor: User | None) -> list[GuidelineVersion]:
    """The two versions, through the service (so they are checked against the law and audited)."""
    first = guideline_version_create(actor=actor, adopted_by="Bystyret", adopted_on=dt.date(2012, 2, 15),
                                     valid_from=dt.date(2012, 3, 1), case_number="12/0341",
                                     document=FIRST, note="Første versjon.")
    second = guideline_version_create(actor=actor, adopted_by="Bystyret", adopted_on=dt.date(2013, 10, 31),
                                      valid_from=dt.date(2013, 11, 1), case_number="13/2210", document=SECOND,
                                      note="Målgruppen snevres inn til de mest vanskeligstilte; "
                                           "fullfinansiering og inntil 50 års nedbetaling.")
    return [first, second]


def demo_decisions_cite() -> int:
    """The history's decisions on startlån and grants cite the version in force on the day they
    were decided, with the paragraphs the household met then (as a caseworker would have
    prefilled them): those of 2012–2013 the first version, later ones the second."""
    decisions = list(Decision.objects.filter(kind__in=list(KIND_PARTS), guideline__isnull=True)
                     .exclude(outcome="").select_related("case"))
    versions = VersionsByDay()
    facts = RegisterFacts({d.case.household_id for d in decisions})
    for decision in decisions:
        day = timezone.localdate(decision.decided_at)
        version = versions.on(day)
        if version is None:
            continue
        decision.guideline = version
        decision.guideline_paragraphs = paragraphs_for(version.document, facts.on(decision.case.household_id, day),
                                                       decision.kind)
    Decision.objects.bulk_update(decisions, ["guideline", "guideline_paragraphs"])
    return len(decisions)
