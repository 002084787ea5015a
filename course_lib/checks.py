"""Self-checks for exercises: run a student's function or value against known answers.

A check prints one line when everything passes::

    ✅ get_mse: 3 of 3 cases pass.

and otherwise stops the notebook with a short, friendly explanation instead of a traceback::

    ❌ get_mse(data=[(1, 3), (2, 5)], m=-1, b=5) returned a list, but a number was expected.
    💡 Hint: divide the summed squared errors by n.

Unfinished code (``raise NotImplementedError``) is reported as a step still to do. The
explanations cover the usual slips: ``None`` from a missing ``return``, a list where an array
was expected, a wrong shape, NaN or infinity, a wrong type, an input changed in place, and a wrong
value, which is compared with a step's catalogue of known mistakes (``mistakes=``) and with the
generic ones (a flipped sign, a factor of 2, swapped axes, integers for fractions) to name it.
"""

from __future__ import annotations

import copy
import functools
import numbers
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

RTOL = 1e-6
ATOL = 1e-9


class FriendlyError(Exception):
    """An error that Jupyter shows as its message alone: no traceback for the student to decode."""

    def _render_traceback_(self) -> list[str]:
        return str(self).splitlines()


class StepNotFinished(FriendlyError):
    """The student has not written this step yet (it still raises NotImplementedError)."""


class CheckFailed(FriendlyError, AssertionError):
    """The student's answer is not right yet; the message says why."""


def check_value(name: str, value: Any, expected: Any, *, hint: str = "",
                rtol: float = RTOL, atol: float = ATOL, names: Sequence[str] | None = None,
                mistakes: Mapping[str, Any] | None = None) -> None:
    """Compare one value the student computed with the expected one; print ✅ or stop with ❌.

    ``names`` names the items of a tuple (``("∂E/∂w1", "∂E/∂w2")``); ``mistakes`` maps a
    description of a known mistake to the value that mistake gives, so a wrong answer is named.
    """
    problem = explain_mismatch(value, expected, rtol=rtol, atol=atol, names=names)
    if problem:
        wrong = {what: (lambda v=v: v) for what, v in (mistakes or {}).items()}
        raise failure(f"{name} {problem}{name_mistake(value, expected, wrong, (), {}, rtol, atol)}", hint)
    print(f"✅ {name} is right.")


def check_function(func: Callable, reference: Callable, cases: Iterable, *, hint: str = "",
                   rtol: float = RTOL, atol: float = ATOL, names: Sequence[str] | None = None,
                   mistakes: Mapping[str, Callable] | None = None, no_loop: bool = False) -> None:
    """Call the student's ``func`` and the ``reference`` on every case and compare the results.

    Each case is a dict of keyword arguments or a tuple of positional arguments. The reference is
    computed first, from copies, and the student's function gets copies too: a function that
    changes its inputs in place is caught and never changes the caller's data. ``mistakes`` maps a
    description of a known mistake to a function computing what that mistake returns, so that a
    wrong result is named ("you summed instead of averaging"); ``names`` names a tuple's items.
    ``no_loop`` sends back a right function written with a loop, for steps that ask for array code.
    """
    if not callable(func):
        raise failure(f"expected a function to check, got {describe(func)}.", hint)
    cases = list(cases)
    name = function_name(func)
    results = []  # (call, args, kwargs, got, expected) of every case run so far
    for case in cases:
        args, kwargs = _split(case)
        call = describe_call(name, args, kwargs)
        expected = quietly(reference, *copy.deepcopy(args), **copy.deepcopy(kwargs))
        given_args, given_kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
        got = call_student(func, call, given_args, given_kwargs, hint)
        changed = changed_inputs(args, kwargs, given_args, given_kwargs, func)
        if changed:
            raise failure(f"{call} changed its input `{changed}` in place (with `-=`, `+=`, `.pop()`, or by "
                          f"assigning into it), so the caller's `{changed}` is no longer what it was: compute new "
                          f"values into a new name, or work on a copy of `{changed}`.", hint)
        results.append((args, kwargs, got))
        problem = explain_mismatch(got, expected, rtol=rtol, atol=atol, names=names)
        if problem:
            results += _remaining_results(func, cases[len(results):])
            named = name_mistake(got, expected, explaining_mistakes(mistakes, results, rtol, atol), args, kwargs,
                                 rtol, atol)
            raise failure(f"{call} {problem}{named}", hint)
    loop = loop_in(func) if no_loop else None
    if loop:
        raise failure(f"{name} gives the right numbers, but with {loop}: this step asks for array "
                      "operations on whole arrays at once.", hint)
    print(f"✅ {name}: {len(cases)} of {len(cases)} cases pass.")


def _remaining_results(func: Callable, cases: list) -> list[tuple]:
    """The student's results on the cases not yet run (skipping any that fail), to name a mistake."""
    results = []
    for case in cases:
        args, kwargs = _split(case)
        try:
            results.append((args, kwargs, func(*copy.deepcopy(args), **copy.deepcopy(kwargs))))
        except Exception:
            continue
    return results


def explaining_mistakes(mistakes: Mapping[str, Callable] | None, results: list[tuple], rtol: float,
                        atol: float) -> dict[str, Callable]:
    """The known mistakes that explain the student's result on every case it ran.

    Two mistakes can give the same number on one case (dividing by n − 1 or not at all, when n = 2);
    the cases together tell them apart, and a mistake that explains only some of them is not named.
    """
    def explains(wrong: Callable) -> bool:
        for args, kwargs, got in results:
            try:
                value = quietly(wrong, *copy.deepcopy(args), **copy.deepcopy(kwargs))
            except Exception:
                return False
            if explain_mismatch(got, value, rtol=rtol, atol=atol) is not None:
                return False
        return True

    return {what: wrong for what, wrong in (mistakes or {}).items() if explains(wrong)}


def loop_in(func: Callable) -> str | None:
    """How a function loops in Python, for "no loop" steps: a ``for``, ``while`` or comprehension, or
    ``np.vectorize`` (a loop in disguise); ``None`` when its source has none (or cannot be read)."""
    import inspect
    import io as _io
    import tokenize

    try:
        source = inspect.getsource(func)
        names = {t.string for t in tokenize.generate_tokens(_io.StringIO(source).readline)
                 if t.type == tokenize.NAME}
    except (OSError, TypeError, tokenize.TokenError, IndentationError, SyntaxError):
        return None
    if "vectorize" in names:
        return "`np.vectorize`, which calls your Python code once per element — a loop in disguise"
    return "a loop (a `for`, `while` or comprehension)" if names & {"for", "while"} else None


def quietly(func: Callable, *args: Any, **kwargs: Any) -> Any:
    """``func(*args, **kwargs)`` without NumPy's warnings: a check's own computations (a reference,
    a catalogued mistake overflowing on purpose) never print warnings to the student."""
    import warnings

    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


def function_name(func: Any, default: Any = "your function") -> Any:
    """A function's name for a message (``default``, "your function", when it has none)."""
    return getattr(func, "__name__", default)


def changed_inputs(args: tuple, kwargs: Mapping, given_args: tuple, given_kwargs: Mapping,
                   func: Callable | None = None) -> str | None:
    """The name of the first argument the student's function changed in place, else ``None``."""
    import inspect

    try:
        params = list(inspect.signature(func).parameters) if func is not None else []
    except (TypeError, ValueError):
        params = []
    pairs = [(params[i] if i < len(params) else f"argument {i + 1}", a, g)
             for i, (a, g) in enumerate(zip(args, given_args))]
    pairs += [(k, kwargs[k], given_kwargs[k]) for k in kwargs]
    for label, before, after in pairs:
        if isinstance(before, np.ndarray) and isinstance(after, np.ndarray):
            if before.shape != after.shape or not np.array_equal(before, after, equal_nan=True):
                return label
        elif isinstance(before, (list, dict)) and before != after:
            return label
    return None


def name_mistake(got: Any, expected: Any, mistakes: Mapping[str, Callable] | None, args: tuple = (),
                 kwargs: Mapping | None = None, rtol: float = RTOL, atol: float = ATOL) -> str:
    """``" — it looks like …"`` when ``got`` is what a known or a generic mistake gives, else ``""``."""
    for description, wrong in (mistakes or {}).items():
        try:
            value = quietly(wrong, *copy.deepcopy(args), **copy.deepcopy(dict(kwargs or {})))
        except Exception:  # a mistake that does not apply to this case
            continue
        if explain_mismatch(got, value, rtol=rtol, atol=atol) is None:
            return f"\n🔎 It looks like {description}."
    generic = generic_mistake(got, expected, rtol=rtol, atol=atol)
    return f"\n🔎 It looks like {generic}." if generic else ""


def generic_mistake(got: Any, expected: Any, *, rtol: float = RTOL, atol: float = ATOL) -> str | None:
    """Name a mistake that any numeric step can make: a sign, a factor, swapped axes, integers."""
    try:
        got_array = np.asarray(got, dtype=float)
        expected_array = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return None
    if got_array.shape != expected_array.shape:
        if expected_array.ndim == 0:
            return None
        if got_array.ndim == 2 and got_array.shape == expected_array.shape[::-1]:
            return "the rows and columns are swapped (a transpose, or the wrong axis)"
        if got_array.size == expected_array.size and np.allclose(got_array.ravel(), expected_array.ravel(),
                                                                 rtol=max(rtol, 1e-9), atol=atol):
            return "the numbers are right but in another shape (an extra axis, or a reshape)"
        return None
    if not np.any(expected_array) or not np.all(np.isfinite(got_array)):
        return None
    close = functools.partial(np.allclose, rtol=max(rtol, 1e-9), atol=atol)
    if close(got_array, expected_array):  # the values are right: the problem is the type, said already
        return None
    if close(got_array, -expected_array):
        return "the sign is flipped (a subtraction the wrong way round, or + where − belongs)"
    for factor, words in ((2.0, "twice"), (0.5, "half"), (4.0, "four times"), (0.25, "a quarter of")):
        if close(got_array, factor * expected_array):
            return f"your result is {words} the right value (a factor such as 2 or ½ is off)"
    distinct = np.unique(np.round(expected_array, 9)).size == expected_array.size
    if got_array.ndim == 1 and got_array.size > 1 and distinct and close(np.sort(got_array), np.sort(expected_array)):
        return "the values are right but in the wrong order: check the order the step asks you to return"
    integer_got = np.issubdtype(np.asarray(got).dtype, np.integer)
    if integer_got and not close(expected_array, np.round(expected_array)):
        return ("the fractions were cut off: your result holds whole numbers (an integer dtype, e.g. an "
                "array made with np.zeros_like or np.ones_like of integer inputs, or //)")
    if any(close(got_array, np.round(expected_array, digits)) for digits in range(6)):
        return "the result was rounded: return the full value and round only when you print it"
    return None


def explain_mismatch(got: Any, expected: Any, *, rtol: float = RTOL, atol: float = ATOL,
                     names: Sequence[str] | None = None) -> str | None:
    """Say in plain words how ``got`` differs from ``expected``; ``None`` when they agree.

    ``names`` names the items of a tuple or list, so a message says "∂E/∂w1 is …" rather than an index.
    """
    if got is None and expected is not None:
        return "returned None: did you forget the `return` statement?"
    if isinstance(expected, np.ndarray):
        return _explain_array(got, expected, rtol, atol)
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(got, (bool, np.bool_)):
            return f"is {describe(got)}, but True or False was expected."
        return None if bool(got) == bool(expected) else f"is {got}, but {expected} was expected."
    if isinstance(expected, numbers.Number):
        return _explain_number(got, expected, rtol, atol)
    if isinstance(expected, (tuple, list)):
        return _explain_sequence(got, expected, rtol, atol, names)
    return None if got == expected else f"is {got!r}, but {expected!r} was expected."


def _explain_number(got: Any, expected: numbers.Number, rtol: float, atol: float) -> str | None:
    if isinstance(got, np.ndarray) and got.shape == ():
        got = got.item()
    if isinstance(got, (list, tuple, np.ndarray)):
        if np.size(got) == 1:
            return (f"is {describe(got)} holding one number, but the number itself was expected "
                    "(not a list or array of it).")
        return f"is {describe(got)}, but a single number was expected."
    if not isinstance(got, numbers.Number) or isinstance(got, (bool, np.bool_)):
        return f"is {describe(got)}, but a number was expected."
    if np.isnan(got) and np.isnan(expected):
        return None
    if np.isnan(got):
        return "is NaN (not a number): look for 0/0, log(0), the square root of a negative number or an overflow."
    if np.isinf(got) and not np.isinf(expected):
        return "is infinite: look for a division by zero or a value that grew without bound."
    if not np.isclose(got, expected, rtol=rtol, atol=atol):
        shown, wanted = _distinct(got, expected)
        return f"is {shown}, but {wanted} was expected."
    return None


def _explain_array(got: Any, expected: np.ndarray, rtol: float, atol: float) -> str | None:
    if isinstance(got, (list, tuple)):
        return (f"is a Python {type(got).__name__}, but a NumPy array was expected: "
                "build it with np.array(...) or with NumPy operations.")
    if not isinstance(got, np.ndarray):
        return f"is {describe(got)}, but a NumPy array of shape {expected.shape} was expected."
    if got.shape != expected.shape:
        if got.size == expected.size and got.shape == expected.shape[::-1] and got.ndim == 2:
            advice = "rows and columns are swapped (a transpose, or the wrong axis)."
        elif got.size == expected.size:
            advice = "the right number of entries in another shape (an extra axis of length 1, or a reshape)."
        elif got.ndim == expected.ndim and sum(a != b for a, b in zip(got.shape, expected.shape)) == 1 \
                and any(abs(a - b) == 1 for a, b in zip(got.shape, expected.shape)):
            advice = "one entry or row too many or too few (an off-by-one in a loop, or a missing start value?)."
        elif got.ndim == expected.ndim == 2 and got.shape[0] == got.shape[1] and expected.shape[0] == expected.shape[1]:
            advice = "a square table of another size: check the number of classes it is built for."
        else:
            advice = "check which axis you sum or average over, any reshape, and that every size argument is used."
        return f"has shape {got.shape}, but shape {expected.shape} was expected: {advice}"
    if not np.issubdtype(got.dtype, np.number) and not np.issubdtype(got.dtype, np.bool_):
        return f"holds values of type {got.dtype}, but numbers were expected."
    if np.isnan(got).any() and not np.isnan(expected).any():
        where = tuple(int(i) for i in np.argwhere(np.isnan(got))[0])
        return (f"contains NaN (not a number), first at index {where}: "
                "look for 0/0, log(0), the square root of a negative number or an overflow.")
    close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return None
    where = tuple(int(i) for i in np.argwhere(~close)[0])
    shown, wanted = _distinct(got[where], expected[where])
    return (f"differs from the expected array in {int((~close).sum())} of {close.size} entries; "
            f"first at index {where}: got {shown}, expected {wanted}.")


def _explain_sequence(got: Any, expected: tuple | list, rtol: float, atol: float,
                      names: Sequence[str] | None = None) -> str | None:
    if isinstance(got, np.ndarray) and got.shape == (len(expected),):
        got = tuple(got)
    if not isinstance(got, (tuple, list)):
        return f"is {describe(got)}, but a {type(expected).__name__} of {len(expected)} items was expected."
    if len(got) != len(expected):
        return f"has {len(got)} items, but {len(expected)} were expected."
    if 1 < len(expected) <= 6 and _rearranged(got, expected, rtol, atol):
        return ("holds the right values, but in the wrong places: check their order "
                "(or which input each one is computed from).")
    for i, (g, e) in enumerate(zip(got, expected)):
        problem = explain_mismatch(g, e, rtol=rtol, atol=atol)
        if problem:
            label = names[i] if names and i < len(names) else f"item {i + 1}"
            return f"— {label} {problem}" if names else f"— {label} (of {len(expected)}) {problem}"
    return None


def _rearranged(got: Sequence, expected: Sequence, rtol: float, atol: float) -> bool:
    """Whether ``got`` holds ``expected``'s items in another order (and not in the same one)."""
    import itertools

    def same(a, b) -> bool:
        return explain_mismatch(a, b, rtol=rtol, atol=atol) is None

    if all(same(g, e) for g, e in zip(got, expected)):
        return False
    try:  # every sign flipped can look like a reordering when values repeat up to sign: say neither
        if all(same(g, -np.asarray(e, dtype=float)) for g, e in zip(got, expected)):
            return False
    except (TypeError, ValueError):
        pass
    return any(all(same(got[i], expected[j]) for i, j in enumerate(order))
               for order in itertools.permutations(range(len(expected))))


def call_student(func: Callable, call: str, args: tuple = (), kwargs: Mapping | None = None,
                 hint: str = "") -> Any:
    """``func(*args, **kwargs)``, with the student's slips turned into friendly errors.

    Unfinished code becomes :class:`StepNotFinished` for the function ``call`` names; any other
    error becomes a :class:`CheckFailed` that names ``call`` (how the call reads, e.g.
    ``"one_hot(labels)"``), the error and the student's line where it happened.
    """
    try:
        return func(*args, **(kwargs or {}))
    except NotImplementedError as error:
        raise not_finished(unfinished_function(error) or call.partition("(")[0]) from None
    except Exception as error:  # the student's own code failed: say where, in one line
        note = explain_numpy_error(error)
        if note:
            raise failure(f"{call} stopped: {note.removeprefix('❌ ')}", hint) from None
        raise failure(f"{call} stopped with {type(error).__name__}: {error}{where_it_failed(error)}",
                      hint) from None


def unfinished_function(error: BaseException) -> str | None:
    """The name of the function whose ``raise NotImplementedError`` this is (None at a cell's top level)."""
    frames = traceback.extract_tb(error.__traceback__)
    name = frames[-1].name if frames else None
    return name if name and not name.startswith("<") else None


def not_finished(name: str) -> StepNotFinished:
    """The ⏳ note for a step whose function still raises NotImplementedError."""
    return StepNotFinished(f"⏳ {name} is not written yet: replace `raise NotImplementedError` "
                           "with your code, run that cell, then run this check again.")


def where_it_failed(error: Exception) -> str:
    """`` (at `the student's line`)`` for an error raised in a student's function, else ``""``."""
    frames = traceback.extract_tb(error.__traceback__)[1:]  # skip the frame of the check that called it
    if not frames:
        return ""
    frame = frames[-1]
    return f" (at `{frame.line}`)" if frame.line else ""


def failure(message: str, hint: str = "") -> CheckFailed:
    """The ❌ error a check raises: what is wrong, then a hint."""
    return CheckFailed(f"❌ {message}" + (f"\n💡 Hint: {hint}" if hint else ""))


def _split(case: Any) -> tuple[tuple, dict]:
    if isinstance(case, Mapping):
        return (), dict(case)
    return (tuple(case) if isinstance(case, (tuple, list)) else (case,)), {}


def describe_call(name: str, args: tuple, kwargs: dict) -> str:
    """How a call reads in a message, with long arguments shortened: ``mse([1., 2.], <list of 6 items>)``."""
    parts = [_short(a) for a in args] + [f"{k}={_short(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def _short(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"<array of shape {value.shape}>" if value.size > 6 else np.array2string(value, separator=", ")
    text = repr(value)
    if len(text) <= 40:
        return text
    if isinstance(value, (list, tuple)):
        return f"<{type(value).__name__} of {len(value)} items>"
    return f"<{type(value).__name__}>" if callable(value) else text[:37] + "..."


def describe(value: Any) -> str:
    """What a value is, for a message: ``None``, ``an array of shape (3, 2)``, ``a list of 4 items``…"""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} item{'s' if len(value) != 1 else ''}"
    kind = type(value).__name__
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} ({_short(value)})"


def _fmt(x: Any) -> str:
    return f"{x:.6g}" if isinstance(x, (float, np.floating)) else str(x)


def _distinct(got: Any, expected: Any) -> tuple[str, str]:
    """``got`` and ``expected`` printed with just enough digits that they never read the same."""
    for digits in (6, 8, 10, 12, 14, 17):
        shown, wanted = (f"{v:.{digits}g}" if isinstance(v, (float, np.floating)) else str(v)
                         for v in (got, expected))
        if shown != wanted:
            return shown, wanted
    return repr(got), repr(expected)


def friendly_errors(explainers: Mapping[type, Callable[[BaseException], str | None]] | None = None) -> None:
    """In a notebook, explain unfinished steps and missing names in one line, without a traceback.

    ``raise NotImplementedError`` (a step still to write) and a ``NameError`` (a variable whose
    cell has not been run yet) get a short note. Running all cells still stops at the first
    unfinished step, so no later cell fails with a confusing error. NumPy's usual errors in the
    student's own code (shapes that do not broadcast, a matrix product whose sizes do not match,
    a list where an array belongs, an index past the end) get one sentence too. ``explainers`` maps
    further error types to functions that return a note for an error they recognise (or ``None``:
    the usual traceback is shown). Outside IPython: no effect.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        chain = [*dict(explainers or {}).items(), *((kind, explain_numpy_error) for kind in NUMPY_ERRORS)]
        handler = functools.partial(_explain_in_notebook, explainers=chain)
        shell.set_custom_exc((NotImplementedError, NameError, *(kind for kind, _ in chain)), handler)


NUMPY_ERRORS = (ValueError, TypeError, IndexError, AttributeError)
_NUMPY_NOTES = (
    (r"truth value of an array",
     "an `if` (or `and`, `or`, `max`) asks one yes/no question, but an array holds one answer per "
     "element: compare the whole array at once instead (np.where, or arithmetic on the comparison)."),
    (r"has no attribute 'astype'",
     "with plain Python numbers a comparison gives a Python bool, which has no `.astype`: turn the "
     "inputs into NumPy arrays first (np.asarray)."),
    (r"converted to Python scalars",
     "`int(...)`, `float(...)` and `math.exp` take one number, not an array: use NumPy's functions, "
     "which work on every element at once."),
    (r"Cannot cast ufunc '(\w+)' output",
     "`*=`, `+=` and `-=` write into the array itself: an integer array cannot hold fractions, and the "
     "caller's data would change — compute into a new name instead."),
    (r"ufunc 'bitwise_xor' not supported|unsupported operand type\(s\) for \^",
     "`^` is bitwise XOR in Python, not a power: write squares as `** 2`."),
    (r"operands could not be broadcast together with shapes (\S+) (\S+)",
     "NumPy cannot combine arrays of shapes {0} and {1} element by element: print each array's "
     "`.shape` and look for a missing reshape, a transpose or the wrong axis."),
    (r"matmul: .*\(size (\d+) is different from (\d+)\)",
     "a matrix product A @ B needs as many columns in A as rows in B (here {0} and {1}): check the "
     "order of the factors, or a transpose."),
    (r"shapes (\(.*?\)) and (\(.*?\)) not aligned",
     "np.dot cannot multiply shapes {0} and {1}: the inner sizes must match (check the order, or a transpose)."),
    (r"can't multiply sequence by non-int|unsupported operand type\(s\) for .*'(?:list|tuple)'",
     "arithmetic on a Python list or tuple does not act element by element: make it an array with "
     "np.array(...) first."),
    (r"unsupported operand type\(s\) for .*'str'|must be real number, not str|not 'str'",
     "a string (text) got into arithmetic: check what the values are — e.g. a dict's keys are strings, "
     "so unpacking or zipping a dict gives its keys, not its numbers."),
    (r"ufunc 'bitwise_(?:and|or)' not supported",
     "`&` and `|` work on booleans and integers only: compare first (`a > 0`), or use np.logical_and / "
     "np.minimum, which also take 0.0 and 1.0."),
    (r"index (-?\d+) is out of bounds for axis (\d+) with size (\d+)",
     "index {0} is past the end of axis {1}, which has {2} entries (numbered 0 to {2} − 1)."),
    (r"cannot reshape array of size (\d+) into shape (\S+)",
     "an array of {0} numbers cannot be reshaped to {1}: the sizes must multiply to the same count."),
)


def explain_numpy_error(error: BaseException) -> str | None:
    """One ❌ sentence for a usual NumPy error raised in the student's own code; ``None`` for others."""
    import re

    text = str(error)
    for pattern, note in _NUMPY_NOTES:
        match = re.search(pattern, text)
        if match:
            line = where_it_failed(error) if error.__traceback__ else ""
            return f"❌ {type(error).__name__}: {note.format(*match.groups())}{line}"
    return None


def missing_name_note(name: str | None, namespace: Mapping) -> str | None:
    """The ⏳ note for a name that does not exist: a cell not run yet, a typo, or missing quotes."""
    if not name:
        return None
    import difflib

    note = f"⏳ `{name}` does not exist yet. If a cell above defines it, run (or finish) that cell first"
    names = [n for n in namespace if not n.startswith("_")]
    close = ([n for n in names if n.lower() == name.lower()]
             or [n for n in names if sorted(n) == sorted(name)]  # two letters swapped
             or difflib.get_close_matches(name, names, n=1, cutoff=0.85))
    if close:
        note += f"; if you meant `{close[0]}`, check the spelling (Python tells {name} and {close[0]} apart)"
    if name.isalpha() and name.lower() in {*_YES_NO.values(), *_YES_NO, "overfitting", "underfitting"}:
        note += f'; if it is a word answer, put it in quotes: "{name}"'
    return note + "."


def _explain_in_notebook(shell, etype, value, tb, tb_offset=None, explainers=()) -> list[str]:
    """IPython's custom-exception handler: show a friendly note as the cell's error output."""
    if issubclass(etype, NameError):
        lines = [missing_name_note(getattr(value, "name", None), shell.user_ns) or f"⏳ {value}"]
    elif issubclass(etype, NotImplementedError):
        frames = traceback.extract_tb(tb)
        where, function = frames[-1], unfinished_function(value)
        place = (f"in `{function}`, line {where.lineno} of the cell that defines it" if len(frames) > 1 and function
                 else f"line {where.lineno}")
        lines = [f"⏳ Not finished yet: {value or 'this step'}.",
                 f"   Replace `raise NotImplementedError` ({place}) with your code, "
                 "then run the cells from here down."]
    else:
        notes = (explain(value) for kind, explain in (explainers or ()) if issubclass(etype, kind))
        note = next((n for n in notes if n), None)
        lines = note.splitlines() if note else shell.InteractiveTB.structured_traceback(
            etype, value, tb, tb_offset=tb_offset)
    shell._showtraceback(etype, value, lines)
    return lines


def check_choice(name: str, answer: Any, choices: Mapping[str, str], right: str | Iterable[str], *,
                 hint: str = "", aliases: Mapping[str, str] | None = None) -> None:
    """A decision or prediction step: ``answer`` must be one of ``choices`` (answer → why).

    Answers are read leniently (case, spaces, ``True``/``False`` as "yes"/"no"; ``aliases`` maps
    other words for a choice to it, e.g. ``{"blows up": "diverges"}``, without listing them); every
    right answer passes and prints its reason, a wrong one stops with the reason it is wrong, and
    anything else lists the choices to pick from.
    """
    right = {right} if isinstance(right, str) else set(right)
    given = _normalise_choice(answer)
    options = {_normalise_choice(choice): choice for choice in choices}
    options.update({_normalise_choice(alias): choice for alias, choice in (aliases or {}).items()})
    if given not in options:
        listed = ", ".join(repr(choice) for choice in choices)
        shown = repr(answer) if isinstance(answer, str) else describe(answer)
        raise failure(f"{name} is {shown}, which is not one of the answers: answer with one of {listed}.", hint)
    choice = options[given]
    if choice not in right:
        raise failure(f"{name} = {choice!r} is not right: {choices[choice]}", hint)
    print(f"✅ {name} = {choice!r}: {choices[choice]}")


_YES_NO = {"y": "yes", "true": "yes", "예": "yes", "네": "yes", "n": "no", "false": "no",
           "아니요": "no", "아니오": "no", "아니": "no"}


def _normalise_choice(answer: Any) -> str:
    if isinstance(answer, (bool, np.bool_)):
        return "yes" if answer else "no"
    text = " ".join(str(answer).strip().lower().replace("_", " ").replace("-", " ").split()).strip(".!?,;: ")
    return _YES_NO.get(text, text)
