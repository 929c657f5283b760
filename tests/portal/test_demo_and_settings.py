import os
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.test import RequestFactory

import pytest

from portal.views import server_error
from tests.conftest import load_demo

ROOT = Path(__file__).resolve().parents[2]


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed
    }


@pytest.mark.django_db
def test_demo_loader_is_idempotent():
    first_output = load_demo()
    after_first = row_counts()
    second_output = load_demo()
    assert row_counts() == after_first
    assert "Done: 0 new objects." in second_output
    assert "new objects" in first_output


@pytest.mark.django_db
def test_demo_builds_a_swedish_home_page(client):
    load_demo()
    html = client.get("/").content.decode()
    assert "kommuntal" in html
    assert "Om portalen" in html


def test_server_error_page_renders_without_the_database():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()


def run_settings(module, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('ok')"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_settings_refuse_to_start_without_secrets():
    result = run_settings("portal.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_start_with_secrets():
    result = run_settings(
        "portal.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="example.se",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
    )
    assert result.returncode == 0, result.stderr


def test_email_url_parsing():
    from portal.settings.env import email_settings

    smtp = email_settings("smtp://user%40x.se:hemligt@mail.example.se:587?tls=1")
    assert smtp["EMAIL_HOST"] == "mail.example.se"
    assert smtp["EMAIL_PORT"] == 587
    assert smtp["EMAIL_HOST_USER"] == "user@x.se"
    assert smtp["EMAIL_USE_TLS"] is True
    assert email_settings("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
