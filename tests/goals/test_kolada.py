"""Fetching indicator values from Kolada: the import_kolada command, the admin
action and the sources shown with the values, against a local stand-in server."""

import io
import re
import socket
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from huddinge_safety.followups.models import FollowUp
from huddinge_safety.goals.models import IndicatorValue
from tests.pdf_reading import page_texts

from ..factories import GoalFactory, IndicatorFactory, IndicatorValueFactory
from .fake_kolada import FakeKolada, entry

pytestmark = pytest.mark.django_db

KPI = "N07403"
HUDDINGE, REGION, COUNTRY = "0126", "0001", "0000"


@pytest.fixture
def kolada(settings):
    with FakeKolada(max_ids=2, per_page=2) as fake:
        settings.KOLADA_URL = fake.url
        fake.entries = [
            entry(KPI, municipality, year, total)
            for year, totals in {
                2017: (1210.4, 1120, 1081.25),
                2018: (1195, 1110, 1064),
                2019: (1190, 1105, 1069),
            }.items()
            for municipality, total in zip((HUDDINGE, REGION, COUNTRY), totals, strict=True)
        ] + [
            entry(KPI, HUDDINGE, 2016, None),
            entry(KPI, REGION, 2016, 999, deleted=True),
            entry(KPI, COUNTRY, 2016, 1135),
        ]
        yield fake


@pytest.fixture
def indicator():
    return IndicatorFactory(
        kolada_kpi=KPI, name="Anmälda våldsbrott", program__start_year=2018, program__end_year=2021
    )


def stored(indicator):
    return {
        (value.year, value.geography): value.value
        for value in IndicatorValue.objects.filter(indicator=indicator)
    }


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_kolada", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v3"


def test_import_stores_the_totals_of_the_three_geographies_with_source_and_time(kolada, indicator):
    before = timezone.now()
    out, err = run("--indicator", str(indicator.pk), "--years", "2015-2019")

    assert stored(indicator) == {
        (2016, "riket"): Decimal("1135"),
        (2017, "huddinge"): Decimal("1210.40"),
        (2017, "stockholms_lan"): Decimal("1120"),
        (2017, "riket"): Decimal("1081.25"),
        (2018, "huddinge"): Decimal("1195"),
        (2018, "stockholms_lan"): Decimal("1110"),
        (2018, "riket"): Decimal("1064"),
        (2019, "huddinge"): Decimal("1190"),
        (2019, "stockholms_lan"): Decimal("1105"),
        (2019, "riket"): Decimal("1069"),
    }, "the null (2016 Huddinge) and the deleted value (2016 region) are left out"
    for value in IndicatorValue.objects.filter(indicator=indicator):
        assert value.source == "Kolada, N07403"
        assert value.fetched_at >= before
    assert "10 nya, 0 uppdaterade, 0 oförändrade" in out
    assert err == ""


def test_too_many_ids_are_split_and_every_page_is_followed(kolada, indicator):
    run("--indicator", str(indicator.pk), "--years", "2016-2019")

    statuses = [(path, status) for path, status in kolada.requests]
    assert statuses[0] == (
        "/v3/data/kpi/N07403/municipality/0126,0001,0000/year/2016,2017,2018,2019",
        422,
    )
    ids_asked = {re.search(r"municipality/([^/]+)/", path)[1] for path, _ in statuses[1:]}
    assert ids_asked == {"0126", "0001,0000"}
    assert any("page=2" in path for path, _ in statuses), "next_url was followed"
    assert all(status == 200 for _, status in statuses[1:])
    assert len(stored(indicator)) == 10


def test_a_service_that_cannot_be_reached_is_a_clear_swedish_error_and_changes_nothing(
    settings, indicator
):
    settings.KOLADA_URL = closed_port_url()
    IndicatorValueFactory(indicator=indicator, year=2019, value=Decimal("1000"))

    with pytest.raises(CommandError) as error:
        run("--all")

    message = str(error.value)
    assert message.startswith(f"Det gick inte att nå Kolada ({settings.KOLADA_URL})")
    assert "Inga värden har ändrats; försök igen senare." in message
    assert "Traceback" not in message
    assert stored(indicator) == {(2019, "huddinge"): Decimal("1000")}


def test_an_error_for_one_indicator_changes_nothing_for_the_others(kolada, indicator):
    IndicatorFactory(kolada_kpi="N07546", program=indicator.program)
    kolada.failing_kpis.add("N07546")

    with pytest.raises(CommandError, match="Kolada svarade med fel 500"):
        run("--all", "--years", "2019")

    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("answer", [[], {"count": 1}, {"values": [{"period": 2019}]}])
def test_an_answer_of_another_shape_is_a_clear_error(kolada, indicator, answer):
    kolada.answer = lambda path: (200, answer)

    with pytest.raises(CommandError, match="Kolada svarade i en form som den här tjänsten inte"):
        run("--all", "--years", "2019")

    assert not IndicatorValue.objects.exists()


def test_nothing_to_fetch_is_said(db):
    IndicatorFactory(kolada_kpi="")
    with pytest.raises(CommandError, match="Ingen indikator är kopplad till ett nyckeltal"):
        run("--all")


def test_values_entered_by_hand_are_kept_and_listed_until_overwrite_manual(kolada, indicator):
    IndicatorValueFactory(indicator=indicator, year=2018, value=Decimal("1200"))
    IndicatorValueFactory(indicator=indicator, year=2019, value=Decimal("1190"))

    out, err = run("--indicator", str(indicator.pk), "--years", "2018-2019")

    assert stored(indicator)[2018, "huddinge"] == Decimal("1200")
    assert "Behöll det handinmatade värdet för 2018, Huddinge: 1200,00 (Kolada: 1195,00)." in err
    assert "Kör igen med --overwrite-manual" in err
    assert "2019, Huddinge" not in err, "an equal value is no conflict"
    assert "1 handinmatade behållna" in out

    run("--indicator", str(indicator.pk), "--years", "2018-2019", "--overwrite-manual")

    value = IndicatorValue.objects.get(indicator=indicator, year=2018, geography="huddinge")
    assert (value.value, value.source) == (Decimal("1195"), "Kolada, N07403")
    assert value.fetched_at is not None


def test_importing_again_updates_what_kolada_changed(kolada, indicator):
    run("--all", "--years", "2019")
    kolada.entries[6]["values"][1]["value"] = 1188.5  # 2019 Huddinge revised

    out, _ = run("--all", "--years", "2019")

    assert stored(indicator)[2019, "huddinge"] == Decimal("1188.50")
    assert "0 nya, 1 uppdaterade, 2 oförändrade" in out
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 3


def test_years_are_checked(kolada, indicator):
    with pytest.raises(CommandError, match=r"Ange åren som t\.ex\. 2015-2025 eller 2019"):
        run("--all", "--years", "förra året")
    with pytest.raises(CommandError, match="Sista året kommer före det första"):
        run("--all", "--years", "2020-2015")


def test_an_unknown_indicator_is_named(kolada):
    with pytest.raises(CommandError, match=r"Ingen indikator .* har id 999999"):
        run("--indicator", "999999")


def test_the_database_refuses_a_fetched_value_without_source(indicator):
    with pytest.raises(IntegrityError):
        IndicatorValueFactory(indicator=indicator, fetched_at=timezone.now(), source="")


def action_data(*indicators, **extra):
    return {
        "action": "fetch_from_kolada",
        "_selected_action": [indicator.pk for indicator in indicators],
        **extra,
    }


def test_admin_action_fetches_at_once_when_no_hand_value_differs(client, official, kolada):
    indicator = IndicatorFactory(kolada_kpi=KPI, program__start_year=2018, program__end_year=2019)
    unlinked = IndicatorFactory(name="Utan nyckeltal")

    response = client.post(
        reverse("admin:goals_indicator_changelist"), action_data(indicator, unlinked), follow=True
    )

    assert response.status_code == 200
    assert len(stored(indicator)) == 10
    page = response.text
    assert f"{indicator} (N07403): 10 nya, 0 uppdaterade" in page
    assert (
        "Inte kopplade till något nyckeltal i Kolada och därför inte hämtade: Utan nyckeltal."
        in page
    )


def test_admin_confirmation_page_runs_the_same_queries_for_more_indicators(
    client, official, kolada, indicator, django_assert_num_queries
):
    url = reverse("admin:goals_indicator_changelist")
    IndicatorValueFactory(indicator=indicator, year=2018, value=Decimal("1200"))
    with CaptureQueriesContext(connection) as one:
        assert "Ersätta handinmatade värden?" in client.post(url, action_data(indicator)).text

    others = IndicatorFactory.create_batch(3, kolada_kpi=KPI, program=indicator.program)
    for other in others:
        IndicatorValueFactory(indicator=other, year=2018, value=Decimal("1200"))
    with django_assert_num_queries(len(one)):
        page = client.post(url, action_data(indicator, *others)).text
    assert page.count('name="overwrite"') == 4


def test_admin_action_lists_hand_values_and_replaces_only_those_ticked(
    client, official, kolada, indicator
):
    kept = IndicatorValueFactory(indicator=indicator, year=2018, value=Decimal("1200"))
    IndicatorValueFactory(indicator=indicator, year=2019, geography="riket", value=Decimal("1070"))
    url = reverse("admin:goals_indicator_changelist")

    response = client.post(url, action_data(indicator))

    assert response.status_code == 200
    page = response.text
    assert "Ersätta handinmatade värden?" in page
    rows = re.findall(r"<tr>\s*<td><input.*?</tr>", page, flags=re.DOTALL)
    assert len(rows) == 2
    cells = [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in rows]
    assert cells == [
        [indicator.name, "2018", "Huddinge", "1200", "1195"],
        [indicator.name, "2019", "Riket", "1070", "1069"],
    ]
    assert not IndicatorValue.objects.filter(fetched_at__isnull=False).exists(), (
        "nothing is written before the official confirms"
    )

    response = client.post(
        url,
        action_data(
            indicator,
            confirm="yes",
            overwrite=re.findall(r'name="overwrite" value="([^"]+)"', rows[1]),
        ),
        follow=True,
    )

    assert response.status_code == 200
    values = stored(indicator)
    assert values[2018, "huddinge"] == Decimal("1200")
    assert values[2019, "riket"] == Decimal("1069")
    assert len(values) == 10
    kept.refresh_from_db()
    assert kept.fetched_at is None
    assert "1 handinmatade ersatta, 1 handinmatade behållna" in response.text


def test_admin_confirmation_never_replaces_a_value_typed_after_it_was_shown(
    client, official, kolada, indicator
):
    value = IndicatorValueFactory(indicator=indicator, year=2018, value=Decimal("1200"))
    seen_key = f"{value.pk}:1200.00"
    value.value = Decimal("1201")
    value.save()

    client.post(
        reverse("admin:goals_indicator_changelist"),
        action_data(indicator, confirm="yes", overwrite=[seen_key]),
    )

    assert stored(indicator)[2018, "huddinge"] == Decimal("1201")


def test_admin_action_says_when_kolada_cannot_be_reached(client, official, settings, indicator):
    settings.KOLADA_URL = closed_port_url()

    response = client.post(
        reverse("admin:goals_indicator_changelist"), action_data(indicator), follow=True
    )

    assert "Det gick inte att nå Kolada" in response.text
    assert not IndicatorValue.objects.exists()


class FormFields(HTMLParser):
    """The fields of a page's forms as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.data, self.select, self.textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "checkbox"}:
            self.data[name] = attrs.get("value", "")
        elif tag == "input" and name and "checked" in attrs:
            self.data[name] = attrs.get("value", "on")
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


def test_a_fetched_value_changed_by_hand_in_the_admin_is_kept_by_the_next_import(
    client, official, kolada, indicator
):
    run("--all", "--years", "2019")
    url = reverse("admin:goals_indicator_change", args=[indicator.pk])
    page = client.get(url).text
    assert "Kolada, N07403" in page
    fields = FormFields()
    fields.feed(page)
    position = next(
        name.split("-")[1]
        for name, value in fields.data.items()
        if name.endswith("-geography") and value == "huddinge"
    )
    fields.data[f"values-{position}-value"] = "1180"

    assert client.post(url, fields.data).status_code == 302

    value = IndicatorValue.objects.get(indicator=indicator, year=2019, geography="huddinge")
    assert (value.value, value.source, value.fetched_at) == (Decimal("1180"), "", None)
    _, err = run("--all", "--years", "2019")
    assert "Behöll det handinmatade värdet för 2019, Huddinge: 1180,00" in err


def test_kpi_field_suggests_the_safety_kpis(client, official):
    page = client.get(reverse("admin:goals_indicator_add")).text
    assert 'list="id_kolada_kpi_forslag"' in page
    assert '<option value="N07403">Anmälda våldsbrott, antal/100 000 inv</option>' in page
    assert '<option value="N07546">' in page
    assert '<option value="N07611">' in page


def fetched_value(indicator, year, geography, value):
    return IndicatorValueFactory(
        indicator=indicator,
        year=year,
        geography=geography,
        value=value,
        source="Kolada, N07403",
        fetched_at=timezone.now(),
    )


def test_goal_page_says_where_the_values_come_from(client, django_assert_max_num_queries):
    goal = GoalFactory(area__program__start_year=2018, area__program__end_year=2021)
    indicator = IndicatorFactory(program=goal.area.program, kolada_kpi=KPI)
    indicator.goals.add(goal)
    for year in (2017, 2018, 2019):
        for geography in IndicatorValue.Geography.values:
            fetched_value(indicator, year, geography, 1000 + year)
    IndicatorValueFactory(indicator=indicator, year=2020, value=900)

    with django_assert_max_num_queries(9):
        html = client.get(goal.get_absolute_url()).content.decode()

    assert (
        '<p class="indicator-source">Källa: Kolada, N07403 (Huddinge, Stockholms län, Riket; '
        "2017–2019)</p>"
    ) in html
    assert '<p class="indicator-source">Inmatat för hand (Huddinge; 2020)</p>' in html


def test_report_pdf_carries_the_source_of_the_values(client, db):
    goal = GoalFactory(area__program__start_year=2018, area__program__end_year=2021)
    indicator = IndicatorFactory(program=goal.area.program, kolada_kpi=KPI, name="Våldsbrott")
    for year in (2017, 2018):
        fetched_value(indicator, year, "huddinge", 1100)
    follow_up = FollowUp.objects.create_for_year(goal.area.program, 2018)
    follow_up.record_steps_to(FollowUp.Status.PUBLISHED)

    response = client.get(reverse("followups:report_pdf", args=[follow_up.program_id, 2018]))

    text = " ".join(page_texts(response.content))
    assert "Källa: Kolada, N07403 (Huddinge; 2017–2018)" in text
