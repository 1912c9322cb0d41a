"""Recognising the same article again: by URL, by exact text, and by nearly the same text.

Near-duplicates (one wire story on five sites, each with its own headline and footer) are found
with MinHash over word 5-shingles. The signature is stored as 32 band hashes in an indexed
array, so candidates come from one GIN lookup (`&&`), and each candidate is then confirmed by
the exact Jaccard similarity of the two shingle sets. `find_duplicate` asks the database for the
earlier copy of an article, one check at a time (two copies checked at once would each miss the other).
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
from django.db import connection

from sources.models import Article, ArticleStatus

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 32  # 32 bands of 4 rows: pairs at Jaccard 0.6 become candidates with p ≈ 0.99
NEAR_DUPLICATE_JACCARD = 0.6
MAX_CANDIDATES = 25
_DEDUPE_LOCK = 0x636364  # pg advisory lock key: near-duplicate checks run one at a time

TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "li_fat_id",
        "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "vero_id", "rb_clickid",
        "ref_src", "ref_url", "cmpid", "ocid", "s_cid", "spm", "oly_anon_id", "oly_enc_id", "at_medium",
        "at_campaign", "ito", "smid", "cmp",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
_WORD = re.compile(r"\w+", re.U)


def canonical_url(url: str) -> str:
    """The URL with tracking parameters, fragment and default port removed; '' if not http(s)."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.lower().rstrip(".")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return ""
    if ":" in host:
        host = f"[{host}]"
    if port and port != {"http": 80, "https": 443}[scheme]:
        host = f"{host}:{port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith(TRACKING_PREFIXES)
    ]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(sorted(query)), ""))


def _normalised_words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def content_hash(text: str) -> str:
    """SHA-256 of the text with case and whitespace differences removed."""
    return hashlib.sha256(" ".join(_normalised_words(text)).encode()).hexdigest()


def shingles(text: str) -> set[str]:
    words = _normalised_words(text)
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def minhash_bands(text: str) -> list[int]:
    """32 signed 64-bit band hashes of the text's MinHash signature ([] for empty text)."""
    from datasketch import MinHash

    items = shingles(text)
    if not items:
        return []
    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch([item.encode() for item in items])
    values = np.asarray(signature.hashvalues, dtype=np.uint64)
    rows = NUM_PERM // BANDS
    bands = []
    for band in range(BANDS):
        digest = hashlib.blake2b(
            band.to_bytes(2, "big") + values[band * rows : (band + 1) * rows].tobytes(), digest_size=8
        )
        bands.append(int.from_bytes(digest.digest(), "big", signed=True))
    return bands


def first_copy(article: Article) -> Article:
    """Follow duplicate_of links to the first copy."""
    seen = {article.pk}
    while article.duplicate_of_id and article.duplicate_of_id not in seen:
        seen.add(article.duplicate_of_id)
        article = Article.objects.get(pk=article.duplicate_of_id)
    return article


def find_duplicate(article: Article) -> tuple[Article, str] | None:
    """The first copy of an earlier article with the same or nearly the same text, and why; else None.

    Reads the article's `content_hash` and `minhash_bands`. Call it inside the transaction that
    records the answer: the advisory lock it takes is held until that commits.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_DEDUPE_LOCK])
    others = Article.objects.exclude(pk=article.pk).exclude(status=ArticleStatus.FAILED)
    same = others.filter(content_hash=article.content_hash).order_by("pk").first()
    if same is not None:
        return first_copy(same), f"the same text as article {same.pk}"
    if not article.minhash_bands:
        return None
    mine: set[str] | None = None
    candidates = others.filter(minhash_bands__overlap=article.minhash_bands).order_by("pk")
    for candidate in candidates.only("pk", "text", "duplicate_of")[:MAX_CANDIDATES]:
        mine = shingles(article.text) if mine is None else mine
        similarity = jaccard(mine, shingles(candidate.text))
        if similarity >= NEAR_DUPLICATE_JACCARD:
            return first_copy(candidate), f"nearly the same text as article {candidate.pk} (Jaccard {similarity:.2f})"
    return None
