from django.urls import path

from boligvei.api import views

app_name = "api"

urlpatterns = [
    path("", views.token_list, name="token_list"),
    path("ny/", views.token_create, name="token_create"),
    path("<int:pk>/trekk-tilbake/", views.token_revoke, name="token_revoke"),
]
