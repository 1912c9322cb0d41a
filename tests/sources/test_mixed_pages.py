"""Mixed pages: each paragraph is read by the engine for its language (sources/nlp/mixed.py).

The sentences are written for these tests."""

from __future__ import annotations

import pytest

from sources.nlp import engines, mixed
from sources.nlp.errors import ExtractionError
from tests.sources.language_samples import LONG

RU_WITH_EN = (
    "Обстрел на границе\n"
    "\n"
    "Министерство обороны Армении заявило, что азербайджанские подразделения открыли огонь по позициям у села Сотк.\n"
    "\n"
    "Azerbaijan's Defence Ministry said the Armenian report was false and that its units had not opened fire.\n"
    "\n"
    "Ереван призвал международных партнеров осудить провокацию.\n"
)
EN_WITH_RU = (
    "Border shelling reported\n"
    "\n"
    "Armenia's Defence Ministry said that Azerbaijani units had opened fire on positions near Sotk.\n"
    "\n"
    "МИД России заявил, что стороны должны вернуться к переговорам о делимитации границы.\n"
    "\n"
    "Baku denied the report.\n"
)


def _routed(texts: list[str], languages: list[str] | None) -> tuple[list[list], dict[int, ExtractionError]]:
    errors: dict[int, ExtractionError] = {}
    results = engines.extract_routed(((t, {}) for t in texts), languages=languages, on_error=errors.__setitem__)
    return results, errors


def _summary(statements) -> list[tuple[str, str | None, str]]:
    return [(s.language, s.actor_slug, s.side) for s in statements]


@pytest.mark.parametrize("languages", [["ru"], None], ids=["pipeline", "extract-command"])
def test_a_russian_article_quoting_an_english_statement_gets_all_three(languages):
    (found,), errors = _routed([RU_WITH_EN], languages)
    assert errors == {}
    assert _summary(found) == [
        ("ru", "mod-armenia", "armenian"),
        ("en", "mod-azerbaijan", "azerbaijani"),
        ("ru", "government-armenia", "armenian"),
    ]
    for st in found:  # offsets into the text as given, sentence verbatim
        assert RU_WITH_EN[st.start : st.end] == st.sentence


@pytest.mark.parametrize("languages", [["en"], None], ids=["pipeline", "extract-command"])
def test_an_english_article_quoting_a_russian_statement_gets_it_from_the_russian_engine(languages):
    (found,), errors = _routed([EN_WITH_RU], languages)
    assert errors == {}
    summary = _summary(found)
    assert summary[0] == ("en", "mod-armenia", "armenian")
    assert ("ru", "mfa-russia", "russian") in summary
    assert summary[-1] == ("en", "government-azerbaijan", "azerbaijani")
    russian = next(s for s in found if s.language == "ru")
    assert russian.sentence.startswith("МИД России заявил")
    assert EN_WITH_RU[russian.start : russian.end] == russian.sentence


def test_a_paragraph_in_a_language_no_engine_analyses_stays_with_the_article():
    armenian = "Հայաստանի պաշտպանության նախարարությունը հայտնում է, որ իրավիճակը սահմանին լարված է։\n"
    text = RU_WITH_EN.split("Azerbaijan")[0] + armenian
    assert mixed.paragraph_languages(text, "ru", engines.analysed())[0] == {}
    (found,), errors = _routed([text], ["ru"])
    assert errors == {} and _summary(found) == [("ru", "mod-armenia", "armenian")]


def test_each_engine_reads_the_text_at_the_same_offsets():
    parts = mixed.parts(RU_WITH_EN, "ru", engines.analysed())
    assert [language for language, _ in parts] == ["ru", "en"]
    for _, text in parts:
        assert len(text) == len(RU_WITH_EN)
        assert text.count("\n") == RU_WITH_EN.count("\n")
    russian, english = parts[0][1], parts[1][1]
    assert "Azerbaijan's" not in russian and "Министерство" in russian
    assert "Министерство" not in english and english.strip().startswith("Azerbaijan's Defence Ministry said")


def test_front_matter_stays_with_every_part():
    text = "---\npublished: 2022-09-13\n---\n" + RU_WITH_EN
    parts = mixed.parts(text, "ru", engines.analysed())
    assert all(part.startswith("---\npublished: 2022-09-13\n---\n") for _, part in parts)


def test_a_text_in_one_language_is_not_split():
    assert mixed.parts(RU_WITH_EN.replace(RU_WITH_EN.splitlines()[4], ""), "ru", engines.analysed()) == []


@pytest.mark.parametrize(
    ("language", "page", "other"),
    [("ru", RU_WITH_EN, "hy"), ("en", EN_WITH_RU, "hy"), ("ru", RU_WITH_EN, "az"), ("en", EN_WITH_RU, "az")],
)
def test_paragraphs_in_a_language_no_engine_analyses_are_counted(language, page, other):
    """Armenian (another script) and Azerbaijani (Latin letters, like English) paragraphs alike."""
    text = page + "\n" + LONG[other][0] + "\n\n" + LONG[other][1] + "\n"
    assert mixed.unanalysed_paragraphs(text, language, engines.analysed()) == {other: 2}
    # they are still not read by any engine
    assert other not in mixed.paragraph_languages(text, language, engines.analysed())[0]


@pytest.mark.parametrize(("language", "page"), [("ru", RU_WITH_EN), ("en", EN_WITH_RU)])
def test_a_page_in_analysed_languages_has_no_unanalysed_paragraph(language, page):
    assert mixed.unanalysed_paragraphs(page, language, engines.analysed()) == {}


def test_an_english_paragraph_with_a_few_accented_names_is_not_judged_apart():
    text = LONG["en"][0] + "\n\nOfficials in Xankəndi and Füzuli said the convoy left on Tuesday for Ağdam.\n"
    assert mixed.unanalysed_paragraphs(text, "en", engines.analysed()) == {}
