from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "boligvei.cases"
    label = "cases"
    verbose_name = "Saker"

    def ready(self):
        from boligvei.assessments import hooks
        from boligvei.cases import prefill

        hooks.register_request_overlay(prefill.mapping_overlay)
        hooks.register_saved_listener(prefill.assessment_saved)
