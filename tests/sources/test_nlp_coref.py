"""Speakers the gazetteer does not know, followed through an article: titles of a first mention,
role nouns, surnames and pronouns, group nouns for both parties, and the reporting phrases
(light verbs, colon headlines, "the statement read") that introduce them.

Every text here is written for the test; the people in it are invented. The tables of cases are in
test_nlp_coref.yaml (read by tests.cases).
"""

from __future__ import annotations

from sources.nlp.extract import ExtractedStatement
from tests.cases import cases


def said(statements: list[ExtractedStatement]) -> list[tuple[str, str | None]]:
    return [(s.speaker, s.side) for s in statements]


def test_a_title_set_off_by_commas_before_the_name_gives_the_side(extract):
    text = "Georgia's Foreign Minister, Levan Abashidze, said the talks in Tbilisi had been useful.\n"
    (statement,) = extract(text)
    assert statement.side == "international" and "Levan Abashidze" in statement.speaker


def test_a_person_keeps_the_side_of_the_first_mention_through_the_article(extract):
    text = (
        "U.S. Secretary of State Jane Whitcombe met both foreign ministers in Washington on Monday.\n\n"
        "“The ceasefire must be respected by everyone,” Whitcombe said after the meeting.\n\n"
        "She added that the talks would continue next month.\n"
    )
    assert said(extract(text)) == [("Whitcombe", "international"), ("She", "international")]


@cases(__file__, "lone_statements", ("text", "expected"))
def test_a_lone_statement_is_attributed(extract, text, expected):
    (statement,) = extract(text)
    assert {field: getattr(statement, field) for field in expected} == expected


def test_a_role_noun_points_back_to_the_person_in_that_role(extract):
    text = (
        "Armenian Defence Ministry spokeswoman Anna Sargsyan said the positions near Sotk were shelled.\n\n"
        "The mayor of Goris said the town was quiet.\n\n"
        "“We will respond to every provocation,” the spokeswoman stressed.\n"
    )
    found = extract(text)
    assert found[-1].speaker == "the spokeswoman" and found[-1].side == "armenian"


@cases(__file__, "both_sides", ("text",))
def test_one_text_speaks_for_both_sides(extract, text):
    assert sorted(s.side for s in extract(text)) == ["armenian", "azerbaijani"]


def test_a_bare_officials_on_a_clash_between_the_two_speaks_for_both(extract):
    text = "A firefight on the border between Armenia and Azerbaijan left at least three dead, officials said.\n"
    found = extract(text)
    assert sorted(s.side for s in found) == ["armenian", "azerbaijani"]
    assert all({(c.party, c.killed) for c in s.casualties} == {("unknown", (3, 3))} for s in found)


@cases(__file__, "light_verbs", ("text", "side"))
def test_light_verbs_with_speech_nouns_are_reporting_phrases(extract, text, side):
    found = extract(text)
    if side is None:
        assert sorted(s.side for s in found) == ["armenian", "azerbaijani"]
    else:
        assert said(found)[0][1] == side


def test_a_possessive_with_a_speech_noun_alone_is_no_statement(extract):
    text = "The talks stalled over Yerevan's readiness to hand over the maps of minefields.\n"
    assert extract(text) == []


@cases(__file__, "colon_headlines", ("text", "speaker", "side"))
def test_a_colon_headline_attributes(extract, text, speaker, side):
    (statement,) = extract(text)
    assert (statement.speaker, statement.side, statement.cue) == (speaker, side, ":")


def test_a_colon_after_a_topic_is_no_attribution(extract):
    assert extract("Karabakh conflict: what we know so far\n\nBody text follows.\n") == []


@cases(__file__, "statement_read", ("text",))
def test_the_statement_read_after_a_quote(extract, text):
    (statement,) = extract(text)
    assert statement.side == "russian"


def test_what_the_other_side_claims_inside_a_denial_is_not_its_statement(extract):
    text = (
        "“We have had no losses, despite what the Armenian side is trying to claim,” the Azerbaijani ministry said.\n"
    )
    assert said(extract(text)) == [("the Azerbaijani ministry", "azerbaijani")]


@cases(__file__, "small_parser_shapes", ("text", "speaker", "side", "cue"))
def test_reporting_shapes_the_small_parser_gets_wrong(extract, text, speaker, side, cue):
    (statement,) = extract(text)
    assert (statement.speaker, statement.side, statement.cue) == (speaker, side, cue)


def test_a_name_after_an_organisations_title_is_a_person_a_surname_finds_later(extract):
    text = (
        "CSTO Secretary General Imangali Tasmagambetov said the alliance was following the situation.\n\n"
        "Tasmagambetov added that the organisation would send observers to the border.\n"
    )
    assert said(extract(text)) == [
        ("CSTO Secretary General Imangali Tasmagambetov", "international"),
        ("Tasmagambetov", "international"),
    ]


def test_the_statement_after_a_joint_statement_is_still_both_publishers(extract):
    text = (
        "The joint statement, released by the office of Armenia's prime minister and the administration "
        "of Azerbaijan's president, said the sides had agreed to exchange prisoners.\n\n"
        "Both countries will also back each other's bids for international events, the statement said.\n"
    )
    found = extract(text)
    assert sorted(s.side for s in found[-2:]) == ["armenian", "azerbaijani"]
    assert {s.speaker for s in found[-2:]} == {"the statement"}


def test_a_title_case_headline_attributes_to_each_name_before_its_verb(extract):
    text = "Armenia, Azerbaijan Trade Blame For Deadly Clash On Border\n\nBody text follows.\n"
    found = extract(text)
    assert [(s.speaker, s.side, s.stance) for s in found] == [
        ("Armenia", "armenian", "accusation"),
        ("Azerbaijan", "azerbaijani", "accusation"),
    ]


def test_he_finds_the_last_person_beyond_four_sentences_of_narration(extract):
    text = (
        "Armenian Foreign Minister Ararat Mirzoyan said the talks had stalled.\n\n"
        "The border runs for about a thousand kilometres.\n\nMuch of it has never been marked.\n\n"
        "Villages on both sides lie close to the line.\n\nFarmers often cannot reach their fields.\n\n"
        "He added that Yerevan was ready to resume the talks in Brussels.\n"
    )
    assert [(s.speaker, s.side) for s in extract(text)][-1] == ("He", "armenian")
