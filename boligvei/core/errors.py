"""The domain error that services raise, with a message meant for the person at the screen."""

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A rule of the programme was broken; the message is shown as it is, in Norwegian.

    It is a ValidationError so that forms can attach it to a field (`form.add_error`).
    """
