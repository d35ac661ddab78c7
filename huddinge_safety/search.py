"""Full-text search over what the public may read.

On PostgreSQL it uses the ``swedish`` text search configuration (stemming, so
”trygghet” finds ”tryggheten”) with ranking and highlighted snippets. On SQLite,
whose LIKE folds ASCII letters only, it falls back to matching every word as a
substring of the text with Swedish letters folded to lower case."""

import re
import secrets
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection, migrations
from django.db.models import BooleanField, Expression, F, Func, TextField, Value
from django.db.models.functions import Cast, Concat, Lower, Replace
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

RESULTS_PER_KIND = 10
RANKED_CANDIDATES = 200
MAX_QUERY_LENGTH = 200
# Private-use characters mark the highlights in PostgreSQL's headline, so the
# text can be escaped before the marks become HTML.
MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_CONTEXT = 110
UPPER_TO_LOWER = {"Å": "å", "Ä": "ä", "Ö": "ö", "É": "é", "Ü": "ü"}


@dataclass
class Hit:
    title: str
    url: str
    snippet: str


@dataclass
class Kind:
    """One kind of searchable thing: a queryset of public rows, its text fields,
    the values a result needs, and ``describe``, which turns a row, rebuilt from
    those values as unsaved model instances, into its result title and link."""

    label: str
    queryset: object
    fields: tuple
    values: tuple
    describe: object

    def search(self, text):
        if connection.vendor == "postgresql":
            return [Hit(*self.describe(build(self.queryset.model, row, self.values)),
                        highlighted_headline(row["headline"]))
                    for row in self.compiled_search.rows(text)]
        rows = fallback_search(self.queryset, self.fields, text).values(
            *dict.fromkeys(self.values + self.fields)
        )[:RESULTS_PER_KIND]
        return [
            Hit(*self.describe(build(self.queryset.model, row, self.values)), fallback_snippet(
                " ".join(row[field] for field in self.fields), text
            ))
            for row in rows
        ]

    @cached_property
    def compiled_search(self):
        return CompiledSearch(
            postgres_search(self.queryset, self.fields, CompiledSearch.PLACEHOLDER)
            .values(*self.values, "headline")
        )


class CompiledSearch:
    """The SQL of a search queryset, composed once per process with a placeholder
    for the searched text. Composing these nested querysets costs the ORM several
    times what PostgreSQL needs to run them, on every search."""

    PLACEHOLDER = f"search-text-{secrets.token_hex(8)}"

    def __init__(self, queryset):
        self.sql, self.params = queryset.query.sql_with_params()

    def rows(self, text):
        """The result rows for ``text`` as dicts of the queryset's values."""
        params = [text if param == self.PLACEHOLDER else param for param in self.params]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def build(model, row, names):
    """An unsaved ``model`` instance holding the values ``names`` of ``row``; a name
    such as ``area__program__title`` fills in a related instance (None when all of
    its values are None, as for an empty nullable foreign key)."""
    own, related = {}, {}
    for name in names:
        field, _, rest = name.partition("__")
        if rest:
            related.setdefault(field, {})[rest] = row[name]
        else:
            own[field] = row[name]
    for field, values in related.items():
        related_model = model._meta.get_field(field).related_model
        own[field] = (build(related_model, values, values)
                      if any(value is not None for value in values.values()) else None)
    return model(**own)


def document(fields):
    """The text fields joined by spaces, as one SQL text expression."""
    parts = []
    for field in fields:
        parts += [Cast(field, TextField()), Value(" ", output_field=TextField())]
    return Concat(*parts[:-1], output_field=TextField()) if len(fields) > 1 else parts[0]


class StoredSearchVector(Expression):
    """The ``search_vector`` column of the queryset's table: the Swedish search
    vector of its text fields, which PostgreSQL keeps up to date itself (see
    ``add_search_vector``). Stored, because ranking many matches would otherwise
    parse every matching text again on each search."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_vector", []


def swedish_query(text):
    return SearchQuery(text, config="swedish", search_type="websearch")


def matches(queryset, text):
    """The rows of ``queryset`` whose search vector matches ``text`` (GIN-indexed)."""
    return queryset.annotate(search_vector=StoredSearchVector()).filter(
        search_vector=swedish_query(text)
    )


class AnyOf(Func):
    """``value = ANY(array)``: whether the array holds the value."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection):
        (value, value_params), (array, array_params) = (
            compiler.compile(expression) for expression in self.source_expressions
        )
        return f"{value} = ANY({array})", (*value_params, *array_params)


def postgres_search(queryset, fields, text):
    """The ``RESULTS_PER_KIND`` best rows of ``queryset`` matching ``text``, best first.

    Only the newest ``RANKED_CANDIDATES`` matches are ranked: a word found in
    most rows (”trygghet”) would otherwise have every one of them read and
    ranked on each search. Candidates and ranking use the searched table alone,
    so that only the best rows are joined to what their titles need and get a
    headline. The arrays make PostgreSQL do it in that order."""
    vector = StoredSearchVector()
    query = swedish_query(text)
    candidates = matches(queryset, text).order_by("-pk").values("pk")[:RANKED_CANDIDATES]
    best = (
        queryset.model._base_manager.filter(AnyOf(F("pk"), ArraySubquery(candidates)))
        .annotate(rank=SearchRank(vector, query))
        .order_by("-rank", "pk").values("pk")[:RESULTS_PER_KIND]
    )
    return (
        queryset.filter(AnyOf(F("pk"), ArraySubquery(best)))
        .annotate(
            rank=SearchRank(vector, query),
            headline=SearchHeadline(
                document(fields), query, config="swedish",
                start_sel=MARK_START, stop_sel=MARK_END, max_words=40, min_words=20,
            ),
        )
        .order_by("-rank", "pk")
    )


def highlighted_headline(headline):
    """PostgreSQL's headline, escaped, with its highlight marks as <mark>."""
    html = escape(headline).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)


def add_search_vector(model_name, fields):
    """A migration operation that gives ``model_name``'s table a stored, generated
    ``search_vector`` column over ``fields`` with a GIN index, for the search.

    PostgreSQL only: SQLite searches with its fallback. The explicit ``swedish``
    configuration makes the expression immutable, as a generated column requires."""

    def add(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = apps.get_model(*model_name.split(".", 1))._meta.db_table
        document = " || ' ' || ".join(
            f"coalesce({schema_editor.quote_name(field)}, '')" for field in fields
        )
        schema_editor.execute(
            f"ALTER TABLE {schema_editor.quote_name(table)} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('swedish'::regconfig, {document})) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {schema_editor.quote_name(table + '_search')} "
            f"ON {schema_editor.quote_name(table)} USING gin (search_vector)"
        )

    def remove(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            table = apps.get_model(*model_name.split(".", 1))._meta.db_table
            schema_editor.execute(
                f"ALTER TABLE {schema_editor.quote_name(table)} DROP COLUMN search_vector"
            )

    return migrations.RunPython(add, remove)


def folded(expression):
    for upper, lower in UPPER_TO_LOWER.items():
        expression = Replace(expression, Value(upper, TextField()), Value(lower, TextField()))
    return Lower(expression)


def fallback_search(queryset, fields, text):
    queryset = queryset.annotate(search_text=folded(document(fields)))
    for word in text.lower().split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def fallback_snippet(text, query):
    """An escaped excerpt of ``text`` around the first match, words marked."""
    pattern = re.compile("|".join(re.escape(word) for word in query.split()), re.IGNORECASE)
    first = pattern.search(text)
    if first is None:
        return escape(text[: 2 * SNIPPET_CONTEXT])
    # Widen the window to whole words.
    start = text.rfind(" ", 0, max(0, first.start() - SNIPPET_CONTEXT)) + 1
    end = text.find(" ", first.end() + SNIPPET_CONTEXT)
    end = len(text) if end == -1 else end
    excerpt = text[start:end]
    html, position = [], 0
    for match in pattern.finditer(excerpt):
        html += [escape(excerpt[position:match.start()]), f"<mark>{escape(match[0])}</mark>"]
        position = match.end()
    html.append(escape(excerpt[position:]))
    prefix, suffix = ("… " if start else ""), (" …" if end < len(text) else "")
    return mark_safe(prefix + "".join(html) + suffix)
