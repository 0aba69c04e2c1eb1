"""The municipality's guidelines in recommendations and decisions: the version in force on the
day and the paragraphs cited, prefilled from what the household meets (guidelines.rules) and
adjusted by the caseworker or the approver; the decision letter's grounds cite them.

A startlån cites the target-group criteria the household meets, the price frames and the loan
paragraph; a grant cites the criteria and the grant paragraph. Other decisions cite nothing
unless someone chooses to.
"""

import datetime as dt

from django import forms

from boligvei.cases.models import Case, Decision, DecisionKind
from boligvei.core.errors import DomainError
from boligvei.guidelines import rules
from boligvei.guidelines.models import GuidelineVersion
from boligvei.guidelines.selectors import RegisterFacts, guideline_in_force

KIND_PARTS = {DecisionKind.STARTLAN: ("price_frames", "loan"), DecisionKind.GRANT: ("grant",)}


def paragraphs_for(document: dict, facts: dict[str, rules.Fact], kind: str) -> list[str]:
    """The paragraphs a decision of this kind rests on: the criteria met, then the kind's own."""
    if kind not in KIND_PARTS:
        return []
    cited = [paragraph for _, _, paragraph in rules.criteria_met(document, {k: f.met for k, f in facts.items()})]
    cited += [document.get(part, {}).get("paragraph", "") for part in KIND_PARTS[kind]]
    return list(dict.fromkeys(p for p in cited if p))


def paragraphs_prefilled(*, version: GuidelineVersion, household_id: int, kind: str, day: dt.date) -> list[str]:
    """What a recommendation of this kind rests on, as far as the register tells."""
    if kind not in KIND_PARTS:
        return []
    return paragraphs_for(version.document, RegisterFacts([household_id]).on(household_id, day), kind)


def paragraphs_checked(version: GuidelineVersion | None, paragraphs: list[str]) -> list[str]:
    """The paragraphs as cited, refused if the version has no such paragraph."""
    if version is None:
        return []
    known = dict(rules.paragraph_choices(version.document))
    unknown = [p for p in paragraphs if p not in known]
    if unknown:
        raise DomainError(f"Retningslinjene som gjelder, har ikke {', '.join(unknown)}. Velg blant paragrafene som "
                          "vises.")
    return list(dict.fromkeys(paragraphs))


def cite(*, decision: Decision, household_id: int, day: dt.date, paragraphs: list[str] | None) -> None:
    """Set the version in force on the day and the paragraphs (prefilled when None) on a
    recommendation or decision about to be saved. A decision under the version its
    recommendation cited keeps the recommendation's paragraphs unless new ones are given."""
    version = guideline_in_force(day)
    if paragraphs is None:
        if version is not None and decision.guideline_id == version.pk:
            paragraphs = list(decision.guideline_paragraphs)
        else:
            paragraphs = (paragraphs_prefilled(version=version, household_id=household_id, kind=decision.kind, day=day)
                          if version else [])
    decision.guideline = version
    decision.guideline_paragraphs = paragraphs_checked(version, paragraphs)


def decision_citation(decision: Decision, lang: str = "nb") -> str:
    """«Retningslinjer for startlån, vedtatt av bystyret 31.10.2013, § 2 a og § 5», or empty."""
    version = decision.guideline
    if version is None or not decision.guideline_paragraphs:
        return ""
    return rules.citation(title=version.title, adopted_by=version.adopted_by, adopted_on=version.adopted_on,
                          paragraphs=decision.guideline_paragraphs, lang=lang)


def add_paragraph_field(form: forms.Form, *, case: Case, kind: str | None, day: dt.date,
                        decision: Decision | None = None) -> None:
    """The «Paragrafer i retningslinjene» field on a recommendation or decision form: the version
    in force's paragraphs, checked as prefilled (the decision's own when it was recommended under
    the same version). No field when no version is in force."""
    version = guideline_in_force(day)
    if version is None:
        return
    if decision is not None and decision.guideline_id == version.pk:
        initial = list(decision.guideline_paragraphs)
    else:
        initial = paragraphs_prefilled(version=version, household_id=case.household_id,
                                       kind=kind or DecisionKind.STARTLAN, day=day)
    form.fields["guideline_paragraphs"] = forms.MultipleChoiceField(
        label=f"Paragrafer i retningslinjene ({version.title.lower()} fra {version.valid_from:%d.%m.%Y})",
        choices=rules.paragraph_choices(version.document), required=False, initial=initial,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-input"}),
        help_text="Forhåndsvalgt etter det husstanden oppfyller. Vedtaksbrevet viser til paragrafene som er valgt.")


def rules_with_citation(decision: Decision, lang: str = "nb") -> str:
    """The rules as the letter's grounds give them, with the cited paragraphs of the guidelines
    (unless the approver wrote them out already)."""
    text = decision.rules.strip()
    citation = decision_citation(decision, lang)
    if not citation or citation in text:
        return text
    if text.endswith("."):
        return f"{text[:-1]} ({citation})."
    return f"{text} ({citation})" if text else f"{citation}."
