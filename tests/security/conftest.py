import pytest

from tests.conftest import module_data

from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The shared portal of tests/security/world.py, built once per test module."""
    with module_data(django_db_blocker, build_world) as data:
        yield data


def pytest_terminal_summary(terminalreporter):
    from .summary import lines

    for line in lines():
        terminalreporter.write_line(f"security gate: {line}")
