"""A failure in the middle of saving a follow-up with its assessments leaves
nothing half-saved. The failure is real: a database trigger refuses one row."""

import pytest
from django.db import DatabaseError, connection
from django.test import Client
from django.urls import reverse

from huddinge_safety.followups.models import FollowUp, GoalAssessment, GuidelineAssessment
from huddinge_safety.programs.models import Program
from tests.factories import GoalFactory, GuidelineFactory, UserFactory

CRASH = "KRASCH"


@pytest.fixture
def refuse_writes():
    """``refuse_writes(table, operation, condition)`` makes the database refuse
    every row of ``table`` written by ``operation`` (INSERT or UPDATE) for which the
    SQL ``condition`` holds (by default: its narrative is CRASH)."""
    installed = []

    def install(table, operation, condition=f"NEW.narrative = '{CRASH}'"):
        name = f"refuse_{operation.lower()}_{table}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF {condition} THEN RAISE EXCEPTION 'simulerat fel'; END IF; "
                "RETURN NEW; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER {name} BEFORE {operation} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()"
            )
        installed.append((name, table))

    yield install
    with connection.cursor() as cursor:
        for name, table in installed:
            cursor.execute(f"DROP TRIGGER {name} ON {table}")
            cursor.execute(f"DROP FUNCTION {name}()")


def snapshot(follow_up):
    """Everything a save of the follow-up could touch, history included."""
    return {
        "follow_up": FollowUp.objects.filter(pk=follow_up.pk).values().get(),
        "goals": list(follow_up.goal_assessments.order_by("pk").values()),
        "guidelines": list(follow_up.guideline_assessments.order_by("pk").values()),
        "history": (
            FollowUp.history.count(),
            GoalAssessment.history.count(),
            GuidelineAssessment.history.count(),
        ),
    }


def change_form_data(response):
    """The POST data of an admin change form as it was rendered, from its forms."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is not None and value is not False:  # 0 is a value
                data[field.html_name] = "on" if value is True else value
    return data


@pytest.fixture
def program(demo):
    program = Program.objects.get()
    for area in program.areas.all()[:2]:
        GoalFactory.create_batch(3, area=area)
    GuidelineFactory(program=program)
    return program


@pytest.mark.django_db(transaction=True)
def test_admin_save_failing_at_the_last_assessment_changes_nothing(program, refuse_writes):
    follow_up = FollowUp.objects.create_for_year(program, 2020)
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_superuser=True))
    url = reverse("admin:followups_followup_change", args=[follow_up.pk])
    data = change_form_data(client.get(url))
    narratives = sorted(name for name in data if name.endswith("-narrative"))
    assert len(narratives) >= 7
    data["overall_narrative"] = "Ny motivering."
    for name in narratives:
        data[name] = f"Ny text i {name}."
    data[narratives[-1]] = CRASH
    refuse_writes(GoalAssessment._meta.db_table, "UPDATE")
    refuse_writes(GuidelineAssessment._meta.db_table, "UPDATE")
    before = snapshot(follow_up)

    response = client.post(url, data)

    assert response.status_code == 500
    assert snapshot(follow_up) == before

    data[narratives[-1]] = "Sista texten."
    assert client.post(url, data).status_code == 302
    after = snapshot(follow_up)
    assert after["follow_up"]["overall_narrative"] == "Ny motivering."
    assert {row["narrative"] for row in after["goals"] + after["guidelines"]} == {
        f"Ny text i {name}." for name in narratives[:-1]
    } | {"Sista texten."}


@pytest.mark.django_db(transaction=True)
def test_creating_a_year_failing_at_the_last_assessment_creates_nothing(program, refuse_writes):
    # The follow-up and its goal assessments are written first, then this fails.
    refuse_writes(GuidelineAssessment._meta.db_table, "INSERT", "1 = 1")
    counts = (
        FollowUp.objects.count(),
        GoalAssessment.objects.count(),
        FollowUp.history.count(),
        GoalAssessment.history.count(),
    )
    with pytest.raises(DatabaseError):
        FollowUp.objects.create_for_year(program, 2020)
    assert (
        FollowUp.objects.count(),
        GoalAssessment.objects.count(),
        FollowUp.history.count(),
        GoalAssessment.history.count(),
    ) == counts
    assert not FollowUp.objects.filter(program=program, year=2020).exists()
