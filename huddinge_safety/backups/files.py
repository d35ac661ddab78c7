"""The attachments' files in a backup: copied beside the database dump into a
folder with a manifest of each file's SHA-256, and checked against it before a
restore changes anything."""

import hashlib
import json
import os
import shutil
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.utils.translation import gettext

from huddinge_safety.documents.models import Attachment

MANIFEST = "manifest.json"


def files_folder(dump):
    """The folder beside ``dump`` that holds its files: x.dump → x.files/."""
    return dump.with_suffix(".files")


def sha256_of(file):
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def local_path(folder, name):
    """Where the file stored as ``name`` goes in ``folder``; a name that would
    leave the folder is refused."""
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
        message = gettext("The backup names a file outside its folder: %(name)s")
        raise CommandError(message % {"name": name})
    return folder.joinpath(*parts)


def back_up_files(folder):
    """Copies every attachment's file into ``folder`` (readable by its owner only),
    checking each against its SHA-256; returns how many."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(mode=0o700, parents=True)
    manifest = []
    for name, sha256 in Attachment.objects.order_by("pk").values_list("file", "sha256"):
        target = local_path(folder, name)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(target, "wb") as copy:
            shutil.copyfileobj(source, copy)
        os.chmod(target, 0o600)
        with open(target, "rb") as copy:
            if sha256_of(copy) != sha256:
                shutil.rmtree(folder)
                raise CommandError(
                    gettext(
                        "The stored file %(name)s does not match its SHA-256; "
                        "no backup was written."
                    )
                    % {"name": name}
                )
        manifest.append({"name": name, "sha256": sha256})
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return len(manifest)


def verified_manifest(folder):
    """The manifest of ``folder``, once every file in it is found with its SHA-256;
    CommandError naming the first that is missing or differs."""
    manifest = json.loads((folder / MANIFEST).read_text())
    for entry in manifest:
        path = local_path(folder, entry["name"])
        if not path.is_file():
            raise CommandError(
                gettext("The file %(name)s is missing from the backup; nothing was changed.")
                % {"name": entry["name"]}
            )
        with open(path, "rb") as file:
            if sha256_of(file) != entry["sha256"]:
                raise CommandError(
                    gettext(
                        "The file %(name)s in the backup does not match its SHA-256: it is "
                        "damaged or changed. Nothing was changed."
                    )
                    % {"name": entry["name"]}
                )
    return manifest


def restore_files(folder, manifest):
    """Puts each file of ``manifest`` back in the storage under its own name."""
    for entry in manifest:
        name = entry["name"]
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as stored:
                if sha256_of(stored) == entry["sha256"]:
                    continue
            default_storage.delete(name)
        with open(local_path(folder, name), "rb") as file:
            saved = default_storage.save(name, File(file, name=Path(name).name))
        if saved != name:
            raise CommandError(
                gettext("The file %(name)s could not be restored under its own name.")
                % {"name": name}
            )
