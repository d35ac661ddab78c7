"""make backup / make restore carry the attachments' files and check them."""

import hashlib
import io
import shutil

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from huddinge_safety.documents.models import Attachment
from tests.factories import AttachmentFactory, MeetingFactory

from . import files
from .files import upload

pytestmark = pytest.mark.django_db(transaction=True)


def stored(attachment):
    with default_storage.open(attachment.file.name, "rb") as file:
        return file.read()


def test_files_are_backed_up_and_restored_with_their_checksums(tmp_path, media_root):
    pdf = files.pdf("Justerat protokoll")
    minutes = AttachmentFactory(
        agenda_item=None, meeting=MeetingFactory(), kind="minutes", file=upload("p.pdf", pdf)
    )
    report = AttachmentFactory(file=upload("u.txt", "Utlåtande".encode()))
    backup = tmp_path / "huddinge.dump"
    out = io.StringIO()
    call_command("backup", output=str(backup), stdout=out)
    assert "2 bifogade filer är sparade" in out.getvalue()
    assert (tmp_path / "huddinge.files" / minutes.file.name).read_bytes() == pdf

    # Everything lost: the database and the stored files.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root)
    call_command("restore", str(backup), interactive=False, stdout=io.StringIO())

    restored = {attachment.pk: attachment for attachment in Attachment.objects.all()}
    assert stored(restored[minutes.pk]) == pdf
    assert hashlib.sha256(stored(restored[report.pk])).hexdigest() == report.sha256
    assert restored[minutes.pk].pages.get().text == "Justerat protokoll"


def test_a_backup_with_a_damaged_file_is_refused_in_swedish_and_changes_nothing(
    tmp_path, media_root
):
    attachment = AttachmentFactory(file=upload("u.txt", b"Original"))
    backup = tmp_path / "huddinge.dump"
    call_command("backup", output=str(backup), stdout=io.StringIO())
    (tmp_path / "huddinge.files" / attachment.file.name).write_bytes(b"Manipulerad")
    Attachment.objects.filter(pk=attachment.pk).update(title="Ändrad efter kopian")

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup), interactive=False, stdout=io.StringIO())

    assert str(refused.value) == (
        f"Filen {attachment.file.name} i säkerhetskopian stämmer inte med sin SHA-256: den är "
        "skadad eller ändrad. Ingenting har ändrats."
    )
    assert Attachment.objects.get().title == "Ändrad efter kopian"
    assert stored(attachment) == b"Original"


def test_a_stored_file_that_no_longer_matches_its_checksum_stops_the_backup(tmp_path):
    attachment = AttachmentFactory(file=upload("u.txt", b"Original"))
    with open(default_storage.path(attachment.file.name), "wb") as file:
        file.write(b"Manipulerad")
    backup = tmp_path / "huddinge.dump"

    with pytest.raises(CommandError, match=f"Den lagrade filen {attachment.file.name}"):
        call_command("backup", output=str(backup), stdout=io.StringIO())

    assert not backup.exists()
    assert not (tmp_path / "huddinge.files").exists()
