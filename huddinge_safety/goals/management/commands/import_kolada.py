import re

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from huddinge_safety.goals import kolada
from huddinge_safety.goals.models import Indicator


def year_range(text):
    """``2015-2025`` (or a single year, ``2019``) as a range of years."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*", text)
    if not match:
        raise CommandError(
            _("Give the years as e.g. 2015-2025 or 2019, not ”%(text)s”.") % {"text": text}
        )
    first, last = int(match[1]), int(match[2] or match[1])
    if last < first:
        raise CommandError(_("The last year comes before the first: ”%(text)s”.") % {"text": text})
    return range(first, last + 1)


class Command(BaseCommand):
    help = (
        "Fetches the values of indicators linked to a Kolada KPI for the municipality, its "
        "region and the whole country from Kolada (KOLADA_URL), and stores each with its "
        "source and the time. Values entered by hand are kept and listed unless "
        "--overwrite-manual is given."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--indicator",
            type=int,
            action="append",
            metavar="ID",
            help="The id of an indicator to fetch (may be repeated).",
        )
        which.add_argument(
            "--all",
            action="store_true",
            dest="all_indicators",
            help="Every indicator linked to a Kolada KPI.",
        )
        parser.add_argument(
            "--years",
            help="The years to fetch, e.g. 2015-2025 (default: every year the indicator "
            "can have values for).",
        )
        parser.add_argument(
            "--overwrite-manual",
            action="store_true",
            help="Replace values entered by hand where Kolada has another figure.",
        )

    def handle(self, *args, indicator, all_indicators, years, overwrite_manual, **options):
        years = year_range(years) if years else None
        indicators = Indicator.objects.select_related("program").exclude(kolada_kpi="")
        if not all_indicators:
            indicators = indicators.filter(pk__in=indicator)
            missing = set(indicator) - {i.pk for i in indicators}
            if missing:
                raise CommandError(
                    _("No indicator linked to a Kolada KPI has the id %(ids)s.")
                    % {"ids": ", ".join(map(str, sorted(missing)))}
                )
        if not indicators:
            raise CommandError(_("No indicator is linked to a Kolada KPI."))
        # Everything is fetched before anything is stored, so that a failure
        # changes nothing.
        try:
            fetched = [(item, kolada.fetch_for_indicator(item, years)) for item in indicators]
        except kolada.KoladaError as error:
            raise CommandError(str(error)) from None
        kept = 0
        for item, values in fetched:
            result = kolada.store_values(item, values, overwrite=lambda _: overwrite_manual)
            self.stdout.write(kolada.describe(result))
            for conflict in result.conflicts:
                self.stderr.write(
                    _(
                        "  Kept the value entered by hand for %(year)s, %(geography)s: "
                        "%(stored)s (Kolada: %(fetched)s)."
                    )
                    % {
                        "year": conflict.stored.year,
                        "geography": conflict.stored.get_geography_display(),
                        "stored": number_format(conflict.stored.value),
                        "fetched": number_format(conflict.fetched),
                    }
                )
            kept += len(result.conflicts)
        if kept:
            self.stderr.write(
                self.style.WARNING(
                    _("Run again with --overwrite-manual to replace the values entered by hand.")
                )
            )
