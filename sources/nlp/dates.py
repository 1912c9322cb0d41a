"""Event dates with a precision, and an article's publication date read from its own text.

A statement's event date comes from its own words when they pin one — a day ("on Tuesday",
"Sunday", "the morning of Sept. 1", "16 November", "September 28, 2020"), a week ("last week"),
a month ("in September", "last month") or a year ("in 2020", "last year") — and otherwise is the
article's publication date at week precision: news reports what happened in the days before it
went out, so the publication date is a good week but not a sure day. Weekdays and dates without
a year are read against the publication date, looking back: "on Tuesday" is the latest Tuesday
on or before publication and "Aug. 30" in a September article is this year's.

:func:`publication_date` finds the date of an article that came without front matter: the
scraper's ``date YYYY-MM-DD`` stamp, a byline or "Created/Updated" line (the first date wins,
as the byline comes before the update), a dateline with a year, a date in the URL.
"""

from __future__ import annotations

import datetime as dt
import re

from htmldate import find_date

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


DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
_LAST_WEEK = re.compile(r"\b(?P<rel>last|this|past|previous)\s+week(?:end)?\b", re.I)
_MONTH_ONLY = re.compile(
    rf"\b(?:in|since|during|early|late|mid-?|until|by|last|this)\s+{_MONTH}(?:\s+(?P<year>(?:19|20)\d\d))?\b", re.I
)
_LAST_MONTH = re.compile(r"\b(?P<rel>last|this|past|previous)\s+month\b", re.I)
_YEAR_ONLY = re.compile(r"\b(?:in|since|during|early|late|until|by)\s+(?P<year>(?:19|20)\d\d)\b", re.I)
_LAST_YEAR = re.compile(r"\b(?P<rel>last|this|past|previous)\s+year\b", re.I)


def event_date_with_precision(text: str, published: dt.date | None) -> tuple[dt.date | None, str | None]:
    """(date, precision) for a statement's sentence: its own day, week, month or year when it
    names one, else the publication date at week precision; (None, None) with neither."""
    day = event_date(text, published)
    if day is not None:
        return day, DAY
    if published is not None:
        m = _LAST_WEEK.search(text)
        if m:
            back = 0 if m.group("rel").lower() == "this" else 7
            return published - dt.timedelta(days=back + published.weekday()), WEEK
    m = _MONTH_ONLY.search(text)
    if m and (m.group("year") or published is not None):
        month = _MONTHS[m.group("month").lower().rstrip(".")]
        year = int(m.group("year")) if m.group("year") else published.year  # type: ignore[union-attr]
        if not m.group("year") and published is not None and (year, month) > (published.year, published.month):
            year -= 1  # "in December" in a January story
        return dt.date(year, month, 1), MONTH
    if published is not None:
        m = _LAST_MONTH.search(text)
        if m:
            first = published.replace(day=1)
            if m.group("rel").lower() != "this":
                first = (first - dt.timedelta(days=1)).replace(day=1)
            return first, MONTH
    m = _YEAR_ONLY.search(text)
    if m:
        return dt.date(int(m.group("year")), 1, 1), YEAR
    if published is not None:
        m = _LAST_YEAR.search(text)
        if m:
            return dt.date(published.year - (0 if m.group("rel").lower() == "this" else 1), 1, 1), YEAR
        return published, WEEK
    return None, None


_STAMP = re.compile(r"\A\s*date\s+(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b")
_NUMERIC = re.compile(r"\b(?P<a>[0-3]?\d)[/.-](?P<b>[0-3]?\d)[/.-](?P<year>(?:19|20)\d\d)\b")
# "/2023/09/01/", "/2023-09-01-slug", and the compact "/20150924…/" of some sites' article ids
_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d\d)(?:[/-](?P<month>[01]?\d)(?:[/-](?P<day>[0-3]?\d))?(?=[/-]|$)"
    r"|(?P<cmonth>[01]\d)(?P<cday>[0-3]\d)\d*/)"
)
_BYLINE_LINES = 12
_BYLINE_WORDS = re.compile(r"\b(?:updated|published|posted|created|by)\b|\|", re.I)


def publication_date(text: str, url: str | None = None) -> dt.date | None:
    """The publication date an article's own text gives, for one without front matter: the
    scraper's stamp, else the earliest full date on the first short lines (bylines, "Created /
    Updated" lines, a page header) — an update or the day the page was scraped come later —
    else a date in the URL."""
    return publication_date_source(text, url)[0]


# "YEREVAN, Sept. 19, 2023 (Reuters) —", "BAKU, 4 May 2016 /TASS/.": a place in capitals opening the line
_DATELINE_START = re.compile(r"\A\s*[A-Z][A-Za-z'’.-]+(?:\s[A-Z][A-Za-z'’.-]+){0,2}\s*,")


def publication_date_source(text: str, url: str | None = None) -> tuple[dt.date | None, str | None]:
    """:func:`publication_date` with where the date was found: ``text`` (a scraper's stamp),
    ``dateline`` (a line opening with a place), ``byline`` (another header line), ``url``."""
    stamp = _STAMP.match(text)
    if stamp:
        found_stamp = _iso(stamp.group("iso"))
        if found_stamp is not None:
            return found_stamp, "text"
    found: list[tuple[dt.date, str]] = []
    for line in text.lstrip().split("\n", _BYLINE_LINES)[:_BYLINE_LINES]:
        if len(line.split()) > 12 and not _BYLINE_WORDS.search(line):
            continue  # a sentence of the story: its dates are events, not the byline
        kind = "dateline" if _DATELINE_START.match(line) and not _BYLINE_WORDS.search(line) else "byline"
        for pattern in _PATTERNS:
            found += [(d, kind) for m in pattern.finditer(line) if (m.group("year") if "year" in m.groupdict() else True)
                      and (d := _date_from(m, None)) is not None]  # fmt: skip
        found += [(d, kind) for m in _NUMERIC.finditer(line) if (d := _numeric(m)) is not None]
    if found:
        return min(found, key=lambda item: item[0])
    if url:
        m = _URL_DATE.search(url)
        if m:
            month, day = m.group("month") or m.group("cmonth"), m.group("day") or m.group("cday") or 1
            try:
                return dt.date(int(m.group("year")), int(month), int(day)), "url"
            except ValueError:
                return None, None
    return None, None


def html_publication_date(html: str) -> dt.date | None:
    """The publication date of an HTML page by ``htmldate`` (what trafilatura itself uses):
    metadata first, then the page's visible dates; the original date, not the last update."""
    try:
        found = find_date(html, original_date=True, extensive_search=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):  # htmldate raises on some malformed documents
        return None
    return _iso(found) if found else None


def _iso(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _numeric(m: re.Match) -> dt.date | None:
    """ "04-12-2023" or "9/4/2023": day first when the first part cannot be a month, month first
    when the second cannot be; otherwise month first (US bylines) for slashes, day first else."""
    a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
    if a > 12:
        day, month = a, b
    elif b > 12 or "/" in m.group(0):
        month, day = a, b
    else:
        day, month = a, b
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
