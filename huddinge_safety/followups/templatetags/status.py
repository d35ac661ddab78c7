from functools import cache

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from huddinge_safety.followups.models import AssessmentStatus

register = template.Library()


@register.simple_tag
def status_badge(value):
    """An assessment status as symbol and text, never colour alone.

    A tag rather than an include, and built once per status and language: pages
    show hundreds of them."""
    return badge_html(value, get_language())


@register.simple_tag
def status_cells(statuses):
    """A row of the status matrix: a table cell per status value, with its
    badge, or ”Ingen bedömning” where the value is None."""
    language = get_language()
    # Both the badges and NO_ASSESSMENT are safe HTML already.
    return mark_safe("".join(
        f"<td>{badge_html(value, language) if value else NO_ASSESSMENT}</td>"
        for value in statuses
    ))


@cache
def badge_html(value, language):
    status = AssessmentStatus(value)
    return format_html(
        '<span class="status status-{}"><span class="status-symbol" aria-hidden="true">{}'
        "</span> {}</span>",
        status.value, status.symbol, status.label,
    )


NO_ASSESSMENT = mark_safe('<span class="muted">Ingen bedömning</span>')
