"""Responsibility for goals in the follow-up admin: officials assess their own
units' goals, a coordinator all; "mina mål", progress per unit, last year's
text, and the approve step's search among the committee's agenda items."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from huddinge_safety.followups.models import AssessmentStatus, FollowUp, GoalAssessment

from ..factories import (
    AgendaItemFactory,
    BodyFactory,
    GoalFactory,
    GuidelineFactory,
    MeetingFactory,
    ProgramFactory,
    ResponsibilityAreaFactory,
    UnitFactory,
    UserFactory,
)
from .test_admin import CHANGELIST, change_form_data, change_url, step_url, walk_to

pytestmark = pytest.mark.django_db

SOCIAL, CULTURE = "Socialförvaltningen", "Kultur- och fritidsförvaltningen"


def follow_up_of_two_units(goals_per_unit=2, unitless_goals=0):
    """A follow-up whose goals 1.x Socialförvaltningen and 2.x Kultur- och
    fritidsförvaltningen answer for (and 3.x no unit), with a guideline each."""
    social, culture = UnitFactory(name=SOCIAL), UnitFactory(name=CULTURE)
    program = ProgramFactory()
    for number, unit, goals in [
        (1, social, goals_per_unit),
        (2, culture, goals_per_unit),
        (3, None, unitless_goals),
    ]:
        area = ResponsibilityAreaFactory(program=program, number=number)
        for goal_number in range(1, goals + 1):
            GoalFactory(area=area, number=goal_number, responsible_unit=unit)
    GuidelineFactory(program=program, title="Klotter", responsible_unit=social)
    GuidelineFactory(program=program, title="Våldsbejakande extremism", responsible_unit=culture)
    return FollowUp.objects.create_for_year(program, program.start_year)


def unit_official(client, unit_name):
    user = UserFactory(groups=["Tjänsteperson"])
    UnitFactory(name=unit_name).officials.add(user)
    client.force_login(user)
    return user


def assessment(follow_up, code):
    area, number = code.split(".")
    return follow_up.goal_assessments.get(goal__area__number=area, goal__number=number)


def form_index(follow_up, code):
    return list(follow_up.goal_assessments.all()).index(assessment(follow_up, code))


def own_rows_only(data, follow_up, codes):
    """The post of the real page: a locked row sends its id but no inputs."""
    for index, row in enumerate(follow_up.goal_assessments.all()):
        if row.goal.code not in codes:
            del data[f"goal_assessments-{index}-status"]
            del data[f"goal_assessments-{index}-narrative"]
    return data


# Who edits which assessment


def test_an_official_gets_inputs_for_their_units_goals_only(client):
    follow_up = follow_up_of_two_units()
    unit_official(client, SOCIAL)

    response = client.get(change_url(follow_up))

    page = response.text
    for code in ["1.1", "1.2"]:
        assert f'name="goal_assessments-{form_index(follow_up, code)}-status"' in page
    for code in ["2.1", "2.2"]:
        assert f'name="goal_assessments-{form_index(follow_up, code)}-status"' not in page
        assert f'name="goal_assessments-{form_index(follow_up, code)}-narrative"' not in page
    assert page.count('class="goal-assessment locked"') == 2 + 1  # and the other's guideline
    assert f"Ansvarig: {CULTURE}" in page
    # The overall assessment is the coordinator's.
    assert 'name="overall_narrative"' not in page


def test_an_official_saves_their_units_assessments(client):
    follow_up = follow_up_of_two_units()
    official = unit_official(client, SOCIAL)
    data = change_form_data(follow_up, {"1.1": "on_track"})
    data[f"goal_assessments-{form_index(follow_up, '1.1')}-narrative"] = "Vi har gjort mycket."

    response = client.post(change_url(follow_up), own_rows_only(data, follow_up, {"1.1", "1.2"}))

    assert response.status_code == 302
    saved = assessment(follow_up, "1.1")
    assert (saved.status, saved.narrative) == (AssessmentStatus.ON_TRACK, "Vi har gjort mycket.")
    assert saved.history.first().history_user == official


def test_a_crafted_post_changing_another_units_assessment_is_refused_keeping_own_input(client):
    follow_up = follow_up_of_two_units()
    unit_official(client, SOCIAL)
    own, other = form_index(follow_up, "1.1"), form_index(follow_up, "2.1")
    data = change_form_data(follow_up, {"1.1": "on_track", "2.1": "not_on_track"})
    data[f"goal_assessments-{own}-narrative"] = "Min egen text som inte får försvinna."
    data[f"goal_assessments-{other}-narrative"] = "Inte min att skriva."

    response = client.post(change_url(follow_up), data)

    assert response.status_code == 200
    assert f"Du kan inte ändra den här bedömningen: {CULTURE} ansvarar för den." in response.text
    assert "Min egen text som inte får försvinna." in response.text
    assert set(follow_up.goal_assessments.values_list("status", "narrative").distinct()) == {
        (AssessmentStatus.NOT_ASSESSED, "")
    }


def test_a_crafted_post_of_another_units_guideline_is_refused(client):
    follow_up = follow_up_of_two_units()
    unit_official(client, SOCIAL)
    data = change_form_data(follow_up)
    data["guideline_assessments-1-narrative"] = "Inte min riktlinje."

    response = client.post(change_url(follow_up), data)

    assert f"{CULTURE} ansvarar för den." in response.text
    assert not follow_up.guideline_assessments.exclude(narrative="").exists()


def test_a_goal_no_unit_answers_for_is_the_coordinators(client):
    follow_up = follow_up_of_two_units(unitless_goals=1)
    unit_official(client, SOCIAL)
    data = change_form_data(follow_up, {"3.1": "on_track"})

    response = client.post(change_url(follow_up), data)
    assert "ingen enhet ansvarar för den, så bara en samordnare kan" in response.text

    client.force_login(UserFactory(groups=["Samordnare"]))
    data = change_form_data(follow_up, {"1.1": "fulfilled", "2.1": "on_track", "3.1": "on_track"})
    assert client.post(change_url(follow_up), data).status_code == 302
    assert assessment(follow_up, "3.1").status == AssessmentStatus.ON_TRACK
    assert assessment(follow_up, "2.1").status == AssessmentStatus.ON_TRACK


def test_an_official_without_a_unit_sees_every_goal_read_only(client, official):
    follow_up = follow_up_of_two_units()

    page = client.get(change_url(follow_up)).text

    assert 'name="goal_assessments-0-status"' not in page
    assert page.count('class="goal-assessment locked"') == 4 + 2


def test_an_official_cannot_submit(client):
    follow_up = follow_up_of_two_units()
    unit_official(client, SOCIAL)

    assert "Lämna in…" not in client.get(change_url(follow_up)).text
    assert (
        client.post(step_url(follow_up, "submit"), {"confirm_unassessed": "on"}).status_code == 403
    )
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.DRAFT


# Mina mål and progress


def test_mina_mal_shows_only_the_goals_of_the_users_units(client):
    follow_up = follow_up_of_two_units()
    unit_official(client, CULTURE)

    page = client.get(change_url(follow_up) + "?mina=1").text

    assert page.count('<section class="goal-assessment') == 2 + 1
    assert f"Ansvarig: {SOCIAL}" not in page
    assert "Visa alla mål" in page
    assert "Visar målen för dina enheter." in page


def test_saving_with_mina_mal_saves_the_shown_goals(client):
    follow_up = follow_up_of_two_units()
    unit_official(client, CULTURE)
    shown = [row for row in follow_up.goal_assessments.all() if row.goal.code.startswith("2.")]
    data = {
        "seen_change": change_form_data(follow_up)["seen_change"],
        "goal_assessments-TOTAL_FORMS": 2,
        "goal_assessments-INITIAL_FORMS": 2,
        "guideline_assessments-TOTAL_FORMS": 1,
        "guideline_assessments-INITIAL_FORMS": 1,
        "guideline_assessments-0-id": follow_up.guideline_assessments.get(
            guideline__title="Våldsbejakande extremism"
        ).pk,
        "guideline_assessments-0-follow_up": follow_up.pk,
        "guideline_assessments-0-narrative": "Utbildning för personalen.",
        "attachments-TOTAL_FORMS": 0,
        "attachments-INITIAL_FORMS": 0,
    }
    for index, row in enumerate(shown):
        data[f"goal_assessments-{index}-id"] = row.pk
        data[f"goal_assessments-{index}-follow_up"] = follow_up.pk
        data[f"goal_assessments-{index}-status"] = "fulfilled"
        data[f"goal_assessments-{index}-narrative"] = ""

    response = client.post(change_url(follow_up) + "?mina=1", data)

    assert response.status_code == 302
    assert sorted(follow_up.goal_assessments.values_list("goal__area__number", "status")) == [
        (1, "not_assessed"),
        (1, "not_assessed"),
        (2, "fulfilled"),
        (2, "fulfilled"),
    ]


def test_the_follow_up_list_filters_to_my_goals_and_counts_them(client):
    follow_up = follow_up_of_two_units(goals_per_unit=3)
    other = FollowUp.objects.create_for_year(
        GoalFactory(responsible_unit=UnitFactory(name="Miljöförvaltningen")).area.program, 2019
    )
    unit_official(client, SOCIAL)
    GoalAssessment.objects.filter(pk=assessment(follow_up, "1.2").pk).update(status="on_track")

    page = client.get(CHANGELIST + "?ansvar=mina").text

    assert str(follow_up) in page
    assert str(other) not in page
    assert "1 av dina 3" in page
    assert "Mina mål" in client.get(CHANGELIST).text


@pytest.mark.parametrize("follow_ups", [1, 6])
def test_the_follow_up_list_shows_progress_per_unit_in_fixed_queries(
    client, official, django_assert_num_queries, follow_ups
):
    for _ in range(follow_ups):
        follow_up = follow_up_of_two_units(goals_per_unit=4, unitless_goals=1)
        row = assessment(follow_up, "2.3")
        row.status = AssessmentStatus.FULFILLED
        row.save()

    with django_assert_num_queries(11):
        page = client.get(CHANGELIST).text

    assert page.count(f"<li>{CULTURE}: 1 av 4 bedömda</li>") == follow_ups
    assert page.count(f"<li>{SOCIAL}: 0 av 4 bedömda</li>") == follow_ups
    assert page.count("<li>Ingen ansvarig enhet: 0 av 1 bedömda</li>") == follow_ups


@pytest.mark.parametrize("goals_per_unit", [5, 50])
def test_progress_per_unit_in_fixed_queries(client, django_assert_num_queries, goals_per_unit):
    follow_up = follow_up_of_two_units(goals_per_unit=goals_per_unit)
    rows = list(follow_up.goal_assessments.filter(goal__area__number=1))
    for row in rows[:3]:
        row.status = AssessmentStatus.ON_TRACK
        row.save()
    unit_official(client, SOCIAL)

    # With the attachments inline's rows.
    with django_assert_num_queries(16):
        response = client.get(change_url(follow_up))

    page = response.text
    goals = 2 * goals_per_unit
    assert f"{SOCIAL}: 3 av {goals_per_unit} bedömda" in page
    assert f"{CULTURE}: 0 av {goals_per_unit} bedömda" in page
    assert f"3 av {goals} mål bedömda" in page
    assert page.count('<section class="goal-assessment') == goals + 2


def test_a_100_goal_follow_up_page_for_a_coordinator_in_fixed_queries(
    client, django_assert_num_queries
):
    follow_up = follow_up_of_two_units(goals_per_unit=50)
    client.force_login(UserFactory(groups=["Samordnare"]))

    # With the attachments inline's rows.
    with django_assert_num_queries(14):
        response = client.get(change_url(follow_up))

    assert "0 av 100 mål bedömda" in response.text


# Writing the assessment


def test_last_years_status_and_text_are_beside_the_goal_with_a_button_to_start_from_it(client):
    follow_up = follow_up_of_two_units()
    GoalAssessment.objects.filter(pk=assessment(follow_up, "1.1").pk).update(
        status="partly_on_track", narrative="Förra årets <text> om trygghetsvandringar."
    )
    walk_to(follow_up, FollowUp.Status.PUBLISHED)
    this_year = FollowUp.objects.create_for_year(follow_up.program, follow_up.year + 1)
    unit_official(client, SOCIAL)

    page = client.get(change_url(this_year)).text

    assert f"Uppföljning {follow_up.year}:" in page
    assert "Delvis i fas" in page
    # Shown escaped for copying, and kept for the script's button.
    assert page.count("Förra årets &lt;text&gt; om trygghetsvandringar.") == 2
    assert "Utgå från förra årets text" in page
    assert "js/copy-previous" in page


def test_no_save_and_add_another_on_the_follow_up_pages(client, coordinator):
    follow_up = follow_up_of_two_units()
    for url in [change_url(follow_up), reverse("admin:followups_followup_add")]:
        page = client.get(url).text
        assert "_addanother" not in page
        assert "Spara och lägg till ny" not in page
    assert "Spara och fortsätt redigera" in client.get(change_url(follow_up)).text


def test_the_public_goal_page_names_the_responsible_unit(client):
    follow_up = follow_up_of_two_units()
    goal = assessment(follow_up, "2.1").goal

    assert f"Ansvarig: {CULTURE}" in client.get(goal.get_absolute_url()).text


# The approve step's agenda item search


def committee_items(follow_up):
    """Three agenda items of the program's committee (the body that decided an
    earlier follow-up) and one of another body."""
    committee = BodyFactory(name="Trygghets- och delaktighetsberedningen")
    earlier = FollowUp.objects.create(program=follow_up.program, year=follow_up.year + 1)
    walk_to(earlier, FollowUp.Status.SUBMITTED)
    decided = AgendaItemFactory(
        meeting=MeetingFactory(body=committee, date=datetime.date(2020, 2, 10)),
        title="Uppföljning av programmet 2019",
    )
    earlier.approve(UserFactory(is_superuser=True), decided)
    newest = AgendaItemFactory(
        meeting=MeetingFactory(body=committee, date=datetime.date(2021, 2, 18)),
        title="Uppföljning av programmet 2020",
        paragraph="§ 8",
    )
    older = AgendaItemFactory(
        meeting=MeetingFactory(body=committee, date=datetime.date(2020, 9, 1)),
        title="Budget för trygghetsarbetet",
    )
    elsewhere = AgendaItemFactory(
        meeting=MeetingFactory(body=BodyFactory(name="Kommunstyrelsen")),
        title="Uppföljning av något annat",
    )
    return newest, older, decided, elsewhere


def search(client, follow_up, query):
    url = reverse("admin:followups_followup_agenda_items", args=[follow_up.pk])
    return client.get(url, {"sok": query})


def test_the_search_finds_the_committees_items_newest_first(
    client, publisher, django_assert_num_queries
):
    follow_up = follow_up_of_two_units()
    walk_to(follow_up, FollowUp.Status.SUBMITTED)
    newest, older, decided, _elsewhere = committee_items(follow_up)
    client.force_login(publisher)

    with django_assert_num_queries(9):
        response = search(client, follow_up, "uppföljning")

    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "results": [
            {"id": newest.pk, "label": f"{newest.meeting} – {newest}"},
            {"id": decided.pk, "label": f"{decided.meeting} – {decided}"},
        ],
        "status": "2 ärenden hittades.",
    }
    everything = [result["id"] for result in search(client, follow_up, "").json()["results"]]
    assert everything == [newest.pk, older.pk, decided.pk]
    assert [r["id"] for r in search(client, follow_up, "§ 8 2021").json()["results"]] == [newest.pk]


def test_only_publishers_search_agenda_items(client):
    follow_up = follow_up_of_two_units()
    for group in ["Tjänsteperson", "Samordnare"]:
        client.force_login(UserFactory(groups=[group]))
        assert search(client, follow_up, "").status_code == 403
    client.logout()
    assert search(client, follow_up, "").status_code == 302  # to the login page


def test_without_script_the_approve_page_searches_and_approves(client, publisher):
    follow_up = follow_up_of_two_units()
    walk_to(follow_up, FollowUp.Status.SUBMITTED)
    newest, older, _decided, elsewhere = committee_items(follow_up)
    client.force_login(publisher)
    url = step_url(follow_up, "approve")

    page = client.get(url, {"sok": "budget"}).text
    assert f'<option value="{older.pk}">' in page
    assert f'<option value="{newest.pk}">' not in page
    assert str(elsewhere.title) not in page
    assert "1 ärende hittades." in page
    assert "js/agenda-item-search" in page

    # An item of another body is not a valid choice, even posted by hand.
    assert "Välj ett giltigt alternativ" in client.post(url, {"agenda_item": elsewhere.pk}).text
    response = client.post(url + "?sok=budget", {"agenda_item": newest.pk})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.agenda_item) == (FollowUp.Status.APPROVED, newest)


# Officials of several units at once


def opened_form(client, follow_up, codes):
    """What the page the user opens would post, the goals ``codes`` theirs: its
    hidden seen_change included."""
    seen = client.get(change_url(follow_up)).context["adminform"].form["seen_change"].value()
    return own_rows_only({**change_form_data(follow_up), "seen_change": seen}, follow_up, codes)


def test_officials_of_two_units_save_at_once_without_refusing_each_other(client):
    follow_up = follow_up_of_two_units()
    social_client, culture_client = client, Client()
    unit_official(social_client, SOCIAL)
    unit_official(culture_client, CULTURE)
    social_form = opened_form(social_client, follow_up, {"1.1", "1.2"})
    culture_form = opened_form(culture_client, follow_up, {"2.1", "2.2"})

    social_form[f"goal_assessments-{form_index(follow_up, '1.1')}-status"] = "on_track"
    assert social_client.post(change_url(follow_up), social_form).status_code == 302
    culture_form[f"goal_assessments-{form_index(follow_up, '2.1')}-status"] = "fulfilled"
    assert culture_client.post(change_url(follow_up), culture_form).status_code == 302

    assert assessment(follow_up, "1.1").status == AssessmentStatus.ON_TRACK
    assert assessment(follow_up, "2.1").status == AssessmentStatus.FULFILLED


def test_two_officials_of_one_unit_still_see_each_others_change(client):
    follow_up = follow_up_of_two_units()
    first, second = client, Client()
    unit_official(first, SOCIAL)
    unit_official(second, SOCIAL)
    first_form = opened_form(first, follow_up, {"1.1", "1.2"})
    second_form = opened_form(second, follow_up, {"1.1", "1.2"})

    first_form[f"goal_assessments-{form_index(follow_up, '1.1')}-narrative"] = "Först."
    assert first.post(change_url(follow_up), first_form).status_code == 302
    second_form[f"goal_assessments-{form_index(follow_up, '1.2')}-narrative"] = "Sedan."
    response = second.post(change_url(follow_up), second_form)

    assert "Någon annan har sparat efter att du öppnade sidan" in response.text
    assert "Sedan." in response.text
    assert assessment(follow_up, "1.2").narrative == ""
