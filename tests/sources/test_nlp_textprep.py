"""Text preparation: front matter, cleaning scraped text, HTML, language — offsets kept exact.

None of these tests use the database or the spaCy model.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sources.nlp.errors import NoArticleText, NotEnglish
from sources.nlp.frontmatter import split_front_matter
from sources.nlp.htmltext import looks_like_html, main_text
from sources.nlp.language import ensure_english
from sources.nlp.textprep import clean_text
from sources.text import clean_text as page_clean
from sources.text import html_extract


def test_front_matter_is_split_from_the_body_with_its_offset():
    text = '---\nurl: "https://example.org/a"\noutlet: Example\npublished: "2022-09-13"\ntitle: "A: B"\n---\nBody.\n'
    meta, body, offset = split_front_matter(text)
    assert meta == {
        "url": "https://example.org/a",
        "outlet": "Example",
        "published": dt.date(2022, 9, 13),
        "title": "A: B",
    }
    assert body == "Body.\n"
    assert text[offset:] == body


def test_text_without_front_matter_is_all_body():
    assert split_front_matter("--- a rule, not front matter\ntext") == ({}, "--- a rule, not front matter\ntext", 0)


def test_unparseable_published_date_becomes_none():
    meta, _, _ = split_front_matter("---\npublished: last week\n---\nx")
    assert meta["published"] is None


def test_broken_yaml_is_treated_as_body():
    text = "---\n: [unclosed\n---\nx"
    assert split_front_matter(text) == ({}, text, 0)


def _clean(text: str) -> str:
    return clean_text(text).text


def test_mojibake_is_repaired_and_maps_back_to_the_original_bytes():
    text = "The ministry said,\u00ac\u2020the border was calm.\n"
    mapped = clean_text(text)
    assert "said, the border" in mapped.text
    start = mapped.text.index("said")
    end = mapped.text.index("calm") + 4
    a, b = mapped.span(start, end)
    assert text[a:b] == "said,\u00ac\u2020the border was calm"


def test_curly_apostrophes_and_odd_spaces_are_normalised_one_for_one():
    text = "Armenia\u2019s\u00a0ministry"
    mapped = clean_text(text)
    assert mapped.text == "Armenia's ministry"
    assert mapped.span(0, len(mapped.text)) == (0, len(text))


def test_a_caption_shown_twice_with_a_credit_is_dropped():
    text = (
        "Headline of the story\n\n"
        "A soldier stands guard at a checkpoint near the border village of Tegh.\n"
        "A soldier stands guard at a checkpoint near the border village of Tegh. Photo: JOHN DOE/AFP via Getty Images\n\n"
        "The ministry said the night was quiet.\n"
    )
    cleaned = _clean(text)
    assert "stands guard" not in cleaned
    assert "The ministry said the night was quiet." in cleaned


def test_a_repeated_headline_keeps_both_copies():
    # a summary block repeating the headline repeats its claim; the guide annotates each occurrence
    text = "Clashes erupt on the border again\n\nFirst paragraph here.\nClashes erupt on the border again\nMore text.\n"
    assert _clean(text).count("Clashes erupt on the border again") == 2


def test_credit_lines_and_the_caption_above_them_are_dropped():
    text = "Body text one.\nVolunteers gather in the capital on Sunday.\nSOURCE: JANE ROE/REUTERS\n\nBody text two.\n"
    cleaned = _clean(text)
    assert "Volunteers" not in cleaned and "SOURCE" not in cleaned
    assert "Body text one." in cleaned and "Body text two." in cleaned


def test_comment_form_boilerplate_and_everything_after_it_is_dropped():
    text = (
        "Para one.\n\nPara two.\n\nPara three.\n\nLeave a Reply\n\nFill in your details below or click an icon.\n\n"
        "Great article, thanks!\n"
    )
    cleaned = _clean(text)
    assert "Para three." in cleaned
    assert "Leave a Reply" not in cleaned and "Great article" not in cleaned


def test_hashtags_stray_markup_and_bylines_are_dropped():
    text = "!-- Google tag (gtag.js) -->\nHeadline\n#Armenia #Azerbaijan #news\nBy Jane Roe\n9/1/2023\nText.\n"
    cleaned = _clean(text)
    assert "gtag" not in cleaned and "#Armenia" not in cleaned and "Jane Roe" not in cleaned
    assert "Headline" in cleaned and "Text." in cleaned


def test_a_wire_dateline_is_not_part_of_the_first_sentence():
    text = "BAKU, Oct 4 (Reuters) - Azerbaijan said its forces had taken the town.\n"
    mapped = clean_text(text)
    assert mapped.text.startswith("Azerbaijan said")
    assert text[slice(*mapped.span(0, 10))] == "Azerbaijan"


def test_wrapped_lines_are_joined_but_paragraph_lines_are_not():
    text = "The ministry said the shelling\ncontinued overnight.\nNew Heading\nNext paragraph.\n"
    cleaned = _clean(text)
    assert "the shelling continued overnight." in cleaned
    assert "\nNew Heading\n" in cleaned


def test_a_headline_without_a_full_stop_keeps_its_line_break():
    text = "Azerbaijan says Armenian forces shelled its posts in Nakhchivan\nThe ministry said the attack failed.\n"
    assert _clean(text) == text


def test_a_line_cut_after_a_function_word_is_joined():
    text = "The ministry said on Monday that\nArmenian units had opened fire.\n"
    assert _clean(text) == "The ministry said on Monday that Armenian units had opened fire.\n"


def test_a_hard_wrapped_block_is_joined_even_before_capitals():
    text = (
        "The Armenian defence ministry said on Monday that Azerbaijani\n"
        "forces had opened fire on positions near the village of\n"
        "Sotk in the Gegharkunik province and that two soldiers were\n"
        "Wounded in the attack which began shortly after midnight.\n"
    )
    assert _clean(text).count("\n") == 1


def test_span_never_leaves_the_original_text():
    text = "x\u00ac\u2020y\n\nLeave a Reply\n"
    mapped = clean_text(text)
    for i in range(len(mapped.text) + 1):
        for j in range(i, len(mapped.text) + 1):
            a, b = mapped.span(i, j)
            assert 0 <= a <= b <= len(text)


HTML = """<!DOCTYPE html>
<html><head><title>Border clash</title><script>var s = "Armenia said nothing";</script></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<!-- Azerbaijan said this in a comment -->
<article><h1>Soldiers killed in border clash</h1>
<p>Armenia&#8217;s defence ministry said on Tuesday that two soldiers had been killed and
three wounded by <b>Azerbaijani</b> shelling near the village of Sotk.</p>
<p>&ldquo;The enemy opened fire first,&rdquo; the ministry said in a statement released in Yerevan.</p>
<p>Azerbaijan&rsquo;s defence ministry rejected the claim and accused Armenian forces of a provocation.</p>
</article>
<footer>Copyright 2024 Example News.</footer></body></html>
"""


def test_html_is_recognised():
    assert looks_like_html(HTML)
    assert not looks_like_html("Armenia said <nothing> of the sort.")


def test_html_main_text_leaves_out_markup_scripts_and_comments():
    mapped = main_text(HTML)
    assert "Armenia’s defence ministry said on Tuesday" in mapped.text
    assert "var s" not in mapped.text and "in a comment" not in mapped.text and "Home" not in mapped.text


def test_html_main_text_offsets_point_into_the_markup():
    mapped = main_text(HTML)
    start = mapped.text.index("“The enemy")
    end = mapped.text.index("Yerevan.") + len("Yerevan.")
    a, b = mapped.span(start, end)
    assert (
        HTML[a:b] == "&ldquo;The enemy opened fire first,&rdquo; the ministry said in a statement released in Yerevan."
    )


def test_html_without_an_article_is_refused():
    with pytest.raises(NoArticleText):
        main_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")


def test_english_passes_the_language_check():
    ensure_english("Armenia's defence ministry said on Tuesday that two soldiers had been killed in the shelling.")


def test_other_languages_are_refused():
    french = (
        "Le ministère arménien de la Défense a déclaré mardi que deux soldats avaient été tués lors de "
        "bombardements azerbaïdjanais près du village de Sotk, dans la province de Syunik."
    )
    with pytest.raises(NotEnglish) as excinfo:
        ensure_english(french)
    assert excinfo.value.language == "fr"
    assert "only English is supported" in str(excinfo.value)


def test_the_language_check_is_deterministic():
    text = "Der Verteidigungsminister sagte, die Lage an der Grenze sei ruhig und es gebe keine Verletzten."
    outcomes = set()
    for _ in range(3):
        try:
            ensure_english(text)
            outcomes.add("en")
        except NotEnglish as exc:
            outcomes.add(exc.language)
    assert len(outcomes) == 1


def test_short_text_is_not_judged():
    ensure_english("Ja, nein.")


def test_html_is_recognised_in_bytes_and_text_alike():
    assert looks_like_html(HTML.encode()) and looks_like_html(b"\xef\xbb\xbf" + HTML.encode())
    assert looks_like_html("\ufeff" + HTML)
    assert looks_like_html(b"Plain words", content_type="text/html")
    assert looks_like_html(b"Plain words", filename="page.HTM")
    assert not looks_like_html(b"Armenia said <nothing> of the sort.")


def test_ingestion_and_the_extractor_read_the_same_article_text():
    # The same lines; ingestion repairs them further (ftfy) for the Article's text.
    assert html_extract(HTML.encode()).text.splitlines() == [
        line for line in page_clean(main_text(HTML).text).splitlines() if line
    ]


def test_a_page_read_twice_in_one_process_gives_the_same_text():
    # trafilatura's deduplication would remember the first reading and drop the second.
    assert main_text(HTML).text == main_text(HTML).text
    assert html_extract(HTML.encode()).text == html_extract(HTML.encode()).text
