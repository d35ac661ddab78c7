import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import FollowUpFactory


def test_home_lists_programs_published_follow_ups_and_latest_meetings(client, demo):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Huddinge kommun" in html
    assert "Program för trygghet och säkerhet 2018–2021" in html
    assert "Uppföljning av Program för trygghet och säkerhet 2018–2021 avseende 2019" in html
    assert "avseende 2021" not in html, "the 2021 follow-up is not published"
    assert 'Trygghets- och delaktighetsberedningen, <time datetime="2022-02-17">' in html
    assert html.index("17 februari 2022") < html.index("Datum okänt"), "newest meeting first"


def test_every_page_has_skip_link_search_box_and_feeds(client, demo):
    html = client.get(reverse("home")).content.decode()
    assert '<a class="skip-link" href="#innehall">' in html
    assert '<main id="innehall"' in html
    assert '<label for="sok-fraga" class="visually-hidden">Sök</label>' in html
    assert f'action="{reverse("search")}"' in html
    assert (
        f'type="application/atom+xml" title="Publicerade uppföljningar" '
        f'href="{reverse("followups:feed")}"' in html
    )


def test_pages_have_no_inline_script_or_style(client, demo):
    for url in (reverse("home"), reverse("protocols:meetings"), reverse("search") + "?q=trygg"):
        html = client.get(url).content.decode()
        assert "<script" not in html
        assert "<style" not in html
        assert "style=" not in html


def test_draft_follow_up_is_not_on_home(client, db):
    FollowUpFactory(program__title="Hemligt utkastprogram", status="draft")
    html = client.get(reverse("home")).content.decode()
    assert "Hemligt utkastprogram avseende" not in html


@pytest.mark.parametrize("name", ["home", "search"])
def test_site_pages_accept_only_get_and_head(client, db, name):
    assert client.head(reverse(name)).status_code == 200
    assert client.post(reverse(name)).status_code == 405


def test_home_query_count_is_fixed_whatever_the_data_size(
    client, demo, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("home")).status_code == 200
    assert len(small) <= 6
    call_command("generate_sample_data", "--programs", "3", stdout=io.StringIO())
    with django_assert_max_num_queries(len(small)):
        response = client.get(reverse("home"))
    assert response.content.decode().count('class="card"') == 4
