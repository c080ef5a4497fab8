"""Located diagnostics: what went wrong, where, and how bad it is."""

from __future__ import annotations

from typing import Literal

import msgspec

Severity = Literal["error", "warning"]


class Diagnostic(msgspec.Struct, frozen=True):
    """One problem found in a file, located by line and column (both 1-based)."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    where: str = ""
    """The record or field the problem is in, e.g. ``layers[1].addresses[0]``."""

    @property
    def is_error(self) -> bool:
        """Whether this diagnostic makes the file unusable."""
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return (
            f"{self.file}:{self.line}:{self.column}: {self.severity} {self.code}: "
            f"{where}{self.message}"
        )

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "where": self.where,
            "message": self.message,
        }
