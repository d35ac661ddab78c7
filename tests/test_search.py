import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from huddinge_safety.followups.models import FollowUp, GoalAssessment, GuidelineAssessment
from huddinge_safety.goals.models import Goal
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.models import AgendaItem, ProtocolNote
from huddinge_safety.search import RESULTS_PER_KIND, matches
from huddinge_safety.views import note_title
from tests.factories import (
    AgendaItemFactory,
    FollowUpFactory,
    GoalFactory,
    PartyFactory,
    ProgramFactory,
    ProtocolNoteFactory,
)


def search(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_inflected_swedish_words_are_found(client, db):
    ProgramFactory(title="Program A", overall_goal="Tryggheten i centrum ska öka.")
    ProgramFactory(title="Program B", overall_goal="Mer trygghet på kvällen.")
    html = search(client, "trygghet")
    assert "Program A" in html and "Program B" in html
    html = search(client, "tryggheten")
    assert "Program A" in html
    if connection.vendor == "postgresql":
        # The swedish configuration stems both words to the same lexeme.
        assert "Program B" in html
        # Snippets mark every word with a stem of the query, in either direction.
        assert "<mark>Tryggheten</mark>" in search(client, "trygghet")
        assert "Mer <mark>trygghet</mark> på kvällen." in html
    else:
        # The SQLite fallback matches substrings only.
        assert "Program B" not in html
        assert "<mark>Trygghet</mark>en" in search(client, "trygghet")


def test_swedish_letters_match_whatever_their_case(client, db):
    AgendaItemFactory(title="Åtgärder mot klotter", decision="ÖVERLÄMNAS till nämnden.")
    assert "Åtgärder mot klotter" in search(client, "åtgärder")
    assert "Åtgärder mot klotter" in search(client, "ÅTGÄRDER")
    assert "Åtgärder mot klotter" in search(client, "överlämnas")


def test_every_word_must_match(client, db):
    ProgramFactory(title="Program A", overall_goal="Belysning i parker.")
    assert "Program A" in search(client, "belysning parker")
    assert "Program A" not in search(client, "belysning skolgårdar")


def test_results_are_grouped_by_kind_and_linked(client, demo):
    html = search(client, "trygghet")
    groups = ["Program", "Beslut", "Protokollsanteckningar"]
    positions = [html.index(f">{label} <span class=\"count\">") for label in groups]
    assert positions == sorted(positions)
    note = html[positions[-1]:]
    assert "#anteckning-" in note and "Ärende 11: Uppföljning av Program för trygghet" in note
    follow_up = FollowUp.objects.get(year=2019)
    html = search(client, "programtiden")
    assert ">Uppföljningar <span class=\"count\">(1)</span>" in html
    assert f'<a href="{follow_up.get_absolute_url()}">{follow_up}</a>' in html


def test_goals_and_goal_narratives_of_published_follow_ups_are_found(client, db):
    goal = GoalFactory(text="Nattvandring i alla kommundelar.")
    follow_up = FollowUp.objects.create_for_year(
        goal.area.program, 2019, status=FollowUp.Status.PUBLISHED
    )
    follow_up.goal_assessments.update(narrative="Föreningar nattvandrade varje helg.")
    html = search(client, "nattvandring")
    assert f'<a href="{goal.get_absolute_url()}">Mål {goal.code} i {goal.area.program}</a>' in html
    assert f"Mål {goal.code} i {goal.area.program}, 2019" in search(client, "helg")


def test_hit_titles_are_those_of_the_saved_objects_with_or_without_related_rows(client, db):
    # Hits are rebuilt from a few values; an empty party or meeting date must
    # read as it does on the saved objects.
    without_party = ProtocolNoteFactory(body="Snöröjning vid skolor.",
                                        agenda_item__meeting__date=None)
    with_party = ProtocolNoteFactory(body="Snöröjning vid parker.",
                                     on_behalf_of=PartyFactory(abbreviation="MP", name=""))
    html = search(client, "snöröjning")
    for note in (without_party, with_party):
        assert f'<a href="{note.get_absolute_url()}">{note_title(note)}</a>' in html
    assert " för MP – " in html and "datum okänt" in html


def test_unpublished_follow_ups_are_never_found(client, db):
    goal = GoalFactory()
    draft = FollowUp.objects.create_for_year(
        goal.area.program, 2019, summary="Hemlig sammanfattning om kameror."
    )
    GoalAssessment.objects.filter(follow_up=draft).update(narrative="Hemlig kamerabedömning.")
    draft.guideline_assessments.create(
        guideline=goal.area.program.guidelines.create(title="Riktlinje"),
        narrative="Hemlig kamerariktlinje.",
    )
    for status in (FollowUp.Status.DRAFT, FollowUp.Status.SUBMITTED, FollowUp.Status.APPROVED):
        FollowUp.objects.filter(pk=draft.pk).update(status=status)
        html = search(client, "hemlig")
        assert "Hemlig" not in html and "Inga träffar" in html


def test_snippets_are_escaped_and_highlighted(client, db):
    ProtocolNoteFactory(body="<script>alert('x')</script> Tryggheten & säkerheten.")
    html = search(client, "säkerheten")
    assert "<script>alert" not in html
    assert "alert(&#x27;x&#x27;)" in html
    assert "&amp; <mark>säkerheten</mark>." in html


def test_empty_query_shows_only_the_form(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        html = search(client, "   ")
    assert "träff" not in html


def test_query_count_is_fixed_whatever_the_data_size(
    client, demo, django_assert_max_num_queries
):
    call_command("generate_sample_data", "--programs", "3", stdout=io.StringIO())
    FollowUpFactory(status=FollowUp.Status.PUBLISHED, summary="trygghet " * 5)
    # The content version, the stems of the query, one query per kind, and the
    # savepoint of the test transaction and its release.
    with django_assert_max_num_queries(11):
        html = search(client, "trygghet")
    assert html.count("<li><a href=") >= 2 * RESULTS_PER_KIND
    assert f"Visar de {RESULTS_PER_KIND} första träffarna." in html


@pytest.mark.parametrize("query", ["\"trygg", "-", "a OR", "()", "'", "trygg\x00het"])
def test_odd_queries_do_not_fail(client, demo, query):
    search(client, query)


@pytest.mark.parametrize(("model", "index"), [
    (ProtocolNote, "protocols_protocolnote_search"),
    (AgendaItem, "protocols_agendaitem_search"),
    (Program, "programs_program_search"),
    (Goal, "goals_goal_search"),
    (FollowUp, "followups_followup_search"),
    (GoalAssessment, "followups_goalassessment_search"),
    (GuidelineAssessment, "followups_guidelineassessment_search"),
])
def test_postgresql_search_uses_gin_indexes(db, model, index):
    table = model._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = matches(model.objects.order_by(), "trygghet").explain()
        assert f"Bitmap Index Scan on {index}" in plan
    else:
        # The migration adds nothing on SQLite, which has no GIN indexes.
        assert index not in constraints
