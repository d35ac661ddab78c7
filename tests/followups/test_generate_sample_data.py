import io

import pytest
from django.core.management import CommandError, call_command

from huddinge_safety.followups.models import FollowUp, GoalAssessment
from huddinge_safety.goals.models import Goal, IndicatorValue
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.models import AgendaItem, ProtocolNote


@pytest.mark.django_db
def test_generates_the_requested_size_of_synthetic_data():
    call_command(
        "generate_sample_data",
        "--programs",
        "3",
        "--areas",
        "2",
        "--goals",
        "4",
        "--years",
        "3",
        stdout=io.StringIO(),
    )
    assert Program.objects.count() == 3
    assert all("Syntetiskt" in p.title for p in Program.objects.all())
    assert Goal.objects.count() == 3 * 2 * 4
    assert FollowUp.objects.count() == 3 * 3
    assert FollowUp.objects.published().count() == 3 * 2
    assert GoalAssessment.objects.count() == 3 * 3 * 8
    assert AgendaItem.objects.count() == 9
    assert ProtocolNote.objects.count() == 18
    assert IndicatorValue.objects.count() == 3 * 3 * 3 * 3


@pytest.mark.django_db
def test_running_again_adds_more_programs():
    call_command("generate_sample_data", "--programs", "1", stdout=io.StringIO())
    call_command("generate_sample_data", "--programs", "1", stdout=io.StringIO())
    assert Program.objects.count() == 2


@pytest.mark.django_db
def test_rejects_zero_counts():
    with pytest.raises(CommandError, match="minst 1"):
        call_command("generate_sample_data", "--programs", "0", stdout=io.StringIO())
