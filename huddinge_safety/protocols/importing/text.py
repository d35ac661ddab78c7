"""Plain text out of an uploaded protocol, and the page furniture taken out of it.

PDF pages are joined with form feeds, as ``pdftotext`` does, so that the page
breaks stay visible to :func:`clean_lines`."""

import io
import re
import zipfile
from collections import Counter

from . import rules

PAGE_BREAK = "\f"


class UnreadableDocument(ValueError):
    """The upload is not a PDF, DOCX or text file we can read."""


def extract_text(data, filename=""):
    """The text of a protocol given as the bytes of a PDF, DOCX or text file."""
    name = filename.lower()
    if data.startswith(b"%PDF") or name.endswith(".pdf"):
        return _pdf_text(data)
    if data.startswith(b"PK") or name.endswith(".docx"):
        return _docx_text(data)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument(filename)


def _pdf_text(data):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as error:
        raise UnreadableDocument(str(error)) from error
    return PAGE_BREAK.join(pages)


def _docx_text(data):
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableDocument(str(error)) from error
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                # A merged cell is repeated once per grid column it spans.
                cells = [cell.text for cell in dict.fromkeys(row.cells)]
                lines.extend(_table_row_lines(cells))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _table_row_lines(cells):
    """A table row as lines: the first line of every cell side by side, then the
    other lines of each cell under the first, as a two-column page reads."""
    columns = [cell.split("\n") for cell in cells if cell.strip()]
    if not columns:
        return []
    first = "   ".join(column[0] for column in columns)
    rest = [line for column in columns for line in column[1:]]
    return [first, *rest]


def clean_lines(text, removed=None):
    """The protocol's lines without page numbers, running headers and form feeds,
    each stripped, blank lines kept (one for a run of them). The lines taken out are
    added to ``removed`` when given: the running header names the body and date."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\u00ad", "").replace("\u200b", "")
    pages = text.split(PAGE_BREAK)
    lines = []
    page_edges = set()
    for page in pages:
        if lines:
            page_edges.add(len(lines))
        lines.extend(line.rstrip() for line in page.split("\n"))
    lines = [_split_layout_columns(line) for line in lines]
    flat = []
    edges = set()
    for index, parts in enumerate(lines):
        if index in page_edges:
            edges.add(len(flat))
        flat.extend(parts)
    furniture = _running_furniture(flat, edges)
    kept = []
    # Where a page ended: a sentence broken over the page break is joined again.
    page_turns = set()
    for index, line in enumerate(flat):
        stripped = line.strip()
        if index in furniture or index in edges:
            page_turns.add(len(kept))
        if index in furniture:
            if removed is not None:
                removed.append(stripped)
            continue
        if not stripped:
            if not kept or kept[-1] == "":
                continue
            kept.append("")
            continue
        if (
            len(kept) > 1
            and kept[-1] == ""
            and _turned_page(page_turns, len(kept) - 1)
            and not kept[-2].endswith((".", ":", "!", "?"))
            and stripped[:1].islower()
        ):
            kept.pop()
        kept.append(re.sub(r"[ \t]+", " ", stripped))
    while kept and kept[-1] == "":
        kept.pop()
    return kept


def _turned_page(page_turns, blank_index):
    """Whether a page ended around the blank line at ``blank_index``."""
    return blank_index in page_turns or blank_index + 1 in page_turns


def _split_layout_columns(line):
    """A line of ``pdftotext -layout`` (or a table) holding two columns, such as
    ``Plats och tid     Stadshuset, kl. 13.00``: a known label and its value on
    lines of their own, other wide gaps as separate lines."""
    stripped = line.strip()
    if not rules.COLUMN_GAP.search(stripped):
        return [line]
    return [part for part in rules.COLUMN_GAP.split(stripped) if part]


def _running_furniture(lines, page_edges):
    """Indexes of page numbers, protocol headers and the lines repeated with them.

    A line counts as a running header when it matches a page-furniture rule, or
    when it occurs more than once and every occurrence stands close to such a line
    or a page break: ``Kommunstyrelsen`` above ``Protokoll nr 2`` is a header, the
    same word inside a decision is not."""
    anchors = {
        index
        for index, line in enumerate(lines)
        if any(rule.match(line.strip()) for rule in rules.PAGE_FURNITURE)
    }
    near = set()
    for anchor in anchors | page_edges:
        near.update(_neighbours(lines, anchor, rules.HEADER_REACH))
    counts = Counter(line.strip() for line in lines if line.strip())
    repeated = {
        index
        for index, line in enumerate(lines)
        if counts[line.strip()] > 1
        and len(line.strip()) <= rules.HEADER_MAX_LENGTH
        and not rules.is_section_heading(line.strip())
    }
    by_text = {}
    for index in repeated:
        by_text.setdefault(lines[index].strip(), []).append(index)
    headers = {
        index
        for indexes in by_text.values()
        if all(index in near for index in indexes)
        for index in indexes
    }
    return anchors | headers


def _neighbours(lines, anchor, reach):
    """Up to ``reach`` non-blank lines either side of ``anchor``."""
    found = {anchor}
    for step in (-1, 1):
        index, seen = anchor + step, 0
        while 0 <= index < len(lines) and seen < reach:
            if lines[index].strip():
                found.add(index)
                seen += 1
            index += step
    return found
