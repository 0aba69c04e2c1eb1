from django.urls import path

from boligvei.dispatch import views

app_name = "dispatch"
urlpatterns = [
    path("", views.shipment_list, name="shipment_list"),
    path("<int:pk>/", views.shipment_detail, name="shipment_detail"),
    path("<int:pk>/oppdater/", views.shipment_refresh, name="shipment_refresh"),
    path("utsendelse/<int:pk>/send/", views.campaign_send, name="campaign_send"),
    path("brev/<int:pk>/send/", views.letter_send, name="letter_send"),
    path("vedtaksbrev/<int:pk>/send/", views.decision_letter_send, name="decision_letter_send"),
]
