from django.urls import path

from boligvei.referrals import views

app_name = "referrals"
urlpatterns = [
    path("interesse/", views.interest, name="interest"),
    path("interesse/takk/", views.interest_thanks, name="interest_thanks"),
    path("henvisning/<str:token>/", views.partner_referral, name="partner_referral"),
    path("henvisning/<str:token>/takk/", views.partner_thanks, name="partner_thanks"),
    path("henvendelser/", views.submission_list, name="submission_list"),
    path("henvendelser/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("henvendelser/<int:pk>/sak/", views.submission_open_case, name="submission_open_case"),
    path("henvendelser/<int:pk>/avslutt/", views.submission_close, name="submission_close"),
    path("henvendelser/flygeblad/", views.flyer, name="flyer"),
    path("henvendelser/partnere/", views.partner_list, name="partner_list"),
    path("henvendelser/partnere/<int:pk>/deaktiver/", views.partner_deactivate, name="partner_deactivate"),
    path("henvendelser/partnere/<int:pk>/aktiver/", views.partner_activate, name="partner_activate"),
    path("henvendelser/partnere/<int:pk>/ny-lenke/", views.partner_renew, name="partner_renew"),
]
