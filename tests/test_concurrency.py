"""No lost update: two officials open the same change form and both save. The
second sees who changed what and when, her input stays in the form, and the
first one's change is kept (huddinge_safety/concurrency.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from huddinge_safety.followups.models import FollowUp

from .factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BallotFactory,
    GoalFactory,
    GuidelineFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ProgramFactory,
    ProtocolNoteFactory,
    ResponsibilityAreaFactory,
    UserFactory,
    VoteFactory,
)
from .test_transactions import change_form_data

pytestmark = pytest.mark.django_db


def follow_up():
    program = ProgramFactory()
    GoalFactory(area=ResponsibilityAreaFactory(program=program, number=1), number=1)
    GuidelineFactory(program=program)
    return FollowUp.objects.create_for_year(program, program.start_year)


def indicator():
    value = IndicatorValueFactory(indicator=IndicatorFactory())
    return value.indicator


def agenda_item():
    note = ProtocolNoteFactory(agenda_item=AgendaItemFactory())
    return note.agenda_item


def meeting():
    return AttendanceFactory().meeting


def vote():
    return BallotFactory(vote=VoteFactory(yes_count=1)).vote


# Each case: the object, its change page, the field the first official edits (an
# inline's where there is one) and the field the second one edits.
CASES = {
    "follow-up": (follow_up, "followups_followup", "goal_assessments-0-narrative", "summary"),
    "guideline assessment": (
        follow_up,
        "followups_followup",
        "guideline_assessments-0-narrative",
        "summary",
    ),
    "goal": (GoalFactory, "goals_goal", "text", "text"),
    "indicator": (indicator, "goals_indicator", "values-0-value", "name"),
    "agenda item": (agenda_item, "protocols_agendaitem", "notes-0-body", "decision"),
    "meeting": (meeting, "protocols_meeting", "attendances-0-arrival", "place"),
    "vote": (vote, "protocols_vote", "proposition", "proposition"),
}


def official_client(name):
    client = Client()
    client.force_login(
        # A coordinator: the follow-up's own fields and every assessment are theirs.
        UserFactory(groups=["Samordnare"], first_name=name, last_name="Tjänsteperson")
    )
    return client


@pytest.mark.parametrize("case", CASES)
def test_the_second_save_is_refused_with_who_changed_what(case):
    make, admin_name, first_field, second_field = CASES[case]
    obj = make()
    url = reverse(f"admin:{admin_name}_change", args=[obj.pk])
    anna, berit = official_client("Anna"), official_client("Berit")
    anna_form = change_form_data(anna.get(url))
    berit_form = change_form_data(berit.get(url))

    anna_form[first_field] = "42" if first_field.endswith("value") else "Annas text."
    assert anna.post(url, anna_form).status_code == 302
    berit_form[second_field] = "Berits text."
    response = berit.post(url, berit_form)

    assert response.status_code == 200
    assert "Någon annan har sparat efter att du öppnade sidan: Anna Tjänsteperson ändrade " in (
        response.text
    )
    assert "Dina ändringar är inte sparade, men de finns kvar i formuläret nedan." in (
        response.text
    )
    assert "Berits text.</textarea>" in response.text or 'value="Berits text."' in response.text
    obj.refresh_from_db()
    assert getattr(obj, second_field) != "Berits text."

    # Saving again, after reading the message, is a choice made knowingly.
    assert berit.post(url, change_form_data(response)).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, second_field) == "Berits text."


def test_a_save_without_changes_in_between_goes_through():
    goal = GoalFactory()
    url = reverse("admin:goals_goal_change", args=[goal.pk])
    client = official_client("Anna")
    form = change_form_data(client.get(url))
    form["text"] = "Ny text."
    assert client.post(url, form).status_code == 302
    form = change_form_data(client.get(url))
    form["text"] = "Nyare text."
    assert client.post(url, form).status_code == 302
    goal.refresh_from_db()
    assert goal.text == "Nyare text."


def test_a_tampered_or_missing_token_is_refused():
    goal = GoalFactory(text="Före.")
    url = reverse("admin:goals_goal_change", args=[goal.pk])
    client = official_client("Anna")
    form = change_form_data(client.get(url))
    form.pop("seen_change")
    form["text"] = "Efter."
    assert client.post(url, form).status_code == 200
    goal.refresh_from_db()
    assert goal.text == "Före."
