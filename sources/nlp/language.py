"""Which language a text is in: one detector, one function-word list, one sample, for the whole app.

The extractor's rules are English; other languages are refused, not guessed. The decision is
made once per article: the ingestion pipeline records :func:`detect`'s answer on the Article at
main-text time (``sources.text.text_extract``) and stops non-English articles there, so the
analysis trusts ``Article.language``. The extractor checks again (:func:`ensure_english`) only
when asked to, for ``manage.py extract``, which reads files that had no main-text step.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from .errors import NotEnglish

# langdetect needs a sample, not the whole article; the opening paragraphs say enough.
SAMPLE_CHARS = 2000
MIN_LETTERS = 40  # below this langdetect is a coin toss; short texts are given the benefit
# ensure_english refuses a text only when another language is this clear and English this unlikely.
REFUSE_AT = 0.8
ENGLISH_BELOW = 0.2

_lock = threading.Lock()
_ready = False
_LETTERS = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[A-Za-z']+")
# Running English prose is about a third function words; other languages (or gibberish) are not.
_FUNCTION_WORDS = frozenset(
    {
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "was", "by",
        "at", "from", "it", "said", "his", "her", "has", "have", "were", "be", "an", "are", "this",
        "which", "its", "not", "or", "but", "their", "they", "he", "she", "had", "been", "after",
        "over",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Guess:
    """The most likely language ('' when the text is too short to judge), its probability, and
    the probability of English."""

    language: str = ""
    probability: float = 0.0
    english: float = 0.0


def _init() -> None:
    global _ready
    with _lock:
        if not _ready:
            from langdetect import DetectorFactory

            DetectorFactory.seed = 0  # langdetect samples at random; a seed makes it repeatable
            _ready = True


def _ranked(sample: str) -> list[tuple[str, float]]:
    """langdetect's languages and probabilities for ``sample`` (best first), deterministic."""
    from langdetect import detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    _init()
    try:
        return [(lang.lang, lang.prob) for lang in detect_langs(sample)]
    except LangDetectException:
        return []


def plainly_english(sample: str) -> bool:
    """Running English prose: over a fifth of its words are English function words, in ASCII letters.

    Settles most articles without langdetect, which costs tens of milliseconds per article;
    anything less clear-cut still goes to langdetect.
    """
    letters = len(_LETTERS.findall(sample))
    words = _WORD.findall(sample.lower())
    if not words or sum(len(w) for w in words) <= 0.9 * letters:
        return False
    return sum(w in _FUNCTION_WORDS for w in words) > 0.2 * len(words)


def detect(text: str) -> Guess:
    """The language of ``text``, judged on its opening :data:`SAMPLE_CHARS` characters."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTERS.findall(sample)) < MIN_LETTERS:
        return Guess()
    if plainly_english(sample):
        return Guess("en", 1.0, 1.0)
    ranked = _ranked(sample)
    if not ranked:
        return Guess()
    language, probability = ranked[0]
    return Guess(language, probability, dict(ranked).get("en", 0.0))


def ensure_english(text: str) -> None:
    """Raise :class:`NotEnglish` unless ``text`` is (probably) English: only a clearly other
    language is refused, since a wrong refusal loses a whole article."""
    guess = detect(text)
    if guess.language in ("", "en"):
        return
    if guess.probability >= REFUSE_AT and guess.english < ENGLISH_BELOW:
        raise NotEnglish(guess.language, guess.probability)
