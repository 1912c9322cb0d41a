"""Casualty figures in attributed statements: counts without numerals, explicit zeros, sums and
revisions, low/best/high bounds, and the shapes a small parser gets wrong.

Every sentence here is written for the test.
"""

from __future__ import annotations

import pytest

from sources.nlp.extract import ExtractedStatement


def counts(statement: ExtractedStatement) -> set[tuple]:
    return {(c.party, c.civilian, c.killed, c.wounded, c.captured, c.missing) for c in statement.casualties}


def one(statements: list[ExtractedStatement]) -> ExtractedStatement:
    assert len(statements) == 1, [(s.speaker, s.cue, s.sentence) for s in statements]
    return statements[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Armenia's defence ministry said an Armenian serviceman was killed by sniper fire near Sotk.",
            ("armenian", False, (1, 1), None, None, None),
        ),
        (
            "Armenia's defence ministry said Azerbaijani troops shot dead an Armenian conscript near Tegh.",
            ("armenian", False, (1, 1), None, None, None),
        ),
        (
            "Azerbaijan's defence ministry said that two of its servicemen became martyrs in the night.",
            ("azerbaijani", False, (2, 2), None, None, None),
        ),
        (
            "Azerbaijan's defence ministry said both soldiers were wounded by mortar fire on Tuesday.",
            ("azerbaijani", False, None, (2, 2), None, None),
        ),
    ],
)
def test_a_count_written_without_a_numeral_is_still_a_count(extract, text, expected):
    assert counts(one(extract(text))) == {expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Azerbaijan's defence ministry said its units had suffered no casualties during the night.",
            ("azerbaijani", False, (0, 0), (0, 0), None, None),
        ),
        (
            "“We have not had any losses in this direction,” Armenia's defence ministry said.",
            ("armenian", False, (0, 0), (0, 0), None, None),
        ),
        (
            "Azerbaijani officials denied that any of their soldiers were killed in the attack.",
            ("azerbaijani", False, (0, 0), None, None, None),
        ),
    ],
)
def test_an_explicit_statement_of_no_losses_is_a_zero(extract, text, expected):
    assert counts(one(extract(text))) == {expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Azerbaijan's defence ministry said that Sergeant Elvin Mammadov and Private Rashad Guliyev "
            "were killed in the shelling.\n",
            {("azerbaijani", False, (2, 2), None, None, None)},
            id="named-soldiers-reported-killed-are-counted-one-each",
        ),
        pytest.param(
            "Armenia's defence ministry said three soldiers were killed on Monday and a fourth died in hospital.",
            {("armenian", False, (4, 4), None, None, None)},
            id="three-and-a-fourth-add-up",
        ),
        pytest.param(
            "Armenia's defence ministry first said one soldier was wounded, but later revised the figures to "
            "two dead and three wounded.\n",
            {("armenian", False, (2, 2), (3, 3), None, None)},
            id="a-revised-figure-replaces-the-first",
        ),
        pytest.param(
            "“Two women were killed in the village. Three more civilians were wounded,” the Armenian interior "
            "ministry spokesman told reporters.\n",
            {("armenian", True, (2, 2), (3, 3), None, None)},
            id="a-figure-in-the-first-sentence-of-a-quote-is-kept",
        ),
        pytest.param(
            "Russia's defence ministry reported the killing of two crew members, with another wounded.",
            {("russian", False, (2, 2), (1, 1), None, None)},
            id="russias-own-unmarked-dead-are-russian",
        ),
        pytest.param(
            "The Karabakh human rights ombudsman said on Wednesday that at least 200 people, including "
            "10 civilians, had been killed and more than 400 wounded.\n",
            {("armenian", False, (200, 200), (400, 400), None, None), ("armenian", True, (10, 10), None, None, None)},
            id="a-tally-that-includes-civilians-is-split-into-its-parts",
        ),
        pytest.param(
            "Prime Minister Nikol Pashinyan told parliament that the death toll among Armenian servicemen "
            "had reached 49 and could rise further.\n",
            {("armenian", False, (49, 49), None, None, None)},
            id="a-death-toll-that-has-reached-a-number-is-a-figure",
        ),
        pytest.param(
            "“The shelling went on all night,” Azerbaijan's defence ministry said.\n\n"
            "“It began at midnight. It stopped at dawn. It hit the villages near the road.\n\n"
            "“One serviceman was wounded.”\n",
            {("azerbaijani", False, None, (1, 1), None, None)},
            id="a-quote-reopened-at-each-paragraph-goes-on-past-two-sentences",
        ),
    ],
)
def test_the_figures_of_a_lone_statement(extract, text, expected):
    assert counts(one(extract(text))) == expected


def test_conjoined_victims_of_two_parties_are_two_figures(extract):
    text = "Officials in Baku and Yerevan said an Azerbaijani soldier and two Armenian soldiers were killed."
    found = extract(text)
    assert sorted(s.side for s in found) == ["armenian", "azerbaijani"]
    for s in found:
        assert counts(s) == {
            ("azerbaijani", False, (1, 1), None, None, None),
            ("armenian", False, (2, 2), None, None, None),
        }


def test_a_toll_in_a_consequence_clause_goes_with_the_charge(extract):
    text = (
        "Azerbaijan's defence ministry accused Armenian units of firing at its positions near Kalbajar, "
        "because of which one Azerbaijani serviceman was wounded.\n"
    )
    statement = one(extract(text))
    assert statement.stance == "accusation"
    assert counts(statement) == {("azerbaijani", False, None, (1, 1), None, None)}


def test_qualified_numbers_keep_their_bounds_beside_the_single_figure(extract):
    text = "Armenia's defence ministry said at least five soldiers were killed and up to 20 were wounded."
    (figure,) = one(extract(text)).casualties
    assert (figure.killed, figure.wounded) == ((5, 5), (20, 20))
    assert figure.estimate("killed") == {"low": 5, "best": 5, "high": None}
    assert figure.estimate("wounded") == {"low": None, "best": 20, "high": 20}
    printed = figure.to_json()
    assert printed["killed"] == 5 and printed["estimates"]["wounded"]["high"] == 20


def test_an_about_figure_is_a_best_estimate(extract):
    text = "Azerbaijan's defence ministry said about 30 Armenian soldiers were killed in the fighting."
    (figure,) = one(extract(text)).casualties
    assert figure.estimate("killed") == {"low": None, "best": 30, "high": None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Armenia's defence ministry said a serviceman sustained a gunshot wound near Tegh.",
            ("armenian", False, None, (1, 1), None, None),
        ),
        (
            "Armenia's defence ministry said a contract soldier was fatally wounded by sniper fire.",
            ("armenian", False, (1, 1), None, None, None),
        ),
        (
            "Azerbaijan's defence ministry said one serviceman lost his life and two others sustained injuries.",
            ("azerbaijani", False, (1, 1), (2, 2), None, None),
        ),
        (
            "Azerbaijan's defence ministry said the enemy lost up to 20 servicemen.",
            ("armenian", False, (20, 20), None, None, None),
        ),
        (
            "Azerbaijan's defence ministry said the army neutralised two Armenian saboteurs.",
            ("armenian", False, (2, 2), None, None, None),
        ),
    ],
)
def test_casualty_verbs_of_military_communiques(extract, text, expected):
    assert counts(one(extract(text))) == {expected}
