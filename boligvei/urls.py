from django.contrib.auth import views as auth_views
from django.views.i18n import set_language
from django.urls import include, path

from boligvei.api.api import api
from boligvei.core.forms import LoginForm
from boligvei.core.sso import LogoutView
from boligvei.housing.views import start

urlpatterns = [
    path("logg-inn/", auth_views.LoginView.as_view(authentication_form=LoginForm,
                                                   redirect_authenticated_user=True), name="login"),
    path("logg-ut/", LogoutView.as_view(), name="logout"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    # The language switch on the public pages (a cookie; staff set their own preference).
    path("sprak/", set_language, name="set_language"),
    path("", start, name="start"),
    path("", include("boligvei.core.urls")),
    path("husstander/", include("boligvei.people.urls")),
    path("boliger/", include("boligvei.housing.urls")),
    path("", include("boligvei.assessments.urls")),
    path("retningslinjer/", include("boligvei.guidelines.urls")),
    path("saker/", include("boligvei.cases.urls")),
    path("moter/", include("boligvei.meetings.urls")),
    path("", include("boligvei.referrals.urls")),
    path("utsendelser/", include("boligvei.outreach.urls")),
    path("rapporter/", include("boligvei.reports.urls")),
    path("import/", include("boligvei.imports.urls")),
    path("personvern/", include("boligvei.privacy.urls")),
    path("arkiv/", include("boligvei.archive.urls")),
    path("svarut/", include("boligvei.dispatch.urls")),
    # The JSON API for the municipality's other systems (docs/api.md) and its keys' pages.
    path("api/v1/", api.urls),
    path("api-nokler/", include("boligvei.api.urls")),
]
