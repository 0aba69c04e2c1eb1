from django.urls import path

from boligvei.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("ny/", views.upload, name="upload"),
    path("fil/<str:token>/kolonner/", views.mapping, name="mapping"),
    path("fil/<str:token>/", views.dry_run, name="dry_run"),
    path("fil/<str:token>/importer/", views.commit, name="commit"),
    path("<int:pk>/", views.run_detail, name="run_detail"),
    path("<int:pk>/rull-tilbake/", views.run_rollback, name="run_rollback"),
]
