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


def _document(text: str):
    """One natasha document for the whole text, segmented line by line (a line break always ends a
    sentence), so the taggers run over all its sentences in one batch; and each sentence's line."""
    from natasha import Doc
    from natasha.doc import DocSent, DocToken

    segmenter = models()["segmenter"]
    doc = Doc(text)
    doc.tokens, doc.sents, lines = [], [], []
    pos = 0
    for line_no, line in enumerate(text.split("\n")):
        base = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        for start, stop, sent in segmenter.sentenize(line):
            doc.sents.append(DocSent(base + start, base + stop, sent))
            lines.append(line_no)
        doc.tokens.extend(DocToken(base + start, base + stop, word) for start, stop, word in segmenter.tokenize(line))
    doc.envelop_sent_tokens()
    return doc, lines


def parse(text: str) -> list[Sent]:
    """Sentences of ``text`` (offsets into ``text``); a line break always ends a sentence."""
    m = models()
    out: list[Sent] = []
    doc, lines = _document(text)
    if doc.sents:
        doc.tag_morph(m["morph"])
        doc.parse_syntax(m["syntax"])
        doc.tag_ner(m["ner"])
    for sent, line_no in zip(doc.sents, lines, strict=True):
        ids = {t.id: n for n, t in enumerate(sent.tokens)}
        toks = []
        for n, t in enumerate(sent.tokens):
            t.lemmatize(m["morph_vocab"])
            toks.append(
                Tok(n, t.text, t.start, t.stop, (t.lemma or t.text.lower()).replace("ё", "е"),
                    t.pos or "", t.feats or {}, t.rel or "", ids.get(t.head_id, -1))
            )  # fmt: skip
        for span in sent.spans or ():
            for tok in toks:
                if span.start <= tok.start < span.stop:
                    tok.ner = span.type
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
