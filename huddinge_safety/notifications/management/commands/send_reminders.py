import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from huddinge_safety.notifications import events
from huddinge_safety.notifications.models import Notification


class Command(BaseCommand):
    help = (
        "Reminds each unit with goals left to assess in a draft follow-up whose deadline is "
        "at most REMINDER_DAYS_BEFORE days away (once per unit and deadline), and sends "
        "every notification not sent yet, earlier failures included. Run it daily (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="The day to remind as of (YYYY-MM-DD); today by default.",
        )

    def handle(self, *args, date=None, **options):
        with transaction.atomic():
            reminded = events.remind(date)
        events.send_pending()
        self.stdout.write(
            _("Reminders recorded: %(reminded)s. Notifications not sent yet: %(unsent)s.")
            % {
                "reminded": reminded,
                "unsent": Notification.objects.filter(sent_at__isnull=True).count(),
            }
        )
