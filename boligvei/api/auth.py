"""How a system proves who it is: `Authorization: Bearer <key>`, and nothing else.

A session cookie opens nothing here: the API reads no session, so a logged-in browser without a
key is refused (401) and no cross-site form can act for anyone (there is no ambient credential,
so no CSRF token is needed). The key must be active and hold the operation's scope (else 403),
and each key gets `API_RATE` requests (default 600 a minute; 429 with Retry-After beyond it),
counted in the shared cache by django-ratelimit, as the public forms are.
"""

from django.conf import settings
from django_ratelimit.core import get_usage
from ninja.security import HttpBearer

from boligvei.api.scopes import SCOPES
from boligvei.api.services import api_token_for


class ApiRefusal(Exception):
    """Answered as JSON `{"detail", "code"}` with the status (api.py's handler)."""

    def __init__(self, status: int, code: str, detail: str, headers: dict | None = None):
        super().__init__(detail)
        self.status, self.code, self.detail, self.headers = status, code, detail, headers or {}


def _per_key(group, request) -> str:
    return request.api_token_prefix


def throttle(request, token) -> None:
    request.api_token_prefix = token.prefix
    usage = get_usage(request, group="boligvei.api", key=_per_key, rate=settings.API_RATE, increment=True)
    if usage and usage["should_limit"]:
        seconds = max(int(usage["time_left"]), 1)
        raise ApiRefusal(429, "rate_limited", f"For mange forespørsler med denne nøkkelen. Prøv igjen om {seconds} "
                         "sekunder.", headers={"Retry-After": str(seconds)})


class TokenAuth(HttpBearer):
    """The key, if active, within its rate and holding `scope`; ninja answers 401 for None."""

    def __init__(self, scope: str):
        if scope not in SCOPES:
            raise ValueError(scope)
        self.scope = scope
        super().__init__()

    def authenticate(self, request, token: str):
        api_token = api_token_for(token)
        if api_token is None:
            return None
        throttle(request, api_token)
        if self.scope not in api_token.scopes:
            raise ApiRefusal(403, "forbidden", f"Nøkkelen mangler tilgangen «{self.scope}».")
        return api_token
