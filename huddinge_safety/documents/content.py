"""What an uploaded file really is, read from its bytes, and the text of its pages.

The name a file arrives with says nothing: a PDF starts with ``%PDF-``, an
Office Open XML document (DOCX, XLSX) is a zip whose ``[Content_Types].xml``
names its main part, an OpenDocument text is a zip whose first entry
``mimetype`` says so, and plain text is UTF-8 without control characters."""

import re
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
TEXT = "text/plain; charset=utf-8"

EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", ODT: ".odt", TEXT: ".txt"}
# The content type of each Office Open XML document's main part, as
# [Content_Types].xml names it. Macro-enabled variants have other types and are refused.
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
# Tab, line feed, form feed and carriage return are text; other control characters are not.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

UNKNOWN_TYPE = _(
    "The file is not a PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT) or plain "
    "text (UTF-8) document. Its content was checked, not its name."
)


def content_type(file):
    """The content type of ``file`` (an open binary file) read from its bytes;
    ValidationError when it is none of the accepted ones."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"PK\x03\x04"):
            return zip_content_type(file)
        if is_plain_text(file.read()):
            return TEXT
    finally:
        file.seek(0)
    raise ValidationError(UNKNOWN_TYPE, code="file_type")


def zip_content_type(file):
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "[Content_Types].xml" in names:
                types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
                for override in types.iter(f"{CONTENT_TYPES_NS}Override"):
                    found = OOXML_MAIN_PARTS.get(override.get("ContentType"))
                    if found and override.get("PartName", "").lstrip("/") in names:
                        return found
    except (zipfile.BadZipFile, ElementTree.ParseError, ValueError, KeyError):
        pass
    raise ValidationError(UNKNOWN_TYPE, code="file_type")


def is_plain_text(data):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return bool(text.strip()) and not CONTROL_CHARACTERS.search(text)


@dataclass
class Extraction:
    """The text of a document page by page; ``pages`` is empty when the document
    holds no text (a scanned PDF), ``None`` when its kind is not read (XLSX)."""

    pages: list | None


def extract_pages(file, kind):
    """The text of ``file`` of content type ``kind``, page by page (1 first)."""
    file.seek(0)
    if kind == PDF:
        pages = pdf_pages(file)
    elif kind == DOCX:
        pages = docx_pages(file)
    elif kind == ODT:
        pages = odt_pages(file)
    elif kind == TEXT:
        # A form feed starts a new page, as in pdftotext's output.
        pages = file.read().decode("utf-8").split("\f")
    else:
        return Extraction(None)
    texts = [normalized(page) for page in pages]
    return Extraction(texts if any(texts) else [])


def normalized(text):
    # PostgreSQL's text columns take no NUL character.
    return " ".join(text.replace("\x00", " ").split())


def pdf_pages(file):
    try:
        return [page.extract_text() or "" for page in PdfReader(file).pages]
    except (PyPdfError, ValueError, KeyError, TypeError):
        # A damaged PDF that still starts as one: kept, but not searchable.
        return []


def docx_pages(file):
    """Paragraphs of the document, a new page at each hard page break."""
    with zipfile.ZipFile(file) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    pages, current = [], []
    for element in root.iter():
        if element.tag == f"{WORD_NS}t" and element.text:
            current.append(element.text)
        elif element.tag == f"{WORD_NS}p":
            current.append(" ")
        elif element.tag == f"{WORD_NS}br" and element.get(f"{WORD_NS}type") == "page":
            pages.append("".join(current))
            current = []
    pages.append("".join(current))
    return pages


def odt_pages(file):
    """An OpenDocument text has no fixed pages: all its text is page 1."""
    with zipfile.ZipFile(file) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    paragraphs = (
        "".join(element.itertext())
        for element in root.iter()
        if element.tag in (f"{ODF_TEXT_NS}p", f"{ODF_TEXT_NS}h")
    )
    return [" ".join(paragraphs)]
