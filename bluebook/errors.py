"""Problems found in input data, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located precisely enough to fix it.

    ``line`` is the 1-based line in ``file`` (the header is line 1; 0 when the problem
    concerns the whole file). ``str(problem)`` gives ``file:line: column: message — fix``.
    """

    file: str
    line: int
    column: str
    message: str
    fix: str

    def __str__(self) -> str:
        column = f" {self.column}:" if self.column else ""
        return f"{self.file}:{self.line}:{column} {self.message} — {self.fix}"


class DataError(Exception):
    """Raised by loaders when input data breaks its contract; holds every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        shown = "\n".join(str(problem) for problem in self.problems[:20])
        more = len(self.problems) - 20
        suffix = f"\n… and {more} more problem(s)" if more > 0 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the data:\n{shown}{suffix}")
