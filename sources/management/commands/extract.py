"""``manage.py extract FILE...``: run the extractor on files and print one JSON object.

Nothing is written to the database. Each file is plain text or HTML, optionally opening with a
YAML front-matter block (url, outlet, published, title). ``start``/``end`` are offsets into the
file as given; ``sentence`` is that span verbatim for text, and its visible text (markup dropped,
entities decoded) for HTML. The output is ``{"articles": [{"source": FILE, "statements": [...]}]}``
and each statement is ``ExtractedStatement.to_json()``: ``speaker``, ``actor``, ``actor_slug``,
``side`` (a side slug or null), ``cue``, ``stance``, ``content``, ``sentence``, ``start``, ``end``,
``casualties`` (``party``, ``civilian``, ``killed``, ``wounded``, ``captured``, ``missing``: a
number, ``{"low", "high"}`` or null), ``places``, ``event_date``, ``blamed_side``, ``confidence``, ``language`` (of the sentence: the
engine that read it);
other tools read it, so it stays stable. A file that cannot be processed gets
one line on stderr and an entry with an ``error`` in the output; the others still come out, and
the exit status is 1 when any file failed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from sources.nlp.engines import extract_routed
from sources.nlp.errors import BinaryInput, EmptyInput, ExtractionError, TooLarge, UndecodableInput


def read_text(path: Path, limit: int) -> str:
    """The file's text, or an ExtractionError saying why it cannot be had."""
    size = path.stat().st_size
    if size > limit:
        raise TooLarge(size, limit)
    data = path.read_bytes()
    if not data.strip():
        raise EmptyInput("the file is empty")
    if b"\x00" in data[:8192]:
        raise BinaryInput()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UndecodableInput(
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


class Command(BaseCommand):
    help = "Extract attributed statements from text or HTML files and print them as JSON."
    # No database, no migrations: this must run where only the model and the gazetteer exist.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=None,
            help="refuse files larger than this (default: settings.EXTRACT_MAX_BYTES, 5 MB)",
        )
        parser.add_argument("--batch-size", type=int, default=None, help="documents per nlp.pipe batch")
        parser.add_argument(
            "--keep-unsided",
            action="store_true",
            help="also print statements whose speaker could not be given a side",
        )
        parser.add_argument("--indent", type=int, default=None, help="pretty-print the JSON")

    def handle(self, *args, **options) -> None:
        limit = options["max_bytes"] or getattr(settings, "EXTRACT_MAX_BYTES", 5 * 1024 * 1024)
        articles: list[dict] = []
        failures = 0
        readable: list[tuple[int, str]] = []  # (position in articles, text)

        def fail(source: str, message: str) -> dict:
            nonlocal failures
            failures += 1
            sys.stderr.write(f"{source}: {message}\n")
            return {"source": source, "error": message, "statements": []}

        for name in options["files"]:
            path = Path(name)
            if not path.exists():
                articles.append(fail(name, "no such file"))
                continue
            if not path.is_file():
                articles.append(fail(name, "not a regular file"))
                continue
            try:
                text = read_text(path, limit)
            except ExtractionError as exc:
                articles.append(fail(name, str(exc)))
                continue
            except OSError as exc:
                articles.append(fail(name, f"cannot be read ({exc.strerror or exc})"))
                continue
            articles.append({"source": name, "statements": []})
            readable.append((len(articles) - 1, text))

        errors: dict[int, ExtractionError] = {}
        # Files have had no main-text step to judge their language: the router asks the English
        # engine to check it and sends texts in another language to that language's engine.
        results = extract_routed(
            ((text, {}) for _, text in readable),
            batch_size=options["batch_size"],
            on_error=lambda index, exc: errors.__setitem__(index, exc),
            keep_unsided=options["keep_unsided"],
            max_bytes=limit,
        )
        for index, ((position, _), statements) in enumerate(zip(readable, results, strict=True)):
            if index in errors:
                articles[position] = fail(articles[position]["source"], str(errors[index]))
            else:
                articles[position]["statements"] = [s.to_json() for s in statements]

        self.stdout.write(json.dumps({"articles": articles}, ensure_ascii=False, indent=options["indent"]))
        self.stdout.flush()
        if failures:
            sys.exit(1)
