"""Recording a purchase: the case's outcome, and what it frees in the municipal stock.

Bought the dwelling it rents: the tenancy ends and the dwelling is sold (it leaves the stock).
Either way the household's postal address becomes the new home's.
Bought another: the tenancy ends and the municipal dwelling is freed; the waiting list's
households that fit it are proposed, and allocating one houses the next household. All in one
transaction with the case's move to "purchase completed", and the follow-ups after the purchase
planned (`cases.follow_ups`).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from boligvei.cases.follow_ups import follow_ups_plan
from boligvei.cases.models import Case, Purchase
from boligvei.cases.pipeline import Status
from boligvei.cases.services import case_move
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.housing.models import DwellingStatus, Tenancy
from boligvei.housing.services import dwelling_update, tenancy_end
from boligvei.people.services import household_update


@transaction.atomic
def case_record_purchase(*, actor: User, case: Case, expected_version: int, completed_on: dt.date, price: int,
                         common_debt: int = 0, startlan: int = 0, bank_loan: int = 0, grant: int = 0,
                         equity: int = 0, bought_rented_dwelling: bool, address: str = "", postal_code: str = "",
                         postal_place: str = "") -> Purchase:
    if case.status != Status.FINANCING_APPROVED:
        raise DomainError("Et kjøp registreres når saken har finansieringsbevis.")
    if completed_on > timezone.localdate():
        raise DomainError("Registrer kjøpet når det er gjennomført: overtakelsesdatoen er i fremtiden.")
    if startlan + bank_loan + grant + equity != price:
        raise DomainError(f"Finansieringen ({startlan + bank_loan + grant + equity:,} kr) må til sammen bli "
                          f"kjøpesummen ({price:,} kr).".replace(",", " "))
    tenancy = Tenancy.objects.filter(household_id=case.household_id, is_active=True).select_related("dwelling").first()
    if bought_rented_dwelling and tenancy is None:
        raise DomainError("Husstanden har ikke et aktivt leieforhold, så den kan ikke ha kjøpt boligen den leier.")
    if not bought_rented_dwelling and not address.strip():
        raise DomainError("Skriv adressen til boligen husstanden kjøpte.")
    if postal_code.strip() and not (len(postal_code.strip()) == 4 and postal_code.strip().isdecimal()):
        raise DomainError("Postnummeret har fire siffer.")

    if tenancy is not None:
        tenancy_end(actor=actor, tenancy=tenancy, end_date=completed_on)
    dwelling = tenancy.dwelling if tenancy else None
    if bought_rented_dwelling:
        dwelling_update(actor=actor, dwelling=dwelling, fields={
            "status": DwellingStatus.SOLD, "sold_on": completed_on, "sale_price": price,
            "rent_to_own_potential": False})
    purchase = Purchase(
        case=case, completed_on=completed_on, price=price, common_debt=common_debt, startlan=startlan,
        bank_loan=bank_loan, grant=grant, equity=equity, bought_rented_dwelling=bought_rented_dwelling,
        dwelling=dwelling if bought_rented_dwelling else None,
        freed_dwelling=None if bought_rented_dwelling else dwelling,
        address=(dwelling.street_address if bought_rented_dwelling else address.strip()),
    )
    purchase.full_clean()
    purchase.save()
    # The household lives in its new home now: its postal address is that home's.
    new_home = ({"address_line": dwelling.street_address, "postal_code": dwelling.postal_code,
                 "postal_place": dwelling.postal_place} if bought_rented_dwelling else
                {"address_line": address.strip(), "postal_code": postal_code.strip(),
                 "postal_place": postal_place.strip()})
    household_update(actor=actor, household=case.household, fields=new_home)
    case_move(actor=actor, case=case, to_status=Status.PURCHASED, expected_version=expected_version,
              reason="Kjøpet er registrert.")
    audit_record(actor=actor, action="case.purchase", obj=purchase, household_id=case.household_id,
                 changes={"price": price, "startlan": startlan, "bought_rented_dwelling": bought_rented_dwelling})
    follow_ups_plan(actor=actor, case=case, completed_on=completed_on)  # after 3 and 12 months, say
    return purchase
