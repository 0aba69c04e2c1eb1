from django.urls import path

from boligvei.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/status/", views.case_move, name="case_move"),
    path("<int:pk>/notat/", views.case_note, name="case_note"),
    path("<int:pk>/gjenapne/", views.case_reopen, name="case_reopen"),
    path("ny/<int:household_pk>/", views.case_open, name="case_open"),
    path("<int:pk>/kjop/", views.case_purchase, name="case_purchase"),
    path("<int:pk>/svar/", views.case_contact, name="case_contact"),
    path("<int:pk>/oppgaver/", views.task_create, name="task_create"),
    path("oppgaver/<int:pk>/fullfort/", views.task_complete, name="task_complete"),
    path("<int:pk>/sjekkliste/", views.checklist_add, name="checklist_add"),
    path("oppfolging/<int:pk>/", views.follow_up_record, name="follow_up_record"),
    path("sjekkliste/", views.checklist_template, name="checklist_template"),
    path("mitt-arbeid/", views.my_work, name="my_work"),
    path("<int:pk>/innstilling/", views.decision_recommend, name="decision_recommend"),
    path("<int:pk>/kartlegging/", views.case_mapping, name="case_mapping"),
    path("<int:pk>/saksbehandler/", views.case_assign, name="case_assign"),
    path("vedtak/<int:pk>/", views.decision_decide, name="decision_decide"),
    path("vedtaksbrev/<int:pk>/", views.decision_letter_pdf, name="decision_letter_pdf"),
    path("finansieringsbevis/<int:pk>/forleng/", views.certificate_extend, name="certificate_extend"),
    path("vedtaksbrev/maler/", views.decision_template_list, name="decision_template_list"),
    path("vedtaksbrev/maler/<str:kind>/<str:language>/", views.decision_template_edit, name="decision_template_edit"),
    path("tildeling/ny/<int:entry_pk>/", views.letting_create, name="letting_create"),
    path("tildeling/<int:pk>/", views.letting_detail, name="letting_detail"),
    path("tildeling/<int:pk>/godkjenn/", views.letting_approve, name="letting_approve"),
    path("tildeling/<int:pk>/avvis/", views.letting_reject, name="letting_reject"),
]
