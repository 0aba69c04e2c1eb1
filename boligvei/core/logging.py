"""Keep personal data out of error reports: every submitted field is masked."""

import logging

from django.views.debug import SafeExceptionReporterFilter


class PersonalDataExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        if request is None:
            return {}
        return {key: self.cleansed_substitute for key in request.POST}

    def get_traceback_frame_variables(self, request, tb_frame):
        # Local variables in our code may hold names and identity numbers.
        return [(name, self.cleansed_substitute) for name, _ in tb_frame.f_locals.items()]


class OneLineFormatter(logging.Formatter):
    """One line per event, whatever it carries: a traceback or a message with line breaks is
    folded onto its line (`\\n` written as the two characters), so the journal and any log
    collector see one event as one record."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "\\r").replace("\n", "\\n")
