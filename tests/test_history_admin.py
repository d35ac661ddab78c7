"""The admin's history pages speak Swedish as the forms do: field labels,
choice labels, yes and no, names of people, and rows of inlines in words."""

import pytest
from django.urls import reverse
from simple_history.utils import update_change_reason

from huddinge_safety.followups.models import AssessmentStatus

from .factories import (
    AgendaItemFactory,
    FollowUpFactory,
    GoalFactory,
    MeetingFactory,
    SpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, first_name="Ada", last_name="Admin"))
    return client


def history_page(client, obj):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_workflow_steps_read_as_the_form_shows_them_with_who_by_name(admin_client):
    follow_up = FollowUpFactory()
    coordinator = UserFactory(groups=["Samordnare"], first_name="Sara", last_name="Samordnare")
    follow_up.submit(coordinator, confirm_unassessed=True)

    page = history_page(admin_client, follow_up)

    assert "<strong>Status:</strong>\n                    Utkast" in page
    assert "Inlämnad" in page
    assert "submitted" not in page
    assert "Sara Samordnare" in page


def test_assessment_statuses_read_as_their_labels(admin_client):
    follow_up = FollowUpFactory()
    GoalFactory(area__program=follow_up.program)
    assessment = follow_up.goal_assessments.create(
        goal=GoalFactory(area__program=follow_up.program)
    )
    assessment.status = AssessmentStatus.PARTLY_ON_TRACK
    assessment.save()

    page = history_page(admin_client, assessment)

    assert "Ej bedömt" in page
    assert "Delvis i fas" in page
    assert "not_assessed" not in page
    assert "partly_on_track" not in page


def test_an_unrecorded_person_or_reason_and_an_emptied_link_read_as_words(admin_client):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    follow_up = FollowUpFactory()
    follow_up.agenda_item = item
    follow_up.save(update_fields=["agenda_item"])
    follow_up.agenda_item = None
    follow_up.save(update_fields=["agenda_item"])
    update_change_reason(follow_up, "")

    page = history_page(admin_client, follow_up)

    assert "Ej registrerat" in page
    assert "None" not in page
    assert "pk=None" not in page
    assert "(tomt)" in page


def test_rows_deleted_from_an_inline_are_told_in_words(admin_client):
    speaker = SpeakerFactory(person__name="Anna Andersson")
    item = speaker.agenda_item
    speaker._history_user = UserFactory(first_name="Olle", last_name="Tjänsteman")
    speaker.delete()

    page = history_page(admin_client, item)

    assert "Ändringar i raderna på sidan" in page
    assert "Olle Tjänsteman tog bort talare ”Anna Andersson" in page
