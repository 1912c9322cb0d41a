"""Language check: the extractor's rules are English; other languages are refused, not guessed."""

from __future__ import annotations

import re
import threading

from .errors import NotEnglish

_lock = threading.Lock()
_ready = False
_LETTERS = re.compile(r"[^\W\d_]")
MIN_LETTERS = 40  # below this langdetect is a coin toss; short texts are given the benefit


def _init() -> None:
    global _ready
    with _lock:
        if not _ready:
            from langdetect import DetectorFactory

            DetectorFactory.seed = 0  # langdetect samples at random; a seed makes it repeatable
            _ready = True


def detect(text: str) -> list[tuple[str, float]]:
    """Languages and probabilities for ``text`` (best first), deterministic."""
    from langdetect import detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    _init()
    try:
        return [(lang.lang, lang.prob) for lang in detect_langs(text)]
    except LangDetectException:
        return []


# Running English prose is about a third function words; other languages (or gibberish) are not.
_FUNCTION_WORDS = frozenset(
    {
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "was", "by",
        "at", "from", "it", "said", "his", "her", "has", "have", "were", "be", "an", "are", "this",
        "which", "its", "not", "or", "but", "their", "they", "he", "she", "had", "been", "after",
        "over",
    }
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z']+")


def ensure_english(text: str, *, sample: int = 2000) -> None:
    """Raise :class:`NotEnglish` unless ``text`` is (probably) English.

    Plainly English text is recognised by its function words without running langdetect, which
    costs tens of milliseconds per article; anything less clear-cut is left to langdetect.
    """
    head = text[:sample]
    if len(_LETTERS.findall(head)) < MIN_LETTERS:
        return
    words = _WORD.findall(head.lower())
    letters = len(_LETTERS.findall(head))
    ascii_letters = sum(len(w) for w in words)
    if words and ascii_letters > 0.9 * letters and sum(w in _FUNCTION_WORDS for w in words) > 0.2 * len(words):
        return
    ranked = detect(head)
    if not ranked:
        return
    english = dict(ranked).get("en", 0.0)
    lang, prob = ranked[0]
    if lang != "en" and prob >= 0.8 and english < 0.2:
        raise NotEnglish(lang, prob)
