"""Background tasks for SvarUt (django-tasks, stored in the database; `boligvei db_worker` runs them)."""

from django_tasks import task

from boligvei.dispatch import services
from boligvei.dispatch.models import Shipment


@task()
def send_shipments() -> dict:
    result = services.shipments_send()
    return {"sent": result.sent, "found": result.found, "failed": result.failed, "waiting": result.waiting,
            "stopped": result.stopped}


@task()
def poll_shipments(shipment_ids: list[int] | None = None) -> int:
    """Fetch the status of the given shipments, or of every open one; while any is open, poll
    again in SVARUT_POLL_MINUTES."""
    shipments = list(Shipment.objects.filter(pk__in=shipment_ids)) if shipment_ids else None
    changed = services.shipments_poll(shipments=shipments)
    if not shipment_ids and services.shipments_open().exists():
        services.shipments_poll_start()
    return changed
