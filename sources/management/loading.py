"""The shape of the commands that load a data file of the repository into the database
(`load_outlets`, `load_gazetteer`): rows that already exist are kept as they are, since an admin
may have edited them, unless `--update`; a file that cannot be read stops with one line naming it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError


class LoadDataCommand(BaseCommand):
    #: What the file holds, as the messages name it: "Overwrite {rows} …", "{data} data is invalid".
    rows = "rows"
    data = "file"
    #: What reading a bad file raises.
    invalid = (OSError, ValueError)

    def read(self) -> Any:
        """The file's entries, checked."""
        raise NotImplementedError

    def load(self, entries: Any, *, update: bool) -> str:
        """Write `entries`; the line that says what was created and updated."""
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help=f"Overwrite {self.rows} that already exist (admin edits too)."
        )

    def handle(self, *args, update: bool = False, **options):
        try:
            entries = self.read()
        except self.invalid as exc:
            raise CommandError(f"{self.data} data is invalid: {exc}") from None
        self.stdout.write(self.load(entries, update=update))
