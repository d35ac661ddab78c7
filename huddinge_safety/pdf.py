"""Archivable, accessible PDFs of our pages, made by WeasyPrint.

A PDF is rendered from the same template as the HTML page; the print rules in
``static/css/print.css`` lay it out on A4 pages. The PDF is tagged and
identifies itself as PDF/UA-1. WeasyPrint may read our own static files only:
every other URL is refused, so rendering a PDF never makes a network request.

PDFs are slow to make (seconds for a report of 100 goals), so
``cached_pdf_response`` serves them from Django's cache under a version, which
is also their ETag, and answers conditional GETs with 304. The caller makes the
version with ``pdf_version`` from the object, the newest ``history_date`` of
everything the PDF shows (one cheap query, see ``huddinge_safety/history.py``)
and the site's address; ``layout_fingerprint`` adds the code that draws it.
Hashing the rendered HTML instead would need the template rendered on every
request, 304s included; the history records already say when anything changed.
"""

import ctypes
import hashlib
import logging
import mimetypes
import multiprocessing
import os
import queue
import signal
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from logging.handlers import QueueHandler
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache as django_cache
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date, quote_etag
from django.utils.text import slugify
from django.utils.translation import gettext

from huddinge_safety.context_processors import site

PDF_VARIANT = "pdf/ua-1"
# Shown on every page of a follow-up that is not yet approved; the English PDF
# adds its words in English.
DRAFT_STYLESHEET = "css/print-draft.css"
ENGLISH_DRAFT_STYLESHEET = "css/print-draft-en.css"
CACHE_TIMEOUT = 60 * 60 * 24 * 7
PR_SET_PDEATHSIG = 1  # From <linux/prctl.h>.


class StaticFilesFetcher(weasyprint.URLFetcher):
    """Gives WeasyPrint our static files straight from disk and refuses any other URL."""

    def __init__(self, base_url):
        super().__init__()
        self.static_prefix = urljoin(base_url, settings.STATIC_URL)

    def fetch(self, url, headers=None):
        if not url.startswith(self.static_prefix):
            raise ValueError(
                gettext("The PDF may only use the site's own static files: %(url)s") % {"url": url}
            )
        name = unquote(urlsplit(url).path.removeprefix(urlsplit(self.static_prefix).path))
        path = self.find(name)
        if path is None:
            raise ValueError(gettext("Static file missing: %(name)s") % {"name": name})
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return weasyprint.urls.URLFetcherResponse(
            url, Path(path).read_bytes(), {"Content-Type": content_type}
        )

    @staticmethod
    def find(name):
        """The file of a static ``name``, found where the site serves it from: the
        source folders when DEBUG is on, else the collected (hashed) files."""
        try:
            if settings.DEBUG:
                return finders.find(name)
            return staticfiles_storage.path(name) if staticfiles_storage.exists(name) else None
        except SuspiciousFileOperation as error:
            raise ValueError(gettext("Invalid path: %(name)s") % {"name": name}) from error


def draft_stylesheets():
    """The stylesheets that mark every page of a PDF as a draft, in the active language."""
    if translation.get_language() == "en":
        return [DRAFT_STYLESHEET, ENGLISH_DRAFT_STYLESHEET]
    return [DRAFT_STYLESHEET]


def render_html(template_name, context):
    """A template rendered for a PDF. No request is used, so that a PDF never
    depends on who asked for it (PDFs are cached and shared); the site's own
    context (the municipality) is added as its context processor would."""
    return render_to_string(template_name, {**site(None), **context})


def render_pdf(template_name, context, **options):
    """A template rendered to PDF bytes; ``options`` as for ``html_to_pdf``."""
    return html_to_pdf(render_html(template_name, context), **options)


def html_to_pdf(html, **options):
    """Turn an HTML document into tagged PDF/UA-1 bytes with our metadata, in the
    active language; ``options`` as for ``write_pdf``.

    WeasyPrint runs in a short-lived child process: laying out a long report
    takes more memory than everything else a web worker does, and a process
    keeps memory it has once used. Its log records (warnings about the
    document) are handed back and logged here. The child is forked, which is
    safe because gunicorn's sync workers run one thread each, and it dies
    with this process (see ``die_with_parent``)."""
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=1, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
    ) as child:
        pdf, records = child.submit(
            write_pdf_with_log, html, lang=translation.get_language(), **options
        ).result()
    for record in records:
        logging.getLogger(record.name).handle(record)
    return pdf


def die_with_parent(parent_pid):
    """Run in the child right after the fork: ask Linux to SIGKILL it when its
    parent dies. Else a worker killed mid-render (gunicorn's timeout, the OOM
    killer) would leave the child rendering on for nobody, with its memory and
    its inherited copy of the client's socket. The signal comes when the thread
    that forked ends, which is the worker's only thread."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent_pid:  # The parent died before the request was made.
        os._exit(1)


def write_pdf_with_log(html, **options):
    """``write_pdf``, and WeasyPrint's log records, made ready to be pickled."""
    records = queue.SimpleQueue()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(QueueHandler(records))
    logger.propagate = False
    pdf = write_pdf(html, **options)
    return pdf, [records.get() for _ in range(records.qsize())]


def write_pdf(html, *, base_url, title, subject, stylesheets=(), lang=settings.LANGUAGE_CODE):
    """Turn an HTML document in ``lang`` into tagged PDF/UA-1 bytes with our metadata.

    ``base_url`` is the site's own address: links in the PDF point there, and
    static files under it are read from disk. ``stylesheets`` are names of
    extra static stylesheets (e.g. ``DRAFT_STYLESHEET``)."""
    fetcher = StaticFilesFetcher(base_url)
    options = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=[
            weasyprint.CSS(url=urljoin(fetcher.static_prefix, name), url_fetcher=fetcher)
            for name in stylesheets
        ],
        **options,
    )
    metadata = document.metadata
    metadata.title = title
    metadata.description = subject
    metadata.authors = [settings.MUNICIPALITY_NAME]
    metadata.lang = lang
    return document.write_pdf(**options)


@cache
def layout_fingerprint():
    """A hash of WeasyPrint's version and of every template, static file and
    Python module of the project, taken once per process, so that a deployment
    that changes how a PDF looks never serves one cached in the old layout (the
    cache may be Redis, which outlives the processes)."""
    digest = hashlib.sha256(weasyprint.__version__.encode())
    sources = [(Path(folder), "*") for folder in settings.STATICFILES_DIRS]
    sources += [(Path(folder), "*") for engine in settings.TEMPLATES for folder in engine["DIRS"]]
    sources.append((Path(__file__).resolve().parent, "*.py"))
    for folder, pattern in sources:
        for path in sorted(folder.rglob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def pdf_version(*parts):
    """A version string for a PDF in the active language: changes whenever any of
    ``parts`` (the object, its last change, whether it is a draft, the site's
    address …), the language or the layout changes. Used both as cache key and as
    ETag."""
    parts = (layout_fingerprint(), translation.get_language(), *parts)
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def file_slug(title):
    """A title as part of a file name: ”Program … 2018–2021” → ”program-2018-2021”."""
    return slugify(title.replace("–", "-"))


def cached_pdf_response(request, *, version, last_modified, filename, render, public):
    """Answer a GET for a PDF: 304 when the client has ``version``, else the PDF
    from the cache, made by ``render()`` only on a cache miss.

    ``public`` PDFs may be stored by shared caches; drafts may not."""
    response = HttpResponse(content_type="application/pdf")
    response["ETag"] = quote_etag(version)
    response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Content-Disposition"] = content_disposition_header(False, filename)
    # Revalidate every time: the answer is a cheap 304 while nothing changed.
    if public:
        patch_cache_control(response, public=True, no_cache=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    conditional = get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=int(last_modified.timestamp()),
        response=response,
    )
    if conditional is not response:
        return conditional
    cache_key = f"pdf:{version}"
    pdf = django_cache.get(cache_key)
    if pdf is None:
        pdf = render()
        django_cache.set(cache_key, pdf, CACHE_TIMEOUT)
    response.content = pdf
    return response
