"""Writing the guidelines: a new version, checked against the law, audited."""

import datetime as dt

from django.db import transaction

from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.core.services import validated_save
from boligvei.guidelines import rules
from boligvei.guidelines.models import GuidelineVersion


@transaction.atomic
def guideline_version_create(*, actor: User, adopted_by: str, adopted_on: dt.date, valid_from: dt.date,
                             document: dict, case_number: str = "", link: str = "", note: str = "",
                             title: str = "Retningslinjer for startlån") -> GuidelineVersion:
    """Save a new version of the guidelines. Refused, with every reason, when it says what the
    law never allows (rules.violations); refused when another version starts the same day."""
    problems = rules.violations(document)
    if problems:
        raise DomainError(problems)
    if valid_from < adopted_on:
        raise DomainError("Retningslinjene kan ikke gjelde fra før de ble vedtatt.")
    version = GuidelineVersion(title=title, adopted_by=adopted_by, adopted_on=adopted_on, valid_from=valid_from,
                               document=document, case_number=case_number, link=link, note=note,
                               created_by=actor)
    validated_save(version, unique_errors={
        "valid_from": "En annen versjon gjelder allerede fra den dagen. Velg en annen dato."})
    audit_record(actor=actor, action="guideline.version_create", obj=version,
                 changes={"valid_from": valid_from.isoformat(), "adopted_by": adopted_by,
                          "case_number": case_number, "criteria": document.get("target_groups", {}).get("criteria", [])})
    return version
