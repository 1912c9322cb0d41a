"""The reporting verbs' forms come from the English spelling rules, with their exceptions listed."""

from __future__ import annotations

import pytest

from sources.nlp import lexicon as lx


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        pytest.param("denies", "deny", id="consonant-y-takes-ies"),
        pytest.param("decried", "decry", id="and-ied"),
        pytest.param("stresses", "stress", id="a-sibilant-takes-es"),
        pytest.param("conceding", "concede", id="a-final-e-is-dropped-before-ing"),
        pytest.param("slammed", "slam", id="a-one-syllable-verb-doubles-its-consonant"),
        pytest.param("admitting", "admit", id="so-does-admit"),
        pytest.param("told", "tell", id="an-irregular-past"),
        pytest.param("written", "write", id="and-participle"),
        pytest.param("pled", "plead", id="a-second-past"),
        pytest.param("criticized", "criticise", id="an-ise-verb-has-its-ize-forms"),
        pytest.param("emphasize", "emphasise", id="lemma-included"),
    ],
)
def test_a_verb_form_leads_to_its_lemma(form, lemma):
    assert lx.VERB_FORMS[form] == lemma


@pytest.mark.parametrize("word", ["commentted", "promize", "reading", "readed", "sayed"])
def test_no_form_the_rules_or_their_exceptions_rule_out(word):
    assert word not in lx.VERB_FORMS


def test_every_reporting_verb_is_a_form_of_itself():
    assert all(lx.VERB_FORMS[lemma] == lemma for lemma in lx.VERB_STANCE)
