"""Reading the guidelines: the version in force on a day, the history of versions, and the
register's facts that decide whether a household is in a version's target group.

The facts are read from the register as it says on a day, and only from it:

- *barnefamilie*: a member under 18 on the day;
- *leier kommunal bolig*: a tenancy running on the day;
- *nedsatt funksjonsevne*: a member with uføretrygd, or a waiting-list application for health
  or disability reasons made by the day;
- *varig lav inntekt*: the household gets bostøtte (means-tested); «dokumentert varig lav
  inntekt» in an assessment says so too;
- *flyktning som bosettes*: a waiting-list application for settling refugees made by the day;
- *i fare for å miste boligen*: a waiting-list application as homeless or without a suitable
  home made by the day, or the caseworker's answer in an assessment.

What the register cannot tell is unknown, not «no»: the caseworker judges it in the conversation.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db.models import QuerySet

from boligvei.guidelines import rules
from boligvei.guidelines.models import GuidelineVersion
from boligvei.guidelines.rules import Fact
from boligvei.housing.models import NeedCategory, Tenancy, WaitingListEntry
from boligvei.people.models import Person


def guideline_in_force(day: dt.date) -> GuidelineVersion | None:
    """The version whose `valid_from` is the latest on or before the day (None before the first)."""
    return GuidelineVersion.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def guideline_versions() -> QuerySet[GuidelineVersion]:
    return GuidelineVersion.objects.select_related("created_by").order_by("-valid_from")


class VersionsByDay:
    """Every version, loaded once, to find the one in force on many days without a query each."""

    def __init__(self):
        self.versions = list(GuidelineVersion.objects.order_by("-valid_from"))

    def on(self, day: dt.date) -> GuidelineVersion | None:
        return next((v for v in self.versions if v.valid_from <= day), None)


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class RegisterFacts:
    """The register's rows about some households, loaded in three queries whatever their number,
    so that the facts on any day (`on`) cost no further query. `households` is a list of ids or
    a queryset of them."""

    def __init__(self, households: Iterable[int] | QuerySet):
        self.members = defaultdict(list)
        for row in Person.objects.filter(household_id__in=households).values(
                "household_id", "birth_date", "income_disability_benefit", "income_housing_allowance"):
            self.members[row["household_id"]].append(row)
        self.tenancies = defaultdict(list)
        for household_id, start, end in Tenancy.objects.filter(household_id__in=households).values_list(
                "household_id", "start_date", "end_date"):
            self.tenancies[household_id].append((start, end))
        self.needs = defaultdict(list)
        for household_id, applied, need in WaitingListEntry.objects.filter(household_id__in=households).values_list(
                "household_id", "application_date", "need_category"):
            self.needs[household_id].append((applied, need))

    def on(self, household_id: int, day: dt.date, documented: Mapping[str, bool] | None = None) -> dict[str, Fact]:
        """The facts for each criterion on the day; `documented` adds the caseworker's answers
        in an assessment (varig lav inntekt, fare for å miste boligen), which only say yes."""
        documented = documented or {}
        members = [m for m in self.members[household_id] if m["birth_date"] <= day]
        children = sum(1 for m in members if _age_on(m["birth_date"], day) < 18)
        needs = {need for applied, need in self.needs[household_id] if applied <= day}
        renting = any(start <= day and (end is None or end >= day) for start, end in self.tenancies[household_id])
        disability_benefit = any(m["income_disability_benefit"] for m in members)
        allowance = any(m["income_housing_allowance"] for m in members)
        facts = {
            "children": Fact(True, f"{children} barn under 18 år") if children else Fact(False, "ingen barn under 18 år"),
            "municipal_tenant": (Fact(True, "leier kommunal bolig") if renting
                                 else Fact(False, "leier ikke kommunal bolig")),
            "disability": (Fact(True, "uføretrygd i husstanden") if disability_benefit
                           else Fact(True, "søkt bolig av helsegrunner eller funksjonsnedsettelse")
                           if NeedCategory.HEALTH in needs else Fact(None)),
            "long_term_low_income": (Fact(True, "dokumentert i vurderingen") if documented.get("permanently_low_income")
                                     else Fact(True, "mottar bostøtte") if allowance
                                     else Fact(None)),
            "refugee": Fact(True, "søkt bolig som flyktning") if NeedCategory.REFUGEE in needs else Fact(None),
            "risk_of_losing_home": (Fact(True, "vurdert i betjeningsevnen") if documented.get("risk_of_losing_home")
                                    else Fact(True, "søkt bolig som bostedsløs eller uten egnet bolig")
                                    if NeedCategory.HOMELESS in needs else Fact(None)),
        }
        return facts

    def household_size(self, household_id: int, day: dt.date) -> int:
        return sum(1 for m in self.members[household_id] if m["birth_date"] <= day)


def target_groups(household_ids: Iterable[int] | QuerySet, day: dt.date
                  ) -> tuple[GuidelineVersion | None, dict[int, rules.TargetGroupCheck]]:
    """The version in force on the day and each household checked against its target group
    (four queries whatever the number of households; empty without a version)."""
    version = guideline_in_force(day)
    if version is None:
        return None, {}
    ids = list(household_ids)
    facts = RegisterFacts(ids)
    return version, {pk: rules.target_group(version.document, facts.on(pk, day)) for pk in ids}


def household_check(*, household_id: int, day: dt.date, price: int | None = None, area: str = "",
                    documented: Mapping[str, bool] | None = None) -> dict | None:
    """What the calculator, a saved assessment and the case page show: the version in force on
    the day, the criteria the household meets (with paragraphs), and the price against the frame."""
    version = guideline_in_force(day)
    if version is None:
        return None
    facts = RegisterFacts([household_id])
    size = facts.household_size(household_id, day)
    return {
        "version": version, "day": day,
        "target_group": rules.target_group(version.document, facts.on(household_id, day, documented)),
        "price": rules.price_check(version.document, household_size=size, area=area, price=price),
        "household_size": size, "area": area,
        "loan": version.document.get("loan", {}),
        "financing": rules.FINANCING.get(version.document.get("loan", {}).get("financing", ""), ""),
    }
