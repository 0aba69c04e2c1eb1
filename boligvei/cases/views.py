from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boligvei.cases import (
    certificates, checklist, decisions, exports, follow_ups, letters, lettings, mapping, pipeline, prefill, purchases,
    selectors, services,
)
from boligvei.cases.access import (
    get_case_for_user, get_certificate_for_user, get_decision_for_user, get_follow_up_for_user, get_letter_for_user,
    get_letting_for_user,
    get_task_for_user,
)
from boligvei.cases.forms import (
    CaseAssignForm, CaseFilterForm, CertificateExtendForm, DecisionTemplateForm, CaseMoveForm, CaseNoteForm, CaseOpenForm, CaseReopenForm, ContactForm, DecideForm, PurchaseForm,
    LettingForm, LettingRejectForm, MappingForm, RecommendForm, TaskForm,
)
from boligvei.cases.forms import ChecklistFormSet, FollowUpRecordForm, checklist_formset_items
from boligvei.cases.models import DecisionKind, LetterKind, LetterLanguage
from boligvei.cases.pipeline import Status
from boligvei.core.access import administrator_required, staff_required
from boligvei.core.lists import list_page
from boligvei.core.views import audit_form_view, form_page, pdf_response, run_action, run_service
from boligvei.core.errors import DomainError
from boligvei.housing.access import get_waiting_list_entry_for_user
from boligvei.housing.selectors import vacant_dwellings
from boligvei.people.access import get_household_for_user


@staff_required()
def case_list(request):
    return list_page(
        request, template="cases/case_list.html", filter_form=CaseFilterForm(request.GET),
        rows=lambda text, filters: selectors.case_list(user=request.user, search=text, filters=filters),
        audit_action="case.list", household_of=lambda case: case.household_id, export=exports.CASES,
    )


def _decide_forms(case_decisions: list, bound=None, bound_pk: int | None = None) -> None:
    """Each pending decision's form, starting from the rules its kind builds on (or the posted
    form with its errors, for the decision it was posted for)."""
    for decision in case_decisions:
        if decision.is_pending:
            decision.decide_form = (bound if bound is not None and decision.pk == bound_pk
                                    else DecideForm(kind=decision.kind, decision=decision))


def _case_page(request, case, **forms):
    services.case_record_view(actor=request.user, case=case)
    assessments = selectors.case_assessments(case=case)
    case_decisions = selectors.case_decisions(case=case)
    _decide_forms(case_decisions, forms.get("decide_form"), forms.get("decided_pk"))
    tasks = selectors.case_tasks(case=case)
    return render(request, "cases/case_detail.html", {
        "case": case, "household": case.household,
        "timeline": selectors.case_timeline(case=case, assessments=assessments),
        "next_step": pipeline.NEXT_STEP.get(case.status, ""),
        "tenancy": case.household.active_tenancy,
        "move_form": forms.get("move_form") or (CaseMoveForm(case=case) if case.is_open else None),
        "note_form": forms.get("note_form") or CaseNoteForm(),
        "reopen_form": forms.get("reopen_form") or (None if case.is_open else CaseReopenForm(
            initial={"version": case.version})),
        "can_record_purchase": case.status == Status.FINANCING_APPROVED,
        "tasks": tasks,
        "checklist": selectors.case_checklist(case=case, tasks=tasks),
        "follow_ups": selectors.case_follow_ups(case=case),
        "task_form": forms.get("task_form") or (TaskForm(initial={"assignee": case.caseworker_id}) if case.is_open
                                                else None),
        "contact_form": forms.get("contact_form") or ContactForm(),
        "today": timezone.localdate(),
        "decisions": case_decisions,
        "certificates": selectors.case_certificates(case=case),
        "extend_form": forms.get("extend_form") or CertificateExtendForm(),
        "recommend_form": forms.get("recommend_form") or (RecommendForm(case=case) if case.is_open else None),
        "startlan_missing": decisions.recommendation_missing(case=case, kind=DecisionKind.STARTLAN)
        if case.is_open else None,
        "may_decide": request.user.role in decisions.DECIDERS,
        "mapping": selectors.latest_mapping(case=case),
        "assessments": assessments,
        "assign_form": forms.get("assign_form") or (CaseAssignForm(initial={"version": case.version})
                                                    if case.is_open else None),
        **selectors.case_outcome(case=case, user=request.user),
    })


def _case_action(request, case, form, form_name: str, action, success: str, **page):
    """A form posted from the case page: run the service and go back to the case, or show the
    case page again with the form's errors (nothing saved)."""
    if form.is_valid() and run_service(form, request, lambda: action(form.cleaned_data), success):
        return redirect("cases:case_detail", pk=case.pk)
    case.refresh_from_db()
    return _case_page(request, case, **{form_name: form}, **page)


@staff_required()
def case_detail(request, pk: int):
    return _case_page(request, get_case_for_user(request.user, pk))


@staff_required(write=True)
def case_open(request, household_pk: int):
    household = get_household_for_user(request.user, household_pk, write=True)
    form = CaseOpenForm(request.POST or None, initial={"caseworker": request.user})
    if request.method == "POST" and form.is_valid():
        case = run_service(form, request, lambda: services.case_open(
            actor=request.user, household=household, caseworker=form.cleaned_data["caseworker"],
            channel=form.cleaned_data["channel"], referred_by=form.cleaned_data["referred_by"]),
            "Saken er opprettet.")
        if case:
            return redirect("cases:case_detail", pk=case.pk)
    return form_page(request, form, title=f"Ny sak for {household}", household=household, submit_label="Opprett sak",
                     intro="Saken starter som «Invitert». Velg hvem som skal følge husstanden.",
                     cancel_url=reverse("people:household_detail", args=[household.pk]))


@require_POST
@staff_required(write=True)
def case_move(request, pk: int):
    case = get_case_for_user(request.user, pk, write=True)
    return _case_action(request, case, CaseMoveForm(request.POST, case=case), "move_form", lambda data: services.case_move(
        actor=request.user, case=case, to_status=data["to_status"], expected_version=data["version"],
        reason=data["reason"], invite_again_on=data["invite_again_on"], manual=True), "Statusen er endret.")


@require_POST
@staff_required(write=True)
def case_reopen(request, pk: int):
    case = get_case_for_user(request.user, pk, write=True)
    return _case_action(request, case, CaseReopenForm(request.POST), "reopen_form", lambda data: services.case_reopen(
        actor=request.user, case=case, expected_version=data["version"], reason=data["reason"]),
        "Saken er gjenåpnet.")


@require_POST
@staff_required(write=True)
def case_note(request, pk: int):
    case = get_case_for_user(request.user, pk, write=True)
    return _case_action(request, case, CaseNoteForm(request.POST), "note_form", lambda data: services.case_note_add(
        actor=request.user, case=case, text=data["text"]), "Notatet er lagret.")


@staff_required(write=True)
def case_purchase(request, pk: int):
    """Record the purchase: the case's outcome, and the dwelling it sells or frees."""
    case = get_case_for_user(request.user, pk, write=True)
    # The approved startlån and grant fill the form (nothing typed twice).
    form = PurchaseForm(request.POST or None, initial={"version": case.version, "bought_rented_dwelling": "yes",
                                                       **prefill.purchase_initial(case)})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        if run_service(form, request, lambda: purchases.case_record_purchase(
                actor=request.user, case=case, expected_version=form.cleaned_data["version"], **data),
                "Kjøpet er registrert."):
            return redirect("cases:case_detail", pk=case.pk)
    return form_page(request, form, title=f"Registrer boligkjøp for {case.household}", household=case.household, submit_label="Registrer kjøpet",
                     intro="Kjøper husstanden boligen den leier, blir boligen registrert som solgt. Kjøper den en "
                           "annen bolig, avsluttes leieforholdet og boligen blir ledig for neste på ventelisten.",
                     cancel_url=reverse("cases:case_detail", args=[case.pk]))


@require_POST
@staff_required(write=True)
def case_contact(request, pk: int):
    case = get_case_for_user(request.user, pk, write=True)
    return _case_action(request, case, ContactForm(request.POST), "contact_form", lambda data: services.case_contact_record(
        actor=request.user, case=case, text=data["text"]), "Svaret er registrert.")


@require_POST
@staff_required(write=True)
def task_create(request, pk: int):
    case = get_case_for_user(request.user, pk, write=True)
    return _case_action(request, case, TaskForm(request.POST), "task_form", lambda data: services.task_create(
        actor=request.user, case=case, title=data["title"], due_on=data["due_on"], assignee=data["assignee"]),
        "Oppgaven er lagt til i planen.")


@require_POST
@staff_required(write=True)
def task_complete(request, pk: int):
    task = get_task_for_user(request.user, pk, write=True)
    run_action(request, lambda: services.task_complete(actor=request.user, task=task), "Oppgaven er fullført.")
    back_to_work = request.POST.get("next") == "my_work"
    return redirect("cases:my_work") if back_to_work else redirect("cases:case_detail", pk=task.case_id)


@require_POST
@staff_required(write=True)
def checklist_add(request, pk: int):
    """Put the purchase-process checklist on a case that lacks it (by hand)."""
    case = get_case_for_user(request.user, pk, write=True)
    run_action(request, lambda: checklist.checklist_add(actor=request.user, case=case, by_hand=True),
               _("Sjekklisten for kjøpsprosessen er lagt til som oppgaver."))
    return redirect("cases:case_detail", pk=case.pk)


@staff_required(write=True)
def follow_up_record(request, pk: int):
    """Record a follow-up after the purchase: how the household is doing, payment trouble, help."""
    follow_up = get_follow_up_for_user(request.user, pk, write=True)
    case = follow_up.case
    if follow_up.is_done:
        messages.info(request, _("Oppfølgingen er allerede registrert."))
        return redirect("cases:case_detail", pk=case.pk)
    form = FollowUpRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(form, request, lambda: follow_ups.follow_up_record(
                actor=request.user, follow_up=follow_up, **form.cleaned_data),
                _("Oppfølgingen etter kjøpet er registrert.")):
            return redirect("cases:case_detail", pk=case.pk)
    return form_page(
        request, form, household=case.household, submit_label=_("Registrer oppfølgingen"),
        title=_("Oppfølging %(months)s måneder etter kjøpet: %(household)s") % {
            "months": follow_up.months, "household": case.household},
        intro=_("Husstanden overtok boligen %(day)s. Oppfølgingen hadde frist %(due)s. Skriv hva dere fant: "
                "hvordan det går, om husstanden har betalingsproblemer, og om det er avtalt mer hjelp.") % {
            "day": case.purchase.completed_on.strftime("%d.%m.%Y"), "due": follow_up.due_on.strftime("%d.%m.%Y")},
        cancel_url=reverse("cases:case_detail", args=[case.pk]))


@administrator_required
def checklist_template(request):
    """The purchase-process checklist the municipality keeps: saving makes a new version; cases
    that have it keep their tasks."""
    current = checklist.checklist_in_force()
    initial = [{"position": number, **item} for number, item in enumerate(current.items, start=1)]
    formset = ChecklistFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        try:
            checklist.checklist_save(actor=request.user, items=checklist_formset_items(formset))
        except ValidationError as exc:
            formset._non_form_errors = formset.error_class(exc.messages)
        else:
            messages.success(request, _("Sjekklisten er lagret som en ny versjon."))
            return redirect("cases:checklist_template")
    return render(request, "cases/checklist_template.html", {
        "formset": formset, "current": current, "versions": selectors.checklist_versions(),
    }, status=400 if request.method == "POST" else 200)


@staff_required()
def my_work(request):
    """A caseworker's work across cases: overdue and coming tasks, and interim replies due."""
    work = selectors.my_work(user=request.user)
    services.work_record_view(actor=request.user, work=work)
    return render(request, "cases/my_work.html", work)


@require_POST
@staff_required(write=True)
def decision_recommend(request, pk: int):
    case = get_case_for_user(request.user, pk, write=True)
    return _case_action(request, case, RecommendForm(request.POST, case=case), "recommend_form",
                        lambda data: decisions.decision_recommend(
                            actor=request.user, case=case, kind=data["kind"], recommendation=data["recommendation"],
                            amount=data["amount"], override_reason=data["override_reason"],
                            guideline_paragraphs=data.get("guideline_paragraphs")),
                        "Innstillingen er sendt til en fullmaktshaver.")


@require_POST
@staff_required(write=True)
def decision_decide(request, pk: int):
    decision = get_decision_for_user(request.user, pk, write=True)
    return _case_action(request, decision.case, DecideForm(request.POST, kind=decision.kind, decision=decision),
                        "decide_form",
                        lambda data: decisions.decision_decide(actor=request.user, decision=decision, **data),
                        "Vedtaket er fattet.", decided_pk=decision.pk)


@staff_required(write=True)
def case_mapping(request, pk: int):
    """The mapping conversation, on the form's current version; opens with the last answers."""
    case = get_case_for_user(request.user, pk, write=True)
    latest = selectors.latest_mapping(case=case)
    # Answers to questions the current version still asks carry over from an older version.
    keys = {question.key for question in mapping.questions(mapping.CURRENT_VERSION)}
    initial = {key: value for key, value in latest.answers.items() if key in keys} if latest else {}
    form = MappingForm(request.POST or None, version=mapping.CURRENT_VERSION, initial=initial)
    if request.method == "POST" and form.is_valid():
        if run_service(form, request, lambda: services.mapping_create(
                actor=request.user, case=case, version=form.version, answers=form.answers()),
                "Kartleggingen er lagret."):
            return redirect("cases:case_detail", pk=case.pk)
    audit_form_view(request, case.household)
    return render(request, "cases/mapping_form.html", {"case": case, "form": form})


@require_POST
@staff_required(write=True)
def case_assign(request, pk: int):
    case = get_case_for_user(request.user, pk, write=True)
    return _case_action(request, case, CaseAssignForm(request.POST), "assign_form", lambda data: services.case_assign(
        actor=request.user, case=case, caseworker=data["caseworker"], expected_version=data["version"]),
        "Saken har fått ny saksbehandler.")


@staff_required()
def decision_letter_pdf(request, pk: int):
    """A decision letter as it was made: the stored PDF/A, the same bytes every time."""
    letter = get_letter_for_user(request.user, pk)
    letters.decision_letter_record_print(actor=request.user, letter=letter)
    return pdf_response(bytes(letter.pdf), f"vedtak-{letter.reference}-{letter.pk}.pdf")


@administrator_required
def decision_template_list(request):
    return render(request, "cases/decision_template_list.html", {"templates": selectors.decision_templates()})


@administrator_required
def decision_template_edit(request, kind: str, language: str):
    """A decision letter's template: saving makes a new version; letters made keep theirs."""
    if kind not in LetterKind.values or language not in LetterLanguage.values:
        raise Http404("Ukjent brevmal.")
    latest = letters.templates_in_force(kind)[language]
    form = DecisionTemplateForm(request.POST or None, initial={"title": latest.title, "body": latest.body})
    if request.method == "POST" and request.POST.get("handling") == "forhandsvis":
        # The letter with synthetic sample data, as PDF; nothing is saved.
        if form.is_valid():
            try:
                preview = letters.template_preview(actor=request.user, kind=kind, language=language,
                                                   **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc)
            else:
                return pdf_response(preview, f"forhandsvisning-{kind}-{language}.pdf")
    elif request.method == "POST" and form.is_valid():
        if run_service(form, request, lambda: letters.decision_template_save(
                actor=request.user, kind=kind, language=language, **form.cleaned_data),
                "Malen er lagret som en ny versjon."):
            return redirect("cases:decision_template_edit", kind=kind, language=language)
    return render(request, "cases/decision_template_edit.html", {
        "form": form, "kind": LetterKind(kind), "language": LetterLanguage(language), "fields": letters.FIELDS,
        "versions": selectors.decision_template_versions(kind=kind, language=language),
    }, status=400 if form.errors else 200)


@require_POST
@staff_required(write=True)
def certificate_extend(request, pk: int):
    """Extend a valid financing certificate, or renew one that has run out, with the reason."""
    certificate = get_certificate_for_user(request.user, pk, write=True)
    return _case_action(request, certificate.case, CertificateExtendForm(request.POST), "extend_form",
                        lambda data: certificates.certificate_extend(actor=request.user, certificate=certificate,
                                                                     **data),
                        "Finansieringsbeviset har fått ny dato. Brevet til husstanden er laget.")


@staff_required(write=True)
def letting_create(request, entry_pk: int):
    """Let a vacant dwelling to a household on the waiting list: a decision with its grounds,
    which makes the household's letter (at once, or when a second person has approved it)."""
    entry = get_waiting_list_entry_for_user(request.user, entry_pk, write=True)
    picked = vacant_dwellings().filter(pk=request.GET.get("bolig")).first() if request.GET.get(
        "bolig", "").isdigit() else None
    form = LettingForm(request.POST or None, initial=prefill.letting_initial(entry, picked))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        letting = run_service(form, request, lambda: lettings.letting_propose(
            actor=request.user, entry=entry, **data),
            "Tildelingen venter på godkjenning av en fullmaktshaver." if settings.LETTING_REQUIRES_SECOND_APPROVER
            else "Boligen er tildelt. Leieforholdet er registrert, og vedtaksbrevet er laget.")
        if letting:
            return redirect("cases:letting_detail", pk=letting.pk)
    second = settings.LETTING_REQUIRES_SECOND_APPROVER
    return form_page(request, form, title=f"Tildel bolig til {entry.household}", household=entry.household,
                     intro="Tildelingen er et enkeltvedtak. Begrunnelsen står i brevet til husstanden, sammen med "
                           "klageadgangen. " + ("En annen fullmaktshaver må godkjenne tildelingen før den gjelder."
                                                if second else "Tildelingen oppretter leieforholdet, tar husstanden "
                                                               "av ventelisten og lager vedtaksbrevet."),
                     cancel_url=reverse("housing:waiting_list"),
                     submit_label="Send til godkjenning" if second else "Tildel bolig")


def _letting_page(request, letting, *, reject_form=None, status=200):
    services.letting_record_view(actor=request.user, letting=letting)
    may_approve = (letting.status == "proposed" and request.user.role in decisions.DECIDERS
                   and request.user.pk != letting.proposed_by_id)
    return render(request, "cases/letting_detail.html", {
        "letting": letting, "household": letting.household,
        "letters": letting.letters.defer("pdf", "body").order_by("created_at", "id"),
        "may_approve": may_approve, "reject_form": reject_form or LettingRejectForm(),
    }, status=status)


@staff_required()
def letting_detail(request, pk: int):
    return _letting_page(request, get_letting_for_user(request.user, pk))


@require_POST
@staff_required(write=True)
def letting_approve(request, pk: int):
    letting = get_letting_for_user(request.user, pk, write=True)
    run_action(request, lambda: lettings.letting_approve(actor=request.user, letting=letting),
               "Tildelingen er godkjent. Leieforholdet er registrert, og vedtaksbrevet er laget.")
    return redirect("cases:letting_detail", pk=letting.pk)


@require_POST
@staff_required(write=True)
def letting_reject(request, pk: int):
    letting = get_letting_for_user(request.user, pk, write=True)
    form = LettingRejectForm(request.POST)
    if form.is_valid() and run_service(form, request, lambda: lettings.letting_reject(
            actor=request.user, letting=letting, reason=form.cleaned_data["reason"]),
            "Tildelingen er ikke godkjent. Husstanden står fortsatt på ventelisten."):
        return redirect("cases:letting_detail", pk=letting.pk)
    return _letting_page(request, letting, reject_form=form, status=400)
