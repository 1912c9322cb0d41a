"""Event dates with a precision, and publication dates read from an article's own text."""

from __future__ import annotations

import datetime as dt

import pytest

from sources.nlp.dates import (
    DAY,
    MONTH,
    WEEK,
    YEAR,
    event_date_with_precision,
    html_publication_date,
    publication_date,
)
from sources.nlp.extract import extract_text

PUBLISHED = dt.date(2023, 9, 14)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministry said the shelling began on Tuesday.", (dt.date(2023, 9, 12), DAY)),
        ("The ministry said the shelling began on 3 September.", (dt.date(2023, 9, 3), DAY)),
        ("The ministry said the shelling began last week.", (dt.date(2023, 9, 4), WEEK)),
        ("The ministry said the shelling began in August.", (dt.date(2023, 8, 1), MONTH)),
        ("The ministry said the road had been closed since December.", (dt.date(2022, 12, 1), MONTH)),
        ("The ministry said the mines were laid last month.", (dt.date(2023, 8, 1), MONTH)),
        ("The ministry said the mines were laid in 2020.", (dt.date(2020, 1, 1), YEAR)),
        ("The ministry said the mines were laid last year.", (dt.date(2022, 1, 1), YEAR)),
        ("The ministry said the positions came under fire.", (PUBLISHED, WEEK)),
    ],
)
def test_a_statement_date_comes_from_its_own_words_else_from_publication(text, expected):
    assert event_date_with_precision(text, PUBLISHED) == expected


def test_without_a_publication_date_only_the_statements_own_words_date_it():
    assert event_date_with_precision("The ministry said the positions came under fire.", None) == (None, None)
    assert event_date_with_precision("The ministry said the fighting began in May 2021.", None) == (
        dt.date(2021, 5, 1),
        MONTH,
    )


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        (" date 2022-03-05 BAKU, March 5 - The ministry said …\n", None, dt.date(2022, 3, 5)),
        ("Headline\n\nBy Jane Roe | Friday, 11 March 2022\n\nThe ministry said …\n", None, dt.date(2022, 3, 11)),
        # the page header shows the day it was scraped; the byline is earlier and wins
        ("Site name\n\nMonday April 1 2024\n\nHeadline\n\n3 May 2021 10:15\n\nText.\n", None, dt.date(2021, 5, 3)),
        (
            "Headline\nWire | Updated: 06-05-2022 10:07 IST | Created: 05-05-2022 22:01 IST\nText.\n",
            None,
            dt.date(2022, 5, 5),
        ),
        ("Headline\n\nText without a date.\n", "https://example.org/news/2021/07/28/clash", dt.date(2021, 7, 28)),
        ("Headline\n\nText without a date.\n", "https://example.org/world/202107281234567/", dt.date(2021, 7, 28)),
        ("Headline\n\nText without a date.\n", "https://example.org/world/873728", None),
    ],
)
def test_the_publication_date_is_read_from_the_text_or_the_url(text, url, expected):
    assert publication_date(text, url) == expected


def test_a_date_inside_a_story_sentence_is_not_the_publication_date():
    text = "Headline\n\nOn 12 December 2022, a group of people who called themselves activists blocked the road.\n"
    assert publication_date(text) is None


def test_the_publication_date_of_html_comes_from_htmldate():
    html = (
        '<html><head><meta property="article:published_time" content="2021-11-16T09:00:00Z"></head>'
        "<body><article><p>Text.</p></article></body></html>"
    )
    assert html_publication_date(html) == dt.date(2021, 11, 16)


def test_every_statement_of_an_article_with_a_byline_date_gets_a_dated_precision(nlp):
    text = (
        "Clash on the border\n\nBy Jane Roe | Thursday, 14 September 2023\n\n"
        "Armenia's defence ministry said Azerbaijani troops opened fire on Tuesday.\n\n"
        "Azerbaijan's defence ministry said Armenian units had shelled its positions.\n"
    )
    first, second = extract_text(text, nlp=nlp)
    assert (first.event_date, first.event_date_precision) == (dt.date(2023, 9, 12), DAY)
    assert (second.event_date, second.event_date_precision) == (dt.date(2023, 9, 14), WEEK)
    assert first.to_json()["event_date_precision"] == "day"
