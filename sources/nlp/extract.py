"""Attributed statements from article text: the extraction engine's public entry points.

``extract_text`` handles one text (plain, with optional YAML front matter, or HTML);
``extract_many`` streams many through ``nlp.pipe`` in bounded batches. Both return
:class:`ExtractedStatement` objects whose ``start``/``end`` are offsets into the text *as given*.
For text input ``text[start:end] == sentence``, verbatim; for HTML input ``sentence`` is what a
reader sees of ``text[start:end]`` — the same span with its inline markup dropped and entities
decoded — since a sentence full of ``<a href=…>`` and ``&rsquo;`` is of no use to a reader.

Per sentence: find reporting cues (:mod:`.attribution`), resolve their speakers
(:mod:`.resolve`), decide each cue's stance, fold cues that continue one speaker's statement
into it, split jointly made statements per speaker, and attach casualty figures, places, the
event date and the blamed side.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import lexicon as lx
from .attribution import Cue, find_cues, quote_mask
from .batching import in_batches
from .casualties import CasualtyFigure, casualty_figures, merge_figures
from .coref import sentence_people
from .dates import event_date_with_precision, html_publication_date, publication_date
from .discourse import QuoteState
from .errors import BinaryInput, EmptyInput, ExtractionError, TooLarge
from .frontmatter import parse_date, split_front_matter
from .gazetteer import Gazetteer
from .htmltext import looks_like_html, main_text, visible_text
from .language import ensure_english
from .model import gazetteer_of, get_nlp
from .offsets import MappedText
from .resolve import Discourse, Resolver
from .statements import blamed_side, build_drafts, cue_stance
from .textprep import clean_text, dateline_place

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_BATCH_SIZE = 16


@dataclass
class ExtractedStatement:
    speaker: str
    actor: str | None
    actor_slug: str | None
    side: str | None
    cue: str
    stance: str
    content: str
    sentence: str
    start: int
    end: int
    casualties: list[CasualtyFigure] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    event_date: dt.date | None = None
    event_date_precision: str | None = None  # day | week | month | year (see dates.py)
    blamed_side: str | None = None
    confidence: float = 0.5
    language: str = ""  # the language of the sentence: the engine that read it (sources.nlp.engines)

    def to_json(self) -> dict[str, Any]:
        """The one serialised form of a statement: what ``manage.py extract`` prints for each (the
        contract in ``sources/management/commands/extract.py``), what ``Article.analysis`` keeps
        and the only shape ``claims.storing`` takes."""
        return {
            "speaker": self.speaker,
            "actor": self.actor,
            "actor_slug": self.actor_slug,
            "side": self.side,
            "cue": self.cue,
            "stance": self.stance,
            "content": self.content,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "casualties": [c.to_json() for c in self.casualties],
            "places": list(self.places),
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "event_date_precision": self.event_date_precision,
            "blamed_side": self.blamed_side,
            "confidence": round(self.confidence, 3),
            "language": self.language,
        }


# --- settings -----------------------------------------------------------------------------------


def _setting(name: str, default):
    try:
        from django.conf import settings

        if settings.configured:
            return getattr(settings, name, default)
    except ImportError:  # pragma: no cover
        pass
    return default


def max_bytes() -> int:
    return int(_setting("EXTRACT_MAX_BYTES", DEFAULT_MAX_BYTES))


def batch_size() -> int:
    return int(_setting("NLP_BATCH_SIZE", DEFAULT_BATCH_SIZE))


# --- input preparation --------------------------------------------------------------------------


@dataclass
class Prepared:
    """A text ready for the parser: the cleaned text, its map back, and its metadata."""

    mapped: MappedText
    published: dt.date | None
    title: str | None
    meta: dict = field(default_factory=dict)


def check_input(text: str, *, limit: int | None = None) -> None:
    """Reject what is not worth parsing: too large, binary, or empty."""
    if not isinstance(text, str):
        raise TypeError("extract_text() takes str; decode bytes first")
    limit = max_bytes() if limit is None else limit
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise TooLarge(size, limit)
    sample = text[:8192]
    if "\x00" in sample:
        raise BinaryInput()
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    if sample and controls > len(sample) * 0.05:
        raise BinaryInput()
    if not text.strip():
        raise EmptyInput()


def prepare(
    text: str,
    *,
    published: dt.date | None = None,
    title: str | None = None,
    check_language: bool = False,
    limit: int | None = None,
    front_matter: bool = True,
) -> Prepared:
    check_input(text, limit=limit)
    meta, body, offset = split_front_matter(text, allowed=front_matter)
    if published is None and isinstance(meta.get("published"), dt.date):
        published = meta["published"]
    title = title or meta.get("title")
    if not body.strip():
        raise EmptyInput("the input holds front matter but no text")
    if looks_like_html(body):
        html_text = main_text(text, offset)
        mapped = html_text.then(clean_text(html_text.text))
    else:
        mapped = clean_text(text, offset)
    if not mapped.text.strip():
        raise EmptyInput("nothing is left once boilerplate and captions are removed")
    if check_language:
        ensure_english(mapped.text)
    html = looks_like_html(body)
    if published is None:
        # no date given: the article's own (byline, dateline, URL; htmldate for HTML)
        published = html_publication_date(body) if html else publication_date(body, meta.get("url"))
    meta = {**meta, "html": html, "dateline": None if html else dateline_place(mapped.source, offset)}
    return Prepared(mapped, published, title, meta)


def prepare_item(text: str, meta: dict, *, check_language: bool = False, max_bytes: int | None = None) -> Prepared:
    """``prepare`` for one ``(text, meta)`` of a batch, as every engine's ``extract_many`` reads it."""
    options = {"published": parse_date(meta.get("published")), "title": meta.get("title"), "limit": max_bytes}
    return prepare(text, check_language=check_language, front_matter=meta.get("front_matter", True), **options)


_CUE_WORDS = set(lx.VERB_FORMS) | set(lx.NOMINAL_CUES) | lx.STATED_PURPOSE | lx.VIEW_NOUNS | {"according", ":"}


# --- sentences ----------------------------------------------------------------------------------


def _quote_balance(span: Span) -> int:
    opened = sum(1 for t in span if t.text in ("“", "«"))
    closed = sum(1 for t in span if t.text in ("”", "»"))
    straight = sum(1 for t in span if t.text == '"')
    return opened - closed + (straight % 2)


def _paragraph_break_between(doc: Doc, a: Span, b: Span) -> bool:
    return any("\n" in doc[i].text or "\n" in doc[i].whitespace_ for i in range(a.end - 1, b.start))


def sentences(doc: Doc) -> list[Span]:
    """spaCy's sentences, re-joined where a quotation or a parenthesis was cut in two."""
    merged: list[Span] = []
    for sent in doc.sents:
        if merged and not _paragraph_break_between(doc, merged[-1], sent):
            prev = merged[-1]
            first = next((t for t in sent if not t.is_space), None)
            if first is not None and (
                _quote_balance(prev) > 0
                or first.text in ("”", "’", "»", "''")
                or (first.is_lower and first.is_alpha)
                or len([t for t in sent if not t.is_punct and not t.is_space]) <= 2
                or prev[-1].text == ":"  # "Defense Ministry: Armenia violates …" cut at the colon
            ):
                merged[-1] = doc[prev.start : sent.end]
                continue
        merged.append(sent)
    return merged


def _trimmed(span: Span) -> tuple[int, int]:
    """Character offsets of ``span`` without the whitespace around it."""
    text = span.text
    start = span.start_char + (len(text) - len(text.lstrip()))
    return start, max(start, span.start_char + len(text.rstrip()))


def analyse(
    doc: Doc,
    mapped: MappedText,
    *,
    published: dt.date | None,
    gazetteer: Gazetteer,
    keep_unsided: bool = False,
    dateline: str | None = None,
    html: bool = False,
) -> list[ExtractedStatement]:
    """The statements of a parsed, cleaned document (offsets mapped to the original text)."""
    resolver = Resolver(gazetteer, home=dateline)
    discourse = Discourse()
    out: list[ExtractedStatement] = []
    last: list[ExtractedStatement] = []
    last_no = -10
    sents = sentences(doc)
    # Per-document lookups, so that the per-sentence work stays proportional to the sentence.
    starts = [s.start for s in sents]
    people: list[list[Span]] = [[] for _ in sents]
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            people[bisect_right(starts, ent.start) - 1].append(ent)
    places: list[list[str]] = [[] for _ in sents]
    for span in doc.spans.get("gazetteer", []):
        if span.id_ in gazetteer.places:
            bucket = places[bisect_right(starts, span.start) - 1]
            if span.id_ not in bucket:
                bucket.append(span.id_)
    lower = doc.to_array("LOWER")
    cue_hashes = numpy.array([doc.vocab.strings.add(w) for w in _CUE_WORDS], dtype=lower.dtype)
    has_cue = numpy.isin(lower, cue_hashes) if len(doc) else numpy.zeros(0, dtype=bool)
    quotes = QuoteState()
    for no, sent in enumerate(sents):
        discourse.sentence_no = no
        quoted = quotes.enter(sent, new_paragraph=no > 0 and _paragraph_break_between(doc, sents[no - 1], sent))
        cues = find_cues(sent) if has_cue[sent.start : sent.end].any() and not _not_a_claim(sent) else []
        drafts = build_drafts(cues, resolver, discourse)
        sentence_people(people[no], resolver, discourse)
        if not drafts:
            # a quote goes on for two sentences, or for as long as its marks say it is open
            if last and (no - last_no <= 2 or quoted) and (_continues_quote(sent, cues) or quoted):
                own = _first_person_cue(cues, last)
                if own is not None:
                    # "“We urge Baku and Yerevan to …”" after "…,” Zakharova told a briefing.":
                    # the same speaker doing something else, in the first person
                    current = [_own_words(st, own, sent, mapped, html) for st in last]
                    out.extend(current)
                    last, last_no = current, no
                    continue
                # a quoted sentence that goes on with the last speaker's words, figures included
                for st in last:
                    st.content = f"{st.content} {sent.text.strip()}".strip()
                    st.casualties = merge_figures(st.casualties, casualty_figures(list(sent), speaker_side=st.side))
                last_no = no
            continue
        start_char, end_char = _trimmed(sent)
        ostart, oend = mapped.span(start_char, end_char)
        sentence_text = _sentence_text(mapped.source, ostart, oend, html)
        sentence_places = places[no]
        day, precision = event_date_with_precision(sent.text, published)
        current: list[ExtractedStatement] = []
        for d in drafts:
            if d.speaker.side is None and not keep_unsided:
                continue
            figures = casualty_figures(d.tokens, speaker_side=d.speaker.side, joint=d.joint)
            stance = d.stance
            content = _content_text(d.tokens)
            confidence = d.speaker.confidence * (1.0 if d.cue.kind == "verb" else 0.9)
            statement = ExtractedStatement(
                speaker=d.speaker.text,
                actor=d.speaker.actor_name,
                actor_slug=d.speaker.actor_slug,
                side=d.speaker.side,
                cue=" / ".join(dict.fromkeys(c.phrase for c in d.cues)),
                stance=stance,
                content=content,
                sentence=sentence_text,
                start=ostart,
                end=oend,
                casualties=figures,
                places=list(sentence_places),
                event_date=day,
                event_date_precision=precision,
                blamed_side=blamed_side(d.cue, d.tokens, d.speaker.side, resolver)
                if stance in (lx.ACCUSATION, lx.CASUALTY)
                else None,
                confidence=max(0.0, min(1.0, confidence)),
            )
            current.append(statement)
        if current:
            out.extend(current)
            last, last_no = current, no
    return out


def _not_a_claim(sent: Span) -> bool:
    """Sentences that attribute nothing even with a reporting verb in them: questions ("What does
    Azerbaijan say?"). A headline in the body ("Armenia says …", "Baku: …") is a claim like any
    other sentence (the annotation guide); only the front-matter or ``<title>`` title is not,
    and that is never parsed. Nor is a last sentence cut off right after a function word."""
    text = sent.text.strip()
    if not text or text.endswith("?"):
        return True
    # a text cut off in mid-sentence ("… said the helicopter had been"): the claim is not legible
    # when the cut falls right after a function word; a cut inside a word ("as a provocation s")
    # leaves it legible
    last = sent[-1] if not sent[-1].is_space else sent[-2] if len(sent) > 1 else sent[-1]
    return last.i >= len(sent.doc) - 2 and not last.is_punct and last.lower_ in lx.CUT_AFTER


def _sentence_text(source: str, start: int, end: int, html: bool) -> str:
    """The sentence as the reader sees it: verbatim from text input; from HTML input the span's
    visible text (tags dropped, entities decoded, whitespace as rendered)."""
    if not html:
        return source[start:end]
    return " ".join(visible_text(source[start:end]).text.split())


def _first_person_cue(cues: list[Cue], last: list[ExtractedStatement]) -> Cue | None:
    """A cue of the quoted speaker's own ("we urge", "I reject") whose stance differs from what
    that speaker's last statement did; a "we said" that goes on in the same vein stays folded."""
    for cue in cues:
        if cue.kind != "verb" or not cue.speakers or cue.speakers[0].lower_ not in lx.PRONOUNS_FIRST:
            continue
        stance = cue_stance(cue)
        if all(st.stance != stance for st in last):
            return cue
    return None


def _own_words(st: ExtractedStatement, cue: Cue, sent: Span, mapped: MappedText, html: bool) -> ExtractedStatement:
    """A new statement by ``st``'s speaker for the first-person ``cue`` in the quoted ``sent``."""
    start_char, end_char = _trimmed(sent)
    ostart, oend = mapped.span(start_char, end_char)
    stance = cue_stance(cue)
    return replace(
        st,
        speaker=cue.speakers[0].text,
        cue=cue.phrase,
        stance=stance,
        content=_content_text(cue.content),
        sentence=_sentence_text(mapped.source, ostart, oend, html),
        start=ostart,
        end=oend,
        casualties=casualty_figures(cue.content, speaker_side=st.side),
        blamed_side=None,
        confidence=st.confidence * 0.9,
    )


def _continues_quote(sent: Span, cues: list[Cue]) -> bool:
    words = [t for t in sent if not t.is_space and not t.is_punct]
    if not words:
        return False
    first = next(t for t in sent if not t.is_space)
    inside = quote_mask(sent)
    quoted = sum(1 for t in words if t.i in inside)
    return first.text in ("“", '"', "«", "``") and quoted >= 0.6 * len(words)


def _content_text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    words = [t for t in tokens if not t.is_space]
    if not words:
        return ""
    text = doc[words[0].i : words[-1].i + 1].text
    return " ".join(text.split()).strip(" ,;:—–-“”\"'")


# --- public entry points --------------------------------------------------------------------------


def _nlp_and_gazetteer(nlp: Language | None, gazetteer: Gazetteer | None) -> tuple[Language, Gazetteer]:
    if nlp is None:
        nlp = get_nlp(gazetteer)
    return nlp, gazetteer or gazetteer_of(nlp)


def _analyse_prepared(doc: Doc, prepared: Prepared, gaz: Gazetteer, keep_unsided: bool) -> list[ExtractedStatement]:
    return analyse(
        doc,
        prepared.mapped,
        published=prepared.published,
        gazetteer=gaz,
        keep_unsided=keep_unsided,
        dateline=prepared.meta.get("dateline"),
        html=prepared.meta.get("html", False),
    )


def extract_text(
    text: str,
    *,
    published: dt.date | None = None,
    title: str | None = None,
    nlp: Language | None = None,
    gazetteer: Gazetteer | None = None,
    keep_unsided: bool = False,
    check_language: bool = False,
) -> list[ExtractedStatement]:
    """Attributed statements in ``text`` (plain text or HTML, optional front matter).

    Raises an :class:`~sources.nlp.errors.ExtractionError` subclass for input it will not
    process (empty, binary, too large, HTML without an article, and with ``check_language``
    not English). The language is the caller's to decide (the ingestion pipeline does it once,
    at main-text time); ``check_language`` is for callers that have not, like ``manage.py extract``.
    """
    prepared = prepare(text, published=published, title=title, check_language=check_language)
    nlp, gaz = _nlp_and_gazetteer(nlp, gazetteer)
    return _analyse_prepared(nlp(prepared.mapped.text), prepared, gaz, keep_unsided)


def extract_many(
    items: Iterable[tuple[str, dict]],
    batch_size: int | None = None,
    *,
    nlp: Language | None = None,
    gazetteer: Gazetteer | None = None,
    on_error: Callable[[int, ExtractionError], None] | None = None,
    keep_unsided: bool = False,
    check_language: bool = False,
    max_bytes: int | None = None,
) -> Iterator[list[ExtractedStatement]]:
    """Statements for each ``(text, meta)`` in order, parsing with ``nlp.pipe`` in batches.

    ``meta`` may hold ``published`` (a date or ``YYYY-MM-DD``), ``title``, and ``front_matter``
    (False: the text is fetched or already split, so a leading ``---`` block is body). ``check_language``
    as for :func:`extract_text`. An input that is rejected raises its :class:`ExtractionError` unless
    ``on_error(index, error)`` is given, in
    which case it is reported there and yields an empty list in its place.
    """
    size = max(1, batch_size or globals()["batch_size"]())
    nlp, gaz = _nlp_and_gazetteer(nlp, gazetteer)

    def analyse_all(ready: list[Prepared]) -> Iterator[list[ExtractedStatement]]:
        docs = nlp.pipe((p.mapped.text for p in ready), batch_size=size)
        for p, doc in zip(ready, docs, strict=True):
            yield _analyse_prepared(doc, p, gaz, keep_unsided)

    def prepare_one(text: str, meta: dict) -> Prepared:
        return prepare_item(text, meta, check_language=check_language, max_bytes=max_bytes)

    yield from in_batches(items, size, prepare=prepare_one, analyse=analyse_all, on_error=on_error)
