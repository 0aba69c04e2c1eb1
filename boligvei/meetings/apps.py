from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "boligvei.meetings"
    label = "meetings"
    verbose_name = "Møter"

    def ready(self):
        from boligvei.cases import hooks
        from boligvei.meetings.selectors import coming_meetings_text

        hooks.register_booked_meetings(coming_meetings_text)
