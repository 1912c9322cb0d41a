"""Recognising the same article again: by URL, by exact text, and by nearly the same text.

Near-duplicates (one wire story on five sites, each with its own headline and footer) are found
with MinHash over word 5-shingles. The signature is stored as 32 band hashes in an indexed
array, so candidates come from one GIN lookup (`&&`), and each candidate is then confirmed by
the exact Jaccard similarity of the two shingle sets.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 32  # 32 bands of 4 rows: pairs at Jaccard 0.6 become candidates with p ≈ 0.99
NEAR_DUPLICATE_JACCARD = 0.6
MAX_CANDIDATES = 25

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
