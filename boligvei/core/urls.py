from django.urls import path

from boligvei.core import mfa_views, user_views, views

app_name = "core"
urlpatterns = [
    path("helse/", views.health, name="health"),
    path("helse/klar/", views.ready, name="ready"),
    path("helse/arbeider/", views.worker_health, name="worker_health"),
    path("logg-inn/totp/", mfa_views.verify, name="two_factor_verify"),
    path("logg-inn/totp/ny/", mfa_views.enrol, name="two_factor_enrol"),
    path("tofaktor/nullstill/", mfa_views.reset, name="two_factor_reset"),
    path("brukere/", user_views.user_list, name="user_list"),
    path("brukere/ny/", user_views.user_create, name="user_create"),
    path("brukere/<int:pk>/", user_views.user_detail, name="user_detail"),
    path("brukere/<int:pk>/deaktiver/", user_views.user_deactivate, name="user_deactivate"),
    path("brukere/<int:pk>/aktiver/", user_views.user_reactivate, name="user_reactivate"),
    path("brukere/<int:pk>/innloggingslenke/", user_views.user_first_login_link, name="user_first_login_link"),
    path("brukere/<int:pk>/tofaktor/", user_views.user_two_factor_reset, name="user_two_factor_reset"),
    path("min-side/sprak/", user_views.language_preference, name="language_preference"),
    path("velkommen/<uidb64>/<token>/", user_views.FirstLoginView.as_view(), name="first_login"),
]
