"""Texts in every language are stored with their language; those no engine analyses are "not
analysed (language)" with the reason, never labelled as another language, never dropped.

Routing: the analyse step hands each text to the engine for its language (sources.nlp.engines).
The texts are written for these tests.
"""

from __future__ import annotations

import pytest

from ingest import steps
from sources.models import Article, ArticleSource, ArticleStatus
from sources.nlp import engines
from tests.ingest.helpers import run, submit, with_front_matter
from tests.sources.language_samples import LONG

pytestmark = pytest.mark.django_db

TRANSLIT = (
    "Ministerstvo oborony Armenii zayavilo, chto v noch na vtornik azerbaydzhanskiye podrazdeleniya otkryli "
    "ogon po pozitsiyam u sela Sotk. V Baku eto nazvali dezinformatsiyey i zayavili, chto armyanskaya "
    "storona sama narushila rezhim prekrashcheniya ognya."
)


@pytest.mark.parametrize(
    ("code", "name"), [("hy", "Armenian"), ("az", "Azerbaijani"), ("tr", "Turkish"), ("ka", "Georgian")]
)
def test_an_unanalysed_language_is_stored_with_its_name_and_reason(extractor, code, name):
    article = run(submit(text=LONG[code][0], source=ArticleSource.TEXT))
    assert article.status == ArticleStatus.UNSUPPORTED
    assert article.language == code
    assert article.status_label == f"Not analysed ({name})"
    assert article.error.startswith(f"not analysed ({name})") and "English" in article.error
    assert article.text == LONG[code][0]
    assert extractor.calls == 0


def test_transliterated_russian_is_not_analysed_and_says_so(extractor):
    article = run(submit(text=TRANSLIT, source=ArticleSource.TEXT))
    assert article.status == ArticleStatus.UNSUPPORTED
    assert article.language == "ru-Latn"
    assert article.status_label == "Not analysed (Russian in Latin letters)"
    assert "transliterated" in article.error


def test_a_front_matter_language_the_text_contradicts_stops_the_article_with_both_named(extractor):
    article = run(submit(text=with_front_matter(LONG["en"][0], language="ru"), source=ArticleSource.TEXT))
    assert article.declared_language == "ru"
    assert article.status == ArticleStatus.UNSUPPORTED
    assert article.language == "en"
    assert "the front matter says Russian but the text reads as English" in article.error
    assert article.language_note.startswith("the front matter says Russian")
    assert extractor.calls == 0


def test_a_front_matter_language_the_text_agrees_with_changes_nothing(extractor):
    article = run(submit(text=with_front_matter(LONG["en"][1], language="English"), source=ArticleSource.TEXT))
    assert article.declared_language == "en"
    assert article.status == ArticleStatus.DONE, article.error
    assert article.language == "en" and article.language_note == ""


def test_mixed_scripts_are_noted_on_the_article(extractor):
    body = LONG["hy"][0] + " The ministry's English statement said the situation at the border was tense but stable."
    article = run(submit(text=body, source=ArticleSource.TEXT))
    assert article.language == "hy"
    assert "mixed scripts" in article.language_note and "Armenian" in article.language_note
    assert "mixed scripts" in article.error


@pytest.mark.parametrize(("other", "name"), [("hy", "Armenian"), ("az", "Azerbaijani")])
def test_a_paragraph_in_an_unanalysed_language_is_noted_on_an_analysed_article(extractor, other, name):
    body = f"{LONG['en'][0]}\n\n{LONG[other][0]}\n\n{LONG['en'][1]}"
    article = run(submit(text=body, source=ArticleSource.TEXT))
    assert article.status == ArticleStatus.DONE, article.error
    assert article.language == "en"
    assert f"1 paragraph in {name} not analysed" in article.language_note
    assert article.text == body  # stored whole


def test_the_analyse_step_calls_the_engine_for_each_articles_language(monkeypatch):
    """The routing hook: a language gets an engine by one line in engines.ENGINES."""
    seen: list[tuple[str, str]] = []

    def engine_for(tag):
        def many(items, batch_size=None, *, on_error=None, **options):
            for text_, _meta in items:
                seen.append((tag, text_))
                yield []

        return many

    monkeypatch.setattr("sources.nlp.extract.extract_many", engine_for("en"))
    monkeypatch.setitem(engines.ENGINES, "ru", "tests.ingest.test_languages:RUSSIAN_ENGINE")
    monkeypatch.setitem(globals(), "RUSSIAN_ENGINE", engine_for("ru"))
    articles = [
        Article(text="English text.", language="en"),
        Article(text="Русский текст.", language="ru"),
        Article(text="Հայերեն տեքստ։", language="hy"),
        Article(text="Short.", language=""),
    ]
    outcomes = steps.analyse_many(articles)
    assert sorted(seen) == [("en", "English text."), ("en", "Short."), ("ru", "Русский текст.")]
    assert [getattr(o, "fields", None) for o in outcomes[:2]] == [["analysis", "pipeline_version"]] * 2
    assert "not analysed (Armenian)" in str(outcomes[2])


def test_the_article_page_and_api_show_the_language_by_name(extractor, client, editor):
    article = run(submit(text=LONG["az"][1], source=ArticleSource.TEXT))
    client.force_login(editor)  # an article with no public statement is not shown to anonymous visitors
    page = client.get(f"/articles/{article.pk}/")
    assert page.status_code == 200
    assert "Azerbaijani" in page.content.decode() and "Not analysed (Azerbaijani)" in page.content.decode()
    data = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert (data["language"], data["language_name"], data["status_label"]) == (
        "az",
        "Azerbaijani",
        "Not analysed (Azerbaijani)",
    )
    assert data["error"].startswith("not analysed (Azerbaijani)")


def test_the_editor_article_list_filters_by_language_and_status(extractor, client, editor):
    armenian = run(submit(text=LONG["hy"][1], source=ArticleSource.TEXT))
    azerbaijani = run(submit(text=LONG["az"][0], source=ArticleSource.TEXT))
    english = run(submit(text=LONG["en"][0], source=ArticleSource.TEXT))
    client.force_login(editor)

    def listed(**params):
        response = client.get("/editor/articles/", params)
        assert response.status_code == 200
        return {a.pk for a in response.context["page"]}

    assert listed() == {armenian.pk, azerbaijani.pk, english.pk}
    assert listed(status="unsupported") == {armenian.pk, azerbaijani.pk}
    assert listed(language="hy") == {armenian.pk}
    assert listed(status="unsupported", language="en") == set()
    page = client.get("/editor/articles/", {"status": "unsupported"}).content.decode()
    assert "Not analysed (Armenian)" in page and "Not analysed (Azerbaijani)" in page
    assert "Armenian (1)" in page


def test_researchers_may_not_see_the_editor_article_list(client, researcher):
    client.force_login(researcher)
    assert client.get("/editor/articles/").status_code == 403
