"""Casualty figures in attributed statements: counts without numerals, explicit zeros, sums and
revisions, low/best/high bounds, and the shapes a small parser gets wrong.

Every sentence here is written for the test. The tables of cases are in test_nlp_casualties.yaml
(read by tests.cases).
"""

from __future__ import annotations

from sources.nlp.extract import ExtractedStatement
from tests.cases import cases


def counts(statement: ExtractedStatement) -> set[tuple]:
    return {(c.party, c.civilian, c.killed, c.wounded, c.captured, c.missing) for c in statement.casualties}


def figure(row: list) -> tuple:
    """A figure row of the YAML table, (party, civilian, killed, wounded, captured, missing), as `counts` gives it."""
    return tuple(tuple(x) if isinstance(x, list) else x for x in row)


def one(statements: list[ExtractedStatement]) -> ExtractedStatement:
    assert len(statements) == 1, [(s.speaker, s.cue, s.sentence) for s in statements]
    return statements[0]


@cases(__file__, "counts_without_numerals", ("text", "expected"))
def test_a_count_written_without_a_numeral_is_still_a_count(extract, text, expected):
    assert counts(one(extract(text))) == {figure(expected)}


@cases(__file__, "explicit_zeros", ("text", "expected"))
def test_an_explicit_statement_of_no_losses_is_a_zero(extract, text, expected):
    assert counts(one(extract(text))) == {figure(expected)}


@cases(__file__, "lone_statement_figures", ("text", "expected"))
def test_the_figures_of_a_lone_statement(extract, text, expected):
    assert counts(one(extract(text))) == {figure(f) for f in expected}


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


@cases(__file__, "bounds", ("text", "expected"))
def test_casualty_verbs_of_military_communiques(extract, text, expected):
    assert counts(one(extract(text))) == {figure(expected)}
