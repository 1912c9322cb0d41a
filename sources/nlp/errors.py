"""Errors raised for input the extractor cannot or will not process.

Each carries a message meant for a person (one line, no traceback), so the ``extract`` command,
the ingestion workers and the API can show it as it is.
"""

from __future__ import annotations


class ExtractionError(Exception):
    """Base class: the input was rejected before or during extraction.

    A subclass that always means the same thing names it in `default_message`; a raise may give a more
    precise one instead.
    """

    code = "extraction-error"
    default_message = "the input could not be extracted"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.default_message)


class EmptyInput(ExtractionError):
    code = "empty"
    default_message = "the input holds no text"


class BinaryInput(ExtractionError):
    code = "binary"
    default_message = "the input looks like a binary file, not text"


class UndecodableInput(ExtractionError):
    code = "encoding"
    default_message = "the input is not valid UTF-8"


class TooLarge(ExtractionError):
    code = "too-large"

    def __init__(self, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(f"the input is {size:,} bytes, over the {limit:,}-byte limit")


class NotEnglish(ExtractionError):
    code = "not-english"

    def __init__(self, language: str, probability: float, name: str = "") -> None:
        self.language = language
        self.probability = probability
        super().__init__(
            f"the text looks like {name or language} ({language}, p={probability:.2f}); "
            "only English is supported by this engine"
        )


class NotAnalysed(ExtractionError):
    """A text in a language no engine analyses: it is stored and searchable, with no statements.
    ``sources.nlp.engines.not_analysed`` writes the message, naming the language and those analysed."""

    code = "not-analysed"

    def __init__(self, language: str, message: str) -> None:
        self.language = language
        super().__init__(message)


class NoArticleText(ExtractionError):
    code = "no-article"
    default_message = "the HTML holds no article text"
