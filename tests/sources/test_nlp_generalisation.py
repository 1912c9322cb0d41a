"""Rules that carry the extractor beyond the seed articles: datelines, unqualified institutions,
people the gazetteer does not know, relays, headlines, joint statements and casualty tallies.

Each text here is written for the test; none comes from the seed corpus.
"""

from __future__ import annotations

import pytest

from sources.nlp.extract import ExtractedStatement


def figures(statement: ExtractedStatement) -> set[tuple]:
    return {(c.party, c.civilian, c.killed, c.wounded, c.captured, c.missing) for c in statement.casualties}


@pytest.mark.parametrize(("dateline", "side"), [("BAKU", "azerbaijani"), ("YEREVAN", "armenian")])
def test_an_unqualified_ministry_belongs_to_the_country_of_the_dateline(extract, dateline, side):
    text = (
        f"{dateline}, March 3 (Wire) - The defence ministry said on Friday that positions near the border "
        "had come under heavy fire overnight and that the fire had been returned.\n"
    )
    (statement,) = extract(text)
    assert statement.side == side
    assert statement.sentence.startswith("The defence ministry said")


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        pytest.param(
            "Armenia's defence ministry said Azerbaijani troops had shelled villages near Jermuk overnight.\n\n"
            "In Baku, the defence ministry said Armenian sabotage groups had laid mines on roads near Lachin.\n",
            ["armenian", "azerbaijani"],
            id="the-place-a-clause-is-set-in-decides-an-unqualified-ministry",
        ),
        pytest.param(
            "Azerbaijan's army said Armenian units had fired at its positions near Lachin overnight.\n\n"
            "The army spokesman said the fire had been suppressed.\n",
            ["azerbaijani", "azerbaijani"],
            id="an-institution-named-before-its-spokesman-gives-him-its-side",
        ),
    ],
)
def test_an_unqualified_institution_takes_its_side_from_the_text(extract, text, sides):
    assert [s.side for s in extract(text)] == sides


def test_a_person_nothing_in_the_text_places_gets_no_side(extract):
    text = "Vardan Petrosyan said the shelling near the village had stopped by the morning.\n"
    assert extract(text) == []
    (statement,) = extract(text, keep_unsided=True)
    assert statement.speaker == "Vardan Petrosyan" and statement.side is None


def test_questions_are_not_statements_but_a_headline_in_the_body_is(extract):
    text = (
        "Russia urges restraint on the border\n\n"
        "What does Azerbaijan say?\n\n"
        "The Kremlin said on Monday that Moscow was in close contact with both Baku and Yerevan.\n"
    )
    headline, statement = extract(text)
    assert (headline.speaker, headline.side, headline.stance) == ("Russia", "russian", "appeal")
    assert statement.speaker == "The Kremlin" and statement.side == "russian"


def test_statements_issued_by_both_ministries_are_one_statement_each(extract):
    text = (
        "After the talks both ministries issued statements saying that progress had been made on "
        "several articles of the draft treaty.\n"
    )
    assert sorted(s.side for s in extract(text)) == ["armenian", "azerbaijani"]


def test_a_first_person_appeal_that_continues_a_quote_is_its_own_statement(extract):
    text = (
        "“Moscow is seriously concerned about the shooting,” Russian Foreign Ministry spokeswoman "
        "Maria Zakharova told a briefing. “We urge Baku and Yerevan to show restraint.”\n"
    )
    told, urge = extract(text)
    assert (told.stance, urge.stance) == ("assertion", "appeal")
    assert urge.speaker == "We" and urge.side == "russian"
    assert urge.sentence == "“We urge Baku and Yerevan to show restraint.”"


def test_a_quote_that_runs_over_paragraphs_keeps_its_figures_and_ends_with_its_mark(extract):
    text = (
        "“We will not allow any provocation on our border,” the Armenian defence minister said. "
        "“Our units are ready to respond.\n\n"
        "The enemy shelled our positions for three nights. Two of our soldiers were killed.”\n\n"
        "The border has been tense for months. Five people were injured in a separate accident.\n"
    )
    (statement,) = extract(text)
    assert figures(statement) == {("armenian", False, (2, 2), None, None, None)}
    assert "Two of our soldiers were killed" in statement.content
    assert "separate accident" not in statement.content


def test_a_text_cut_off_after_a_function_word_ends_without_a_statement(extract):
    text = (
        "Armenia's defence ministry said its positions near Sotk were shelled overnight.\n\n"
        "Azerbaijan's foreign ministry said the drone had been"
    )
    assert [s.side for s in extract(text)] == ["armenian"]


def test_a_text_cut_off_inside_a_word_keeps_its_legible_claim(extract):
    text = "Armenia's defence ministry said its positions were shelled.\n\nBaku slammed the step as a provocation s"
    assert [s.side for s in extract(text)] == ["armenian", "azerbaijani"]
