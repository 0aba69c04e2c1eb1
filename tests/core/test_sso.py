"""Single sign-on against a real OpenID provider: node-oidc-provider (tests/core/oidc/provider.mjs)
on a loopback port, and the whole authorization-code flow driven over HTTP (the provider's login
form posted as a browser would) against pytest-django's live server."""

import json
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import pytest
import requests
from django.contrib.sessions.models import Session

from boligvei.core import sso
from boligvei.core.models import AuditEvent, Team, User
from boligvei.core.roles import Role

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_SCRIPT = Path(__file__).with_name("oidc") / "provider.mjs"
CLIENT_ID, CLIENT_SECRET = "boligvei-test", "client-secret-for-tests"
PASSWORD = "provider-password"
SSO_BUTTON = "Logg inn med kommunens konto"


def account(roles, *, team="Boligkontoret Sentrum", amr=("pwd", "mfa"), name="Kari Nordmann"):
    given, family = name.split()
    return {"password": PASSWORD, "amr": list(amr), "claims": {
        "roles": list(roles), "team": team, "given_name": given, "family_name": family,
        "preferred_username": f"{given.lower()}@fjordvik.kommune.no", "email": f"{given.lower()}@fjordvik.kommune.no"}}


ACCOUNTS = {
    "kari": account(["Boligvei.Saksbehandler", "Alle.Ansatte"]),
    "per": account(["Boligvei.Fullmakt"], team="Boligkontoret Nord", amr=["pwd"], name="Per Hansen"),
    "ola": account(["Alle.Ansatte"], name="Ola Olsen"),
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def accounts_file(tmp_path_factory):
    return tmp_path_factory.mktemp("oidc") / "accounts.json"


@pytest.fixture(scope="module")
def provider(live_server, accounts_file):
    """node-oidc-provider on a free loopback port, with the live server's callback registered;
    stopped after the module's tests. It requires PKCE, so a login without it would fail."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("node and the oidc-provider package are needed: run `make setup` (npm install)")
    accounts_file.write_text(json.dumps(ACCOUNTS), encoding="utf-8")
    port = _free_port()
    env = {"PATH": "/usr/bin:/bin", "PORT": str(port), "CLIENT_ID": CLIENT_ID, "CLIENT_SECRET": CLIENT_SECRET,
           "REDIRECT_URI": f"{live_server.url}/oidc/callback/",
           "POST_LOGOUT_REDIRECT_URI": f"{live_server.url}/logg-inn/", "ACCOUNTS_FILE": str(accounts_file)}
    log = accounts_file.with_name("provider.log")
    with log.open("w") as output:
        process = subprocess.Popen([node, str(PROVIDER_SCRIPT)], cwd=ROOT, env=env, stdout=output,
                                   stderr=subprocess.STDOUT)
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the OpenID provider did not start:\n{log.read_text()}")
        time.sleep(0.1)
    yield issuer
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def sso_settings(settings, provider, accounts_file):
    accounts_file.write_text(json.dumps(ACCOUNTS), encoding="utf-8")
    sso._discovered.clear()
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_DISCOVERY_URL = f"{provider}/.well-known/openid-configuration"
    settings.OIDC_ROLE_MAP = {"Boligvei.Saksbehandler": Role.CASEWORKER, "Boligvei.Fullmakt": Role.APPROVER}
    settings.OIDC_TEAM_CLAIM = "team"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "boligvei.core.sso.SsoBackend"]
    settings.AXES_WHITELIST_CALLABLE = "boligvei.core.sso.is_callback_attempt"
    return settings


def _form(response) -> tuple[str, dict]:
    """The first form on a page: where it posts, and its hidden fields."""
    action = re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', response.text))
    return urljoin(response.url, action), hidden


def start_login(live_server, browser=None) -> tuple[requests.Session, requests.Response]:
    """Click the login page's button: the provider's login form."""
    browser = browser or requests.Session()
    login_page = browser.get(f"{live_server.url}/logg-inn/")
    href = re.search(rf'href="([^"]+)">{SSO_BUTTON}<', login_page.text).group(1)
    return browser, browser.get(urljoin(login_page.url, href.replace("&amp;", "&")))


def provider_login(browser, form_page, username, *, follow=True) -> requests.Response:
    action, _ = _form(form_page)
    return browser.post(action, data={"username": username, "password": PASSWORD}, allow_redirects=follow)


def sso_login(live_server, username) -> tuple[requests.Session, requests.Response]:
    browser, form_page = start_login(live_server)
    return browser, provider_login(browser, form_page, username)


def redirects_until_callback(browser, response, live_server) -> str:
    """Follow the provider's redirects by hand and return the callback URL it sends back."""
    while not response.headers["Location"].startswith(f"{live_server.url}/oidc/callback/"):
        response = browser.get(urljoin(response.url, response.headers["Location"]), allow_redirects=False)
    return response.headers["Location"]


def session_data(browser) -> dict:
    return Session.objects.get(session_key=browser.cookies["sessionid"]).get_decoded()


def test_a_user_with_a_mapped_role_logs_in_and_lands_on_the_start_page(sso_settings, live_server):
    browser, page = sso_login(live_server, "kari")

    assert page.status_code == 200 and page.url == f"{live_server.url}/"
    assert "Kari Nordmann" in page.text and "Saksbehandler" in page.text
    user = User.objects.get(oidc_subject="kari")
    assert (user.username, user.role, user.team.name) == ("kari@fjordvik.kommune.no", Role.CASEWORKER,
                                                          "Boligkontoret Sentrum")
    assert not user.has_usable_password()
    assert list(AuditEvent.objects.filter(object_id=str(user.pk)).order_by("id").values_list("action", flat=True)) == [
        "user.sso_create", "sso.login"]


def test_the_providers_second_factor_is_kept_in_the_new_session(sso_settings, live_server):
    browser, form_page = start_login(live_server)
    key_before_login = browser.cookies["sessionid"]
    provider_login(browser, form_page, "kari")
    assert browser.cookies["sessionid"] != key_before_login
    assert session_data(browser)[sso.MFA_SESSION_KEY] is True

    without_mfa, _ = sso_login(live_server, "per")
    assert User.objects.get(oidc_subject="per").role == Role.APPROVER
    assert sso.MFA_SESSION_KEY not in session_data(without_mfa)
    assert AuditEvent.objects.get(action="sso.login", actor__oidc_subject="per").changes == {"mfa": False}


def test_a_user_without_a_mapped_role_is_refused(sso_settings, live_server):
    browser, page = sso_login(live_server, "ola")

    assert page.url == f"{live_server.url}/logg-inn/"
    assert "Kommunens konto din har ikke tilgang til Boligvei" in page.text
    assert not User.objects.filter(oidc_subject="ola").exists()
    assert browser.get(f"{live_server.url}/", allow_redirects=False).status_code == 302
    refusal = AuditEvent.objects.get(action="sso.refuse")
    assert refusal.changes == {"subject": "ola", "username": "ola@fjordvik.kommune.no",
                               "claimed_roles": ["Alle.Ansatte"]}


def test_refused_logins_do_not_lock_the_address_out(sso_settings, live_server):
    """Everyone in a town hall may share one address: refusals through the provider (no password
    to guess) must not add up to django-axes' lockout of it."""
    for _ in range(sso_settings.AXES_FAILURE_LIMIT + 1):
        sso_login(live_server, "ola")
    assert sso_login(live_server, "kari")[1].url == f"{live_server.url}/"


def test_role_and_team_follow_the_claims_at_each_login(sso_settings, live_server, accounts_file):
    sso_login(live_server, "kari")
    changed = ACCOUNTS | {"kari": account(["Boligvei.Fullmakt"], team="Boligkontoret Nord")}
    accounts_file.write_text(json.dumps(changed), encoding="utf-8")

    sso_login(live_server, "kari")
    user = User.objects.get(oidc_subject="kari")
    assert (user.role, user.team.name) == (Role.APPROVER, "Boligkontoret Nord")
    change = AuditEvent.objects.get(action="user.sso_update")
    assert (change.actor_label, change.object_id) == ("system", str(user.pk))
    assert change.changes["role"] == {"old": Role.CASEWORKER, "new": Role.APPROVER}
    assert change.changes["team"] == {"old": Team.objects.get(name="Boligkontoret Sentrum").pk,
                                      "new": user.team.pk}

    accounts_file.write_text(json.dumps(ACCOUNTS | {"kari": account([])}), encoding="utf-8")
    _, page = sso_login(live_server, "kari")
    assert page.url == f"{live_server.url}/logg-inn/" and "ikke tilgang til Boligvei" in page.text
    assert AuditEvent.objects.get(action="sso.refuse").actor == user


def test_a_deactivated_user_is_logged_out_and_refused(sso_settings, live_server):
    browser, _ = sso_login(live_server, "kari")
    User.objects.filter(oidc_subject="kari").update(is_active=False)

    assert browser.get(f"{live_server.url}/", allow_redirects=False).status_code == 302
    _, page = sso_login(live_server, "kari")
    assert page.url == f"{live_server.url}/logg-inn/" and "Brukeren din i Boligvei er deaktivert" in page.text


def test_a_tampered_state_is_refused_and_the_genuine_one_accepted(sso_settings, live_server):
    browser, form_page = start_login(live_server)
    callback = redirects_until_callback(browser, provider_login(browser, form_page, "kari", follow=False),
                                        live_server)
    parts = urlsplit(callback)
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    tampered = urlunsplit(parts._replace(query=urlencode(query | {"state": query["state"][:-4] + "AAAA"})))

    page = browser.get(tampered)
    assert page.url == f"{live_server.url}/logg-inn/" and "Innloggingen med kommunens konto mislyktes" in page.text
    assert not User.objects.filter(oidc_subject="kari").exists()

    assert browser.get(callback).url == f"{live_server.url}/"
    assert User.objects.filter(oidc_subject="kari").exists()


def test_an_id_token_from_another_issuer_is_refused(sso_settings, live_server):
    sso_settings.OIDC_OP_ISSUER = "https://login.microsoftonline.com/another-tenant/v2.0"
    _, page = sso_login(live_server, "kari")
    assert page.url == f"{live_server.url}/logg-inn/" and "Innloggingen med kommunens konto mislyktes" in page.text
    assert not User.objects.filter(oidc_subject="kari").exists()


def test_logging_out_ends_the_session_here_and_at_the_provider(sso_settings, live_server):
    browser, page = sso_login(live_server, "kari")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    confirm = browser.post(f"{live_server.url}/logg-ut/", data={"csrfmiddlewaretoken": token},
                           headers={"Referer": f"{live_server.url}/"})
    assert confirm.url.startswith(sso_settings.OIDC_OP_DISCOVERY_URL.removesuffix("/.well-known/openid-configuration"))
    action, hidden = _form(confirm)
    after = browser.post(action, data=hidden | {"logout": "yes"})
    assert after.url == f"{live_server.url}/logg-inn/"
    assert browser.get(f"{live_server.url}/", allow_redirects=False).status_code == 302
    # The provider asks for the password again rather than letting the next person straight in.
    _, form_page = start_login(live_server, browser)
    assert 'name="password"' in form_page.text


def test_without_configuration_single_sign_on_is_off(client, settings):
    assert not settings.OIDC_RP_CLIENT_ID
    assert "boligvei.core.sso.SsoBackend" not in settings.AUTHENTICATION_BACKENDS
    assert SSO_BUTTON not in client.get("/logg-inn/").content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


def test_password_login_works_while_the_provider_is_down(client, settings, alice):
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_OP_DISCOVERY_URL = f"http://127.0.0.1:{_free_port()}/.well-known/openid-configuration"
    settings.OIDC_ROLE_MAP = {"Boligvei.Saksbehandler": Role.CASEWORKER}
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "boligvei.core.sso.SsoBackend"]
    sso._discovered.clear()

    assert SSO_BUTTON in client.get("/logg-inn/").content.decode()
    page = client.get("/oidc/authenticate/", follow=True)
    assert "Kommunens innlogging svarer ikke nå" in page.content.decode()
    response = client.post("/logg-inn/", {"username": "alice", "password": "password-for-tests"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(alice.pk)


@pytest.mark.parametrize(("claims", "role"), [
    ({"roles": ["Boligvei.Fullmakt", "Boligvei.Saksbehandler"]}, Role.CASEWORKER),  # the map's order decides
    ({"roles": "Boligvei.Fullmakt"}, Role.APPROVER),
    ({"roles": ["Alle.Ansatte"]}, None),
    ({}, None),
])
def test_the_role_is_the_first_in_the_map_that_the_user_holds(settings, claims, role):
    settings.OIDC_ROLE_CLAIM = "roles"
    settings.OIDC_ROLE_MAP = {"Boligvei.Saksbehandler": Role.CASEWORKER, "Boligvei.Fullmakt": Role.APPROVER}
    assert sso.role_from_claims(claims) == role


def test_a_role_map_naming_an_unknown_role_stops_the_start():
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "true", "OIDC_RP_CLIENT_ID": CLIENT_ID,
           "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET, "OIDC_OP_DISCOVERY_URL": "https://login.example/.well-known/x",
           "OIDC_ROLE_MAP": "Boligvei.Saksbehandler=caseworker,Boligvei.Sjef=boss"}
    result = subprocess.run([str(Path(sys.executable).with_name("boligvei")), "check"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "unknown: boss" in result.stderr
