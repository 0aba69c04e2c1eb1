"""Access tokens for SvarUt: a Maskinporten token with scope `ks:fiks`.

SvarUt's REST v2 wants `Authorization: Bearer <Maskinporten token>`. The token comes from a
*token provider*: any class with `token() -> str`, named by SVARUT_TOKEN_PROVIDER and built from
settings by `from_settings()`. The default is Maskinporten's JWT grant (RFC 7523): Boligvei signs a
short-lived JWT (PyJWT, RS256) with the municipality's key, either its virksomhetssertifikat (sent
as `x5c`) or a key registered on the Maskinporten client (sent as `kid`), and trades it at
MASKINPORTEN_TOKEN_URL for an access token, kept until shortly before it runs out.
"""

import base64
import threading
import time
import uuid
from pathlib import Path

import jwt
import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"
# Maskinporten accepts a grant at most 120 seconds long.
GRANT_SECONDS = 100
# A token is renewed this long before it runs out.
RENEW_MARGIN_SECONDS = 30


class TokenError(Exception):
    """No token could be had: Maskinporten refused, or did not answer."""


class MaskinportenTokenProvider:
    def __init__(self, *, token_url: str, audience: str, client_id: str, private_key, scope: str = "ks:fiks",
                 key_id: str = "", certificates: list[bytes] | None = None, timeout: float = 20):
        if not client_id:
            raise ImproperlyConfigured("MASKINPORTEN_CLIENT_ID is not set")
        self.token_url, self.audience, self.client_id, self.scope = token_url, audience, client_id, scope
        self.private_key, self.key_id, self.certificates, self.timeout = private_key, key_id, certificates or [], timeout
        self._token, self._expires = "", 0.0
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls) -> "MaskinportenTokenProvider":
        if not settings.MASKINPORTEN_KEY_FILE:
            raise ImproperlyConfigured("MASKINPORTEN_KEY_FILE is not set")
        password = settings.MASKINPORTEN_KEY_PASSWORD.encode() or None
        key = serialization.load_pem_private_key(Path(settings.MASKINPORTEN_KEY_FILE).read_bytes(), password=password)
        certificates = []
        if settings.MASKINPORTEN_CERTIFICATE_FILE:
            chain = x509.load_pem_x509_certificates(Path(settings.MASKINPORTEN_CERTIFICATE_FILE).read_bytes())
            certificates = [cert.public_bytes(serialization.Encoding.DER) for cert in chain]
        return cls(token_url=settings.MASKINPORTEN_TOKEN_URL, audience=settings.MASKINPORTEN_AUDIENCE,
                   client_id=settings.MASKINPORTEN_CLIENT_ID, scope=settings.MASKINPORTEN_SCOPE, private_key=key,
                   key_id=settings.MASKINPORTEN_KEY_ID, certificates=certificates)

    def grant(self) -> str:
        """The signed JWT grant Maskinporten trades for a token."""
        now = int(time.time())
        headers = {}
        if self.certificates:  # virksomhetssertifikat: the certificate chain identifies the key
            headers["x5c"] = [base64.b64encode(der).decode() for der in self.certificates]
        elif self.key_id:  # a key registered on the Maskinporten client
            headers["kid"] = self.key_id
        claims = {"aud": self.audience, "iss": self.client_id, "scope": self.scope, "iat": now,
                  "exp": now + GRANT_SECONDS, "jti": str(uuid.uuid4())}
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers=headers)

    def token(self) -> str:
        with self._lock:
            if self._token and time.monotonic() < self._expires:
                return self._token
            try:
                response = requests.post(self.token_url, data={"grant_type": GRANT_TYPE, "assertion": self.grant()},
                                         headers={"Accept": "application/json"}, timeout=self.timeout)
            except requests.RequestException as exc:
                raise TokenError(f"Maskinporten did not answer ({type(exc).__name__})") from exc
            if response.status_code != 200:
                raise TokenError(f"Maskinporten refused the grant (HTTP {response.status_code})")
            body = response.json()
            if "access_token" not in body:
                raise TokenError("Maskinporten's answer has no access_token")
            lifetime = int(body.get("expires_in", 120))
            self._token = body["access_token"]
            self._expires = time.monotonic() + max(lifetime - RENEW_MARGIN_SECONDS, 0)
            return self._token


_providers: dict[str, object] = {}


def token_provider():
    """The configured provider, one per process (it keeps its token)."""
    path = settings.SVARUT_TOKEN_PROVIDER
    if path not in _providers:
        _providers[path] = import_string(path).from_settings()
    return _providers[path]


def token_providers_reset() -> None:
    """Forget the providers built (after the settings changed: tests, a new key)."""
    _providers.clear()
