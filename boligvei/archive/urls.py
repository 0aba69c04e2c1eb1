from django.urls import path

from boligvei.archive import views

app_name = "archive"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/pakke.zip", views.package, name="package"),
]
