from django.urls import path

from boligvei.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("tider/", views.slot_publish, name="slot_publish"),
    path("tider/<int:pk>/fjern/", views.slot_delete, name="slot_delete"),
    path("bestill/<int:household_pk>/", views.meeting_book, name="meeting_book"),
    path("registrer/<int:household_pk>/", views.meeting_record, name="meeting_record"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/referat/", views.meeting_hold, name="meeting_hold"),
    path("<int:pk>/motte-ikke/", views.meeting_no_show, name="meeting_no_show"),
    path("<int:pk>/flytt/", views.meeting_move, name="meeting_move"),
    path("<int:pk>/avlys/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/brev/", views.meeting_letter, name="meeting_letter"),
    path("<int:pk>/kalender.ics", views.meeting_ics, name="meeting_ics"),
    path("mine.ics", views.my_calendar, name="my_calendar"),
]
