"""Full-text search over what the public may read.

On PostgreSQL it uses the ``swedish`` text search configuration (stemming, so
”trygghet” finds ”tryggheten”) with ranking and highlighted snippets. On SQLite,
whose LIKE folds ASCII letters only, it falls back to matching every word as a
substring of the text with Swedish letters folded to lower case."""

import html
import re
import secrets
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, migrations
from django.db.models import BooleanField, Expression, F, Func, TextField, Value
from django.db.models.functions import Cast, Concat, Lower, Replace
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

RESULTS_PER_KIND = 10
RANKED_CANDIDATES = 200
MAX_QUERY_LENGTH = 200
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

    @cached_property
    def names(self):
        """Every value a hit needs: those of its title and link, and the text."""
        return tuple(dict.fromkeys(self.values + self.fields))

    @cached_property
    def loader(self):
        return RowLoader(self.queryset.model, self.values)

    @cached_property
    def compiled_search(self):
        return CompiledSearch(
            postgres_search(self.queryset, CompiledSearch.PLACEHOLDER)
            .values(*self.names)
        )

    def hits(self, rows, pattern):
        return [
            Hit(*self.describe(self.loader.load(row)),
                snippet(" ".join(row[field] for field in self.fields), pattern))
            for row in rows
        ]


def grouped_hits(kinds, text):
    """Each kind's label with its best hits for ``text``, in the order of ``kinds``."""
    if connection.vendor == "postgresql":
        pattern = stem_pattern(text)
        return [(kind.label, kind.hits(kind.compiled_search.rows(text), pattern))
                for kind in kinds]
    pattern = substring_pattern(text)
    return [
        (kind.label, kind.hits(
            fallback_search(kind.queryset, kind.fields, text).values(*kind.names)
            [:RESULTS_PER_KIND], pattern,
        ))
        for kind in kinds
    ]


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


class RowLoader:
    """Rebuilds ``model`` instances from result rows holding the values ``names``:
    each instance holds those values, its other fields deferred, and a name such
    as ``area__program__title`` fills in a related instance (None when all of its
    values are None, as for an empty nullable foreign key). Which field each value
    fills is worked out once here, not for every row."""

    def __init__(self, model, names, prefix=""):
        own, related = {}, {}
        for name in names:
            field, _, rest = name.partition("__")
            if rest:
                related.setdefault(field, []).append(rest)
            else:
                own[model._meta.pk.attname if field == "pk" else field] = prefix + name
        self.model = model
        # Loaded as Django loads a row, in field order; the primary key is always
        # set (None if not asked for), as relating an instance reads it.
        self.attnames = [field.attname for field in model._meta.concrete_fields
                         if field.attname in own or field.primary_key]
        self.keys = [own.get(attname) for attname in self.attnames]
        self.related = [
            (field, RowLoader(model._meta.get_field(field).related_model, rest,
                              f"{prefix}{field}__"))
            for field, rest in related.items()
        ]

    def load(self, row):
        instance = self.model.from_db(
            None, self.attnames, [row[key] if key else None for key in self.keys]
        )
        for field, loader in self.related:
            setattr(instance, field, loader.load(row) if loader.holds_values(row) else None)
        return instance

    def holds_values(self, row):
        return any(row[key] is not None for key in self.keys if key) or any(
            loader.holds_values(row) for _, loader in self.related
        )


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


def postgres_search(queryset, text):
    """The ``RESULTS_PER_KIND`` best rows of ``queryset`` matching ``text``, best first.

    Only the newest ``RANKED_CANDIDATES`` matches are ranked: a word found in
    most rows (”trygghet”) would otherwise have every one of them read and
    ranked on each search. Candidates and ranking use the searched table alone,
    so that only the best rows are joined to what their titles need. The arrays
    make PostgreSQL do it in that order."""
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
        .annotate(rank=SearchRank(vector, query))
        .order_by("-rank", "pk")
    )


def stem_pattern(text):
    """Words that begin with a stem of ``text`` by PostgreSQL's Swedish stemming,
    which drops endings: ”trygghet” gives ”trygg” and so marks ”Tryggheten”."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT websearch_to_tsquery('swedish', %s)::text", [text])
        query = cursor.fetchone()[0]
    stems = [stem.replace("''", "'") for stem in re.findall(r"'((?:[^']|'')+)'", query)]
    if not stems:
        return None
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, stems))})\w*", re.IGNORECASE)


def substring_pattern(text):
    """The words of ``text`` anywhere, as the SQLite fallback matches them."""
    return re.compile("|".join(map(re.escape, text.split())), re.IGNORECASE)


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


def snippet(text, pattern):
    """An escaped excerpt of ``text`` around the first match of ``pattern``, every
    match in it marked. Made here rather than by PostgreSQL's ts_headline, which
    parses every hit's text again and took the database more time than finding
    and ranking the hits."""
    first = pattern.search(text) if pattern else None
    if first is None:
        return mark_safe(html.escape(text[: 2 * SNIPPET_CONTEXT]))
    # Widen the window to whole words.
    start = text.rfind(" ", 0, max(0, first.start() - SNIPPET_CONTEXT)) + 1
    end = text.find(" ", first.end() + SNIPPET_CONTEXT)
    end = len(text) if end == -1 else end
    excerpt = text[start:end]
    pieces, position = [], 0
    for match in pattern.finditer(excerpt):
        pieces += [html.escape(excerpt[position:match.start()]),
                   f"<mark>{html.escape(match[0])}</mark>"]
        position = match.end()
    pieces.append(html.escape(excerpt[position:]))
    prefix, suffix = ("… " if start else ""), (" …" if end < len(text) else "")
    return mark_safe(prefix + "".join(pieces) + suffix)
