"""Links to many objects of one kind on one page."""

from django.urls import reverse

# An integer that appears in no URL of ours but the one being made.
MARKER = 7_391_846_205_113


def url_maker(viewname):
    """A function giving the URL of ``viewname`` for one integer argument, the
    same as ``reverse(viewname, args=[number])``, but reversing only once: a page
    that links to a hundred goals would otherwise spend most of its time in
    ``reverse``. For URL patterns whose one argument is an ``<int:…>``."""
    before, _, after = reverse(viewname, args=[MARKER]).rpartition(str(MARKER))
    return lambda number: f"{before}{int(number)}{after}"
