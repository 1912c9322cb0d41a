"""Language identification (lingua, restricted to the languages of this conflict's press).

The samples are in tests/sources/language_samples.py: short sentences and paragraphs of 200
characters or more per language. Every paragraph must be named right; so must the short ones.
"""

from __future__ import annotations

import pytest

from sources.nlp import language
from sources.nlp.language import TRANSLITERATED_RUSSIAN, detect, language_code, language_name

from .language_samples import LONG, SHORT

LONG_CASES = [(code, text) for code, texts in LONG.items() for text in texts]
SHORT_CASES = [(code, text) for code, texts in SHORT.items() for text in texts]


def test_the_samples_cover_every_listed_language_and_the_paragraphs_are_long():
    assert set(LONG) == set(language.LANGUAGES) == set(SHORT)
    assert all(len(text) >= 200 for _code, text in LONG_CASES)


@pytest.mark.parametrize(("code", "text"), LONG_CASES, ids=[f"{c}-{i}" for i, (c, _t) in enumerate(LONG_CASES)])
def test_every_paragraph_is_named_right(code, text):
    guess = detect(text)
    assert guess.language == code
    assert guess.probability > 0.5
    assert guess.note == ""


@pytest.mark.parametrize(("code", "text"), SHORT_CASES, ids=[f"{c}-{i}" for i, (c, _t) in enumerate(SHORT_CASES)])
def test_every_short_sentence_is_named_right(code, text):
    assert detect(text).language == code


def test_armenian_is_not_estonian_and_azerbaijani_is_not_turkish():
    """The two mistakes the old detector made on the issue's samples."""
    assert detect(LONG["hy"][0]).language == "hy"
    assert language_name(detect(LONG["az"][0]).language) == "Azerbaijani"


def test_a_text_too_short_to_judge_gets_no_language():
    assert detect("Baku, 12 May").language == ""


def test_transliterated_russian_is_named_as_such_not_as_turkish():
    text = (
        "Ministerstvo oborony Armenii zayavilo, chto v noch na vtornik azerbaydzhanskiye podrazdeleniya "
        "otkryli ogon po pozitsiyam u sela Sotk. V Baku eto nazvali dezinformatsiyey i zayavili, chto "
        "armyanskaya storona sama narushila rezhim prekrashcheniya ognya."
    )
    guess = detect(text)
    assert guess.language == TRANSLITERATED_RUSSIAN
    assert "Latin letters" in guess.note
    assert language_name(guess.language) == "Russian in Latin letters"


def test_english_with_a_few_russian_words_is_still_english():
    text = LONG["en"][0] + " The agency's headline read «Перемирие нарушено»."
    assert detect(text).language == "en"


def test_a_russian_article_quoting_english_is_russian_with_a_mixed_scripts_note():
    text = LONG["ru"][0] + (
        ' Госдеп США заявил: "We urge both sides to exercise restraint, to respect the ceasefire and to return '
        'to talks at once. The United States stands ready to help."'
    )
    guess = detect(text)
    assert guess.language == "ru"
    assert "mixed scripts" in guess.note and "Cyrillic" in guess.note and "Latin" in guess.note


@pytest.mark.parametrize(
    ("value", "code"),
    [("ru", "ru"), ("RU", "ru"), ("ru-RU", "ru"), ("Russian", "ru"), ("armenian", "hy"), ("az", "az"), ("xx", "")],
)
def test_a_declared_language_is_read_as_a_code_or_a_name(value, code):
    assert language_code(value) == code


def test_the_detector_is_built_once_per_process():
    assert language.detector() is language.detector()
    assert language.detector(short=True) is language.detector(short=True)
