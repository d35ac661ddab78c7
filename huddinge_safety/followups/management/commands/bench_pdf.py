import gc
import io
import os
import statistics

import weasyprint
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import RequestFactory, override_settings
from django.utils.translation import gettext as _

from huddinge_safety.followups.models import FollowUp
from huddinge_safety.followups.views import published_report_pdf, report_html
from huddinge_safety.pdf import PDF_VARIANT, StaticFilesFetcher
from huddinge_safety.programs.models import Program

LIMIT_PERCENT = 20


class Rollback(Exception):
    """Raised to throw the synthetic data away."""


class Command(BaseCommand):
    help = (
        "Times the PDF of a synthetic follow-up with 100 goals (5 areas × 20 goals), "
        "made through our view from database to PDF, against WeasyPrint alone on the same "
        "HTML, and prints our overhead (target: under 20 % of WeasyPrint's time). The "
        "synthetic data is created in a transaction that is rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5, help="Timed runs of each.")

    def handle(self, *args, runs, **options):
        try:
            with transaction.atomic():
                self.bench(max(runs, 1))
                raise Rollback
        except Rollback:
            pass

    @override_settings(ALLOWED_HOSTS=["testserver"])
    def bench(self, runs):
        call_command(
            "generate_sample_data", programs=1, areas=5, goals=20, years=2, stdout=io.StringIO()
        )
        program = Program.objects.order_by("-pk").first()
        follow_up = FollowUp.objects.published().get(program=program)
        request = RequestFactory().get(f"/program/{program.pk}/uppfoljning/{follow_up.year}.pdf")
        base_url = request.build_absolute_uri("/")

        def through_our_code():
            cache.clear()
            response = published_report_pdf(request, program.pk, follow_up.year)
            if response.status_code != 200:
                raise CommandError(f"The PDF view answered {response.status_code}.")
            return response.content

        html = report_html(follow_up.pk)[1]

        def weasyprint_alone():
            document = weasyprint.HTML(
                string=html, base_url=base_url, url_fetcher=StaticFilesFetcher(base_url)
            ).render(pdf_variant=PDF_VARIANT, pdf_tags=True)
            document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
            return document

        def our_parts():
            """What our code adds around WeasyPrint: the version query and the HTML
            (the fetcher is the same in both, the metadata a few attributes)."""
            FollowUp.objects.with_last_change().get(pk=follow_up.pk)
            report_html(follow_up.pk)

        def from_cache():
            return published_report_pdf(request, program.pk, follow_up.year)

        # Warm up: fonts, templates and imports load on first use.
        pdf = through_our_code()
        pages = len(weasyprint_alone().pages)
        # CPU time of this process and its children, the two alternated, medians:
        # other processes on a busy machine then blur the figures least. Our overhead
        # is also measured on its own, as the difference of two times of seconds each
        # is noisy.
        pairs = [
            (cpu_seconds(through_our_code), cpu_seconds(weasyprint_alone)) for run in range(runs)
        ]
        ours = statistics.median(mine for mine, theirs in pairs)
        alone = statistics.median(theirs for mine, theirs in pairs)
        difference = statistics.median(mine - theirs for mine, theirs in pairs)
        parts = statistics.median(cpu_seconds(our_parts) for run in range(runs))
        cached = statistics.median(cpu_seconds(from_cache) for run in range(runs))
        percent = 100 * parts / alone
        verdict = _("within the limit") if percent < LIMIT_PERCENT else _("OVER THE LIMIT")
        overhead = _("%(percent).1f %% of WeasyPrint's time (%(verdict)s: under %(limit)s %%)") % {
            "percent": percent,
            "verdict": verdict,
            "limit": LIMIT_PERCENT,
        }
        rows = [
            (_("our code, view from database to PDF:"), f"{ours:7.3f} s"),
            (_("WeasyPrint alone, same HTML:"), f"{alone:7.3f} s"),
            (
                _("difference, median per pair:"),
                f"{difference:7.3f} s = {100 * difference / alone:.1f} %",
            ),
            (_("our overhead, measured on its own:"), f"{parts:7.3f} s = {overhead}"),
            (
                "",
                _("(the query for the latest change, the queries of the report and the template)"),
            ),
            (_("the same PDF from the cache:"), f"{cached:7.3f} s"),
        ]
        width = max(len(label) for label, value in rows)
        lines = [
            _(
                "PDF of a synthetic follow-up: %(goals)s goals, %(pages)s pages, %(size)s kB; "
                "CPU time, median of %(runs)s alternating runs"
            )
            % {
                "goals": follow_up.goal_assessments.count(),
                "pages": pages,
                "size": len(pdf) // 1024,
                "runs": runs,
            },
            *(f"  {label:{width}}  {value}" for label, value in rows),
        ]
        self.stdout.write("\n".join(lines))


def cpu_seconds(function):
    """CPU time of ``function``, in this process and in the child processes it
    waited for (our code makes the PDF in a child process)."""
    gc.collect()  # so that no run pays for the garbage of the one before
    start = sum(os.times()[:4])
    function()
    return sum(os.times()[:4]) - start
