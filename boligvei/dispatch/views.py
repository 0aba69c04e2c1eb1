"""SvarUt pages: the shipments with their status and events, and the buttons that send a letter,
a campaign or a decision letter through SvarUt instead of print."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from boligvei.cases.access import get_letter_for_user as get_decision_letter_for_user
from boligvei.core.access import staff_required
from boligvei.core.audit import audit_record
from boligvei.core.lists import paginate
from boligvei.core.views import run_action
from boligvei.dispatch import selectors, services
from boligvei.dispatch.access import get_shipment_for_user
from boligvei.outreach.access import get_campaign_for_user, get_letter_for_user
from boligvei.people.access import get_household_for_user


@staff_required()
def shipment_list(request):
    state = request.GET.get("status", "")
    paged = paginate(request, selectors.shipments_for_user(request.user, state=state), settings.PAGE_SIZE)
    if paged["page"].object_list:
        audit_record(actor=request.user, action="dispatch.list",
                     changes={"households": sorted({s.household_id for s in paged["page"].object_list})})
    return render(request, "dispatch/shipment_list.html", {
        **paged, "status": state, "counts": selectors.state_counts(request.user), "enabled": settings.SVARUT_ENABLED})


@staff_required()
def shipment_detail(request, pk: int):
    shipment = get_shipment_for_user(request.user, pk)
    audit_record(actor=request.user, action="dispatch.view", obj=shipment, household_id=shipment.household_id)
    return render(request, "dispatch/shipment_detail.html", {
        "shipment": shipment, "events": shipment.events.all(), "enabled": settings.SVARUT_ENABLED,
        "letter_url": _letter_url(shipment)})


def _letter_url(shipment) -> str:
    if shipment.kind == "letter":
        return reverse("outreach:letter_pdf", args=[shipment.object_id])
    return reverse("cases:decision_letter_pdf", args=[shipment.object_id])


@require_POST
@staff_required(write=True)
def shipment_refresh(request, pk: int):
    shipment = get_shipment_for_user(request.user, pk, write=True)
    run_action(request, lambda: services.shipment_refresh(actor=request.user, shipment=shipment),
               "Ny status hentes fra SvarUt i bakgrunnen. Last siden på nytt om litt.")
    return redirect("dispatch:shipment_detail", pk=shipment.pk)


@require_POST
@staff_required(write=True)
def campaign_send(request, pk: int):
    campaign = get_campaign_for_user(request.user, pk, write=True, whole=True)
    run_action(request, lambda: services.campaign_send(actor=request.user, campaign=campaign),
               "Brevene sendes gjennom SvarUt i bakgrunnen. Utsendelsen markeres som sendt når SvarUt har tatt "
               "imot alle.")
    return redirect("outreach:campaign_detail", pk=campaign.pk)


@require_POST
@staff_required(write=True)
def letter_send(request, pk: int):
    letter = get_letter_for_user(request.user, pk, write=True)
    run_action(request, lambda: services.letter_send(actor=request.user, letter=letter),
               "Brevet sendes gjennom SvarUt i bakgrunnen.")
    return redirect(reverse("outreach:campaign_detail", args=[letter.campaign_id]) + f"#brev-{letter.pk}")


@require_POST
@staff_required(write=True)
def decision_letter_send(request, pk: int):
    letter = get_decision_letter_for_user(request.user, pk)
    get_household_for_user(request.user, letter.decision.case.household_id, write=True)
    run_action(request, lambda: services.decision_letter_send(actor=request.user, letter=letter),
               "Brevet sendes gjennom SvarUt i bakgrunnen.")
    return redirect("cases:case_detail", pk=letter.decision.case_id)

