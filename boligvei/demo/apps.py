from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "boligvei.demo"
    label = "demo"
    verbose_name = "Demokommune"
