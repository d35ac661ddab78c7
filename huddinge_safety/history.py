"""The django-simple-history records: when something last changed, and what.

Every save and delete of our models writes a history record, deletions
included, so the newest ``history_date`` among the records of everything a
page shows tells when that page last changed. The PDFs are cached under it.
``describe`` tells of a record in a sentence."""

import datetime

from django.db.models import DateTimeField, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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


ACTIONS = {
    "+": _("added %(what)s"),
    "~": _("changed %(what)s"),
    "-": _("deleted %(what)s"),
}


def describe(record):
    """A history record as a sentence: who did what to which row, and when."""
    return gettext("%(who)s %(action)s on %(when)s") % {
        "who": (record.history_user.get_full_name() or record.history_user.get_username())
        if record.history_user
        else gettext("Someone"),
        "action": ACTIONS[record.history_type]
        % {"what": f"{record.instance._meta.verbose_name} ”{record.instance}”"},
        "when": date_format(localtime(record.history_date), "j F Y H:i:s"),
    }
