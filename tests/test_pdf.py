import datetime
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory

from huddinge_safety.pdf import (
    DRAFT_STYLESHEET,
    StaticFilesFetcher,
    cached_pdf_response,
    html_to_pdf,
    layout_fingerprint,
    pdf_version,
    render_html,
    render_pdf,
)
from tests.pdf_reading import fonts, page_texts, read_pdf, xmp_metadata

BASE_URL = "http://testserver/"
HTML = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Sidans titel</title>
<link rel="stylesheet" href="/static/css/print.css"></head>
<body><h1>Trygghet på Östermalm</h1><p>Åtgärder för ökad säkerhet i kommunen.</p>
<h2 style="break-before: page">Andra sidan</h2><p>Fortsättning.</p></body></html>"""


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture(scope="module")
def pdf():
    return html_to_pdf(HTML, base_url=BASE_URL, title="Rapportens titel", subject="Ämnet")


def test_metadata(pdf):
    reader = read_pdf(pdf)
    assert reader.metadata.title == "Rapportens titel"
    assert reader.metadata.author == "Huddinge kommun"
    assert reader.metadata.subject == "Ämnet"
    assert reader.trailer["/Root"]["/Lang"] == "sv"


def test_identifies_as_tagged_pdf_ua_1(pdf):
    root = read_pdf(pdf).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert re.search(r'pdfuaid:part(>|=")1', xmp_metadata(pdf))


def test_fonts_are_embedded_and_swedish_letters_extractable(pdf):
    assert fonts(pdf), fonts(pdf)
    assert all(fonts(pdf).values()), fonts(pdf)
    assert "Trygghet på Östermalm" in page_texts(pdf)[0]
    assert "Åtgärder för ökad säkerhet" in page_texts(pdf)[0]


def test_print_rules_number_the_pages(pdf):
    texts = page_texts(pdf)
    assert len(texts) == 2
    assert "Sida 1 av 2" in texts[0]
    assert "Sida 2 av 2" in texts[1]


def test_draft_stylesheet_marks_every_page():
    pdf = html_to_pdf(
        HTML, base_url=BASE_URL, title="T", subject="S", stylesheets=[DRAFT_STYLESHEET]
    )
    assert all("UTKAST" in text for text in page_texts(pdf))


def test_fetcher_serves_static_files_from_disk():
    response = StaticFilesFetcher(BASE_URL).fetch(f"{BASE_URL}static/css/print.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/tracker.png",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "http://testserver/admin/",
        "http://testserver/static/../../huddinge_safety/settings.py",
        "http://evil.example/static/css/print.css",
    ],
)
def test_fetcher_refuses_everything_but_our_static_files(url):
    # Each kind of refusal has its own message; WeasyPrint reports any ValueError.
    with pytest.raises(ValueError):  # noqa: PT011
        StaticFilesFetcher(BASE_URL).fetch(url)


def test_a_pdf_never_loads_an_external_url(caplog):
    html = HTML.replace("</h1>", '</h1><img src="https://example.com/tracker.png" alt="">')
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        pdf = html_to_pdf(html, base_url=BASE_URL, title="T", subject="S")
    assert pdf.startswith(b"%PDF-")
    assert "får bara använda webbplatsens egna statiska filer" in caplog.text


def test_version_changes_with_each_part():
    when = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    assert pdf_version("a", 1, when) == pdf_version("a", 1, when)
    assert pdf_version("a", 1, when) != pdf_version("a", 2, when)
    assert pdf_version("a", 1, when) != pdf_version("a", 1, when + datetime.timedelta(1))


def serve(request, version, renders, public=True):
    return cached_pdf_response(
        request,
        version=version,
        last_modified=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC),
        filename="rapport-2024.pdf",
        render=lambda: renders.append(1) or b"%PDF-1.7 x",
        public=public,
    )


def test_cached_response_renders_once_per_version():
    renders = []
    first = serve(RequestFactory().get("/r.pdf"), "v1", renders)
    second = serve(RequestFactory().get("/r.pdf"), "v1", renders)
    third = serve(RequestFactory().get("/r.pdf"), "v2", renders)
    assert first.content == second.content == third.content == b"%PDF-1.7 x"
    assert len(renders) == 2
    assert first["Content-Type"] == "application/pdf"
    assert first["ETag"] == '"v1"'
    assert first["Last-Modified"] == "Wed, 01 May 2024 00:00:00 GMT"
    assert first["Content-Disposition"] == 'inline; filename="rapport-2024.pdf"'
    assert "public" in first["Cache-Control"]
    assert (
        "private" in serve(RequestFactory().get("/r.pdf"), "v1", [], public=False)["Cache-Control"]
    )


def test_conditional_get_answers_304_without_rendering():
    renders = []
    by_etag = serve(RequestFactory().get("/r.pdf", HTTP_IF_NONE_MATCH='"v1"'), "v1", renders)
    by_date = serve(
        RequestFactory().get("/r.pdf", HTTP_IF_MODIFIED_SINCE="Wed, 01 May 2024 00:00:00 GMT"),
        "v1",
        renders,
    )
    stale = serve(RequestFactory().get("/r.pdf", HTTP_IF_NONE_MATCH='"v0"'), "v1", renders)
    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag["ETag"] == '"v1"'
    assert stale.status_code == 200
    assert len(renders) == 1


def test_layout_fingerprint_follows_the_templates_and_static_files(tmp_path, settings):
    stylesheet = tmp_path / "print.css"
    stylesheet.write_text("@page { size: A4; }")
    settings.STATICFILES_DIRS = [tmp_path]
    layout_fingerprint.cache_clear()
    try:
        before = layout_fingerprint()
        assert layout_fingerprint() == before
        stylesheet.write_text("@page { size: A5; }")
        layout_fingerprint.cache_clear()
        assert layout_fingerprint() != before
    finally:
        layout_fingerprint.cache_clear()


def test_templates_render_for_pdfs_without_a_request():
    html = render_html("base.html", {})
    assert '<p class="site-program">Trygghet och säkerhet</p>' in html
    assert "Huddinge kommun</a></p>" in html
    pdf = render_pdf("base.html", {}, base_url=BASE_URL, title="T", subject="S")
    assert page_texts(pdf)[0].startswith("Huddinge kommun Trygghet och säkerhet")


def resident_memory_mb():
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def test_making_a_long_pdf_leaves_the_web_process_small():
    """WeasyPrint's memory for laying out many pages stays in its child process."""
    rows = "".join(
        f"<tr><td>Rad {n}</td><td>{'Trygghet och säkerhet. ' * 8}</td></tr>" for n in range(1500)
    )
    html = HTML.replace("</h1>", f"</h1><table>{rows}</table>")
    html_to_pdf(HTML, base_url=BASE_URL, title="T", subject="S")
    before = resident_memory_mb()
    pdf = html_to_pdf(html, base_url=BASE_URL, title="T", subject="S")
    assert len(page_texts(pdf)) > 30
    assert resident_memory_mb() - before < 15


# A web worker in miniature: it holds a client's connection and renders a PDF.
RENDERING_WORKER = """
import socket, sys
import django
django.setup()
from huddinge_safety.pdf import html_to_pdf
client = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
html_to_pdf(sys.stdin.read(), base_url="http://testserver/", title="T", subject="S")
"""


def children(pid):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # The process has just ended.
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid):
    """Whether ``pid`` lives; a zombie has freed its memory and its sockets."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def wait_until(condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_worker_killed_mid_render_takes_its_child_and_the_clients_socket_with_it():
    rows = "".join(
        f"<tr><td>Rad {n}</td><td>{'Trygghet och säkerhet. ' * 8}</td></tr>" for n in range(5000)
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "huddinge_safety.settings"}
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(60)
        worker = subprocess.Popen(
            [sys.executable, "-c", RENDERING_WORKER, str(server.getsockname()[1])],
            stdin=subprocess.PIPE,
            env=env,
            cwd=settings.BASE_DIR,
            text=True,
        )
        worker.stdin.write(HTML.replace("</h1>", f"</h1><table>{rows}</table>"))
        worker.stdin.close()
        client, _ = server.accept()
        with client:
            assert wait_until(lambda: children(worker.pid), 30)
            [child] = children(worker.pid)
            try:
                time.sleep(1)
                assert worker.poll() is None, "the PDF was made too soon"
                assert running(child), "the PDF was made too soon"

                worker.kill()
                worker.wait()
                assert wait_until(lambda: not running(child), 5)
                client.settimeout(5)
                assert client.recv(1) == b"", "the client's connection is still open"
            finally:
                if running(child):
                    os.kill(child, signal.SIGKILL)
