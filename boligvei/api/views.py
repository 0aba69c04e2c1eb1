"""The administrator's pages for API keys: the list (with each key's last use), a new key (its
secret shown once, on the answer to the form, never stored or shown again) and revoking one."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from boligvei.api import selectors
from boligvei.api.forms import ApiTokenForm
from boligvei.api.scopes import SCOPES
from boligvei.api.services import api_token_create, api_token_revoke
from boligvei.core.access import administrator_required
from boligvei.core.models import ApiToken
from boligvei.core.views import form_page, run_action, run_service


@administrator_required
def token_list(request):
    return render(request, "api/token_list.html", {"tokens": selectors.api_tokens(), "scopes": SCOPES})


@administrator_required
def token_create(request):
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = run_service(form, request, lambda: api_token_create(actor=request.user, **form.service_arguments()),
                              "API-nøkkelen er laget. Kopier den nå: den vises bare denne ene gangen.")
        if created:
            token, secret = created
            response = render(request, "api/token_created.html", {"token": token, "secret": secret, "scopes": SCOPES})
            response["Cache-Control"] = "no-store"
            return response
    return form_page(request, form, title="Ny API-nøkkel", cancel_url=reverse("api:token_list"),
                     submit_label="Lag nøkkel",
                     intro="En nøkkel gir ett av kommunens andre systemer tilgang til Boligveis API. Hemmeligheten "
                           "vises én gang; Boligvei lagrer bare et fingeravtrykk av den.")


@administrator_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk)
    run_action(request, lambda: api_token_revoke(actor=request.user, token=token),
               f"Nøkkelen til «{token.system}» er trukket tilbake. Systemet blir avvist fra nå av.")
    return redirect("api:token_list")
