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

from ..batching import in_batches
from ..errors import ExtractionError
from ..extract import ExtractedStatement, Prepared, _sentence_text, prepare, prepare_item
from ..extract import batch_size as default_batch_size
from ..gazetteer import PARTIES, Actor, Gazetteer, default_gazetteer
from . import lexicon as lx
from .casualties import casualty_figures, has_casualty_words
from .cues import RuCue, find_cues
from .dates import event_date
from .model import Sent, Tok, parse, parse_many
from .names import RuNames, names_for

_DASHES = ("-", "—", "–")


class Discourse:
    """Who has spoken so far: for pronouns ("он", "его"), offices ("ведомство", "глава
    государства") and plural officials of both parties ("министры" after "главы МИД Армении и
    Азербайджана")."""

    def __init__(self) -> None:
        self.person: Actor | None = None
        self.institution: Actor | None = None
        self.actor: Actor | None = None
        self.pair: list[Actor] = []

    def saw(self, actor: Actor) -> None:
        self.actor = actor
        if actor.is_person:
            self.person = actor
        elif actor.kind != "government" or actor.parent is not None:
            self.institution = actor

    def read(self, sent: Sent, names: RuNames) -> None:
        """Remember officials of several countries named together ("главы МИД Армении и Азербайджана")."""
        for tok in sent.toks:
            if tok.lemma in lx.GENERIC_PEOPLE and tok.feats.get("Number") == "Plur":
                countries = names.countries(sent.subtree(tok))
                if len(countries) > 1:
                    self.pair = countries


def _plural(tok: Tok | None) -> bool:
    return tok is not None and tok.feats.get("Number") == "Plur"


def resolve(cue: RuCue, names: RuNames, discourse: Discourse) -> list[Actor]:
    """The actors ``cue``'s speaker words name: one, or one per party for a joint plural speaker."""
    words, head = cue.speaker, cue.head
    lemma = head.lemma if head is not None else ""
    if lemma in lx.GENERIC_PEOPLE and _plural(head):
        countries = names.countries(words)
        if len(countries) > 1:
            return countries
        if not countries and not names.actors_in(words) and discourse.pair:
            return list(discourse.pair)
    matches = names.actors_in(words)
    if matches:
        people = [m for m in matches if names.actor(m.slug).is_person]
        best = people[0] if people else max(matches, key=lambda m: m.end - m.start)
        actor = names.actor(best.slug)
        if not people and lemma in lx.GENERIC_PEOPLE:
            # "представитель Минобороны РА": the ministry's spokesman named earlier, or the ministry
            person = discourse.person
            if person is not None and person.parent == actor.slug:
                return [person]
        return [actor]
    if cue.document is not None and head is cue.document:
        return [discourse.actor] if discourse.actor else []
    if lemma in lx.PRONOUNS:
        found = discourse.actor if lemma in ("они", "их") else (discourse.person or discourse.actor)
        return [found] if found else []
    side, government = names.country_side(words)
    if lemma in lx.GENERIC_INSTITUTIONS or (words and words[0].lemma in lx.GENERIC_INSTITUTIONS):
        inst = discourse.institution
        if inst is not None and (side is None or inst.side == side or "страна" in {t.lemma for t in words}):
            return [inst]
    if lemma in lx.GENERIC_PEOPLE or (words and words[0].lemma in lx.GENERIC_PEOPLE):
        person = discourse.person
        if person is not None and (side is None or person.side == side):
            return [person]
    return [government] if government else []


def _quoted(sent: Sent) -> set[int]:
    """Indexes of the tokens inside quotation marks (« », „ “, " ")."""
    inside: set[int] = set()
    depth = 0
    straight = False
    for tok in sent.toks:
        if tok.text in ("«", "„"):
            depth += 1
        elif tok.text in ("»", "“") and depth:
            depth -= 1
        elif tok.text == '"':
            straight = not straight
        elif depth or straight:
            inside.add(tok.i)
    return inside


def _position(cue: RuCue) -> int:
    return cue.verb.i if cue.verb is not None else cue.head.i if cue.head is not None else -1


def _groups(cues: list[RuCue], names: RuNames, discourse: Discourse) -> list[tuple[Actor, RuCue, str | None]]:
    """(actor, cue, fixed stance) per statement: one per actor in a sentence, and one more for
    each further stance its verbs carry ("отвергает …, просит …" is a denial and an appeal)."""
    by_actor: dict[str, tuple[Actor, list[RuCue]]] = {}
    for cue in cues:
        actors = resolve(cue, names, discourse)
        if len(actors) == 1:
            discourse.saw(actors[0])
        for actor in actors:
            by_actor.setdefault(actor.slug, (actor, []))[1].append(cue)
    out: list[tuple[Actor, RuCue, str | None]] = []
    for actor, group in by_actor.values():
        group.sort(key=_position)
        stance = lx.CUE_VERBS.get(group[0].verb.lemma) if group[0].verb is not None else None
        out.append((actor, group[0], stance))
        for cue in group[1:]:
            own = lx.CUE_VERBS.get(cue.verb.lemma) if cue.verb is not None else None
            if own is None or own == out[-1][2]:
                continue  # the same statement goes on
            if cue.conj:
                out.append((actor, cue, own))  # a coordinated predicate with a stance of its own
            elif out[-1][2] is None:
                out[-1] = (actor, out[-1][1], own)  # "выражает …, «просит …», сообщила": the stance it carries
    return out


def _stance(fixed: str | None, content: list[Tok], figures, speaker_side: str | None, names: RuNames) -> str:
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


def _headline_cue(sent: Sent, names: RuNames) -> RuCue | None:
    """A headline attributed by punctuation ("… - МИД Азербайджана", "…: Ованнисян о потерях"):
    the dash or colon is the cue, and the name next to it must be an actor's. A headline has no
    final full stop; a photo credit ("- Sputnik Азербайджан, 1920") names a medium, not a speaker."""
    toks = sent.toks
    if not toks or toks[-1].text in (".", "!", "?", "…"):
        return None

    def named(words: list[Tok]) -> RuCue | None:
        if any(t.lemma in lx.MEDIA or t.text.isdigit() for t in words):
            return None
        matches = names.actors_in(words)
        if not matches or matches[0].start != 0:
            return None
        who = words[: matches[0].end]
        return RuCue("headline", "", None, who, who[0])

    for k in range(len(toks) - 1, 0, -1):
        if toks[k].text in _DASHES and len(toks) - k - 1 <= 6 and toks[k].start > toks[k - 1].end:
            cue = named(toks[k + 1 :])
            if cue is not None:
                cue.phrase = toks[k].text
            return cue
    for k, t in enumerate(toks):
        if t.text == ":" and k > 0:
            cue = named(toks[k + 1 : k + 4])
            if cue is not None:
                cue.phrase = ":"
            return cue
    return None


def _quote_start(sents: list[Sent], no: int, text: str) -> int:
    """The sentence where a quotation closed in sentence ``no`` opened ("«… . …», — говорится в
    сообщении"): the statement covers the whole quotation (same paragraph, at most 5 sentences)."""

    def balance(sent: Sent) -> tuple[int, int]:
        chunk = text[sent.start : sent.end]
        return chunk.count("«") + chunk.count("„") - chunk.count("»") - chunk.count("“"), chunk.count('"')

    angled, straight = balance(sents[no])
    back = no
    while (angled < 0 or straight % 2) and back > 0 and no - back < 5 and sents[back - 1].line == sents[no].line:
        back -= 1
        a, b = balance(sents[back])
        angled += a
        straight += b
    return back if angled >= 0 and straight % 2 == 0 else no


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
            headline = _headline_cue(sent, names)
            cues = [headline] if headline is not None else []
        start = sent.start
        # a quotation opened in an earlier sentence of the same paragraph belongs to this one
        back = _quote_start(sents, no, text)
        start = sents[back].start
        current: list[ExtractedStatement] = []
        discourse.read(sent, names)
        quoted = _quoted(sent)
        outside = [c for c in cues if _position(c) not in quoted]
        if outside:
            cues = outside  # a reporting verb inside a quotation is the quoted speaker's, not a new source
        for actor, cue, fixed in _groups(cues, names, discourse):
            if actor.side is None and not keep_unsided:
                continue
            if cue.about_this and actor.side in prev_sides:
                continue  # "Об этом говорится в сообщении …" after the statement itself
            s_start = sents[no - 1].start if cue.about_this and no > 0 else start
            speaker_ids = {t.i for t in cue.speaker} | ({cue.verb.i} if cue.verb is not None else set())
            content = [t for t in sent.toks if t.i not in speaker_ids]
            scope = content
            before = sents[no - 1 : no] if cue.about_this and no > 0 else sents[back:no]
            for earlier in before:
                scope = earlier.toks + scope
            # one run over the quotation's sentences: "у нас есть потери. 16 военнослужащих"
            figures = casualty_figures(sent, [t for part in (*before, sent) for t in part.toks], names, actor.side)
            stance = _stance(fixed, scope, figures, actor.side, names)
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
    """As ``extract_many``: natasha's taggers run over all the sentences of ``batch_size`` texts at once."""
    gaz = gazetteer or default_gazetteer()

    def analyse_all(ready: list[Prepared]) -> Iterator[list[ExtractedStatement]]:
        parsed = parse_many([p.mapped.text for p in ready])
        for p, sents in zip(ready, parsed, strict=True):
            yield analyse(sents, p, gaz, keep_unsided)

    def prepare_one(text: str, meta: dict) -> Prepared:
        return prepare_item(text, meta, max_bytes=max_bytes)

    size = batch_size or default_batch_size()
    yield from in_batches(items, size, prepare=prepare_one, analyse=analyse_all, on_error=on_error)
