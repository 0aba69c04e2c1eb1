"""The JSON API for the municipality's other systems, at /api/v1/ (docs/api.md).

Thin operations: the key's scope (auth.TokenAuth) → a selector (team scope, one page) → an audit
row for what was shown → the response. Writes go through the housing services, so a tenancy
started or ended here is validated, versioned and audited as on the pages. The OpenAPI document
is generated from these functions and the schemas (django-ninja) and served at
/api/v1/openapi.json, with Swagger UI from our own static files at /api/v1/docs.
"""

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import NinjaAPI, Path, Query, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestInvalid

from boligvei.api import selectors
from boligvei.api.auth import ApiRefusal, TokenAuth
from boligvei.api.schemas import (
    MAX_ID, CaseEventPage, CaseOut, CasePage, CaseStatusCode, DwellingOut, DwellingPage, Error, HouseholdOut,
    HouseholdPage, Reports, TenancyEnd, TenancyOut, TenancyPage, TenancyStart, WaitingListPage,
    WaitingListStatusCode,
)
from boligvei.api.scopes import CASES_READ, IDENTITY_READ, REGISTER_READ, REPORTS_READ, TENANCIES_WRITE
from boligvei.api.services import api_read_record
from boligvei.core.errors import DomainError
from boligvei.housing.models import Dwelling, Tenancy
from boligvei.housing.services import tenancy_create, tenancy_end
from boligvei.people.access import household_scope_reason
from boligvei.people.models import Household
from boligvei.reports.forms import ReportFilterForm
from boligvei.reports.selectors import dashboard, filter_choices
from boligvei.reports.tables import report_tables

api = NinjaAPI(
    title="Boligvei API", version="1", urls_namespace="api_v1",
    description="Lesing av registeret, sakene og resultatene, og registrering av endringer i leieforhold, for "
                "kommunens andre systemer. Nøkler lages av en administrator under «API-nøkler». Se docs/api.md.",
)

READ_ERRORS = {401: Error, 403: Error, 422: Error, 429: Error}
OBJECT_ERRORS = {**READ_ERRORS, 404: Error}
WRITE_ERRORS = {**OBJECT_ERRORS, 400: Error, 409: Error}
PAGE_SIZE = 100
MAX_PAGE_SIZE = 500

Limit = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Rows per page.")
After = Query(0, ge=0, le=MAX_ID, description="The `next_after` of the previous page (0: the first page).")
NOT_FOUND = "Fant ikke det du spurte etter, eller nøkkelen har ikke tilgang til det."


# Errors: every refusal is `{"detail": Norwegian text, "code": stable code}` -----------------------

def _error(request, status: int, code: str, detail: str, headers: dict | None = None, **extra):
    response = api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


@api.exception_handler(ApiRefusal)
def _refused(request, exc: ApiRefusal):
    return _error(request, exc.status, exc.code, exc.detail, exc.headers)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, "unauthorized", "Mangler gyldig API-nøkkel (Authorization: Bearer …). Nøkkelen kan "
                  "være ukjent, utløpt eller trukket tilbake.", {"WWW-Authenticate": "Bearer"})


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    """ninja's own refusals: a body that is not JSON (400), a method not offered."""
    if exc.status_code == 400:
        return _error(request, 400, "malformed", "Innholdet i forespørselen er ikke gyldig JSON.")
    return _error(request, exc.status_code, "refused", str(exc))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not_found", NOT_FOUND)


@api.exception_handler(RequestInvalid)
def _request_invalid(request, exc: RequestInvalid):
    errors = json.loads(json.dumps(exc.errors, default=str))
    return _error(request, 422, "invalid_request", "Forespørselen har ugyldige eller manglende felt.", errors=errors)


@api.exception_handler(ValidationError)
def _refused_by_rules(request, exc: ValidationError):
    """A rule of the register (DomainError: the dwelling is let already) is a conflict (409);
    a value the model refuses (an end before the start) is invalid (422)."""
    detail = " ".join(exc.messages) or "Endringen ble avvist."
    if isinstance(exc, DomainError):
        return _error(request, 409, "conflict", detail)
    return _error(request, 422, "invalid", detail)


# Reading the register ----------------------------------------------------------------------------

def _household_out(household: Household, *, identity: bool) -> dict:
    return {
        "id": household.pk, "name": household.name,
        "team": {"id": household.team.pk, "name": household.team.name} if household.team else None,
        "address_line": household.address_line, "postal_code": household.postal_code,
        "postal_place": household.postal_place, "source_id": household.source_id,
        "anonymised": household.anonymised_at is not None,
        "members": [{"id": person.pk, "relation": person.relation, "relation_label": person.get_relation_display(),
                     "first_name": person.first_name, "last_name": person.last_name, "birth_date": person.birth_date,
                     "identity_number": person.identity_number() if identity else None}
                    for person in household.members.all()],
    }


@api.get("/households", response={200: HouseholdPage, **READ_ERRORS}, auth=TokenAuth(REGISTER_READ),
         tags=["register"], summary="Households and their persons")
def household_list(request, limit: int = Limit, after: int = After):
    """The households in the key's team scope with their persons, by id. Identity numbers only
    with the scope identity:read. Audited with the ids shown."""
    token = request.auth
    identity = IDENTITY_READ in token.scopes
    rows, next_after = selectors.page(selectors.households(token=token), after=after, limit=limit)
    api_read_record(token=token, action="household.list", household_ids=[h.pk for h in rows],
                    identity_numbers=identity)
    return Status(200, {"items": [_household_out(h, identity=identity) for h in rows], "next_after": next_after})


@api.get("/households/{household_id}", response={200: HouseholdOut, **OBJECT_ERRORS}, auth=TokenAuth(REGISTER_READ),
         tags=["register"], summary="One household")
def household_detail(request, household_id: int = Path(..., ge=1, le=MAX_ID)):
    token = request.auth
    household = selectors.households(token=token).filter(pk=household_id).first()
    if household is None:
        raise Http404
    identity = IDENTITY_READ in token.scopes
    api_read_record(token=token, action="household.view", household_ids=[], obj=household,
                    household_id=household.pk, identity_numbers=identity)
    return Status(200, _household_out(household, identity=identity))


def _dwelling_out(d: Dwelling) -> dict:
    return {**{name: getattr(d, name) for name in DwellingOut.model_fields if name not in ("floor_area", "kobo_id")},
            "id": d.pk, "floor_area": float(d.floor_area), "kobo_id": str(d.kobo_id) if d.kobo_id else None}


@api.get("/dwellings", response={200: DwellingPage, **READ_ERRORS}, auth=TokenAuth(REGISTER_READ),
         tags=["register"], summary="The municipality's dwellings")
def dwelling_list(request, limit: int = Limit, after: int = After):
    """Every dwelling (no personal data: who lives where is in /tenancies)."""
    rows, next_after = selectors.page(selectors.dwellings(), after=after, limit=limit)
    return Status(200, {"items": [_dwelling_out(d) for d in rows], "next_after": next_after})


def _tenancy_out(t: Tenancy) -> dict:
    return {name: getattr(t, name) for name in TenancyOut.model_fields}


@api.get("/tenancies", response={200: TenancyPage, **READ_ERRORS}, auth=TokenAuth(REGISTER_READ),
         tags=["register"], summary="Tenancies")
def tenancy_list(request, limit: int = Limit, after: int = After,
                 active: bool | None = Query(None, description="Only active (true) or ended (false) tenancies.")):
    """The tenancies of the households in the key's team scope. Audited with the households shown."""
    token = request.auth
    rows, next_after = selectors.page(selectors.tenancies(token=token, active=active), after=after, limit=limit)
    api_read_record(token=token, action="tenancy.list", household_ids=[t.household_id for t in rows])
    return Status(200, {"items": [_tenancy_out(t) for t in rows], "next_after": next_after})


@api.get("/waiting-list", response={200: WaitingListPage, **READ_ERRORS}, auth=TokenAuth(REGISTER_READ),
         tags=["register"], summary="The waiting list for municipal dwellings")
def waiting_list(request, limit: int = Limit, after: int = After, status: WaitingListStatusCode | None = None):
    token = request.auth
    rows, next_after = selectors.page(selectors.waiting_list(token=token, status=status), after=after, limit=limit)
    api_read_record(token=token, action="waiting_list.list", household_ids=[e.household_id for e in rows])
    fields = ("id", "household_id", "application_date", "need_category", "priority", "status", "status_date",
              "allocated_dwelling_id", "source_id")
    return Status(200, {"items": [{name: getattr(e, name) for name in fields} for e in rows], "next_after": next_after})


# Cases -------------------------------------------------------------------------------------------

def _case_out(case) -> dict:
    return {"id": case.pk, "household_id": case.household_id, "status": case.status,
            "status_label": case.get_status_display(), "status_changed_at": case.status_changed_at,
            "opened_at": case.created_at, "channel": case.channel, "area": case.area,
            "team": {"id": case.team.pk, "name": case.team.name} if case.team else None}


@api.get("/cases", response={200: CasePage, **READ_ERRORS}, auth=TokenAuth(CASES_READ), tags=["cases"],
         summary="Cases and their statuses")
def case_list(request, limit: int = Limit, after: int = After, status: CaseStatusCode | None = None):
    token = request.auth
    rows, next_after = selectors.page(selectors.cases(token=token, status=status), after=after, limit=limit)
    api_read_record(token=token, action="case.list", household_ids=[c.household_id for c in rows])
    return Status(200, {"items": [_case_out(c) for c in rows], "next_after": next_after})


@api.get("/cases/{case_id}", response={200: CaseOut, **OBJECT_ERRORS}, auth=TokenAuth(CASES_READ), tags=["cases"],
         summary="One case")
def case_detail(request, case_id: int = Path(..., ge=1, le=MAX_ID)):
    token = request.auth
    case = selectors.cases(token=token).filter(pk=case_id).first()
    if case is None:
        raise Http404
    api_read_record(token=token, action="case.view", household_ids=[], obj=case, household_id=case.household_id)
    return Status(200, _case_out(case))


@api.get("/case-events", response={200: CaseEventPage, **READ_ERRORS}, auth=TokenAuth(CASES_READ), tags=["cases"],
         summary="The cases' status history")
def case_event_list(request, limit: int = Limit, after: int = After,
                    case_id: int | None = Query(None, ge=1, le=MAX_ID, description="Only this case's history.")):
    """Each opening, status change and reopening of the cases in scope, oldest id first."""
    token = request.auth
    rows, next_after = selectors.page(selectors.case_events(token=token, case_id=case_id), after=after, limit=limit)
    api_read_record(token=token, action="case_event.list", household_ids=[e.case.household_id for e in rows])
    fields = ("id", "case_id", "at", "kind", "from_status", "to_status")
    return Status(200, {"items": [{name: getattr(e, name) for name in fields} for e in rows], "next_after": next_after})


# The programme's figures -------------------------------------------------------------------------

@api.get("/reports", response={200: Reports, **READ_ERRORS}, auth=TokenAuth(REPORTS_READ), tags=["reports"],
         summary="The programme's figures, as on the results page")
def reports(request, start: dt.date | None = None, end: dt.date | None = None, as_of: dt.date | None = None,
            area: str = Query("", max_length=100), channel: str = Query("", max_length=30)):
    """Every table of the results page (reports app), computed by the same selectors for the same
    filter, so the numbers equal the dashboard's. No breakdown per caseworker. Empty fields take
    the page's defaults: the whole programme, as of today."""
    data = {"start": start or "", "end": end or "", "as_of": as_of or "", "area": area, "channel": channel}
    form = ReportFilterForm(data, choices=filter_choices(), with_caseworkers=False)
    if not form.is_valid():
        errors = [{"field": field, "messages": list(messages)} for field, messages in form.errors.items()]
        return _error(request, 422, "invalid", "Filteret er ugyldig.", errors=errors)
    report = dashboard(form.report_filter(), by_caseworker=False)
    f = report.filter
    tables = [{"slug": t.slug, "title": t.title, "columns": [{"label": c.label, "kind": c.kind} for c in t.columns],
               "rows": t.rows, "footer": t.footer} for t in report_tables(report).values()]
    return Status(200, {"filter": {"start": f.start, "end": f.end, "as_of": f.as_of, "area": f.area, "channel": f.channel},
                 "tables": tables})


# Tenancy changes from the housing-management system ----------------------------------------------

def _household_in_scope(token, pk: int) -> Household:
    household = Household.objects.filter(pk=pk).first()
    if household is None or household_scope_reason(token, household) is None:
        raise Http404
    return household


@api.post("/tenancies", response={201: TenancyOut, **WRITE_ERRORS}, auth=TokenAuth(TENANCIES_WRITE),
          tags=["tenancies"], summary="Start a tenancy")
def tenancy_start(request, body: TenancyStart):
    """Let a dwelling to a household in the key's team scope, through the same service as the
    page: neither may have an active tenancy, periods may not overlap (409); dates and amounts
    the register refuses are 422."""
    household = _household_in_scope(request.auth, body.household_id)
    dwelling = Dwelling.objects.filter(pk=body.dwelling_id).first()
    if dwelling is None:
        raise Http404
    fields = body.dict(exclude={"household_id", "dwelling_id"})
    tenancy = tenancy_create(actor=request.auth, dwelling=dwelling, household=household, fields=fields)
    return Status(201, _tenancy_out(tenancy))


@api.post("/tenancies/{tenancy_id}/end", response={200: TenancyOut, **WRITE_ERRORS}, auth=TokenAuth(TENANCIES_WRITE),
          tags=["tenancies"], summary="End a tenancy")
def tenancy_finish(request, body: TenancyEnd, tenancy_id: int = Path(..., ge=1, le=MAX_ID)):
    """The household moved out on `end_date` (today or earlier; a later notice is not an end yet)."""
    tenancy = Tenancy.objects.filter(pk=tenancy_id).first()
    if tenancy is None:
        raise Http404
    _household_in_scope(request.auth, tenancy.household_id)
    tenancy = tenancy_end(actor=request.auth, tenancy=tenancy, end_date=body.end_date)
    return Status(200, _tenancy_out(tenancy))
