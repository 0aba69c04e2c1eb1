from django.urls import path

from boligvei.core import views

app_name = "core"
urlpatterns = [
    path("helse/", views.health, name="health"),
]
