"""From a sentence's cues to draft statements: speakers, stance, folding and splitting.

A cue nested in another's content is folded into it when it is the same speaker's (or its own
side's) words, or quoted words; a text such as "a ministry statement revealed that X was calling
on …" gives way to the speaker it reports. Cues of one speaker in one sentence become one
statement unless they do different things (a denial and an accusation, an accusation and a
casualty report); a statement made jointly by several speakers becomes one per speaker.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from . import lexicon as lx
from .attribution import Cue
from .casualty_words import category
from .gazetteer import PARTIES
from .resolve import Discourse, Resolver, Speaker

_STRONG_APPEAL = {"urge", "urges", "urged", "appeal", "appeals", "demand", "demands", "must", "should"}


def content_stance(tokens: list[Token]) -> str:
    """The stance of a neutral report ("said that …") read from what it says: its main clause
    decides first ("claimed that troops had opened fire…, injuring one" is an accusation;
    "stated that two soldiers had been killed… by shelling" a casualty report)."""
    if not tokens:
        return lx.ASSERTION
    ids = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    main = ([t for t in roots if t.tag_.startswith("VB")] or roots)[0]
    words = {t.lower_ for t in tokens}
    if category(main):
        return lx.CASUALTY
    if main.lower_ in lx.ATTACK_WORDS:
        return lx.ACCUSATION
    if words & lx.DENIAL_WORDS:
        return lx.DENIAL
    figures = any(category(t) for t in tokens) and any(t.like_num for t in tokens)
    if figures and not any(t.lower_ in lx.ATTACK_WORDS and t.tag_.startswith("VB") for t in roots):
        return lx.CASUALTY
    if words & lx.ATTACK_WORDS:
        return lx.ACCUSATION
    if words & _STRONG_APPEAL or any(
        t.lower_ == "call" and t.i + 1 < len(t.doc) and t.nbor(1).lower_ in ("on", "for") for t in tokens
    ):
        return lx.APPEAL
    return lx.ASSERTION


def cue_stance(cue: Cue, tokens: list[Token] | None = None) -> str:
    """The cue word's own stance, else what its content (``tokens``, default all) says."""
    tokens = cue.content if tokens is None else tokens
    if cue.stance is not None:
        return cue.stance
    if cue.lemma == "condemn":
        return lx.APPEAL if not _mentions_party(tokens) else lx.ACCUSATION
    if cue.lemma in ("vow", "pledge", "promise", "warn", "threaten"):
        return lx.ASSERTION
    return content_stance(tokens)


_PARTY_WORDS = {
    "armenia", "armenian", "armenians", "yerevan", "azerbaijan", "azerbaijani", "azeri", "baku",
    "russia", "russian", "moscow", "karabakh",
}  # fmt: skip


def _mentions_party(tokens: list[Token]) -> bool:
    return any(t.lower_ in _PARTY_WORDS for t in tokens)


def blamed_side(cue: Cue, tokens: list[Token], speaker_side: str | None, resolver: Resolver) -> str | None:
    candidates: list[Token] = []
    if cue.kind == "verb":
        # "accused Baku of …", "Baku was accused by Armenia of …"
        candidates += [c for c in cue.token.children if c.dep_ in ("dobj", "nsubjpass")]
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.lower_ in lx.ATTACK_WORDS:
            candidates += [c for c in t.children if c.dep_ in ("nsubj", "poss") and c.i in ids]
            for c in t.children:
                if c.dep_ in ("agent", "prep") and c.lower_ == "by":
                    candidates += [g for g in c.children if g.dep_ == "pobj"]
    for head in candidates:
        side, _, _ = resolver.side_from_words(list(head.subtree))
        if side and side != speaker_side and side in (*PARTIES, "russian"):
            return side
    return None


# --- the statement builder ------------------------------------------------------------------------


@dataclass
class Draft:
    cue: Cue
    speaker: Speaker
    stance: str
    tokens: list[Token]
    cues: list[Cue]
    joint: bool
    extra_content: list[str] = field(default_factory=list)


def _depth(cue: Cue) -> int:
    depth, parent = 0, cue.parent
    while parent is not None and depth < 10:
        depth, parent = depth + 1, parent.parent
    return depth


def _same(a: Speaker, b: Speaker) -> bool:
    return bool(a.key) and a.key == b.key


def _merge_into(drafts: list[Draft], new: Draft) -> bool:
    """Fold ``new`` into an earlier draft of the same speaker when it continues that statement."""
    for old in drafts:
        if not _same(old.speaker, new.speaker):
            continue
        cue = new.cue
        # An appeal and the concern or assurance that goes with it are one statement ("said it was
        # deeply concerned and called on both sides to …", like "condemned … and called for …").
        appeal_and_reason = {new.stance, old.stance} == {lx.APPEAL, lx.ASSERTION}
        # "rejects the accusation and says it has shared all it has": the counter-claim is the denial's
        denial_and_reason = {new.stance, old.stance} == {lx.DENIAL, lx.ASSERTION}
        if cue.participial and (
            cue.token.head in [c.token for c in old.cues] or any(cue.token in c.content for c in old.cues)
        ):
            if new.stance == lx.CASUALTY and old.stance != lx.CASUALTY:
                continue
            # "…, saying/insisting/stating that …" spells out the same claim; "…, adding that …",
            # "…, calling it …", "…, describing …" start another when they do something else
            ok = cue.lemma in lx.ELABORATING or new.stance == old.stance or appeal_and_reason
        elif cue.shares_subject:
            ok = (
                new.stance == old.stance
                or ((appeal_and_reason or denial_and_reason) and cue.token.dep_ == "conj")
                or (
                    not cue.clausal
                    and lx.ASSERTION in (new.stance, old.stance)
                    and lx.CASUALTY not in (new.stance, old.stance)
                )
            )
        else:
            ok = new.stance == old.stance
        if not ok:
            continue
        if old.stance == lx.ASSERTION and new.stance != lx.ASSERTION:
            old.stance = new.stance
        old.tokens = sorted({*old.tokens, *new.tokens}, key=lambda t: t.i)
        old.cues.append(cue)
        return True
    return False


def build_drafts(cues: list[Cue], resolver: Resolver, discourse: Discourse) -> list[Draft]:
    if not cues:
        return []
    speakers: dict[int, list[Speaker]] = {}
    for cue in sorted(cues, key=lambda c: (_depth(c), c.start)):
        outer = (speakers.get(id(cue.parent)) or [None])[0] if cue.parent is not None else None
        found: list[Speaker] = []
        for head in cue.speakers:
            for sp in resolver.resolve(head, discourse, outer=outer):
                if all(not _same(sp, f) for f in found):
                    found.append(sp)
        speakers[id(cue)] = found
        for sp in found:
            if not sp.document:
                discourse.add_speaker(sp)
            else:
                discourse.documents.append((discourse.sentence_no, sp))
    dropped: set[int] = set()
    folded: dict[int, Cue] = {}
    for cue in cues:
        if not speakers[id(cue)] and not cue.in_quote:
            dropped.add(id(cue))
            continue
        parent = cue.parent
        if parent is None:
            if cue.in_quote:
                dropped.add(id(cue))  # quoted words with nobody named in this sentence
            continue
        outer = speakers.get(id(parent), [])
        mine = speakers[id(cue)]
        if not outer:
            continue
        same_side = _reported_clause(cue, parent) and any(a.side == b.side for a in outer for b in mine)
        same = any(_same(a, b) for a in outer for b in mine)
        if mine and not same and not cue.in_quote and _relays(parent, cue):
            # "Aliyev apologized … and assured him that …, the press service added": the press
            # service only publishes what Aliyev said; his is the statement
            dropped.add(id(parent))
            continue
        if mine and not same and cue.in_quote and _readout(cue, mine, outer):
            # '"Minister X noted that …," the ministry said': the ministry's readout of its own
            # principal's words is the principal's statement
            dropped.add(id(parent))
            continue
        if same and not cue.in_quote and _goes_on_to_another_claim(cue, parent):
            continue  # "said …, calling the exodus ethnic cleansing": a second statement
        if cue.in_quote or not mine or same_side or same:
            # the outer speaker's own words, or its own side's position it passes on
            folded[id(cue)] = parent
        elif parent.kind == "verb" and (cue.kind == "nominal" or cue.token.dep_ == "acl"):
            # "said that statements by the Armenian leadership blaming … were unacceptable": a
            # claim the speaker refers to (a noun or a noun's participle), not one the text reports
            dropped.add(id(cue))
        elif any(sp.document for sp in outer):
            dropped.add(id(parent))  # "a ministry statement revealed that X was calling on …"
    drafts: list[Draft] = []
    for cue in sorted(cues, key=lambda c: c.start):
        if id(cue) in dropped or id(cue) in folded:
            continue
        inner = [c for c, p in ((c, folded.get(id(c))) for c in cues) if p is cue]
        tokens = _own_tokens(cue, cues, folded, dropped)
        stance = cue_stance(cue, tokens)
        for c in inner:
            inner_stance = cue_stance(c)
            if stance == lx.ASSERTION and inner_stance != lx.ASSERTION:
                stance = inner_stance
        sides = {sp.side for sp in speakers[id(cue)]}
        joint = len(sides) > 1
        for sp in speakers[id(cue)]:
            draft = Draft(cue, sp, stance, tokens, [cue, *inner], joint)
            if not _merge_into(drafts, draft):
                drafts.append(draft)
    return drafts


def _relays(outer: Cue, inner: Cue) -> bool:
    """Whether ``outer`` is a trailing attribution ("…, the Kremlin said") whose unquoted content
    is ``inner``'s statement — another speaker's, named with its own reporting verb."""
    if outer.kind != "verb" or inner.kind != "verb" or not outer.content or not inner.speakers:
        return False
    if any(t.i > outer.token.i for t in outer.content):
        return False
    ids = {t.i for t in outer.content}
    # the inner cue (or the verb it is conjoined with) is the reported clause's own predicate
    pred = inner.token.head if inner.token.dep_ == "conj" else inner.token
    return pred.head.i not in ids and all(s.i in ids and s.i < inner.token.i for s in inner.speakers)


def _readout(inner: Cue, mine: list[Speaker], outer: list[Speaker]) -> bool:
    """Whether a quoted cue is a named person's words inside an institution's quoted readout of
    the same side ("Minister X noted …," it said), not the institution's own first person."""
    return (
        inner.kind == "verb"
        and bool(inner.speakers)
        and inner.speakers[0].lower_ not in lx.PRONOUNS_FIRST
        and inner.speakers[0].tag_ in ("NNP", "NNPS")
        and all(sp.person for sp in mine)
        and not any(sp.person for sp in outer)
        and {sp.side for sp in mine} == {sp.side for sp in outer}
    )


def _goes_on_to_another_claim(inner: Cue, outer: Cue) -> bool:
    """A participle that the parser hung inside the speaker's own reported clause ("said that
    there would be no Armenians left …, calling the exodus …") but that makes a claim of a different
    kind than that clause; "…, saying/insisting that …" only spells the same claim out."""
    if not inner.participial or inner.lemma in lx.ELABORATING:
        return False
    skip = {t.i for t in inner.token.subtree}
    outer_stance = cue_stance(outer, [t for t in outer.content if t.i not in skip])
    stances = {cue_stance(inner), outer_stance}
    return len(stances) > 1 and stances != {lx.APPEAL, lx.ASSERTION}


def _reported_clause(inner: Cue, outer: Cue) -> bool:
    """Whether ``inner`` sits in what ``outer`` reports (its complement clause, or the clause a
    trailing "…, X said" attaches to) rather than in an adjunct such as "with Y saying …"."""
    tok = inner.token
    if tok in outer.token.ancestors:
        return True  # "The US urged …, a spokesman said": the reported clause governs the cue
    while tok.i != outer.token.i and tok.head.i != tok.i:
        if tok.dep_ not in ("ccomp", "xcomp", "parataxis", "conj", "ROOT"):
            return False
        tok = tok.head
    return tok.i == outer.token.i


def _own_tokens(cue: Cue, cues: list[Cue], folded: dict[int, Cue], dropped: set[int]) -> list[Token]:
    """The cue's content without the content of other speakers' cues nested inside it; a nested
    cue with nobody behind it ("no casualties were reported, he said") stays the speaker's words."""
    ids = {t.i for t in cue.content}
    for other in cues:
        if other is cue or other.parent is not cue or folded.get(id(other)) is cue or id(other) in dropped:
            continue
        ids -= {t.i for t in other.content}
        if other.kind == "verb":
            ids -= {t.i for t in other.token.subtree}
            first = min([other.token.i, *(sp.i for sp in other.speakers)])
            ids -= set(range(first, other.token.i + 1))
    return [t for t in cue.content if t.i in ids]
