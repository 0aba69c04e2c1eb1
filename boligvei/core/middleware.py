"""A strict content security policy (scripts and styles from our own origin only, no inline code),
and the second factor before any page that may show personal data."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve
from django.utils import translation
from django_htmx.http import HttpResponseClientRedirect

from boligvei.core import mfa

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", POLICY)
        if not settings.DEBUG:
            response.setdefault("Cache-Control", "no-store")
        return response


class TwoFactorMiddleware:
    """Staff whose role needs a second factor (`roles.TWO_FACTOR_REQUIRED`) and who have not given
    one in this session are sent to give it, or to set up an app first, before any page but
    the few in `mfa.OPEN_BEFORE_VERIFICATION` and static files. htmx requests get HX-Redirect,
    so the whole page goes there rather than a part of it. Install after OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (mfa.two_factor_required(request.user) and not mfa.is_two_factor_verified(request)
                and not _open_before_verification(request)):
            step = "core:two_factor_verify" if mfa.has_two_factor_device(request.user) else "core:two_factor_enrol"
            if request.htmx:
                return HttpResponseClientRedirect(
                    redirect_to_login(request.htmx.current_url_abs_path or "/", step).url)
            return redirect_to_login(request.get_full_path(), step)
        return self.get_response(request)


def _open_before_verification(request) -> bool:
    if request.path.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
        return (match.view_name in mfa.OPEN_BEFORE_VERIFICATION
                or match.namespace in mfa.OPEN_NAMESPACES_BEFORE_VERIFICATION)
    except Resolver404:
        return False


def chosen_language(request) -> str:
    """A staff user's own preference, else what the person chose with the language switch (a
    cookie), else the municipality's målform."""
    codes = {code for code, _ in settings.LANGUAGES}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "language", "") in codes:
        return user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return cookie if cookie in codes else settings.MUNICIPALITY_LANGUAGE


class LanguageMiddleware:
    """Every page in the language `chosen_language` gives (install after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        request.LANGUAGE_CODE = language
        # Deactivated after the response, so that nothing else run in this thread (a test's next
        # step, a task) speaks the last request's language.
        with translation.override(language, deactivate=True):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
