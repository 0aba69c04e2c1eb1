"""`boligvei reset_2fa USERNAME`: remove a user's two-factor devices when no administrator can."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from boligvei.core.mfa import two_factor_reset
from boligvei.core.models import User


class Command(BaseCommand):
    help = ("Remove a user's authenticator app and recovery codes and lift a login lockout on their username "
            "(a lost phone, or the only administrator locked out). They set up a new app at their next login. "
            "Writes an audit row with the reason. The administrators' page /tofaktor/nullstill/ does the same.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", default="Nullstilt på serveren med boligvei reset_2fa.",
                            help="Why, for the audit log.")

    def handle(self, *args, username, reason, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            two_factor_reset(actor=None, user=user, reason=reason)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Two-factor login reset for {username}; they set up an app at their next login.")
