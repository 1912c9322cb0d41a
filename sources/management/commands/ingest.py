"""Ingest files, folders, JSON Lines files and URLs through the same pipeline the workers run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sources import pipeline
from sources.errors import SubmissionRefused
from sources.models import ArticleSource, ArticleStatus
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
        counts = {"new": 0, "duplicate": 0, "unsupported": 0, "failed": 0, "queued": 0}
        problems: list[str] = []
        duplicates: list[str] = []
        progress = tqdm(items, desc="ingest", unit="article", file=self.stderr._out, disable=len(items) < 2)
        for item in progress:
            status, reason = self._one(item, queue=queue)
            counts[status] += 1
            if status == "failed":
                problems.append(f"  {item.label}: {reason}")
            elif status in ("duplicate", "unsupported"):
                duplicates.append(f"  {item.label}: {reason}")
        summary = ", ".join(f"{name}: {n}" for name, n in counts.items() if n or name in ("new", "duplicate", "failed"))
        self.stdout.write(f"Ingested {len(items)} item(s) — {summary}")
        for line in duplicates:
            self.stdout.write(line)
        for line in problems:
            self.stdout.write(line)
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} of {len(items)} item(s) failed; reasons above")

    def _one(self, item: Item, *, queue: bool) -> tuple[str, str]:
        if item.problem:
            return "failed", item.problem
        try:
            article = article_submit(
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
            return "failed", exc.message
        if not article.submitted_new:
            if article.status != ArticleStatus.FAILED:
                return "duplicate", f"already stored as article {article.pk} ({article.get_status_display().lower()})"
            # Importing a failed article again is how one retries it (say, after a fix).
            article = article_reprocess(article_id=article.pk, enqueue=queue)
        if queue:
            return "queued", ""
        article = pipeline.article_run(article_id=article.pk) or article
        if article.status == ArticleStatus.DONE:
            return "new", ""
        if article.status == ArticleStatus.DUPLICATE:
            return "duplicate", f"article {article.pk}: {article.duplicate_reason}"
        if article.status == ArticleStatus.UNSUPPORTED:
            return "unsupported", f"article {article.pk}: {article.error}"
        return "failed", f"article {article.pk}: {article.error or article.get_status_display()}"
