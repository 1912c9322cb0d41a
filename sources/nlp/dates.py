"""Event dates: "on Tuesday", "Sunday", "the morning of Sept. 1", "16 November", "September 28, 2020".

Only expressions that pin a day are resolved (the annotation guide leaves month-only dates
unresolved). Weekdays and dates without a year are read against the article's publication
date, looking back: news reports what has happened, so "on Tuesday" is the latest Tuesday on or
before publication and "Aug. 30" in a September article is this year's.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_PATTERNS = [
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b{_YEAR}", re.I),  # Sept. 1, 2023 / Aug 30
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b{_YEAR}", re.I),  # 16 November 2021
    re.compile(r"\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b"),
]
_WEEKDAY = re.compile(
    r"\b(?:(?P<mod>last|this|next|early|late|on)\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)
_RELATIVE = re.compile(r"\b(?P<rel>yesterday|today|tonight|last night|this morning|overnight)\b", re.I)


def _date_from(match: re.Match, published: dt.date | None) -> dt.date | None:
    groups = match.groupdict()
    if groups.get("iso"):
        try:
            return dt.date.fromisoformat(groups["iso"])
        except ValueError:
            return None
    month = _MONTHS[groups["month"].lower().rstrip(".")]
    day = int(groups["day"])
    year = int(groups["year"]) if groups.get("year") else None
    if year is None:
        if published is None:
            return None
        year = published.year
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        # Without a year, a date after publication is last year's (a January story about December).
        if candidate > published + dt.timedelta(days=1):
            year -= 1
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, published: dt.date | None) -> list[tuple[int, dt.date]]:
    """Every day-precise date expression in ``text``: (character offset, resolved date)."""
    found: list[tuple[int, dt.date]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            day = _date_from(m, published)
            if day is not None:
                found.append((m.start(), day))
                taken.append(m.span())
    if published is not None:
        for m in _WEEKDAY.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            mod = (m.group("mod") or "").lower()
            target = _WEEKDAYS[m.group("weekday").lower()]
            if mod == "next":
                delta = (target - published.weekday()) % 7 or 7
                found.append((m.start(), published + dt.timedelta(days=delta)))
            else:
                delta = (published.weekday() - target) % 7
                if mod == "last" and delta == 0:
                    delta = 7
                found.append((m.start(), published - dt.timedelta(days=delta)))
        for m in _RELATIVE.finditer(text):
            rel = m.group("rel").lower()
            delta = 1 if rel in ("yesterday", "last night") else 0
            found.append((m.start(), published - dt.timedelta(days=delta)))
    found.sort(key=lambda item: item[0])
    return found


def event_date(text: str, published: dt.date | None) -> dt.date | None:
    """The first day-precise date mentioned in ``text``, or None."""
    found = find_dates(text, published)
    return found[0][1] if found else None
