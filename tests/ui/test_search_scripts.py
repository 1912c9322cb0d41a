"""A place is found whatever script or transliteration the user types, and stored Armenian,
Azerbaijani and Russian texts are found by the names in their own scripts.

The places get their real spellings from claims/gazetteer/places.yaml (the scenario's own
Stepanakert has only two); the texts are written for these tests.
"""

from __future__ import annotations

import pytest

from claims import gazetteer, selectors
from claims.gazetteer.extractor import gazetteer_from_yaml
from sources.models import ArticleStatus
from tests import factories as f

STEPANAKERT = ["Stepanakert", "Xankəndi", "Xankendi", "Khankendi", "Степанакерт", "Ханкенди", "Ստեփանակերտ"]
SHUSHA = ["Shusha", "Şuşa", "Shushi", "Шуша", "Շուշի"]
KALBAJAR = ["Kalbajar", "Kəlbəcər", "Кельбаджар", "Քարվաճառ", "Karvachar"]


@pytest.fixture
def spelled(world):
    """The scenario, its Stepanakert carrying the gazetteer's spellings, plus Shusha and Kalbajar."""
    entries = {entry.slug: entry for entry in gazetteer.load_places()}
    world.places["stepanakert"].aliases = list(entries["stepanakert"].aliases)
    world.places["stepanakert"].save()
    for slug in ("shusha", "kalbajar"):
        entry = entries[slug]
        f.PlaceFactory(slug=slug, name=entry.name, aliases=list(entry.aliases), latitude=entry.lat, longitude=entry.lon)
    return world


def _incident_titles(client, **params):
    response = client.get("/incidents/", params)
    assert response.status_code == 200
    return {i.title for i in response.context["page"]}


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        *((t, "stepanakert") for t in STEPANAKERT),
        *((t, "shusha") for t in SHUSHA),
        *((t, "kalbajar") for t in KALBAJAR),
    ],
)
def test_a_place_is_found_in_any_script(spelled, typed, slug):
    assert [p.slug for p in selectors.places_matching(typed)][:1] == [slug]


@pytest.mark.parametrize("typed", ["Степанакерте", "Кельбаджаре", "Шуше"])
def test_a_russian_case_form_typed_in_search_finds_the_place(spelled, typed):
    assert [p.slug for p in selectors.places_matching(typed)][:1] in (["stepanakert"], ["kalbajar"], ["shusha"])


@pytest.mark.parametrize("typed", STEPANAKERT)
def test_the_place_filter_and_the_incident_search_take_any_script(spelled, client, typed):
    expected = {"Shelling of Stepanakert", "Clashes around Stepanakert"}
    assert _incident_titles(client, place=typed) == expected
    assert expected <= _incident_titles(client, q=typed)


@pytest.mark.parametrize("typed", ["Stepanakert", "Xankəndi", "Степанакерт", "Ստեփանակերտ"])
def test_the_statement_place_filter_takes_any_script(spelled, client, typed):
    def ids(place):
        response = client.get("/api/v1/statements/", {"place": place})
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    by_slug = ids("stepanakert")
    assert by_slug and ids(typed) == by_slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Stepanakert", "stepanakert"),
        ("Xankəndi", "stepanakert"),
        ("Xankendi", "stepanakert"),
        ("Степанакерт", "stepanakert"),
        ("Степанакерте", "stepanakert"),
        ("Ханкенди", "stepanakert"),
        ("Ստեփանակերտ", "stepanakert"),
        ("Шуши", "shusha"),
        ("Шушой", "shusha"),
        ("Şuşa", "shusha"),
        ("Շուշի", "shusha"),
        ("Кельбаджара", "kalbajar"),
        ("Kəlbəcər", "kalbajar"),
        ("Քարվաճառ", "kalbajar"),
        ("Лачинский коридор", "lachin-corridor"),
        ("Лачинскому коридору", "lachin-corridor"),
        ("Laçın dəhlizi", "lachin-corridor"),
        ("Լաչինի միջանցք", "lachin-corridor"),
        ("Нагорном Карабахе", "nagorno-karabakh"),
        ("Сюникской области", "syunik"),
    ],
)
def test_the_extractors_gazetteer_names_one_place_whatever_the_script_and_case(text, slug):
    """Statements name places by slug, so incident linking sees one place across languages."""
    assert [p.slug for p in gazetteer_from_yaml().places_named(text)] == [slug]


def test_no_russian_alias_collides_with_another_place():
    index = gazetteer_from_yaml().place_index
    shared = {alias: slugs for alias, slugs in index.items() if len(slugs) > 1 and not alias.isascii()}
    assert shared == {}


@pytest.mark.parametrize(
    ("language", "text", "typed"),
    [
        ("hy", "Ստեփանակերտում երեկ երեկոյան լսվել են պայթյուններ, հայտնում են տեղացիները։", "Ստեփանակերտում"),
        ("az", "Xankəndi şəhərində bərpa işləri davam edir, nazirlik bildirib.", "Xankəndi"),
        ("ru", "В Степанакерте накануне были слышны взрывы, сообщили местные жители.", "Степанакерте"),
        ("ru", "В Степанакерте накануне были слышны взрывы, сообщили местные жители.", "Степанакерт"),
        ("ru", "Никол Пашинян заявил, что переговоры продолжатся.", "Пашиняна"),
        ("hy", "Նիկոլ Փաշինյանը հայտարարել է, որ բանակցությունները կշարունակվեն։", "Փաշինյանը"),
        ("az", "İlham Əliyev bildirib ki, danışıqlar davam edəcək.", "Əliyev"),
    ],
)
def test_stored_texts_are_found_by_words_in_their_own_script(db, language, text, typed):
    article = f.ArticleFactory(title="", text=text, language=language, status=ArticleStatus.UNSUPPORTED)
    assert [a.pk for a in selectors.articles_matching(typed)] == [article.pk]
