"""The municipality's own startlån guidelines as data, and what the law never lets them say.

A version's `document` is a dict with one entry per kind of paragraph, each naming the paragraph
it comes from (so that a recommendation and a decision can cite it):

- ``target_groups``: the criteria of the target group (`CRITERIA`), each with its paragraph;
- ``priorities``: the order between the criteria when households compete;
- ``waivers``: the regulation's conditions the municipality waives, and for whom;
- ``price_frames``: the highest total price per household size and area (prisrammer);
- ``loan``: the largest and smallest startlån, own contribution, full or top-up financing, the
  longest term;
- ``grant``: the criteria and the largest amount of the establishment grant, if the
  municipality gives one.

`violations(document)` lists, in Norwegian, what the law does not allow a version to say:

- no age limits (Husbanken's veileder: startlån has no age limit; likestillings- og
  diskrimineringsloven § 6 forbids discrimination on age),
- the condition that the household cannot get a large enough loan in an ordinary bank is
  never waived (forskrift om lån fra Husbanken § 5-3; ../shared/domain.md),
- no absolute income limits (Husbanken: municipal guidelines may not set absolute limits).

Pure Python: no Django, so the rules can be read and tested on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# The criteria a target group is made of: key -> (label, what decides it in the register).
CRITERIA: dict[str, str] = {
    "children": "Husstander med barn",
    "disability": "Personer med nedsatt funksjonsevne eller utviklingshemming",
    "long_term_low_income": "Husstander med varig lav inntekt",
    "municipal_tenant": "Leietakere i kommunal bolig",
    "refugee": "Flyktninger som bosettes i kommunen",
    "risk_of_losing_home": "Husstander som står i fare for å miste boligen",
}

# The conditions of the regulation a municipality may waive, and the one it never may.
WAIVABLE = {
    "long_term_financing_problems": "Langvarige problemer med å finansiere bolig",
    "saving_potential_used": "Husstanden har brukt sitt sparepotensial",
}
NEVER_WAIVED = "ordinary_bank_loan"
CONDITIONS = {**WAIVABLE, NEVER_WAIVED: "Husstanden får ikke stort nok lån i en vanlig bank"}

FINANCING = {
    "full_or_top_up": "Fullfinansiering eller toppfinansiering",
    "top_up_only": "Bare toppfinansiering (banken gir grunnlån)",
    "full_only": "Bare fullfinansiering",
}

AGE_LIMIT = ("Retningslinjene kan ikke ha aldersgrenser. Husbanken: startlån har ingen aldersgrense, og "
             "likestillings- og diskrimineringsloven § 6 forbyr forskjellsbehandling på grunn av alder.")
BANK_CONDITION = ("Kravet om at husstanden ikke får stort nok lån i en vanlig bank, kan aldri fravikes "
                  "(forskrift om lån fra Husbanken § 5-3).")
INCOME_CAP = ("Retningslinjene kan ikke ha en absolutt inntektsgrense. Husbanken: kommunens retningslinjer kan "
              "ikke sette absolutte grenser; hver søknad skal vurderes konkret.")

# What an age limit looks like in free text: «aldersgrense», «søkere under 35 år», «30 år eller
# yngre», «må være mellom 20 og 40 år», «fylt 18». A term in years («lån over 30 år») is not one.
_AGE_TEXT = re.compile(
    r"aldersgrense"
    r"|\b(?:søker|søkere|søkeren|hovedsøker|hovedsøkeren|person|personer|ungdom|unge|eldre|voksne)\b[^.;]{0,40}?"
    r"\b(?:under|over|eldre enn|yngre enn)\s+\d{1,3}\s*år"
    r"|\b\d{1,3}\s*år\s+eller\s+(?:eldre|yngre)\b"
    r"|\b(?:være|er|alderen)\s+mellom\s+\d{1,3}\s+og\s+\d{1,3}\s*år"
    r"|\b(?:fylt|fylte|fyller)\s+\d{1,3}\b",
    re.IGNORECASE)
_INCOME_CAP_TEXT = re.compile(r"inntekt(?:en)?\s+(?:over|høyere enn|mer enn)\s+[\d\s.]+(?:kr|kroner)",
                              re.IGNORECASE)


def texts(document: Mapping) -> Iterable[str]:
    """Every free text in a document."""
    for value in _walk(document):
        if isinstance(value, str):
            yield value


def _walk(value):
    if isinstance(value, Mapping):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)
    else:
        yield value


def violations(document: Mapping) -> list[str]:
    """What the law does not allow this version to say, each once, in Norwegian."""
    found: list[str] = []
    groups = document.get("target_groups", {})
    if groups.get("min_age") not in (None, "") or groups.get("max_age") not in (None, ""):
        found.append(AGE_LIMIT)
    if any(_AGE_TEXT.search(text) for text in texts(document)) and AGE_LIMIT not in found:
        found.append(AGE_LIMIT)
    if NEVER_WAIVED in document.get("waivers", {}).get("conditions", []):
        found.append(BANK_CONDITION)
    if document.get("loan", {}).get("max_income") not in (None, "") or any(
            _INCOME_CAP_TEXT.search(text) for text in texts(document)):
        found.append(INCOME_CAP)
    return found


def criteria_met(document: Mapping, facts: Mapping[str, bool]) -> list[tuple[str, str, str]]:
    """The target-group criteria a household meets: (key, label, paragraph), in the version's
    order. `facts` says for each criterion key whether the household meets it (unknown: absent)."""
    groups = document.get("target_groups", {})
    return [(key, CRITERIA[key], criterion_paragraph(document, key)) for key in groups.get("criteria", [])
            if key in CRITERIA and facts.get(key)]


def price_frame(document: Mapping, *, household_size: int, area: str = "") -> tuple[int, str] | None:
    """The highest total price for a household of this size in this area, and its paragraph:
    the frame for the area if there is one, else the one for every area; larger households use
    the frame of the largest size listed."""
    frames = document.get("price_frames", {})
    rows = [row for row in frames.get("frames", []) if row.get("household_size", 0) <= household_size]
    if not rows:
        return None
    size = max(row["household_size"] for row in rows)
    for wanted in (area, ""):
        for row in rows:
            if row["household_size"] == size and (row.get("area") or "") == wanted:
                return int(row["max_price"]), frames.get("paragraph", "")
    return None


# --- applying a version: the target group, the price frame, the citation ----------------------

# How a criterion reads after its paragraph («§ 2 a: barnefamilie»).
SHORT: dict[str, str] = {
    "children": "barnefamilie",
    "disability": "nedsatt funksjonsevne",
    "long_term_low_income": "varig lav inntekt",
    "municipal_tenant": "leier kommunal bolig",
    "refugee": "flyktning som bosettes",
    "risk_of_losing_home": "i fare for å miste boligen",
}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def criterion_paragraph(document: Mapping, key: str) -> str:
    """The paragraph a criterion stands in: the target group's paragraph with the criterion's
    letter in the version's order («§ 2 a» for the first), unless the version names its own."""
    groups = document.get("target_groups", {})
    own = (groups.get("criteria_paragraphs") or {}).get(key)
    if own:
        return own
    keys = [k for k in groups.get("criteria", []) if k in CRITERIA]
    base = groups.get("paragraph", "")
    if key not in keys:
        return base
    return f"{base} {_LETTERS[keys.index(key)]}".strip()


@dataclass(frozen=True)
class Fact:
    """Whether a household meets a criterion (None: cannot be told from what is known) and why,
    in Norwegian («2 barn under 18 år», «ingen barn under 18 år»)."""

    met: bool | None
    why: str = ""


@dataclass(frozen=True)
class CriterionCheck:
    key: str
    paragraph: str
    met: bool | None
    why: str

    @property
    def label(self) -> str:
        return CRITERIA[self.key]

    @property
    def short(self) -> str:
        return SHORT[self.key]

    def __str__(self) -> str:
        return f"{self.paragraph}: {self.short}"


@dataclass(frozen=True)
class TargetGroupCheck:
    """A household against a version's target group: the criteria it meets (with their
    paragraphs), those it does not and why, and those that cannot be told from the register."""

    criteria: tuple[CriterionCheck, ...]

    @property
    def met(self) -> list[CriterionCheck]:
        return [c for c in self.criteria if c.met]

    @property
    def not_met(self) -> list[CriterionCheck]:
        return [c for c in self.criteria if c.met is False]

    @property
    def unknown(self) -> list[CriterionCheck]:
        return [c for c in self.criteria if c.met is None]

    @property
    def in_group(self) -> bool:
        return bool(self.met)

    def summary(self) -> str:
        """One line: «§ 2 a: barnefamilie; § 2 d: leier kommunal bolig», or why not."""
        if self.met:
            return "; ".join(str(c) for c in self.met)
        return "Ikke i målgruppen: " + self.why_not()

    def why_not(self) -> str:
        parts = [f"{c.paragraph}: {c.why}" for c in self.not_met]
        parts += [f"{c.paragraph}: {c.short} kan ikke avgjøres fra registeret" for c in self.unknown]
        return "; ".join(parts) if parts else "retningslinjene har ingen målgruppe"


def target_group(document: Mapping, facts: Mapping[str, Fact]) -> TargetGroupCheck:
    """Every criterion of the version's target group, in its order, checked against the facts
    (a criterion without a fact is unknown)."""
    keys = [k for k in document.get("target_groups", {}).get("criteria", []) if k in CRITERIA]
    return TargetGroupCheck(tuple(
        CriterionCheck(key, criterion_paragraph(document, key), facts.get(key, Fact(None)).met,
                       facts.get(key, Fact(None)).why) for key in keys))


@dataclass(frozen=True)
class PriceCheck:
    """A price against the version's frame for the household's size and area."""

    frame: int
    paragraph: str
    price: int | None

    @property
    def within(self) -> bool | None:
        return None if self.price is None else self.price <= self.frame

    @property
    def over_by(self) -> int:
        return max((self.price or 0) - self.frame, 0)


def price_check(document: Mapping, *, household_size: int, area: str = "", price: int | None = None
                ) -> PriceCheck | None:
    """The frame for this household (`price_frame`) and whether `price` is within it; None when
    the version has no frame for the household."""
    frame = price_frame(document, household_size=household_size, area=area)
    if frame is None:
        return None
    return PriceCheck(frame[0], frame[1], None if price is None else int(price))


def paragraph_choices(document: Mapping) -> list[tuple[str, str]]:
    """The paragraphs a recommendation or a decision may cite, each with what it says."""
    choices = [(criterion_paragraph(document, key), f"{criterion_paragraph(document, key)}: {CRITERIA[key]}")
               for key in document.get("target_groups", {}).get("criteria", []) if key in CRITERIA]
    for part, label in (("priorities", "prioritering"), ("waivers", "unntak fra forskriftens vilkår"),
                        ("price_frames", "prisrammer"), ("loan", "lånets størrelse og vilkår"),
                        ("grant", "tilskudd til etablering")):
        paragraph = document.get(part, {}).get("paragraph", "")
        if paragraph and paragraph not in dict(choices):
            choices.append((paragraph, f"{paragraph}: {label}"))
    return choices


ADOPTED = {"nb": "vedtatt av", "nn": "vedteke av"}


def citation(*, title: str, adopted_by: str, adopted_on, paragraphs: Iterable[str], lang: str = "nb") -> str:
    """«Retningslinjer for startlån, vedtatt av bystyret 31.10.2013, § 2 a og § 5»."""
    cited = [p for p in paragraphs if p]
    body = adopted_by[:1].lower() + adopted_by[1:]
    text = f"{title}, {ADOPTED.get(lang, ADOPTED['nb'])} {body} {adopted_on:%d.%m.%Y}"
    if cited:
        joined = cited[0] if len(cited) == 1 else ", ".join(cited[:-1]) + " og " + cited[-1]
        text += f", {joined}"
    return text
