import subprocess
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from huddinge_safety.backups.database import is_postgresql, postgresql_environment


class Command(BaseCommand):
    help = (
        "Replaces everything in the database with a backup made by `manage.py backup`: "
        "pg_restore on PostgreSQL, flush and loaddata on SQLite; then migrates, so an "
        "older backup gets the current schema."
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
        if is_postgresql():
            # One transaction: a backup that cannot be restored changes nothing.
            connection.close()
            subprocess.run(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                 "--single-transaction", "--exit-on-error", "--dbname", name, str(path)],
                env=postgresql_environment(), check=True,
            )
            # Newer migrations, the page cache's triggers, and a new content version
            # (post_migrate), so no page cached before the restore is served.
            call_command("migrate", interactive=False, verbosity=0)
        else:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(path), verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Databasen {name} är återställd från {path}."))
