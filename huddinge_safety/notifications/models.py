"""Email to officials about their follow-ups, and their choice to get it or not.

A notification is recorded in the same transaction as the event it tells of
(a workflow step, a unit done with its goals, a deadline drawing near), so it
is never lost with a rolled-back event nor forgotten after a committed one. It
is sent after that transaction commits; a failed send is retried by
``send_reminders``. The database lets each person be told of each event once."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huddinge_safety.followups.models import FollowUp
from huddinge_safety.organisation.models import Unit

# A message that still fails after this many tries is left for a person to look at
# (the admin lists it with its error).
MAX_ATTEMPTS = 5


class NotificationQuerySet(models.QuerySet):
    def pending(self):
        """Not sent yet, and still to be tried."""
        return self.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)


class Notification(models.Model):
    class Kind(models.TextChoices):
        UNIT_FINISHED = "unit_finished", _("A unit has assessed all its goals")
        SUBMITTED = "submitted", _("Follow-up submitted")
        SENT_BACK = "sent_back", _("Follow-up sent back to draft")
        APPROVED = "approved", _("Follow-up approved")
        PUBLISHED = "published", _("Follow-up published")
        REMINDER = "reminder", _("Reminder of the deadline")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    follow_up = models.ForeignKey(
        FollowUp, models.CASCADE, related_name="notifications", verbose_name=_("follow-up")
    )
    unit = models.ForeignKey(
        Unit,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("organisational unit"),
    )
    # What makes two notifications of one kind about one follow-up different
    # events: the time of the step (a follow-up may be submitted twice), or the
    # unit and the deadline.
    event = models.CharField(_("event"), max_length=100)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts to send"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "follow_up", "event"],
                name="each_person_told_of_each_event_once",
            ),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.subject}"

    def send(self):
        """Send the email; on failure count the attempt and keep the error."""
        try:
            send_mail(self.subject, self.body, None, [self.recipient.email])
        except OSError as error:  # smtplib.SMTPException is an OSError
            self.attempts += 1
            self.last_error = str(error) or error.__class__.__name__
        else:
            self.attempts += 1
            self.sent_at = timezone.now()
            self.last_error = ""
        self.save(update_fields=["attempts", "sent_at", "last_error"])


class Preference(models.Model):
    """Whether an official gets notifications by email (yes, unless they said no)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    email = models.BooleanField(_("email me about follow-ups"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)
