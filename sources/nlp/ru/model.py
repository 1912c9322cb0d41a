"""natasha's models, loaded once per process, lazily, like ``sources.nlp.model.get_nlp``.

razdel segments, slovnet tags morphology, parses syntax and finds names with navec embeddings;
every model ships inside its PyPI package, so nothing is downloaded. pymorphy (through natasha's
``MorphVocab``) gives lemmas. A text is parsed line by line: a line break always ends a sentence,
so a headline never merges with the lede (as the English model's ``line_breaks`` component does).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache

_lock = threading.Lock()
_models: dict[str, object] = {}


@dataclass(slots=True)
class Tok:
    """One token: text, character offsets into the parsed text, lemma, tag and syntax."""

    i: int  # index in its sentence
    text: str
    start: int
    end: int
    lemma: str
    pos: str
    feats: dict
    rel: str
    head: int  # index of the head in the sentence, -1 for the root
    ner: str = ""  # PER / ORG / LOC when inside a name
    cut: bool = False  # the last word of a text that stops in mid-word ("Минобороны Росси")

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(slots=True)
class Sent:
    toks: list[Tok]
    start: int
    end: int
    line: int  # which line of the text (a new line is a new paragraph)
    children: list[list[int]] = field(default_factory=list)

    def kids(self, tok: Tok) -> list[Tok]:
        if not self.children:
            self.children = [[] for _ in self.toks]
            for t in self.toks:
                if t.head >= 0:
                    self.children[t.head].append(t.i)
        return [self.toks[i] for i in self.children[tok.i]]

    def subtree(self, tok: Tok, *, skip: tuple[str, ...] = ()) -> list[Tok]:
        out = [tok]
        for kid in self.kids(tok):
            if kid.rel not in skip:
                out.extend(self.subtree(kid, skip=skip))
        return sorted(out, key=lambda t: t.i)


def models() -> dict[str, object]:
    """segmenter, morph_vocab, morph, syntax, ner: built on first use, then shared."""
    if _models:
        return _models
    with _lock:
        if not _models:
            from natasha import (
                MorphVocab,
                NewsEmbedding,
                NewsMorphTagger,
                NewsNERTagger,
                NewsSyntaxParser,
                Segmenter,
            )

            emb = NewsEmbedding()
            _models.update(
                segmenter=Segmenter(),
                morph_vocab=MorphVocab(),
                morph=NewsMorphTagger(emb),
                syntax=NewsSyntaxParser(emb),
                ner=NewsNERTagger(emb),
            )
    return _models


@lru_cache(maxsize=65536)
def word_lemma(word: str) -> str:
    """The dictionary form of one word out of context (pymorphy's most likely parse); names in the
    gazetteer and words in the text are folded by this same function, so they always agree."""
    morph = models()["morph_vocab"]
    parses = morph.parse(word.lower())  # type: ignore[attr-defined]
    return parses[0].normal_form.replace("ё", "е") if parses else word.lower()


def bare_doc(text: str):
    """natasha on its own (segment + morph + syntax + NER): what the benchmark compares against."""
    from natasha import Doc

    m = models()
    doc = Doc(text)
    doc.segment(m["segmenter"])
    doc.tag_morph(m["morph"])
    doc.parse_syntax(m["syntax"])
    doc.tag_ner(m["ner"])
    return doc


def _sentences(text: str) -> tuple[list[tuple[int, int]], list[list[tuple[int, int, str]]], list[int]]:
    """The text's sentences (start, stop), each one's tokens and each one's line, segmented line by
    line: a line break always ends a sentence."""
    segmenter = models()["segmenter"]
    spans, words, lines = [], [], []
    pos = 0
    for line_no, line in enumerate(text.split("\n")):
        base = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        toks = [(base + a, base + b, w) for a, b, w in segmenter.tokenize(line)]
        k = 0
        for a, b, _ in segmenter.sentenize(line):
            a, b = base + a, base + b
            while k < len(toks) and toks[k][1] <= a:
                k += 1
            j = k
            while j < len(toks) and toks[j][0] < b:
                j += 1
            spans.append((a, b))
            words.append(toks[k:j])
            lines.append(line_no)
            k = j
    return spans, words, lines


def _by_length(tagger, items: list, size) -> list:
    """``tagger.map`` over ``items`` in order of length, answers in the items' order: slovnet pads
    each batch to its longest item, so batches of like lengths waste the least work."""
    order = sorted(range(len(items)), key=lambda k: size(items[k]))
    out: list = [None] * len(items)
    for k, markup in zip(order, tagger.map([items[k] for k in order]), strict=True):
        out[k] = markup
    return out


@lru_cache(maxsize=65536)
def _lemma(word: str, pos: str, feats: tuple) -> str:
    return models()["morph_vocab"].lemmatize(word, pos, dict(feats)).replace("ё", "е")  # type: ignore[attr-defined]


def parse(text: str) -> list[Sent]:
    """Sentences of ``text`` (offsets into ``text``); a line break always ends a sentence."""
    return parse_many([text])[0]


def parse_many(texts: list[str]) -> list[list[Sent]]:
    """:func:`parse` for several texts at once: morphology and syntax run over all their sentences
    together, and names over all the texts, in batches of like lengths."""
    m = models()
    segmented = [_sentences(text) for text in texts]
    words = [[w for _, _, w in toks] for _, sents, _ in segmented for toks in sents]
    morphs = _by_length(m["morph"], words, len) if words else []
    syntax = _by_length(m["syntax"], words, len) if words else []
    written = [k for k, text in enumerate(texts) if text.strip()]  # natasha finds no names in blank text
    names: list = [None] * len(texts)
    for k, markup in zip(
        written, _by_length(m["ner"], [texts[k] for k in written], len) if written else [], strict=True
    ):
        names[k] = markup
    out, k = [], 0
    for text, (spans, sents, lines), ner in zip(texts, segmented, names, strict=True):
        n = len(sents)
        out.append(_build(text, spans, sents, lines, morphs[k : k + n], syntax[k : k + n], ner))
        k += n
    return out


def _build(text, spans, sents, lines, morphs, syntax, ner) -> list[Sent]:
    named = sorted((s.start, s.stop, s.type) for s in ner.spans) if ner is not None else []
    out: list[Sent] = []
    for (start, stop), toks_in, line_no, morph, synt in zip(spans, sents, lines, morphs, syntax, strict=True):
        toks = []
        for n, ((a, b, word), mt, st) in enumerate(zip(toks_in, morph.tokens, synt.tokens, strict=True)):
            pos, feats = mt.pos or "", mt.feats or {}
            lemma = _lemma(word, pos, tuple(feats.items())) if pos else word.lower().replace("ё", "е")
            head = int(st.head_id) - 1 if st.head_id and st.head_id != "0" else -1
            toks.append(Tok(n, word, a, b, lemma or word.lower(), pos, feats, st.rel or "", head))
        for a, b, kind in named:
            if a < start or b > stop:
                continue  # natasha gives a sentence only the names wholly inside it
            for tok in toks:
                if a <= tok.start < b:
                    tok.ner = kind
        if not toks:
            continue
        prev = out[-1] if out else None
        if prev is not None and prev.line == line_no and (toks[0].text[:1].islower() or len(toks) <= 2):
            # razdel cut after an abbreviation ("1,8 тыс. погибших"): one sentence again
            shift = len(prev.toks)
            for tok in toks:
                tok.i += shift
                tok.head = tok.head + shift if tok.head >= 0 else -1
            prev.toks.extend(toks)
            prev.end = toks[-1].end
            prev.children = []
        else:
            out.append(Sent(toks, toks[0].start, toks[-1].end, line_no))
    stripped = text.rstrip()
    if out and stripped and stripped[-1].isalpha() and out[-1].toks[-1].end == len(stripped):
        out[-1].toks[-1].cut = True  # the text stops in mid-word, or at least without a full stop
    return out
