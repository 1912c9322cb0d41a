"""Article metadata from every kind of input, with where it came from; outlets in any script,
with their country and affiliation shown beside each statement ("who published is not who said it")."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command

from claims.exports import statements_export
from claims.models import Statement
from ingest.steps import main_text_step
from sources.metadata import text_outlet
from sources.models import Article, Outlet
from sources.outlets import outlet_resolve, outlet_slug
from sources.services import article_submit
from tests.factories import ArticleFactory, OutletFactory, StatementFactory
from tests.ingest.helpers import with_front_matter

pytestmark = pytest.mark.django_db

STORY = (
    "The defence ministry said two soldiers were wounded near the border village overnight, and it "
    "accused the other side of opening fire with mortars on positions in the north-east. The other "
    "side denied the claim and said its forces had only returned fire after being attacked first."
)


def _ingest_text(text: str, **kwargs) -> Article:
    article, _ = article_submit(text=text, source="text", enqueue=False, **kwargs)
    outcome = main_text_step(article)
    Article.objects.filter(pk=article.pk).update(**{f: getattr(article, f) for f in outcome.fields})
    article.refresh_from_db()
    return article


# --- Outlets in any script ------------------------------------------------------------------------


def test_non_latin_outlet_names_are_three_distinct_outlets_with_readable_slugs():
    outlets = [outlet_resolve(name=name) for name in ("ТАСС", "РИА Новости", "Ազատություն")]
    assert len({o.pk for o in outlets}) == 3
    # anyascii's transliteration (Armenian "ու" is "ow" in it)
    assert [o.slug for o in outlets] == ["tass", "ria-novosti", "azatowtyown"]
    assert [o.name for o in outlets] == ["ТАСС", "РИА Новости", "Ազատություն"]
    # The same name again is the same outlet, not a new one.
    assert outlet_resolve(name="РИА Новости").pk == outlets[1].pk


def test_a_500_character_name_in_any_script_is_stored_whole_and_slugged_apart_from_its_lookalike():
    first = "Ազատություն " * 41 + "ա" * 8  # 500 characters
    second = first[:-1] + "բ"  # differs only in its last character, far past the slug's cut
    assert len(first) == 500
    one, two = outlet_resolve(name=first), outlet_resolve(name=second)
    assert one.pk != two.pk
    assert one.name == first and two.name == second
    assert one.slug and two.slug and one.slug != two.slug
    assert len(one.slug) <= 120 and len(two.slug) <= 120


def test_a_name_with_no_letters_gets_a_slug_and_never_shares_an_outlet():
    stars, hearts = outlet_resolve(name="★★★"), outlet_resolve(name="♥♥")
    assert outlet_slug("") and stars.slug and hearts.slug
    assert stars.pk != hearts.pk


def test_a_taken_slug_does_not_merge_an_unrelated_name_into_that_outlet():
    OutletFactory(slug="tass", name="Tass Garden Supplies")
    outlet = outlet_resolve(name="ТАСС")
    assert outlet.name == "ТАСС" and outlet.slug != "tass"


# --- The outlets file and who published ----------------------------------------------------------


def test_load_outlets_seeds_affiliations_and_domains_and_keeps_admin_edits():
    call_command("load_outlets", verbosity=0)
    tass = Outlet.objects.get(slug="tass")
    assert (tass.country, tass.affiliation) == ("RU", Outlet.Affiliation.STATE_AGENCY)
    assert Outlet.objects.get(slug="reuters").affiliation == Outlet.Affiliation.INTERNATIONAL_WIRE
    assert outlet_resolve(url="https://tass.com/world/1") == tass
    assert outlet_resolve(name="ТАСС") == tass  # the alias in Cyrillic
    tass.affiliation = Outlet.Affiliation.STATE
    tass.save()
    call_command("load_outlets", verbosity=0)
    tass.refresh_from_db()
    assert tass.affiliation == Outlet.Affiliation.STATE


def test_statement_card_api_and_csv_show_the_outlets_country_and_affiliation(client):
    outlet = OutletFactory(slug="wire-ru", name="Wire RU", country="RU", affiliation="state_agency")
    statement = StatementFactory(article=ArticleFactory(outlet=outlet), review_status="accepted")
    rows = list(csv.DictReader(io.StringIO("".join(statements_export(queryset=Statement.objects.all(), fmt="csv")))))
    assert (rows[0]["outlet"], rows[0]["outlet_country"], rows[0]["outlet_affiliation"]) == (
        "Wire RU",
        "RU",
        "state_agency",
    )
    data = client.get(f"/api/v1/statements/{statement.pk}/").json()
    assert data["article"]["outlet"]["country"] == "RU"
    assert data["article"]["outlet"]["affiliation_label"] == "State news agency"
    page = client.get(f"/statements/{statement.pk}/").content.decode()
    assert "Wire RU" in page and "state news agency" in page


# --- Dates and outlets from the text, with their source ------------------------------------------


@pytest.mark.parametrize(
    ("text", "outlet", "source"),
    [
        ("Headline here\n\nBAKU, May 4. /ТАСС/. " + STORY, "ТАСС", "dateline"),
        ("Headline here\n\nYEREVAN (Caspian Wire) — " + STORY, "Caspian Wire", "dateline"),
        ("Headline here\nBy Lusine Petrosyan | Caspian Daily News | 3 May 2024\n\n" + STORY, "Caspian Daily News", "byline"),
        ("Headline here\n\n" + STORY + "\nThe Caspian Herald could not independently verify either claim.", "The Caspian Herald", "text"),
        ("Headline here\n\n" + STORY + '\n"We held our ground," the commander told Caspian Daily News.', "Caspian Daily News", "text"),
    ],
)  # fmt: skip
def test_the_outlet_a_text_names_as_its_own(text, outlet, source):
    found = text_outlet(text, {})
    assert (found.name, found.source) == (outlet, source)


@pytest.mark.parametrize(
    "text",
    [
        "Headline here\nSoldiers at a checkpoint.\nSOURCE: ANNA SMITH/REUTERS\n\n" + STORY,
        "Headline here\n© Caspian News Agency / photo bank\n\n" + STORY,
        "Headline here\n\n" + STORY + " The minister said so, according to the Caspian News Agency.",
        "Headline here\n\nNagorno-Karabakh (Artsakh) authorities said " + STORY,
        "Headline here\n\n" + STORY + " The minister told reporters on Monday.",
    ],
)
def test_photo_credits_cited_sources_and_asides_are_not_the_publisher(text):
    assert text_outlet(text, {"caspian news agency": "Caspian News Agency"}) is None


def test_a_bare_text_gets_its_date_from_the_byline_and_its_outlet_from_the_dateline():
    article = _ingest_text("Border shooting\nBy Anna Petrosyan\n9/1/2023\n\nYEREVAN, Sept. 1 /Caspian Wire/. " + STORY)
    assert (article.published, article.published_source) == (datetime.date(2023, 9, 1), "byline")
    assert (article.outlet.name, article.outlet_source) == ("Caspian Wire", "dateline")
    assert article.get_published_source_display() == "from the byline"


def test_front_matter_wins_and_says_so():
    article = _ingest_text(
        with_front_matter("Border shooting\n9/1/2023\n\n" + STORY, outlet="Armenpress", published="2023-09-02")
    )
    assert (article.published, article.published_source) == (datetime.date(2023, 9, 2), "front_matter")
    assert (article.outlet.name, article.outlet_source) == ("Armenpress", "front_matter")


def test_a_date_in_the_url_dates_the_article():
    article = _ingest_text(
        with_front_matter("Border shooting\n\n" + STORY, url="https://caspian-wire.example.org/2022/01/11/clash")
    )
    assert (article.published, article.published_source) == (datetime.date(2022, 1, 11), "url")
    assert article.outlet_source == "url"


def test_an_unparseable_front_matter_date_is_a_warning_not_a_failure(client, researcher):
    article = _ingest_text(with_front_matter("Border shooting\n\n" + STORY, published="the day after the storm"))
    assert article.status == "queued" and article.text  # processed on, nothing lost
    assert article.published is None
    assert len(article.metadata_warnings) == 1 and "the day after the storm" in article.metadata_warnings[0]
    client.force_login(researcher)  # the article has no public statement yet
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "is not a date" in page


def test_a_front_matter_date_written_out_in_words_is_read():
    article = _ingest_text(with_front_matter("Border shooting\n\n" + STORY, published="1 September 2023"))
    assert (article.published, article.published_source) == (datetime.date(2023, 9, 1), "front_matter")
    assert article.metadata_warnings == []


# --- The seeds and the dev corpus, ingested bare -------------------------------------------------

# The files whose own text gives a full publication date / names its publisher (see the corpus
# READMEs: the other seeds' texts name neither; "REUTERS" in 004 is a photo credit).
SEED_DATED = {"000_d19009d838b79b0b", "004_97eb6d87a007548f"}
SEED_NAMED = {"000_d19009d838b79b0b": "The Epoch Times", "003_7f621a1d1afc9d69": "VICE World News"}


def _ingested_bare(articles):
    """(file, its row of the corpus index, the article) for each text of a corpus folder, ingested
    with no metadata given, against the outlets file."""
    call_command("load_outlets", verbosity=0)
    index = {row["file"]: row for row in json.loads((articles / "index.json").read_text())}
    for path in sorted(articles.glob("*.txt")):
        yield path, index[path.name], _ingest_text(path.read_text(encoding="utf-8"))


def test_every_seed_ingested_bare_has_the_date_and_outlet_its_text_names(shared_dir):
    for path, gold, article in _ingested_bare(shared_dir / "corpus" / "seeds" / "articles"):
        if path.stem in SEED_DATED:
            assert str(article.published) == gold["published"], path.name
            assert article.published_source in ("byline", "dateline"), path.name
        else:
            assert article.published is None, path.name  # never a date the text does not give
        if path.stem in SEED_NAMED:
            assert article.outlet is not None and article.outlet.name == SEED_NAMED[path.stem], path.name
            assert article.outlet_source == "text"
        else:
            assert article.outlet is None, path.name


# Dev texts that name their publisher in a dateline, byline or masthead, and those whose header dates them.
DEV_NAMED = {
    "01": "Azernews", "03": "Sputnik", "04": "Asbarez", "05": "TASS", "07": "Trend", "09": "TASS",
    "13": "Trend", "16": "TASS", "18": "Mediamax", "19": "Reuters",
}  # fmt: skip
DEV_DATED = {"01", "04", "07", "13", "17", "18", "19", "20"}


def test_dev_texts_ingested_bare_get_the_outlet_and_date_they_name_and_no_other(shared_dir):
    for path, gold, article in _ingested_bare(shared_dir / "corpus" / "dev" / "articles"):
        name = article.outlet.name if article.outlet else None
        assert name == DEV_NAMED.get(path.stem), path.name
        expected = gold["published"] if path.stem in DEV_DATED else None
        assert (str(article.published) if article.published else None) == expected, path.name
