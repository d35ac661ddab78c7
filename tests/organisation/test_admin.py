"""Organisational units in the admin: kept by coordinators, with their
officials, and a history of who changed what."""

import pytest
from django.urls import reverse

from huddinge_safety.organisation.models import Unit

from ..factories import GoalFactory, GuidelineFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_adds_a_unit_with_its_officials_and_its_history_shows_it(client, coordinator):
    olle = UserFactory(first_name="Olle", last_name="Tjänsteman")

    response = client.post(
        reverse("admin:organisation_unit_add"),
        {"name": "Socialförvaltningen", "kind": "administration", "officials": [olle.pk]},
    )

    assert response.status_code == 302
    unit = Unit.objects.get()
    assert list(unit.officials.all()) == [olle]
    assert list(Unit.objects.of_user(olle)) == [unit]
    history = client.get(reverse("admin:organisation_unit_history", args=[unit.pk])).text
    assert coordinator.get_full_name() in history
    assert {record.history_user for record in unit.history.all()} == {coordinator}


def test_kinds_are_forvaltning_bolag_and_avdelning(client, coordinator):
    page = client.get(reverse("admin:organisation_unit_add")).text
    for kind in ["Förvaltning", "Kommunalt bolag", "Avdelning"]:
        assert f">{kind}</option>" in page


def test_officials_see_the_units_but_do_not_change_them(client, official):
    unit = UnitFactory(name="Socialförvaltningen")
    url = reverse("admin:organisation_unit_change", args=[unit.pk])

    page = client.get(url).text

    assert "Socialförvaltningen" in page
    assert 'name="name"' not in page
    assert client.post(url, {"name": "Annat namn", "kind": "company"}).status_code == 403


def test_a_unit_answering_for_goals_is_not_deleted(client):
    client.force_login(UserFactory(is_superuser=True))
    unit = UnitFactory(name="Socialförvaltningen")
    GoalFactory(responsible_unit=unit)

    response = client.post(
        reverse("admin:organisation_unit_delete", args=[unit.pk]), {"post": "yes"}
    )

    assert "Underliggande mål: " in response.text
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_the_goal_list_filters_by_responsible_unit(client, official, django_assert_max_num_queries):
    unit = UnitFactory(name="Socialförvaltningen")
    GoalFactory(responsible_unit=unit, text="Socialt mål.")
    GoalFactory(text="Mål utan enhet.")

    with django_assert_max_num_queries(12):
        page = client.get(
            reverse("admin:goals_goal_changelist"), {"responsible_unit__id__exact": unit.pk}
        ).text

    assert "Socialt mål." in page
    assert "Mål utan enhet." not in page


@pytest.mark.parametrize("guidelines", [1, 6])
def test_the_program_page_reads_the_units_once(
    client, official, django_assert_max_num_queries, guidelines
):
    program = GuidelineFactory(responsible_unit=UnitFactory(name="Socialförvaltningen")).program
    for _ in range(guidelines - 1):
        GuidelineFactory(program=program)

    with django_assert_max_num_queries(17):
        page = client.get(reverse("admin:programs_program_change", args=[program.pk])).text

    # Each guideline's select, and the blank row's for adding one.
    assert page.count(">Socialförvaltningen</option>") == guidelines + 1
