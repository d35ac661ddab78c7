"""A save of the change form and a workflow step at the same moment, on two real
database connections: the save waits for the step's row lock, sees the new
status and is refused; nothing the step wrote is lost."""

import threading

import pytest
from django.db import connection, transaction
from django.test import Client

from huddinge_safety.followups.models import FollowUp

from ..factories import AgendaItemFactory, UserFactory
from .test_admin import change_form_data, change_url, program_with_goals

pytestmark = pytest.mark.django_db(transaction=True)

Status = FollowUp.Status


def in_thread(work):
    """Run ``work`` in a thread with its own database connection."""

    def run():
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_save_racing_an_approval_waits_and_is_refused():
    official, publisher = UserFactory(is_superuser=True), UserFactory(is_superuser=True)
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2020)
    follow_up.submit(official, confirm_unassessed=True)
    agenda_item = AgendaItemFactory()
    form_data = change_form_data(follow_up, summary="Sparad medan den godkändes.")
    approved, release = threading.Event(), threading.Event()

    def approve():
        with transaction.atomic():
            FollowUp.objects.get(pk=follow_up.pk).approve(publisher, agenda_item)
            approved.set()
            release.wait(10)

    responses = []

    def save():
        client = Client()
        client.force_login(official)
        responses.append(client.post(change_url(follow_up), form_data, follow=True))

    approving = in_thread(approve)
    assert approved.wait(10)
    saving = in_thread(save)
    saving.join(0.5)
    assert saving.is_alive(), "the save must wait for the approval's row lock"
    release.set()
    approving.join(10)
    saving.join(10)

    stored = FollowUp.objects.get(pk=follow_up.pk)
    assert (stored.status, stored.agenda_item, stored.approved_by) == (
        Status.APPROVED,
        agenda_item,
        publisher,
    )
    assert stored.submitted_by == official
    assert stored.summary == ""
    assert "Uppföljningen är godkänd och därför låst. Den kan inte ändras." in responses[0].text
