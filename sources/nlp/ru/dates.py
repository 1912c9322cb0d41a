"""The event date of a Russian sentence: "11 июня [2021 года]", "во вторник", "накануне",
against the article's date (the same (date, precision) contract as ``sources.nlp.dates``)."""

from __future__ import annotations

import datetime as dt

from ..dates import DAY, WEEK
from . import lexicon as lx
from .model import Tok


def event_date(toks: list[Tok], published: dt.date | None) -> tuple[dt.date | None, str | None]:
    for k, t in enumerate(toks):
        month = lx.MONTHS.get(t.lemma)
        if month and k > 0 and toks[k - 1].text.isdigit() and 1 <= int(toks[k - 1].text) <= 31:
            year = None
            if k + 1 < len(toks) and toks[k + 1].text.isdigit() and len(toks[k + 1].text) == 4:
                year = int(toks[k + 1].text)
            elif published is not None:
                year = published.year - (1 if (month, int(toks[k - 1].text)) > (published.month, published.day) else 0)
            if year:
                try:
                    return dt.date(year, month, int(toks[k - 1].text)), DAY
                except ValueError:
                    pass
        if published is None:
            continue
        if t.lower in lx.RELATIVE_DAYS:
            return published + dt.timedelta(days=lx.RELATIVE_DAYS[t.lower]), DAY
        weekday = lx.WEEKDAYS.get(t.lemma)
        if weekday is not None and k > 0 and toks[k - 1].lower in ("в", "во"):
            return published - dt.timedelta(days=(published.weekday() - weekday) % 7), DAY
    if published is not None:
        return published, WEEK
    return None, None
