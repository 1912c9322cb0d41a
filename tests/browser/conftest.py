"""Shared Playwright fixtures: one headless Chromium per test run, a fresh context per test.

The browser may only talk to the test's own live server on loopback: every other request is
aborted and recorded in `page.blocked_requests`, so a page that reaches for a CDN fails its test.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT, require_service

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}

# Playwright's sync API keeps an event loop running in the test thread; Django would otherwise
# refuse database access from it. The ORM calls themselves stay synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    require_service(CHROMIUM.exists(), f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="en-GB")
    blocked: list[str] = []

    def only_loopback(route):
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:")) or host in LOOPBACK:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", only_loopback)
    context.blocked_requests = blocked
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.blocked_requests = context.blocked_requests
    yield page
    page.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    require_service(AXE.exists(), f"{AXE} is missing: run `npm ci` (make install)")
    return AXE.read_text()


@pytest.fixture
def axe_violations(axe_source):
    """Run axe-core on the page as it stands; returns the serious and critical violations."""

    def run(page) -> list[dict]:
        # evaluate() runs through the DevTools protocol, which the page's CSP does not govern.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        violations = page.evaluate(
            """async () => (await window.axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))"""
        )
        return [v for v in violations if v["impact"] in ("serious", "critical")]

    return run


@pytest.fixture
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def seeded_rows(transactional_db):
    """The rows migrations seed (the four sides, the editor and admin groups), put back for a
    transactional test: the previous one flushed every table when it ended. (serialized_rollback
    cannot do this here: Playwright's event loop gives the test a fresh connection object that has
    lost the serialized copy.)"""
    from django.apps import apps

    seeds = importlib.import_module("claims.migrations.0003_seed_sides")
    seeds.seed(apps, None)
    seeds.seed_groups(apps, None)
