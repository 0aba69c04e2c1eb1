from django.urls import path

from boligvei.housing import views

app_name = "housing"
urlpatterns = [
    path("", views.dwelling_list, name="dwelling_list"),
    path("ny/", views.dwelling_create, name="dwelling_create"),
    path("<int:pk>/", views.dwelling_detail, name="dwelling_detail"),
    path("<int:pk>/endre/", views.dwelling_edit, name="dwelling_edit"),
    path("<int:pk>/lei-ut/", views.tenancy_create, name="tenancy_create"),
    path("leieforhold/", views.tenancy_list, name="tenancy_list"),
    path("leieforhold/<int:pk>/avslutt/", views.tenancy_end, name="tenancy_end"),
    path("venteliste/", views.waiting_list, name="waiting_list"),
    path("venteliste/ny/<int:household_pk>/", views.waiting_list_create, name="waiting_list_create"),
    path("venteliste/<int:pk>/endre/", views.waiting_list_edit, name="waiting_list_edit"),
]
