"""One way to serve a register list: filters in the URL, search text in the session, pages.

Filters (area, status, ...) are not personal and live in the query string, so a list can be
bookmarked. Free text may be a name or an identity number, so it is posted and kept in the
session (boligvei.core.search). For htmx requests only the results (`<list>_results.html`) are
re-rendered.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.shortcuts import redirect, render

from boligvei.core.audit import audit_record
from boligvei.core.exports import EXPORT_PARAM, ListExport, export_format
from boligvei.core.search import search_display, search_text, stash_search


class RegisterPaginator(Paginator):
    """Django's paginator, except that a page in the back half of a list is read from its end:
    the last of 4 000 pages is the first page in the reversed order (`LIMIT 25`), not 99 975
    rows skipped (`OFFSET 99975`), so the last page costs what the first does. Only for a
    queryset whose order ends in its primary key (so the reversed order is exactly the same
    order backwards); anything else pages as Django does."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom > self.count // 2 and _reversible(self.object_list):
            rows = list(self.object_list.reverse()[self.count - top:self.count - bottom])
            rows.reverse()
            return self._get_page(rows, number, self)
        return self._get_page(self.object_list[bottom:top], number, self)


def _reversible(rows) -> bool:
    if not isinstance(rows, QuerySet) or rows.query.combinator or rows.query.distinct_fields:
        return False
    order = rows.query.order_by
    return bool(order) and isinstance(order[-1], str) and order[-1].lstrip("-") in {"id", "pk"}


def paginate(request, rows, per_page: int) -> dict:
    """The page asked for (`?page=`) and what `core/_pagination.html` needs to link the others."""
    page = RegisterPaginator(rows, per_page).get_page(request.GET.get("page"))
    return {"page": page, "ellipsis": page.paginator.ELLIPSIS,
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)}


def list_page(request, *, template: str, filter_form, rows, audit_action: str = "", household_of=None,
              context: dict | None = None, export: ListExport | None = None):
    """Render a list page. `rows(search, filters)` returns the queryset for this user.

    `audit_action` names the audit event for lists that show personal data; the ids of the
    households shown on the page are recorded, so an access report can tell who saw whom.
    With `export`, `?eksport=csv|xlsx` downloads every row of the same queryset (all pages).
    """
    if request.method == "POST":
        params = QueryDict(mutable=True)
        params.update({k: v for k, v in request.GET.items() if k not in {"s", "page"}})
        token = stash_search(request, request.POST.get("q", ""))
        if token:
            params["s"] = token
        return redirect(f"{request.path}?{params.urlencode()}" if params else request.path)

    token, text = search_text(request)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    if export is not None and (fmt := export_format(request)):
        return export.response(request, rows(text, filters), fmt)
    paged = paginate(request, rows(text, filters), settings.PAGE_SIZE)
    page = paged["page"]
    if audit_action and page.object_list:
        audit_record(actor=request.user, action=audit_action,
                     changes={"households": sorted({household_of(row) for row in page.object_list} - {None})})
    keep = request.GET.copy()
    keep.pop("page", None)
    without_search = keep.copy()
    without_search.pop("s", None)
    ctx = {
        **paged,
        "filter_form": filter_form,
        "search": search_display(text),
        "search_token": token,
        "query_without_page": keep.urlencode(),
        "query_without_search": without_search.urlencode(),
        "export": export, "export_param": EXPORT_PARAM,
        **(context or {}),
    }
    if request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request:
        return render(request, template.replace(".html", "_results.html"), ctx)
    return render(request, template, ctx)
