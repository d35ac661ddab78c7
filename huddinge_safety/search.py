"""Full-text search over what the public may read.

Each searchable model keeps the Swedish search vector of its text in a
``search_vector`` field with a GIN index; PostgreSQL's ``swedish`` text search
configuration stems words, so ”trygghet” finds ”Tryggheten”. Hits are ranked
and shown with a snippet in which the found words are marked."""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db.models import F, GeneratedField, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

# The overview shows each kind's few best hits and links to all of that kind's
# hits: a phone then shows every kind within a few screens, and the database
# ranks and marks no more rows than are read.
OVERVIEW_HITS_PER_KIND = 5
HITS_OF_ONE_KIND = 50
# Only the newest matches of each kind are ranked, so that a word found in nearly
# every text (”trygghet”) does not make every search rank thousands of rows: the
# newest 50 for the overview's few best of each kind (ranking them is most of
# the database's work for a search, and make bench's uncached target for search
# is met only so), the newest 200 for one kind's page.
OVERVIEW_CANDIDATES = 50
ONE_KIND_CANDIDATES = 200
MAX_QUERY_LENGTH = 200
# ts_headline puts these around each found word, so that the text can be escaped
# before they become <mark>. They are Unicode noncharacters, never meant to be in
# a text; were one pasted into a text anyway, the worst would be a stray <mark>.
MARK_START, MARK_STOP = "\ufdd0", "\ufdd1"


def stored_search_vector(*fields):
    """A model's Swedish search vector of its text ``fields``, kept up to date by
    PostgreSQL itself; give it a ``GinIndex`` in ``Meta.indexes``. The explicit
    configuration makes the expression immutable, as a generated column needs."""
    return GeneratedField(
        expression=SearchVector(*fields, config="swedish"),
        output_field=SearchVectorField(),
        db_persist=True,
    )


@dataclass
class Hit:
    title: str
    url: str
    snippet: str


@dataclass
class Kind:
    """One kind of searchable thing: its label, the name that picks it in a search's
    address (``?typ=``), and a queryset of the rows the public may read, with what
    their ``search_title`` and ``get_absolute_url()`` need selected."""

    slug: str
    label: str
    queryset: object

    def hits(self, query, limit, candidates):
        """The ``limit`` best of the newest ``candidates`` rows matching ``query``,
        best first, as hits."""
        candidates = (
            self.queryset.filter(search_vector=query).order_by("-pk").values("pk")[:candidates]
        )
        fields = searched_fields(self.queryset.model)
        rows = (
            # The vector is only for the database to match and rank.
            self.queryset.defer("search_vector")
            .filter(pk__in=candidates)
            .annotate(
                rank=SearchRank(F("search_vector"), query),
                headline=SearchHeadline(
                    joined(fields),
                    query,
                    config="swedish",
                    start_sel=MARK_START,
                    stop_sel=MARK_STOP,
                ),
            )
            .order_by("-rank", "pk")[:limit]
        )
        return [
            Hit(
                row.search_title,
                row.get_absolute_url(),
                snippet(row.headline, " ".join(getattr(row, field) for field in fields)),
            )
            for row in rows
        ]


@dataclass
class Group:
    """A kind's best hits, and whether it has more than are shown."""

    kind: Kind
    hits: list
    has_more: bool


def grouped_hits(kinds, text, limit, candidates):
    """Each kind with its ``limit`` best hits for ``text`` among the newest
    ``candidates`` matches, in the order of ``kinds``."""
    query = SearchQuery(cleaned(text), config="swedish", search_type="websearch")
    groups = []
    for kind in kinds:
        # One more than is shown tells whether there are more.
        hits = kind.hits(query, limit + 1, candidates)
        groups.append(Group(kind, hits[:limit], len(hits) > limit))
    return groups


def cleaned(text):
    """``text`` as ``websearch_to_tsquery`` should read it. A ”-” negates the word
    or quoted phrase right after it: a run of them counts as one, and one with no
    word after it is dropped. (Dozens of those, as in ”- - -” or ”-(-(”, overflow
    its stack: ”tsquery stack too small”.)"""
    return re.sub(r'-(?![\w"])', " ", re.sub(r"-+", "-", text))


def searched_fields(model):
    """The names of the text fields ``model``'s search vector is made of."""
    vector = model._meta.get_field("search_vector").expression
    return [field.name for field in vector.get_source_expressions()]


def joined(fields):
    """The text of ``fields`` joined by spaces, as one SQL expression."""
    if len(fields) == 1:
        return F(fields[0])
    separated = [part for field in fields for part in (F(field), Value(" "))][:-1]
    return Concat(*separated, output_field=TextField())


def snippet(headline, text):
    """PostgreSQL's excerpt of ``text`` escaped, its found words in <mark>, and
    ”…” where it leaves out some of ``text``."""
    excerpt = headline.replace(MARK_START, "").replace(MARK_STOP, "")
    prefix = "" if text.startswith(excerpt) else "… "
    suffix = "" if text.endswith(excerpt) else " …"
    marked = escape(headline).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    # Escaped above; only our own <mark> tags are added.
    return mark_safe(f"{prefix}{marked}{suffix}")  # noqa: S308
