"""The administrator's pages for API keys: make one (the secret shown once), see them with their
last use, revoke one; every make and revoke audited; other roles refused."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boligvei.core.models import ApiToken, AuditEvent
from tests.api.conftest import ApiClient, make_key
from tests.conftest import _client_for


@pytest.fixture
def admin_client(administrator):
    return _client_for(administrator)


def _form(team_scope="all", **extra):
    return {"system": "Boligforvaltning", "scopes": ["register:read", "tenancies:write"], "team_scope": team_scope,
            "expires_on": str(timezone.localdate() + dt.timedelta(days=90)), **extra}


def test_an_administrator_makes_a_key_and_sees_its_secret_once(admin_client, administrator, team):
    response = admin_client.post(reverse("api:token_create"), _form(team_scope=str(team.pk)))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    assert secret in response.content.decode()
    token = ApiToken.objects.get()
    assert token.team == team and not token.all_teams and token.scopes == ["register:read", "tenancies:write"]
    assert token.created_by == administrator and secret not in token.secret_hash
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor == administrator and secret not in str(event.changes)
    # Shown once: the list never shows it again, and the key works.
    listing = admin_client.get(reverse("api:token_list")).content.decode()
    assert "Boligforvaltning" in listing and secret not in listing and token.prefix in listing
    assert ApiClient(secret).get("/households").status_code == 200


def test_the_list_shows_when_each_key_was_last_used(admin_client, administrator):
    token, secret = make_key(administrator)
    assert "Aldri" in admin_client.get(reverse("api:token_list")).content.decode()
    ApiClient(secret).get("/dwellings")
    used = ApiToken.objects.get(pk=token.pk).last_used_at
    assert timezone.localtime(used).strftime("%d.%m.%Y %H:%M") in admin_client.get(reverse("api:token_list")).content.decode()


@pytest.mark.parametrize(("changes", "message"), [
    ({"scopes": []}, "Feltet er påkrevet"),
    ({"scopes": ["identity:read"]}, "gjelder bare sammen med"),
    ({"expires_on": "2020-01-01"}, "fram i tid"),
    ({"expires_on": "2099-01-01"}, "høyst to år"), ({"expires_on": "9999-12-31"}, "høyst to år"),
    ({"team_scope": "999999"}, "Velg et gyldig valg"),
])
def test_a_key_the_rules_refuse_is_not_made(admin_client, changes, message):
    response = admin_client.post(reverse("api:token_create"), _form(**changes))
    assert response.status_code == 200 and message in response.content.decode()
    assert not ApiToken.objects.exists() and not AuditEvent.objects.filter(action="api_token.create").exists()


def test_revoking_is_immediate_and_audited(admin_client, administrator):
    token, secret = make_key(administrator)
    response = admin_client.post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == administrator
    assert AuditEvent.objects.get(action="api_token.revoke").actor == administrator
    assert ApiClient(secret).get("/dwellings").status_code == 401
    assert "Trukket tilbake" in admin_client.get(reverse("api:token_list")).content.decode()
    # Twice: refused with a message, nothing more written.
    admin_client.post(reverse("api:token_revoke", args=[token.pk]))
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_revoking_takes_only_post(admin_client, administrator):
    token, _ = make_key(administrator)
    assert admin_client.get(reverse("api:token_revoke", args=[token.pk])).status_code == 405
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_only_administrators_keep_the_keys(alice_client, bob_client, charlie_client, administrator):
    token, _ = make_key(administrator)
    for client in (alice_client, bob_client, charlie_client):
        assert client.get(reverse("api:token_list")).status_code == 403
        assert client.post(reverse("api:token_create"), _form()).status_code == 403
        assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 403
    assert ApiToken.objects.count() == 1 and ApiToken.objects.get().revoked_at is None


def test_the_audit_log_page_names_the_system(admin_client, administrator, register):
    _, secret = make_key(administrator)
    ApiClient(secret).get("/households")
    page = admin_client.get(reverse("privacy:audit_log")).content.decode()
    assert "API: Boligforvaltning" in page and "System (API)" in page
