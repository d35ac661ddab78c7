import subprocess
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext

from huddinge_safety.backups.database import client_program, postgresql_environment
from huddinge_safety.backups.files import files_folder, restore_files, verified_manifest


class Command(BaseCommand):
    help = (
        "Replaces everything in the database with a backup made by `manage.py backup` "
        "(pg_restore, in one transaction: a backup that cannot be read changes nothing); "
        "then migrates, so an older backup gets the current schema. The attachments' files "
        "(FILE.files/) are checked against their SHA-256 first: one that differs changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, file, interactive, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(gettext("The file %(path)s does not exist.") % {"path": path})
        name = connection.settings_dict["NAME"]
        if interactive:
            yes = gettext("yes")
            answer = input(
                gettext(
                    "Everything in the database %(name)s is replaced with the backup %(path)s. "
                    "Type ”%(yes)s” to continue: "
                )
                % {"name": name, "path": path, "yes": yes}
            )
            if answer.strip().lower() != yes:
                raise CommandError(gettext("The restore was cancelled. Nothing has been changed."))
        folder = files_folder(path)
        manifest = verified_manifest(folder) if folder.is_dir() else []
        pg_restore = client_program("pg_restore")
        connection.close()
        restore = subprocess.run(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                name,
                str(path),
            ],
            capture_output=True,
            text=True,
            env=postgresql_environment(),
        )
        if restore.returncode:
            # pg_restore's own words (English) say what was wrong with the file.
            detail = " ".join(restore.stderr.split())
            raise CommandError(
                gettext(
                    "The backup %(path)s could not be restored, so the database is unchanged. "
                    "(%(detail)s)"
                )
                % {"path": path, "detail": detail}
            )
        # Newer migrations, the page cache's triggers, and a new content version
        # (post_migrate), so no page cached before the restore is served.
        call_command("migrate", interactive=False, verbosity=0)
        restore_files(folder, manifest)
        message = gettext("The database %(name)s is restored from %(path)s.")
        self.stdout.write(self.style.SUCCESS(message % {"name": name, "path": path}))
