"""Browser tests: the machine's Chromium, headless, driven by Playwright against a live server.

Every page a test visits can be checked with axe-core (``axe_check``); serious or critical
violations fail the test. Chromium comes from Debian (/usr/bin/chromium), never from
``playwright install``.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
# between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    reasons = []
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        reasons.append(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    if not AXE_JS.exists():
        reasons.append("axe-core missing (run npm ci)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        reasons.append("the playwright package is not installed")
    if reasons:
        skip = pytest.mark.skip(reason="; ".join(reasons))
        for item in items:
            if "tests/browser" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _site_basics(site_basics):
    """Every browser test runs against a live server on a flushed, re-seeded database."""


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


class AxeViolations(AssertionError):
    pass


def run_axe(page):
    """Inject axe-core and return violations of WCAG 2.1 A/AA rules."""
    # Evaluated, not added as a <script>: the Content-Security-Policy refuses inline scripts.
    page.evaluate(AXE_JS.read_text())
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
            }));
        }"""
    )


@pytest.fixture
def axe_check():
    """Call with a Playwright page: fails on serious or critical accessibility violations."""
    checked = []

    def check(page):
        violations = run_axe(page)
        checked.append(page.url)
        serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
        if serious:
            ARTIFACTS.mkdir(exist_ok=True)
            name = page.url.split("//", 1)[-1].replace("/", "_").replace(":", "_")[:80]
            page.screenshot(path=str(ARTIFACTS / f"axe-{name}.png"), full_page=True)
            raise AxeViolations(f"{page.url}: {json.dumps(serious, ensure_ascii=False, indent=2)}")
        return violations

    check.checked = checked
    return check
