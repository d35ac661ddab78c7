"""Admin: "Importera protokoll": upload, preview, fix the text, save once."""

import datetime
import hashlib
import html
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from huddinge_safety.documents.models import Attachment
from huddinge_safety.protocols.models import AgendaItem, Meeting

from ..documents import files
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
    return html.unescape(re.search(r"<textarea[^>]*>\n?(.*?)</textarea>", page, re.S)[1])


def hidden(page, name):
    return html.unescape(re.search(rf'type="hidden" name="{name}" value="([^"]*)"', page)[1])


def save_form(page, **changes):
    """What Save posts from a preview ``page``: its text, its hidden fields."""
    return {
        "text": textarea(page),
        "previewed": previewed(page),
        "original": hidden(page, "original"),
        "save": "1",
        **changes,
    }


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

    response = client.post(URL, save_form(preview))

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

    response = client.post(URL, save_form(preview, text=fixed))

    assert response.status_code == 200
    assert "Texten har ändrats sedan förhandsgranskningen" in response.text
    assert "Kf 70 Val av två justerare" in response.text
    assert not AgendaItem.objects.exists()
    client.post(URL, save_form(response.text))
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


# --- The file kept as the meeting's minutes ------------------------------------------------


def kept_files(media_root):
    folder = media_root / "protokollimport"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_pdf_protocol_is_saved_with_its_file_as_the_justified_minutes(
    client, official, media_root, django_capture_on_commit_callbacks
):
    data = files.pdf_of_lines(SMALL.decode())
    preview = upload(client, data, name="KF protokoll (justerat) 2020-06-15.pdf").text
    assert "Originalfil" in preview
    assert "KF protokoll (justerat) 2020-06-15.pdf, sparas som justerat protokoll" in preview
    # Fixing the text and previewing again keeps the file.
    fixed = textarea(preview).replace("Val av justerare", "Val av två justerare")
    again = client.post(URL, {**save_form(preview, text=fixed), "save": "", "preview": "1"}).text
    assert "Kf 70 Val av två justerare" in again

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, save_form(again), follow=True)

    meeting = Meeting.objects.get(body__name="Kommunfullmäktige")
    attachment = meeting.attachments.get()
    assert attachment.file.read() == data
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.file_name == "KF_protokoll_justerat_2020-06-15.pdf"
    assert (attachment.kind, attachment.is_public) == (Attachment.Kind.MINUTES, True)
    assert attachment.title == "Justerat protokoll, Kommunfullmäktige, 15 juni 2020"
    assert attachment.date == meeting.date
    assert attachment.added_by == official
    assert attachment.is_locked
    assert meeting.agenda_items.get(paragraph="Kf 70").title == "Val av två justerare"
    assert (
        "KF_protokoll_justerat_2020-06-15.pdf sparas med sammanträdet som ”Justerat protokoll”."
        in response.text
    )
    assert kept_files(media_root) == []
    assert b"".join(client.get(attachment.get_absolute_url()).streaming_content) == data


def test_a_docx_protocol_not_yet_justified_is_kept_but_not_public(client, official):
    data = files.docx_of_lines(GOTEBORG.decode())
    preview = upload(client, data, name="ks-2024-01-24.docx").text
    assert "ks-2024-01-24.docx, sparas som ojusterat protokoll, inte offentligt" in preview

    response = client.post(URL, save_form(preview))

    assert response.status_code == 302
    attachment = Meeting.objects.get(body__name="Kommunstyrelsen").attachments.get()
    assert attachment.file.read() == data
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.file_name == "ks-2024-01-24.docx"
    assert (attachment.kind, attachment.is_public) == (Attachment.Kind.UNJUSTIFIED_MINUTES, False)
    assert attachment.added_by == official
    assert not attachment.is_locked
    assert client.get(attachment.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # Read as Windows-1252 by the import, but an attachment's text must be UTF-8.
        (SMALL.decode().encode("cp1252"), "Filens innehåll har kontrollerats"),
        (SMALL + b"\n" * 2048, "den största fil som tas emot är 2,0\xa0kB"),
    ],
)
def test_a_file_refused_as_an_attachment_is_explained_and_nothing_is_saved(
    client, official, settings, media_root, data, message
):
    settings.ATTACHMENT_MAX_BYTES = 2048
    before = row_counts()

    response = client.post(
        URL,
        {"file": SimpleUploadedFile("protokoll.txt", data), "body": "Fullmäktige", "preview": "1"},
    )

    assert response.status_code == 200
    assert "Filen kan inte sparas som sammanträdets protokoll: " in response.text
    assert message in response.text
    assert 'value="Fullmäktige"' in response.text
    assert 'name="save"' not in response.text
    assert row_counts() == before
    assert not Attachment.objects.exists()
    assert kept_files(media_root) == []


def test_a_file_refused_at_save_leaves_no_meeting_and_keeps_the_text(client, official, settings):
    preview = upload(client, SMALL).text
    before = row_counts()
    settings.ATTACHMENT_MAX_BYTES = 1024

    response = client.post(URL, save_form(preview))

    assert response.status_code == 200
    assert "Filen kan inte sparas som sammanträdets protokoll: Filen är" in response.text
    assert row_counts() == before
    assert not Attachment.objects.exists()
    assert textarea(response.text) == textarea(preview)
    assert hidden(response.text, "original") == hidden(preview, "original")


def spoil_signature(form, media_root):
    form["original"] = form["original"][:-1] + ("A" if form["original"][-1] != "A" else "B")


def change_the_kept_file(form, media_root):
    kept_files(media_root)[0].write_bytes(b"%PDF-1.7 en annan fil")


def remove_the_kept_file(form, media_root):
    kept_files(media_root)[0].unlink()


@pytest.mark.parametrize("tamper", [spoil_signature, change_the_kept_file, remove_the_kept_file])
def test_a_kept_file_tampered_with_is_refused_and_the_text_kept(
    client, official, media_root, tamper
):
    preview = upload(client, SMALL).text
    form = save_form(preview, text=textarea(preview) + "\nTillagt.")
    tamper(form, media_root)

    response = client.post(URL, form)

    assert response.status_code == 200
    assert "Filen från förhandsgranskningen finns inte längre eller har ändrats" in response.text
    assert textarea(response.text).endswith("Tillagt.")
    assert not Meeting.objects.exists()
    assert not Attachment.objects.exists()


def test_nobody_saves_the_file_another_official_previewed(client, official):
    preview = upload(client, SMALL).text
    client.force_login(UserFactory(groups=["Tjänsteperson"]))

    response = client.post(URL, save_form(preview))

    assert "Filen från förhandsgranskningen finns inte längre eller har ändrats" in response.text
    assert not Meeting.objects.exists()


def test_files_left_from_previews_a_day_ago_are_removed(client, official, media_root):
    upload(client, SMALL)
    [stale] = kept_files(media_root)
    long_ago = (timezone.now() - datetime.timedelta(days=1, minutes=1)).timestamp()
    os.utime(stale, (long_ago, long_ago))

    upload(client, SMALL)

    [kept] = kept_files(media_root)
    assert kept != stale
