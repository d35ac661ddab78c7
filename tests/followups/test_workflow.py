"""The follow-up workflow draft → submitted → approved → published (and back from
submitted to draft) and its rules."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import modelform_factory

from huddinge_safety.followups.models import AssessmentStatus, FollowUp

from ..factories import (
    AgendaItemFactory,
    FollowUpFactory,
    GoalFactory,
    ResponsibilityAreaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Status = FollowUp.Status


def test_migrations_create_the_groups_with_their_permissions():
    officials = set(
        Group.objects.get(name="Tjänsteperson").permissions.values_list("codename", flat=True)
    )
    publishers = set(
        Group.objects.get(name="Publicerare").permissions.values_list("codename", flat=True)
    )
    for codename in [
        "add_followup",
        "change_followup",
        "change_goalassessment",
        "change_program",
        "add_goal",
        "change_agendaitem",
        "add_signatory",
        "delete_speaker",
    ]:
        assert codename in officials
    assert "publish_followup" not in officials
    assert "delete_followup" not in officials
    assert not {codename for codename in officials if "historical" in codename}
    assert "view_unit" in officials
    assert {"add_vote", "change_attendance", "add_attachment"} <= officials
    assert "coordinate_followup" not in officials
    coordinators = set(
        Group.objects.get(name="Samordnare").permissions.values_list("codename", flat=True)
    )
    unit_keeping = {"coordinate_followup", "add_unit", "change_unit"}
    assert coordinators == officials | unit_keeping
    assert publishers == officials | unit_keeping | {"publish_followup"}


def test_only_a_coordinator_submits(official, coordinator):
    follow_up = FollowUpFactory()

    with pytest.raises(PermissionDenied):
        follow_up.submit(official, confirm_unassessed=True)
    follow_up.submit(coordinator, confirm_unassessed=True)

    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.submitted_by) == (Status.SUBMITTED, coordinator)


def test_full_workflow_records_who_and_when(coordinator, publisher):
    follow_up = FollowUpFactory()
    agenda_item = AgendaItemFactory()

    follow_up.submit(coordinator)
    follow_up.approve(publisher, agenda_item)
    follow_up.publish(publisher)

    follow_up.refresh_from_db()
    assert follow_up.status == Status.PUBLISHED
    assert follow_up.agenda_item == agenda_item
    assert follow_up.submitted_by == coordinator
    assert follow_up.approved_by == follow_up.published_by == publisher
    assert follow_up.submitted_at <= follow_up.approved_at <= follow_up.published_at
    steps = [
        (record.status, record.history_user)
        for record in follow_up.history.order_by("history_date")
    ]
    assert steps == [
        (Status.DRAFT, None),
        (Status.SUBMITTED, coordinator),
        (Status.APPROVED, publisher),
        (Status.PUBLISHED, publisher),
    ]


def test_publishing_without_approval_is_refused_and_changes_nothing(publisher):
    follow_up = FollowUpFactory(status=Status.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        follow_up.publish(publisher)
    assert error.value.messages == [
        "Uppföljningen måste godkännas innan den kan publiceras. Den är nu inlämnad."
    ]
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.published_at) == (Status.SUBMITTED, None)


def test_approving_without_an_agenda_item_is_refused(publisher):
    follow_up = FollowUpFactory(status=Status.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        follow_up.approve(publisher, None)
    assert error.value.message_dict == {
        "agenda_item": ["Ange ärendet där uppföljningen godkändes."]
    }
    follow_up.refresh_from_db()
    assert follow_up.status == Status.SUBMITTED


def test_a_draft_cannot_be_approved_before_it_is_submitted(publisher):
    follow_up = FollowUpFactory()
    with pytest.raises(ValidationError, match="måste vara inlämnad innan den kan godkännas"):
        follow_up.approve(publisher, AgendaItemFactory())
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.agenda_item) == (Status.DRAFT, None)


def test_only_drafts_are_submitted(coordinator):
    follow_up = FollowUpFactory(status=Status.SUBMITTED)
    with pytest.raises(ValidationError, match="bara lämnas in när den är ett utkast"):
        follow_up.submit(coordinator)


def test_a_stale_copy_cannot_take_a_step_twice(coordinator):
    follow_up = FollowUpFactory()
    stale = FollowUp.objects.get(pk=follow_up.pk)
    follow_up.submit(coordinator)
    with pytest.raises(ValidationError, match="Den är nu inlämnad"):
        stale.submit(coordinator)


def test_coordinators_can_submit_but_not_approve_or_publish(coordinator):
    follow_up = FollowUpFactory(status=Status.SUBMITTED)
    with pytest.raises(PermissionDenied, match="Endast publicerare"):
        follow_up.approve(coordinator, AgendaItemFactory())
    follow_up.approve(UserFactory(is_superuser=True), AgendaItemFactory())
    with pytest.raises(PermissionDenied, match="Endast publicerare"):
        follow_up.publish(coordinator)
    follow_up.refresh_from_db()
    assert follow_up.status == Status.APPROVED


def test_users_without_change_permission_cannot_submit():
    follow_up = FollowUpFactory()
    with pytest.raises(PermissionDenied):
        follow_up.submit(UserFactory())
    assert FollowUp.objects.get().status == Status.DRAFT


def test_superuser_can_take_every_step():
    admin = UserFactory(is_superuser=True)
    follow_up = FollowUpFactory()
    follow_up.submit(admin)
    follow_up.approve(admin, AgendaItemFactory())
    follow_up.publish(admin)
    assert FollowUp.objects.published().get() == follow_up


@pytest.mark.parametrize("status", [Status.APPROVED, Status.PUBLISHED])
def test_approved_and_published_follow_ups_are_locked(status):
    follow_up = FollowUpFactory(status=status)
    form = modelform_factory(FollowUp, fields=["overall_narrative"])(
        {"overall_narrative": "Ändrad i efterhand."}, instance=follow_up
    )
    assert follow_up.is_locked
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "Uppföljningen är godkänd och därför låst. Den kan inte ändras."
    ]
    follow_up.refresh_from_db()
    assert follow_up.overall_narrative == ""


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED])
def test_drafts_and_submitted_follow_ups_can_be_edited(status):
    follow_up = FollowUpFactory(status=status)
    form = modelform_factory(FollowUp, fields=["overall_narrative"])(
        {"overall_narrative": "Kompletterad."}, instance=follow_up
    )
    assert not follow_up.is_locked
    assert form.is_valid(), form.errors


# Send back to draft


def test_publisher_sends_a_submitted_follow_up_back_with_a_comment(coordinator, publisher):
    follow_up = FollowUpFactory()
    follow_up.submit(coordinator)

    follow_up.send_back(publisher, "  Mål 2.1 saknar motivering.  ")

    follow_up.refresh_from_db()
    assert follow_up.status == Status.DRAFT
    assert follow_up.sent_back_comment == "Mål 2.1 saknar motivering."
    assert follow_up.sent_back_by == publisher
    assert (follow_up.submitted_by, follow_up.submitted_at) == (None, None)
    assert follow_up.history.first().history_user == publisher
    follow_up.submit(coordinator)
    assert FollowUp.objects.get().status == Status.SUBMITTED


def test_sending_back_needs_a_comment(publisher):
    follow_up = FollowUpFactory(status=Status.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        follow_up.send_back(publisher, "  ")
    assert error.value.message_dict == {"comment": ["Skriv vad som ska ändras."]}
    assert FollowUp.objects.get().status == Status.SUBMITTED


@pytest.mark.parametrize("status", [Status.DRAFT, Status.APPROVED, Status.PUBLISHED])
def test_only_submitted_follow_ups_are_sent_back(publisher, status):
    follow_up = FollowUpFactory(status=status)
    with pytest.raises(ValidationError, match="Bara en inlämnad uppföljning kan skickas tillbaka"):
        follow_up.send_back(publisher, "Fel.")
    assert FollowUp.objects.get().status == status


def test_officials_cannot_send_back(official):
    follow_up = FollowUpFactory(status=Status.SUBMITTED)
    with pytest.raises(PermissionDenied, match="Endast publicerare"):
        follow_up.send_back(official, "Fel.")
    assert FollowUp.objects.get().status == Status.SUBMITTED


# Only the steps write the status


def test_a_save_of_a_stale_copy_is_refused_once_the_follow_up_is_approved(coordinator, publisher):
    follow_up = FollowUpFactory()
    follow_up.submit(coordinator)
    stale = FollowUp.objects.get(pk=follow_up.pk)
    agenda_item = AgendaItemFactory()
    follow_up.approve(publisher, agenda_item)

    stale.summary = "Sparad från en gammal kopia."
    with pytest.raises(ValidationError, match="godkänd och därför låst"):
        stale.save()

    stored = FollowUp.objects.get()
    assert stored.summary != "Sparad från en gammal kopia."
    assert (stored.status, stored.agenda_item, stored.approved_by) == (
        Status.APPROVED,
        agenda_item,
        publisher,
    )


def test_a_plain_save_never_writes_the_status():
    follow_up = FollowUpFactory()
    follow_up.status = Status.PUBLISHED
    follow_up.save()
    assert FollowUp.objects.get().status == Status.DRAFT


# Unassessed goals


def test_submitting_with_unassessed_goals_needs_a_confirmation(coordinator):
    follow_up = FollowUpFactory()
    area = ResponsibilityAreaFactory(program=follow_up.program, number=2)
    for number in (1, 2, 3):
        GoalFactory(area=area, number=number)
    follow_up = FollowUp.objects.create_for_year(follow_up.program, follow_up.year + 1)
    follow_up.goal_assessments.filter(goal__number=2).update(status=AssessmentStatus.ON_TRACK)

    with pytest.raises(ValidationError) as error:
        follow_up.submit(coordinator)

    assert error.value.messages == [
        "2 mål är inte bedömda: 2.1, 2.3.",
        "Bekräfta att uppföljningen ska lämnas in ändå.",
    ]
    assert FollowUp.objects.get(pk=follow_up.pk).status == Status.DRAFT
    follow_up.submit(coordinator, confirm_unassessed=True)
    assert FollowUp.objects.get(pk=follow_up.pk).status == Status.SUBMITTED
