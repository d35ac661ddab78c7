"""The follow-up admin: creating a year's follow-up, filling it in, the workflow
buttons and actions, locking, history and bounded queries."""

import pytest
from django.contrib import admin
from django.templatetags.static import static
from django.urls import reverse

from huddinge_safety.followups.models import AssessmentStatus, FollowUp, GoalAssessment

from ..factories import (
    AgendaItemFactory,
    FollowUpFactory,
    GoalFactory,
    GuidelineFactory,
    ProgramFactory,
    ResponsibilityAreaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Status = FollowUp.Status
CHANGELIST = reverse("admin:followups_followup_changelist")
ADD = reverse("admin:followups_followup_add")


def change_url(follow_up):
    return reverse("admin:followups_followup_change", args=[follow_up.pk])


def step_url(follow_up, step):
    return reverse("admin:followups_followup_workflow", args=[follow_up.pk, step])


def program_with_goals(goals_per_area=2, areas=2):
    program = ProgramFactory()
    for area_number in range(1, areas + 1):
        area = ResponsibilityAreaFactory(program=program, number=area_number)
        for goal_number in range(1, goals_per_area + 1):
            GoalFactory(area=area, number=goal_number)
    GuidelineFactory(program=program, title="Klotter")
    return program


def walk_to(follow_up, status):
    """Take the workflow steps of ``follow_up`` up to ``status``, as a superuser."""
    user = UserFactory(is_superuser=True)
    steps = [
        (Status.SUBMITTED, lambda: follow_up.submit(user, confirm_unassessed=True)),
        (Status.APPROVED, lambda: follow_up.approve(user, AgendaItemFactory())),
        (Status.PUBLISHED, lambda: follow_up.publish(user)),
    ]
    for reached, step in steps:
        step()
        if reached == status:
            return


def seen_change(obj):
    """The hidden field of a change form as it is shown now (optimistic locking)."""
    return admin.site._registry[type(obj)].last_change(obj.pk).isoformat()


def change_form_data(follow_up, statuses=None, **fields):
    """What the change form posts: the follow-up's own fields and both inlines."""
    statuses = statuses or {}
    data = {
        "seen_change": seen_change(follow_up),
        "overall_status": follow_up.overall_status,
        "overall_narrative": follow_up.overall_narrative,
        "summary": follow_up.summary,
        "document_reference": follow_up.document_reference,
        **fields,
    }
    for prefix, assessments in [
        ("goal_assessments", list(follow_up.goal_assessments.all())),
        ("guideline_assessments", list(follow_up.guideline_assessments.all())),
    ]:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": len(assessments),
                f"{prefix}-INITIAL_FORMS": len(assessments),
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
        for index, assessment in enumerate(assessments):
            data[f"{prefix}-{index}-id"] = assessment.pk
            data[f"{prefix}-{index}-follow_up"] = follow_up.pk
            data[f"{prefix}-{index}-narrative"] = assessment.narrative
            if prefix == "goal_assessments":
                data[f"{prefix}-{index}-status"] = statuses.get(
                    assessment.goal.code, assessment.status
                )
    data.update({"attachments-TOTAL_FORMS": 0, "attachments-INITIAL_FORMS": 0})
    return data


# Creating the follow-up of a year


def test_adding_a_follow_up_prefills_an_assessment_per_goal_and_guideline(client, official):
    program = program_with_goals()

    response = client.post(ADD, {"program": program.pk, "year": 2020}, follow=True)

    follow_up = FollowUp.objects.get()
    assert response.redirect_chain[-1][0] == change_url(follow_up)
    assert follow_up.goal_assessments.count() == 4
    assert follow_up.guideline_assessments.count() == 1
    assert f"{follow_up} är skapad med 4 mål och 1 riktlinjer att följa upp." in (response.text)
    assert follow_up.history.get().history_user == official


def test_add_page_asks_only_for_program_and_year(client, official):
    response = client.get(ADD)
    assert list(response.context["adminform"].form.fields) == ["program", "year"]
    assert "Spara och lägg till ny" not in response.text


def test_year_outside_the_program_period_is_a_form_error(client, official):
    program = program_with_goals()
    response = client.post(ADD, {"program": program.pk, "year": 2022})
    assert response.status_code == 200
    assert "Året 2022 ligger utanför programperioden 2018–2021." in response.text
    assert not FollowUp.objects.exists()
    assert not GoalAssessment.objects.exists()


def test_second_follow_up_for_the_same_year_is_a_form_error(client, official):
    follow_up = FollowUpFactory(program=program_with_goals(), year=2020)
    response = client.post(ADD, {"program": follow_up.program.pk, "year": 2020})
    assert response.status_code == 200
    assert "Programmet har redan en uppföljning för detta år." in response.text
    assert FollowUp.objects.count() == 1


# Filling it in


def test_change_page_groups_goals_by_area_with_last_years_status(client, coordinator):
    program = program_with_goals()
    last_year = FollowUp.objects.create_for_year(program, 2019)
    last_year.goal_assessments.filter(goal__area__number=2, goal__number=1).update(
        status=AssessmentStatus.PARTLY_ON_TRACK
    )
    follow_up = FollowUp.objects.create_for_year(program, 2020)

    page = client.get(change_url(follow_up)).text

    area_1, area_2 = program.areas.all()
    assert (
        page.index(f"Ansvarsområde {area_1}")
        < page.index("Mål 1.1")
        < page.index("Mål 1.2")
        < page.index(f"Ansvarsområde {area_2}")
        < page.index("Mål 2.1")
    )
    row_2_1 = page[page.index("Mål 2.1") : page.index("Mål 2.2")]
    assert "2019:" in row_2_1
    assert "◐</span> Delvis i fas" in row_2_1
    assert '<option value="on_track">● I fas</option>' in page
    assert "Lämna in…" in page
    assert "Godkänn…" not in page
    assert reverse("followups:draft_pdf", args=[follow_up.pk]) in page


def test_first_follow_up_says_there_is_no_earlier_one(client, official):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2018)
    assert "Ingen tidigare uppföljning" in client.get(change_url(follow_up)).text


def test_saving_the_change_page_updates_every_assessment(client, coordinator):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2020)
    data = change_form_data(
        follow_up,
        {"1.1": AssessmentStatus.FULFILLED, "2.2": AssessmentStatus.NOT_ON_TRACK},
        overall_status=AssessmentStatus.ON_TRACK,
        overall_narrative="Arbetet går framåt.",
    )

    response = client.post(change_url(follow_up), data)

    assert response.status_code == 302, response.context["errors"]
    follow_up.refresh_from_db()
    assert follow_up.overall_status == AssessmentStatus.ON_TRACK
    statuses = {a.goal.code: a.status for a in follow_up.goal_assessments.all()}
    assert statuses == {
        "1.1": "fulfilled",
        "1.2": "not_assessed",
        "2.1": "not_assessed",
        "2.2": "not_on_track",
    }
    assessment = follow_up.goal_assessments.get(goal__number=1, goal__area__number=1)
    assert assessment.history.first().history_user == coordinator


# Workflow buttons


def test_coordinator_submits_from_the_change_page(client, coordinator):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2020)
    assert "uppföljningen är inlämnad" in client.get(step_url(follow_up, "submit")).text.lower()

    response = client.post(step_url(follow_up, "submit"), {"confirm_unassessed": "on"}, follow=True)

    assert response.redirect_chain[-1][0] == change_url(follow_up)
    assert f"{follow_up} är nu inlämnad." in response.text
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.submitted_by) == (Status.SUBMITTED, coordinator)


def test_officials_cannot_open_approve_or_publish(client, official):
    follow_up = FollowUpFactory(status=Status.SUBMITTED)
    assert client.get(step_url(follow_up, "approve")).status_code == 403
    assert client.post(step_url(follow_up, "publish")).status_code == 403
    assert "Godkänn…" not in client.get(change_url(follow_up)).text
    follow_up.refresh_from_db()
    assert follow_up.status == Status.SUBMITTED


def test_approving_without_agenda_item_shows_the_reason(client, publisher):
    follow_up = FollowUpFactory(status=Status.SUBMITTED)
    response = client.post(step_url(follow_up, "approve"), {"agenda_item": ""})
    assert response.status_code == 200
    assert "Ange ärendet där uppföljningen godkändes." in response.text
    assert FollowUp.objects.get().status == Status.SUBMITTED


def test_publisher_approves_with_agenda_item_and_publishes(client, publisher):
    follow_up = FollowUpFactory(status=Status.SUBMITTED)
    agenda_item = AgendaItemFactory(title="Uppföljning av programmet avseende 2018")
    form_page = client.get(step_url(follow_up, "approve")).text
    assert "Uppföljning av programmet avseende 2018" in form_page

    client.post(step_url(follow_up, "approve"), {"agenda_item": agenda_item.pk})
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.agenda_item) == (Status.APPROVED, agenda_item)
    page = client.get(change_url(follow_up)).text
    assert "Publicera…" in page
    assert "Uppföljningen är godkänd och därför låst." in page
    assert "Ej registrerat" in page  # submitted before these tests' workflow began
    assert "Ännu inte" in page  # not yet published

    client.post(step_url(follow_up, "publish"))
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.published_by) == (Status.PUBLISHED, publisher)
    page = client.get(change_url(follow_up)).text
    assert follow_up.get_absolute_url() in page
    assert f"av {publisher.get_full_name()}" in page


def test_publishing_without_approval_shows_the_reason(client, publisher):
    follow_up = FollowUpFactory(status=Status.SUBMITTED)
    response = client.post(step_url(follow_up, "publish"))
    assert "Uppföljningen måste godkännas innan den kan publiceras." in response.text
    assert FollowUp.objects.get().status == Status.SUBMITTED


# Locked follow-ups


def test_approved_follow_up_is_read_only(client, publisher):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2020)
    follow_up.record_steps_to(Status.APPROVED)
    page = client.get(change_url(follow_up)).text
    assert 'name="goal_assessments-0-status"' not in page
    assert 'name="overall_narrative"' not in page
    assert "Uppföljningen är godkänd och därför låst. Den kan inte ändras." in page
    assert page.count('<span class="status-symbol" aria-hidden="true">–</span> Ej bedömt') == 5


def test_editing_a_locked_follow_up_is_refused_with_a_message(client, official):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2020)
    data = change_form_data(
        follow_up, {"1.1": AssessmentStatus.FULFILLED}, overall_narrative="Ändrad i efterhand."
    )
    follow_up.record_steps_to(Status.PUBLISHED)

    response = client.post(change_url(follow_up), data, follow=True)

    assert "Uppföljningen är godkänd och därför låst. Den kan inte ändras." in response.text
    follow_up.refresh_from_db()
    assert follow_up.overall_narrative == ""
    assert not follow_up.goal_assessments.filter(status=AssessmentStatus.FULFILLED).exists()


# Actions


def test_publish_action_is_all_or_nothing(client, publisher):
    approved = FollowUpFactory(status=Status.APPROVED, year=2019)
    draft = FollowUpFactory(program=approved.program, year=2020)
    response = client.post(
        CHANGELIST,
        {
            "action": "publish_selected",
            "_selected_action": [approved.pk, draft.pk],
        },
        follow=True,
    )
    assert "Inget ändrades." in response.text
    assert "måste godkännas innan den kan publiceras" in response.text
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED

    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [approved.pk]})
    approved.refresh_from_db()
    assert approved.status == Status.PUBLISHED


def test_officials_are_offered_no_bulk_action(client, official):
    # Neither submitting nor publishing, nor deleting: no action form at all.
    FollowUpFactory()
    assert client.get(CHANGELIST).context["action_form"] is None


def test_coordinators_are_offered_the_submit_action_only(client, coordinator):
    FollowUpFactory()
    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert "submit_selected" in dict(actions)
    assert "publish_selected" not in dict(actions)


# History


def test_history_shows_who_changed_what_and_an_old_version_can_be_restored(client, coordinator):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2020)
    client.post(change_url(follow_up), change_form_data(follow_up, overall_narrative="Första."))
    client.post(change_url(follow_up), change_form_data(follow_up, overall_narrative="Andra."))

    history_page = client.get(reverse("admin:followups_followup_history", args=[follow_up.pk])).text
    assert coordinator.get_username() in history_page
    assert "Motivering till samlad bedömning" in history_page
    assert "Ändrad av" in history_page
    assert "Changed by" not in history_page

    first = follow_up.history.get(overall_narrative="Första.")
    revert_url = reverse(
        "admin:followups_followup_simple_history", args=[follow_up.pk, first.history_id]
    )
    revert_page = client.get(revert_url).text
    assert "Första." in revert_page
    assert 'value="Återställ"' in revert_page
    response = client.post(revert_url, change_form_data(follow_up, overall_narrative="Första."))
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.overall_narrative == "Första."
    assert follow_up.history.first().history_user == coordinator


def test_a_locked_follow_up_cannot_be_reverted(client, publisher):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2020)
    draft_version = follow_up.history.get()
    walk_to(follow_up, Status.PUBLISHED)
    revert_url = reverse(
        "admin:followups_followup_simple_history", args=[follow_up.pk, draft_version.history_id]
    )
    response = client.post(revert_url, change_form_data(follow_up), follow=True)
    assert "Uppföljningen är godkänd och därför låst." in response.text
    assert FollowUp.objects.get().status == Status.PUBLISHED


def test_assessment_changes_show_on_the_follow_up_history_and_can_be_restored(client, coordinator):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2020)
    client.post(change_url(follow_up), change_form_data(follow_up, {"1.2": "on_track"}))
    client.post(change_url(follow_up), change_form_data(follow_up, {"1.2": "not_on_track"}))
    assessment = follow_up.goal_assessments.get(goal__area__number=1, goal__number=2)

    history_page = client.get(reverse("admin:followups_followup_history", args=[follow_up.pk])).text
    assert "Ändringar av bedömningar" in history_page
    assert "status: I fas → Ej i fas" in history_page
    assert "status: Ej bedömt → I fas" in history_page
    assert coordinator.get_username() in history_page
    history_url = reverse("admin:followups_goalassessment_history", args=[assessment.pk])
    assert history_url in history_page

    on_track = assessment.history.get(status="on_track")
    revert_url = reverse(
        "admin:followups_goalassessment_simple_history", args=[assessment.pk, on_track.history_id]
    )
    response = client.post(revert_url, {"status": "on_track", "narrative": ""})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.ON_TRACK


def test_assessments_of_a_locked_follow_up_cannot_be_restored(client, publisher):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2020)
    assessment = follow_up.goal_assessments.first()
    first_version = assessment.history.get()
    assessment.status = AssessmentStatus.FULFILLED
    assessment.save()
    follow_up.record_steps_to(Status.APPROVED)
    revert_url = reverse(
        "admin:followups_goalassessment_simple_history",
        args=[assessment.pk, first_version.history_id],
    )

    response = client.post(revert_url, {"status": "not_assessed", "narrative": ""}, follow=True)

    assert "Uppföljningen är godkänd och därför låst." in response.text
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.FULFILLED


def test_history_page_queries_do_not_grow_with_changes(
    client, coordinator, django_assert_max_num_queries
):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(goals_per_area=10), 2020)
    for status in ["on_track", "fulfilled", "not_on_track"]:
        client.post(
            change_url(follow_up),
            change_form_data(
                follow_up, {f"{area}.{goal}": status for area in (1, 2) for goal in range(1, 11)}
            ),
        )
    with django_assert_max_num_queries(15):
        response = client.get(reverse("admin:followups_followup_history", args=[follow_up.pk]))
    assert response.text.count("status: ") == 60


# Agenda item


def test_agenda_item_page_links_the_follow_up_it_decided(client, official):
    agenda_item = AgendaItemFactory()
    follow_up = FollowUpFactory(agenda_item=agenda_item, status=Status.APPROVED)
    page = client.get(reverse("admin:protocols_agendaitem_change", args=[agenda_item.pk])).text
    assert "Beslutade uppföljningar" in page
    assert change_url(follow_up) in page


# Bounded queries


@pytest.mark.parametrize("goals_per_area", [10, 25])
def test_change_page_queries_do_not_grow_with_goals(
    client, coordinator, django_assert_max_num_queries, goals_per_area
):
    program = program_with_goals(goals_per_area=goals_per_area, areas=4)
    FollowUp.objects.create_for_year(program, 2019)
    follow_up = FollowUp.objects.create_for_year(program, 2020)
    assert follow_up.goal_assessments.count() >= 40
    # 12, and the attachments inline's rows.
    with django_assert_max_num_queries(13):
        response = client.get(change_url(follow_up))
    assert response.text.count('<div class="previous">') == goals_per_area * 4


@pytest.mark.parametrize("programs", [2, 8])
def test_list_page_queries_do_not_grow_with_follow_ups(
    client, official, django_assert_max_num_queries, programs
):
    for _ in range(programs):
        program = program_with_goals(goals_per_area=25)
        for year in (2018, 2019, 2020):
            FollowUp.objects.create_for_year(program, year)
    with django_assert_max_num_queries(14):
        response = client.get(CHANGELIST)
    assert response.text.count('field-assessed_goals">0 av 50<') == programs * 3


def test_a_superuser_takes_every_step_in_admin(client):
    client.force_login(UserFactory(is_superuser=True))
    program = program_with_goals()
    client.post(ADD, {"program": program.pk, "year": 2021})
    follow_up = FollowUp.objects.get()
    agenda_item = AgendaItemFactory()

    client.post(step_url(follow_up, "submit"), {"confirm_unassessed": "on"})
    client.post(step_url(follow_up, "approve"), {"agenda_item": agenda_item.pk})
    client.post(step_url(follow_up, "publish"))

    assert FollowUp.objects.published().get() == follow_up


# Workflow steps from the change page save the form first


def test_a_workflow_button_saves_the_form_before_the_step(client, coordinator):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2020)
    page = client.get(change_url(follow_up)).text
    assert '<button type="submit" class="button" name="_workflow" value="submit">' in page

    data = change_form_data(follow_up, {"1.1": AssessmentStatus.ON_TRACK}, _workflow="submit")
    response = client.post(change_url(follow_up), data, follow=True)

    assert response.redirect_chain[-1][0] == step_url(follow_up, "submit")
    assert "Dina ändringar är sparade." in response.text
    assert follow_up.goal_assessments.get(goal__area__number=1, goal__number=1).status == (
        AssessmentStatus.ON_TRACK
    )
    assert FollowUp.objects.get().status == Status.DRAFT  # until confirmed on the step page


def test_the_change_form_warns_before_leaving_with_unsaved_edits(client, official):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2020)
    page = client.get(change_url(follow_up)).text
    assert f'<script src="{static("js/unsaved-changes.js")}" defer></script>' in page


def test_submitting_lists_the_unassessed_goals_and_needs_a_tick(client, coordinator):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2020)
    follow_up.goal_assessments.exclude(goal__area__number=2, goal__number=2).update(
        status=AssessmentStatus.ON_TRACK
    )
    page = client.get(step_url(follow_up, "submit")).text
    assert "1 mål är inte bedömt ännu:" in page
    assert "Mål 2.2" in page

    response = client.post(step_url(follow_up, "submit"))

    assert "1 mål är inte bedömt: 2.2." in response.text
    assert FollowUp.objects.get().status == Status.DRAFT
    client.post(step_url(follow_up, "submit"), {"confirm_unassessed": "on"})
    assert FollowUp.objects.get().status == Status.SUBMITTED


def test_submitting_a_fully_assessed_follow_up_asks_no_tick(client, coordinator):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2020)
    follow_up.goal_assessments.update(status=AssessmentStatus.FULFILLED)
    assert "confirm_unassessed" not in client.get(step_url(follow_up, "submit")).text
    client.post(step_url(follow_up, "submit"))
    assert FollowUp.objects.get().status == Status.SUBMITTED


def test_the_bulk_submit_refuses_unassessed_goals(client, coordinator):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2020)
    response = client.post(
        CHANGELIST,
        {
            "action": "submit_selected",
            "_selected_action": [follow_up.pk],
        },
        follow=True,
    )
    assert "Inget ändrades." in response.text
    assert "4 mål är inte bedömda: 1.1, 1.2, 2.1, 2.2." in response.text
    assert FollowUp.objects.get().status == Status.DRAFT


# Send back to draft


def test_publisher_sends_back_and_the_official_sees_the_comment(client, publisher):
    follow_up = FollowUpFactory(status=Status.SUBMITTED)
    assert "Skicka tillbaka till utkast…" in client.get(change_url(follow_up)).text

    response = client.post(step_url(follow_up, "send_back"), {"comment": ""})
    assert "Detta fält måste fyllas i." in response.text
    assert FollowUp.objects.get().status == Status.SUBMITTED

    client.post(step_url(follow_up, "send_back"), {"comment": "Komplettera mål 1.2."})

    official = UserFactory(groups=["Tjänsteperson"])
    client.force_login(official)
    page = client.get(change_url(follow_up)).text
    assert "Skickad tillbaka till utkast" in page
    assert "Komplettera mål 1.2." in page
    assert FollowUp.objects.get().status == Status.DRAFT


def test_officials_cannot_send_back(client, official):
    follow_up = FollowUpFactory(status=Status.SUBMITTED)
    assert "Skicka tillbaka" not in client.get(change_url(follow_up)).text
    assert client.post(step_url(follow_up, "send_back"), {"comment": "x"}).status_code == 403


# History revert never moves the workflow


def test_a_submitted_follow_up_cannot_be_reverted(client, coordinator):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2020)
    draft_version = follow_up.history.get()
    follow_up.submit(coordinator, confirm_unassessed=True)
    revert_url = reverse(
        "admin:followups_followup_simple_history", args=[follow_up.pk, draft_version.history_id]
    )

    response = client.post(revert_url, change_form_data(follow_up), follow=True)

    assert "Uppföljningen är inlämnad, så ingen tidigare version kan återställas." in (
        response.text
    )
    stored = FollowUp.objects.get()
    assert (stored.status, stored.submitted_by) == (Status.SUBMITTED, coordinator)


def test_reverting_a_draft_keeps_its_workflow_fields(client, coordinator, publisher):
    follow_up = FollowUp.objects.create_for_year(program_with_goals(), 2020)
    follow_up.submit(coordinator, confirm_unassessed=True)
    submitted_version = follow_up.history.first()
    follow_up.send_back(publisher, "Gör om.")
    client.force_login(coordinator)
    revert_url = reverse(
        "admin:followups_followup_simple_history",
        args=[follow_up.pk, submitted_version.history_id],
    )

    client.post(revert_url, change_form_data(follow_up, summary="Återställd."))

    stored = FollowUp.objects.get()
    assert (stored.summary, stored.status, stored.submitted_by) == (
        "Återställd.",
        Status.DRAFT,
        None,
    )
    assert stored.sent_back_comment == "Gör om."


# Size limits


def test_a_follow_up_with_400_goals_is_saved_from_one_form(client, coordinator):
    program = program_with_goals(goals_per_area=100, areas=4)
    follow_up = FollowUp.objects.create_for_year(program, 2020)
    data = change_form_data(
        follow_up,
        {
            goal.code: AssessmentStatus.ON_TRACK
            for goal in GoalFactory._meta.model.objects.filter(
                area__program=program
            ).select_related("area")
        },
        summary="x" * (3 * 1024 * 1024),
    )
    response = client.post(change_url(follow_up), data)
    assert response.status_code == 302
    assert follow_up.goal_assessments.filter(status=AssessmentStatus.ON_TRACK).count() == 400
    assert len(FollowUp.objects.get().summary) == 3 * 1024 * 1024


@pytest.mark.parametrize(
    "too_much",
    [
        {f"field{number}": "x" for number in range(4001)},
        {"summary": "x" * (11 * 1024 * 1024)},
    ],
    ids=["fields", "megabytes"],
)
def test_beyond_the_limits_the_official_gets_a_swedish_page(client, official, too_much):
    follow_up = FollowUpFactory()
    response = client.post(change_url(follow_up), too_much)
    assert response.status_code == 400
    assert "Begäran kunde inte tas emot" in response.text
    assert "webbläsarens bakåtknapp" in response.text
    assert FollowUp.objects.get().summary == ""
