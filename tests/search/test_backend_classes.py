"""The database backend is one class per database over a shared base, chosen once from the
connection's vendor: no code below the chooser asks which database it runs on."""

import ast
from pathlib import Path

from django.db import connection

import pytest

from search import backends
from search.backends.database import DatabaseBackend
from search.backends.database.postgresql import PostgreSQLSearchBackend
from search.backends.database.sqlite import SQLiteSearchBackend

PACKAGE = Path(backends.__file__).parent / "database"


def test_each_database_gets_its_own_class():
    assert backends.database_backend_class("postgresql") is PostgreSQLSearchBackend
    assert backends.database_backend_class("sqlite") is SQLiteSearchBackend
    assert issubclass(PostgreSQLSearchBackend, DatabaseBackend)
    assert issubclass(SQLiteSearchBackend, DatabaseBackend)


def test_an_unknown_database_is_refused_by_name():
    with pytest.raises(NotImplementedError, match="oracle"):
        backends.database_backend_class("oracle")


def test_the_backend_in_use_is_the_class_for_this_database():
    expected = {"postgresql": PostgreSQLSearchBackend, "sqlite": SQLiteSearchBackend}
    assert type(DatabaseBackend()) is expected[connection.vendor]
    assert type(backends.get_backend("database")) is expected[connection.vendor]
    assert type(backends.database_backend()).vendor == connection.vendor


def _vendor_checks(tree):
    """Every place the code reads a ``vendor`` attribute, or names a vendor in a comparison."""
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "vendor"
            and isinstance(node.ctx, ast.Load)
        ):
            found.append(node.lineno)
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(
                isinstance(o, ast.Constant) and o.value in ("postgresql", "sqlite")
                for o in operands
            ):
                found.append(node.lineno)
    return found


@pytest.mark.parametrize("module", ["__init__.py", "base.py", "postgresql.py", "sqlite.py"])
def test_no_module_of_the_database_backend_branches_on_the_vendor(module):
    tree = ast.parse((PACKAGE / module).read_text())
    assert _vendor_checks(tree) == []


def test_the_check_would_see_a_vendor_branch():
    branch = "if connection.vendor == 'postgresql':\n    pass\nif self.vendor != 'sqlite': pass"
    assert len(_vendor_checks(ast.parse(branch))) >= 2
