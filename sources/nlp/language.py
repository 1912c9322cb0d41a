"""Which language a text is in: one detector, one function-word list, one sample, for the whole app.

The detector is lingua (``lingua-language-detector``), restricted to the languages of this
conflict's press (:data:`LANGUAGES`) and built once per process; its language models load lazily,
one script at a time, the first time a text needs them. The decision is made once per article: the
ingestion pipeline records :func:`detect`'s answer on the Article at main-text time
(``sources.text.text_extract``) and routes the article to the engine for its language
(``sources.nlp.engines``), or stores it as not analysed. The English extractor checks again
(:func:`ensure_english`) only when asked to, for ``manage.py extract``, which reads files that
had no main-text step.

Besides the language, a :class:`Guess` carries a note for texts a reader should know about:
several scripts mixed, or Russian written in Latin letters (which a detector trained on Cyrillic
Russian scores as Turkish or Azerbaijani).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .errors import NotEnglish

# The opening paragraphs say enough; lingua's time grows with the length of the sample.
SAMPLE_CHARS = 2000
MIN_LETTERS = 20  # below this no guess is made: short texts are given the benefit of the doubt
SHORT_LETTERS = 120  # below this the high-accuracy detector judges (see detector())
# ensure_english refuses a text only when another language is this clear and English this unlikely.
REFUSE_AT = 0.8
ENGLISH_BELOW = 0.2
# A second script with at least this share of the letters makes the text "mixed".
MIXED_SHARE = 0.2
# Latin-letter text with this share of transliterated Russian function words is Russian.
TRANSLIT_SHARE = 0.12

# ISO 639-1 code → the name shown to people (lingua names the language the same, in capitals).
LANGUAGES: dict[str, str] = {
    "en": "English", "ru": "Russian", "hy": "Armenian", "az": "Azerbaijani", "tr": "Turkish", "ka": "Georgian",
    "uk": "Ukrainian", "fr": "French", "de": "German", "fa": "Persian", "ar": "Arabic",
}  # fmt: skip
TRANSLITERATED_RUSSIAN = "ru-Latn"

_lock = threading.Lock()
_detectors: dict[str, object] = {}
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
# Russian function words as the common transliterations write them (BGN/PCGN, scholarly, informal).
_TRANSLIT_RUSSIAN = frozenset(
    {
        "v", "vo", "na", "ne", "chto", "shto", "eto", "kak", "po", "ot", "iz", "za", "dlya", "pri",
        "bez", "posle", "cherez", "mezhdu", "ili", "takzhe", "tozhe", "tolko", "uzhe", "yeshche",
        "eshche", "byl", "byla", "bylo", "byli", "budet", "yego", "ego", "yeye", "ee", "ikh", "ih",
        "kotoryy", "kotoryi", "kotoraya", "kotorye", "kotorykh", "zayavil", "zayavila", "zayavilo",
        "zayavili", "soobshchil", "soobshchili", "soobshil", "glasit", "storony", "storona", "gde",
        "kogda", "seychas", "sejchas", "segodnya", "vchera", "nakanune", "protiv", "vsekh", "chem",
    }
)  # fmt: skip
_SCRIPTS = ("LATIN", "CYRILLIC", "ARMENIAN", "GEORGIAN", "ARABIC")
# The script each language of LANGUAGES is written in, when it is not Latin.
_LANGUAGE_SCRIPTS = {"ru": "CYRILLIC", "uk": "CYRILLIC", "hy": "ARMENIAN", "ka": "GEORGIAN"}


@dataclass(frozen=True)
class Guess:
    """The most likely language ('' when the text is too short to judge), its probability, the
    probability of English, and a note on mixed scripts or transliteration ('' when none)."""

    language: str = ""
    probability: float = 0.0
    english: float = 0.0
    note: str = ""


def language_name(code: str) -> str:
    """The name shown to people for a language code ('' for none; the code itself when unknown)."""
    if not code:
        return ""
    if code == TRANSLITERATED_RUSSIAN:
        return "Russian in Latin letters"
    return LANGUAGES.get(code, code)


def language_code(value: str) -> str:
    """A code from a code or a name as a person writes it ("ru", "RU", "Russian", "ru-RU"); '' if unknown."""
    value = (value or "").strip()
    if value.casefold() == TRANSLITERATED_RUSSIAN.casefold():
        return TRANSLITERATED_RUSSIAN
    short = value.lower().replace("_", "-").split("-")[0]
    if short in LANGUAGES:
        return short
    for code, name in LANGUAGES.items():
        if value.casefold() == name.casefold():
            return code
    return ""


def detector(*, short: bool = False):
    """The lingua detector for :data:`LANGUAGES`, built once per process; models load lazily.

    Texts of :data:`SHORT_LETTERS` letters or more go to lingua's low-accuracy mode (trigram models
    only: about 40 MB once every script is loaded, and as exact on a paragraph); shorter ones to
    the high-accuracy mode (all n-gram models, about 280 MB), built only when a short text needs it.
    """
    key = "short" if short else "long"
    if key not in _detectors:
        with _lock:
            if key not in _detectors:
                from lingua import Language, LanguageDetectorBuilder

                languages = [getattr(Language, name.upper()) for name in LANGUAGES.values()]
                builder = LanguageDetectorBuilder.from_languages(*languages)
                _detectors[key] = (builder if short else builder.with_low_accuracy_mode()).build()
    return _detectors[key]


def _ranked(sample: str, letters: int) -> list[tuple[str, float]]:
    """Lingua's languages and confidences for ``sample`` (best first)."""
    return [
        (value.language.iso_code_639_1.name.lower(), value.value)
        for value in detector(short=letters < SHORT_LETTERS).compute_language_confidence_values(sample)
    ]


def language_script(code: str) -> str:
    """The script ``code``'s texts are written in (LATIN, CYRILLIC, …; 'ru-Latn' is LATIN)."""
    return "LATIN" if code == TRANSLITERATED_RUSSIAN else _LANGUAGE_SCRIPTS.get(code, "LATIN")


def scripts(sample: str) -> Counter:
    """How many letters of ``sample`` each script has (LATIN, CYRILLIC, ARMENIAN, GEORGIAN, ARABIC, OTHER)."""
    return Counter(map(_script_of, _LETTERS.findall(sample)))


@lru_cache(maxsize=8192)
def _script_of(letter: str) -> str:
    name = unicodedata.name(letter, "")
    return next((script for script in _SCRIPTS if name.startswith(script)), "OTHER")


def plainly_english(sample: str) -> bool:
    """Running English prose: over a fifth of its words are English function words, in ASCII letters.

    Settles most articles without the detector; anything less clear-cut still goes to it.
    """
    letters = len(_LETTERS.findall(sample))
    words = _WORD.findall(sample.lower())
    if not words or sum(len(w) for w in words) <= 0.9 * letters:
        return False
    return sum(w in _FUNCTION_WORDS for w in words) > 0.2 * len(words)


def transliterated_russian(sample: str) -> bool:
    """Latin-letter text whose words are Russian function words often enough to be Russian."""
    words = _WORD.findall(sample.lower())
    if len(words) < 5:
        return False
    russian = sum(w in _TRANSLIT_RUSSIAN for w in words) / len(words)
    english = sum(w in _FUNCTION_WORDS for w in words) / len(words)
    return russian >= TRANSLIT_SHARE and russian > 2 * english


def _mixed_note(counts: Counter) -> str:
    total = sum(counts.values())
    shares = [(n / total, script) for script, n in counts.most_common() if n / total >= MIXED_SHARE]
    if len(shares) < 2:
        return ""
    parts = ", ".join(f"{script.title()} {share:.0%}" for share, script in shares)
    return f"mixed scripts ({parts}); the language is that of the larger part"


def detect(text: str) -> Guess:
    """The language of ``text``, judged on its opening :data:`SAMPLE_CHARS` characters."""
    sample = text[:SAMPLE_CHARS]
    counts = scripts(sample)
    letters = sum(counts.values())
    if letters < MIN_LETTERS:
        return Guess()
    if plainly_english(sample):
        return Guess("en", 1.0, 1.0)
    note = _mixed_note(counts)
    if counts.most_common(1)[0][0] == "LATIN" and transliterated_russian(sample):
        return Guess(TRANSLITERATED_RUSSIAN, 1.0, 0.0, "Russian written in Latin letters (transliterated)")
    ranked = _ranked(sample, letters)
    if not ranked:
        return Guess(note=note)
    language, probability = ranked[0]
    return Guess(language, probability, dict(ranked).get("en", 0.0), note)


def ensure_english(text: str) -> None:
    """Raise :class:`NotEnglish` unless ``text`` is (probably) English: only a clearly other
    language is refused, since a wrong refusal loses a whole article."""
    guess = detect(text)
    if guess.language in ("", "en"):
        return
    if guess.probability >= REFUSE_AT and guess.english < ENGLISH_BELOW:
        raise NotEnglish(guess.language, guess.probability, language_name(guess.language))
