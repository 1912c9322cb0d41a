"""What an article has said so far, for resolving "it", "he", "the ministry" and "Mr. Aliyev":
the speakers in order and the people it has named, as :class:`Speaker` objects; and whether a
quotation is still open, for quotes that run over several paragraphs."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from .gazetteer import Actor, normalize


@dataclass
class Speaker:
    """A resolved speaker: what the text calls it and who it is."""

    text: str
    side: str | None
    actor: Actor | None = None
    name: str | None = None  # canonical label, also for people missing from the gazetteer
    person: bool = False
    plural: bool = False
    surname: str | None = None
    country: str | None = None
    confidence: float = 0.5
    key: str = ""  # identity within the article (for merging and pronouns)
    institution: str | None = None  # "ministry", "military", … for bare descriptions
    document: bool = False
    title: str = ""  # the title words of a person's first mention ("U.S. Secretary of State")

    @property
    def actor_name(self) -> str | None:
        return self.actor.label if self.actor else self.name

    @property
    def actor_slug(self) -> str | None:
        return self.actor.slug if self.actor else None


@dataclass
class Discourse:
    """What the article has said so far: speakers in order, and people it has named."""

    speakers: list[tuple[int, Speaker]] = field(default_factory=list)  # (sentence no., speaker)
    people: list[tuple[int, Speaker]] = field(default_factory=list)
    # publishers of texts ("the joint statement, released by X and Y"), kept apart from speakers
    # so that "it" never means a statement
    documents: list[tuple[int, Speaker]] = field(default_factory=list)
    sentence_no: int = 0

    def add_speaker(self, speaker: Speaker) -> None:
        if speaker.side is not None or speaker.actor is not None:
            self.speakers.append((self.sentence_no, speaker))
            if speaker.person:
                self.people.append((self.sentence_no, speaker))

    def recent(self, predicate, window: int = 6) -> Speaker | None:
        for no, sp in reversed(self.speakers):
            if self.sentence_no - no > window:
                return None
            if predicate(sp):
                return sp
        return None

    def last_statement_makers(self, window: int = 2) -> list[Speaker]:
        """Who made the last statement an institution made: its speaker, or all the publishers
        of a joint statement (document speakers of that one sentence)."""
        last = next(((no, sp) for no, sp in reversed(self.speakers) if not sp.person), None)
        published = self.documents[-1][0] if self.documents else -1
        if published >= (last[0] if last else -1) and self.sentence_no - published <= window:
            joint = [sp for no, sp in self.documents if no == published]
            return list({sp.key or sp.text: sp for sp in joint}.values())
        if last is None or self.sentence_no - last[0] > window:
            return []
        return [last[1]]

    def recent_person(self, window: int = 8) -> Speaker | None:
        """The person "he"/"she" most likely means: the last person who spoke, unless a later
        sentence has named someone else (the first person named there, usually its subject)."""
        speaker = next(((no, sp) for no, sp in reversed(self.speakers) if sp.person), None)
        named = [(no, sp) for no, sp in self.people if no < self.sentence_no]
        best = speaker
        if named:
            last_no = named[-1][0]
            first_named = next(sp for no, sp in named if no == last_no)
            if best is None or last_no > best[0]:
                best = (last_no, first_named)
        if best is None or self.sentence_no - best[0] > window:
            return None
        return best[1]

    def person_named(self, surname: str) -> Speaker | None:
        key = normalize(surname)
        for _, sp in reversed(self.people):
            if sp.surname and normalize(sp.surname) == key:
                return sp
        return None


_OPENING = {"“", "«", "„", "``"}
_CLOSING = {"”", "»", "''"}


@dataclass
class QuoteState:
    """Quotation marks counted over the whole document, so a quote that runs over paragraphs
    is known to be open. News style leaves a quoted paragraph unclosed and opens the next one
    again (“… / “… ”), and mixes straight and curly marks: a paragraph that reopens a quote still
    open continues it rather than nesting a new one."""

    depth: int = 0
    straight: bool = False

    def enter(self, sent: Span, *, new_paragraph: bool) -> bool:
        """Whether ``sent`` starts inside a quotation opened before it; then count its marks."""
        inside = self.depth > 0 or self.straight
        marks = _paragraph_marks(sent) if new_paragraph and inside else []
        if new_paragraph and inside:
            self.depth, self.straight = 0, False
            # the next paragraph reopens the quote (“…), or closes it without reopening (… ”):
            # either way it goes on; a paragraph with neither is narration after an unclosed quote
            reopens = bool(marks) and (marks[0] in _OPENING or marks[0] == '"')
            closes = bool(marks) and marks[0] in _CLOSING
            inside = reopens or closes
            if closes:
                self.depth = 1
        for tok in sent:
            if tok.text in _OPENING:
                self.depth += 1
            elif tok.text in _CLOSING:
                self.depth = max(0, self.depth - 1)
            elif tok.text == '"':
                self.straight = not self.straight
        return inside


def _paragraph_marks(sent: Span) -> list[str]:
    """The quotation marks of the paragraph (line) that ``sent`` opens, in order."""
    doc, marks = sent.doc, []
    for tok in doc[sent.start :]:
        if tok.text in _OPENING or tok.text in _CLOSING or tok.text == '"':
            marks.append(tok.text)
        if "\n" in tok.text_with_ws and tok.i >= sent.start:
            break
    return marks
