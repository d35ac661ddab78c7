import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from huddinge_safety.protocols.models import AgendaItem, Person
from tests.pdf_reading import fonts, page_texts, read_pdf, xmp_metadata
from tests.seeds import SPEAKERS_2019

from .minutes_data import NO, RESERVATION, YES, goteborg_meeting


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def item_url(title):
    item = AgendaItem.objects.get(title=title)
    return reverse("protocols:agenda_item_pdf", args=[item.pk])


@pytest.fixture
def url_2019(demo):
    return item_url("Uppföljning av Program för trygghet och säkerhet 2018-2021 avseende 2019")


@pytest.fixture
def url_2021(demo):
    return item_url("Uppföljning av Program för trygghet och säkerhet 2021")


def test_extract_holds_decision_speakers_in_order_and_notes(client, url_2019):
    response = client.get(url_2019)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="protokollsutdrag-')
    text = " ".join(page_texts(response.content))
    assert (
        "Uppföljningen av Program för trygghet och säkerhet 2018–2021 avseende 2019, enligt "
        "bilaga 1 till kommunstyrelsens tjänsteutlåtande daterat den 6 februari 2020, "
        "godkänns." in text
    )
    positions = [text.index(speaker) for speaker in SPEAKERS_2019]
    assert positions == sorted(positions)
    assert "Protokollsanteckning, bilaga 8.1" in text
    assert "Protokollsanteckning, bilaga 8.2" in text


def test_extract_holds_the_2021_protocol_note(client, url_2021):
    pages = page_texts(client.get(url_2021).content)
    text = " ".join(pages)
    assert (
        "Socialdemokraterna vill att kommunen ska ta ett större ansvar för det "
        "brottsförebyggande arbetet genom att införa en trygghetsfond" in text
    )
    assert "17 februari 2022" in text
    assert "För Socialdemokraterna" in text
    assert re.search(
        r"Rasmus Lenefors \(S\).*Pran Malhotra \(S\).*Britt Flodetorp \(S\) \(suppleantyttrande\)",
        text,
    )
    for number, page in enumerate(pages, start=1):
        assert page.startswith(
            "Huddinge kommun Protokollsutdrag, "
            "Trygghets- och delaktighetsberedningen, 17 februari 2022"
        )
        assert page.endswith(f"Sida {number} av {len(pages)}")


def test_extract_metadata_and_accessibility(client, url_2021):
    pdf = client.get(url_2021).content
    reader = read_pdf(pdf)
    assert reader.metadata.title == (
        "Protokollsutdrag: Ärende 11: Uppföljning av Program för trygghet och säkerhet 2021"
    )
    assert reader.metadata.author == "Huddinge kommun"
    assert reader.metadata.subject == (
        "Utdrag ur protokoll från Trygghets- och delaktighetsberedningen, 17 februari 2022"
    )
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert re.search(r'pdfuaid:part(>|=")1', xmp_metadata(pdf))
    assert fonts(pdf)
    assert all(fonts(pdf).values())


def test_extract_is_cached_until_an_edit(client, url_2019, django_assert_max_num_queries):
    first = client.get(url_2019)
    # The item with its last change and the page cache's version.
    with django_assert_max_num_queries(2):
        again = client.get(url_2019)
    assert again.content == first.content
    assert client.get(url_2019, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    speaker = Person.objects.get(name="Toralf Nilsson")
    speaker.name = "Toralf Nilsson-Åberg"
    speaker.save()
    edited = client.get(url_2019, HTTP_IF_NONE_MATCH=first["ETag"])
    assert edited.status_code == 200
    assert "Toralf Nilsson-Åberg, kanslidirektör" in " ".join(page_texts(edited.content))


def test_unknown_item_and_writes_are_refused(client, url_2019):
    assert client.get(reverse("protocols:agenda_item_pdf", args=[999999])).status_code == 404
    assert client.post(url_2019).status_code == 405


def test_agenda_item_page_links_to_its_extract(client, url_2019):
    page = client.get(url_2019.removesuffix(".pdf") + "/")
    assert f'href="{url_2019}"' in page.content.decode()
    assert "Ladda ner protokollsutdraget som PDF" not in " ".join(
        page_texts(client.get(url_2019).content)
    )


@pytest.fixture
def ks_pdf_url(db):
    data = goteborg_meeting()
    data["url"] = reverse("protocols:agenda_item_pdf", args=[data["item"].pk])
    return data


def test_extract_holds_the_vote_with_names_and_counts_and_the_reservation(client, ks_pdf_url):
    pdf = client.get(ks_pdf_url["url"]).content
    text = " ".join(page_texts(pdf))
    assert "Resultat av omröstning 1" in text
    yes = re.search(r"Ja 7 (.*?) Nej 6 (.*?) Avstår 0 ingen", text)
    assert yes, text
    assert re.findall(
        r"([A-ZÅÄÖ][\w ]+?) \(\w+\)", yes.group(1).replace(" (tjänstgörande ersättare)", "")
    ) == [name for name, _party in YES]
    assert "Johannes Hulter (S) (tjänstgörande ersättare)" in yes.group(1)
    assert [name for name, _party in NO] == re.findall(r"([A-ZÅÄÖ][\w ]+?) \(\w+\)", yes.group(2))
    assert "Ja-sidan vann." in text
    assert " ".join(RESERVATION.split()) in text
    assert "Mot beslutet i omröstning 1, till förmån för yrkandet." in text
    assert "Sista dag att överklaga: 21 februari 2024" in text
    assert "Protokollsutdrag skickas till • KF Handling 2024 nr 9 • Stadsledningskontoret" in text


def test_extract_changes_when_a_ballot_changes(client, ks_pdf_url):
    url, vote = ks_pdf_url["url"], ks_pdf_url["vote"]
    first = client.get(url)
    ballot = vote.ballots.get(person__name="Jonas Attenius")
    ballot.is_substitute = True
    ballot.save()
    edited = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert edited.status_code == 200
    assert "Jonas Attenius (S) (tjänstgörande ersättare)" in " ".join(page_texts(edited.content))
