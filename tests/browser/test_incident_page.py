"""The incident page in real Chromium: 30 statements fit in four screens at 1366×900, the phone
keeps one tab per side, axe finds nothing serious, and a link to a folded statement opens it."""

from __future__ import annotations

import pytest

from tests import factories as f
from tests.claims import busy_incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENS = 4
PASSWORD = "correct horse battery staple"


@pytest.fixture
def busy(seeded_rows):
    return busy_incident.build(30)


def _open_as(page, base: str, path: str, role: str) -> None:
    """Open `path` at desktop size, as an anonymous visitor or signed in (through the login form)."""
    page.set_viewport_size(DESKTOP)
    if role == "anonymous":
        page.goto(base + path)
    else:
        user = f.UserFactory(role=role)
        page.goto(f"{base}/accounts/login/?next={path}")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(base + path)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_thirty_statements_fit_in_four_screens_at_1366x900(busy, live_server, page, role):
    """Editors see the most: pending statements and the machine's suggestions as well."""
    _open_as(page, live_server.url, f"/incidents/{busy.incident.pk}/", role)
    shown = page.locator("article.statement-card").count()
    expected = len(busy.statements) - len(busy.rejected) - (len(busy.pending) if role == "anonymous" else 0)
    assert shown == expected  # every statement is on the page, folded or not
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= SCREENS * DESKTOP["height"], f"{height}px is more than {SCREENS} screens"
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    assert page.get_by_role("heading", name="Disputes").is_visible()
    assert page.console_errors == [] and page.blocked_requests == []


def test_on_a_phone_each_side_is_a_tab_and_nothing_scrolls_sideways(busy, live_server, page):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/incidents/{busy.incident.pk}/")
    tabs = page.get_by_role("tab")
    assert [t.split(" (")[0] for t in tabs.all_inner_texts()] == ["Armenian", "Azerbaijani", "Russian", "International"]
    tabs.nth(2).click()
    assert page.locator("#side-russian").is_visible()
    assert not page.locator("#side-armenian").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.console_errors == []


@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_the_incident_page_has_no_serious_accessibility_violations(busy, live_server, page, axe_violations, role):
    _open_as(page, live_server.url, f"/incidents/{busy.incident.pk}/", role)
    page.locator("details").evaluate_all("nodes => nodes.forEach(d => { d.open = true; })")
    assert axe_violations(page) == []
    page.set_viewport_size(PHONE)
    assert axe_violations(page) == []


def test_a_link_to_a_folded_statement_opens_the_fold(busy, live_server, page):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/incidents/{busy.incident.pk}/")
    folded = page.locator("details.more-statements article.statement-card").first
    assert not folded.is_visible()
    target = folded.get_attribute("id")
    page.goto(f"{live_server.url}/incidents/{busy.incident.pk}/#{target}")
    card = page.locator(f"#{target}")
    card.wait_for(state="visible")
    assert card.evaluate("el => { const r = el.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }")
