"""Officials are told by email of their follow-ups' steps, of units done with
their goals and of deadlines drawing near: once each, after the commit, and
again after a failed send."""

import datetime
import io
import socket

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from huddinge_safety.followups.models import AssessmentStatus
from huddinge_safety.notifications import events
from huddinge_safety.notifications.models import MAX_ATTEMPTS, Notification, Preference
from huddinge_safety.organisation.models import Unit

from ..factories import AgendaItemFactory, FollowUpFactory, UserFactory
from ..followups.test_admin import change_form_data, change_url
from ..followups.test_units import (
    CULTURE,
    SOCIAL,
    follow_up_of_two_units,
    own_rows_only,
    unit_official,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    group = Group.objects.get(name="Samordnare")
    return UserFactory(
        groups=[group.name],
        email="samordnare@huddinge.se",
        first_name="Sara",
        last_name="Samordnare",
    )


@pytest.fixture
def publisher():
    return UserFactory(
        groups=["Publicerare"],
        email="publicerare@huddinge.se",
        first_name="Per",
        last_name="Publicerare",
    )


@pytest.fixture
def follow_up_with_units():
    """A draft follow-up of one goal of each of two units, each unit with an official."""
    follow_up = follow_up_of_two_units(goals_per_unit=1)
    social, culture = Unit.objects.get(name=SOCIAL), Unit.objects.get(name=CULTURE)
    social.officials.add(UserFactory(groups=["Tjänsteperson"], email="social@huddinge.se"))
    culture.officials.add(UserFactory(groups=["Tjänsteperson"], email="kultur@huddinge.se"))
    return follow_up, social, culture


def assess(follow_up, unit):
    for assessment in follow_up.goal_assessments.filter(goal__responsible_unit=unit):
        assessment.status = AssessmentStatus.ON_TRACK
        assessment.save()


def test_a_submitted_follow_up_is_told_to_the_publishers_after_the_commit(
    coordinator, publisher, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(groups=["Publicerare"])  # no email address: cannot be told
    opted_out = UserFactory(groups=["Publicerare"], email="nej@huddinge.se")
    Preference.objects.create(user=opted_out, email=False)
    UserFactory(is_superuser=True, email="admin@huddinge.se")
    follow_up = FollowUpFactory()

    with django_capture_on_commit_callbacks(execute=True):
        follow_up.submit(coordinator, confirm_unassessed=True)
        assert mailoutbox == [], "nothing is sent before the commit"

    [mail] = mailoutbox
    assert mail.to == ["publicerare@huddinge.se"]
    assert mail.subject == f"Inlämnad för godkännande: {follow_up}"
    assert "Sara Samordnare har lämnat in uppföljningen av" in mail.body
    assert f"http://127.0.0.1:8000/admin/followups/followup/{follow_up.pk}/change/" in mail.body
    assert "http://127.0.0.1:8000/admin/aviseringar/" in mail.body
    notification = Notification.objects.get()
    assert notification.recipient == publisher
    assert notification.sent_at is not None


def test_sending_back_approving_and_publishing_are_told_to_the_coordinators(
    coordinator, publisher, mailoutbox, django_capture_on_commit_callbacks
):
    follow_up = FollowUpFactory()
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.submit(coordinator, confirm_unassessed=True)
        follow_up.send_back(publisher, "Mål 2.1 saknar motivering.")
        follow_up.submit(coordinator, confirm_unassessed=True)
        follow_up.approve(publisher, AgendaItemFactory(title="Uppföljning av programmet"))
        follow_up.publish(publisher)

    to_coordinator = [mail for mail in mailoutbox if mail.to == ["samordnare@huddinge.se"]]
    assert [mail.subject.split(":")[0] for mail in to_coordinator] == [
        "Skickad tillbaka till utkast",
        "Godkänd",
        "Publicerad",
    ]
    assert "Mål 2.1 saknar motivering." in to_coordinator[0].body
    assert "Uppföljning av programmet" in to_coordinator[1].body
    # Each submission is its own event: the publisher is told of both.
    assert [mail.to for mail in mailoutbox].count(["publicerare@huddinge.se"]) == 2


def test_a_step_rolled_back_tells_nobody(
    coordinator, publisher, mailoutbox, django_capture_on_commit_callbacks
):
    follow_up = FollowUpFactory()

    def submit_and_fail():
        with transaction.atomic():
            follow_up.submit(coordinator, confirm_unassessed=True)
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        submit_and_fail()
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_nobody_is_told_of_an_event_twice(
    coordinator, publisher, mailoutbox, django_capture_on_commit_callbacks
):
    follow_up = FollowUpFactory()
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.submit(coordinator, confirm_unassessed=True)
        events.step_taken(follow_up, coordinator)
    assert len(mailoutbox) == 1
    notification = Notification.objects.get()
    notification.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        notification.save()


def test_a_unit_done_with_its_goals_is_told_to_the_coordinators_once(
    coordinator, publisher, follow_up_with_units, mailoutbox, django_capture_on_commit_callbacks
):
    """Publishers may coordinate as well, but are told as publishers only."""
    follow_up, social, culture = follow_up_with_units
    with django_capture_on_commit_callbacks(execute=True):
        assess(follow_up, social)
        assess(follow_up, social)
    [mail] = mailoutbox
    assert mail.to == ["samordnare@huddinge.se"]
    assert mail.subject == f"Socialförvaltningen har bedömt sina mål: {follow_up}"
    assert "Socialförvaltningen har bedömt sitt 1 mål i uppföljningen av" in mail.body

    with django_capture_on_commit_callbacks(execute=True):
        assess(follow_up, culture)
    assert [mail.subject.split(" har")[0] for mail in mailoutbox] == [
        "Socialförvaltningen",
        "Kultur- och fritidsförvaltningen",
    ]


def remind(date):
    out = io.StringIO()
    call_command("send_reminders", "--date", date, stdout=out)
    return out.getvalue()


def test_units_with_goals_left_are_reminded_before_the_deadline_once(
    follow_up_with_units, mailoutbox, settings
):
    settings.REMINDER_DAYS_BEFORE = 7
    follow_up, social, _ = follow_up_with_units
    follow_up.deadline = datetime.date(2026, 12, 10)
    follow_up.save()
    assess(follow_up, social)
    mailoutbox.clear()

    assert "Påminnelser: 0." in remind("2026-12-02")
    assert mailoutbox == []

    assert "Påminnelser: 1." in remind("2026-12-03")
    [mail] = mailoutbox
    assert mail.to == ["kultur@huddinge.se"], "only the unit with goals left"
    assert mail.subject == "Påminnelse: mål att bedöma senast 10 december 2026"
    assert "Kultur- och fritidsförvaltningen har 1 mål kvar att bedöma" in mail.body

    remind("2026-12-09")
    assert len(mailoutbox) == 1, "once per unit and deadline"
    follow_up.deadline = datetime.date(2026, 12, 20)
    follow_up.save()
    remind("2026-12-15")
    assert len(mailoutbox) == 2, "a new deadline is reminded of again"
    remind("2026-12-21")
    assert len(mailoutbox) == 2, "not after the deadline"


def test_a_submitted_follow_up_is_not_reminded_of(follow_up_with_units, coordinator, mailoutbox):
    follow_up, _, _ = follow_up_with_units
    follow_up.deadline = datetime.date(2026, 12, 10)
    follow_up.save()
    follow_up.submit(coordinator, confirm_unassessed=True)
    mailoutbox.clear()
    remind("2026-12-09")
    assert mailoutbox == []


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_failed_send_is_kept_and_retried_by_send_reminders(
    coordinator, publisher, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    follow_up = FollowUpFactory()
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.submit(coordinator, confirm_unassessed=True)
    notification = Notification.objects.get()
    assert notification.sent_at is None
    assert notification.attempts == 1
    assert "refused" in notification.last_error.lower()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert "Ej skickade aviseringar: 0." in remind("2026-12-01")
    assert [mail.to for mail in mailoutbox] == [["publicerare@huddinge.se"]]
    notification.refresh_from_db()
    assert notification.sent_at is not None


def test_a_message_that_keeps_failing_is_given_up_after_some_attempts(
    coordinator, publisher, mailoutbox
):
    follow_up = FollowUpFactory()
    follow_up.submit(coordinator, confirm_unassessed=True)
    Notification.objects.update(attempts=MAX_ATTEMPTS)
    remind("2026-12-01")
    assert mailoutbox == []


def test_officials_turn_their_notifications_off_and_on(client):
    official = UserFactory(groups=["Tjänsteperson"], email="social@huddinge.se")
    url = reverse("notifications:preferences")
    assert client.get(url).status_code == 302, "only for those logged in to the admin"
    client.force_login(official)
    page = client.get(url).content.decode()
    assert "Mejla mig om uppföljningar" in page
    assert "checked" in page

    response = client.post(url, {})
    assert response.status_code == 302
    assert Preference.objects.get(user=official).email is False
    assert events.reachable(type(official).objects.filter(pk=official.pk)).count() == 0
    client.post(url, {"email": "on"})
    assert Preference.objects.get(user=official).email is True


def test_the_admin_links_to_the_notification_choice(client):
    client.force_login(UserFactory(groups=["Tjänsteperson"]))
    page = client.get(reverse("admin:index")).content.decode()
    assert f'<a href="{reverse("notifications:preferences")}">Mina aviseringar</a>' in page


def test_an_official_saving_their_units_last_goal_in_the_admin_tells_the_coordinator(
    client, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    follow_up = follow_up_of_two_units(goals_per_unit=1)
    unit_official(client, SOCIAL)
    data = change_form_data(follow_up, {"1.1": "on_track"})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(follow_up), own_rows_only(data, follow_up, {"1.1"}))

    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.subject == f"{SOCIAL} har bedömt sina mål: {follow_up}"
