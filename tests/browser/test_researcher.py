"""A researcher's session in real Chromium: search, filter, compare, trace to the source, export."""

from __future__ import annotations

import csv

import pytest

from tests.ui import scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}


@pytest.fixture
def world(seeded_rows):
    return scenario.build()


def _results_titles(page) -> list[str]:
    return page.locator("#incident-results .incident-item h3 a").all_inner_texts()


def test_researcher_compares_accounts_and_exports(world, live_server, page):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="All incidents", exact=True).first.click()
    page.wait_for_url("**/incidents/")
    page.get_by_label("Search", exact=True).fill("Stepanakrt")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/?q=Stepanakrt*")
    assert sorted(_results_titles(page)) == ["Clashes around Stepanakert", "Shelling of Stepanakert"]

    page.get_by_label("From").fill("2023-01-01")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**date_from=2023-01-01*")
    assert _results_titles(page) == ["Shelling of Stepanakert"]

    with page.expect_download() as download_info:
        page.locator("#incident-results").get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "incidents.csv"
    with open(download.path(), newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["title"] for r in rows] == _results_titles(page)
    assert all(r["start_date"] >= "2023-01-01" and "Stepanakert" in r["places"] for r in rows)

    page.get_by_role("link", name="Shelling of Stepanakert").click()
    page.wait_for_url(f"**/incidents/{world.incidents['shelling'].pk}/")
    headings = page.locator(".side-column > h3").all_inner_texts()
    assert [h.split(" (")[0].strip() for h in headings] == ["Armenian", "Azerbaijani", "Russian", "International"]
    for column in page.locator(".side-column").all():
        assert column.is_visible()
    assert page.locator("#side-russian").get_by_text("No statement from the Russian side").is_visible()

    civilians = page.locator(".casualty-table tbody tr", has_text="Armenian civilians")
    cells = civilians.locator("td").all_inner_texts()
    assert "killed 5" in cells[0] and "wounded 12" in cells[0]
    assert "killed 0" in cells[1]
    assert "killed 5–7" in cells[3]
    assert "they differ on killed" in cells[4]

    page.set_viewport_size(PHONE)
    page.locator("[data-tablist]").wait_for(state="visible")
    tabs = page.get_by_role("tab")
    assert tabs.count() == 4
    assert page.locator("#side-armenian").is_visible() and not page.locator("#side-azerbaijani").is_visible()
    tabs.first.focus()
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("tab", name="Azerbaijani").get_attribute("aria-selected") == "true"
    assert page.locator("#side-azerbaijani").is_visible() and not page.locator("#side-armenian").is_visible()
    page.keyboard.press("End")
    assert page.get_by_role("tab", name="International").evaluate("el => el === document.activeElement")
    assert page.locator("#side-international").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)

    am = world.statements["am"]
    page.locator(f"#statement-{am.pk}").get_by_role("link", name="See the sentence in the article").click()
    page.wait_for_url(f"**/articles/{am.article_id}/#s-{am.pk}")
    highlighted = page.locator(f"mark#s-{am.pk}")
    assert highlighted.is_visible()
    assert highlighted.text_content() == f"Armenian: {am.sentence}"
    assert (
        page.evaluate("() => document.querySelector(':target') && document.querySelector(':target').id") == f"s-{am.pk}"
    )

    assert page.blocked_requests == []
    assert page.console_errors == []


@pytest.mark.parametrize(
    "path",
    ["/", "/incidents/{shelling}/", "/articles/{article}/", "/actors/az-mod/", "/search/?q=Khankendi", "/map/"],
)
def test_main_pages_have_no_serious_accessibility_violations(world, live_server, page, axe_violations, path):
    url = path.format(shelling=world.incidents["shelling"].pk, article=world.articles["am"].pk)
    page.goto(live_server.url + url)
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []
    page.set_viewport_size(PHONE)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.console_errors == []
    assert page.blocked_requests == []


def test_keyboard_users_can_skip_to_content_and_see_focus(world, live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("el => el === document.activeElement")
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_accessibility_check_catches_a_bad_page(page, axe_violations):
    # Guards the check above: a page with an unlabelled field and an image without alt text fails.
    page.set_content('<!doctype html><html lang="en"><title>x</title><main><img src="data:,"><input></main></html>')
    assert {"image-alt", "label"} <= {v["id"] for v in axe_violations(page)}
