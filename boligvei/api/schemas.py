"""The API's request and response shapes (pydantic, through django-ninja): the OpenAPI document
is generated from these. Codes are stable; each code comes with its Norwegian label."""

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from boligvei.cases.pipeline import Status
from boligvei.housing.models import ContractType, WaitingListStatus

MAX_ID = 2**63 - 1
MAX_KR = 2_147_483_647
NO_NUL = r"^[^\x00]*$"  # PostgreSQL refuses NUL in text


def _choices(choices) -> Any:
    return Literal[tuple(choices.values)]


ContractTypeCode = _choices(ContractType)
CaseStatusCode = _choices(Status)
WaitingListStatusCode = _choices(WaitingListStatus)


class Error(Schema):
    detail: str = Field(description="What went wrong, in Norwegian, for the person at the screen.")
    code: str = Field(description="A stable machine code: unauthorized, forbidden, not_found, conflict, "
                                  "invalid, invalid_request, rate_limited.")
    errors: list[dict[str, Any]] | None = None


class Team(Schema):
    id: int
    name: str


class PersonOut(Schema):
    id: int
    relation: str
    relation_label: str
    first_name: str
    last_name: str
    birth_date: dt.date
    identity_number: str | None = Field(
        description="In full with the scope identity:read, else null. An empty string: not registered.")


class HouseholdOut(Schema):
    id: int
    name: str
    team: Team | None
    address_line: str
    postal_code: str
    postal_place: str
    source_id: str
    anonymised: bool
    members: list[PersonOut]


class HouseholdPage(Schema):
    items: list[HouseholdOut]
    next_after: int | None = Field(description="Pass as `after` for the next page; null on the last page.")


class DwellingOut(Schema):
    id: int
    street_address: str
    unit_number: str
    postal_code: str
    postal_place: str
    municipality_number: str
    area: str
    building_type: str
    rooms: int
    bedrooms: int | None
    floor_area: float
    floor: int | None
    wheelchair_accessible: bool
    tenure: str
    rent_monthly: int
    status: str
    source_id: str
    kobo_id: str | None


class DwellingPage(Schema):
    items: list[DwellingOut]
    next_after: int | None


class TenancyOut(Schema):
    id: int
    household_id: int
    dwelling_id: int
    start_date: dt.date
    end_date: dt.date | None
    rent_monthly: int
    contract_type: str
    is_active: bool
    source_id: str


class TenancyPage(Schema):
    items: list[TenancyOut]
    next_after: int | None


class WaitingListEntryOut(Schema):
    id: int
    household_id: int
    application_date: dt.date
    need_category: str
    priority: int
    status: str
    status_date: dt.date | None
    allocated_dwelling_id: int | None
    source_id: str


class WaitingListPage(Schema):
    items: list[WaitingListEntryOut]
    next_after: int | None


class CaseOut(Schema):
    id: int
    household_id: int
    status: str
    status_label: str
    status_changed_at: dt.datetime
    opened_at: dt.datetime
    channel: str
    area: str
    team: Team | None


class CasePage(Schema):
    items: list[CaseOut]
    next_after: int | None


class CaseEventOut(Schema):
    id: int
    case_id: int
    at: dt.datetime
    kind: str
    from_status: str
    to_status: str


class CaseEventPage(Schema):
    items: list[CaseEventOut]
    next_after: int | None


class ReportColumn(Schema):
    label: str
    kind: str = Field(description="text, count, kr, share, rate or days")


class ReportTable(Schema):
    slug: str
    title: str
    columns: list[ReportColumn]
    rows: list[list[Any]]
    footer: list[Any] | None


class ReportFilterOut(Schema):
    start: dt.date
    end: dt.date
    as_of: dt.date
    area: str
    channel: str


class Reports(Schema):
    filter: ReportFilterOut
    tables: list[ReportTable]


class TenancyStart(Schema):
    household_id: int = Field(ge=1, le=MAX_ID)
    dwelling_id: int = Field(ge=1, le=MAX_ID)
    start_date: dt.date
    end_date: dt.date | None = Field(None, description="Required for a fixed-term contract.")
    rent_monthly: int = Field(ge=0, le=MAX_KR)
    contract_type: ContractTypeCode
    source_id: str = Field("", max_length=64, pattern=NO_NUL,
                           description="The tenancy's id in the housing-management system.")


class TenancyEnd(Schema):
    end_date: dt.date = Field(description="The day the household moved out: today or earlier.")
