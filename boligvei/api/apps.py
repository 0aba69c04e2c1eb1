from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "boligvei.api"
    label = "api"
    verbose_name = "API for kommunens andre systemer"
