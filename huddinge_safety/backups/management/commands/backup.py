import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from huddinge_safety.backups.database import (
    DUMPDATA_EXCLUDE,
    is_postgresql,
    postgresql_environment,
)


class Command(BaseCommand):
    help = (
        "Writes a backup of the whole database, history and users included: pg_dump's "
        "custom format on PostgreSQL, dumpdata JSON on SQLite. Restore it with "
        "`manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output",
            help="File to write, ending in .dump on PostgreSQL and .json on SQLite "
                 "(default: backups/huddinge-<date and time>.dump or .json).",
        )

    def handle(self, *args, output, **options):
        postgresql = is_postgresql()
        suffix = ".dump" if postgresql else ".json"
        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = settings.BASE_DIR / "backups" / f"huddinge-{stamp}{suffix}"
            output.parent.mkdir(exist_ok=True)
        output = Path(output)
        if output.suffix != suffix:
            # loaddata tells the format by the suffix; .dump marks pg_restore's format.
            raise CommandError(f"Säkerhetskopians filnamn ska sluta på {suffix}.")
        if postgresql:
            subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                 "--file", str(output)],
                env=postgresql_environment(), check=True,
            )
        else:
            call_command(
                # Natural keys only for references to content types and permissions,
                # which migrate recreates with new primary keys; every row keeps its own.
                "dumpdata", natural_foreign=True,
                exclude=DUMPDATA_EXCLUDE, output=str(output), verbosity=0,
            )
        self.stdout.write(self.style.SUCCESS(f"Säkerhetskopian är sparad i {output}."))
