"""When something last changed, from the django-simple-history records.

Every save and delete of our models writes a history record, deletions
included, so the newest ``history_date`` among the records of everything a
page shows tells when that page last changed. The PDFs are cached under it."""

import datetime

from django.db.models import DateTimeField, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

NEVER = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def newest_change(*histories):
    """One SQL expression: the newest ``history_date`` among the history
    querysets ``histories`` (usually filtered on ``OuterRef``s)."""
    return Greatest(
        Value(NEVER, output_field=DateTimeField()),
        *(
            Coalesce(
                Subquery(history.order_by("-history_date").values("history_date")[:1]),
                Value(NEVER, output_field=DateTimeField()),
            )
            for history in histories
        ),
    )
