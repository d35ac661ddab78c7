import datetime
import io

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huddinge_safety.documents.models import DocumentPage
from huddinge_safety.followups.models import FollowUp, GoalAssessment, GuidelineAssessment
from huddinge_safety.goals.models import Goal
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.models import AgendaItem, ProtocolNote
from huddinge_safety.search import HITS_OF_ONE_KIND, OVERVIEW_HITS_PER_KIND
from tests.factories import (
    AgendaItemFactory,
    FollowUpFactory,
    GoalFactory,
    GuidelineFactory,
    PartyFactory,
    ProgramFactory,
    ProtocolNoteFactory,
)
from tests.protocols.minutes_data import goteborg_meeting

# One query per kind of hit (outside a transaction: the search only reads).
SEARCH_QUERIES = 10


def search(client, query, **params):
    response = client.get(reverse("search"), {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_inflected_swedish_words_are_found(client, db):
    ProgramFactory(title="Program A", overall_goal="Tryggheten i centrum ska öka.")
    ProgramFactory(title="Program B", overall_goal="Mer trygghet på kvällen.")
    html = search(client, "trygghet")
    assert "Program A" in html
    assert "Program B" in html
    # Snippets mark every word with a stem of the query, in either direction.
    assert "<mark>Tryggheten</mark>" in html
    html = search(client, "tryggheten")
    assert "Program A" in html
    assert "Program B" in html
    assert "Mer <mark>trygghet</mark> på kvällen." in html


def test_swedish_letters_match_whatever_their_case(client, db):
    AgendaItemFactory(title="Åtgärder mot klotter", decision="ÖVERLÄMNAS till nämnden.")
    assert "Åtgärder mot klotter" in search(client, "åtgärder")
    assert "Åtgärder mot klotter" in search(client, "ÅTGÄRDER")
    assert "Åtgärder mot klotter" in search(client, "överlämnas")


def test_every_word_must_match_and_a_minus_excludes_one(client, db):
    ProgramFactory(title="Program A", overall_goal="Belysning i parker.")
    ProgramFactory(title="Program B", overall_goal="Belysning på skolgårdar.")
    assert "Program A" in search(client, "belysning parker")
    assert "Program A" not in search(client, "belysning skolgårdar")
    html = search(client, "belysning -skolgårdar")
    assert "Program A" in html
    assert "Program B" not in html


def test_every_kind_is_found_in_its_group_with_its_title_and_link(client, db):
    program = ProgramFactory(title="Vinterprogrammet", overall_goal="Snöröjning i tid.")
    goal = GoalFactory(
        area__program=program, area__number=2, number=3, text="Snöröjning av gångvägar."
    )
    guideline = GuidelineFactory(program=program, title="Riktlinje för vinterväghållning")
    item = AgendaItemFactory(
        meeting__body__name="Trygghetsberedningen",
        meeting__date=datetime.date(2020, 2, 6),
        paragraph="§ 8",
        item_number="Ärende 11",
        title="Snöröjningen vintern 2019",
    )
    note = ProtocolNoteFactory(
        agenda_item=item,
        attachment_label="bilaga 8.1",
        on_behalf_of=PartyFactory(abbreviation="S", name="Socialdemokraterna"),
        body="Snöröjningen måste bli bättre.",
    )
    follow_up = FollowUp.objects.create_for_year(program, 2019, summary="Snöröjningen fungerade.")
    follow_up.goal_assessments.update(narrative="Snöröjningen av gångvägar blev klar.")
    follow_up.guideline_assessments.update(narrative="Snöröjning längs vägarna.")
    follow_up.record_steps_to(FollowUp.Status.PUBLISHED)
    report = follow_up.get_absolute_url()
    expected = [
        ("Program", program.get_absolute_url(), "Vinterprogrammet"),
        ("Mål", goal.get_absolute_url(), "Mål 2.3 i Vinterprogrammet"),
        (
            "Uppföljningar",
            follow_up.versions.get().get_absolute_url(),
            "Uppföljning av Vinterprogrammet avseende 2019",
        ),
        ("Bedömningar av mål", goal.get_absolute_url(), "Mål 2.3 i Vinterprogrammet, 2019"),
        ("Uppföljningar av riktlinjer", f"{report}#riktlinjer", f"{guideline.title}, 2019"),
        (
            "Beslut",
            item.get_absolute_url(),
            "§ 8 Ärende 11: Snöröjningen vintern 2019 – Trygghetsberedningen, 6 februari 2020",
        ),
        (
            "Protokollsanteckningar",
            f"{item.get_absolute_url()}#anteckning-{note.pk}",
            "Protokollsanteckning, bilaga 8.1 för Socialdemokraterna – § 8 Ärende 11: "
            "Snöröjningen vintern 2019 (Trygghetsberedningen, 6 februari 2020)",
        ),
    ]
    html = search(client, "snöröjning")
    assert "7 träffar" in html
    positions = []
    for label, url, title in expected:
        group = html.index(f'>{label} <span class="count">(1)</span>')
        hit = html.index(f'<li><a href="{url}">{title}</a><p class="snippet" lang="sv">', group)
        positions += [group, hit]
    assert positions == sorted(positions)


def test_goals_and_goal_narratives_of_published_follow_ups_are_found(client, db):
    goal = GoalFactory(text="Nattvandring i alla kommundelar.")
    follow_up = FollowUp.objects.create_for_year(goal.area.program, 2019)
    follow_up.goal_assessments.update(narrative="Föreningar nattvandrade varje helg.")
    follow_up.record_steps_to(FollowUp.Status.PUBLISHED)
    html = search(client, "nattvandring")
    assert f'<a href="{goal.get_absolute_url()}">Mål {goal.code} i {goal.area.program}</a>' in html
    assert f"Mål {goal.code} i {goal.area.program}, 2019" in search(client, "helg")


def test_results_are_grouped_by_kind_and_linked(client, demo):
    html = search(client, "trygghet")
    groups = ["Program", "Beslut", "Protokollsanteckningar"]
    positions = [html.index(f'>{label} <span class="count">') for label in groups]
    assert positions == sorted(positions)
    note = html[positions[-1] :]
    assert "#anteckning-" in note
    assert "Ärende 11: Uppföljning av Program för trygghet" in note
    follow_up = FollowUp.objects.get(year=2019)
    html = search(client, "programtiden")
    assert '>Uppföljningar <span class="count">(1)</span>' in html
    assert f'<a href="{follow_up.versions.get().get_absolute_url()}">{follow_up}</a>' in html


def test_hit_titles_read_well_with_or_without_related_rows(client, db):
    without_party = ProtocolNoteFactory(
        body="Snöröjning vid skolor.", agenda_item__meeting__date=None
    )
    with_party = ProtocolNoteFactory(
        body="Snöröjning vid parker.", on_behalf_of=PartyFactory(abbreviation="MP", name="")
    )
    html = search(client, "snöröjning")
    for note in (without_party, with_party):
        assert f'<a href="{note.get_absolute_url()}">{note.search_title}</a>' in html
    assert " för MP – " in html
    assert "datum okänt" in html


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
        assert "Hemlig" not in html
        assert "Inga träffar" in html


def test_snippets_are_escaped_and_highlighted(client, db):
    ProtocolNoteFactory(body="<b>Fet</b> <script>alert('x')</script> Tryggheten & säkerheten.")
    html = search(client, "säkerheten")
    assert "<script>alert" not in html
    assert "<b>" not in html
    assert "alert(&#x27;x&#x27;)" in html
    assert "&amp; <mark>säkerheten</mark>." in html


def test_a_long_text_is_shown_around_the_found_word(client, db):
    ProgramFactory(
        title="Program A",
        overall_goal=" ".join(["Inledning."] * 60 + ["Trygghetsvandringar"] + ["Avslutning."] * 60),
    )
    snippet = (
        search(client, "trygghetsvandring")
        .split('<p class="snippet" lang="sv">')[1]
        .split("</p>")[0]
    )
    assert snippet.startswith("… ")
    assert snippet.endswith(" …")
    assert "<mark>Trygghetsvandringar</mark>" in snippet
    assert snippet.count("Inledning.") < 30
    assert snippet.count("Avslutning.") < 30


def test_empty_query_shows_only_the_form(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        html = search(client, "   ")
    assert "träff" not in html


def test_query_count_is_fixed_whatever_the_data_size(client, demo, django_assert_num_queries):
    with django_assert_num_queries(SEARCH_QUERIES):
        html = search(client, "trygghet")
    assert "<mark>" in html
    assert "Fler träffar" not in html
    call_command("generate_sample_data", "--programs", "3", stdout=io.StringIO())
    FollowUpFactory(status=FollowUp.Status.PUBLISHED, summary="trygghet " * 5)
    with django_assert_num_queries(SEARCH_QUERIES):
        html = search(client, "trygghet")
    assert html.count("<li><a href=") >= 2 * OVERVIEW_HITS_PER_KIND
    with django_assert_num_queries(1):
        search(client, "trygghet", typ="malbedomningar")


def test_overview_shows_each_kinds_best_hits_and_links_to_all_of_one_kind(client, db):
    area = GoalFactory().area
    for number in range(HITS_OF_ONE_KIND + 1):
        GoalFactory(
            area=area, number=100 + number, text=f"Belysningen vid skola {number} ska förbättras."
        )
    ProgramFactory(title="Belysningsprogrammet", overall_goal="Belysning överallt.")
    html = search(client, "belysning")
    assert html.count('class="snippet"') == OVERVIEW_HITS_PER_KIND + 1
    assert "De bästa träffarna av varje slag för ”belysning”." in html
    link = f"{reverse('search')}?q=belysning&amp;typ=mal"
    assert f'<a href="{link}">Fler träffar: Mål</a>' in html
    assert "Fler träffar: Program" not in html, "a kind with no more hits has no link"

    html = search(client, "belysning", typ="mal")
    assert html.count('class="snippet"') == HITS_OF_ONE_KIND
    assert "Belysningsprogrammet" not in html
    assert f"Visar de {HITS_OF_ONE_KIND} första träffarna." in html
    assert (
        f'<a href="{reverse("search")}?q=belysning">Träffar av alla slag för ”belysning”</a>'
        in html
    )


def test_an_unknown_kind_searches_every_kind(client, db):
    ProgramFactory(title="Belysningsprogrammet", overall_goal="Belysning överallt.")
    assert "Belysningsprogrammet" in search(client, "belysning", typ="<okänd>")


def test_searches_are_not_kept_in_the_page_cache_but_the_empty_search_page_is(client, demo):
    for query in ("trygghet", "trygghet"):
        with CaptureQueriesContext(connection) as queries:
            assert "<mark>" in search(client, query)
        # Searched again, and not even the content version was looked up.
        assert len(queries) == SEARCH_QUERIES
    client.get(reverse("search"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("search")).status_code == 200
    assert len(queries) == 1, "only the content version, for the cached page"


@pytest.mark.parametrize(
    "query",
    [
        '"trygg',
        "-",
        "a OR",
        "()",
        "'",
        "trygg\x00het",
        "<mark>",
        "\ufdd0trygg",
    ],
)
def test_odd_queries_do_not_fail(client, demo, query):
    search(client, query)


@pytest.mark.parametrize(
    "operators",
    [
        "-" * 33,
        "-(" * 40,
        "- " * 66,
        "-!" * 40,
        "--(" * 30,
        '-"-(' * 30,
    ],
)
def test_runs_of_operators_do_not_fail_and_the_words_are_still_searched(client, db, operators):
    # websearch_to_tsquery overflows its stack on dozens of "-" without a word.
    ProgramFactory(title="Program A", overall_goal="Mer trygghet på kvällen.")
    html = search(client, f"trygghet {operators}")
    assert "Mer <mark>trygghet</mark> på kvällen." in html


@pytest.mark.parametrize(
    ("model", "index"),
    [
        (ProtocolNote, "protocolnote_search"),
        (AgendaItem, "agendaitem_search"),
        (Program, "program_search"),
        (Goal, "goal_search"),
        (FollowUp, "followup_search"),
        (GoalAssessment, "goalassessment_search"),
        (GuidelineAssessment, "guidelineassessment_search"),
        (DocumentPage, "documentpage_search"),
    ],
)
def test_search_uses_gin_indexes(db, model, index):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    query = SearchQuery("trygghet", config="swedish", search_type="websearch")
    plan = model.objects.order_by().filter(search_vector=query).explain()
    assert f"Bitmap Index Scan on {index}" in plan


def test_motions_and_votes_are_found_in_their_own_groups(client, db):
    data = goteborg_meeting()
    item, vote = data["item"], data["vote"]
    motion = item.notes.get(kind=ProtocolNote.Kind.MOTION, order=1)
    html = search(client, "yrkande")
    group = html.index('>Yrkanden <span class="count">')
    assert html.index(
        f'<a href="{item.get_absolute_url()}#anteckning-{motion.pk}">Yrkande – § 69: ', group
    )
    html = search(client, "Attenius")
    group = html.index('>Omröstningar <span class="count">(1)</span>')
    assert html.index(
        f'<a href="{item.get_absolute_url()}#omrostning-{vote.pk}">Omröstning 1: § 69: ', group
    )
    assert (
        "Bifall till Jonas <mark>Attenius</mark> yrkande" in html or "<mark>Attenius</mark>" in html
    )
    # A reservation is a protocol note, not a motion.
    html = search(client, "reserverar")
    assert '>Protokollsanteckningar <span class="count">(1)</span>' in html
    assert ">Yrkanden <span" not in html
