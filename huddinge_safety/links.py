"""Links to objects whose URL has one number in it, made without ``reverse()``
for every link: pages link to hundreds of goals, and ``reverse()`` took more
time than anything else on them."""

from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# An integer that appears in no URL of ours but the one being made.
MARKER = 7_391_846_205_113


def number_url(viewname, number):
    """The same as ``reverse(viewname, args=[number])``, for URL patterns whose one
    argument is an ``<int:…>``: the pattern is reversed once per process, URL
    configuration and script prefix, and the number put into it."""
    before, after = url_around_number(
        viewname, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()
    )
    return f"{before}{int(number)}{after}"


@cache
def url_around_number(viewname, urlconf, prefix):
    before, _, after = reverse(viewname, urlconf=urlconf, args=[MARKER]).rpartition(str(MARKER))
    return before, after
