"""The import's web face (docs/imports.md): upload → columns → dry run → commit, and the history
of imports with rollback. For administrators only: an import changes the register in bulk, and
programme leaders may only read it.

The pages call the engine's public services (`import_plan`, `import_commit`, `import_rollback`);
the engine writes the audit rows of a commit and a rollback, and the dry run of a file with
households writes one for the page, which shows names and other details of the people in it.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST
from django.utils.translation import gettext_lazy as _

from boligvei.core.access import administrator_required
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.lists import paginate
from boligvei.imports import services, uploads
from boligvei.imports.forms import ConfirmForm, MappingForm, UploadForm
from boligvei.imports.mapping import Kind, targets
from boligvei.imports.models import ImportRun, ImportSource, RunStatus
from boligvei.imports.plan import Action
from boligvei.imports.readers import ImportFileError

ROWS_PER_PAGE = 50
FORM_OVERHEAD_BYTES = 64 * 1024  # the form's other fields and the multipart framing around the file
HOUSEHOLD_KINDS = (Kind.TENANCIES, Kind.WAITING_LIST)


@administrator_required
def run_list(request):
    """The history: every import, newest first, with what it did and a way to undo it."""
    runs = ImportRun.objects.select_related("source")
    return render(request, "imports/run_list.html", paginate(request, runs, settings.PAGE_SIZE))


@csrf_exempt  # the CSRF check reads the body; it runs in _upload, once the size limit is in place
@administrator_required
def upload(request):
    """Choose the kind and source and upload the file. A request that says it is larger than the
    limit is refused before its body is read; one that does not say is cut off at the limit."""
    if request.method == "POST":
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if not declared.isdigit() or int(declared) > settings.IMPORT_MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES:
            return _too_large(request)
        request.upload_handlers.insert(0, uploads.SizeLimitUploadHandler(request, settings.IMPORT_MAX_UPLOAD_BYTES))
    return _upload(request)


@csrf_protect
def _upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if getattr(request, "upload_too_large", False):
            return _too_large(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                pending = uploads.upload_save(request, uploaded_file=data["file"], kind=data["kind"],
                                              source_id=data["source"].pk if data["source"] else None,
                                              new_source=data["new_source"])
            except ImportFileError as exc:
                form.add_error("file", exc.message)
            else:
                return redirect("imports:mapping", token=pending.token)
    return render(request, "imports/upload.html", {"form": form, "max_mb": _max_mb()},
                  status=400 if form.errors else 200)


def _too_large(request):
    form = UploadForm()
    form.is_bound = True  # show the message as the file field's error
    form._errors = {"file": form.error_class([uploads.too_large_message()])}
    return render(request, "imports/upload.html", {"form": form, "max_mb": _max_mb()}, status=413)


def _max_mb() -> int:
    return settings.IMPORT_MAX_UPLOAD_BYTES // 1024 // 1024


def _pending(request, token: str) -> uploads.PendingUpload:
    pending = uploads.upload_get(request, token)
    if pending is None:
        raise Http404(_("Filen finnes ikke lenger. Last den opp på nytt."))
    return pending


def _source(pending: uploads.PendingUpload) -> ImportSource | None:
    return ImportSource.objects.filter(pk=pending.source_id).first() if pending.source_id else None


@administrator_required
def mapping(request, token: str):
    """The columns found in the file and the field each fills: proposed from the headers and the
    source's remembered mapping, changed here."""
    pending = _pending(request, token)
    source = _source(pending)
    current = pending.mapping
    if current is None:
        current = services.mapping_for(pending.kind, pending.headers, source)
    form = MappingForm(request.POST or None, kind=pending.kind, headers=pending.headers, mapping=current)
    if request.method == "POST" and form.is_valid():
        pending.mapping = form.cleaned_data["mapping"]
        uploads.upload_update(request, pending)
        return redirect("imports:dry_run", token=pending.token)
    return render(request, "imports/mapping.html", {
        "pending": pending, "kind": Kind(pending.kind), "form": form,
        "source_name": source.name if source else pending.new_source})


def _page(request, rows: list, param: str):
    return Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get(param))


@administrator_required
def dry_run(request, token: str):
    """What the import would do, saving nothing: counts, the rejected rows with their line
    numbers and reasons, and the changes to records already in Boligvei."""
    pending = _pending(request, token)
    if pending.mapping is None:
        return redirect("imports:mapping", token=pending.token)
    context = {"pending": pending, "kind": Kind(pending.kind)}
    try:
        plan = services.import_plan(kind=pending.kind, path=pending.path, source=_source(pending),
                                    mapping=pending.mapping)
    except DomainError as exc:
        return render(request, "imports/dry_run.html", {**context, "file_error": exc.message})
    updates = [row for row in plan.rows if row.action == Action.UPDATE]
    if pending.kind in HOUSEHOLD_KINDS:
        audit_record(actor=request.user, action="import.dry_run", changes={
            "kind": pending.kind, "file_name": pending.file_name, "rows": len(plan.rows), **plan.counts})
    fields = targets(pending.kind)
    return render(request, "imports/dry_run.html", {
        **context, "plan": plan, "counts": plan.counts,
        "columns": [(fields[name].label, header) for name, header in plan.mapping.items() if name in fields],
        "rejected": _page(request, plan.rejected, "avvist"), "updates": _page(request, updates, "endret")})


@require_POST
@administrator_required
def commit(request, token: str):
    """Import the file: all rows or none. The source's mapping is remembered in the same
    transaction, so it is kept only when the import succeeds."""
    pending = _pending(request, token)
    if pending.mapping is None:
        return redirect("imports:mapping", token=pending.token)
    source = _source(pending)
    try:
        with transaction.atomic():
            if source is not None or pending.new_source:
                source = services.source_save(actor=request.user, name=source.name if source else pending.new_source,
                                              kind=pending.kind, mapping=pending.mapping)
            result = services.import_commit(actor=request.user, kind=pending.kind, path=pending.path,
                                            file_name=pending.file_name, source=source, mapping=pending.mapping)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("imports:dry_run", token=pending.token)
    uploads.upload_discard(request, pending)
    messages.success(request, _("Filen er importert som import %(number)s.") % {"number": result.run.pk})
    return redirect("imports:run_detail", pk=result.run.pk)


@administrator_required
def run_detail(request, pk: int):
    run = get_object_or_404(ImportRun.objects.select_related("source"), pk=pk)
    records = run.records.values("model", "action").annotate(count=Count("id")).order_by("model", "action")
    return render(request, "imports/run_detail.html", {"run": run, "records": records})


@administrator_required
def run_rollback(request, pk: int):
    """Undo an import, after a confirmation. The engine refuses when something newer depends on
    it; its reason is shown on the import's page."""
    run = get_object_or_404(ImportRun, pk=pk)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.import_rollback(actor=request.user, run=run)
        except DomainError as exc:
            messages.error(request, _("Importen ble ikke rullet tilbake, og ingenting er endret: %(reason)s") % {"reason": exc.message})
        else:
            messages.success(request, _("Import %(number)s er rullet tilbake.") % {"number": run.pk})
        return redirect("imports:run_detail", pk=run.pk)
    return render(request, "imports/rollback.html", {"run": run, "form": form,
                                                     "committed": run.status == RunStatus.COMMITTED})
