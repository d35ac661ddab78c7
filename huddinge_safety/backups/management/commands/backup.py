import os
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from huddinge_safety.backups.database import client_program, postgresql_environment
from huddinge_safety.backups.files import back_up_files, files_folder


class Command(BaseCommand):
    help = (
        "Writes a backup of the whole database, history and users included, in pg_dump's "
        "custom format, readable by its owner only, and the attachments' files in a folder "
        "beside it (FILE.files/, with their SHA-256). Restore both with `manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            help="File to write (default: backups/huddinge-<date and time>.dump).",
        )

    def handle(self, *args, output, **options):
        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = settings.BASE_DIR / "backups" / f"huddinge-{stamp}.dump"
            output.parent.mkdir(mode=0o700, exist_ok=True)
        output = Path(output)
        pg_dump = client_program("pg_dump")
        # The backup holds sessions and password hashes: only its owner may read it,
        # from the moment it exists, whatever the umask.
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with open(descriptor, "wb") as file:
            dump = subprocess.run(
                [pg_dump, "--format=custom", "--no-owner", "--no-privileges"],
                stdout=file,
                stderr=subprocess.PIPE,
                text=True,
                env=postgresql_environment(),
            )
        if dump.returncode:
            output.unlink()
            message = gettext("The backup could not be written: %(error)s")
            raise CommandError(message % {"error": dump.stderr.strip()})
        try:
            count = back_up_files(files_folder(output))
        except CommandError:
            output.unlink()
            raise
        self.stdout.write(
            ngettext(
                "%(count)s attached file is saved in %(path)s.",
                "%(count)s attached files are saved in %(path)s.",
                count,
            )
            % {"count": count, "path": files_folder(output)}
        )
        self.stdout.write(
            self.style.SUCCESS(gettext("The backup is saved in %(path)s.") % {"path": output})
        )
