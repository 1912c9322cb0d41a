"""The language is judged once per article, at main-text time, by the one detector.

The ingestion pipeline records the language on the Article when it takes the main text and stops
non-English articles there; the analysis trusts that. Only ``manage.py extract`` (files with no
main-text step) asks the extractor to judge again.
"""

from __future__ import annotations

import pytest

from ingest import steps
from sources.models import Article, ArticleStatus
from sources.nlp import language
from sources.nlp.errors import NotEnglish
from sources.nlp.extract import extract_many
from sources.text import text_extract

RUSSIAN = (
    "Министерство обороны Армении заявило во вторник, что два военнослужащих были убиты в результате "
    "обстрела со стороны Азербайджана вблизи села Сотк."
)


@pytest.fixture
def no_detection(monkeypatch):
    def refuse(text):
        raise AssertionError("the language was judged a second time")

    monkeypatch.setattr(language, "detect", refuse)


def test_main_text_records_the_one_detectors_answer(monkeypatch):
    monkeypatch.setattr(language, "detect", lambda text: language.Guess("xx", 0.9, 0.05))
    page = text_extract(RUSSIAN.encode(), content_type="text/plain")
    assert (page.language, page.language_probability) == ("xx", 0.9)


def test_main_text_names_a_russian_article_russian():
    page = text_extract(RUSSIAN.encode(), content_type="text/plain")
    assert page.language == "ru"


def test_the_analysis_trusts_the_language_recorded_at_main_text_time(nlp, no_detection):
    article = Article(text=RUSSIAN, language="en", status=ArticleStatus.ANALYSING, step="analyse")
    (outcome,) = steps.analyse_many([article])
    assert outcome.stop is None and "analysis" in outcome.fields
    assert article.analysis["statements"] == []


def test_the_extractor_judges_the_language_only_when_asked(nlp, monkeypatch):
    assert list(extract_many([(RUSSIAN, {})], nlp=nlp)) == [[]]
    with pytest.raises(NotEnglish):
        list(extract_many([(RUSSIAN, {})], nlp=nlp, check_language=True))


def test_one_sample_decides_wherever_the_text_is_judged():
    # A text that turns English after the sample is judged on its opening only, at both places.
    text = RUSSIAN * (language.SAMPLE_CHARS // len(RUSSIAN) + 1) + " The ministry said so." * 200
    assert language.detect(text).language == "ru"
    assert text_extract(text.encode(), content_type="text/plain").language == "ru"
    with pytest.raises(NotEnglish):
        language.ensure_english(text)
