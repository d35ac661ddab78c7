from django import template
from django.utils.html import format_html

from huddinge_safety.followups.models import AssessmentStatus

register = template.Library()


@register.simple_tag
def status_badge(value):
    """An assessment status as symbol and text, never colour alone."""
    status = AssessmentStatus(value)
    return format_html(
        '<span class="status status-{}"><span class="status-symbol" aria-hidden="true">{}'
        "</span> {}</span>",
        status.value,
        status.symbol,
        status.label,
    )
