"""Russian case forms of place names (sources.nlp.declension): what "в Степанакерте",
"из Шуши", "по Лачинскому коридору" need to be found in the gazetteer."""

from __future__ import annotations

import pytest

from sources.nlp.declension import russian_case_forms


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Степанакерт", {"Степанакерта", "Степанакерту", "Степанакертом", "Степанакерте"}),
        ("Шуша", {"Шуши", "Шуше", "Шушу", "Шушой"}),
        ("Москва", {"Москвы", "Москве", "Москву", "Москвой"}),
        ("Армения", {"Армении", "Армению", "Арменией"}),
        (
            "Лачинский коридор",
            {"Лачинского коридора", "Лачинскому коридору", "Лачинским коридором", "Лачинском коридоре"},
        ),
        ("Нагорный Карабах", {"Нагорного Карабаха", "Нагорном Карабахе"}),
        ("Сюникская область", {"Сюникской области", "Сюникской областью"}),
        ("река Аракс", {"реки Аракс", "реке Аракс"}),
        ("Вайоц Дзор", {"Вайоц Дзора", "Вайоц Дзоре"}),
        ("Алма-Ата", {"Алма-Аты", "Алма-Ате"}),
    ],
)
def test_names_decline_in_the_cases_texts_use(name, expected):
    assert expected <= russian_case_forms(name)


@pytest.mark.parametrize("name", ["Баку", "Ханкенди", "Ходжалы", "Сочи", "НКАО", "Stepanakert", "КПП на мосту Хакари"])
def test_indeclinable_names_abbreviations_latin_and_phrases_with_prepositions_get_no_forms(name):
    assert russian_case_forms(name) == set()
