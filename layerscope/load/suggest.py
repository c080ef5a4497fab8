"""Bounded "did you mean": a hint costs little however many names a file defines or misses.

:func:`difflib.get_close_matches` compares a word with every known name; once per
unknown reference, that is quadratic in the size of a file (1,000 unknown references to
1,000 problems took 24 s). Here each file gets :class:`Hints`, which

- looks for at most :data:`MAX_HINTS` words (later unknown words get no hint);
- compares a word with every known name when there are at most :data:`SMALL`, and
  otherwise only with its neighbours in the known names sorted forwards and backwards
  (a typo leaves a long common start or a long common end), of which the
  :data:`FINALISTS` with the longest common start and end together are scored;
- takes the candidate with the longest common start and end when that is close enough
  by :mod:`difflib`'s measure (twice the shared characters over both lengths), and asks
  :func:`difflib.get_close_matches` only otherwise;
- answers a word it has looked up already from memory (free of the budget).
"""

from __future__ import annotations

import bisect
from collections.abc import Collection

MAX_HINTS = 100
"""Look-ups per file; unknown words after that are reported without a hint."""
SMALL = 64
"""Up to this many known names, every one is a candidate."""
NEIGHBOURS = 4
"""Candidates on each side of a word in each sorted order, for more known names."""
FINALISTS = 2
"""Of those, how many :func:`difflib.get_close_matches` scores."""
MAX_WORD = 80
"""A longer word gets no hint (it is no typo of an id)."""


class _Sorted:
    """Known names in sorted order, and sorted by their reversed spelling."""

    __slots__ = ("backward", "forward", "size")

    def __init__(self, known: Collection[str]) -> None:
        self.size = len(known)
        self.forward = sorted(known)
        self.backward = sorted(name[::-1] for name in known)

    def near(self, word: str) -> list[str]:
        found = set(_window(self.forward, word))
        found.update(name[::-1] for name in _window(self.backward, word[::-1]))
        return sorted(found, key=lambda name: (-_shared(word, name), name))[:FINALISTS]


def _shared(word: str, name: str) -> int:
    """How many characters two words share at their start and at their end."""
    most = min(len(word), len(name))
    start = 0
    while start < most and word[start] == name[start]:
        start += 1
    end = 0
    while end < most - start and word[-1 - end] == name[-1 - end]:
        end += 1
    return start + end


def _window(names: list[str], word: str) -> list[str]:
    at = bisect.bisect_left(names, word)
    return names[max(0, at - NEIGHBOURS) : at + NEIGHBOURS]


def _close(word: str, candidates: Collection[str], cutoff: float) -> str | None:
    """The candidate most like ``word``: the one with the longest common start and end
    when those alone make it close enough (the usual typo, found without
    :mod:`difflib`, which costs ~80 µs a candidate), else :mod:`difflib`'s choice."""
    if not candidates:
        return None
    best = min(candidates, key=lambda name: (-_shared(word, name), name))
    if 2 * _shared(word, best) / (len(word) + len(best)) >= cutoff:
        return best
    import difflib  # only on a miss: not worth its import time on every load

    found = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
    return found[0] if found else None


class Hints:
    """The "did you mean" of one file."""

    def __init__(self) -> None:
        self.left = MAX_HINTS
        self._memo: dict[tuple[int, str, float], str | None] = {}
        self._held: dict[int, Collection[str]] = {}
        """Every collection looked in, by id, so that no id is reused while it counts."""
        self._sorted: dict[int, _Sorted] = {}

    def close(self, word: str, known: Collection[str], cutoff: float = 0.6) -> str | None:
        """The known name most like ``word``, if one is close enough (and the budget
        lasts)."""
        if not known or len(word) > MAX_WORD:
            return None
        self._held.setdefault(id(known), known)
        key = (id(known), word, cutoff)
        if key in self._memo:
            return self._memo[key]
        if self.left <= 0:
            return None
        self.left -= 1
        candidates = known if len(known) <= SMALL else self._index(known).near(word)
        hint = _close(word, candidates, cutoff)
        self._memo[key] = hint
        return hint

    def _index(self, known: Collection[str]) -> _Sorted:
        index = self._sorted.get(id(known))
        # A collection that grew since (a stack's metrics, complete only when the drivers
        # are checked) is indexed anew.
        if index is None or index.size != len(known):
            index = self._sorted[id(known)] = _Sorted(known)
        return index


def hint(name: str | None) -> str:
    """`` (did you mean 'x'?)``, or nothing."""
    return f" (did you mean '{name}'?)" if name is not None else ""
