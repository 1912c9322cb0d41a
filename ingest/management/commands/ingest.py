"""Ingest files, folders, JSON Lines files and URLs through the same pipeline the workers run.

Every item is stored first; then, unless `--queue` hands them to the workers, the articles run
here queue by queue through the same runner the workers use, the nlp and link steps in batches of
`NLP_BATCH_SIZE` and `LINK_BATCH` as a worker takes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ingest import runner
from ingest.lease import LeaseHeld
from ingest.queues import QUEUES
from sources.errors import SubmissionRefused
from sources.models import Article, ArticleSource, ArticleStatus
from sources.nlp.frontmatter import parse_date
from sources.services import article_reprocess, article_submit

FILE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".jsonl"}


@dataclass
class Item:
    label: str
    url: str = ""
    raw: bytes | None = None
    text: str = ""
    filename: str = ""
    title: str = ""
    outlet: str = ""
    published: object = None
    problem: str = ""


def _items(target: str) -> Iterator[Item]:
    if target.startswith(("http://", "https://")):
        yield Item(label=target, url=target)
        return
    path = Path(target)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FILE_SUFFIXES)
        if not files:
            yield Item(label=target, problem="the folder holds no .txt, .md, .html or .jsonl files")
        for file in files:
            yield from _items(str(file))
        return
    if not path.exists():
        yield Item(label=target, problem="no such file, folder or http(s) URL")
        return
    if path.suffix.lower() == ".jsonl":
        yield from _jsonl(path)
        return
    try:
        yield Item(label=target, raw=path.read_bytes(), filename=path.name)
    except OSError as exc:
        yield Item(label=target, problem=f"cannot read it: {exc.strerror or exc}")


def _jsonl(path: Path) -> Iterator[Item]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        yield Item(label=str(path), problem=f"cannot read it as UTF-8 JSON Lines: {exc}")
        return
    for number, line in enumerate(lines, 1):
        label = f"{path}:{number}"
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Item(label=label, problem=f"not valid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            yield Item(label=label, problem="each line must be a JSON object")
            continue
        yield Item(
            label=label,
            url=str(record.get("url") or ""),
            text=str(record.get("text") or ""),
            title=str(record.get("title") or ""),
            outlet=str(record.get("outlet") or ""),
            published=parse_date(record.get("published")),
        )


class Command(BaseCommand):
    help = (
        "Store and process articles: text/HTML files (with optional YAML front matter), folders of them, "
        "JSON Lines files (one object per line with url and/or text, title, outlet, published) and URLs."
    )

    def add_arguments(self, parser):
        parser.add_argument("targets", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Only store the articles and queue them for the workers instead of processing them here.",
        )

    def handle(self, *args, targets: list[str], queue: bool, **options):
        items = [item for target in targets for item in _items(target)]
        progress = tqdm(items, desc="ingest", unit="article", file=self.stdout._out, disable=self._quiet(len(items)))
        stored = [self._store(item, queue=queue) for item in progress]  # (status, reason, article id)
        if not queue:
            self._process(sorted({article_id for _, _, article_id in stored if article_id is not None}))
        counts = {"new": 0, "duplicate": 0, "unsupported": 0, "failed": 0, "queued": 0}
        problems: list[str] = []
        labels_of = {"duplicate": "already ingested", "unsupported": "unsupported"}
        duplicates: list[str] = []
        articles = Article.objects.in_bulk([article_id for _, _, article_id in stored if article_id is not None])
        for item, (status, reason, article_id) in zip(items, stored, strict=True):
            if article_id is not None:
                status, reason = _result(articles[article_id])
            counts[status] += 1
            if status == "failed":
                problems.append(f"failed: {item.label}: {reason}")
            elif status in ("duplicate", "unsupported"):
                duplicates.append(f"{labels_of[status]}: {item.label}: {reason}")
        labels = {"new": "new", "duplicate": "already ingested", "unsupported": "unsupported", "failed": "failed"}
        labels["queued"] = "queued"
        summary = ", ".join(f"{n} {labels[name]}" for name, n in counts.items() if n)
        for line in duplicates:
            self.stdout.write(line)
        for line in problems:
            self.stderr.write(line)
        if counts["failed"]:
            # One line per failure above, and this one: the counts, and a non-zero exit.
            raise CommandError(f"{counts['failed']} of {len(items)} item(s) failed — {summary}")
        self.stdout.write(f"{len(items)} item(s): {summary}")

    def _quiet(self, count: int) -> bool:
        """A progress bar only for a person watching: several items and a terminal."""
        stream = self.stdout._out
        return count < 2 or not (hasattr(stream, "isatty") and stream.isatty())

    def _store(self, item: Item, *, queue: bool) -> tuple[str, str, int | None]:
        """Store the item; the article id when it is to be processed, else its final status and why."""
        if item.problem:
            return "failed", item.problem, None
        try:
            article, created = article_submit(
                url=item.url,
                text=item.text,
                raw=item.raw,
                filename=item.filename,
                title=item.title,
                outlet_name=item.outlet,
                published=item.published,
                source=ArticleSource.BULK,
                enqueue=queue,
            )
        except SubmissionRefused as exc:
            return "failed", exc.message, None
        if not created:
            if article.status != ArticleStatus.FAILED:
                return (
                    "duplicate",
                    f"article {article.pk} ({article.get_status_display().lower()})",
                    None,
                )
            # Importing a failed article again is how one retries it (say, after a fix).
            article = article_reprocess(article_id=article.pk, enqueue=queue)
        if queue:
            return "queued", "", None
        return "new", "", article.pk

    def _process(self, ids: list[int]) -> None:
        """Run the articles here queue by queue, as the workers would: the batch queues in batches."""
        for name in QUEUES:
            for article_id in tqdm(
                ids, desc=name, unit="article", file=self.stdout._out, disable=self._quiet(len(ids))
            ):
                # Takes the article and, on a batch queue, the ones waiting with it; an article an
                # earlier call already took has nothing left to do here.
                try:
                    runner.run(article_id, queue=name)
                except LeaseHeld:
                    continue  # a worker holds it; the summary says where it stands


def _result(article: Article) -> tuple[str, str]:
    if article.status == ArticleStatus.DONE:
        return "new", ""
    if article.status == ArticleStatus.DUPLICATE:
        return "duplicate", f"article {article.pk}: {article.duplicate_reason}"
    if article.status == ArticleStatus.UNSUPPORTED:
        return "unsupported", f"article {article.pk}: {article.error}"
    return "failed", f"article {article.pk}: {article.error or article.get_status_display()}"
