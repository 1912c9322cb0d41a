"""The map's and the timeline's data, the one-place filter, statement search through place aliases,
and what the list pages do with a bad date range."""

from __future__ import annotations

import datetime

import pytest

from claims import models as cm
from claims import selectors
from claims.selectors.search import PlaceMatch, place_match
from tests import factories as f
from tests.ui import scenario


@pytest.fixture
def world(db):
    return scenario.build()


# --- The one place a place box names -------------------------------------------------------------


def test_a_place_is_found_by_its_name_slug_or_alias_and_says_which(world):
    stepanakert = world.places["stepanakert"]
    assert place_match("Stepanakert") == PlaceMatch(stepanakert)
    assert place_match("stepanakert") == PlaceMatch(stepanakert)
    assert place_match("khankendi") == PlaceMatch(stepanakert, "Khankendi")
    assert str(place_match("KHANKENDI")) == "Stepanakert (matched 'Khankendi')"


def test_a_misspelt_alias_names_the_alias_it_is_closest_to(world):
    assert place_match("Xankandy") == PlaceMatch(world.places["stepanakert"], "Xankandi")


def test_a_place_name_wins_over_another_places_alias(world):
    # A village whose other spelling is "Jermuk": typing Jermuk still means the town of Jermuk.
    f.PlaceFactory(slug="jermuk-village", name="Jermukavan", aliases=["Jermuk"], latitude=40.1, longitude=45.1)
    assert place_match("Jermuk") == PlaceMatch(world.places["jermuk"])


def test_nothing_like_a_place_matches_no_place(world):
    assert place_match("ceasefire") is None
    assert place_match("   ") is None


def test_the_place_filter_takes_one_place_and_the_page_says_which(world, client):
    # A look-alike place with an incident of its own: the filter must not take it too.
    hills = f.PlaceFactory(slug="khankendi-hills", name="Khankendi Hills", latitude=39.9, longitude=46.7)
    elsewhere = f.IncidentFactory(title="Skirmish in the hills", start_date=datetime.date(2022, 1, 1))
    elsewhere.places.add(hills)
    f.StatementFactory(incident=elsewhere, review_status="accepted")
    response = client.get("/incidents/", {"place": "Khankendi"})
    assert response.status_code == 200
    assert {i.title for i in response.context["page"]} == {"Shelling of Stepanakert", "Clashes around Stepanakert"}
    assert "Showing Stepanakert (matched &#x27;Khankendi&#x27;)" in response.content.decode()


def test_a_place_filter_matching_nothing_says_so(world, client):
    response = client.get("/statements/", {"place": "Atlantis"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert "No place matches “Atlantis”" in response.content.decode()


def test_the_place_box_suggests_every_place_with_its_other_spellings(world, client):
    html = client.get("/incidents/").content.decode()
    assert 'list="place-suggestions"' in html
    assert '<option value="Stepanakert">also Khankendi, Xankandi</option>' in html


# --- Statement search expands place aliases ------------------------------------------------------


def test_statement_search_finds_statements_naming_a_place_by_another_spelling(world, client):
    # No statement's words say "Xankandi"; the Armenian account names Stepanakert as its place.
    response = client.get("/statements/", {"q": "Xankandi"})
    assert [card["id"] for card in response.context["cards"]] == [world.statements["am"].pk]


def test_statement_search_still_matches_words(world, client):
    response = client.get("/statements/", {"q": "servicemen"})
    assert [card["id"] for card in response.context["cards"]] == [world.statements["az2"].pk]


# --- A reversed date range -----------------------------------------------------------------------


@pytest.mark.parametrize(("url", "results"), [("/incidents/", "incidents"), ("/statements/", "statements")])
def test_a_reversed_date_range_is_an_error_beside_the_field_not_an_empty_list(world, client, url, results):
    response = client.get(url, {"date_from": "2023-10-01", "date_to": "2023-01-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="form-error" id="id_date_to-error" role="alert">Must not be before date_from.</p>' in html
    assert f"no {results} are listed" in html
    assert "No incidents match" not in html and "No statements match" not in html


def test_the_map_page_refuses_a_reversed_range_the_same_way(world, client):
    response = client.get("/map/", {"date_from": "2023-10-01", "date_to": "2023-01-01"})
    assert response.status_code == 200
    assert response.context["places"] == []
    assert "Must not be before date_from." in response.content.decode()


def test_an_htmx_request_sends_the_filter_fields_again_with_their_errors(world, client):
    response = client.get(
        "/incidents/",
        {"date_from": "2023-10-01", "date_to": "2023-01-01"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="incident-results",
    )
    html = response.content.decode()
    assert '<div id="filter-fields" class="filter-fields-box" hx-swap-oob="true">' in html
    assert 'id="id_date_to-error"' in html


# --- Map and timeline ----------------------------------------------------------------------------


def test_map_places_carry_their_incidents_kinds_and_how_contested(world, client):
    places = {p["slug"]: p for p in client.get("/map/").context["places"]}
    stepanakert = places["stepanakert"]
    assert [i["title"] for i in stepanakert["incidents"]] == ["Shelling of Stepanakert", "Clashes around Stepanakert"]
    shelling = stepanakert["incidents"][0]
    assert shelling["url"] == f"/incidents/{world.incidents['shelling'].pk}/"
    assert (shelling["kind"], shelling["kind_label"], shelling["contested"], shelling["level"]) == (
        "shelling",
        "Shelling",
        2,
        "some",
    )
    assert (stepanakert["level"], stepanakert["url"]) == ("some", "/places/stepanakert/")
    assert (places["jermuk"]["kind"], places["jermuk"]["level"]) == ("drone-strike", "none")


def test_a_place_is_coloured_by_its_most_frequent_kind(world):
    for day in (1, 2):
        incident = f.IncidentFactory(kind=cm.IncidentKind.BORDER_CLASH, start_date=datetime.date(2021, 5, day))
        incident.places.add(world.places["stepanakert"])
        f.StatementFactory(incident=incident, review_status="accepted")
    places = {p["slug"]: p for p in selectors.map_data(selectors.incidents_for_list(None), user=None)}
    assert places["stepanakert"]["kind"] == "border-clash"


def test_how_contested_a_marker_is_counts_only_what_the_visitor_may_see(world, client):
    jermuk = world.incidents["jermuk"]
    for _ in range(3):
        f.StatementFactory(incident=jermuk, stance=cm.Stance.DENIAL, review_status="pending")
    anonymous = {p["slug"]: p for p in client.get("/map/").context["places"]}
    assert anonymous["jermuk"]["level"] == "none"
    client.force_login(f.UserFactory())
    signed_in = {p["slug"]: p for p in client.get("/map/").context["places"]}
    assert signed_in["jermuk"]["level"] == "many"


def test_contest_levels_band_the_counts():
    assert [selectors.contest_level(n) for n in (0, 1, 2, 3, 40)] == ["none", "some", "some", "many", "many"]


def test_timeline_points_carry_kind_and_level_for_their_colour(world, client):
    points = {p["title"]: p for p in client.get("/incidents/").context["timeline"]}
    assert (points["Drone strike near Jermuk"]["kind"], points["Drone strike near Jermuk"]["level"]) == (
        "drone-strike",
        "none",
    )
    assert points["Shelling of Stepanakert"]["level"] == "some"


def test_the_map_page_answers_its_htmx_requests_with_its_results_only(world, client):
    response = client.get("/map/", {"kind": "drone-strike"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="map-results")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="map-results"')
    assert 'id="incident-map"' in html and "hx-preserve" in html
    assert [p["slug"] for p in response.context["places"]] == ["jermuk"]


def test_a_crowded_place_counts_all_its_incidents_and_lists_the_newest(world):
    for day in range(1, 21):
        incident = f.IncidentFactory(title=f"Fire on day {day}", start_date=datetime.date(2024, 1, day))
        incident.places.add(world.places["jermuk"])
        f.StatementFactory(incident=incident, review_status="accepted")
    places = {p["slug"]: p for p in selectors.map_data(selectors.incidents_for_list(None), user=None)}
    jermuk = places["jermuk"]
    assert jermuk["count"] == 21
    assert len(jermuk["incidents"]) == 15
    assert [i["title"] for i in jermuk["incidents"][:2]] == ["Fire on day 20", "Fire on day 19"]


def test_the_map_and_timeline_are_reused_per_filter_and_audience_until_a_write(world, client):
    """The map's places and the timeline's points are cached (claims.versions): another filter or a
    signed-in viewer never gets this one's, and a new public incident is on the next page."""
    drones = [p["slug"] for p in client.get("/map/", {"kind": "drone-strike"}).context["places"]]
    everything = [p["slug"] for p in client.get("/map/").context["places"]]
    assert drones == ["jermuk"] and len(everything) > 1
    hidden = f.IncidentFactory(title="Pending shelling of Kalbajar", kind=cm.IncidentKind.DRONE_STRIKE)
    hidden.places.add(f.PlaceFactory(slug="kalbajar", name="Kalbajar", latitude=40.1, longitude=46.0))
    statement = f.StatementFactory(incident=hidden, review_status="pending")
    assert "kalbajar" not in [p["slug"] for p in client.get("/map/", {"kind": "drone-strike"}).context["places"]]
    client.force_login(f.UserFactory())
    assert "kalbajar" in [p["slug"] for p in client.get("/map/", {"kind": "drone-strike"}).context["places"]]
    client.logout()
    statement.review_status = "accepted"
    statement.save()
    assert "kalbajar" in [p["slug"] for p in client.get("/map/", {"kind": "drone-strike"}).context["places"]]
    titles = [p["title"] for p in client.get("/incidents/", {"kind": "drone-strike"}).context["timeline"]]
    assert "Pending shelling of Kalbajar" in titles
