"""The main actors are found by their names in Armenian script and in Azerbaijani Latin."""

from __future__ import annotations

import pytest

from claims import selectors

# What a reader of Armenian or Azerbaijani sources types, with the actor it means.
NAMES = [
    ("Ադրբեջանի պաշտպանության նախարարություն", "mod-azerbaijan"),
    ("Azərbaycan Müdafiə Nazirliyi", "mod-azerbaijan"),
    ("ՀՀ պաշտպանության նախարարություն", "mod-armenia"),
    ("Ermənistan Müdafiə Nazirliyi", "mod-armenia"),
    ("Ադրբեջանի արտաքին գործերի նախարարություն", "mfa-azerbaijan"),
    ("Azərbaycan Xarici İşlər Nazirliyi", "mfa-azerbaijan"),
    ("Հայաստանի արտաքին գործերի նախարարություն", "mfa-armenia"),
    ("Ermənistan Xarici İşlər Nazirliyi", "mfa-armenia"),
    ("Նիկոլ Փաշինյան", "nikol-pashinyan"),
    ("Nikol Paşinyan", "nikol-pashinyan"),
    ("Իլհամ Ալիև", "ilham-aliyev"),
    ("Վահագն Խաչատուրյան", "vahagn-khachaturyan"),
    ("Azərbaycan Silahlı Qüvvələri", "armed-forces-azerbaijan"),
    ("Հայաստանի զինված ուժեր", "armed-forces-armenia"),
]


@pytest.mark.parametrize(("text", "slug"), NAMES)
def test_search_finds_the_actor_by_its_own_script(gazetteer_loaded, text, slug):
    assert [a.slug for a in selectors.actors_matching(text)][:1] == [slug]


def test_an_inflected_armenian_name_still_finds_the_actor(gazetteer_loaded):
    # "Փաշինյանը": the surname with the definite article, as a sentence writes it
    assert [a.slug for a in selectors.actors_matching("Փաշինյանը")][:1] == ["nikol-pashinyan"]


def _api_actors(client, text: str) -> set[str]:
    response = client.get("/api/v1/actors/", {"q": text})
    assert response.status_code == 200
    return {a["slug"] for a in response.json()["results"]}


def test_the_actor_filter_of_the_api_matches_an_armenian_abbreviation(gazetteer_loaded, client):
    assert "mfa-armenia" in _api_actors(client, "ՀՀ ԱԳՆ")


def test_the_actor_filter_of_the_api_matches_azerbaijani_words_of_both_ministries(gazetteer_loaded, client):
    assert {"mod-armenia", "mod-azerbaijan"} <= _api_actors(client, "Müdafiə Nazirliyi")


def test_the_search_page_lists_the_actor(gazetteer_loaded, client):
    response = client.get("/search/", {"q": "Azərbaycan Müdafiə Nazirliyi"})
    assert response.status_code == 200
    assert "Ministry of Defence of Azerbaijan" in response.content.decode()
