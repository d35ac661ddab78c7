"""A local stand-in for Kolada's API v3, started by the tests: it answers
``/v3/data/kpi/{kpi}/municipality/{ids}/year/{years}`` in Kolada's shape, a few
entries a page linked by ``next_url``, and 422 when asked for too many ids."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def entry(kpi, municipality, period, total, *, deleted=False):
    """One municipality-year as Kolada gives it: the total (``T``), which may be
    None or deleted, beside figures for women and men that must not be taken."""
    return {
        "kpi": kpi,
        "municipality": municipality,
        "period": period,
        "values": [
            {"gender": "K", "count": 1, "status": "", "value": 1.0, "isdeleted": False},
            {"gender": "T", "count": 1, "status": "", "value": total, "isdeleted": deleted},
            {"gender": "M", "count": 1, "status": "", "value": 2.0, "isdeleted": False},
        ],
    }


class FakeKolada:
    def __init__(self, *, max_ids=2, per_page=2):
        self.entries = []
        self.max_ids = max_ids
        self.per_page = per_page
        self.requests = []  # (path with query, status)
        self.failing_kpis = set()  # answered with 500
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                status, body = fake.answer(self.path)
                fake.requests.append((self.path, status))
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v3"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path):
        parts = urllib.parse.urlsplit(path)
        segments = parts.path.strip("/").split("/")
        # v3 data kpi {kpi} municipality {ids} year {years}
        if len(segments) != 8 or segments[:3] != ["v3", "data", "kpi"]:
            return 404, {"detail": "Not found"}
        kpi, ids, years = segments[3], segments[5].split(","), segments[7].split(",")
        if kpi in self.failing_kpis:
            return 500, {"detail": "Internal error"}
        if len(ids) > self.max_ids:
            return 422, {"detail": "Too many ids"}
        page = int(urllib.parse.parse_qs(parts.query).get("page", ["1"])[0])
        found = [
            e
            for e in self.entries
            if e["kpi"] == kpi and e["municipality"] in ids and str(e["period"]) in years
        ]
        start = (page - 1) * self.per_page

        def page_url(number):
            return f"http://127.0.0.1:{self.server.server_port}{parts.path}?page={number}"

        return 200, {
            "count": len(found),
            "next_url": page_url(page + 1) if start + self.per_page < len(found) else None,
            "previous_url": page_url(page - 1) if page > 1 else None,
            "values": found[start : start + self.per_page],
        }
