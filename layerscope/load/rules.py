"""The rules of the data model that types alone cannot express.

They run on the plain values of a file, not on records, so that they still run when the
file also has type errors: every broken rule is reported in the same run. A value of the
wrong type was reported by the structure walk already and is skipped here.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

from layerscope.load.reader import Path_, format_path
from layerscope.load.suggest import hint
from layerscope.model import MAX_NUMBER

if TYPE_CHECKING:
    from layerscope.load.loader import FileResult

WEIGHT_TOLERANCE = 0.01
"""Driver weights may sum to 1 ± this before a warning."""


def check_stack(stack: dict[str, Any], result: FileResult) -> None:
    """Check a stack's ids, references, level order, problems and driver weights."""
    Rules(stack, result).run()


def check_dimensions(value: dict[str, Any], result: FileResult) -> None:
    """Check a dimensions file: its dimension ids are unique."""
    _unique(_ids(_records(value, "dimensions")), ("dimensions",), "dimension", result)


def _records(value: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mappings in the list ``value[key]``, with their indexes."""
    items = value.get(key) if type(value) is dict else None
    if type(items) is not list:
        return []
    return [(i, item) for i, item in enumerate(items) if type(item) is dict]


def _strings(value: dict[str, Any], key: str) -> list[tuple[int, str]]:
    """The strings in the list ``value[key]``, with their indexes."""
    items = value.get(key)
    if type(items) is not list:
        return []
    return [(i, item) for i, item in enumerate(items) if type(item) is str]


def _text(value: dict[str, Any], key: str) -> str | None:
    item = value.get(key)
    return item if type(item) is str else None


def _number(value: Any) -> float | None:
    return float(value) if type(value) in (int, float) else None


def _ids(records: Iterable[tuple[int, dict[str, Any]]]) -> list[tuple[int, str]]:
    return [(i, r["id"]) for i, r in records if type(r.get("id")) is str]


def _unique(
    items: Iterable[tuple[int, str]], path: Path_, kind: str, result: FileResult
) -> set[str]:
    seen: dict[str, int] = {}
    for index, ident in items:
        if ident in seen:
            result.report_at(
                (*path, index, "id"),
                "error",
                "duplicate-id",
                f"duplicate {kind} id '{ident}' (also {format_path((*path, seen[ident]))})",
            )
        else:
            seen[ident] = index
    return set(seen)


def number_problems(
    value: Any, low: float = -MAX_NUMBER, high: float = MAX_NUMBER, path: Path_ = ()
) -> list[tuple[Path_, str]]:
    """What is wrong with the numbers of a value (a number, or the two ends of a
    ``[low, high]`` range), each with its path; nothing for a value of another type.

    NaN and the infinities are no numbers any view can show, nor are magnitudes past
    ``low`` and ``high``; a number too long for the reader (it stays text) is said so.
    """
    if type(value) is list:
        if len(value) != 2:
            return []
        return [
            found
            for i, item in enumerate(value)
            for found in number_problems(item, low, high, (*path, i))
            if type(item) is not list
        ]
    if high == MAX_NUMBER and low == -MAX_NUMBER:
        rule = f"a number here is finite, at most {MAX_NUMBER:g} in magnitude (use a larger unit)"
    else:
        rule = f"a number here is at least {_bound(low)} and at most {_bound(high)}"
    if type(value) is str:
        digits = value.lstrip("+-")
        if len(digits) >= 4000 and digits.isdigit():
            return [(path, f"a number of {len(digits)} digits is too long; {rule}")]
        return []
    if type(value) not in (int, float):
        return []
    if value != value:
        return [(path, f"{value} is not a number; {rule}")]
    if value in (math.inf, -math.inf):
        return [(path, f"{value} is not finite; {rule}")]
    if not low <= value <= high:
        return [(path, f"{_short(value)} is out of range; {rule}")]
    return []


def _bound(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e9 else f"{value:g}"


def _short(value: float) -> str:
    """A huge number, short: ``1.2346e+300``, ``1111…1111 (400 digits)``."""
    if type(value) is float:
        return f"{value:.5g}"
    text = str(value)
    return text if len(text) <= 20 else f"{text[:8]}…{text[-4:]} ({len(text)} digits)"


def _real_date(text: str) -> bool:
    """Whether a ``YYYY-MM-DD`` string names a day of the calendar (others pass)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return True
    try:
        datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        return False
    return True


class Rules:
    """One run of the rules over one stack's values."""

    def __init__(self, stack: dict[str, Any], result: FileResult) -> None:
        self.stack = stack
        self.result = result
        self.layers = _records(stack, "layers")
        self.problems = _unique(_ids(_records(stack, "problems")), ("problems",), "problem", result)
        self.sources = _unique(_ids(_records(stack, "sources")), ("sources",), "source", result)
        self.metrics: dict[str, Path_] = {}

    def run(self) -> None:
        """Check every rule, reporting each broken one."""
        result = self.result
        _unique(_ids(self.layers), ("layers",), "layer", result)
        _unique(_ids(_records(self.stack, "drivers")), ("drivers",), "driver", result)
        self.date(self.stack, ())
        for i, source in _records(self.stack, "sources"):
            self.date(source, ("sources", i), "published", "accessed")
        self.layer_rules()
        self.problem_rules()
        self.driver_rules()

    def need(self, kind: str, ident: str, known: Collection[str], path: Path_) -> bool:
        """Report a reference that does not resolve; whether it does."""
        if ident in known:
            return True
        close = self.result.hints.close(ident, known)
        message = f"no {kind} '{ident}'{hint(close)}"
        self.result.report_at(path, "error", f"unknown-{kind}", message)
        return False

    def date(self, record: dict[str, Any], path: Path_, *keys: str) -> None:
        """Report dates of the right shape that name no day (``2025-02-30``)."""
        for key in keys or ("as_of",):
            text = _text(record, key)
            if text is not None and not _real_date(text):
                self.result.report_at(
                    (*path, key), "error", "bad-date", f"'{text}' is not a day of the calendar"
                )

    def layer_rules(self) -> None:
        """Levels, introduced and addressed problems, examples and metrics, bottom up."""
        result = self.result
        introduced_below: set[str] = set()
        examples: dict[str, Path_] = {}
        below: tuple[int, str] | None = None  # the level and id of the layer below
        for i, layer in self.layers:
            here: Path_ = ("layers", i)
            layer_id = _text(layer, "id") or f"layers[{i}]"
            level = layer.get("level")
            if type(level) is int:
                if below is not None and level <= below[0]:
                    result.report_at(
                        (*here, "level"),
                        "error",
                        "level-order",
                        f"level {level} must be greater than {below[0]}, the level of "
                        f"{below[1]} below it (layers are listed bottom first)",
                    )
                below = (level, layer_id)
            own = {pid for _, pid in _strings(layer, "introduces")}
            for j, pid in _strings(layer, "introduces"):
                self.need("problem", pid, self.problems, (*here, "introduces", j))
            for j, handling in _records(layer, "addresses"):
                self.handling(handling, (*here, "addresses", j), layer_id, own, introduced_below)
            for j, example in _records(layer, "examples"):
                at: Path_ = (*here, "examples", j)
                ident = _text(example, "id")
                if ident is not None:
                    if ident in examples:
                        result.report_at(
                            (*at, "id"),
                            "error",
                            "duplicate-id",
                            f"duplicate example id '{ident}' (also {format_path(examples[ident])})",
                        )
                    examples.setdefault(ident, at)
                for k, sid in _strings(example, "sources"):
                    self.need("source", sid, self.sources, (*at, "sources", k))
                self.date(example, at, "launched")
            for j, metric in _records(layer, "metrics"):
                self.metric(metric, (*here, "metrics", j))
            introduced_below |= own

    def handling(
        self,
        handling: dict[str, Any],
        at: Path_,
        layer_id: str,
        own: set[str],
        introduced_below: set[str],
    ) -> None:
        """One ``addresses`` entry: its problem comes from below; its reading and each
        alternative reading are checked alike; an alternative differs from the main outcome
        and from the other alternatives."""
        result = self.result
        problem = _text(handling, "problem")
        if (
            problem is not None
            and self.need("problem", problem, self.problems, (*at, "problem"))
            and problem not in introduced_below
        ):
            result.report_at(
                (*at, "problem"),
                "error",
                "address-not-below",
                f"'{problem}' is not introduced by a layer below {layer_id}; a layer "
                "addresses only problems from lower layers",
            )
        self.reading(handling, at, layer_id, own)
        main = _text(handling, "outcome")
        seen: dict[str, int] = {}
        for k, alternative in _records(handling, "alternatives"):
            here: Path_ = (*at, "alternatives", k)
            self.reading(alternative, here, layer_id, own)
            other = _text(alternative, "outcome")
            if other is None:
                continue
            if other == main:
                result.report_at(
                    (*here, "outcome"),
                    "error",
                    "alternative-is-main",
                    f"'{other}' is the main outcome already; an alternative is another "
                    "reading of the evidence",
                )
            elif other in seen:
                first = format_path((*at, "alternatives", seen[other]))
                result.report_at(
                    (*here, "outcome"),
                    "error",
                    "duplicate-alternative",
                    f"alternative '{other}' is listed twice (also {first})",
                )
            else:
                seen[other] = k

    def reading(self, reading: dict[str, Any], at: Path_, layer_id: str, own: set[str]) -> None:
        """An outcome with its evidence (a handling or one of its alternatives): ``into``
        only with ``transferred`` and only into this layer's problems; sources resolve."""
        result = self.result
        outcome = reading.get("outcome")
        into = reading.get("into")
        if type(into) is list and into and type(outcome) is str and outcome != "transferred":
            result.report_at(
                (*at, "into"),
                "error",
                "bad-into",
                f"'into' only goes with outcome 'transferred', not '{outcome}'",
            )
        for k, pid in _strings(reading, "into"):
            if pid not in own:
                result.report_at(
                    (*at, "into", k),
                    "error",
                    "bad-into",
                    f"'{pid}' is not a problem this layer ({layer_id}) introduces; "
                    "a problem is transferred into problems of the layer that transfers it",
                )
        for k, sid in _strings(reading, "sources"):
            self.need("source", sid, self.sources, (*at, "sources", k))
        self.date(reading, at)

    def metric(self, metric: dict[str, Any], at: Path_) -> None:
        """A metric: unique id, resolvable source, ordered range and history, real dates."""
        result = self.result
        ident = _text(metric, "id")
        if ident is not None:
            if ident in self.metrics:
                result.report_at(
                    (*at, "id"),
                    "error",
                    "duplicate-id",
                    f"duplicate metric id '{ident}' (also {format_path(self.metrics[ident])})",
                )
            self.metrics.setdefault(ident, at)
        source = _text(metric, "source")
        if source is not None:
            self.need("source", source, self.sources, (*at, "source"))
        value = metric.get("value")
        # The type walk bounds the numbers of a series; msgspec cannot bound the value's.
        bad = number_problems(value, path=(*at, "value"))
        for where, message in bad:
            result.report_at(where, "error", "bad-number", message)
        if type(value) is list and len(value) == 2 and not bad:
            low, high = _number(value[0]), _number(value[1])
            if low is not None and high is not None and low > high:
                result.report_at(
                    (*at, "value"), "error", "bad-range", f"range must be [low, high], not {value}"
                )
        self.date(metric, at)
        points = _records(metric, "series")
        dates: list[str] = []
        for k, point in points:
            self.date(point, (*at, "series", k))
            text = _text(point, "as_of")
            if text is not None:
                dates.append(text)
        if dates != sorted(dates):
            result.report_at(
                (*at, "series"), "warning", "series-order", "series should be oldest first"
            )

    def problem_rules(self) -> None:
        """A problem that no layer introduces is a warning."""
        introduced = {pid for _, layer in self.layers for _, pid in _strings(layer, "introduces")}
        for i, problem in _records(self.stack, "problems"):
            ident = _text(problem, "id")
            if ident is not None and ident not in introduced:
                self.result.report_at(
                    ("problems", i, "id"),
                    "warning",
                    "orphan-problem",
                    f"no layer introduces problem '{ident}'",
                )

    def driver_rules(self) -> None:
        """Indicators resolve to metrics; weights sum to 1 (a warning otherwise)."""
        drivers = _records(self.stack, "drivers")
        weights: list[float] = []
        for i, driver in drivers:
            for k, mid in _strings(driver, "indicators"):
                self.need("metric", mid, self.metrics, ("drivers", i, "indicators", k))
            weight = _number(driver.get("weight"))
            if weight is not None and 0 <= weight <= 1:
                weights.append(weight)
        # Only when every weight is usable: a bad one is reported already.
        if drivers and len(weights) == len(drivers):
            total = math.fsum(weights)
            if abs(total - 1) > WEIGHT_TOLERANCE:
                self.result.report_at(
                    ("drivers",),
                    "warning",
                    "weights",
                    f"driver weights sum to {total:g}, not 1 (± {WEIGHT_TOLERANCE:g})",
                )
