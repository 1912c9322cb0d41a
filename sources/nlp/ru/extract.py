"""Attributed statements from Russian text: the same contract as ``sources.nlp.extract``.

``extract_ru`` and ``extract_many_ru`` take what ``extract_text`` and ``extract_many`` take and
return the same :class:`~sources.nlp.extract.ExtractedStatement` objects; input preparation
(front matter, HTML, boilerplate, offsets), the gazetteer, sides and the casualty model are the
English engine's. Per sentence: find cues (:mod:`.cues`), resolve each speaker by lemma against
the gazetteer (:mod:`.names`) or the discourse (the last person, the last institution), decide
the stance, and attach casualty figures, places and the event date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from ..errors import ExtractionError
from ..extract import ExtractedStatement, Prepared, _sentence_text, prepare
from ..frontmatter import parse_date
from ..gazetteer import PARTIES, Actor, Gazetteer, default_gazetteer
from . import lexicon as lx
from .casualties import casualty_figures, has_casualty_words
from .cues import RuCue, find_cues
from .dates import event_date
from .model import Sent, Tok, parse
from .names import RuNames, names_for

_DASHES = ("-", "—", "–")


class Discourse:
    """Who has spoken so far: for pronouns ("он", "его") and offices ("ведомство", "глава государства")."""

    def __init__(self) -> None:
        self.person: Actor | None = None
        self.institution: Actor | None = None
        self.actor: Actor | None = None

    def saw(self, actor: Actor) -> None:
        self.actor = actor
        if actor.is_person:
            self.person = actor
        elif actor.kind != "government" or actor.parent is not None:
            self.institution = actor


def resolve(cue: RuCue, names: RuNames, discourse: Discourse) -> Actor | None:
    words, head = cue.speaker, cue.head
    matches = names.actors_in(words)
    if matches:
        people = [m for m in matches if names.actor(m.slug).is_person]
        best = people[0] if people else max(matches, key=lambda m: m.end - m.start)
        actor = names.actor(best.slug)
        if not people and head is not None and head.lemma in lx.GENERIC_PEOPLE:
            # "представитель Минобороны РА": the ministry's spokesman named earlier, or the ministry
            person = discourse.person
            if person is not None and person.parent == actor.slug:
                return person
        return actor
    lemma = head.lemma if head is not None else ""
    if cue.document is not None and head is cue.document:
        return discourse.actor
    if lemma in lx.PRONOUNS:
        return discourse.actor if lemma in ("они", "их") else (discourse.person or discourse.actor)
    side, government = names.country_side(words)
    if lemma in lx.GENERIC_INSTITUTIONS or (words and words[0].lemma in lx.GENERIC_INSTITUTIONS):
        inst = discourse.institution
        if inst is not None and (side is None or inst.side == side or "страна" in {t.lemma for t in words}):
            return inst
    if lemma in lx.GENERIC_PEOPLE or (words and words[0].lemma in lx.GENERIC_PEOPLE):
        person = discourse.person
        if person is not None and (side is None or person.side == side):
            return person
    return government


def _stance(cue: RuCue, content: list[Tok], figures, speaker_side: str | None, names: RuNames) -> str:
    fixed = lx.CUE_VERBS.get(cue.verb.lemma) if cue.verb is not None else None
    if fixed:
        return fixed
    lemmas = {t.lemma for t in content}
    if all(w in lemmas for w in lx.NOT_TRUE) and "не" in {t.lower for t in content}:
        return lx.DENIAL
    if lemmas & lx.DENIAL_WORDS and speaker_side in PARTIES:
        return lx.DENIAL
    if figures or has_casualty_words(content):
        return lx.CASUALTY
    if lemmas & lx.HOSTILE and _blamed(content, speaker_side, names):
        return lx.ACCUSATION
    return lx.ASSERTION


def _blamed(content: list[Tok], speaker_side: str | None, names: RuNames) -> str | None:
    for k in range(len(content)):
        side, _ = names.country_side(content[k : k + 3])
        if side in PARTIES and side != speaker_side:
            return side
    return None


def _headline_cue(sent: Sent) -> RuCue | None:
    """A headline attributed by punctuation ("… - МИД Азербайджана", "…: Ованнисян о потерях"): the dash or colon is the cue."""
    toks = sent.toks
    for k in range(len(toks) - 1, 0, -1):
        if toks[k].text in _DASHES and len(toks) - k - 1 <= 6 and toks[k].start > toks[k - 1].end:
            return RuCue("headline", toks[k].text, None, toks[k + 1 :], toks[k + 1] if k + 1 < len(toks) else None)
    for k, t in enumerate(toks):
        if t.text == ":" and k > 0:
            tail = toks[k + 1 : k + 3]
            if tail:
                return RuCue("headline", ":", None, tail, tail[0])
    return None


def _quote_opened(line_text: str) -> int:
    return line_text.count("«") + line_text.count("„") - line_text.count("»") - line_text.count("“")


def analyse(sents: list[Sent], prepared: Prepared, gazetteer: Gazetteer, keep_unsided: bool = False):
    names = names_for(gazetteer)
    discourse = Discourse()
    mapped, published, html = prepared.mapped, prepared.published, prepared.meta.get("html", False)
    text = mapped.text
    out: list[ExtractedStatement] = []
    prev_sides: set[str | None] = set()
    for no, sent in enumerate(sents):
        stripped = text[sent.start : sent.end].rstrip()
        if stripped.endswith("?"):
            prev_sides = set()
            continue
        cues = find_cues(sent)
        if not cues:
            headline = _headline_cue(sent)
            if headline is not None and names.actors_in(headline.speaker):
                cues = [headline]
        start = sent.start
        # a quotation opened in an earlier sentence of the same paragraph belongs to this one
        back = no
        while (
            back > 0
            and sents[back - 1].line == sent.line
            and _quote_opened(text[sents[back - 1].start : sent.start]) > 0
        ):
            back -= 1
        start = sents[back].start
        current: list[ExtractedStatement] = []
        seen: set[tuple[str, str]] = set()
        for cue in cues:
            actor = resolve(cue, names, discourse)
            if actor is None:
                continue
            discourse.saw(actor)
            if actor.side is None and not keep_unsided:
                continue
            if cue.about_this and actor.side in prev_sides:
                continue  # "Об этом говорится в сообщении …" after the statement itself
            s_start = sents[no - 1].start if cue.about_this and no > 0 else start
            speaker_ids = {t.i for t in cue.speaker} | ({cue.verb.i} if cue.verb is not None else set())
            content = [t for t in sent.toks if t.i not in speaker_ids]
            scope = content
            if cue.about_this and no > 0:
                scope = sents[no - 1].toks + content
            figures = casualty_figures(sent, scope, names, actor.side)
            stance = _stance(cue, scope, figures, actor.side, names)
            key = (actor.slug, stance)
            if key in seen:
                continue
            seen.add(key)
            ostart, oend = mapped.span(s_start, sent.end)
            speaker_text = text[cue.speaker[0].start : cue.speaker[-1].end] if cue.speaker else cue.phrase
            day, precision = event_date(scope, published)
            current.append(
                ExtractedStatement(
                    speaker=speaker_text,
                    actor=actor.label,
                    actor_slug=actor.slug,
                    side=actor.side,
                    cue=cue.phrase,
                    stance=stance,
                    content=" ".join(t.text for t in content).strip(" ,;:—–-«»\"'"),
                    sentence=_sentence_text(mapped.source, ostart, oend, html),
                    start=ostart,
                    end=oend,
                    casualties=figures,
                    places=names.places_in(scope),
                    event_date=day,
                    event_date_precision=precision,
                    blamed_side=_blamed(content, actor.side, names) if stance in (lx.ACCUSATION, lx.CASUALTY) else None,
                    confidence=0.8 if cue.kind in ("verb", "source") else 0.6,
                )
            )
        out.extend(current)
        prev_sides = {st.side for st in current}
    return out


# --- public entry points --------------------------------------------------------------------------


def extract_ru(
    text: str,
    *,
    published: dt.date | None = None,
    title: str | None = None,
    nlp=None,
    gazetteer: Gazetteer | None = None,
    keep_unsided: bool = False,
    check_language: bool = False,
) -> list[ExtractedStatement]:
    """Attributed statements in a Russian ``text``: the arguments and result of ``extract_text``
    (``nlp`` is accepted for the same signature and ignored: natasha is this engine's model)."""
    prepared = prepare(text, published=published, title=title, check_language=False)
    return analyse(parse(prepared.mapped.text), prepared, gazetteer or default_gazetteer(), keep_unsided)


def extract_many_ru(
    items: Iterable[tuple[str, dict]],
    batch_size: int | None = None,
    *,
    gazetteer: Gazetteer | None = None,
    on_error: Callable[[int, ExtractionError], None] | None = None,
    keep_unsided: bool = False,
    max_bytes: int | None = None,
    **_: object,
) -> Iterator[list[ExtractedStatement]]:
    """As ``extract_many``, one text at a time (natasha batches within a text)."""
    gaz = gazetteer or default_gazetteer()
    for index, (text, meta) in enumerate(items):
        meta = meta or {}
        try:
            prepared = prepare(
                text,
                published=parse_date(meta.get("published")),
                title=meta.get("title"),
                limit=max_bytes,
                front_matter=meta.get("front_matter", True),
            )
        except ExtractionError as exc:
            if on_error is None:
                raise
            on_error(index, exc)
            yield []
            continue
        yield analyse(parse(prepared.mapped.text), prepared, gaz, keep_unsided)
