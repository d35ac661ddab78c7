"""Real small documents of every accepted kind, made here, for the attachment tests."""

import functools
import html
import io
import zipfile

import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as docx_document
from pypdf import PdfWriter

from huddinge_safety.documents import content
from tests.factories import AgendaItemFactory, UserFactory


@functools.cache
def pdf(*pages):
    """A PDF with one page per text in ``pages``, laid out by WeasyPrint."""
    html = "".join(
        f'<section style="page-break-after: always"><p>{text}</p></section>' for text in pages
    )
    return weasyprint.HTML(string=f'<html lang="sv"><body>{html}</body></html>').write_pdf()


@functools.cache
def pdf_of_lines(text):
    """A PDF of ``text`` line by line, on pages wide enough that no line wraps, as
    a protocol printed to PDF."""
    lines = "".join(f"<p>{html.escape(line) or '&nbsp;'}</p>" for line in text.splitlines())
    style = "@page { size: A2 landscape } p { margin: 0; font-size: 8pt; white-space: pre }"
    return weasyprint.HTML(
        string=f'<html lang="sv"><head><style>{style}</style></head><body>{lines}</body></html>'
    ).write_pdf()


def docx_of_lines(text):
    """A Word document of ``text``, a paragraph a line, as Word writes it."""
    document = docx_document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def scanned_pdf():
    """A PDF whose page has no text at all, as a scan without OCR."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zipped(entries):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def content_types(main_part, main_type):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/></Types>'
    )


def docx(*pages):
    """A Word document with a hard page break between the texts of ``pages``."""
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    page_break = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    body = page_break.join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in pages)
    return zipped(
        {
            "[Content_Types].xml": content_types(
                "word/document.xml",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            ),
            "word/document.xml": f'<w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>',
        }
    )


def xlsx():
    return zipped(
        {
            "[Content_Types].xml": content_types(
                "xl/workbook.xml",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            ),
            "xl/workbook.xml": "<workbook/>",
        }
    )


def odt(text):
    ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    return zipped(
        {
            "mimetype": content.ODT,
            "content.xml": f'<office:document-content xmlns:office="{office}" xmlns:text="{ns}">'
            f"<office:body><office:text><text:h>Rubrik</text:h><text:p>{text}</text:p>"
            "</office:text></office:body></office:document-content>",
        }
    )


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def decide(follow_up, publish=False):
    """Takes ``follow_up`` through the workflow to approved (and published)."""
    publisher = UserFactory(groups=["Publicerare"])
    follow_up.submit(publisher, confirm_unassessed=True)
    follow_up.approve(publisher, AgendaItemFactory())
    if publish:
        follow_up.publish(publisher)
    return follow_up
