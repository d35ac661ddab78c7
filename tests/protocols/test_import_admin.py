"""Admin: "Importera protokoll": upload, preview, fix the text, save once."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from huddinge_safety.protocols.models import AgendaItem, Meeting

from ..factories import PersonFactory, UserFactory
from .test_import_saving import row_counts

pytestmark = pytest.mark.django_db

URL = reverse("admin:protocols_meeting_import")
FIXTURES = Path(__file__).parent / "fixtures"
GOTEBORG = (FIXTURES / "goteborg-ks-2024-01-24.txt").read_bytes()
SMALL = (FIXTURES / "kf-2020-06-15.txt").read_bytes()


def upload(client, data, name="protokoll.txt"):
    return client.post(URL, {"file": SimpleUploadedFile(name, data), "preview": "1"})


def previewed(page):
    return re.search(r'name="previewed" value="([0-9a-f]+)"', page)[1]


def textarea(page):
    import html

    return html.unescape(re.search(r"<textarea[^>]*>\n?(.*?)</textarea>", page, re.S)[1])


def test_meeting_list_links_to_the_import(client, official):
    page = client.get(reverse("admin:protocols_meeting_changelist")).text

    assert f'href="{URL}"' in page
    assert "Importera protokoll" in page


def test_import_needs_permission_to_add_meetings_and_items(client):
    assert client.get(URL).status_code == 302
    user = UserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="view_meeting"),
        Permission.objects.get(codename="add_meeting"),
    )
    user.is_staff = True
    user.save()
    client.force_login(user)

    assert client.get(URL).status_code == 403
    assert upload(client, SMALL).status_code == 403


def test_preview_shows_what_will_be_created_and_saves_nothing(client, official):
    PersonFactory(name="Axel Josefson")
    before = row_counts()

    page = upload(client, GOTEBORG).text

    assert row_counts() == before
    assert "45 av 45 paragrafer skapas." in page
    assert "Ett nytt sammanträde skapas." in page
    assert '<h4 id="import-item-27">§ 69 Ändring i kommunstyrelsens delegationsordning' in page
    assert "Ja 7, nej 6, avstår 0." in page
    matched, new = re.search(
        r"Matchade mot sparade personer</dt><dd>(.*?)</dd>.*?Nya personer</dt>"
        r"<dd class=\"import-new-people\">(.*?)</dd>",
        page,
        re.S,
    ).groups()
    assert matched == "Axel Josefson"
    assert "Jörgen Fogelklou" in new
    assert "Axel Josefson" not in new
    assert "Kunde inte placeras" in page
    assert "Ordföranden Jonas Attenius (S) informerar om att om ägardialog" in page
    assert textarea(page).startswith("§ 43 Ärendenummer SLK-2024-00074")


def test_save_saves_what_the_preview_showed_and_again_changes_nothing(client, official):
    preview = upload(client, SMALL).text

    response = client.post(
        URL, {"text": textarea(preview), "previewed": previewed(preview), "save": "1"}
    )

    meeting = Meeting.objects.get(body__name="Kommunfullmäktige")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:protocols_meeting_change", args=[meeting.pk])
    assert meeting.agenda_items.count() == 5
    before = row_counts()
    again = upload(client, SMALL).text
    assert "Protokollet är redan sparat: att spara det igen ändrar ingenting." in again
    assert 'name="save"' not in again
    assert row_counts() == before


def test_fixed_text_is_previewed_again_before_it_is_saved(client, official):
    preview = upload(client, SMALL).text
    fixed = textarea(preview).replace("Val av justerare", "Val av två justerare")

    response = client.post(URL, {"text": fixed, "previewed": previewed(preview), "save": "1"})

    assert response.status_code == 200
    assert "Texten har ändrats sedan förhandsgranskningen" in response.text
    assert "Kf 70 Val av två justerare" in response.text
    assert not AgendaItem.objects.exists()
    client.post(URL, {"text": fixed, "previewed": previewed(response.text), "save": "1"})
    assert AgendaItem.objects.get(paragraph="Kf 70").title == "Val av två justerare"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"preview": "1"}, "Välj en fil eller klistra in protokollets text."),
        (
            {"file": SimpleUploadedFile("p.pdf", b"%PDF-1.7 trasig"), "preview": "1"},
            "Filen kan inte läsas som PDF, DOCX eller text.",
        ),
        ({"text": "Bara en rad text.", "preview": "1"}, "Ingen paragraf hittades i texten"),
        ({"text": "§ 1\nÄrende\n\nBeslut\nBifalls.", "preview": "1"}, "anger inte vilken nämnd"),
    ],
)
def test_bad_input_is_explained_in_swedish_and_kept(client, official, data, message):
    response = client.post(URL, data)

    assert response.status_code == 200
    assert message in response.text
    if "text" in data:
        assert textarea(response.text) == data["text"]


def test_protocol_text_is_escaped(client, official):
    text = "§ 1\n<script>alert(1)</script>\n\nBeslut\n<b>Bifalls</b>.\n"

    page = client.post(URL, {"text": text, "body": "Nämnden", "preview": "1"}).text

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Bifalls</b>" not in page


def test_preview_takes_as_many_queries_for_a_large_protocol_as_for_a_small(
    client, official, django_assert_num_queries
):
    with django_assert_num_queries(9):
        upload(client, SMALL)
    with django_assert_num_queries(9):
        upload(client, GOTEBORG)
