"""Property tests: the extractor never crashes and its offsets always point into the input.

Rejections (empty, binary, not English…) are :class:`ExtractionError`s, an expected outcome;
any other exception is a bug.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sources.nlp.errors import ExtractionError
from sources.nlp.extract import extract_text
from sources.nlp.frontmatter import split_front_matter
from sources.nlp.htmltext import looks_like_html, visible_text
from sources.nlp.textprep import clean_text

# Pieces of news prose and of scraped-page noise, so that generated texts reach the attribution
# rules, the quote handling and the cleaners rather than only the input checks.
FRAGMENTS = [
    "Armenia said", "Azerbaijan's Defence Ministry claimed that", "the ministry said.", "It added",
    "According to Baku,", "“We will respond,”", "he told reporters.", "two soldiers were killed",
    "and a third injured", "at least 23 civilians died", "dozens were wounded", "on Tuesday",
    "Sept. 1", "which Yerevan denies.", "a claim Moscow rejected.", "Both sides", "each other",
    "Leave a Reply", "#Armenia", "(AP Photo)", "Photo: X/AFP", "\u00ac\u2020", "Ã©", "\u00a0",
    "\n", "\n\n", "—", "“", "”", "\"", "'", ",", ".", ";", "<p>", "</p>", "<!-- x -->", "&amp;",
    "---\npublished: \"2022-09-13\"\n---\n", "urged both sides to", "called for", "accused",
    "of shelling", "Officials from both sides", "Mr. Aliyev", "Pashinyan", "the Kremlin",
]  # fmt: skip

prose = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40).map(" ".join)
mixed = st.one_of(prose, st.text(min_size=0, max_size=300), st.tuples(prose, st.text(max_size=50)).map("".join))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mixed)
def test_extract_never_crashes_and_offsets_point_into_the_input(nlp, text):
    try:
        statements = extract_text(text, nlp=nlp, check_language=False, keep_unsided=True)
    except ExtractionError:
        return
    html = looks_like_html(split_front_matter(text)[1])
    for s in statements:
        assert 0 <= s.start <= s.end <= len(text)
        if html:  # the sentence is what a reader sees of the span
            assert s.sentence == " ".join(visible_text(text[s.start : s.end]).text.split())
        else:
            assert text[s.start : s.end] == s.sentence
        assert s.side in (None, "armenian", "azerbaijani", "russian", "international")
        assert 0.0 <= s.confidence <= 1.0
        s.to_json()


@settings(max_examples=200, deadline=None)
@given(text=mixed, cut=st.integers(min_value=0, max_value=400))
def test_cleaned_spans_map_inside_the_original(text, cut):
    mapped = clean_text(text)
    n = len(mapped.text)
    i = min(cut, n)
    for j in (i, min(n, i + 1), min(n, i + 7), n):
        a, b = mapped.span(i, j)
        assert 0 <= a <= b <= len(text)
