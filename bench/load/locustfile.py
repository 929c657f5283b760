"""The load test's visitors (Locust): anonymous readers, people signing up for events and
organisation members editing their organisation, at rising load for three minutes.

Run by bench/load_test.py, which prepares the data, starts gunicorn and checks the result;
LOAD_FIXTURE names the JSON prepare.py wrote, LOAD_OUTPUT where the writers' log goes.
Request names group the figures by kind: ``read:<kind>``, ``write:<kind>``, ``check:<kind>``.
"""

import html
import json
import os
import random
import re
import threading
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from locust import FastHttpUser, LoadTestShape, between, events, task
from locust.contrib.fasthttp import FastHttpSession

FIXTURE = json.loads(Path(os.environ["LOAD_FIXTURE"]).read_text(encoding="utf-8"))
OUTPUT = os.environ["LOAD_OUTPUT"]
DURATION = int(os.environ.get("LOAD_SECONDS", "180"))
PEAK_USERS = int(os.environ.get("LOAD_PEAK_USERS", "120"))

LOG = {
    "signups": [],
    "signup_refused": [],
    "edits": [],
    "edit_attempts": [],
    "stale": [],
    "cache": {},
}
LOCK = threading.Lock()

COUNTIES = ["dalarna", "stockholm", "skane", "vastra-gotaland", "blekinge", "uppsala"]
WORDS = [
    "språkcafé",
    "samverkan",
    "överenskommelse",
    "läxhjälp",
    "mottagande",
    "SFI",
    "kommuntal",
    "hälsa",
    "flyktingguide",
    "arbetsmarknad",
    "Leksand",
    "RÖK",
]


PAGES = FIXTURE["agreements"] + FIXTURE["events"] + FIXTURE["organisations"]
random.Random(1).shuffle(PAGES)


def popular(items):
    """A few pages are read often, most rarely (Zipf-like, as on any public site)."""
    return items[min(len(items) - 1, int(random.paretovariate(1.2)) - 1)]


def remember(kind, item):
    with LOCK:
        LOG[kind].append(item)


def token_of(text):
    match = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', text)
    return match[1] if match else None


def fake_ip():
    return f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


class FormFields(HTMLParser):
    """The fields a browser would send for the first form whose action ends like ``action``
    (an empty action: the first POST form)."""

    def __init__(self, action=""):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.done = action, False, False
        self.fields, self.select, self.textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (
            tag == "form"
            and not self.done
            and attrs.get("method", "").lower() == "post"
            and (attrs.get("action", "").endswith(self.action) or not attrs.get("action"))
        ):
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("submit", "file", "button", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append(
                (attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "select" and attrs.get("name"):
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and attrs.get("name"):
            self.textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(text, action=""):
    parser = FormFields(action)
    parser.feed(text)
    return parser.fields


class Reader(FastHttpUser):
    """An anonymous visitor: home, lists with filters, pages, search, feeds."""

    weight = 20
    wait_time = between(0.1, 0.5)

    def get(self, url, kind):
        with self.client.get(url, name=f"read:{kind}", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{url} answered {response.status_code}")
            state = response.headers.get("X-Portal-Cache", "none")
            with LOCK:
                counts = LOG["cache"].setdefault(kind, {})
                counts[state] = counts.get(state, 0) + 1

    @task(3)
    def home(self):
        self.get("/", "home")

    @task(3)
    def agreements(self):
        query = random.choice(
            ["", "?lan=dalarna", "?status=galler", "?typ=lok", "?lan=skane&ar=2026"]
        )
        self.get(f"/overenskommelser/{query}", "list")

    @task(3)
    def directory(self):
        query = random.choice(["", "?lan=dalarna", "?sprak=ar", f"?lan={random.choice(COUNTIES)}"])
        self.get(f"/foreningar/{query}", "list")

    @task(3)
    def calendar(self):
        query = random.choice(
            ["", "?lan=dalarna", "?form=online", f"?lan={random.choice(COUNTIES)}"]
        )
        self.get(f"/kalender/{query}", "list")

    @task(1)
    def month(self):
        self.get(f"/kalender/manad/2027/{random.randint(1, 12)}/", "list")

    @task(6)
    def page(self):
        self.get(popular(PAGES), "page")

    @task(2)
    def search(self):
        words = " ".join(random.sample(WORDS, random.choice([1, 1, 2])))
        self.get(f"/sok/?q={words}", "search")

    @task(1)
    def feed(self):
        query = random.choice(["", "?lan=dalarna", "?kommun=leksand"])
        self.get(f"/kalender/kalender.ics{query}", "feed")


class SignupWriter(FastHttpUser):
    """Someone signing up for an event from the public page (its form and CSRF token come from
    the cached page), then reading the answer."""

    weight = 2
    fixed_count = 4
    wait_time = between(0.5, 1.5)

    @task
    def sign_up(self):
        event = random.choice(FIXTURE["signup_events"])
        page = self.client.get(event["url"], name="write:signup-form")
        token = token_of(page.text or "")
        if not token:
            return  # sign-up closed or the page failed (counted by Locust)
        email = f"deltagare-{uuid.uuid4().hex[:12]}@example.se"
        data = {
            "csrfmiddlewaretoken": token,
            "name": "Deltagare Last",
            "email": email,
            "employer": "Leksands kommun",
            "municipality": "",
            "needs": "",
            "consent": "on",
        }
        with self.client.post(
            event["url"],
            data=data,
            name="write:signup",
            headers={"X-Forwarded-For": fake_ip(), "Referer": self.host + event["url"]},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                remember("signups", {"event": event["pk"], "email": email})
                response.success()
            elif response.status_code in (200, 429):
                remember("signup_refused", {"event": event["pk"], "status": response.status_code})
                response.success()
            else:
                response.failure(f"sign-up answered {response.status_code}")
        # the confirmation (a message) is shown on the next page: never a cached copy
        self.client.get(event["url"], name="write:signup-answer")


class MemberWriter(FastHttpUser):
    """An organisation member who logs in and edits the organisation's description; an
    anonymous visitor then looks at the public page at once."""

    weight = 1
    fixed_count = 4
    wait_time = between(1, 3)

    def on_start(self):
        with LOCK:
            self.member = FIXTURE["members"].pop()
        page = self.client.get("/konto/login/", name="write:login-form")
        self.client.post(
            "/konto/login/",
            data={
                "csrfmiddlewaretoken": token_of(page.text),
                "login": self.member["email"],
                "password": FIXTURE["password"],
            },
            headers={"Referer": self.host + "/konto/login/"},
            name="write:login",
        )
        self.anonymous = FastHttpSession(
            self.host, self.environment.events.request, self, insecure=True
        )

    @task
    def edit(self):
        url = f"/mina-sidor/foreningar/{self.member['organisation']}/redigera/"
        page = self.client.get(url, name="write:edit-form")
        if page.status_code != 200:
            return
        fields = [(k, v) for k, v in form_fields(page.text, "redigera/") if k != "description"]
        marker = f"Uppdaterad {uuid.uuid4().hex[:10]}"
        fields.append(("description", f"Vi driver språkcafé och läxhjälp. {marker}"))
        # sent but perhaps not answered when the run stops: verify.py accepts it too
        remember("edit_attempts", {"organisation": self.member["organisation"], "marker": marker})
        with self.client.post(
            url,
            data=urlencode(fields),
            name="write:organisation-edit",
            headers={
                "Referer": self.host + url,
                "Content-Type": "application/x-www-form-urlencoded",
            },
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"edit answered {response.status_code}")
                return
        remember("edits", {"organisation": self.member["organisation"], "marker": marker})
        public = self.anonymous.get(self.member_public_url(), name="check:organisation-page")
        if marker not in html.unescape(public.text or ""):
            remember("stale", {"url": self.member_public_url(), "expected": marker})

    def member_public_url(self):
        return f"/foreningar/{self.member['slug']}/"


class RisingLoad(LoadTestShape):
    """Readers from 10 to PEAK_USERS in six steps over DURATION seconds; the writers (fixed
    counts) join at the start."""

    def tick(self):
        elapsed = self.get_run_time()
        if elapsed > DURATION:
            return None
        step = min(5, int(elapsed // (DURATION / 6)))
        users = 10 + 8 + round((PEAK_USERS - 10) * step / 5)
        return users, 20


@events.test_stop.add_listener
def write_log(environment, **kwargs):
    with open(OUTPUT, "w", encoding="utf-8") as out:
        json.dump(LOG, out, ensure_ascii=False)
