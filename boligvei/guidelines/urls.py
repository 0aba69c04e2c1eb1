from django.urls import path

from boligvei.guidelines import views

app_name = "guidelines"
urlpatterns = [
    path("", views.guideline_list, name="guideline_list"),
    path("ny/", views.guideline_create, name="guideline_create"),
    path("<int:pk>/", views.guideline_detail, name="guideline_detail"),
]
