from django.urls import path

from boligvei.people import views

app_name = "people"
urlpatterns = [
    path("", views.household_list, name="household_list"),
    path("ny/", views.household_create, name="household_create"),
    path("fodselsnumre-registrert-to-steder/", views.identity_conflict_list, name="identity_conflict_list"),
    path("<int:pk>/", views.household_detail, name="household_detail"),
    path("<int:pk>/endre/", views.household_edit, name="household_edit"),
    path("<int:pk>/personer/ny/", views.person_add, name="person_add"),
    path("personer/<int:pk>/endre/", views.person_edit, name="person_edit"),
    path("personer/<int:pk>/fodselsnummer/", views.person_reveal_identity_number, name="person_reveal"),
    path("<int:pk>/samtykker/ny/", views.consent_give, name="consent_give"),
    path("samtykker/<int:pk>/trekk-tilbake/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/team/", views.household_place, name="household_place"),
    path("<int:pk>/tilgang/ny/", views.access_grant_give, name="access_grant_give"),
    path("tilgang/<int:pk>/trekk-tilbake/", views.access_grant_revoke, name="access_grant_revoke"),
]
