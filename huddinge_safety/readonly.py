"""The public pages only read, so they run outside a transaction.

``ATOMIC_REQUESTS`` puts each request in a transaction, so that a save in the admin
is whole or not at all. A view that only reads gains nothing from one: under
PostgreSQL's READ COMMITTED each statement sees what was committed when it began,
in a transaction or not (and a template's lazy reads come after the view's
transaction has ended anyway). Outside one, a page saves its BEGIN and COMMIT, two
round trips to the database; with them, the uncached agenda item page and search
missed their targets in ``make bench`` (issue 12)."""

from django.db import transaction
from django.views.decorators.http import require_safe


def read_only(view):
    """``view`` answers GET and HEAD only, outside a transaction."""
    return transaction.non_atomic_requests(require_safe(view))


class ReadOnlyMixin:
    """A class-based view that answers GET and HEAD only, outside a transaction."""

    http_method_names = ["get", "head"]

    @classmethod
    def as_view(cls, **initkwargs):
        return transaction.non_atomic_requests(super().as_view(**initkwargs))
