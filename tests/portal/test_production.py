"""Production settings: the deploy check is clean, configuration comes from the environment,
media is served safely, links in e-mails use PORTAL_BASE_URL, dependencies are declared."""

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.test import override_settings

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 60 + "-not-a-real-secret-but-long-and-varied-0123456789",
    "ALLOWED_HOSTS": "samverkansportalen.example.se",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
}


def run_python(code, *args, settings_module="portal.settings.production", **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        # the browser tests allow sync database calls from async code in this process; a
        # production process never does, and the deploy check says so
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "PORTAL_BASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(PRODUCTION_ENV, **env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, *(["-c", code] if code else []), *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def production_setting(*names, **env):
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_deploy_check_on_production_settings_has_no_warning():
    result = run_python(None, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_reads_the_proxy_count_and_base_url_from_the_environment():
    values = production_setting(
        "ALLAUTH_TRUSTED_PROXY_COUNT",
        "PORTAL_BASE_URL",
        "WAGTAILADMIN_BASE_URL",
        "MIDDLEWARE",
        "WAGTAILDOCS_SERVE_METHOD",
        TRUSTED_PROXY_COUNT="1",
        PORTAL_BASE_URL="https://samverkansportalen.example.se/",
    )
    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
    assert values["PORTAL_BASE_URL"] == "https://samverkansportalen.example.se"
    assert values["WAGTAILADMIN_BASE_URL"] == "https://samverkansportalen.example.se"
    assert "portal.middleware.PortalCSPMiddleware" in values["MIDDLEWARE"]
    assert "portal.middleware.PermissionsPolicyMiddleware" in values["MIDDLEWARE"]
    assert "portal.middleware.RequestSizeLimitMiddleware" in values["MIDDLEWARE"]
    assert values["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"


def test_without_a_proxy_count_forwarded_for_is_not_trusted():
    assert production_setting("ALLAUTH_TRUSTED_PROXY_COUNT")["ALLAUTH_TRUSTED_PROXY_COUNT"] == 0


@pytest.fixture
def media_files():
    root = Path(settings.MEDIA_ROOT)
    files = {
        "images/karta.max-800x600.png": b"\x89PNG\r\n\x1a\n" + b"0" * 32,
        "partners/logos/forening.png": b"\x89PNG\r\n\x1a\n" + b"1" * 32,
        "documents/hemlig.pdf": b"%PDF-1.4 hemlig",
        "images/sida.html": b"<script>alert(1)</script>",
    }
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    yield files
    for name in files:
        (root / name).unlink(missing_ok=True)


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_images_and_logos_are_served_without_debug(client, media_files):
    for path in ("/media/images/karta.max-800x600.png", "/media/partners/logos/forening.png"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content) == media_files[path[len("/media/") :]]
        assert "sandbox" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/hemlig.pdf",
        "/media/images/../documents/hemlig.pdf",
        "/media/images/%2e%2e/documents/hemlig.pdf",
        "/media/images/sida.html",
        "/media/images/finns-inte.png",
    ],
)
def test_documents_and_other_files_are_not_served_from_media(client, home, media_files, path):
    """Documents go through /dokument/ (Wagtail's view, with collection privacy), never
    straight from the media folder."""
    response = client.get(path)
    assert response.status_code == 404
    assert b"%PDF" not in response.content
    assert b"<script>alert" not in response.content


@pytest.mark.django_db
@override_settings(
    PORTAL_BASE_URL="https://samverkansportalen.example.se",
    WAGTAILADMIN_BASE_URL="https://samverkansportalen.example.se",
)
def test_wagtail_moderation_emails_link_to_the_portal_base_url(client, home):
    """An editor submits a page for moderation; the e-mail to the moderators links to the
    portal's public address, not to localhost."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage

    from portal.models import StandardPage

    User = get_user_model()
    moderators = Group.objects.create(name="Moderatorer")
    moderator = User.objects.create_superuser("moderator", "moderator@example.se", "pw")
    moderator.groups.add(moderators)
    editor = User.objects.create_superuser("redaktor", "redaktor@example.se", "pw")
    task = GroupApprovalTask.objects.create(name="Granska")
    task.groups.add(moderators)
    workflow = Workflow.objects.create(name="Granskning")
    workflow.workflow_tasks.create(task=task, sort_order=0)
    page = StandardPage(title="Om mottagandet", slug="om-mottagandet", live=False)
    home.add_child(instance=page)
    page.save_revision(user=editor)
    WorkflowPage.objects.create(page=page, workflow=workflow)

    mail.outbox.clear()
    workflow.start(page, editor)
    bodies = [message.body for message in mail.outbox if "moderator@example.se" in message.to]
    assert bodies, [message.to for message in mail.outbox]
    for body in bodies:
        links = re.findall(r"https?://[^\s\"'<>]+", body)
        assert links
        assert all(link.startswith("https://samverkansportalen.example.se/") for link in links)
        assert "localhost" not in body and "testserver" not in body


PRODUCTION_APPS = ["portal", "partners", "events", "agreements", "search"]


def python_files():
    for app in PRODUCTION_APPS:
        yield from (ROOT / app).rglob("*.py")


def is_demo_code(path):
    parts = path.relative_to(ROOT).parts
    return (
        # agreements/pdfs.py makes the demo's PDFs
        path.stem in {"demo", "demo_data", "volume", "factories", "pdfs"}
        or "management" in parts
        or "migrations" in parts
        or path.stem.startswith("bench")
    )


def test_production_code_imports_no_demo_module():
    offenders = []
    pattern = re.compile(
        r"^\s*(from\s+[\w.]*\bdemo\b[\w.]*\s+import|import\s+[\w.]*\bdemo\b)", re.M
    )
    for path in python_files():
        if is_demo_code(path):
            continue
        if pattern.search(path.read_text()):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def declared_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {re.split(r"[<>=\[ ]", spec)[0].lower() for spec in project["dependencies"]}
    extras = {
        extra: {re.split(r"[<>=\[ ]", spec)[0].lower() for spec in specs}
        for extra, specs in project["optional-dependencies"].items()
    }
    return names, extras


def test_what_production_code_imports_is_declared():
    names, extras = declared_requirements()
    imported = set()
    for path in python_files():
        if is_demo_code(path):
            continue
        text = path.read_text()
        for module, package in (
            ("dateutil", "python-dateutil"),
            ("django_filters", "django-filter"),
            ("csp", "django-csp"),
            ("nh3", "nh3"),
            ("fpdf", "fpdf2"),
        ):
            if re.search(rf"^\s*(from|import)\s+{module}\b", text, re.M):
                imported.add(package)
    assert imported - names == set()
    assert {"python-dateutil", "django-filter", "django-csp"} <= names
    assert "fpdf2" not in names, "fpdf2 is only for the demo: it belongs in the demo extra"
    assert "fpdf2" in extras["demo"]
