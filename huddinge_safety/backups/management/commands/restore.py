import subprocess
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from huddinge_safety.backups.database import client_program, postgresql_environment


class Command(BaseCommand):
    help = (
        "Replaces everything in the database with a backup made by `manage.py backup` "
        "(pg_restore, in one transaction: a backup that cannot be read changes nothing); "
        "then migrates, so an older backup gets the current schema."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, file, interactive, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen {path} finns inte.")
        name = connection.settings_dict["NAME"]
        if interactive:
            answer = input(
                f"Allt innehåll i databasen {name} ersätts med säkerhetskopian {path}. "
                "Skriv ”ja” för att fortsätta: "
            )
            if answer.strip().lower() != "ja":
                raise CommandError("Återställningen avbröts. Inget har ändrats.")
        pg_restore = client_program("pg_restore")
        connection.close()
        restore = subprocess.run(
            [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", "--dbname", name, str(path)],
            capture_output=True, text=True, env=postgresql_environment(),
        )
        if restore.returncode:
            # pg_restore's own words (English) say what was wrong with the file.
            detail = " ".join(restore.stderr.split())
            raise CommandError(
                f"Säkerhetskopian {path} gick inte att återställa, så databasen är oförändrad. "
                f"({detail})"
            )
        # Newer migrations, the page cache's triggers, and a new content version
        # (post_migrate), so no page cached before the restore is served.
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Databasen {name} är återställd från {path}."))
