"""The gazetteer YAML files: size, sides, spelling variants, and the loader's validation.

The spellings and the bad entries are tables in test_gazetteer_data.yaml (read by tests.cases).
"""

from __future__ import annotations

import textwrap

import pytest

from claims import gazetteer
from claims.gazetteer import alias_index, load_actors, load_places, normalize_alias
from tests.cases import cases


@pytest.fixture(scope="module")
def actors():
    return load_actors()


@pytest.fixture(scope="module")
def places():
    return load_places()


@pytest.fixture(scope="module")
def actor_index(actors):
    return alias_index(actors)


@pytest.fixture(scope="module")
def place_index(places):
    return alias_index(places)


def resolve(index: dict[str, tuple[str, ...]], text: str) -> tuple[str, ...]:
    return index.get(normalize_alias(text), ())


def test_there_are_at_least_80_actors(actors):
    assert len(actors) >= 80


def test_there_are_at_least_60_places(places):
    assert len(places) >= 60


def test_all_four_sides_have_actors(actors):
    assert {a.side for a in actors} == {"armenian", "azerbaijani", "russian", "international"}


def test_loader_returns_frozen_entries_with_tuple_aliases(actors, places):
    assert all(isinstance(entry.aliases, tuple) for entry in (*actors, *places))
    with pytest.raises(AttributeError):
        actors[0].name = "changed"  # type: ignore[misc]


@cases(__file__, "actor_spellings", ("spellings", "slug"))
def test_actor_spellings_resolve_to_the_same_actor(actor_index, spellings, slug):
    for spelling in spellings:
        assert resolve(actor_index, spelling) == (slug,), spelling


@cases(__file__, "place_spellings", ("spellings", "slug"))
def test_place_spellings_resolve_to_the_same_place(place_index, spellings, slug):
    for spelling in spellings:
        assert resolve(place_index, spelling) == (slug,), spelling


def test_yashar_aliyev_and_ilham_aliyev_are_distinct_actors(actor_index, actors):
    by_slug = {a.slug: a for a in actors}
    assert resolve(actor_index, "Yashar Aliyev") == ("yashar-aliyev",)
    assert resolve(actor_index, "Ilham Aliyev") == ("ilham-aliyev",)
    assert by_slug["yashar-aliyev"].role != by_slug["ilham-aliyev"].role


def test_bare_aliyev_falls_back_to_ilham_aliyev_only(actor_index):
    assert resolve(actor_index, "Aliyev") == ("ilham-aliyev",)


def test_sides_follow_the_corpus_rules(actors):
    side = {a.slug: a.side for a in actors}
    assert side["government-turkey"] == "international"
    assert side["government-pakistan"] == "international"
    assert side["nagorno-karabakh-authorities"] == "armenian"
    assert side["russian-peacekeepers"] == "russian"
    assert side["state-duma"] == "russian"


def test_people_have_a_role(actors):
    assert all(a.role for a in actors if a.kind == "person")


def test_place_coordinates_are_in_the_south_caucasus_for_local_places(places):
    for place in places:
        if place.country in {"AM", "AZ"}:
            assert 38.3 < place.lat < 42.0 and 44.5 < place.lon < 50.5, place.slug


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


ACTOR_TEMPLATE = """\
- slug: good-actor
  name: Good Actor
  kind: government
  side: armenian
  parent: null
  role: ""
  country: AM
  aliases: [Good]
- slug: {slug}
  name: Bad Actor
  kind: {kind}
  side: {side}
  parent: {parent}
  role: "{role}"
  country: {country}
  aliases: [{aliases}]
"""


@cases(__file__, "bad_actor_files", ("overrides", "message"))
def test_bad_actor_file_raises_value_error_naming_the_entry(tmp_path, overrides, message):
    fields = {"slug": "bad-actor", "kind": "ministry", "side": "armenian", "parent": "good-actor"}
    fields |= {"role": "", "country": "AM", "aliases": "Bad"}
    fields |= overrides
    path = write(tmp_path, "actors.yaml", ACTOR_TEMPLATE.format(**fields))
    with pytest.raises(ValueError, match=message) as excinfo:
        load_actors(path)
    assert fields["slug"] in str(excinfo.value) or "bad-actor" in str(excinfo.value)


def test_duplicate_actor_slug_is_rejected(tmp_path):
    text = ACTOR_TEMPLATE.format(
        slug="good-actor", kind="ministry", side="armenian", parent="null", role="", country="AM", aliases="Other"
    )
    with pytest.raises(ValueError, match="'good-actor'.*more than one"):
        load_actors(write(tmp_path, "actors.yaml", text))


def two_stepanyans(tmp_path, *, second_lists_it_in: str):
    """An actors file of two people called Stepanyan: the first declares the alias shared, the
    second lists it under ``second_lists_it_in`` ("shared_aliases" or plain "aliases")."""
    return write(
        tmp_path,
        "actors.yaml",
        f"""\
        - {{slug: first-stepanyan, name: A Stepanyan, kind: person, side: armenian, role: one, shared_aliases: [Stepanyan]}}
        - {{slug: second-stepanyan, name: B Stepanyan, kind: person, side: armenian, role: two, {second_lists_it_in}: [Stepanyan]}}
        """,
    )


def test_alias_listed_as_shared_by_every_user_is_allowed(tmp_path):
    entries = load_actors(two_stepanyans(tmp_path, second_lists_it_in="shared_aliases"))
    assert alias_index(entries)["stepanyan"] == ("first-stepanyan", "second-stepanyan")


def test_shared_alias_must_be_declared_by_every_user(tmp_path):
    with pytest.raises(ValueError, match="'second-stepanyan'.*stepanyan"):
        load_actors(two_stepanyans(tmp_path, second_lists_it_in="aliases"))


def test_parent_loop_is_rejected(tmp_path):
    path = write(
        tmp_path,
        "actors.yaml",
        """\
        - {slug: a-body, name: A, kind: government, side: russian, parent: b-body}
        - {slug: b-body, name: B, kind: government, side: russian, parent: a-body}
        """,
    )
    with pytest.raises(ValueError, match="loops"):
        load_actors(path)


@cases(__file__, "bad_place_files", ("line", "message"))
def test_bad_place_file_raises_value_error_naming_the_entry(tmp_path, line, message):
    key = line.split(":")[0]
    fields = {"lat": "lat: 39.5", "lon": "lon: 46.0"} | {key: line}
    text = f"""\
- slug: broken-village
  name: Broken village
  kind: village
  country: AM
  region: Syunik
  {fields["lat"]}
  {fields["lon"]}
  aliases: [Broken]
"""
    with pytest.raises(ValueError, match=message) as excinfo:
        load_places(write(tmp_path, "places.yaml", text))
    assert "broken-village" in str(excinfo.value)


def test_unknown_place_kind_is_rejected(tmp_path):
    path = write(
        tmp_path,
        "places.yaml",
        "- {slug: odd-place, name: Odd, kind: planet, country: AM, region: null, lat: 1, lon: 2}\n",
    )
    with pytest.raises(ValueError, match="odd-place.*unknown kind"):
        load_places(path)


def test_top_level_must_be_a_list(tmp_path):
    with pytest.raises(ValueError, match="list"):
        load_actors(write(tmp_path, "actors.yaml", "slug: lonely\n"))


def test_default_files_are_cached(actors):
    assert gazetteer.load_actors() == actors
    assert gazetteer._load_actors.cache_info().hits >= 1
