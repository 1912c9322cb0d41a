"""Errors raised for input the extractor cannot or will not process.

Each carries a message meant for a person (one line, no traceback), so the ``extract`` command,
the ingestion workers and the API can show it as it is.
"""

from __future__ import annotations


class ExtractionError(Exception):
    """Base class: the input was rejected before or during extraction."""

    code = "extraction-error"


class EmptyInput(ExtractionError):
    code = "empty"

    def __init__(self, detail: str = "the input holds no text") -> None:
        super().__init__(detail)


class BinaryInput(ExtractionError):
    code = "binary"

    def __init__(self, detail: str = "the input looks like a binary file, not text") -> None:
        super().__init__(detail)


class UndecodableInput(ExtractionError):
    code = "encoding"

    def __init__(self, detail: str = "the input is not valid UTF-8") -> None:
        super().__init__(detail)


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

    def __init__(self, detail: str = "the HTML holds no article text") -> None:
        super().__init__(detail)
