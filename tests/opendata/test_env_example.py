"""Every setting read from the environment is declared in .env.example (house style: one
place lists all configuration), and the open data publisher can be configured there."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READS = re.compile(r"\benv_(?:str|bool|list|required)\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")


def names_read():
    names = set()
    for path in [*ROOT.glob("portal/**/*.py"), *ROOT.glob("*/app_settings.py")]:
        if ".venv" not in path.parts:
            names |= set(READS.findall(path.read_text(encoding="utf-8")))
    return names


def test_every_environment_variable_is_in_env_example():
    declared = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M)
    )
    read = names_read()
    assert {"API_RATE_LIMIT", "OPEN_DATA_PUBLISHER", "OPEN_DATA_CONTACT_EMAIL"} <= read
    assert read - declared == set()


@pytest.mark.django_db
def test_catalogue_names_the_publisher_and_contact_from_the_environment(client, monkeypatch):
    monkeypatch.setenv("OPEN_DATA_PUBLISHER", "Länsstyrelsen Dalarna")
    monkeypatch.setenv("OPEN_DATA_CONTACT_EMAIL", "data@lansstyrelsen.example.se")
    turtle = client.get("/oppna-data/katalog").content.decode()
    assert "Länsstyrelsen Dalarna" in turtle
    assert "mailto:data@lansstyrelsen.example.se" in turtle
