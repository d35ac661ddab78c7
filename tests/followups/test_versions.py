"""The decided record: an approved follow-up's report is frozen, the database
refuses any change to it, and corrections add versions."""

import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from huddinge_safety.followups.models import (
    AssessmentStatus,
    FollowUp,
    GoalAssessment,
    ReportVersion,
    checksum,
)
from tests.factories import (
    AgendaItemFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    UserFactory,
)
from tests.pdf_reading import page_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved():
    """A published follow-up of 2005, approved through the workflow."""
    goal = GoalFactory(
        text="Fler ska känna sig trygga.",
        area__program__start_year=2004,
        area__program__end_year=2007,
    )
    indicator = IndicatorFactory(program=goal.area.program, name="Andel trygga")
    IndicatorValueFactory(indicator=indicator, year=2005, value="61.5")
    IndicatorValueFactory(indicator=indicator, year=2006, value="99")
    follow_up = FollowUp.objects.create_for_year(
        goal.area.program, 2005, summary="Året <b>sammanfattat</b>."
    )
    follow_up.goal_assessments.update(status=AssessmentStatus.ON_TRACK, narrative="Gjort.")
    publisher = UserFactory(groups=["Publicerare"])
    follow_up.submit(publisher)
    follow_up.approve(publisher, AgendaItemFactory(decision="Uppföljningen godkänns."))
    follow_up.publish(publisher)
    return follow_up


def report_text(client, follow_up):
    response = client.get(follow_up.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_approval_freezes_the_report_with_its_checksum(approved):
    version = approved.versions.get()
    assert version.number == 1
    assert version.reason == ""
    assert version.content["summary"] == "Året <b>sammanfattat</b>."
    assert version.sha256 == checksum(version.content)
    assert version.content["decision"]["decision"] == "Uppföljningen godkänns."


def test_later_edits_change_nothing_in_the_published_report(client, approved):
    goal = GoalAssessment.objects.get(follow_up=approved).goal
    goal.text = "Ändrad efteråt."
    goal.save()
    approved.agenda_item.decision = "Ändrat beslut."
    approved.agenda_item.save()
    approved.program.indicators.get().values.filter(year=2005).delete()
    html = report_text(client, approved)
    assert "Fler ska känna sig trygga." in html
    assert "Ändrad efteråt." not in html
    assert "Uppföljningen godkänns." in html
    assert "Ändrat beslut." not in html
    assert '<td class="number">61,5</td>' in html


def test_a_report_never_shows_values_after_its_year(client, approved):
    html = report_text(client, approved)
    assert '<th scope="row">2005</th>' in html
    assert '<th scope="row">2006</th>' not in html
    assert ">99<" not in html


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE followups_followup SET summary = 'x' WHERE id = %s",
        "DELETE FROM followups_followup WHERE id = %s",
        "UPDATE followups_goalassessment SET narrative = 'x' WHERE follow_up_id = %s",
        "DELETE FROM followups_goalassessment WHERE follow_up_id = %s",
        "UPDATE followups_reportversion SET content = '{}' WHERE follow_up_id = %s",
        "DELETE FROM followups_reportversion WHERE follow_up_id = %s",
    ],
)
def test_raw_sql_cannot_change_the_decided_record(approved, sql):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [approved.pk])


def test_querysets_cannot_change_the_decided_record(approved):
    for attempt in [
        lambda: FollowUp.objects.filter(pk=approved.pk).update(summary="x"),
        lambda: FollowUp.objects.filter(pk=approved.pk).update(status=FollowUp.Status.DRAFT),
        lambda: GoalAssessment.objects.filter(follow_up=approved).update(narrative="x"),
        lambda: GoalAssessment.objects.filter(follow_up=approved).delete(),
        lambda: ReportVersion.objects.filter(follow_up=approved).update(reason="x"),
        lambda: ReportVersion.objects.filter(follow_up=approved).delete(),
    ]:
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert FollowUp.objects.get(pk=approved.pk).summary == "Året <b>sammanfattat</b>."


def test_admin_refuses_to_delete_a_decided_follow_up_with_a_message(client, approved):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:followups_followup_delete", args=[approved.pk]),
        {"post": "yes"},
        follow=True,
    )
    assert "Uppföljningen är godkänd och därför låst. Den kan inte tas bort." in (
        response.content.decode()
    )
    response = client.post(
        reverse("admin:followups_followup_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [approved.pk],
            "post": "yes",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Den kan inte tas bort." in response.content.decode()
    assert FollowUp.objects.filter(pk=approved.pk).exists()


def test_a_correction_adds_a_version_and_every_version_stays_readable(client, approved):
    first = approved.versions.get()
    ReportVersion.objects.freeze(
        approved,
        None,
        reason="Fel årtal i sammanfattningen.",
        content={**first.content, "summary": "Rättad text."},
    )
    html = report_text(client, approved)
    assert "Rättad text." in html
    assert "Rättad " in html
    assert ": Fel årtal i sammanfattningen." in html
    assert f'href="{first.get_absolute_url()}"' in html
    old = client.get(first.get_absolute_url()).content.decode()
    assert "Året &lt;b&gt;sammanfattat&lt;/b&gt;." in old
    assert "Rättad text." not in old
    assert "läs den gällande versionen" in old
    pdf = client.get(first.get_pdf_url())
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_feed_summary_is_escaped_twice_so_readers_show_text(client, approved):
    response = client.get(reverse("followups:feed"))
    feed = ET.fromstring(response.content)
    summary = feed.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary")
    # What a reader renders as HTML: the tags as text, never as markup.
    assert "&lt;b&gt;sammanfattat&lt;/b&gt;" in summary.text


def test_a_version_keeps_what_it_links_to_not_addresses(approved):
    """The templates make the links from ids, so a frozen report links right
    whatever the site's addresses become (another language, a moved page)."""

    def strings(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)
        elif isinstance(value, str):
            yield value

    content = approved.versions.get().content
    assert not [text for text in strings(content) if text.startswith("/")]
    assert content["areas"][0]["goals"][0]["id"] == approved.goal_assessments.get().goal_id


def correction_url(follow_up):
    return reverse("admin:followups_followup_correction", args=[follow_up.pk])


def correction_data(follow_up, **changes):
    """What the correction form posts: the newest version's texts, with ``changes``."""
    content = follow_up.versions.order_by("-number").first().content
    data = {key: content[key] for key in ("summary", "overall_status", "overall_narrative")}
    goals = [goal for area in content["areas"] for goal in area["goals"]]
    for index, goal in enumerate(goals):
        data[f"goal_{index}_status"] = goal["status"]
        data[f"goal_{index}_narrative"] = goal["narrative"]
    for index, guideline in enumerate(content["guidelines"]):
        data[f"guideline_{index}_narrative"] = guideline["narrative"]
    return {**data, **changes}


def test_a_publisher_issues_a_correction_in_the_admin(client, approved, publisher):
    change_page = client.get(reverse("admin:followups_followup_change", args=[approved.pk]))
    assert f'href="{correction_url(approved)}"' in change_page.content.decode()
    assert "Utfärda rättelse…" in change_page.content.decode()
    form = client.get(correction_url(approved)).content.decode()
    assert "Året &lt;b&gt;sammanfattat&lt;/b&gt;." in form
    response = client.post(
        correction_url(approved),
        correction_data(
            approved,
            reason="Fel i målets text.",
            goal_0_narrative="Rättat arbete.",
            goal_0_status=AssessmentStatus.FULFILLED,
        ),
        follow=True,
    )
    assert "Rättelsen är utfärdad: version 2 av rapporten." in response.content.decode()
    first, second = approved.versions.order_by("number")
    assert second.reason == "Fel i målets text."
    assert second.created_by == publisher
    assert second.content["areas"][0]["goals"][0]["narrative"] == "Rättat arbete."
    # Nothing else changes: the assessment rows stay as decided.
    assert GoalAssessment.objects.get(follow_up=approved).narrative == "Gjort."
    html = report_text(client, approved)
    assert "Rättat arbete." in html
    assert "Rättad " in html
    assert ": Fel i målets text." in html
    assert "Gjort." in client.get(first.get_absolute_url()).content.decode()
    pdf = " ".join(
        page_texts(
            client.get(reverse("followups:report_pdf", args=[approved.program_id, 2005])).content
        )
    )
    assert "Rättat arbete." in pdf
    assert "Fel i målets text." in pdf


def test_an_official_may_not_issue_corrections(client, approved, official):
    change_page = client.get(reverse("admin:followups_followup_change", args=[approved.pk]))
    assert correction_url(approved) not in change_page.content.decode()
    assert client.get(correction_url(approved)).status_code == 403
    response = client.post(correction_url(approved), correction_data(approved, reason="Skäl."))
    assert response.status_code == 403
    assert approved.versions.count() == 1


def test_a_correction_needs_a_reason_and_a_change(client, approved, publisher):
    response = client.post(correction_url(approved), correction_data(approved, reason=" "))
    assert "Detta fält måste fyllas i." in response.content.decode()
    response = client.post(correction_url(approved), correction_data(approved, reason="Skäl."))
    assert "Ingenting är rättat: ändra en text först." in response.content.decode()
    assert approved.versions.count() == 1


def test_a_draft_cannot_be_corrected(client, publisher):
    draft = FollowUp.objects.create_for_year(GoalFactory().area.program, 2020)
    response = client.post(
        correction_url(draft), {"reason": "Skäl.", "summary": "Ny."}, follow=True
    )
    assert "Bara en godkänd uppföljning kan rättas" in response.content.decode()
    assert not ReportVersion.objects.filter(follow_up=draft).exists()
    with pytest.raises(ValidationError):
        draft.correct(publisher, {"summary": "Ny."}, "Skäl.")


@pytest.mark.parametrize(
    ("start", "jump"),
    [
        (FollowUp.Status.DRAFT, "published"),
        (FollowUp.Status.DRAFT, "approved"),
        (FollowUp.Status.SUBMITTED, "published"),
        (FollowUp.Status.APPROVED, "submitted"),
    ],
)
def test_the_database_keeps_the_workflow_order(start, jump):
    follow_up = FollowUp.objects.create_for_year(GoalFactory().area.program, 2020)
    follow_up.record_steps_to(start)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE followups_followup SET status = %s WHERE id = %s", [jump, follow_up.pk]
        )
    follow_up.refresh_from_db()
    assert follow_up.status == start


def test_the_step_methods_take_every_allowed_step():
    follow_up = FollowUp.objects.create_for_year(GoalFactory().area.program, 2020)
    publisher = UserFactory(groups=["Publicerare"])
    follow_up.submit(publisher, confirm_unassessed=True)
    follow_up.send_back(publisher, "Bedöm målen.")
    follow_up.submit(publisher, confirm_unassessed=True)
    follow_up.approve(publisher, AgendaItemFactory())
    follow_up.publish(publisher)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.PUBLISHED


def test_no_assessment_can_be_added_to_a_decided_follow_up(approved):
    goal = GoalFactory(area=GoalAssessment.objects.get(follow_up=approved).goal.area, number=9)
    with pytest.raises(DatabaseError), transaction.atomic():
        GoalAssessment.objects.create(follow_up=approved, goal=goal)
    guideline = approved.program.guidelines.create(title="Ny riktlinje")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO followups_guidelineassessment (follow_up_id, guideline_id, narrative) "
            "VALUES (%s, %s, '')",
            [approved.pk, guideline.pk],
        )
    draft = FollowUp.objects.create_for_year(approved.program, 2006)
    with pytest.raises(DatabaseError), transaction.atomic():
        draft.goal_assessments.update(follow_up=approved)
    assert approved.goal_assessments.count() == 1
    assert not approved.guideline_assessments.exists()


def test_a_goal_assessed_in_a_decided_follow_up_cannot_be_deleted(client, approved):
    client.force_login(UserFactory(is_superuser=True))
    goal = GoalAssessment.objects.get(follow_up=approved).goal
    url = reverse("admin:goals_goal_delete", args=[goal.pk])
    page = " ".join(client.get(url).content.decode().split())
    assert "Kan inte ta bort underliggande mål" in page
    assert "kräver borttagning av följande skyddade relaterade objekt" in page
    assert str(GoalAssessment.objects.get(goal=goal)) in page
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "Kan inte ta bort underliggande mål" in response.content.decode()
    assert GoalAssessment.objects.filter(goal=goal).exists()
    guideline = approved.program.guidelines.create(title="Klotter")
    draft = FollowUp.objects.create_for_year(approved.program, 2006)
    assert draft.guideline_assessments.filter(guideline=guideline).exists()
    response = client.post(
        reverse("admin:programs_guideline_delete", args=[guideline.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not draft.guideline_assessments.exists()


def test_a_goal_with_only_draft_assessments_can_be_deleted(client, db):
    client.force_login(UserFactory(is_superuser=True))
    goal = GoalFactory()
    FollowUp.objects.create_for_year(goal.area.program, goal.area.program.start_year)
    response = client.post(reverse("admin:goals_goal_delete", args=[goal.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not GoalAssessment.objects.exists()


def test_search_reads_the_newest_version_of_a_follow_up(client, approved):
    def follow_up_hits(query):
        html = client.get(reverse("search"), {"q": query}).content.decode()
        return ">Uppföljningar <span" in html

    assert follow_up_hits("sammanfattat")
    first = approved.versions.get()
    approved.correct(
        UserFactory(groups=["Publicerare"]),
        {**first.content, "summary": "Snöröjningen rättad."},
        "Fel sammanfattning.",
    )
    assert not follow_up_hits("sammanfattat")
    assert follow_up_hits("snöröjning")
