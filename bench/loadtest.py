"""make loadtest: 60 s of 32 concurrent connections on the public pages while an
official edits a follow-up (and the decision of a published agenda item) in the
admin, through the real login and change forms.

Passes when wrk saw no error at all, every save went through, every edit was
visible at once (the official's own page, and the public agenda item on the
very next request in every worker), and after the follow-up is published its
public report shows the last edit of every goal. Everything runs on
127.0.0.1 against a fresh PostgreSQL database (LOADTEST_DATABASE_URL).
"""

import os
import re
import sys
import tempfile
import threading
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from http.cookiejar import CookieJar

import django
import harness

DATABASE_URL = os.environ.get(
    "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/huddinge_loadtest"
)
PORT = int(os.environ.get("LOADTEST_PORT", "8101"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "32"))
PASSWORD = "lasttest-losenord-123"
GOAL_NARRATIVE = re.compile(r"^goal_assessments-\d+-narrative$")


class FormFields(HTMLParser):
    """The fields a browser would submit from the form with ``form_id``."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                self.fields.append([attrs["name"], attrs.get("value", "on")])
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select = {"name": attrs["name"], "first": None, "chosen": []}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            # Browsers drop the newline that follows <textarea>.
            self.textarea[1] = self.textarea[1].removeprefix("\n")
            self.fields.append(self.textarea)
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"] or [self.select["first"] or ""]
            self.fields += [[self.select["name"], value] for value in chosen]
            self.select = None


class Browser:
    """A logged-in admin session over plain HTTP, with cookies and CSRF tokens."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def form(self, path, form_id):
        parser = FormFields(form_id)
        parser.feed(self.get(path)[1])
        assert parser.fields, f"no form {form_id} on {path}"
        return dict(parser.fields)

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.base + path, data=data, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def log_in(self, username, password):
        fields = self.form("/admin/login/?next=/admin/", "login-form")
        fields.update(username=username, password=password)
        url, _ = self.post("/admin/login/?next=/admin/", fields)
        assert url == self.base + "/admin/", "the official could not log in"


class Official(threading.Thread):
    """Edits one goal's narrative of the draft follow-up and the decision of a
    published agenda item, again and again, checking each edit at once."""

    def __init__(self, base, follow_up_path, item_path, public_item_path):
        super().__init__()
        self.base, self.stopping = base, threading.Event()
        self.follow_up_path, self.item_path = follow_up_path, item_path
        self.public_item_path = public_item_path
        self.edits, self.failures, self.latest = 0, [], {}

    def run(self):
        try:
            browser = Browser(self.base)
            browser.log_in("tjansteperson", PASSWORD)
            while not self.stopping.is_set():
                self.edit_follow_up(browser)
                self.edit_decision(browser)
                self.stopping.wait(0.5)
        except Exception as error:  # Reported as a failure of the load test.
            self.failures.append(f"the official stopped: {error!r}")

    def save(self, browser, path, fields):
        url, page = browser.post(path, fields)
        if url.startswith(self.base + path):
            self.failures.append(f"save {self.edits} of {path} was refused")
        return page

    def edit_follow_up(self, browser):
        self.edits += 1
        fields = browser.form(self.follow_up_path, "followup_form")
        goals = sorted(
            (name for name in fields if GOAL_NARRATIVE.match(name)),
            key=lambda name: int(name.split("-")[1]),
        )
        name = goals[self.edits % len(goals)]
        fields[name] = f"Redigering {self.edits} under belastning."
        fields["overall_narrative"] = f"Samlad bedömning, redigering {self.edits}."
        self.save(browser, self.follow_up_path, fields)
        page = browser.get(self.follow_up_path)[1]
        for text in (fields[name], fields["overall_narrative"]):
            if text not in page:
                self.failures.append(f"edit {self.edits} not on the official's page: {text}")
        self.latest[name] = fields[name]
        self.latest["overall_narrative"] = fields["overall_narrative"]

    def edit_decision(self, browser):
        fields = browser.form(self.item_path, "agendaitem_form")
        fields["decision"] = f"Beslutet i version {self.edits}."
        self.save(browser, self.item_path, fields)
        for attempt in range(4):  # New connections: any worker may answer.
            with urllib.request.urlopen(self.base + self.public_item_path, timeout=60) as page:
                if fields["decision"] not in page.read().decode():
                    self.failures.append(
                        f"decision {self.edits} not public on request {attempt + 1}"
                    )


def prepare():
    """The official, the draft follow-up to edit and the public pages to load."""
    from django.contrib.auth.models import Group, User
    from django.urls import reverse

    from huddinge_safety.followups.models import FollowUp
    from huddinge_safety.protocols.models import Party, Person

    official = User.objects.create_user("tjansteperson", password=PASSWORD, is_staff=True)
    official.groups.add(Group.objects.get(name="Samordnare"))
    draft = FollowUp.objects.filter(status=FollowUp.Status.DRAFT).order_by("-pk").first()
    published = FollowUp.objects.published().filter(program=draft.program).order_by("-year")[0]
    item = published.agenda_item
    goal = draft.goal_assessments.order_by("pk").first().goal
    public = [
        reverse("home"),
        draft.program.get_absolute_url(),
        goal.get_absolute_url(),
        published.get_absolute_url(),
        reverse("protocols:meetings"),
        item.meeting.get_absolute_url(),
        item.get_absolute_url(),
        item.meeting.body.get_absolute_url(),
        Person.objects.first().get_absolute_url(),
        Party.objects.first().get_absolute_url(),
        reverse("search") + "?q=trygghet",
        reverse("followups:feed"),
        reverse("protocols:feed"),
    ]
    admin_paths = (
        reverse("admin:followups_followup_change", args=[draft.pk]),
        reverse("admin:protocols_agendaitem_change", args=[item.pk]),
    )
    return official, draft, item, public, admin_paths


def publish(draft, official, item):
    """The rest of the workflow, by the model methods the admin buttons call."""
    from django.contrib.auth.models import User

    publisher = User.objects.create_superuser("publicerare", password=PASSWORD)
    draft.refresh_from_db()
    draft.submit(official, confirm_unassessed=True)
    draft.approve(publisher, item)
    draft.publish(publisher)


def main():
    env = harness.environment(DATABASE_URL)
    print(f"Database {DATABASE_URL}: demo and synthetic data …", flush=True)
    harness.recreate_database(DATABASE_URL)
    harness.manage(env, "migrate", "--noinput", "--verbosity", "0")
    harness.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    harness.manage(env, "load_demo")
    harness.manage(env, "generate_sample_data", "--programs", "3")
    os.environ.update(env)
    sys.path.insert(0, str(harness.ROOT))
    django.setup()
    official, draft, item, public, (follow_up_path, item_path) = prepare()
    base = f"http://{harness.HOST}:{PORT}"

    with (
        tempfile.NamedTemporaryFile("w", suffix=".lua") as script,
        harness.gunicorn(env, PORT) as server,
    ):
        for path in public:
            with urllib.request.urlopen(base + path, timeout=60) as response:
                assert response.status == 200, path
        paths = ", ".join(f'"{path}"' for path in public)
        script.write(
            f"local paths = {{{paths}}}\nlocal n = 0\n"
            "request = function()\n  n = n + 1\n"
            "  return wrk.format('GET', paths[n % #paths + 1])\nend\n"
        )
        script.flush()
        editor = Official(base, follow_up_path, item_path, item.get_absolute_url())
        print(
            f"{SECONDS} s of {CONNECTIONS} connections on {len(public)} public pages while "
            "an official edits in the admin …",
            flush=True,
        )
        editor.start()
        load = harness.wrk(base + "/", seconds=SECONDS, connections=CONNECTIONS, script=script.name)
        editor.stopping.set()
        editor.join()
        memory = harness.worker_rss_mb(server)

        publish(draft, official, item)
        reports = []
        for _ in range(4):
            with urllib.request.urlopen(base + draft.get_absolute_url(), timeout=60) as page:
                reports.append(page.read().decode())
    missing = [
        text for text in editor.latest.values() if not all(text in report for report in reports)
    ]

    print(
        f"public requests: {load['requests']} ({load['rate']:.1f}/s), socket errors: "
        f"{load['errors']}, error responses: {load['non_2xx']}"
    )
    print(
        f"edits by the official: {editor.edits} follow-up saves and {editor.edits} "
        f"decision saves, failures: {len(editor.failures)}"
    )
    print(f"last edits missing from the published report: {len(missing)} of {len(editor.latest)}")
    print("gunicorn worker memory (RSS): " + ", ".join(f"{size:.0f} MB" for size in memory))
    problems = editor.failures + missing
    if load["errors"] or load["non_2xx"] or problems or not editor.edits:
        print("FAILED\n" + "\n".join(problems[:20]))
        sys.exit(1)
    print("OK: zero errors, every edit visible.")


if __name__ == "__main__":
    main()
