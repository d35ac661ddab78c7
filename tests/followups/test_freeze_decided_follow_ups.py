import io

import pytest
from django.core.management import call_command

from huddinge_safety.followups.models import FollowUp, ReportVersion
from tests.factories import FollowUpFactory, GoalFactory

pytestmark = pytest.mark.django_db


def freeze():
    out = io.StringIO()
    call_command("freeze_decided_follow_ups", stdout=out)
    return out.getvalue()


def test_freezes_decided_follow_ups_without_a_version_once(client):
    goal = GoalFactory(area__program__start_year=2018, area__program__end_year=2021)
    program = goal.area.program
    # As a database from before report versions holds them: decided, no version.
    published = FollowUpFactory(
        program=program, year=2018, status=FollowUp.Status.PUBLISHED, summary="Beslutad text."
    )
    approved = FollowUpFactory(program=program, year=2019, status=FollowUp.Status.APPROVED)
    draft = FollowUp.objects.create_for_year(program, 2020)
    versioned = FollowUp.objects.create_for_year(program, 2021)
    versioned.record_steps_to(FollowUp.Status.PUBLISHED)

    assert freeze() == "Frös rapporterna för 2 beslutade uppföljningar.\n"

    assert published.versions.get().content["summary"] == "Beslutad text."
    assert approved.versions.count() == 1
    assert not draft.versions.exists()
    assert versioned.versions.count() == 1
    assert freeze() == "Frös rapporterna för 0 beslutade uppföljningar.\n"
    assert ReportVersion.objects.count() == 3


def test_demo_and_sample_data_freeze_their_decided_follow_ups(demo):
    call_command("generate_sample_data", "--programs", "1", "--years", "3", stdout=io.StringIO())
    decided = FollowUp.objects.exclude(status__in=["draft", "submitted"])
    assert decided.count() == 3
    assert all(follow_up.versions.count() == 1 for follow_up in decided)
    assert not FollowUp.objects.filter(status="submitted", versions__isnull=False).exists()
    assert freeze() == "Frös rapporterna för 0 beslutade uppföljningar.\n"
