"""Speakers the gazetteer does not know, followed through an article: titles of a first mention,
role nouns, surnames and pronouns, group nouns for both parties, and the reporting phrases
(light verbs, colon headlines, "the statement read") that introduce them.

Every text here is written for the test; the people in it are invented.
"""

from __future__ import annotations

import pytest

from sources.nlp.extract import ExtractedStatement


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Secretary-General Maria Keller urged the sides to stop the hostilities at once.\n",
            {"side": "international", "stance": "appeal"},
            id="a-title-only-an-organisation-gives-is-international",
        ),
        pytest.param(
            "Armenian officials have not answered the claims made by Azerbaijan, but on Monday that "
            "country's defence ministry announced that Azerbaijani villages had been shelled.\n",
            {"side": "armenian"},
            id="that-country-is-the-party-of-the-clause-subject-not-a-country-in-passing",
        ),
        pytest.param(
            "Azerbaijan's defence ministry reported a shootout near Shusha on Thursday.\n",
            {"side": "azerbaijani"},
            id="reporting-an-event-is-a-claim",
        ),
        pytest.param(
            "Deputy Secretary Tom Hale of the U.S. State Department spoke to both foreign ministers.\n\n"
            "According to the State Department, he urged both sides to cease hostilities immediately.\n",
            {"speaker": "he", "stance": "appeal"},
            id="a-department-readout-of-its-principal-is-the-principals-statement",
        ),
        pytest.param(
            "“Minister Hasanov noted that the allegations about the road were groundless,” the Azerbaijani "
            "foreign ministry said.\n",
            {"speaker": "Minister Hasanov", "side": "azerbaijani", "stance": "denial"},
            id="an-institutions-quoted-readout-of-its-principal-is-the-principals-statement",
        ),
        pytest.param(
            "Rauf Guliyev, an independent political analyst in Baku, is more cautious.\n\n"
            "He believes that without a signed treaty another round of fighting remains a real risk.\n",
            {"speaker": "He", "side": "international"},
            id="an-analyst-introduced-without-a-quote-gives-a-later-he-his-side",
        ),
        pytest.param(
            "Aliyev apologized to Putin for the incident and assured him that a thorough investigation "
            "would be carried out, the Kremlin press service said.\n",
            {"side": "azerbaijani", "cue": "assured"},
            id="a-press-service-relaying-another-speaker-is-not-the-speaker",
        ),
    ],
)
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


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Once the shooting on the line of contact stopped, the parties to the conflict accused each other "
            "of breaking the ceasefire.\n",
            id="the-parties-and-each-other-stand-for-both-sides",
        ),
        pytest.param(
            "In matching statements, the office of Armenia's deputy prime minister and the Azerbaijani "
            "government said the commissions had agreed on a first section of the border.\n",
            id="institutions-joined-inside-an-of-phrase-each-speak",
        ),
    ],
)
def test_one_text_speaks_for_both_sides(extract, text):
    assert sorted(s.side for s in extract(text)) == ["armenian", "azerbaijani"]


def test_a_bare_officials_on_a_clash_between_the_two_speaks_for_both(extract):
    text = "A firefight on the border between Armenia and Azerbaijan left at least three dead, officials said.\n"
    found = extract(text)
    assert sorted(s.side for s in found) == ["armenian", "azerbaijani"]
    assert all({(c.party, c.killed) for c in s.casualties} == {("unknown", (3, 3))} for s in found)


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Iran's foreign minister voiced concern over the escalation on the border.\n", "international"),
        ("The Azerbaijani Foreign Ministry took note of the statement by the Armenian side.\n", "azerbaijani"),
        ("The foreign ministries of Armenia and Azerbaijan issued statements, exchanging blame for the clash.\n", None),
    ],
)
def test_light_verbs_with_speech_nouns_are_reporting_phrases(extract, text, side):
    found = extract(text)
    if side is None:
        assert sorted(s.side for s in found) == ["armenian", "azerbaijani"]
    else:
        assert said(found)[0][1] == side


def test_a_possessive_with_a_speech_noun_alone_is_no_statement(extract):
    text = "The talks stalled over Yerevan's readiness to hand over the maps of minefields.\n"
    assert extract(text) == []


@pytest.mark.parametrize(
    ("text", "speaker", "side"),
    [
        (
            "Baku: Armenian units shelled positions near Kalbajar overnight\n\nBody text follows.\n",
            "Baku",
            "azerbaijani",
        ),
        ("Azeri units shell villages near Tavush: Armenian MoD\n\nBody text follows.\n", "Armenian MoD", "armenian"),
    ],
)
def test_a_colon_headline_attributes(extract, text, speaker, side):
    (statement,) = extract(text)
    assert (statement.speaker, statement.side, statement.cue) == (speaker, side, ":")


def test_a_colon_after_a_topic_is_no_attribution(extract):
    assert extract("Karabakh conflict: what we know so far\n\nBody text follows.\n") == []


@pytest.mark.parametrize(
    "text",
    [
        "“The helicopter came under fire from the ground,” a statement from the Russian military read.\n",
        # the small model tags this "read" as a noun
        "“After the missile struck, the crew lost control and the helicopter came down in hills inside "
        "Armenia,” a statement from the Russian military read.\n",
    ],
)
def test_the_statement_read_after_a_quote(extract, text):
    (statement,) = extract(text)
    assert statement.side == "russian"


def test_what_the_other_side_claims_inside_a_denial_is_not_its_statement(extract):
    text = (
        "“We have had no losses, despite what the Armenian side is trying to claim,” the Azerbaijani ministry said.\n"
    )
    assert said(extract(text)) == [("the Azerbaijani ministry", "azerbaijani")]


@pytest.mark.parametrize(
    ("text", "speaker", "side", "cue"),
    [
        (
            "Russian Foreign Ministry spokeswoman Anna Volkova told a briefing that Moscow was following "
            "the situation near Jermuk.\n",
            "Russian Foreign Ministry spokeswoman Anna Volkova", "russian", "told",
        ),
        (
            "The Organization for Security and Co-operation in Europe said it was monitoring the border.\n",
            "The Organization for Security and Co-operation in Europe", "international", "said",
        ),
        ("Baku questioned the accuracy of the maps handed over by Yerevan.\n", "Baku", "azerbaijani", "questioned"),
        (
            "Azerbaijan's foreign ministry pointed to the ceasefire violations of the previous week.\n",
            "Azerbaijan's foreign ministry", "azerbaijani", "pointed to",
        ),
        (
            "The shelling was described by the Armenian foreign ministry as a provocation.\n",
            "the Armenian foreign ministry", "armenian", "described",
        ),
    ],
)  # fmt: skip
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
