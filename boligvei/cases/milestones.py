"""Writing and rebuilding the funnel stages a case has reached (`CaseMilestone`).

`milestones_record` is called with every case event that changes the status, inside the same
transaction, so the stages can never disagree with the history they come from.
`milestones_rebuild` derives them again from the events alone: for data loaded in bulk (the
demo's back-dated programme history, benchmarks) and to check that the two agree.
"""

from collections.abc import Iterable

from django.db import transaction

from boligvei.cases.funnel import stages_reached
from boligvei.cases.models import CaseEvent, CaseMilestone, EventKind

STATUS_KINDS = (EventKind.OPENED, EventKind.STATUS, EventKind.REOPENED)


def milestones_record(*, case_id: int, to_status: str, at, caseworker_id: int) -> None:
    """Record the stages `to_status` reaches that the case had not reached before."""
    rows = [CaseMilestone(case_id=case_id, stage=stage, at=at, caseworker_id=caseworker_id)
            for stage in stages_reached(to_status)]
    CaseMilestone.objects.bulk_create(rows, ignore_conflicts=True)  # a stage reached before stays as it was


@transaction.atomic
def milestones_rebuild(case_ids: Iterable[int] | None = None, *, batch_size: int = 5_000) -> int:
    """Derive the stages from the case events again (all cases, or those given); returns rows written."""
    events = CaseEvent.objects.filter(kind__in=STATUS_KINDS).exclude(to_status="")
    milestones = CaseMilestone.objects.all()
    if case_ids is not None:
        case_ids = list(case_ids)
        events, milestones = events.filter(case_id__in=case_ids), milestones.filter(case_id__in=case_ids)
    milestones.delete()
    rows: list[CaseMilestone] = []
    written = 0
    reached: set[int] = set()
    current_case = None
    for case_id, to_status, at, caseworker_id, fallback in (
            events.order_by("case_id", "at", "id")
            .values_list("case_id", "to_status", "at", "caseworker_id", "case__caseworker_id").iterator(10_000)):
        if case_id != current_case:
            current_case, reached = case_id, set()
        for stage in stages_reached(to_status):
            if stage not in reached:
                reached.add(stage)
                rows.append(CaseMilestone(case_id=case_id, stage=stage, at=at,
                                          caseworker_id=caseworker_id or fallback))
        if len(rows) >= batch_size:
            CaseMilestone.objects.bulk_create(rows)
            written += len(rows)
            rows = []
    CaseMilestone.objects.bulk_create(rows)
    return written + len(rows)
