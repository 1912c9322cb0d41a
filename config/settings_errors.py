"""Turn a bad setting into one line on stderr and exit status 2, instead of a traceback."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def report_setting_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        # Imported lazily: importing settings is what raises.
        if type(exc).__name__ == "SettingError":
            sys.stderr.write(f"configuration error: {exc}\n")
            sys.exit(2)
        raise
