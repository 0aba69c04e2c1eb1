"""The programme's results by the target-group criteria of the municipality's guidelines.

Per year: the households whose case was opened that year, each checked against the target group
of the guidelines in force on the day the case was opened (the register's facts on that day,
`guidelines.selectors.RegisterFacts`), and the startlån decisions made that year, approved (in
whole or in part) or refused, counted by the criteria whose paragraphs the decision cites under
its own version. A household or decision meeting several criteria counts under each; «I
målgruppen» counts it once. As of a date like every other figure: cases opened and decisions
made by the end of that day. Six queries whatever the size of the register.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from boligvei.cases.funnel import Stage
from boligvei.cases.models import Decision, DecisionKind, DecisionOutcome
from boligvei.guidelines import rules
from boligvei.guidelines.selectors import RegisterFacts, VersionsByDay
from boligvei.reports.selectors import _cohort_milestones, _start_of

IN_GROUP = "in_group"
OUTSIDE = "outside"
UNCITED = "uncited"
LABELS = {**rules.CRITERIA, IN_GROUP: "I målgruppen (minst ett kriterium)", OUTSIDE: "Ikke i målgruppen",
          UNCITED: "Viser ikke til et kriterium"}
APPROVED = (DecisionOutcome.APPROVED, DecisionOutcome.PARTIAL)


@dataclass
class CriterionYear:
    year: int
    households: Counter = field(default_factory=Counter)
    approved: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)


@dataclass
class CriterionReport:
    years: list[CriterionYear]

    def keys(self) -> list[str]:
        """The criteria that have a figure, in the order of `rules.CRITERIA`, then the totals."""
        seen = set()
        for year in self.years:
            seen |= set(year.households) | set(year.approved) | set(year.refused)
        return [key for key in [*rules.CRITERIA, IN_GROUP, OUTSIDE, UNCITED] if key in seen]


def _paragraph_keys(document: dict) -> dict[str, str]:
    return {rules.criterion_paragraph(document, key): key
            for key in document.get("target_groups", {}).get("criteria", []) if key in rules.CRITERIA}


def by_criterion(f) -> CriterionReport:
    """Households and startlån decisions per year and target-group criterion (see the module)."""
    years = {year: CriterionYear(year) for year in f.years}
    opened = _cohort_milestones(f).filter(stage=Stage.INVITED)
    cohort = list(opened.values_list("case__household_id", "at"))
    versions = VersionsByDay()
    facts = RegisterFacts(opened.values("case__household_id"))
    for household_id, at in cohort:
        day = timezone.localdate(at)
        version = versions.on(day)
        if version is None or day.year not in years:
            continue
        check = rules.target_group(version.document, facts.on(household_id, day))
        counter = years[day.year].households
        counter.update(c.key for c in check.met)
        counter[IN_GROUP if check.in_group else OUTSIDE] += 1

    decisions = Decision.objects.filter(
        kind=DecisionKind.STARTLAN, outcome__in=[*APPROVED, DecisionOutcome.REFUSED],
        decided_at__gte=_start_of(f.start), decided_at__lt=min(f.cutoff, _start_of(f.end + dt.timedelta(days=1))))
    if f.area:
        decisions = decisions.filter(case__area=f.area)
    if f.channel:
        decisions = decisions.filter(case__channel=f.channel)
    if f.caseworker_id:
        decisions = decisions.filter(case__caseworker_id=f.caseworker_id)
    by_id = {v.pk: v for v in versions.versions}
    for decided_at, outcome, guideline_id, paragraphs in decisions.values_list(
            "decided_at", "outcome", "guideline_id", "guideline_paragraphs"):
        year = years.get(timezone.localdate(decided_at).year)
        if year is None:
            continue
        version = by_id.get(guideline_id)
        keys = _paragraph_keys(version.document) if version else {}
        cited = list(dict.fromkeys(keys[p] for p in paragraphs or [] if p in keys))
        counter = year.approved if outcome in APPROVED else year.refused
        counter.update(cited)
        counter[IN_GROUP if cited else UNCITED] += 1
    return CriterionReport([years[y] for y in sorted(years)])
