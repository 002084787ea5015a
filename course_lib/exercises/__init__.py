"""The exercises' steps: one module per exercise, each step a :class:`Step` with check, hint, solution.

An exercise notebook imports its module as ``ex`` (``from course_lib.exercises import
linear_fit_mse as ex``) and, after the student's code, runs ``ex.mse.check(mse)``. A failed check
names the mistake and gives the step's first hint; ``ex.mse.hint()`` gives the next one (the idea,
then the formula or API, then code), and ``ex.mse.solution()`` shows the worked solution. Hints
and solutions are generated from ``solutions/`` into the JSON file beside each module
(``python dev.py exercises``), so they are never on the exercise's page.
"""

from __future__ import annotations

import contextlib
import io
import json
import types
from collections.abc import Callable
from importlib import resources
from typing import Any

from ..checks import CheckFailed, FriendlyError, failure

_STEPS: dict[str, dict[str, Step]] = {}  # notebook → key → step, to check the steps a function calls

ALIAS = "ex"  # the name every exercise notebook imports its module as


class Step:
    """One step of an exercise: ``check(answer)``, then ``hint()`` one level at a time, ``solution()``."""

    def __init__(self, notebook: str, key: str, checker: Callable[..., Any]):
        self.notebook, self.key, self._checker = notebook, key, checker
        self.__doc__ = checker.__doc__
        self._hints_shown = 0
        _STEPS.setdefault(notebook, {})[key] = self

    def __repr__(self) -> str:
        return f"<step {self.key!r} of exercise {self.notebook}: .check(...), .hint(), .solution()>"

    def check(self, *answer: Any, **options: Any) -> None:
        """Check the student's answer: print ✅, or stop with what is wrong and the first hint.

        When the answer is a function that calls the student's function of an earlier step (an
        ``rmse`` calling ``mse``), that step is checked first, so a slip there is not blamed here.
        """
        try:
            self._check_steps_called_by(answer[0] if answer else None)
            self._checker(*answer, **options)
        except CheckFailed as failed:
            raise CheckFailed(self._with_help(str(failed))) from None
        except FriendlyError:
            raise
        except Exception as error:  # a value so unexpected that the check itself tripped on it
            message = str(failure(f"the check could not read your answer ({type(error).__name__}: {error})."))
            raise CheckFailed(self._with_help(message)) from None

    def _check_steps_called_by(self, func: Any) -> None:
        """Re-check, quietly, each earlier step whose function (from the notebook) ``func`` calls."""
        namespace = notebook_namespace()
        for name in names_called(func):
            step, theirs = _STEPS[self.notebook].get(name), namespace.get(name)
            if step is None or step is self or not callable(theirs):
                continue
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    step._checker(theirs)
            except CheckFailed as failed:
                reason = str(failed).removeprefix("❌ ").split("\n💡")[0]
                raise failure(f"your `{self.key}` calls your `{name}`, which is not right yet: {reason}\n"
                              f"   Fix `{name}` first (its check: {ALIAS}.{name}.check({name})).") from None
            except Exception:  # anything else is for that step's own check to explain
                continue

    def _with_help(self, message: str) -> str:
        hints = self.help["hints"]
        if hints and "💡" not in message:
            message += f"\n💡 Hint: {hints[0]}"
        self._hints_shown = max(self._hints_shown, 1)
        more = f"{ALIAS}.{self.key}.hint()" if len(hints) > 1 else f"{ALIAS}.{self.key}.solution()"
        return f"{message}\n   More help: {more}"

    def hint(self, level: int | None = None) -> None:
        """Show the next hint (or hint number ``level``): first the idea, then the formula, then code."""
        hints = self.help["hints"]
        if not hints:
            return _show(f"No hints for this step: `{ALIAS}.{self.key}.solution()` shows the worked solution.")
        if level is None:
            level = min(self._hints_shown + 1, len(hints))
        level = max(1, min(int(level), len(hints)))
        self._hints_shown = max(self._hints_shown, level)
        after = (f"More: `{ALIAS}.{self.key}.hint()`." if level < len(hints)
                 else f"That was the last hint; `{ALIAS}.{self.key}.solution()` shows the worked solution.")
        _show(f"**Hint {level} of {len(hints)}** ({self.key}): {hints[level - 1]}\n\n{after}")

    def solution(self) -> None:
        """Show the worked solution of this step, as written in the solution notebook."""
        _show(f"**Worked solution** ({self.key}) — read it, then write it your own way:\n\n"
              f"```python\n{self.help['solution'].rstrip()}\n```")

    @property
    def help(self) -> dict:
        """This step's hints and worked solution, generated from the solution notebook."""
        steps = load_help(self.notebook)
        if self.key not in steps:
            return {"hints": [], "solution": "(no worked solution is recorded for this step)"}
        return steps[self.key]


def steps_of(notebook: str) -> Callable[[Callable[..., Any]], Step]:
    """A decorator that turns a check function into the :class:`Step` of the same name.

    In an exercise module: ``step = steps_of("01_linear_fit_mse")``, then ``@step def mse(func): ...``.
    """
    def step(checker: Callable[..., Any]) -> Step:
        return Step(notebook, checker.__name__, checker)
    return step


def load_help(notebook: str) -> dict[str, dict]:
    """The hints and solutions of every step of ``notebook``, as generated from ``solutions/``."""
    source = resources.files(__package__).joinpath(f"{notebook}.json")
    return json.loads(source.read_text(encoding="utf-8")) if source.is_file() else {}


def names_called(func: Any) -> list[str]:
    """The global names a function's code uses, nested functions and comprehensions included."""
    code = getattr(func, "__code__", None)
    names, stack = [], [code] if isinstance(code, types.CodeType) else []
    while stack:
        current = stack.pop()
        names += [n for n in current.co_names if n not in names]
        stack += [c for c in current.co_consts if isinstance(c, types.CodeType)]
    return names


def notebook_namespace() -> dict:
    """The notebook's variables (the student's functions), or nothing outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return {}
    shell = get_ipython()
    return shell.user_ns if shell is not None else {}


def _show(markdown: str) -> None:
    """Markdown in a notebook (formulas render there, in Colab too); plain text elsewhere."""
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(Markdown(markdown))
    else:
        print(markdown)
