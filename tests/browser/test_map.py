"""The map, the timeline and the filters in real Chromium: zoom, pan, clusters, popups, brushing a
period, the place box, a reversed date range, and nothing fetched from anywhere but this site."""

from __future__ import annotations

import datetime
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from claims import models as cm
from tests import factories as f
from tests.browser.conftest import LOOPBACK
from tests.ui import scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(seeded_rows):
    world = scenario.build()
    # A village a few kilometres from Stepanakert: the two cluster until the map is zoomed in.
    near = f.PlaceFactory(slug="krkzhan", name="Krkzhan", latitude=39.83, longitude=46.78)
    incident = f.IncidentFactory(
        title="Ceasefire violation at Krkzhan", kind=cm.IncidentKind.CEASEFIRE, start_date=datetime.date(2022, 3, 8)
    )
    incident.places.add(near)
    f.StatementFactory(incident=incident, review_status="accepted", event_date=datetime.date(2022, 3, 8))
    world.incidents["krkzhan"] = incident
    return world


@pytest.fixture
def requests_seen(page):
    """Every URL the page asks for (the conftest also aborts any that is not on loopback)."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def _wait_for_map(page):
    page.locator("#incident-map[data-atlas-drawn=true]").wait_for()
    page.locator("#incident-map .map-marker, #incident-map .map-cluster").first.wait_for()


def _until(page, script: str, timeout: float = 15.0):
    """Waits until `script` (a JS function) returns something true (wait_for_function would eval a
    string, which the pages' CSP forbids)."""
    deadline = time.monotonic() + timeout
    while not (value := page.evaluate(script)):
        assert time.monotonic() < deadline, f"still false after {timeout}s: {script}"
        time.sleep(0.1)
    return value


def _map_zoom(page) -> float:
    return page.evaluate("window.ccIncidentMap.getZoom()")


def test_map_zooms_pans_clusters_and_lists_incidents_at_a_place(world, live_server, page, requests_seen):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/map/")
    _wait_for_map(page)
    # The borders are drawn as vector shapes from the site's own copy of world-atlas.
    assert page.locator("#incident-map path.leaflet-interactive, #incident-map svg path").count() > 50

    # Zoomed out, Stepanakert and Krkzhan (3 km apart) share one cluster marker.
    page.evaluate("window.ccIncidentMap.setZoom(6, {animate: false})")
    cluster = page.locator("#incident-map .map-cluster")
    cluster.first.wait_for()
    assert "2 places with 3 incidents" in cluster.first.inner_text()

    zoom = _map_zoom(page)
    page.get_by_role("button", name="Zoom in", exact=True).click()
    _until(page, f"() => window.ccIncidentMap.getZoom() > {zoom}")

    # Selecting the cluster zooms in until its places stand apart.
    cluster.first.click()
    _until(page, "() => window.ccIncidentMap.getZoom() >= 10")
    stepanakert = page.locator("#incident-map .map-marker", has_text="Stepanakert: 2 incidents")
    stepanakert.wait_for()
    assert page.locator("#incident-map .map-marker", has_text="Krkzhan: 1 incident").count() == 1

    # Dragging pans the map.
    before = page.evaluate("window.ccIncidentMap.getCenter()")
    box = page.locator("#incident-map").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.8)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.6, steps=8)
    page.mouse.up()
    after = page.evaluate("window.ccIncidentMap.getCenter()")
    assert after["lng"] < before["lng"] and after["lat"] < before["lat"]

    # The popup lists the place's incidents, newest first, each a link to its page.
    page.evaluate("window.ccIncidentMap.setView([39.815, 46.752], 11, {animate: false})")
    stepanakert.click()
    popup = page.locator(".leaflet-popup .map-popup")
    popup.wait_for()
    assert popup.get_by_role("link").all_inner_texts() == [
        "Stepanakert",
        "Shelling of Stepanakert",
        "Clashes around Stepanakert",
    ]
    assert "contested: 2 denials or counterclaims" in popup.inner_text()
    popup.get_by_role("link", name="Shelling of Stepanakert").click()
    page.wait_for_url(f"**/incidents/{world.incidents['shelling'].pk}/")

    assert page.blocked_requests == []
    assert all(urlsplit(url).hostname in LOOPBACK for url in requests_seen if url.startswith("http"))
    assert page.console_errors == []


def test_markers_are_coloured_by_kind_or_by_how_contested(world, live_server, page):
    page.goto(live_server.url + "/map/")
    _wait_for_map(page)
    # Zoomed in on Stepanakert (a contested shelling) and Krkzhan (an uncontested ceasefire violation).
    page.evaluate("window.ccIncidentMap.setView([39.82, 46.765], 13, {animate: false})")
    krkzhan = page.locator("#incident-map .map-marker", has_text="Krkzhan")
    stepanakert = page.locator("#incident-map .map-marker", has_text="Stepanakert")
    colour = "el => getComputedStyle(el).backgroundColor"
    by_kind = (krkzhan.evaluate(colour), stepanakert.evaluate(colour))
    assert by_kind[0] != by_kind[1]  # a ceasefire violation and a shelling
    assert page.locator("#map-legend-kind").get_by_text("Ceasefire / violation").is_visible()

    page.locator(".map-figure").get_by_role("radio", name="how contested").check()
    assert page.locator("#map-legend-level").get_by_text("Heavily contested (3 or more)").is_visible()
    assert not page.locator("#map-legend-kind").is_visible()
    by_level = (krkzhan.evaluate(colour), stepanakert.evaluate(colour))
    assert by_level[0] != by_level[1] and by_level != by_kind  # not contested, contested
    assert page.console_errors == []


def test_brushing_the_timeline_sets_the_dates_in_the_address_and_the_list(world, live_server, page):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/incidents/")
    canvas = page.locator("canvas[data-chart=timeline][data-ready=true]")
    canvas.wait_for()
    titles = page.locator("#incident-results .incident-item h3 a")
    assert titles.count() == 4
    # Drag across the right-hand part of the axis, which holds the 2023 incidents only.
    area = page.evaluate(
        "() => { const c = Chart.getChart(document.querySelector('canvas[data-chart=timeline]'));"
        " const x = c.scales.x; return {from: x.getPixelForValue(Date.UTC(2023, 0, 15)),"
        " to: x.getPixelForValue(Date.UTC(2023, 11, 31)), top: c.chartArea.top, bottom: c.chartArea.bottom}; }"
    )
    box = canvas.bounding_box()
    y = box["y"] + (area["top"] + area["bottom"]) / 2
    page.mouse.move(box["x"] + area["from"], y)
    page.mouse.down()
    page.mouse.move(box["x"] + area["to"], y, steps=10)
    page.mouse.up()
    page.wait_for_url("**date_from=*")
    query = parse_qs(urlsplit(page.url).query)
    assert query["date_from"][0].startswith("2023-") and query["date_to"][0].startswith("202")
    _until(page, "() => document.querySelectorAll('#incident-results .incident-item').length === 2")
    assert sorted(titles.all_inner_texts()) == ["Drone strike near Jermuk", "Shelling of Stepanakert"]
    assert page.get_by_label("From", exact=True).input_value() == query["date_from"][0]
    # Timeline dots are coloured, not all one grey.
    colours = _until(
        page,
        "() => { const c = Chart.getChart(document.querySelector('canvas[data-chart=timeline][data-ready=true]'));"
        " return c && c.getDatasetMeta(0).data.map(dot => dot.options.backgroundColor); }",
    )
    assert len(set(colours)) == 2
    # The address is shareable: opened afresh it shows the same list.
    page.goto(page.url)
    assert sorted(titles.all_inner_texts()) == ["Drone strike near Jermuk", "Shelling of Stepanakert"]
    assert page.console_errors == []


def test_brushing_the_map_pages_timeline_updates_the_map(world, live_server, page):
    page.goto(live_server.url + "/map/")
    _wait_for_map(page)
    assert page.locator("#incident-map").get_attribute("data-places") == "3"
    canvas = page.locator("canvas[data-chart=timeline][data-ready=true]")
    canvas.scroll_into_view_if_needed()
    area = page.evaluate(
        "() => { const c = Chart.getChart(document.querySelector('canvas[data-chart=timeline]'));"
        " const x = c.scales.x; return {from: x.getPixelForValue(Date.UTC(2023, 8, 10)),"
        " to: x.getPixelForValue(Date.UTC(2023, 8, 30)), y: (c.chartArea.top + c.chartArea.bottom) / 2}; }"
    )
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + area["from"], box["y"] + area["y"])
    page.mouse.down()
    page.mouse.move(box["x"] + area["to"], box["y"] + area["y"], steps=10)
    page.mouse.up()
    page.wait_for_url("**date_to=2023-09-*")
    _until(page, "() => document.querySelector('#incident-map').dataset.places === '2'")
    assert page.locator(".map-list li").all_inner_texts() == ["Jermuk: 1 incident", "Stepanakert: 1 incident"]
    assert page.console_errors == []


def test_place_box_suggests_places_and_says_what_it_matched(world, live_server, page):
    page.goto(live_server.url + "/incidents/")
    place = page.get_by_label("Place", exact=True)
    suggestions = place.get_attribute("list")
    labels = page.locator(f"datalist#{suggestions} option[value=Stepanakert]")
    assert labels.text_content() == "also Khankendi, Xankandi"
    place.fill("khankendi")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**place=khankendi*")
    note = page.locator("#place-match")
    note.wait_for()
    assert note.inner_text() == "Showing Stepanakert (matched 'Khankendi')"
    assert sorted(page.locator("#incident-results .incident-item h3 a").all_inner_texts()) == [
        "Clashes around Stepanakert",
        "Shelling of Stepanakert",
    ]
    assert page.console_errors == []


def test_a_reversed_date_range_is_an_error_beside_the_field(world, live_server, page):
    page.goto(live_server.url + "/incidents/")
    page.get_by_label("From", exact=True).fill("2023-10-01")
    page.get_by_label("To", exact=True).fill("2023-01-01")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**date_to=2023-01-01*")
    error = page.locator("#id_date_to-error")
    error.wait_for()
    assert "Must not be before date_from" in error.inner_text()
    assert "no incidents are listed" in page.locator("#incident-results").inner_text()
    assert page.locator("#incident-results .incident-item, #incident-results .empty").count() == 0
    assert page.console_errors == []


def test_filters_are_folded_on_a_phone_and_open_on_a_desktop(world, live_server, page):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/incidents/")
    page.wait_for_load_state("networkidle")
    assert not page.get_by_label("Search", exact=True).is_visible()
    assert page.locator("#incident-results .incident-item").first.is_visible()
    page.get_by_text("Filters", exact=True).click()
    assert page.get_by_label("Search", exact=True).is_visible()
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/incidents/")
    assert page.get_by_label("Search", exact=True).is_visible()


def test_copy_citation_puts_outlet_date_speaker_and_permalink_on_the_clipboard(world, live_server, context, page):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    statement = world.statements["am"]
    page.goto(live_server.url + f"/statements/{statement.pk}/")
    page.get_by_role("button", name="Copy citation").click()
    page.get_by_role("status").filter(has_text="Citation copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Armenian Ministry of Defence (Armenian), in Armenpress, 19 Sep 2023:")
    assert copied.endswith(f"{live_server.url}/statements/{statement.pk}/")
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/map/", "/incidents/", "/statements/", "/"])
def test_map_and_list_pages_have_no_serious_accessibility_violations(world, live_server, page, axe_violations, path):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    if path in ("/map/", "/"):
        _wait_for_map(page)
    assert axe_violations(page) == []
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.console_errors == []
    assert page.blocked_requests == []


def test_on_a_phone_the_map_and_its_popup_fit_the_screen(world, live_server, page):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/map/")
    _wait_for_map(page)
    assert page.locator("#incident-map").bounding_box()["width"] <= PHONE["width"]
    page.evaluate("window.ccIncidentMap.setView([39.815, 46.752], 12, {animate: false})")
    page.locator("#incident-map .map-marker", has_text="Stepanakert").click()
    popup = page.locator(".leaflet-popup")
    popup.get_by_role("link", name="Shelling of Stepanakert").wait_for()
    box = popup.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.console_errors == []
