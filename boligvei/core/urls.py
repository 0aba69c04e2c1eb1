from django.urls import path

from boligvei.core import mfa_views, views

app_name = "core"
urlpatterns = [
    path("helse/", views.health, name="health"),
    path("helse/klar/", views.ready, name="ready"),
    path("helse/arbeider/", views.worker_health, name="worker_health"),
    path("logg-inn/totp/", mfa_views.verify, name="two_factor_verify"),
    path("logg-inn/totp/ny/", mfa_views.enrol, name="two_factor_enrol"),
    path("tofaktor/nullstill/", mfa_views.reset, name="two_factor_reset"),
]
