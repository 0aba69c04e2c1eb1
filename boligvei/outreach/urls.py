from django.urls import path

from boligvei.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("ny/", views.campaign_new, name="campaign_new"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/framdrift/", views.campaign_progress, name="campaign_progress"),
    path("<int:pk>/brev.pdf", views.campaign_pdf, name="campaign_pdf"),
    path("<int:pk>/sendt/", views.campaign_send, name="campaign_send"),
    path("<int:pk>/fortsett/", views.campaign_resume, name="campaign_resume"),
    path("<int:pk>/paminnelse/", views.reminder_create, name="reminder_create"),
    path("brev/<int:pk>.pdf", views.letter_pdf_view, name="letter_pdf"),
    path("brev/<int:pk>/status/", views.letter_status, name="letter_status"),
    path("brev/<int:pk>/lag-pa-nytt/", views.letter_remake, name="letter_remake"),
    path("maler/", views.template_list, name="template_list"),
    path("maler/<str:kind>/<str:language>/", views.template_edit, name="template_edit"),
]
