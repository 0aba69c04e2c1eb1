"""Consent as data: each purpose a household may agree to, and the actions that need it.

The purposes are what Boligvei and its caseworkers gather and share (the same as the consent
questions of the first mapping form, `cases/mapping.py` version 1): the mapping conversation and
the assessments built on it gather the household's housing and economic situation; moving a case
to "Søker startlån" hands the application to Husbanken (Startskudd); a credit check, the
household's figures from NAV and Skatteetaten, and talks with a bank or NAV about the household
happen outside Boligvei, and are recorded here so that the caseworker can see what was agreed.

An action is a dotted code; the service that does it calls `consent_require_for(household,
action)`, which refuses when a purpose the action needs has no active consent. Moving a case to a
status is `case.status.<status>`, so a status added below needs no change to the case services.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from boligvei.people.models import Consent, ConsentPurpose, Household

GATHERING, SHARING = "gathering", "sharing"


@dataclass(frozen=True)
class PurposeRule:
    kind: str  # GATHERING or SHARING
    needed_for: tuple[str, ...] = ()  # action codes, see ACTIONS
    recipient: str = ""  # who the data are shared with, when that is given by the purpose itself


# What each action is, as the end of the sentence "Registrer samtykket før …".
ACTIONS = {
    "case.mapping": _("kartleggingen lagres"),
    "assessment.create": _("vurderingen av betjeningsevne lagres"),
    "case.status.applying": _("saken går til «Søker startlån» og søknaden sendes til Husbanken"),
}

PURPOSES: dict[ConsentPurpose, PurposeRule] = {
    ConsentPurpose.MAPPING: PurposeRule(GATHERING, needed_for=("case.mapping", "assessment.create")),
    ConsentPurpose.INCOME_DATA: PurposeRule(GATHERING),
    ConsentPurpose.SHARE_HUSBANKEN: PurposeRule(SHARING, needed_for=("case.status.applying",), recipient="Husbanken"),
    ConsentPurpose.SHARE_BANK: PurposeRule(SHARING),
    ConsentPurpose.SHARE_NAV: PurposeRule(SHARING, recipient="NAV"),
}


def purposes_needed_for(action: str) -> list[ConsentPurpose]:
    return [purpose for purpose, rule in PURPOSES.items() if action in rule.needed_for]


def purposes_text(purposes) -> str:
    """The purposes as words in a sentence: "kartlegging av … og deling med Husbanken"."""
    labels = [ConsentPurpose(purpose).label for purpose in purposes]
    return str(_(" og ")).join(str(label)[0].lower() + str(label)[1:] for label in labels)


def requirement_text(household_id: int, action: str) -> str:
    """"Krever samtykke til …" when the household has not agreed to what the action needs, else "",
    so that a page explains a button before the caseworker tries it."""
    missing = missing_for(household_id, action)
    return _("Krever samtykke til %(purposes)s.") % {"purposes": purposes_text(missing)} if missing else ""


def active_purposes(household_id: int) -> set[str]:
    return set(Consent.objects.filter(household_id=household_id, withdrawn_at__isnull=True)
               .values_list("purpose", flat=True))


def missing_for(household_id: int, action: str) -> list[ConsentPurpose]:
    """The purposes the action needs that the household has not (or no longer) agreed to."""
    needed = purposes_needed_for(action)
    if not needed:
        return []
    given = active_purposes(household_id)
    return [purpose for purpose in needed if purpose not in given]


def household_consents(*, household: Household) -> dict:
    """The household page's consent section: active consents, the withdrawn ones (the history),
    and for each purpose without an active consent what it would allow."""
    consents = list(household.consents.select_related("person", "given_recorded_by", "withdrawn_by"))
    active = [consent for consent in consents if consent.is_active]
    given = {consent.purpose for consent in active}
    return {
        "consents_active": active,
        "consents_withdrawn": [consent for consent in consents if not consent.is_active],
        "consents_missing": [(purpose, [ACTIONS[a] for a in PURPOSES[purpose].needed_for])
                             for purpose in PURPOSES if purpose not in given],
    }
