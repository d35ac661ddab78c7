"""Who is told of what: the notifications each event of a follow-up makes.

Each function records its notifications in the caller's transaction and has
them sent once that transaction commits (see ``models``)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from huddinge_safety.followups.models import AssessmentStatus, FollowUp, GoalAssessment
from huddinge_safety.organisation.models import Unit

from .models import Notification

COORDINATOR_PERMISSION = "followups.coordinate_followup"
PUBLISHER_PERMISSION = "followups.publish_followup"

# What each workflow step tells, by the status it leads to, and whether it tells
# the publishers (else the coordinators).
STEP_NOTIFICATIONS = {
    FollowUp.Status.SUBMITTED: (Notification.Kind.SUBMITTED, True),
    FollowUp.Status.DRAFT: (Notification.Kind.SENT_BACK, False),
    FollowUp.Status.APPROVED: (Notification.Kind.APPROVED, False),
    FollowUp.Status.PUBLISHED: (Notification.Kind.PUBLISHED, False),
}


def reachable(users):
    """Those of ``users`` who can and want to get email."""
    return (
        users.filter(is_active=True)
        .exclude(email="")
        .exclude(notification_preference__email=False)
        .distinct()
    )


def holders_of(permission):
    # Superusers hold every permission but take no part in the workflow; the
    # permissions are those of groups and users (django-axes only guards logins).
    return reachable(
        get_user_model().objects.with_perm(
            permission,
            include_superusers=False,
            backend="django.contrib.auth.backends.ModelBackend",
        )
    )


def coordinators():
    """Those who collect the follow-up. Publishers may coordinate too (to correct
    a draft before approving it), but are told as publishers, not as coordinators."""
    return holders_of(COORDINATOR_PERMISSION).exclude(
        pk__in=holders_of(PUBLISHER_PERMISSION).values("pk")
    )


def step_taken(follow_up, user):
    """Tell of the workflow step that led ``follow_up`` to its status."""
    kind, to_publishers = STEP_NOTIFICATIONS[follow_up.status]
    recipients = (holders_of(PUBLISHER_PERMISSION) if to_publishers else coordinators()).exclude(
        pk=user.pk
    )
    step_time = getattr(follow_up, f"{kind}_at")
    record(kind, follow_up, recipients, event=step_time.isoformat(), actor=user)


def unit_finished(follow_up, unit_id):
    """Tell the coordinators if the unit ``unit_id`` has now assessed all its
    goals in ``follow_up`` (once per unit and follow-up)."""
    progress = GoalAssessment.objects.filter(
        follow_up=follow_up, goal__responsible_unit=unit_id
    ).aggregate(goals=Count("pk"), left=Count("pk", filter=Q(status=AssessmentStatus.NOT_ASSESSED)))
    if progress["goals"] and not progress["left"]:
        record(
            Notification.Kind.UNIT_FINISHED,
            follow_up,
            coordinators(),
            event=f"unit-{unit_id}",
            unit=Unit.objects.get(pk=unit_id),
            goal_count=progress["goals"],
        )


def remind(today=None):
    """Remind each unit with goals left in a draft follow-up whose deadline is at
    most ``REMINDER_DAYS_BEFORE`` days away (once per unit and deadline).
    Returns how many reminders were recorded."""
    today = today or datetime.date.today()
    horizon = today + datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE)
    left = (
        GoalAssessment.objects.filter(
            follow_up__status=FollowUp.Status.DRAFT,
            follow_up__deadline__range=(today, horizon),
            status=AssessmentStatus.NOT_ASSESSED,
            goal__responsible_unit__isnull=False,
        )
        .values("follow_up", "goal__responsible_unit")
        .annotate(left=Count("pk"))
    )
    follow_ups = FollowUp.objects.select_related("program").in_bulk(
        {row["follow_up"] for row in left}
    )
    units = Unit.objects.in_bulk({row["goal__responsible_unit"] for row in left})
    count = 0
    for row in left:
        follow_up, unit = follow_ups[row["follow_up"]], units[row["goal__responsible_unit"]]
        count += record(
            Notification.Kind.REMINDER,
            follow_up,
            reachable(unit.officials.all()),
            event=f"unit-{unit.pk}-deadline-{follow_up.deadline.isoformat()}",
            unit=unit,
            goals_left=row["left"],
        )
    return count


def record(kind, follow_up, recipients, *, event, unit=None, **context):
    """Record notification ``kind`` of ``follow_up`` to each of ``recipients``
    not yet told of ``event``, and have them sent after the commit. Returns how
    many were new."""
    context.update(
        follow_up=follow_up,
        unit=unit,
        link=settings.SITE_URL + reverse("admin:followups_followup_change", args=[follow_up.pk]),
        preferences_link=settings.SITE_URL + reverse("notifications:preferences"),
        municipality_name=settings.MUNICIPALITY_NAME,
    )
    # Officials read Swedish, whichever language the request that led here had.
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"notifications/email/{kind}_subject.txt", context).split()
        )
        body = render_to_string(f"notifications/email/{kind}.txt", context)
    told = set(
        Notification.objects.filter(kind=kind, follow_up=follow_up, event=event).values_list(
            "recipient", flat=True
        )
    )
    new = [
        Notification(
            recipient=recipient,
            kind=kind,
            follow_up=follow_up,
            unit=unit,
            event=event,
            subject=subject,
            body=body,
        )
        for recipient in recipients
        if recipient.pk not in told
    ]
    # The database keeps anyone from being told twice, also when two requests race.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        transaction.on_commit(send_pending)
    return len(new)


def send_pending():
    """Send every notification not sent yet. Rows another process is sending are
    skipped (and locked until sent), so no one gets a message twice."""
    with transaction.atomic():
        for notification in (
            Notification.objects.pending()
            .order_by("created_at", "pk")
            .select_related("recipient")
            .select_for_update(skip_locked=True, of=("self",))
        ):
            notification.send()
