"""A client for KS Fiks SvarUt's REST v2 contract (svarut/fiks-svarut-klient/openapi/ in
../shared/data/standards): send a forsendelse, find ours by external reference, ask their status
and their events.

Every call carries the three headers SvarUt wants: a Maskinporten bearer token (scope `ks:fiks`,
`maskinporten.token_provider()`), `IntegrasjonId` and `IntegrasjonPassord`. A send is
`multipart/form-data`: first the part `forsendelse` (the Forsendelse JSON, `application/json`),
then one part per document in the order of `dokumenter`, each with `filename` equal to its
`filnavn` (KS documents the parts in prose; the v2 OpenAPI document does not describe the body).

Errors: `SvarUtRefused` when SvarUt answered that the request is wrong (it never took the letter),
`SvarUtAuthError` when it refused our credentials, `SvarUtUnavailable` when there was no answer
or a server error: then SvarUt may or may not have the letter, and the caller must ask by
reference before it sends again. Nothing here logs the request body (personal data).
"""

import json
from dataclasses import dataclass
from urllib.parse import quote

import requests
from django.conf import settings

from boligvei.dispatch.maskinporten import TokenError, token_provider

CONNECT_TIMEOUT = 10
STATUS_CHUNK = 100


class SvarUtError(Exception):
    def __init__(self, message: str, *, status: int | None = None, body: dict | None = None):
        super().__init__(message)
        self.status, self.body = status, body or {}

    @property
    def detail(self) -> str:
        """SvarUt's own message and error code, short, for the shipment's page."""
        parts = [str(self.body.get(key)) for key in ("errorCode", "message") if self.body.get(key)]
        return ": ".join(parts)[:300]


class SvarUtRefused(SvarUtError):
    """SvarUt answered 4xx: the request is wrong and will be wrong again."""


class SvarUtAuthError(SvarUtError):
    """SvarUt (or Maskinporten) refused our credentials: a setting to put right, not the letter."""


class SvarUtUnavailable(SvarUtError):
    """No answer, a timeout or a server error: the letter may or may not have arrived."""


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes
    mime_type: str = "application/pdf"


@dataclass(frozen=True)
class Status:
    forsendelse_id: str
    status: str
    changed_at: str


class SvarUtClient:
    def __init__(self, *, base_url: str, account_id: str, integration_id: str, integration_password: str,
                 tokens=None, timeout: float = 960):
        self.base_url, self.account_id = base_url.rstrip("/"), account_id
        self.integration_id, self.integration_password = integration_id, integration_password
        self.tokens, self.timeout = tokens, timeout
        self.session = requests.Session()

    @classmethod
    def from_settings(cls) -> "SvarUtClient":
        return cls(base_url=settings.SVARUT_URL, account_id=settings.SVARUT_ACCOUNT_ID,
                   integration_id=settings.SVARUT_INTEGRATION_ID,
                   integration_password=settings.SVARUT_INTEGRATION_PASSWORD, timeout=settings.SVARUT_TIMEOUT_SECONDS)

    def _headers(self) -> dict[str, str]:
        try:
            token = (self.tokens or token_provider()).token()
        except TokenError as exc:
            raise SvarUtAuthError(str(exc)) from exc
        return {"Authorization": f"Bearer {token}", "IntegrasjonId": self.integration_id,
                "IntegrasjonPassord": self.integration_password, "Accept": "application/json"}

    def _request(self, method: str, path: str, **kwargs) -> dict:
        try:
            response = self.session.request(method, self.base_url + path, headers=self._headers(),
                                            timeout=(CONNECT_TIMEOUT, self.timeout), **kwargs)
        except requests.RequestException as exc:
            raise SvarUtUnavailable(f"SvarUt did not answer ({type(exc).__name__})") from exc
        try:
            body = response.json() if response.content else {}
        except ValueError:
            body = {}
        if response.status_code in (401, 403):
            raise SvarUtAuthError(f"SvarUt refused the credentials (HTTP {response.status_code})",
                                  status=response.status_code, body=body)
        if response.status_code in (408, 429) or response.status_code >= 500:
            raise SvarUtUnavailable(f"SvarUt answered HTTP {response.status_code}", status=response.status_code,
                                    body=body)
        if response.status_code >= 400:
            raise SvarUtRefused(f"SvarUt refused the request (HTTP {response.status_code})",
                                status=response.status_code, body=body)
        return body

    def _account(self) -> str:
        return f"/v2/kontoer/{quote(self.account_id, safe='')}"

    def send(self, forsendelse: dict, documents: list[Document]) -> str:
        """Send one forsendelse with its documents; returns SvarUt's id for it."""
        names = [document["filnavn"] for document in forsendelse.get("dokumenter", [])]
        if names != [document.filename for document in documents]:
            raise ValueError("the documents must come in the order of forsendelse['dokumenter']")
        parts = [("forsendelse", (None, json.dumps(forsendelse, ensure_ascii=False).encode(), "application/json"))]
        parts += [(f"filer_{n}", (document.filename, document.content, document.mime_type))
                  for n, document in enumerate(documents)]
        return self._request("POST", f"{self._account()}/forsendelser", files=parts)["id"]

    def find_by_reference(self, reference: str) -> list[str]:
        """SvarUt's ids of the forsendelser sent from our account with this eksternReferanse."""
        return list(self._request("GET", f"{self._account()}/forsendelser",
                                  params={"eksternRef": reference})["forsendelseIds"])

    def statuses(self, forsendelse_ids: list[str]) -> list[Status]:
        found = []
        for start in range(0, len(forsendelse_ids), STATUS_CHUNK):
            body = self._request("POST", f"{self._account()}/forsendelser/status-sok",
                                 json={"forsendelseIds": forsendelse_ids[start:start + STATUS_CHUNK]})
            found += [Status(item["id"], item["status"], item["sisteStatusEndring"]) for item in body["statuser"]]
        return found

    def events(self, forsendelse_id: str) -> list[dict]:
        """The forsendelse's history: [{"tidspunkt": ..., "hendelse": ...}]."""
        return list(self._request("GET", f"/v2/forsendelser/{quote(forsendelse_id, safe='')}/hendelser")["hendelser"])
