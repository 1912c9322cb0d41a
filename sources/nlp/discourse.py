"""What an article has said so far, for resolving "it", "he", "the ministry" and "Mr. Aliyev":
the speakers in order and the people it has named, as :class:`Speaker` objects."""

from __future__ import annotations

from dataclasses import dataclass, field

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

    def recent_person(self, window: int = 4) -> Speaker | None:
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
