"""`python manage.py export statements --format jsonl|csv [filters] [--output FILE]`."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from claims.exports import FORMATS, statements_export
from claims.models import Statement
from claims.selectors.filters import StatementFilterSet

#: The command's filter options → the filter set's parameters (the pages and the API say
#: date_from/date_to; the command keeps its older --since/--until).
FILTER_OPTIONS = {
    "incident": "incident",
    "side": "side",
    "outlet": "outlet",
    "stance": "stance",
    "review_status": "status",
    "date_from": "since",
    "date_to": "until",
}


class Command(BaseCommand):
    help = (
        "Export statements, one per line, as JSON Lines or CSV. Without --as-user/--public every "
        "statement is exported (the command runs with the database owner's rights)."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["statements"], help="What to export.")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="jsonl")
        parser.add_argument("--output", "-o", help="Write to this file instead of standard output.")
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address (https://example.org), to make each row's permalink absolute.",
        )
        parser.add_argument("--incident", help="Only statements of this incident id.")
        parser.add_argument("--side", help="Only statements of this side (slug).")
        parser.add_argument("--outlet", help="Only statements from articles of this outlet (slug).")
        parser.add_argument("--stance", help="Only statements with this stance.")
        parser.add_argument("--status", dest="review_status", help="Only this review status.")
        parser.add_argument("--since", dest="date_from", help="Only events on or after this date (YYYY-MM-DD).")
        parser.add_argument("--until", dest="date_to", help="Only events on or before this date (YYYY-MM-DD).")
        who = parser.add_mutually_exclusive_group()
        who.add_argument("--as-user", help="Export only what this user may see.")
        who.add_argument("--public", action="store_true", help="Export only what anonymous visitors see.")

    def handle(self, *args, fmt: str, output: str | None, as_user: str | None, public: bool, base_url: str, **options):
        queryset, user = Statement.objects.all(), None
        if as_user:
            user = get_user_model().objects.filter(username=as_user, is_active=True).first()
            if user is None:
                raise CommandError(f"no active user named {as_user!r}")
            queryset = Statement.objects.visible_to(user)
        elif public:
            user = AnonymousUser()
            queryset = Statement.objects.visible_to(user)
        # A QueryDict, as from a query string: the repeatable parameters (side, stance) read lists.
        data = QueryDict(mutable=True)
        data.update({name: options[name] for name in FILTER_OPTIONS if options.get(name) is not None})
        filterset = StatementFilterSet(data=data, queryset=queryset, user=user)
        if not filterset.is_valid():
            problems = "; ".join(
                f"--{FILTER_OPTIONS.get(name, name)}: {' '.join(errors)}" for name, errors in filterset.errors.items()
            )
            raise CommandError(f"bad filter: {problems}")
        lines = statements_export(queryset=filterset.qs, fmt=fmt, visible=queryset, base_url=base_url.rstrip("/"))
        header = 1 if fmt == "csv" else 0
        if not output:
            count = 0
            for line in lines:
                self.stdout.write(line, ending="")
                count += 1
            self.stderr.write(f"exported {count - header} statements")
            return
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(f"cannot write {output}: directory {target.parent} does not exist")
        # Write beside the target and rename, so a failed export never leaves half a file.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            count = 0
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                for line in lines:
                    handle.write(line)
                    count += 1
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.stderr.write(f"exported {count - header} statements to {output}")
