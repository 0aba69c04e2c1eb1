from django.urls import path

from boligvei.people import views

app_name = "people"
urlpatterns = [
    path("", views.household_list, name="household_list"),
    path("ny/", views.household_create, name="household_create"),
    path("<int:pk>/", views.household_detail, name="household_detail"),
    path("<int:pk>/endre/", views.household_edit, name="household_edit"),
    path("<int:pk>/personer/ny/", views.person_add, name="person_add"),
    path("personer/<int:pk>/endre/", views.person_edit, name="person_edit"),
    path("personer/<int:pk>/fodselsnummer/", views.person_reveal_identity_number, name="person_reveal"),
]
