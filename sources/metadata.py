"""An article's publisher as its own text names it, for articles that came without metadata.

Only places where a text names *its own* publisher count, never a source it cites ("according to
RIA Novosti") or a photo credit ("MELIK BAGHDASARYAN/REUTERS", "© RIA Novosti", "(AP Photo)"):

- ``dateline``: a wire dateline, "BAKU, May 4. /TASS/.", "YEREVAN (Reuters) —", "Yerevan /Mediamax/.",
  or an agency's credit alone on a line at the top ("Trend:");
- ``byline``: a header line with a byline's marks ("By Asbarez | Friday…", "Reuters | Updated: …")
  whose part is a known outlet or a name with a news word ("… News", "… Times");
- ``text``: the masthead (a bare domain line such as "Azernews.Az", a page-title suffix
  "… - Sputnik International"), or the outlet speaking of itself: "X could not independently
  verify", "told X", "in an interview with X", where X is a known outlet or a name with a news word.

Known outlets are the names and aliases in the database (``sources.outlets.known_outlet_names``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Words that make a capitalised name a publication's ("VICE World News", "The Epoch Times").
NEWS_WORDS = frozenset(
    {
        "news", "times", "post", "journal", "radio", "press", "tv", "television", "herald", "gazette",
        "telegraph", "guardian", "tribune", "daily", "media", "wire", "observer", "chronicle", "monitor",
        "broadcasting", "broadcaster", "newspaper", "weekly", "international",
    }
)  # fmt: skip
# "Agency" alone is any agency (the International Atomic Energy Agency); these are news agencies.
_NEWS_AGENCY = re.compile(r"\b(?:news|press|information|telegraph)\s+agency$", re.I)
_HEADER_LINES = 15
_STAMP = re.compile(r"\A\s*date\s+(?:19|20)\d\d-[01]\d-[0-3]\d\s+")
_CREDIT = re.compile(r"©|\bphoto\b|\bcredit\b|\bgetty\b|\bimages?\b|\bsource:|\bfile pic", re.I)
_NAME = r"(?:[Tt]he\s)?[A-Z][\w.&'’/-]*(?:\s(?:of\s|de\s)?[A-Z][\w.&'’/-]*){0,4}"
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z'’.-]+(?:\s[A-Z][A-Za-z'’.-]+){0,2}"  # the place: BAKU, YEREVAN, New York
    r"(?:\s*,\s*[^/()\n]{1,30}?)?"  # an optional country or date: ", May 4." / ", Azerbaijan"
    r"\s*(?:/\s*(?P<slash>[^/\n]{2,40}?)\s*/|\((?P<paren>[^()\n]{2,40})\))"
    r"\s*[.:,]?\s*(?P<dash>[—–-]+\s*)?(?=\S)",
    re.M,
)
_CREDIT_LINE = re.compile(r"^\s*(?P<name>[A-Z][\w.&'’ -]{1,40}?)\s*:\s*$")
_DOMAIN_LINE = re.compile(r"^\s*(?P<domain>[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*\.[A-Za-z]{2,6})\s*$")
_TITLE_SUFFIX = re.compile(r"\s(?:-|–|—|\|)\s(?P<name>[A-Z][^|–—\n]{1,50}?)\s*$")
_SELF = [
    re.compile(
        rf"(?P<name>{_NAME})\s(?:could\s?n[o']t|cannot|can't|was\s(?:not\s)?(?:un)?able\sto|has\snot\sbeen\sable\sto)"
        r"\s(?:independently\s)?(?:verify|confirm)"
    ),
    re.compile(
        rf"\b(?:told|contacted\sby|reached\sby|in\san\sinterview\swith|speaking\sto)\s(?P<name>{_NAME})(?=[.,;:]|\s(?:on|in|that|last|this)\b)"
    ),
]


@dataclass(frozen=True)
class FoundOutlet:
    name: str
    source: str  # dateline | byline | text
    domain: str = ""


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold().removeprefix("the ")


def _newsy(name: str) -> bool:
    words = re.findall(r"[A-Za-z]+", name)
    newsy = words and (words[-1].casefold() in NEWS_WORDS or _NEWS_AGENCY.search(name))
    return bool(newsy) and 1 < len(words) <= 6 and name[:1].isupper()


def _named(name: str, known: dict[str, str], *, loose: bool) -> str | None:
    """The outlet's name for ``name`` if it is a known outlet, or (``loose``) a name with a news word."""
    name = name.strip(" .,:;'\"“”‘’")
    hit = known.get(_key(name))
    if hit:
        return hit
    if loose and _newsy(name):
        return name.removeprefix("the ")
    return None


def text_outlet(text: str, known: dict[str, str]) -> FoundOutlet | None:
    """The outlet the text names as its own publisher, with where; None when it names none."""
    text = _STAMP.sub("", text, count=1)  # a web archive's "date 2023-03-08" before the first line
    lines = [line for line in text.split("\n") if line.strip()]
    header = lines[:_HEADER_LINES]
    for line in lines[:40]:
        m = _DATELINE.match(line)
        if m and not _CREDIT.search(m.group(0)):
            raw = (m.group("slash") or m.group("paren") or "").strip()
            if raw and not re.search(r"\d", raw) and len(raw.split()) <= 5:
                # "/TASS/." is a credit wherever it stands; "(Reuters)" only before the dash of a wire lede
                wire = m.group("slash") or m.group("dash")
                name = _named(raw, known, loose=True) if wire else None
                if wire and not name and raw[:1].isupper() and len(raw.split()) <= 3:
                    name = raw
                if name:
                    return FoundOutlet(name, "dateline")
    for line in header:
        m = _CREDIT_LINE.match(line)
        if m and (name := _named(m.group("name"), known, loose=False)):
            return FoundOutlet(name, "dateline")
    for line in header:
        if _CREDIT.search(line) or not ("|" in line or re.match(r"\s*By\s", line)):
            continue
        for part in line.split("|"):
            part = re.sub(r"^\s*By\s+", "", part.strip())
            for piece in re.split(r",\s*|\s+and\s+", part):
                if name := _named(piece, known, loose=True):
                    return FoundOutlet(name, "byline")
    for line in header:
        m = _DOMAIN_LINE.match(line)
        if m:
            return FoundOutlet(known.get(_key(m.group("domain")), m.group("domain")), "text", m.group("domain").lower())
    for line in header:
        m = _TITLE_SUFFIX.search(line)
        if m and not _CREDIT.search(line) and (name := _named(m.group("name"), known, loose=True)):
            return FoundOutlet(name, "text")
    for pattern in _SELF:
        for m in pattern.finditer(text):
            if name := _named(m.group("name"), known, loose=True):
                return FoundOutlet(name, "text")
    return None


# --- Filling an article's metadata -------------------------------------------------------------


def loose_date(value: str) -> dt.date | None:
    """A date written any common way ("2023-09-01", "1 September 2023", "Sept. 1, 2023", "01.09.2023");
    None unless day, month and year are all there."""
    value = (value or "").strip()[:100]
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    import dateparser  # loads its language data on first use

    parsed = dateparser.parse(
        value,
        languages=["en", "ru"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY"},
    )
    return parsed.date() if parsed else None


def article_metadata_fill(article, page) -> list[str]:
    """Give the article the publication date and outlet it lacks, from the page's metadata, its URL or
    its text, each with where it came from; returns the fields it set."""
    from sources.models import MetadataSource
    from sources.nlp.dates import publication_date_source
    from sources.nlp.frontmatter import FrontMatterError, split_front_matter
    from sources.outlets import known_outlet_names, outlet_by_domain, outlet_by_name, outlet_create, url_domain

    # A front-matter block in fetched content is body text that anyone could have written: nothing in
    # it may date or name the article (submitted text had its block taken off at submission).
    try:
        text = split_front_matter(page.text)[1]
    except FrontMatterError:
        text = page.text
    fields: list[str] = []
    if page.warnings:
        article.metadata_warnings = [*article.metadata_warnings, *page.warnings]
        fields.append("metadata_warnings")
    if article.published is None:
        day, source = None, ""
        if page.published is not None:
            day, source = page.published, MetadataSource.HTML_META
        if day is None and article.url:
            day, _ = publication_date_source("", article.url)
            source = MetadataSource.URL
        if day is None:
            day, source = publication_date_source(text)
        if day is not None:
            article.published, article.published_source = day, source
            fields += ["published", "published_source"]
    if article.outlet_id is None:
        outlet, source = outlet_by_domain(article.url), MetadataSource.URL
        found = None if outlet else text_outlet(text, known_outlet_names())
        if outlet is None and found and found.source in ("dateline", "byline"):
            outlet, source = outlet_by_name(found.name) or outlet_create(name=found.name), found.source
        if outlet is None and page.sitename:
            outlet, source = outlet_by_name(page.sitename), MetadataSource.HTML_META
            if outlet is None and not url_domain(article.url):
                outlet = outlet_create(name=page.sitename)
        if outlet is None and found:
            outlet = (outlet_by_domain(f"https://{found.domain}/") if found.domain else None) or outlet_by_name(
                found.name
            )
            outlet, source = outlet or outlet_create(name=found.name, domain=found.domain), MetadataSource.TEXT
        if outlet is None and url_domain(article.url):
            domain = url_domain(article.url)
            outlet, source = outlet_create(name=page.sitename or domain, domain=domain), MetadataSource.URL
        if outlet is not None:
            article.outlet, article.outlet_source = outlet, source
            fields += ["outlet", "outlet_source"]
    return fields
