"""Each role's journey through the site in real Chromium (the steps are in `journeys.py`).

On every page of every journey: the page answers as expected, nothing is written to the console,
nothing is fetched from off the machine, every same-site link answers (no 404 or 500), axe-core
finds no serious or critical violation at 1366×900 and at 390×844, and a phone never scrolls sideways.
"""

from __future__ import annotations

from urllib.parse import urldefrag, urlsplit

import pytest

from tests.browser import journeys

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Links a checker must not follow: they change state, or leave for a page of the browser's own.
NOT_FOLLOWED = ("/logout", "/accounts/logout")


@pytest.fixture
def world(seeded_rows):
    return journeys.build_world()


def same_site_links(page, origin: str) -> set[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    links = set()
    for href in hrefs:
        url = urldefrag(href).url
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == origin and not any(n in parts.path for n in NOT_FOLLOWED):
            links.add(url)
    return links


def too_wide(page, width: int) -> list[str]:
    """The elements reaching past the right edge of the viewport that no scrolling box clips (to say
    what to fix)."""
    return page.evaluate(
        """width => [...document.querySelectorAll('body *')]
            .filter(el => {
                if (el.getBoundingClientRect().right <= width + 1) return false;
                for (let up = el.parentElement; up; up = up.parentElement) {
                    if (getComputedStyle(up).overflowX !== 'visible') return false;
                }
                return true;
            })
            .slice(-5)
            .map(el => `${el.tagName.toLowerCase()}#${el.id}.${el.getAttribute('class') || ''}`)""",
        width,
    )


def broken(page, links: set[str]) -> list[str]:
    """The links that answer with an error (each fetched with the page's own cookies)."""
    failures = []
    for url in sorted(links):
        response = page.request.get(url, max_redirects=5)
        if response.status >= 400:
            failures.append(f"{url} → {response.status}")
    return failures


@pytest.mark.parametrize("role", journeys.ROLES)
def test_journey(role, world, live_server, page, axe_violations, screenshots_dir):
    base = live_server.url
    if role != "anonymous":
        journeys.log_in(page, base, world.users[role].username)
    page.set_viewport_size(journeys.DESKTOP)
    placeholders = world.urls()
    checked: set[str] = set()
    problems: list[str] = []
    for step in journeys.steps_of(role):
        url = step.url.format(**placeholders)
        response = page.goto(base + url)
        page.wait_for_load_state("networkidle")
        where = f"{role} {url}"
        assert response is not None and response.status == step.status, f"{where}: status {response.status}"
        if step.action:
            step.action(page, world)
        # A page that answers with an error status logs that status itself; anything else is a problem.
        own_status = f"the server responded with a status of {step.status}"
        problems += [f"{where}: console: {m}" for m in page.console_errors if step.status < 400 or own_status not in m]
        problems += [f"{where}: fetched off the machine: {request}" for request in page.blocked_requests]
        page.console_errors.clear()
        page.blocked_requests.clear()
        links = same_site_links(page, base) - checked
        checked |= links
        problems += [f"{where}: broken link {failure}" for failure in broken(page, links)]
        for size_name, size in (("desktop", journeys.DESKTOP), ("phone", journeys.PHONE)):
            page.set_viewport_size(size)
            problems += [
                f"{where} at {size_name}: axe {v['impact']} {v['id']} ({v['help']}): {v['nodes']}"
                for v in axe_violations(page)
            ]
            if size_name == "phone" and page.evaluate("document.documentElement.scrollWidth") > size["width"]:
                problems.append(f"{where}: scrolls sideways on a phone, past the edge: {too_wide(page, size['width'])}")
            if step.screenshot:
                page.screenshot(path=str(screenshots_dir / f"{step.screenshot}-{size_name}.png"), full_page=True)
        page.set_viewport_size(journeys.DESKTOP)
    assert problems == [], "\n".join(problems)


def test_the_link_checker_reports_a_broken_link(world, live_server, page):
    # Guards the check above: a page linking to a missing incident is caught, an external link is not followed.
    page.goto(live_server.url + "/how-to-read/")
    page.evaluate(
        """() => { for (const href of ['/incidents/999999/', 'https://example.invalid/']) {
             const a = document.createElement('a'); a.href = href; a.textContent = href;
             document.querySelector('main').appendChild(a); } }"""
    )
    links = same_site_links(page, live_server.url)
    assert not any("example.invalid" in link for link in links)
    assert broken(page, links) == [f"{live_server.url}/incidents/999999/ → 404"]
