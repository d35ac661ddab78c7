"""The read-only JSON API under /api/v1/."""

import json

import pgtrigger
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huddinge_safety.followups.models import ReportVersion
from tests.factories import SpeakerFactory, UserFactory

from .conftest import SECRETS, minutes, program_with_follow_ups

RESOURCES = [
    "program",
    "goal",
    "indicator",
    "followup",
    "organization",
    "party",
    "person",
    "event",
    "agendaitem",
]


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.content[:300])
    assert response["Content-Type"] == "application/json"
    return response.json()


def results(client, resource, **params):
    return get_json(client, reverse(f"api:{resource}-list"), page_size=500, **params)["results"]


def test_the_root_links_every_resource(client, db):
    root = get_json(client, reverse("api:api-root"))
    assert sorted(root.values()) == sorted(
        f"http://testserver{reverse(f'api:{resource}-list')}" for resource in RESOURCES
    )


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_resource_lists_and_links_its_objects(client, records, resource):
    listed = results(client, resource)
    assert listed
    for entry in listed:
        assert entry["id"] > 0
        assert entry["url"].endswith(reverse(f"api:{resource}-detail", args=[entry["id"]]))
        assert get_json(client, entry["url"]) == entry
        if "html_url" in entry:
            assert client.get(entry["html_url"]).status_code == 200


def test_a_program_holds_its_areas_goals_guidelines_and_published_follow_ups(client, records):
    program = get_json(client, reverse("api:program-detail", args=[records.program.pk]))
    assert program["title"].startswith("Program för trygghet i Huddinge – område Ö")
    assert program["is_example"] is False
    [area] = program["areas"]
    assert area["title"] == "Trygghetsskapande arbete"
    assert [goal["text"] for goal in area["goals"]] == ["Färre inbrott i Vårby gård."]
    assert len(program["guidelines"]) == 1
    assert [follow_up["year"] for follow_up in program["follow_ups"]] == [2019]
    assert program["indicators"] == [
        f"http://testserver{reverse('api:indicator-detail', args=[records.indicator.pk])}"
    ]


def test_a_goal_has_its_status_in_published_follow_ups_only(client, records):
    [goal] = records.goals
    data = get_json(client, reverse("api:goal-detail", args=[goal.pk]))
    assert data["code"] == goal.code
    assert [(status["year"], status["status"]) for status in data["statuses"]] == [
        (2019, "on_track")
    ]
    assert data["statuses"][0]["narrative"] == "Arbetet går bra."


def test_an_indicator_has_its_values_as_numbers(client, records):
    data = get_json(client, reverse("api:indicator-detail", args=[records.indicator.pk]))
    assert data["values"] == [
        {"year": 2019, "geography": "huddinge", "value": 71.5, "source": "", "fetched_at": None}
    ]
    assert data["source"] == "Trygghetsmätning"


def test_a_follow_up_is_read_as_decided_and_as_corrected(client, records):
    url = reverse("api:followup-detail", args=[records.published.pk])
    [goal] = records.goals
    goal.text = "Ändrad efter beslutet."
    goal.save()
    data = get_json(client, url)
    assert data["summary"] == "Året sammanfattat."
    assert data["version"]["number"] == 1
    [assessment] = data["goal_assessments"]
    assert assessment["text"] == "Färre inbrott i Vårby gård."
    assert assessment["status"] == "on_track"
    assert data["decision"].endswith(reverse("api:agendaitem-detail", args=[records.items[0].pk]))

    first = records.published.versions.get()
    records.published.correct(
        UserFactory(groups=["Publicerare"]),
        {**first.content, "summary": "Året rättat."},
        "Fel sammanfattning.",
    )
    data = get_json(client, url)
    assert data["summary"] == "Året rättat."
    assert data["version"]["number"] == 2
    assert data["version"]["reason"] == "Fel sammanfattning."


def test_an_agenda_item_has_speakers_notes_motions_votes_and_recusals(client, records):
    item = records.items[0]
    data = get_json(client, reverse("api:agendaitem-detail", args=[item.pk]))
    assert data["title"] == "Ärende om trygghet i Sjödalen"
    assert len(data["speakers"]) == 1
    kinds = sorted(note["kind"] for note in data["notes"])
    assert kinds == ["motion", "protocol_note"]
    note = next(note for note in data["notes"] if note["kind"] == "protocol_note")
    assert note["text"] == "Vi vill att tryggheten ökar i Flemingsberg."
    assert note["signatories"][0]["is_substitute"] is True
    [vote] = data["votes"]
    assert (vote["yes_count"], vote["no_count"], vote["outcome"]) == (1, 1, "yes")
    assert sorted(ballot["choice"] for ballot in vote["ballots"]) == ["no", "yes"]
    assert len(data["recusals"]) == 1
    assert data["extract_recipients"] == ["Socialförvaltningen"]
    assert [follow_up["year"] for follow_up in data["follow_ups"]] == [2019]


def test_an_event_has_its_attendance_and_agenda(client, records):
    meeting = records.items[0].meeting
    data = get_json(client, reverse("api:event-detail", args=[meeting.pk]))
    assert data["classification"] == "committee-meeting"
    assert data["start_date"] == meeting.date.isoformat()
    assert [person["name"] for person in data["attendance"]] == ["Åsa Öberg"]
    assert len(data["adjusters"]) == 1
    assert [entry["id"] for entry in data["agenda"]] == [records.items[0].pk]


def every_answer(client):
    """The body of every list (all pages in one) and of every object they link."""
    for resource in RESOURCES:
        listed = client.get(reverse(f"api:{resource}-list"), {"page_size": 500})
        yield listed
        for entry in listed.json()["results"]:
            yield client.get(entry["url"])


def test_nothing_unpublished_is_ever_answered(client, records):
    for response in every_answer(client):
        text = response.content.decode()
        for secret in SECRETS:
            assert secret not in text, response.request["PATH_INFO"]
    for follow_up in records.others:
        response = client.get(reverse("api:followup-detail", args=[follow_up.pk]))
        assert response.status_code == 404
        assert follow_up.summary not in response.content.decode()
    assert [data["year"] for data in results(client, "followup")] == [2019]


def test_lists_are_paginated(client, records):
    page = get_json(client, reverse("api:person-list"), page_size=1)
    assert page["count"] > 1
    assert page["previous"] is None
    assert len(page["results"]) == 1
    second = get_json(client, page["next"])
    assert second["results"] != page["results"]


@pytest.mark.parametrize(
    ("resource", "params", "count"),
    [
        ("followup", {"year": 2019}, 1),
        ("followup", {"year": 2020}, 0),
        ("followup", {"status": "on_track"}, 0),
        ("followup", {"status": "not_assessed"}, 1),
        ("program", {"year": 2019}, 1),
        ("program", {"year": 2030}, 0),
        ("goal", {"program": 0}, 0),
        ("event", {"date_from": "2100-01-01"}, 0),
        ("event", {"date_to": "2100-01-01"}, 1),
        ("agendaitem", {"date_from": "2100-01-01"}, 0),
        ("person", {"changed_since": "2100-01-01T00:00:00Z"}, 0),
        ("agendaitem", {"changed_since": "2100-01-01T00:00:00Z"}, 0),
        ("program", {"changed_since": "2100-01-01T00:00:00Z"}, 0),
        ("program", {"changed_since": "2000-01-01T00:00:00Z"}, 1),
        ("followup", {"changed_since": "2000-01-01T00:00:00Z"}, 1),
        # Python takes offsets PostgreSQL refuses (found by schemathesis).
        ("agendaitem", {"changed_since": "1195-06-13T17:44:26+16:47"}, 1),
    ],
)
def test_filters(client, records, resource, params, count):
    assert len(results(client, resource, **params)) == count


def test_filters_by_the_program_body_and_meeting(client, records):
    other = program_with_follow_ups()
    assert [data["id"] for data in results(client, "goal", program=other.program.pk)] == [
        goal.pk for goal in other.goals
    ]
    assert [data["id"] for data in results(client, "followup", program=other.program.pk)] == [
        other.published.pk
    ]
    meeting = records.items[0].meeting
    minutes()
    assert [data["id"] for data in results(client, "agendaitem", event=meeting.pk)] == [
        records.items[0].pk
    ]
    assert [data["id"] for data in results(client, "event", organization=meeting.body_id)] == [
        meeting.pk
    ]


def test_a_change_is_found_by_changed_since(client, records):
    item = minutes()[0]
    SpeakerFactory(agenda_item=item)
    changed = item.speakers.last().history.latest().history_date.isoformat()
    assert [data["id"] for data in results(client, "agendaitem", changed_since=changed)] == [
        item.pk
    ]


def test_a_wrong_filter_value_is_refused_in_swedish(client, records):
    response = client.get(reverse("api:followup-list"), {"year": "tjugo", "changed_since": "igår"})
    assert response.status_code == 400
    errors = response.json()
    assert errors["year"] == ["Fyll i ett heltal."]
    assert errors["changed_since"] == ["Fyll i ett giltigt datum/tid."]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


# Queries of each answer, list and detail (the first request after a change, so
# not from the page cache): the page cache's and the API's content version, the
# request's savepoint and its release, then the view's own.
QUERIES = {
    "program": (11, 10),
    "goal": (9, 8),
    "indicator": (8, 7),
    "followup": (7, 6),
    "organization": (6, 5),
    "party": (6, 5),
    "person": (6, 5),
    "event": (9, 8),
    "agendaitem": (17, 16),
}


@pytest.mark.parametrize("resource", RESOURCES)
def test_queries_do_not_grow_with_the_data(client, db, resource, django_assert_num_queries):
    items = minutes(size=1)
    records = program_with_follow_ups(goals=1, decided_in=items[0])
    list_count, detail_count = QUERIES[resource]
    model = {
        "program": records.program,
        "goal": records.goals[0],
        "indicator": records.indicator,
        "followup": records.published,
        "organization": items[0].meeting.body,
        "party": items[0].speakers.get().party,
        "person": items[0].speakers.get().person,
        "event": items[0].meeting,
        "agendaitem": items[0],
    }[resource]
    detail = reverse(f"api:{resource}-detail", args=[model.pk])
    listing = reverse(f"api:{resource}-list")
    small = count_queries(client, listing), count_queries(client, detail)
    more = minutes(size=4)
    program_with_follow_ups(goals=5, decided_in=more[0])
    with django_assert_num_queries(list_count):
        client.get(listing)
    with django_assert_num_queries(detail_count):
        client.get(detail)
    assert small == (list_count, detail_count)


@pytest.mark.parametrize("logged_in", [False, True])
def test_a_conditional_get_of_unchanged_data_gets_304(client, records, logged_in):
    if logged_in:
        client.force_login(UserFactory())
    url = reverse("api:program-detail", args=[records.program.pk])
    first = client.get(url)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    records.program.overall_goal = "Ett nytt övergripande mål."
    records.program.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["overall_goal"] == "Ett nytt övergripande mål."
    assert changed["ETag"].removeprefix("W/") != etag.removeprefix("W/")


def test_a_304_runs_none_of_the_views_queries(client, records, django_assert_num_queries):
    client.force_login(UserFactory())  # past the page cache: the API's own validators
    url = reverse("api:agendaitem-list")
    etag = client.get(url)["ETag"]
    # The session, its user, the request's savepoint and its release, the content version.
    with django_assert_num_queries(5):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_page_cache_keeps_answers_apart_by_host(client, records, settings):
    settings.ALLOWED_HOSTS = ["testserver", "data.huddinge.se"]
    url = reverse("api:program-list")
    local = client.get(url).json()
    public = client.get(url, HTTP_HOST="data.huddinge.se").json()
    assert local["results"][0]["url"].startswith("http://testserver/")
    assert public["results"][0]["url"].startswith("http://data.huddinge.se/")
    assert client.get(url, HTTP_HOST="data.huddinge.se").json() == public


def test_any_site_may_read_the_api_without_credentials(client, records):
    response = client.get(reverse("api:program-list"), HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert not response.has_header("Access-Control-Allow-Credentials")
    preflight = client.options(
        reverse("api:program-list"),
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    refused = client.post(reverse("api:program-list"), HTTP_ORIGIN="https://example.org")
    assert refused.status_code == 405
    assert not refused.has_header("Access-Control-Allow-Origin")
    assert not client.get(reverse("home")).has_header("Access-Control-Allow-Origin")


def test_the_schema_describes_every_resource(client, db):
    schema = json.loads(client.get(reverse("api:schema")).content)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for resource in RESOURCES:
        assert reverse(f"api:{resource}-list") in paths
    assert all(set(operations) == {"get"} for operations in schema["paths"].values())


def test_the_documentation_page_explains_the_api_in_swedish(client, db):
    response = client.get(reverse("api:documentation"))
    text = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in text
    assert "Öppna data" in text
    for link in ("api:api-root", "api:schema", "api:csv_documentation", "api:catalogue"):
        assert f'href="{reverse(link)}"' in text
    assert "If-None-Match" in text


def test_a_follow_up_published_before_versions_existed_is_read_from_its_rows(client, records):
    with pgtrigger.ignore("followups.ReportVersion:protect_report_version"):
        ReportVersion.objects.filter(follow_up=records.published).delete()
    data = get_json(client, reverse("api:followup-detail", args=[records.published.pk]))
    assert data["version"] is None
    assert data["summary"] == "Året sammanfattat."
    assert [goal["status"] for goal in data["goal_assessments"]] == ["on_track"]
    [goal] = results(client, "goal")
    assert [status["year"] for status in goal["statuses"]] == [2019]
