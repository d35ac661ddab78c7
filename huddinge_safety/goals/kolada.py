"""Indicator values fetched from Kolada, the open database of Swedish municipal
statistics (API v3), for the municipality, its region and the whole country.

``fetch_values()`` asks Kolada; ``store_values()`` writes what it answered,
never replacing a value an official entered by hand unless told to. The
management command ``import_kolada`` and the indicator admin's action both use
them."""

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Indicator, IndicatorValue

# Safety key figures to pick from in the admin, with their titles as Kolada's
# metadata endpoint (``{KOLADA_URL}/kpi/{id}``) gives them.
SAFETY_KPIS = [
    ("N07403", "Anmälda våldsbrott, antal/100 000 inv"),
    ("N07546", "Anmälda bostadsinbrott, antal/100 000 inv"),
    ("N07611", "Otrygghet vid utevistelse sent på kvällen i eget bostadsområde (NTU), andel (%)"),
]
COUNTRY_ID = "0000"
# Kolada answers 422 when a request names too many ids; such a request is split
# in halves until Kolada accepts each part.
TOO_MANY_IDS = 422
# A chain of next_url longer than this is a loop, not data.
MAX_PAGES = 1000
TOTAL = "T"  # gender: both sexes together


class KoladaError(Exception):
    """Kolada could not be asked or gave no usable answer; the message says why
    in words for an official."""


class _RequestTooLarge(Exception):
    pass


@dataclass(frozen=True)
class KoladaValue:
    municipality: str
    year: int
    value: Decimal


def geographies():
    """Kolada's id of each geography an indicator has values for."""
    return {
        settings.KOLADA_MUNICIPALITY_ID: IndicatorValue.Geography.HUDDINGE,
        settings.KOLADA_REGION_ID: IndicatorValue.Geography.STOCKHOLM_COUNTY,
        COUNTRY_ID: IndicatorValue.Geography.SWEDEN,
    }


def source_of(kpi):
    return f"Kolada, {kpi}"


def fetch_values(kpi, municipality_ids, years):
    """The values of ``kpi`` for ``municipality_ids`` in ``years`` (both sexes
    together; missing and deleted values left out), following Kolada's pages."""
    return _fetch_split(kpi, list(municipality_ids), sorted(years))


def _fetch_split(kpi, ids, years):
    path = "/data/kpi/{}/municipality/{}/year/{}".format(
        urllib.parse.quote(kpi),
        ",".join(urllib.parse.quote(i) for i in ids),
        ",".join(map(str, years)),
    )
    try:
        return list(_pages(settings.KOLADA_URL + path))
    except _RequestTooLarge:
        if len(ids) > 1:
            half = len(ids) // 2
            return _fetch_split(kpi, ids[:half], years) + _fetch_split(kpi, ids[half:], years)
        if len(years) > 1:
            half = len(years) // 2
            return _fetch_split(kpi, ids, years[:half]) + _fetch_split(kpi, ids, years[half:])
        raise KoladaError(
            _("Kolada refused even the smallest request (%(path)s).") % {"path": path}
        ) from None


def _pages(url):
    origin = urllib.parse.urlsplit(settings.KOLADA_URL)[:2]
    for _page in range(MAX_PAGES):
        answer = _get_json(url)
        try:
            values = [value for entry in answer["values"] for value in _entry_values(entry)]
            url = answer.get("next_url")
        except (AttributeError, KeyError, TypeError, ValueError, InvalidOperation) as error:
            raise KoladaError(
                _("Kolada answered in a form this application does not know (%(error)s).")
                % {"error": error}
            ) from None
        yield from values
        if not url:
            return
        # Never follow a link away from the configured Kolada.
        if urllib.parse.urlsplit(url)[:2] != origin:
            raise KoladaError(
                _("Kolada's next page is on another server (%(url)s).") % {"url": url}
            )
    raise KoladaError(
        _("Kolada's answer did not end after %(count)s pages.") % {"count": MAX_PAGES}
    )


def _entry_values(entry):
    for value in entry["values"]:
        if value["gender"] != TOTAL or value.get("isdeleted") or value["value"] is None:
            continue
        yield KoladaValue(
            str(entry["municipality"]),
            int(entry["period"]),
            Decimal(str(value["value"])).quantize(Decimal("0.01")),
        )


def _get_json(url):
    request = urllib.request.Request(  # noqa: S310 -- KOLADA_URL is http(s), set by the operator
        url, headers={"Accept": "application/json", "User-Agent": "huddinge-safety"}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.KOLADA_TIMEOUT) as response:  # noqa: S310
            body = response.read()
    except urllib.error.HTTPError as error:
        if error.code == TOO_MANY_IDS:
            raise _RequestTooLarge from None
        raise KoladaError(
            _("Kolada answered with error %(status)s. No values were changed; try again later.")
            % {"status": error.code}
        ) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise KoladaError(
            _(
                "Kolada (%(url)s) could not be reached: %(reason)s. No values were changed; "
                "try again later."
            )
            % {"url": settings.KOLADA_URL, "reason": reason}
        ) from None
    try:
        return json.loads(body)
    except ValueError:
        raise KoladaError(_("Kolada's answer was not JSON.")) from None


def fetch_for_indicator(indicator, years=None):
    """Kolada's values of ``indicator``'s KPI for the years it can have values
    for (within ``years`` when given)."""
    allowed = set(indicator.value_years)
    wanted = sorted(allowed & set(years) if years is not None else allowed)
    if not wanted:
        return []
    return fetch_values(indicator.kolada_kpi, geographies(), wanted)


@dataclass
class Conflict:
    """A value entered by hand that Kolada has another figure for."""

    stored: IndicatorValue
    fetched: Decimal

    @property
    def key(self):
        """Names the hand-entered value as the official saw it, so that a
        confirmation never replaces a value typed in after it was shown."""
        return f"{self.stored.pk}:{self.stored.value}"


@dataclass
class ImportResult:
    indicator: Indicator
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    overwritten: int = 0
    conflicts: list = field(default_factory=list)


def find_conflicts(fetched):
    """The values entered by hand that Kolada has other figures for, among
    ``fetched``: pairs of an indicator and its values from ``fetch_for_indicator``.
    One query, however many indicators."""
    by_id = geographies()
    by_hand = {
        (value.indicator_id, value.year, value.geography): value
        for value in IndicatorValue.objects.filter(
            indicator__in=[indicator for indicator, _values in fetched], fetched_at__isnull=True
        ).select_related("indicator")
    }
    conflicts = []
    for indicator, values in fetched:
        for kolada_value in values:
            key = (indicator.pk, kolada_value.year, by_id.get(kolada_value.municipality))
            stored = by_hand.get(key)
            if stored is not None and stored.value != kolada_value.value:
                conflicts.append(Conflict(stored, kolada_value.value))
    return conflicts


@transaction.atomic
def store_values(
    indicator, fetched, *, overwrite: Callable[[Conflict], bool] = lambda conflict: False
):
    """Write ``fetched`` (from ``fetch_for_indicator``) as ``indicator``'s values,
    with their source and the time. A value entered by hand is kept, and
    listed among the result's conflicts, unless ``overwrite`` says otherwise."""
    now = timezone.now()
    source = source_of(indicator.kolada_kpi)
    by_id = geographies()
    stored_values = {
        (value.year, value.geography): value
        for value in IndicatorValue.objects.select_for_update().filter(indicator=indicator)
    }
    result = ImportResult(indicator)
    for kolada_value in fetched:
        geography = by_id.get(kolada_value.municipality)
        if geography is None:
            continue
        stored = stored_values.get((kolada_value.year, geography))
        if stored is None:
            IndicatorValue.objects.create(
                indicator=indicator,
                year=kolada_value.year,
                geography=geography,
                value=kolada_value.value,
                source=source,
                fetched_at=now,
            )
            result.created += 1
            continue
        if stored.is_entered_by_hand:
            if stored.value == kolada_value.value:
                result.unchanged += 1
                continue
            conflict = Conflict(stored, kolada_value.value)
            if not overwrite(conflict):
                result.conflicts.append(conflict)
                continue
            result.overwritten += 1
        elif (stored.value, stored.source) == (kolada_value.value, source):
            result.unchanged += 1
        else:
            result.updated += 1
        stored.value, stored.source, stored.fetched_at = kolada_value.value, source, now
        stored.save()
    return result


def describe(result):
    """One line saying what an import did to an indicator."""
    return _(
        "%(indicator)s (%(kpi)s): %(created)s new, %(updated)s updated, %(unchanged)s "
        "unchanged, %(overwritten)s entered by hand replaced, %(kept)s entered by hand kept."
    ) % {
        "indicator": result.indicator,
        "kpi": result.indicator.kolada_kpi,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "overwritten": result.overwritten,
        "kept": len(result.conflicts),
    }
