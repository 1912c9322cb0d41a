"""The gazetteer YAML files: size, sides, spelling variants, and the loader's validation."""

from __future__ import annotations

import textwrap

import pytest

from claims import gazetteer
from claims.gazetteer import alias_index, load_actors, load_places, normalize_alias


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


@pytest.mark.parametrize(
    ("spellings", "slug"),
    [
        (["Pashinyan", "Pashinian", "Nikol Pashinyan", "Nikol Pashinian"], "nikol-pashinyan"),
        (["Mirzoyan", "Ararat Mirzoyan", "Ararat Mirzoian"], "ararat-mirzoyan"),
        (["Bayramov", "Jeyhun Bayramov", "Ceyhun Bayramov"], "jeyhun-bayramov"),
        (["Zakharova", "Maria Zakharova", "Mariya Zakharova"], "maria-zakharova"),
        (["Hajiyev", "Hajiev", "Hikmet Hajiyev", "Hikmat Hajiyev"], "hikmet-hajiyev"),
        (["Çavuşoğlu", "Cavusoglu", "Mevlut Cavusoglu", "Mevlüt Çavuşoğlu"], "mevlut-cavusoglu"),
        (["António Guterres", "Antonio Guterres", "Guterres"], "antonio-guterres"),
        (["Erdogan", "Erdoğan"], "recep-tayyip-erdogan"),
        (
            ["Armenian Defence Ministry", "Armenian Defense Ministry", "Armenia Defense Ministry", "Armenian MoD"],
            "mod-armenia",
        ),
        (["Ministry of Defence of Armenia", "Ministry of Defense of Armenia"], "mod-armenia"),
        (
            [
                "Azerbaijani Defence Ministry",
                "Azerbaijan Defense Ministry",
                "Azeri Defence Ministry",
                "Azerbaijani MoD",
            ],
            "mod-azerbaijan",
        ),
        (["Russian Defence Ministry", "Russian Defense Ministry", "Russian MoD"], "mod-russia"),
        (["Armenian Foreign Ministry", "Armenia MFA", "Armenian Ministry of Foreign Affairs"], "mfa-armenia"),
        (["Azerbaijani Foreign Ministry", "Azeri Foreign Ministry", "Azerbaijan MFA"], "mfa-azerbaijan"),
        (["Russian Foreign Ministry", "Russia Foreign Ministry", "Russian MFA"], "mfa-russia"),
        (["Azerbaijani army", "Azeri army", "Azerbaijan military", "Azeri forces"], "armed-forces-azerbaijan"),
        (["Azerbaijan", "Baku", "Azerbaijani government", "Azeri government"], "government-azerbaijan"),
        (["Armenia", "Yerevan", "Armenian government"], "government-armenia"),
        (["Russia", "Moscow", "Russian government"], "government-russia"),
        (["Turkey", "Ankara", "Türkiye"], "government-turkey"),
        (["Artsakh Defence Army", "Artsakh Defense Army", "Karabakh Defense Army"], "nagorno-karabakh-defence-army"),
        (
            ["Karabakh authorities", "Artsakh authorities", "Nagorno-Karabakh authorities"],
            "nagorno-karabakh-authorities",
        ),
    ],
)
def test_actor_spellings_resolve_to_the_same_actor(actor_index, spellings, slug):
    for spelling in spellings:
        assert resolve(actor_index, spelling) == (slug,), spelling


@pytest.mark.parametrize(
    ("spellings", "slug"),
    [
        (["Nakhchivan", "Nakhichevan", "Naxçıvan"], "nakhchivan"),
        (["Kalbajar", "Karvachar", "Kelbajar", "Kəlbəcər"], "kalbajar"),
        (["Shusha", "Shushi", "Şuşa"], "shusha"),
        (["Stepanakert", "Khankendi", "Xankəndi"], "stepanakert"),
        (["Nagorno-Karabakh", "Nagorny Karabakh", "Nagorno Karabakh", "Karabakh", "Artsakh"], "nagorno-karabakh"),
        (["Lachin corridor", "Lachin Corridor", "Lachin road", "Berdzor corridor"], "lachin-corridor"),
        (["Lachin", "Berdzor"], "lachin"),
        (["Martuni", "Khojavend"], "martuni"),
        (["Martakert", "Aghdara"], "martakert"),
        (["Sugovushan", "Madaghis"], "sugovushan"),
        (["Tartar", "Terter"], "tartar"),
        (["Qubadli", "Kubatly", "Gubadli"], "qubadli"),
        (["Murovdag", "Murov mountain"], "murovdag"),
        (["Sev Lich", "Lake Sev"], "sev-lich"),
        (["Gazakh", "Qazax"], "gazakh"),
        (
            ["Armenia–Azerbaijan border", "Armenia-Azerbaijan border", "Azerbaijan–Armenia border", "the border"],
            "armenia-azerbaijan-border",
        ),
    ],
)
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


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"side": "turkish"}, "unknown side"),
        ({"kind": "militia"}, "unknown kind"),
        ({"parent": "no-such-actor"}, "parent"),
        ({"aliases": "Good"}, "alias 'good'"),
        ({"aliases": "Armenia's army"}, "possessive"),
        ({"country": "Armenia"}, "country"),
        ({"slug": "Bad Actor"}, "slug"),
        ({"kind": "person"}, "role"),
    ],
)
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


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("lat: 95.0", "lat"),
        ("lon: -190", "lon"),
        ("lat: north", "lat"),
    ],
)
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
