"""Clean scraped article text before parsing, keeping a map back to the text as given.

Steps, line by line: repair mojibake with ftfy (only on lines ftfy judges bad, so clean text is
never touched), normalise odd spaces and curly apostrophes one-for-one, drop boilerplate (comment
forms, share widgets, hashtags, bylines and timestamps), photo captions and credits, and everything after a comment section starts. Lines that are only wrapped (the next one
continues the sentence) are joined; every other line break stays a hard sentence boundary.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy
from ftfy.badness import is_bad

from .offsets import MappedText, TextBuilder

# One-for-one replacements: same length, so offsets stay exact.
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\r\f\v"
_CHAR_MAP = {ord(c): " " for c in _SPACES}
# U+00B4 (acute accent) stands in for an apostrophe in some copy ("Azerbaijan´s defence ministry").
_CHAR_MAP.update({ord(c): "'" for c in "\u2018\u2019\u201b\u2032\u00b4"})
# Invisible characters are removed outright (they would split or glue words).
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

_BOILERPLATE = re.compile(
    r"""^(?:
        leave\ a\ (?:reply|comment) | post\ a\ comment | cancel\ reply | comments?
      | \d+\ (?:comments?|responses?|replies) | comments\ are\ closed\.?
      | share\ this:? | like\ this:? | like\ loading\.*? | loading\.*
      | related(?:\ (?:posts|articles|stories|news|coverage))?:? | read\ (?:more|also|next):?.*
      | (?:subscribe|sign\ up|follow\ us|click\ to|share\ on|share\ via|email\ this|print\ this).*
      | advertisement | sponsored | skip\ to\ (?:main\ )?content | back\ to\ top | menu
      | you\ are\ commenting\ using\ your\b.* | fill\ in\ your\ details\ below\b.*
      | connecting\ to\ %s | notify\ me\ of\b.* | your\ email\ address\ will\ not\ be\ published.*
      | required\ fields\ are\ marked.* | save\ my\ name,?\ email.* | (?:google|twitter|facebook)\ (?:photo|picture)
      | log\ ?(?:in|out).* | change\ ?\)? | tags?:.* | filed\ under:?.* | categories:?.*
      | (?:updated|published|posted|last\ updated)(?:\ on)?:?\s*[\d/:., apmAPM-]*
      | (?:©|copyright\b|all\ rights\ reserved).* | \d{1,2}:\d{2}(?:\ ?[ap]\.?m\.?)? | \d{1,2}/\d{1,2}/\d{2,4}
      | (?:by|written\ by|words\ by)\ [A-Z][\w.'-]+(?:\ [A-Z][\w.'-]+){0,3}
      | (?:\#[\w-]+\s*)+ | [\W_]* | .*(?:<!--|-->).* | <[^>]+>
    )$""",
    re.X | re.I,
)
# Once the comment form starts, nothing after it is article text.
_TAIL_START = re.compile(
    r"^(?:leave\ a\ (?:reply|comment)|post\ a\ comment|\d+\ comments?|comments\ are\ closed"
    r"|you\ are\ commenting\ using|fill\ in\ your\ details\ below)\b",
    re.X | re.I,
)
_CREDIT_WORDS = (
    r"photo|getty|handout|public domain|shutterstock|wikimedia|creative commons|file pic"
    r"|\w/(?:ap|afp|reuters|epa|tass|sputnik|anadolu|ria)\b|via (?:ap|afp|reuters|epa|getty)\b"
)
# A standalone credit line ("SOURCE: NAME/REUTERS", "Photo: X/AFP via Getty Images").
_CREDIT_LINE = re.compile(
    r"^(?:(?:photo|image|picture|source|credit|file pic|pictured)s?\s*(?:credit)?\s*:.{0,120}"
    rf"|\((?=[^()]*(?:{_CREDIT_WORDS}))[^()]{{2,120}}\))$",
    re.I,
)
# A caption ends with a credit in parentheses or after "Photo:".
_CAPTION = re.compile(
    rf"(?:\((?=[^()]*(?:{_CREDIT_WORDS}))[^()]{{2,120}}\)\s*$"
    r"|\b(?:photo|image|credit)\s*:\s*\S.{0,120}$)",
    re.I,
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DAY = rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s+\d{{4}})?"
# A dateline opening a paragraph names where the story was filed, not part of any sentence:
# wire style "YEREVAN, Sept 13 (Reuters) - ", "BAKU (AP) — "; agency style "MOSCOW, September 20.
# /TASS/. "; state-media style "Baku, 11 April, AZERTAC. " or "Baku, April 11 (APA). ".
_DATELINE = re.compile(
    r"\s*(?:"
    rf"(?P<wire>[A-Z][A-Z .'-]{{1,39}}?[A-Z])(?:,\s*(?:{_DAY}|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){{0,2}}(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?)){{0,2}}"
    r"\s*(?:\([A-Z][^()\n]{1,30}\))?\s*(?:[-–—]+|(?<=[A-Z]):)\s+"
    rf"|(?P<agency>[A-Z][A-Za-z .'-]{{2,40}}?),\s*{_DAY}\.?\s*/[^/\n]{{2,40}}/\.?\s+"
    rf"|(?P<local>[A-Z][A-Za-z .'-]{{2,30}}?),\s*{_DAY}\s*"
    r"(?:,\s*[A-Z][\w .&-]{1,30}\.|\([A-Z][^()\n]{1,30}\)\s*[.:–—-]?)\s+"
    r")"
)
# The page store's stamp before some texts ("date 2023-09-01 BAKU, …"): metadata, not a sentence.
_STAMP = re.compile(r"\s*date\s+(?:19|20)\d\d-[01]\d-[0-3]\d\s+")
# List bullets opening a line ("• Armenia denies …"): the parser reads them as words.
_BULLET = re.compile(r"^(\s*)([•·▪►■◦‣*]|[-–—](?=\s))(\s+)")


def dateline_place(text: str, start: int = 0, lines: int = 12) -> str | None:
    """The place a story was filed from, when one of its first lines opens with a dateline."""
    for line in text[start:].split("\n", lines)[:lines]:
        stamp = _STAMP.match(line)
        line = line[stamp.end() :] if stamp else line
        m = _DATELINE.match(line)
        if m and m.end() < len(line.rstrip()):
            place = m.group("wire") or m.group("agency") or m.group("local")
            return " ".join(place.split()).title()
    return None


_SENTENCE_END = re.compile(r"[.!?:;\"”'’)\]…]\s*$")


_WORD = re.compile(r"[^ \t\n]*[^\x00-\x7f][^ \t\n]*")


def _fix_word(match: re.Match) -> str:
    word = match.group(0)
    if not is_bad(word):
        return word
    return ftfy.fix_text(word, uncurl_quotes=False, fix_line_breaks=False, normalization="NFC")


def normalise_chars(line: str) -> str:
    """ftfy on lines that look mis-decoded, then the one-for-one and deleting normalisations."""
    if not line.isascii() and is_bad(line):
        # Word by word: ftfy declines to re-decode a whole line when the rest of it is proper
        # Unicode (curly quotes, dashes), yet a single mis-decoded word is unambiguous.
        line = _WORD.sub(_fix_word, line)
    line = line.translate(_CHAR_MAP)
    line = _INVISIBLE.sub("", line)
    return _CONTROL.sub(" ", line)


def _key(line: str) -> str:
    line = unicodedata.normalize("NFKC", line).lower()
    return " ".join(re.findall(r"\w+", line))


def _line_spans(text: str, start: int) -> list[tuple[int, int]]:
    spans, pos = [], start
    while True:
        nl = text.find("\n", pos)
        if nl < 0:
            spans.append((pos, len(text)))
            return spans
        spans.append((pos, nl))
        pos = nl + 1


def _drop_lines(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    lines = [normalise_chars(text[a:b]).strip() for a, b in spans]
    keys = [_key(line) for line in lines]
    keep = [bool(line) for line in lines]
    for i, line in enumerate(lines):
        if not keep[i]:
            continue
        if _TAIL_START.match(line) and i > len(lines) // 3:
            for j in range(i, len(lines)):
                keep[j] = False
            break
        if _BOILERPLATE.match(line) or _CREDIT_LINE.match(line) or _CAPTION.search(line):
            keep[i] = False
    # A line right above a standalone credit is the caption it credits.
    for i in range(1, len(lines)):
        if lines[i] and _CREDIT_LINE.match(lines[i]) and len(lines[i].split()) <= 8:
            j = i - 1
            while j >= 0 and not lines[j]:
                j -= 1
            if j >= 0 and len(lines[j].split()) < 60:
                keep[j] = False
    # A line that the next non-empty line repeats with a credit appended is a caption shown twice:
    # both go. An exact copy stays: a page that repeats its headline and lede (a summary block)
    # repeats their claims too, and the guide annotates each occurrence.
    for i, key in enumerate(keys):
        if not key:
            continue
        nxt = next((j for j in range(i + 1, min(i + 3, len(keys))) if keys[j]), None)
        if nxt is not None and len(key) >= 30 and keys[nxt] != key and keys[nxt].startswith(key):
            keep[i] = keep[nxt] = False
    return keep


# A line ending in one of these words is cut mid-sentence.
_CONTINUING = {
    "the", "a", "an", "of", "that", "and", "or", "to", "in", "on", "at", "by", "with", "for",
    "from", "as", "said", "says", "told", "its", "their", "his", "her", "which", "who",
}  # fmt: skip


def _joins(text: str, spans: list[tuple[int, int]], keep: list[bool]) -> set[int]:
    """Indexes of lines whose line break only wraps a sentence, so it becomes a space.

    A line break goes when the next line carries on in lower case, or when the line sits in a
    block of hard-wrapped lines (three or more lines, most of a similar 55–100 character width);
    a headline above a paragraph keeps its break even without a full stop.
    """
    lines = [text[a:b].strip() for a, b in spans]
    wrapped: set[int] = set()
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j] and keep[j]:
            j += 1
        block = range(i, j)
        if len(block) >= 3:
            wide = [k for k in block[:-1] if 55 <= len(lines[k]) <= 100]
            if len(wide) >= 2 * (len(block) - 1) / 3:
                wrapped.update(block)
        i = j + 1
    joins: set[int] = set()
    for i in range(len(spans) - 1):
        cur, nxt = lines[i], lines[i + 1]
        if not (keep[i] and keep[i + 1]) or not cur or not nxt or _SENTENCE_END.search(cur):
            continue
        last_word = cur.rsplit(None, 1)[-1].lower()
        if nxt[0].islower() or last_word in _CONTINUING or (i in wrapped and i + 1 in wrapped and nxt[0].isalnum()):
            joins.add(i)
    return joins


def clean_text(text: str, start: int = 0) -> MappedText:
    """Clean ``text[start:]``; the result maps back into ``text``."""
    spans = _line_spans(text, start)
    keep = _drop_lines(text, spans)
    joins = _joins(text, spans, keep)
    builder = TextBuilder(text)
    for i, (a, b) in enumerate(spans):
        blank = not text[a:b].strip()
        if keep[i]:
            stamp = _STAMP.match(text, a, b) if i == 0 else None
            if stamp and stamp.end() < b:
                a = stamp.end()
            dateline = _DATELINE.match(text, a, b)
            if dateline and dateline.end() < b:
                a = dateline.end()  # the dateline is the outlet's, not part of any sentence
            raw = text[a:b]
            fixed = normalise_chars(raw)
            bullet = _BULLET.match(fixed)
            if bullet and len(fixed) == len(raw):
                fixed = fixed[: bullet.start(2)] + " " * len(bullet.group(2)) + fixed[bullet.end(2) :]
            if fixed == raw:
                builder.copy(a, b)
            else:
                builder.replace(a, b, fixed)
        if b < len(text) and (keep[i] or blank):
            # The line break: a space where it only wraps a sentence; blank lines are kept so
            # paragraphs stay visible; a dropped line leaves nothing behind.
            builder.copy(b, b + 1, " " if i in joins else None)
    return builder.build()
