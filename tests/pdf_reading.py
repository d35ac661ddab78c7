"""Reading our PDFs back, for the tests of huddinge_safety/pdf.py and its views."""

import io
import subprocess

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject


def read_pdf(pdf):
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf):
    """The text of each page as poppler's pdftotext extracts it (what a reader copies)."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def xmp_metadata(pdf):
    return read_pdf(pdf).trailer["/Root"]["/Metadata"].get_object().get_data().decode()


def fonts(pdf):
    """Every font of every page: (name, embedded?)."""
    found = {}
    for page in read_pdf(pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts") or [font]
            for descendant in descendants:
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                found[str(font["/BaseFont"])] = any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
    return found


def structure_elements(pdf, kind):
    """Every element of the PDF's tag tree of type ``kind``, e.g. ``"/Figure"``."""
    found = []
    pending = [read_pdf(pdf).trailer["/Root"]["/StructTreeRoot"]]
    while pending:
        node = pending.pop().get_object()
        if not isinstance(node, DictionaryObject):
            continue
        if node.get("/S") == kind:
            found.append(node)
        children = node.get("/K")
        if isinstance(children, ArrayObject):
            pending.extend(children)
        elif children is not None:
            pending.append(children)
    return found
