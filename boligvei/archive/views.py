"""The archive outbox for administrators: what is archived, what waits, what failed and why."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from boligvei.archive.models import ArchiveMessage, MessageStatus
from boligvei.archive.services import message_package
from boligvei.core.access import administrator_required
from boligvei.core.audit import audit_record
from boligvei.core.lists import paginate


@administrator_required
def outbox(request):
    messages = ArchiveMessage.objects.select_related("case").order_by("-created_at", "-id")
    status = request.GET.get("status", "")
    if status in MessageStatus.values:
        messages = messages.filter(status=status)
    counts = dict(ArchiveMessage.objects.values_list("status").annotate(n=Count("id")))
    return render(request, "archive/outbox.html", {
        **paginate(request, messages, settings.PAGE_SIZE), "status": status,
        "counts": [(value, label, counts.get(value, 0)) for value, label in MessageStatus.choices]})


@administrator_required
def package(request, pk: int):
    """One message's package, for a hand-off by other means; audited (it holds personal data)."""
    message = get_object_or_404(ArchiveMessage.objects.select_related("case"), pk=pk)
    try:
        content = message_package(message)
    except ObjectDoesNotExist as exc:  # the document was erased (privacy) after it was collected
        raise Http404("Dokumentet finnes ikke lenger.") from exc
    audit_record(actor=request.user, action="archive.package_download", obj=message,
                 household_id=message.household_id, changes={"key": message.key})
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{message.key}.zip"'
    response["Cache-Control"] = "no-store"
    return response
