"""The SvarUt client and the Maskinporten token provider against the local SvarUt, which holds
every request to KS's published v2 OpenAPI documents: what our client sends passes, and what the
real service would refuse is refused."""

import json

import jwt
import pytest
import requests

from boligvei.dispatch.client import Document, SvarUtAuthError, SvarUtClient, SvarUtRefused
from boligvei.dispatch.maskinporten import MaskinportenTokenProvider, TokenError, token_provider

PDF = b"%PDF-1.7\n% a letter\n"


def _forsendelse(**extra) -> dict:
    return {"tittel": "Invitasjon til samtale", "eksternReferanse": "boligvei-brev-1",
            "mottaker": {"navn": "Kari Aas", "adresselinje1": "Storgata 1", "postnummer": "3999",
                         "poststed": "FJORDVIK"},
            "dokumenter": [{"filnavn": "brev-1.pdf", "mimeType": "application/pdf"}], **extra}


def _client() -> SvarUtClient:
    return SvarUtClient.from_settings()


def test_the_token_provider_signs_a_jwt_grant_and_keeps_the_token_until_it_runs_out(svarut):
    provider = token_provider()
    first = provider.token()
    assert provider.token() == first
    assert len(svarut.grants_seen) == 1  # one grant for both
    assert jwt.decode(first, options={"verify_signature": False})["scope"] == "ks:fiks"
    grant = jwt.decode(provider.grant(), options={"verify_signature": False})
    assert grant["aud"] == svarut.audience and grant["iss"] == svarut.client_id and grant["scope"] == "ks:fiks"
    assert grant["exp"] - grant["iat"] <= 120
    assert jwt.get_unverified_header(provider.grant())["kid"] == "boligvei-test"


def test_a_grant_signed_with_another_key_is_refused_by_maskinporten(svarut):
    from cryptography.hazmat.primitives.asymmetric import rsa

    stranger = MaskinportenTokenProvider(token_url=svarut.token_url, audience=svarut.audience,
                                         client_id=svarut.client_id,
                                         private_key=rsa.generate_private_key(public_exponent=65537, key_size=2048))
    with pytest.raises(TokenError):
        stranger.token()
    assert "invalid_grant" in svarut.violations.pop()


def test_a_forsendelse_is_sent_found_by_reference_and_its_status_and_events_read(svarut):
    client = _client()
    forsendelse_id = client.send(_forsendelse(), [Document("brev-1.pdf", PDF)])
    stored = svarut.forsendelser[forsendelse_id]
    assert stored.files == [("brev-1.pdf", PDF, "application/pdf")]
    assert client.find_by_reference("boligvei-brev-1") == [forsendelse_id]
    assert client.find_by_reference("boligvei-brev-2") == []
    svarut.advance(forsendelse_id, "LEVERT_SDP", "Levert til digital postkasse")
    [status] = client.statuses([forsendelse_id])
    assert (status.forsendelse_id, status.status) == (forsendelse_id, "LEVERT_SDP")
    assert [e["hendelse"] for e in client.events(forsendelse_id)] == ["Forsendelse mottatt",
                                                                      "Levert til digital postkasse"]


def test_wrong_integration_password_is_refused_as_credentials(svarut):
    client = _client()
    client.integration_password = "feil"
    with pytest.raises(SvarUtAuthError):
        client.find_by_reference("boligvei-brev-1")


@pytest.mark.parametrize(("change", "why"), [
    (lambda f: f.pop("mottaker"), "mottaker' is a required property"),
    (lambda f: f.update(konteringskode="ikke gyldig!"), "does not match"),
    (lambda f: f.update(kunDigitalLevering="ja"), "is not of type"),
    (lambda f: f["mottaker"].pop("poststed"), "poststed er påkrevd"),
    (lambda f: f.update(tittel="x" * 1001), "is too long"),
])
def test_a_forsendelse_the_contract_refuses_is_refused(svarut, change, why):
    body = _forsendelse()
    change(body)
    with pytest.raises(SvarUtRefused) as refused:
        _client().send(body, [Document("brev-1.pdf", PDF)])
    assert refused.value.status == 400
    assert why in svarut.violations.pop() and not svarut.forsendelser


def _raw_send(svarut, *, headers: dict, **kwargs):
    url = f"{svarut.base_url}/v2/kontoer/{svarut.account_id}/forsendelser"
    return requests.post(url, headers=headers, timeout=10, **kwargs)


def _headers(svarut) -> dict:
    return {"Authorization": f"Bearer {token_provider().token()}", "IntegrasjonId": svarut.integration_id,
            "IntegrasjonPassord": svarut.integration_password}


@pytest.mark.parametrize("missing", ["Authorization", "IntegrasjonId", "IntegrasjonPassord"])
def test_a_request_without_one_of_the_three_headers_is_refused(svarut, missing):
    headers = _headers(svarut)
    del headers[missing]
    files = [("forsendelse", (None, json.dumps(_forsendelse()), "application/json")),
             ("filer_0", ("brev-1.pdf", PDF, "application/pdf"))]
    response = _raw_send(svarut, headers=headers, files=files)
    assert response.status_code == 400 and "Security" in svarut.violations.pop()
    assert set(response.json()) <= {"timestamp", "status", "error", "errorId", "path", "originalPath", "message",
                                    "errorCode", "errorJson"}


def test_a_send_that_is_not_multipart_is_refused(svarut):
    response = _raw_send(svarut, headers=_headers(svarut), json=_forsendelse())
    assert response.status_code == 400 and svarut.violations.pop()


def test_a_forsendelse_part_that_is_not_json_is_refused(svarut):
    files = [("forsendelse", (None, json.dumps(_forsendelse()), "text/plain")),
             ("filer_0", ("brev-1.pdf", PDF, "application/pdf"))]
    response = _raw_send(svarut, headers=_headers(svarut), files=files)
    assert response.status_code == 400 and svarut.violations and not svarut.forsendelser
    svarut.violations.clear()


def test_files_that_do_not_match_dokumenter_are_refused(svarut):
    files = [("forsendelse", (None, json.dumps(_forsendelse()), "application/json")),
             ("filer_0", ("annet-navn.pdf", PDF, "application/pdf"))]
    response = _raw_send(svarut, headers=_headers(svarut), files=files)
    assert response.status_code == 400 and "svarer ikke til dokumenter" in svarut.violations.pop()
    with pytest.raises(ValueError):  # our client never sends them out of step
        _client().send(_forsendelse(), [Document("annet-navn.pdf", PDF)])


def test_a_status_search_without_ids_is_refused(svarut):
    response = requests.post(f"{svarut.base_url}/v2/kontoer/{svarut.account_id}/forsendelser/status-sok",
                             headers=_headers(svarut), json={"ids": []}, timeout=10)
    assert response.status_code == 400 and "forsendelseIds" in svarut.violations.pop()


def test_the_settings_check_names_what_is_missing_when_svarut_is_on(settings):
    from boligvei.dispatch.checks import check_svarut_settings

    settings.SVARUT_ENABLED = False
    assert check_svarut_settings(None) == []
    settings.SVARUT_ENABLED, settings.SVARUT_ACCOUNT_ID, settings.SVARUT_INTEGRATION_ID = True, "konto-1", ""
    messages = [error.msg for error in check_svarut_settings(None)]
    assert any("SVARUT_INTEGRATION_ID" in m for m in messages) and any("UUID" in m for m in messages)
