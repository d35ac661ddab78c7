from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import ngettext

from huddinge_safety.followups.models import LOCKED_STATUSES, FollowUp, ReportVersion


class Command(BaseCommand):
    help = (
        "Freezes the report of every approved or published follow-up that has no report "
        "version yet (one decided before versions existed), from what it shows now, as "
        "approval does. Follow-ups with a version are left as they are, so running it "
        "again changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        follow_ups = list(
            FollowUp.objects.filter(status__in=LOCKED_STATUSES, versions__isnull=True)
        )
        for follow_up in follow_ups:
            ReportVersion.objects.freeze(follow_up, None)
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Froze the report of %(count)d decided follow-up.",
                    "Froze the reports of %(count)d decided follow-ups.",
                    len(follow_ups),
                )
                % {"count": len(follow_ups)}
            )
        )
