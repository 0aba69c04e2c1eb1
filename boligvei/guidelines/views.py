"""The guidelines' pages: every member of staff reads them, administrators add versions."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from boligvei.core.access import administrator_required, staff_required
from boligvei.core.views import run_service
from boligvei.guidelines import rules, selectors, services
from boligvei.guidelines.forms import GuidelineVersionForm
from boligvei.guidelines.models import GuidelineVersion


@staff_required()
def guideline_list(request):
    today = timezone.localdate()
    return render(request, "guidelines/guideline_list.html", {
        "versions": selectors.guideline_versions(), "in_force": selectors.guideline_in_force(today)})


@staff_required()
def guideline_detail(request, pk: int):
    version = get_object_or_404(GuidelineVersion, pk=pk)
    return render(request, "guidelines/guideline_detail.html", {
        "version": version, "doc": version.document, "criteria": rules.CRITERIA, "conditions": rules.CONDITIONS,
        "target_criteria": [(rules.criterion_paragraph(version.document, key), rules.CRITERIA[key])
                            for key in version.document.get("target_groups", {}).get("criteria", [])
                            if key in rules.CRITERIA],
        "financing": rules.FINANCING, "in_force": selectors.guideline_in_force(timezone.localdate())})


@administrator_required
def guideline_create(request):
    current = selectors.guideline_in_force(timezone.localdate())
    form = GuidelineVersionForm(request.POST or None, initial=GuidelineVersionForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        version = run_service(form, request, lambda: services.guideline_version_create(
            actor=request.user, document=form.document(), **form.version_fields()),
            "Den nye versjonen av retningslinjene er lagret.")
        if version:
            return redirect("guidelines:guideline_detail", version.pk)
    return render(request, "guidelines/guideline_form.html", {
        "form": form, "current": current, "cancel_url": reverse("guidelines:guideline_list")})
