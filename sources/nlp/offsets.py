"""Text that has been cleaned, with every character traced back to the text as given.

Cleaning (encoding repair, dropped captions, HTML markup) changes lengths, yet statements must
report offsets into the original input so that ``original[start:end]`` is the sentence verbatim.
Each character of the cleaned text records the ``[start, end)`` range of the original it came
from; characters that were inserted (paragraph breaks between HTML blocks) record an empty range.
"""

from __future__ import annotations

import difflib
from array import array
from dataclasses import dataclass, field


@dataclass
class MappedText:
    """``text`` derived from ``source``; ``starts[i]:ends[i]`` is where ``text[i]`` came from."""

    source: str
    text: str
    starts: array = field(repr=False)
    ends: array = field(repr=False)

    @classmethod
    def identity(cls, source: str, offset: int = 0, length: int | None = None) -> MappedText:
        end = len(source) if length is None else offset + length
        return cls(
            source,
            source[offset:end],
            array("q", range(offset, end)),
            array("q", range(offset + 1, end + 1)),
        )

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` for the cleaned ``[start, end)`` (clamped, never inverted)."""
        n = len(self.text)
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        # Skip inserted characters at the edges: they point nowhere real.
        while start < end and self.starts[start] == self.ends[start]:
            start += 1
        while end > start and self.starts[end - 1] == self.ends[end - 1]:
            end -= 1
        if start == end:
            pos = self.starts[start] if start < n else (self.ends[n - 1] if n else 0)
            return pos, pos
        return self.starts[start], max(self.starts[start], self.ends[end - 1])

    def then(self, inner: MappedText) -> MappedText:
        """Compose: ``inner`` was derived from ``self.text``; map it straight to ``self.source``."""
        assert inner.source == self.text
        starts, ends = array("q"), array("q")
        for s, e in zip(inner.starts, inner.ends, strict=True):
            a, b = self.span(s, e)
            starts.append(a)
            ends.append(b)
        return MappedText(self.source, inner.text, starts, ends)


class TextBuilder:
    """Assemble a cleaned text piece by piece from a source string."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._parts: list[str] = []
        self._starts = array("q")
        self._ends = array("q")
        self._length = 0

    def __len__(self) -> int:
        return self._length

    @property
    def last_char(self) -> str:
        return self._parts[-1][-1] if self._parts else ""

    def copy(self, start: int, end: int, replacement: str | None = None) -> None:
        """Append ``source[start:end]``, or a same-length ``replacement`` for it, char for char."""
        piece = self.source[start:end] if replacement is None else replacement
        if len(piece) != end - start:
            raise ValueError("copy() needs a same-length replacement; use replace()")
        if not piece:
            return
        self._parts.append(piece)
        self._starts.extend(range(start, end))
        self._ends.extend(range(start + 1, end + 1))
        self._length += len(piece)

    def replace(self, start: int, end: int, new: str) -> None:
        """Append ``new`` in place of ``source[start:end]``, aligning the unchanged characters."""
        old = self.source[start:end]
        if len(old) == len(new):
            self.copy(start, end, new)
            return
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                self.copy(start + i1, start + i2, new[j1:j2])
            elif tag in ("replace", "insert"):
                piece = new[j1:j2]
                self._parts.append(piece)
                self._starts.extend([start + i1] * len(piece))
                self._ends.extend([start + i2] * len(piece))
                self._length += len(piece)
            # "delete": the old characters simply vanish

    def insert(self, text: str, at: int) -> None:
        """Append characters that have no counterpart in the source (e.g. a paragraph break)."""
        if not text:
            return
        self._parts.append(text)
        self._starts.extend([at] * len(text))
        self._ends.extend([at] * len(text))
        self._length += len(text)

    def build(self) -> MappedText:
        return MappedText(self.source, "".join(self._parts), self._starts, self._ends)
