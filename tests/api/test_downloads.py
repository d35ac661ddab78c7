"""The CSV downloads, read back as a spreadsheet would: the csv module with
semicolons, after the byte order mark."""

import csv
import io
import re

import pytest
from django.urls import reverse

from huddinge_safety.api.downloads import DOWNLOADS
from tests.factories import ProtocolNoteFactory

from .conftest import SECRETS, minutes, program_with_follow_ups


def download(client, slug, **params):
    response = client.get(reverse("api:download", args=[slug]), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.csv"'
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    for secret in SECRETS:
        assert secret not in text
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def documented_columns(client, slug):
    """The column names the documentation page lists for the file ``slug``."""
    page = client.get(reverse("api:csv_documentation")).content.decode()
    section = page[page.index(f'<section aria-labelledby="{slug}">') :]
    table = section[: section.index("</table>")]
    return re.findall(r"<tr><td><code>([^<]+)</code></td><td>[^<]+</td></tr>", table)


@pytest.mark.parametrize("slug", DOWNLOADS)
def test_every_file_has_the_documented_columns(client, records, slug):
    response = client.get(reverse("api:download", args=[slug]))
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert header == documented_columns(client, slug)
    assert len(header) > 5


def test_goal_statuses_are_those_decided_in_published_follow_ups(client, records):
    [row] = download(client, "mal-och-status")
    assert row["program"] == records.program.title
    assert "område Ö" in row["program"]
    assert row["year"] == "2019"
    assert row["goal"] == "Färre inbrott i Vårby gård."
    assert row["goal_code"] == records.goals[0].code
    assert (row["status"], row["status_text"]) == ("on_track", "I fas")
    assert row["narrative"] == "Arbetet går bra."


def test_goal_statuses_by_program_and_goal(client, records):
    other = program_with_follow_ups(goals=2)
    assert {
        row["program_id"] for row in download(client, "mal-och-status", program=other.program.pk)
    } == {str(other.program.pk)}
    rows = download(client, "mal-och-status", goal=other.goals[1].pk)
    assert [row["goal_id"] for row in rows] == [str(other.goals[1].pk)]


def test_indicator_values_have_a_decimal_comma(client, records):
    [row] = download(client, "indikatorvarden")
    assert row["indicator"] == "Andel som känner sig trygga"
    assert row["value"] == "71,50"
    assert (row["geography"], row["geography_text"]) == ("huddinge", "Huddinge")
    assert download(client, "indikatorvarden", goal=records.goals[0].pk) == [row]
    assert download(client, "indikatorvarden", program=2**31 - 1) == []


def test_meetings_and_agenda_items(client, records):
    [row] = download(client, "sammantraden-och-arenden")
    item = records.items[0]
    assert row["title"] == "Ärende om trygghet i Sjödalen"
    assert row["date"] == item.meeting.date.isoformat()
    assert row["body"] == item.meeting.body.name


def test_notes_with_their_signatories(client, records):
    rows = download(client, "protokollsanteckningar")
    note = next(row for row in rows if row["kind"] == "protocol_note")
    assert note["text"] == "Vi vill att tryggheten ökar i Flemingsberg."
    assert note["kind_text"] == "Protokollsanteckning"
    assert note["signatories"].endswith("(suppleantyttrande)")
    assert {row["kind"] for row in rows} == {"protocol_note", "motion"}


def test_votes_and_each_members_answer(client, records):
    [vote] = download(client, "voteringar")
    assert (vote["yes"], vote["no"], vote["abstain"], vote["outcome"]) == ("1", "1", "0", "yes")
    ballots = download(client, "namnupprop")
    assert sorted(row["choice"] for row in ballots) == ["no", "yes"]
    assert {row["vote_id"] for row in ballots} == {vote["vote_id"]}


def test_minutes_by_body_and_date(client, records):
    meeting = records.items[0].meeting
    minutes()
    assert len(download(client, "voteringar")) == 2
    rows = download(client, "voteringar", body=meeting.body_id)
    assert [row["meeting_id"] for row in rows] == [str(meeting.pk)]
    day = meeting.date.isoformat()
    assert len(download(client, "sammantraden-och-arenden", date_from=day, date_to=day)) == 1


def test_a_wrong_filter_is_refused_in_swedish(client, db):
    response = client.get(reverse("api:download", args=["voteringar"]), {"body": "x"})
    assert response.status_code == 400
    assert "Fyll i ett heltal." in response.content.decode()
    assert client.get("/api/csv/finns-inte.csv").status_code == 404


def test_a_text_that_looks_like_a_formula_is_never_run_by_the_spreadsheet(client, records):
    ProtocolNoteFactory(agenda_item=records.items[0], body='=HYPERLINK("http://x","klicka")')
    rows = download(client, "protokollsanteckningar")
    assert '\'=HYPERLINK("http://x","klicka")' in [row["text"] for row in rows]


# Queries of each file (the first request after a change): the page cache's and
# the file's content version, the savepoint and its release, then the file's own.
QUERIES = {
    "mal-och-status": 6,
    "indikatorvarden": 5,
    "sammantraden-och-arenden": 6,
    "protokollsanteckningar": 8,
    "voteringar": 5,
    "namnupprop": 5,
}


@pytest.mark.parametrize("slug", DOWNLOADS)
def test_queries_do_not_grow_with_the_data(client, db, slug, django_assert_num_queries):
    url = reverse("api:download", args=[slug])
    program_with_follow_ups(goals=1, decided_in=minutes(size=1)[0])
    with django_assert_num_queries(QUERIES[slug]):
        client.get(url)
    program_with_follow_ups(goals=6, decided_in=minutes(size=4)[0])
    with django_assert_num_queries(QUERIES[slug]):
        client.get(url)


def test_a_conditional_get_of_an_unchanged_file_gets_304(client, records):
    url = reverse("api:download", args=["voteringar"])
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_documentation_page_describes_every_column_in_swedish(client, db):
    response = client.get(reverse("api:csv_documentation"))
    text = response.content.decode()
    assert '<html lang="sv">' in text
    assert "semikolon" in text
    for slug, file in DOWNLOADS.items():
        assert f'href="{reverse("api:download", args=[slug])}"' in text
        assert len(documented_columns(client, slug)) == len(file.columns)


def test_the_program_goal_and_meetings_pages_link_their_files(client, records):
    program = client.get(records.program.get_absolute_url()).content.decode()
    assert (
        f"{reverse('api:download', args=['mal-och-status'])}?program={records.program.pk}"
        in program
    )
    goal = client.get(records.goals[0].get_absolute_url()).content.decode()
    assert f"{reverse('api:download', args=['indikatorvarden'])}?goal={records.goals[0].pk}" in goal
    meetings = client.get(reverse("protocols:meetings")).content.decode()
    for slug in ("sammantraden-och-arenden", "protokollsanteckningar", "voteringar"):
        assert reverse("api:download", args=[slug]) in meetings
