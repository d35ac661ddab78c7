from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from huddinge_safety.followups.models import FollowUp
from huddinge_safety.followups.views import report_pdf
from huddinge_safety.programs.models import Program


class Command(BaseCommand):
    help = (
        "Writes the report of a program's follow-up for a year as an archivable PDF "
        "(PDF/UA-1). Works for any status; a follow-up that is not approved is marked "
        "UTKAST on every page."
    )

    def add_arguments(self, parser):
        parser.add_argument("program", help="The program's id or exact title.")
        parser.add_argument("year", type=int, help="The year the follow-up concerns, e.g. 2019.")
        parser.add_argument(
            "-o", "--output", required=True, type=Path, help="The PDF file to write."
        )
        parser.add_argument(
            "--base-url",
            default="http://localhost:8000/",
            help="The public site's address, used for the links in the PDF.",
        )

    def handle(self, *args, program, year, output, base_url, **options):
        found = find_program(program)
        try:
            follow_up = FollowUp.objects.get(program=found, year=year)
        except FollowUp.DoesNotExist:
            years = ", ".join(
                str(year)
                for year in found.follow_ups.order_by("year").values_list("year", flat=True)
            )
            if years:
                message = _(
                    "“%(program)s” has no follow-up for %(year)s. "
                    "There are follow-ups for: %(years)s."
                )
            else:
                message = _("“%(program)s” has no follow-up for %(year)s, nor for any other year.")
            raise CommandError(message % {"program": found, "year": year, "years": years}) from None
        if not output.parent.is_dir():
            raise CommandError(
                _("The folder %(folder)s does not exist.") % {"folder": output.parent}
            )
        output.write_bytes(report_pdf(follow_up.pk, base_url=base_url))
        if follow_up.is_locked:
            written = _("Wrote %(follow_up)s to %(file)s.")
        else:
            written = _("Wrote %(follow_up)s (marked DRAFT, not approved) to %(file)s.")
        self.stdout.write(self.style.SUCCESS(written % {"follow_up": follow_up, "file": output}))


def find_program(identifier):
    """The program with the id or exact title ``identifier``."""
    programs = Program.objects.filter(title=identifier)
    if identifier.isdigit():
        programs = programs | Program.objects.filter(pk=int(identifier))
    found = list(programs[:2])
    if len(found) != 1:
        message = (
            _("No program has the id or title “%(identifier)s”.")
            if not found
            else _("“%(identifier)s” matches several programs; give the program's id.")
        )
        raise CommandError(message % {"identifier": identifier})
    return found[0]
