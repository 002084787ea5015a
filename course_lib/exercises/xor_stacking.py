"""Exercise 04's steps: a perceptron, gate weights the student finds, XOR by stacking the student's
gates, the collapse of three linear layers (column convention, derived), two predictions about XOR,
and ELU with its derivative checked numerically.

Each step checks the student's answer against the lesson library (`course_lib.logic_gates`,
`course_lib.activations`, `course_lib.xor_network`) on fresh copies of its inputs. Messages name a
truth table's rows by their inputs, "(x1, x2) = (1, 0)", and a curve's points by their x, and name
the usual mistakes: ≥ where > belongs, True/False for 1/0, text for weights, a hard-coded column,
NAND with AND's signs, the wrong gate last, XOR computed without the gates, W1·W2·W3 for W3·W2·W1,
a bias that skipped a layer, ELU's branches swapped, α where α·eˣ belongs, a forward difference
where a central one was asked, a loop (np.vectorize included) where the step asks for array code.
The gates and XOR are watched while they run (the student's perceptron and gates recorded): a gate
must be the student's perceptron with the student's weights, in the interface's argument order.
Any weights that give the right truth table pass, and any stack of the student's gates, of any
depth, that computes XOR.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import inspect
import io
import itertools
import numbers

import numpy as np

from .. import activations, checks, data, gradient_check, logic_gates, xor_network
from . import names_called, steps_of

step = steps_of("04_xor_stacking")
GATES = ("AND", "NAND", "OR")
GATE_FUNCTIONS = ("and_gate", "nand_gate", "or_gate")  # the student's gates of step 3

# The collapse step's shape errors, explained in its own terms (checks explains NumPy's general ones).
CHAIN = ("the matrix shapes do not chain: in the column convention W1 meets x first, so it stands on "
         "the right of every product, W3·W2·W1 (each W has one row per output and one column per input)")
ARRAY_SLIPS = (
    ("mismatch in its core dimension", CHAIN),
    ("not aligned", CHAIN),
    ("could not be broadcast", "two arrays of different sizes were added: a bias has its own layer's size "
                               "and must pass through every later layer's W before it meets their biases"),
)


def explain_error(error: BaseException) -> str | None:
    """One ❌ sentence for a slip of :data:`ARRAY_SLIPS` raised in the student's own cell, else None.

    For ``checks.friendly_errors(ex.EXPLAINERS)`` in the exercise's first cell.
    """
    note = next((why for pattern, why in ARRAY_SLIPS if pattern in str(error)), None)
    return f"❌ {type(error).__name__}: {note}{checks.where_it_failed(error)}." if note else None


EXPLAINERS = {ValueError: explain_error}


def inputs() -> tuple[np.ndarray, np.ndarray]:
    """The four inputs (x1, x2) in the slides' row order 00, 10, 01, 11, as fresh integer arrays."""
    x1, x2 = logic_gates.INPUTS.T
    return x1.copy(), x2.copy()


def truth_tables() -> dict[str, np.ndarray]:
    """The slides' truth tables of AND, NAND, OR and XOR on :func:`inputs`, as fresh integer arrays."""
    table = data.load_table("logic_gates")
    return {name: table[name.lower()] for name in (*GATES, "XOR")}


# --- calling the student's code -------------------------------------------------------------------

def _run(func, call: str, args: tuple):
    """``checks.call_student``, with the collapse step's own note on a shape error (🔎)."""
    try:
        return checks.call_student(func, call, args)
    except checks.CheckFailed as failed:
        note = next((why for pattern, why in ARRAY_SLIPS if pattern in str(failed)), "")
        if not note:
            raise
        raise checks.CheckFailed(f"{failed}\n🔎 {note}.") from None


def _short(value) -> str:
    if isinstance(value, np.ndarray):
        small = value.ndim < 2 and value.size <= 4
        return np.array2string(value, separator=", ") if small else f"<array of shape {value.shape}>"
    if callable(value):
        return checks.function_name(value, "f")
    return repr(value)


def _number(value) -> str:
    value = float(value)
    return f"{value:g}" if value == round(value, 4) else f"{value:.8g}"


def _is_bool(value) -> bool:
    return isinstance(value, (bool, np.bool_)) or (isinstance(value, np.ndarray) and value.dtype == bool)


def _one_item_tuple(got, expected) -> bool:
    return isinstance(got, tuple) and len(got) == 1 and not (isinstance(expected, tuple) and len(expected) == 1)


def _problem(got, expected, entry, zero_one: bool, names=None):
    """How ``got`` differs from ``expected``, naming a wrong entry with ``entry(i)``; None if equal."""
    if _one_item_tuple(got, expected):
        return (f"is a tuple holding one item, ({_short(got[0])},): a comma after the value, as in "
                "`return value,`, makes a tuple — drop the trailing comma.")
    if zero_one and _is_bool(got):
        return ("gives True/False, but a perceptron outputs the numbers 1 and 0: turn the comparison's "
                "True/False into integers.")
    if not (isinstance(expected, np.ndarray) and expected.ndim and isinstance(got, np.ndarray)
            and got.shape == expected.shape and np.issubdtype(got.dtype, np.number)):
        return checks.explain_mismatch(got, expected, names=names)
    if np.isnan(got).any() and not np.isnan(expected).any():
        return checks.explain_mismatch(got, expected)
    wrong = np.flatnonzero(~np.isclose(got, expected, rtol=1e-6, atol=1e-9).ravel())
    if not wrong.size:
        return None
    i = int(wrong[0])
    return (f"is wrong at {wrong.size} of {expected.size} {entry(None)}; first at {entry(i)}: "
            f"got {_number(got.ravel()[i])}, expected {_number(expected.ravel()[i])}.")


def _same(got, value) -> bool:
    if _is_bool(got) != _is_bool(value):
        return False
    try:
        return checks.explain_mismatch(got, value) is None
    except Exception:
        return False


def _named_mistake(mistakes: dict, results: list, got, expected) -> str:
    """The known mistake that explains the student's result on every case run, else a generic one.

    Nothing when the values are right and only their kind is not (True/False, a list): the
    message has said so already.
    """
    if _one_item_tuple(got, expected):
        return ""
    try:
        if np.shape(got) == np.shape(expected) and np.allclose(np.asarray(got, dtype=float),
                                                               np.asarray(expected, dtype=float)):
            return ""
    except Exception:
        pass
    named = checks.explaining_mistakes(mistakes, [(args, {}, result) for args, result in results],
                                       checks.RTOL, checks.ATOL)
    if named:
        return f"\n🔎 It looks like {next(iter(named))}."
    if isinstance(expected, tuple) and isinstance(got, (tuple, list)) and len(got) == len(expected):
        got, expected = next(((g, e) for g, e in zip(got, expected) if not _same(g, e)), (got, expected))
    generic = checks.generic_mistake(got, expected)
    return f"\n🔎 It looks like {generic}." if generic else ""


def _check_cases(func, reference, cases, *, entry, mistakes=None, zero_one=False, names=None,
                 no_loop=False) -> None:
    """Run the student's ``func`` and ``reference`` on every case (copies); print ✅ or stop with ❌.

    ``no_loop``: a right function written with a loop is sent back (the step asks for array code).
    """
    if not callable(func):
        raise checks.failure(f"expected a function, got {checks.describe(func)}: pass the function "
                             "itself, its name without brackets.")
    name = checks.function_name(func)
    results = []
    for index, args in enumerate(cases):
        call = f"{name}({', '.join(_short(a) for a in args)})"
        expected = reference(*copy.deepcopy(args))
        given = copy.deepcopy(args)
        got = _run(func, call, given)
        changed = checks.changed_inputs(args, {}, given, {}, func)
        if changed:
            raise checks.failure(f"{call} changed its input `{changed}` in place: work on a copy or build "
                                 "a new array, so that the caller's data stay as they were.")
        results.append((args, got))
        problem = _problem(got, expected, lambda i, a=args: entry(a, i), zero_one, names)
        if problem:
            results += _other_results(func, cases[index + 1:])
            note = _reads_rows(func) or _named_mistake(mistakes, results, got, expected)
            raise checks.failure(f"{call} {problem}{note}")
    loop = checks.loop_in(func) if no_loop else None
    if loop:
        raise checks.failure(f"{name} gives the right numbers, but with {loop}: this step asks for NumPy "
                             "operations on whole arrays at once.")
    print(f"✅ {name}: {len(cases)} of {len(cases)} cases pass.")


def _other_results(func, cases) -> list:
    results = []
    for args in cases:
        try:
            results.append((args, func(*copy.deepcopy(args))))
        except Exception:
            continue
    return results


def _row(args, i) -> str:
    """Name a truth table's entry by its inputs: "(x1, x2) = (1, 0)"; ``i=None``: the word for entries."""
    if i is None:
        return "rows"
    x1, x2 = (np.broadcast_to(np.asarray(a), np.shape(args[0])).ravel() for a in args[:2])
    return f"(x1, x2) = ({_number(x1[i])}, {_number(x2[i])})"


def _point(position: int):
    """Name an entry of a curve by its x, the argument at ``position``."""
    def entry(args, i) -> str:
        return "points" if i is None else f"x = {_number(np.ravel(args[position])[i])}"
    return entry


# --- step 1: the perceptron -----------------------------------------------------------------------

def _perceptron_cases() -> list[tuple]:
    x1, x2 = inputs()
    rng = np.random.default_rng(4)
    u1, u2 = rng.uniform(-1, 2, size=(2, 6)).round(2)
    return [(x1, x2, 0.5, 0.5, -0.7), (x1, x2, 0.5, 0.5, -0.5), (x1, x2, -0.5, -0.5, 0.7),
            (u1, u2, 1.0, -2.0, 0.1), (1, 0, 0.5, 0.5, -0.2), (0, 1, 2, -1, 0)]


def _stepped(total):
    return (np.asarray(total) > 0).astype(int)


PERCEPTRON_MISTAKES = {
    "you used ≥ 0 where the step needs > 0: a weighted sum of exactly 0 (a point on the line) gives 0":
        lambda x1, x2, w1, w2, b: (b + w1 * np.asarray(x1) + w2 * np.asarray(x2) >= 0).astype(int),
    "you returned the weighted sum itself: the perceptron outputs 1 where it is > 0 and 0 elsewhere":
        lambda x1, x2, w1, w2, b: b + w1 * np.asarray(x1) + w2 * np.asarray(x2) + 0.0,
    "the bias b is left out of the weighted sum":
        lambda x1, x2, w1, w2, b: _stepped(w1 * np.asarray(x1) + w2 * np.asarray(x2)),
    "the bias is subtracted: the slides add it, b + w1·x1 + w2·x2":
        lambda x1, x2, w1, w2, b: _stepped(w1 * np.asarray(x1) + w2 * np.asarray(x2) - b),
    "w1 and w2 are swapped: w1 multiplies x1 and w2 multiplies x2":
        lambda x1, x2, w1, w2, b: _stepped(b + w2 * np.asarray(x1) + w1 * np.asarray(x2)),
    "the outputs are flipped: 1 belongs where the sum is > 0, 0 where it is ≤ 0":
        lambda x1, x2, w1, w2, b: 1 - _stepped(b + w1 * np.asarray(x1) + w2 * np.asarray(x2)),
    "np.sign gives −1 for a negative sum, but the perceptron gives 0 there":
        lambda x1, x2, w1, w2, b: np.sign(b + w1 * np.asarray(x1) + w2 * np.asarray(x2)),
    "the weights are fixed inside your function: use its arguments w1, w2 and b":
        lambda x1, x2, w1, w2, b: logic_gates.perceptron(x1, x2, *logic_gates.GATE_WEIGHTS["AND"]),
}

STALE_NAMES = {"x1", "x2", "inputs"}  # global names through which a function reads the notebook's rows


def _reads_rows(func) -> str:
    """A 🔎 line when ``func`` reads the notebook's rows (global x1, x2) instead of its arguments, else ""."""
    read = [n for n in ("x1", "x2", "inputs") if n in STALE_NAMES & set(names_called(func))]
    if not read:
        return ""
    try:
        own = ", ".join(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        own = "its arguments"
    names = ("global names " if len(read) > 1 else "global name ") + ", ".join(f"`{n}`" for n in read)
    return (f"\n🔎 It looks like your function reads the notebook's four rows through the {names}, "
            f"not the inputs it is given ({own}): a global name means the notebook's rows whatever the function "
            "is called with — compute from its own arguments.")


def _ignores_its_inputs(func, wrong) -> dict:
    """``wrong`` (what a function that ignores its x1, x2 gives), described by what ``func`` reads."""
    if STALE_NAMES & set(names_called(func)):
        what = ("your function reads the notebook's four rows x1, x2 (global names), not the inputs it is "
                "given: compute from its own arguments")
    else:
        what = ("your function gives the same column whatever its inputs, as if the slides' table were "
                "written into it: compute it from the arguments, so that it works on any rows and on single numbers")
    return {what: wrong}


@step
def perceptron(func) -> None:
    """``perceptron(x1, x2, w1, w2, b)``: 1 where b + w1·x1 + w2·x2 > 0, else 0, on arrays or numbers."""
    stale = _ignores_its_inputs(func, lambda x1, x2, w1, w2, b: logic_gates.perceptron(*inputs(), w1, w2, b))
    _check_cases(func, logic_gates.perceptron, _perceptron_cases(), entry=_row,
                 mistakes={**PERCEPTRON_MISTAKES, **stale}, zero_one=True, no_loop=True)


# --- steps 2 and 3: the gates ---------------------------------------------------------------------

GATE_ADVICE = {
    ("NAND", "AND"): "NAND is NOT AND: flip the sign of both weights and of the bias",
    ("AND", "NAND"): "the signs are flipped: NAND is AND with every sign changed",
    ("OR", "AND"): "OR must fire when only one input is 1: keep the weights and raise the bias",
    ("AND", "OR"): "AND must stay 0 when only one input is 1: lower the bias so that it takes both",
    ("NAND", "NOR"): "NOR is NOT OR; NAND is NOT AND, so it stays 1 when one input is 1",
    ("OR", "NAND"): "the signs are flipped: OR has positive weights",
}


def _gate_advice(target: str, table) -> str:
    """Which gate the table is, and what to change to get ``target`` instead."""
    got = xor_network.gate_name(table)
    advice = GATE_ADVICE.get((target, got))
    if got.startswith("always"):
        advice = "the line misses all four inputs: the bias is too large or too small for the weights"
    return f"these rows are {got}, not {target}" + (f" — {advice}" if advice else "")


def _row_index(x1, x2):
    """The row of the truth table (00, 10, 01, 11) of 0/1 inputs, for arrays and numbers."""
    return np.asarray(x1).astype(int) + 2 * np.asarray(x2).astype(int)


def _gate_mistakes(target: str, func) -> dict:
    """Every other gate of two inputs, as a mistake that names it (works on arrays and numbers)."""
    def lookup(outputs):
        return lambda x1, x2: np.array(outputs)[_row_index(x1, x2)]
    mistakes = {_gate_advice(target, outputs): lookup(outputs)
                 for outputs in xor_network.GATE_NAMES if xor_network.gate_name(outputs) != target}
    reference = logic_gates.GATES[target]
    return {**mistakes, **_ignores_its_inputs(func, lambda x1, x2: reference(*inputs()))}


def _not_three_numbers(label: str, weights) -> str | None:
    """Why ``weights`` is not three numbers (text, True/False, another count), else None."""
    try:
        values = list(weights) if not isinstance(weights, (str, bytes)) else None
    except TypeError:
        values = None
    if values is None or len(values) != 3:
        return f"{label} is {checks.describe(weights)}; give three numbers (w1, w2, b)."
    text = next((v for v in values if isinstance(v, (str, bytes, np.str_))), None)
    if text is not None:
        return (f"{label} holds the text {str(text)!r} (a string, in quotes), which a perceptron cannot "
                "multiply: write the weights as numbers, without quotes (0.5, not '0.5').")
    odd = next((v for v in values if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real)), None)
    if odd is not None:
        return f"{label} holds {checks.describe(odd)}; give three numbers (w1, w2, b)."
    return None


def _weights_problem(label: str, weights, target: str, expected) -> str | None:
    """Why ``weights`` do not make ``target``: the first wrong row with its weighted sum; None if right."""
    problem = _not_three_numbers(label, weights)
    if problem:
        return problem
    w1, w2, b = (float(w) for w in weights)
    if not all(np.isfinite((w1, w2, b))):
        return f"{label} holds NaN or infinity; give three ordinary numbers (w1, w2, b)."
    x1, x2 = inputs()
    got = logic_gates.perceptron(x1, x2, w1, w2, b)
    if np.array_equal(got, expected):
        return None
    i = int(np.flatnonzero(got != expected)[0])
    total = b + w1 * x1[i] + w2 * x2[i]
    side = "> 0, so the perceptron says 1" if total > 0 else "≤ 0, so the perceptron says 0"
    on_line = " (exactly 0: a point on the line gives 0, since > 0 is strict)" if total == 0 else ""
    return (f"{label} = ({_number(w1)}, {_number(w2)}, {_number(b)}): on (x1, x2) = ({x1[i]}, {x2[i]}), "
            f"b + w1·x1 + w2·x2 = {_number(total)} {side}{on_line}, but {target} is {expected[i]} there."
            f"\n🔎 {_weights_advice(label, (w1, w2, b), target, got, expected)}")


def _weights_advice(label: str, weights, target: str, got, expected) -> str:
    """The 🔎 sentence for wrong weights: (b, w1, w2) order, a point exactly on the line, or the gate they make."""
    w1, w2, b = weights
    x1, x2 = inputs()
    if np.array_equal(logic_gates.perceptron(x1, x2, w2, b, w1), expected):
        return (f"These look like (b, w1, w2), the bias first: read in the order the perceptron takes them, "
                f"(w1, w2, b) = ({_number(w2)}, {_number(b)}, {_number(w1)}), they give {target}. Write "
                f"{label} as (w1, w2, b), the bias last.")
    totals = b + w1 * x1 + w2 * x2
    on_line = [(int(u), int(v)) for u, v, z, g, e in zip(x1, x2, totals, got, expected) if z == 0 and g != e]
    if on_line:
        points = " and ".join(f"({u}, {v})" for u, v in on_line)
        return (f"The line passes exactly through {points}: z = b + w1·x1 + w2·x2 = 0 there, and > 0 is strict, "
                f"so the perceptron says 0 where {target} is 1. Raise b a little, so that z > 0 there.")
    advice = _gate_advice(target, got)
    return f"{advice[0].upper()}{advice[1:]}."


@step
def gate_weights(and_weights, nand_weights, or_weights) -> None:
    """Three (w1, w2, b) that make the perceptron AND, NAND and OR; any weights with the right table pass."""
    tables = truth_tables()
    given = {"and_weights": and_weights, "nand_weights": nand_weights, "or_weights": or_weights}
    for (label, weights), target in zip(given.items(), GATES):
        problem = _weights_problem(label, weights, target, tables[target])
        if problem:
            raise checks.failure(problem)
    print("✅ gate_weights: your three perceptrons give the truth tables of AND, NAND and OR.")


def _gate_cases() -> list[tuple]:
    """The four rows, the rows in another order (11, 00, 10, 01), single numbers, and float rows."""
    x1, x2 = inputs()
    shuffled = [3, 0, 1, 2]
    return [(x1, x2), (x1[shuffled], x2[shuffled]), (1, 1), (0, 1), (1, 0), (x1.astype(float), x2.astype(float))]


WEIGHT_NAMES = dict(zip(GATES, ("and_weights", "nand_weights", "or_weights")))  # the student's step 2


def _as_weights(value) -> tuple | None:
    """``value`` as three floats (w1, w2, b), or None when it is not three numbers."""
    if _not_three_numbers("", value):
        return None
    return tuple(float(v) for v in value)


def _same_weights(a, b) -> bool:
    return a is not None and b is not None and np.allclose(a, b)


def _call_text(args, rows) -> str:
    shown = ("x1" if _equal(a, rows[0]) else "x2" if _equal(a, rows[1]) else _short(a) for a in args)
    return f"perceptron({', '.join(shown)})"


def _gate_wiring(func, label: str, target: str) -> tuple[str | None, str | None]:
    """How the gate ``func`` uses the student's perceptron and weights, seen by recording its calls.

    Returns (a slip that explains wrong rows, named before the rows are compared; a slip of a gate
    whose rows are right), each None when there is none.
    """
    if (getattr(func, "__module__", None) or "").startswith("course_lib"):
        return None, (f"`{label}` is the lesson's function, not yours: this step makes each gate your "
                      "`perceptron` of step 1 with your weights of step 2.")
    namespace = getattr(func, "__globals__", None) or {}
    try:
        _, calls, result, rows = _recorded_run(func, needed=("perceptron",))
    except Exception:
        return None, None  # comparing the rows explains the error
    own = [(args, out) for name, args, out in calls if name == "perceptron"]
    weights = {gate: _as_weights(namespace.get(name)) for gate, name in WEIGHT_NAMES.items()}
    for args, _ in own:
        if not any(_equal(args[0], row) for row in rows) and any(_equal(a, row) for a in args[2:] for row in rows):
            return (f"`{label}` calls `{_call_text(args, rows)}`: the inputs x1, x2 are not its first two "
                    "arguments, but your perceptron's interface is perceptron(x1, x2, w1, w2, b) — the two "
                    "inputs first, then the three weights."), None
        passed = _as_weights(args[2:5]) if len(args) == 5 else None
        other = next((g for g, w in weights.items() if g != target and _same_weights(passed, w)
                      and not _same_weights(passed, weights[target])), None)
        if other:
            return (f"`{label}` passes your `{WEIGHT_NAMES[other]}` to `perceptron`: the weights of {target} "
                    f"are `{WEIGHT_NAMES[target]}`."), None
    steps = "your `perceptron` of step 1 with your weights of step 2"
    if not own:
        via = next((name for name, _, _ in calls if name in GATE_FUNCTIONS), None)
        if via:
            return None, (f"`{label}` gives {target}'s rows through your `{via}`, not through your `perceptron` "
                          f"with `{WEIGHT_NAMES[target]}`: this step makes each gate {steps}.")
        if not callable(namespace.get("perceptron")):
            return None, (f"`{label}` gives {target}'s rows, but no `perceptron` exists where it was written: "
                          f"run step 1's cell first — this step makes each gate {steps}.")
        return None, (f"`{label}` gives {target}'s rows without calling your `perceptron`: this step makes each "
                      f"gate {steps}, not a formula of its own (a product, 1 − a·b, a maximum, a comparison).")
    match = next((args for args, out in own if _equal(out, result)), None)
    if match is None:
        return None, (f"`{label}` calls your `perceptron` but returns something else than its output (it "
                      "changes the result with arithmetic or a comparison): return what perceptron gives.")
    passed = _as_weights(match[2:5]) if len(match) == 5 else None
    if weights[target] is not None and passed is not None and not _same_weights(passed, weights[target]):
        mine = ", ".join(_number(w) for w in weights[target])
        return None, (f"`{label}` calls `{_call_text(match, rows)}`: those are not your "
                      f"`{WEIGHT_NAMES[target]}` = ({mine}) from step 2 — use your weights.")
    return None, None


def _check_gate(func, label: str, target: str) -> None:
    """One gate of step 3: its wiring to the student's perceptron and weights, and its rows."""
    early, late = _gate_wiring(func, label, target) if callable(func) else (None, None)
    if early:
        raise checks.failure(early)
    with contextlib.redirect_stdout(io.StringIO()) as passed:
        _check_cases(func, logic_gates.GATES[target], _gate_cases(), entry=_row,
                     mistakes=_gate_mistakes(target, func), zero_one=True)
    if late:
        raise checks.failure(late)
    print(passed.getvalue().rstrip())


@step
def gates(and_gate, nand_gate, or_gate) -> None:
    """``and_gate``, ``nand_gate``, ``or_gate`` of (x1, x2): each the student's perceptron with the student's
    weights, 0/1 outputs on arrays and on single numbers."""
    for func, label, target in zip((and_gate, nand_gate, or_gate), GATE_FUNCTIONS, GATES):
        _check_gate(func, label, target)


# --- steps 4 and 5: XOR -----------------------------------------------------------------------------

def _one_perceptron_choices() -> dict[str, str]:
    n_angles, n_offsets = 360, 401
    correct, _ = logic_gates.best_single_line(logic_gates.xor_targets(), n_angles, n_offsets)
    tried = n_angles * n_offsets
    reason = (f"one perceptron is one straight line, and no line puts XOR's 1s (10 and 01) on one side and "
              f"its 0s (00 and 11) on the other: the best of {tried:,} lines gets {correct} of 4 rows right. "
              "In algebra: 10 and 01 need w1 + b > 0 and w2 + b > 0, so w1 + w2 + b > −b ≥ 0 (00 needs "
              "b ≤ 0), and 11 would give 1.")
    return {"yes": reason, "no": f"right: {reason[0].lower()}{reason[1:]}"}


@step
def one_perceptron_xor(answer) -> None:
    """Predict: can a single perceptron compute XOR? ("yes" or "no")."""
    checks.check_choice("one_perceptron_xor", answer, _one_perceptron_choices(), right="no")


XOR_ADVICE = {
    "always 1": "every row gives 1: the last gate lets everything through (an OR last, or OR of two "
                "complementary signals such as AND and NAND); the second layer must say 1 only when "
                "both of its inputs say 1",
    "XNOR": "you get XNOR, NOT XOR: the last gate is a NAND where a gate that needs both inputs belongs",
    "AND": "you get AND: the first layer must switch off the row 11 (one gate that is 0 only there)",
    "OR": "you get OR: nothing switches off the row 11 — one first-layer gate must be 0 only there",
    "NAND": "you get NAND: nothing switches off the row 00 — one first-layer gate must be 0 only there",
    "always 0": "every row gives 0: the two first-layer signals are never 1 together, so the last AND "
                "never fires (AND with NAND are opposites; pair NAND with OR)",
}


def _xor_mistakes(func) -> dict:
    mistakes = {}
    for outputs in xor_network.GATE_NAMES:
        name = xor_network.gate_name(outputs)
        if name != "XOR":
            mistakes[XOR_ADVICE.get(name, f"your stack computes {name}, not XOR")] = \
                (lambda table: lambda x1, x2: np.array(table)[_row_index(x1, x2)])(outputs)
    return {**mistakes, **_ignores_its_inputs(func, lambda x1, x2: logic_gates.XOR(*inputs()))}


def _recorded_run(func, needed=GATE_FUNCTIONS):
    """Run ``func`` on the four rows with the student's gates (and perceptron) of its globals replaced
    for that one call by wrappers that record each call made by ``func`` itself (not by a gate).

    Returns (gates found, calls as (name, arguments in the callee's order, output), func's result, its
    rows x1 and x2). Nothing is watched when none of the ``needed`` names exists where func was written.
    """
    namespace = getattr(func, "__globals__", None) or {}
    if not any(callable(namespace.get(n)) for n in needed):
        return [], [], None, inputs()
    originals = {n: namespace[n] for n in (*GATE_FUNCTIONS, "perceptron") if callable(namespace.get(n))}
    calls, depth = [], [0]

    def recording(name, original):
        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            depth[0] += 1
            try:
                out = original(*args, **kwargs)
            finally:
                depth[0] -= 1
            if depth[0] == 0:
                calls.append((name, _in_order(original, args, kwargs), out))
            return out
        return wrapper

    x1, x2 = inputs()
    try:
        namespace.update({n: recording(n, f) for n, f in originals.items()})
        result = func(x1, x2)
    finally:
        if originals:
            namespace.update(originals)
    return [n for n in originals if n != "perceptron"], calls, result, (x1, x2)


def _in_order(func, args, kwargs) -> tuple:
    """A call's arguments in the order of ``func``'s parameters (keywords put in their place)."""
    try:
        return tuple(inspect.signature(func).bind(*args, **kwargs).arguments.values())
    except (TypeError, ValueError):
        return (*args, *kwargs.values())


def _equal(a, b) -> bool:
    try:
        return np.shape(a) == np.shape(b) and np.array_equal(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    except (TypeError, ValueError):
        return False


def _stacking_problem(func) -> str | None:
    """Why ``xor_gate`` is not a stack of the student's gates only (None when it is)."""
    try:
        found, calls, result, rows = _recorded_run(func)
    except Exception:
        return None  # it ran on these rows in the value check: nothing more to learn here
    gates = ", ".join(f"`{n}`" for n in GATE_FUNCTIONS)
    own = next((args for name, args, _ in calls if name == "perceptron"), None)
    if own is not None:
        weights = ", ".join(_short(a) for a in own[2:])
        return (f"xor_gate gives XOR's table, but it calls `perceptron` itself, with weights of its own "
                f"({weights}): this step builds XOR only from your three gates {gates}, with no new weights.")
    if not calls:
        where = "" if found else (" (none of them exists where `xor_gate` was defined: run the cells of "
                                  "step 3 first)")
        return (f"xor_gate gives XOR's table, but without calling your gates {gates}{where}: this step builds "
                "XOR by stacking those gates, not by computing it another way (a comparison, arithmetic, %, "
                "or the lesson's functions).")
    outputs = []
    for name, args, out in calls:
        stray = next((a for a in args if not any(_equal(a, known) for known in (*rows, *outputs))), None)
        if stray is not None:
            return (f"`{name}` inside xor_gate reads {_short(stray)}, which is neither x1, x2 nor the output "
                    "of a gate before it: in a stack, every gate reads the inputs or earlier gates' outputs, "
                    "nothing computed another way.")
        outputs.append(out)
    if not any(_equal(result, out) for out in outputs):
        return (f"xor_gate calls your gates, but its result {_short(result)} is not the output of any of "
                "them: it combines their outputs with arithmetic or a comparison (such as or_gate(…) − "
                "and_gate(…)). Let a gate of the second layer combine the first layer's outputs.")
    return None


def _check_gates_called_by(func) -> None:
    """Re-check, quietly, each of the student's gates that ``func`` calls, so a slip there is not blamed on XOR."""
    namespace = getattr(func, "__globals__", None) or {}
    called = names_called(func) if callable(func) else []
    for label, target in zip(GATE_FUNCTIONS, GATES):
        if label not in called or not callable(namespace.get(label)):
            continue
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                _check_gate(namespace[label], label, target)
        except checks.CheckFailed as failed:
            reason = str(failed).removeprefix("❌ ").split("\n💡")[0]
            raise checks.failure(
                f"your `xor_gate` calls your `{label}`, which is not right yet: {reason}\n"
                "   Fix it first (step 3's check: ex.gates.check(and_gate, nand_gate, or_gate)).") from None
        except Exception:
            continue


@step
def xor_gate(func) -> None:
    """``xor_gate(x1, x2)``: XOR from layers of the student's own gates only, on arrays and single numbers."""
    _check_gates_called_by(func)
    with contextlib.redirect_stdout(io.StringIO()) as passed:
        _check_cases(func, logic_gates.XOR, _gate_cases(), entry=_row, mistakes=_xor_mistakes(func),
                     zero_one=True)
    problem = _stacking_problem(func)
    if problem:
        raise checks.failure(problem)
    print(passed.getvalue().replace("pass.", "pass, and it is built from your gates only.").rstrip())


# --- step 6: three linear layers are one (column convention) --------------------------------------

def _collapse_cases() -> list[tuple]:
    """Three layers W·h + b (W of shape (n_out, n_in)) of several sizes; the square one first."""
    rng = np.random.default_rng(40)
    cases = []
    for sizes in ((3, 3, 3, 3), (2, 5, 3, 1), (4, 3, 2, 2), (2, 2, 4, 3)):
        stack = logic_gates.random_linear_stack(rng, sizes)  # the lesson's row convention: (n_in, n_out)
        cases.append(tuple(part for W, b in stack for part in (W.T.round(2), b.round(2))))
    return cases


def _collapse_reference(W1, b1, W2, b2, W3, b3):
    """The lesson's collapse, in the column convention: W·x + b = (x·Wᵀ + b) read as a column."""
    W_row, b = logic_gates.collapse_linear_stack([(W1.T, b1), (W2.T, b2), (W3.T, b3)])
    return W_row.T, b


W_MISTAKES = {
    "W = W1·W2·W3: that is the row convention's order; here each layer multiplies from the left, "
    "so the first layer's W1 stands on the right, W3·W2·W1": lambda W1, W2, W3: W1 @ W2 @ W3,
    "W is multiplied entry by entry: a layer after a layer is a matrix product (@), not `*`":
        lambda W1, W2, W3: W3 * W2 * W1,
    "W is transposed: (W3·W2·W1)ᵀ is the row convention's matrix; here W has one row per output":
        lambda W1, W2, W3: (W3 @ W2 @ W1).T,
    "W2 is missing from W: x passes through all three matrices, W3·W2·W1": lambda W1, W2, W3: W3 @ W1,
    "W = W1 + W2 + W3: layers compose, they do not add — W is the product W3·W2·W1":
        lambda W1, W2, W3: W1 + W2 + W3,
}
B_MISTAKES = {
    "b = b1 + b2 + b3: each bias passes through the later layers — b1 through W2 and W3, b2 through W3":
        lambda W2, W3, b1, b2, b3: b1 + b2 + b3,
    "b = b3 alone: the first two biases are lost, but they pass through the later layers and add to b3":
        lambda W2, W3, b1, b2, b3: b3,
    "b2 did not pass through W3: b = W3·(W2·b1 + b2) + b3":
        lambda W2, W3, b1, b2, b3: W3 @ W2 @ b1 + b2 + b3,
    "b2 is missing: b = W3·W2·b1 + W3·b2 + b3": lambda W2, W3, b1, b2, b3: W3 @ W2 @ b1 + b3,
    "b1 is missing: it passes through W2 and W3, W3·W2·b1": lambda W2, W3, b1, b2, b3: W3 @ b2 + b3,
    "b1 skipped W3: it passes through both later layers, W3·W2·b1":
        lambda W2, W3, b1, b2, b3: W2 @ b1 + W3 @ b2 + b3,
    "b3 is missing: the last layer adds its own bias": lambda W2, W3, b1, b2, b3: W3 @ (W2 @ b1 + b2),
    "b = (b1·W2 + b2)·W3 + b3: that is the row convention; here each matrix multiplies from the left":
        lambda W2, W3, b1, b2, b3: (b1 @ W2 + b2) @ W3 + b3,
}


def _collapse_with(w, b):
    """A student's ``collapse`` that computes W with the rule ``w`` and b with the rule ``b``."""
    return lambda W1, b1, W2, b2, W3, b3: (w(W1, W2, W3), b(W2, W3, b1, b2, b3))


def _collapse_mistakes() -> dict:
    """Every mix of a W slip and a b slip (or the right one), described by its slips; and (b, W)."""
    right_w = {None: lambda W1, W2, W3: W3 @ W2 @ W1}
    right_b = {None: lambda W2, W3, b1, b2, b3: W3 @ (W2 @ b1 + b2) + b3}
    mistakes = {"you returned (b, W): the step asks for (W, b), the matrix first":
                lambda *layers: _collapse_reference(*layers)[::-1]}
    for (w_what, w), (b_what, b) in itertools.product({**W_MISTAKES, **right_w}.items(),
                                                      {**B_MISTAKES, **right_b}.items()):
        if w_what or b_what:
            what = "; and ".join(part for part in (w_what, b_what) if part)
            mistakes[what] = _collapse_with(w, b)
    return mistakes


@step
def collapse(func) -> None:
    """``collapse(W1, b1, W2, b2, W3, b3)`` returns (W, b) with W·x + b = W3·(W2·(W1·x + b1) + b2) + b3."""
    _check_cases(func, _collapse_reference, _collapse_cases(), entry=None, names=("W", "b"),
                 mistakes=_collapse_mistakes())


def _linear_stack_choices() -> dict[str, str]:
    coef, y_hat = logic_gates.best_linear_fit_to_xor()
    correct, _ = logic_gates.best_single_line(logic_gates.xor_targets())
    fit = ", ".join(_number(v) for v in y_hat)
    collapse_ = ("any stack of linear layers collapses into one linear layer (step 6, applied layer after "
                 "layer): one linear function of x1 and x2")
    why = (f"{collapse_}. The best one for XOR (least squares) predicts {fit} on the rows 00, 10, 01, 11 — "
           f"the same for every row — and a threshold on a linear function is one straight line, which gets "
           f"at most {correct} of 4 rows right.")
    return {
        "yes": why,
        "no": f"right: {why}",
        "with enough layers": f"depth does not help: {why}",
        "with enough units": f"width does not help: {why}",
    }


@step
def linear_stack_xor(answer) -> None:
    """Predict: can a stack of linear layers, no activation between them, compute XOR?"""
    checks.check_choice("linear_stack_xor", answer, _linear_stack_choices(), right="no")


# --- steps 8 to 10: ELU, its derivative, and a numerical derivative -------------------------------

def curve_points() -> np.ndarray:
    """The points where the ELU steps are checked: −4 to 3 by ½ (0 included), as a fresh float array."""
    return np.linspace(-4.0, 3.0, 15)


def _elu_cases() -> list[tuple]:
    xs = curve_points()
    return [(xs,), (xs, 0.5), (np.arange(-3, 4),), (xs.reshape(3, 5), 2.0)]


def _truncated_like_input(function):
    """What ``function`` gives when the result keeps an integer input's dtype (fractions cut off)."""
    def wrong(x, alpha=1.0):
        result = function(x, alpha)
        return np.trunc(result).astype(np.asarray(x).dtype) if np.issubdtype(np.asarray(x).dtype, np.integer) \
            else result
    return wrong


ELU_MISTAKES = {
    "the two branches are swapped: x belongs to x > 0, α·(eˣ − 1) to x ≤ 0":
        lambda x, alpha=1.0: np.where(x > 0, alpha * np.expm1(np.minimum(x, 50)), x),
    "the − 1 is missing: for x ≤ 0 ELU is α·(eˣ − 1), which is 0 at x = 0 and joins the line y = x":
        lambda x, alpha=1.0: np.where(x > 0, x, alpha * np.exp(np.minimum(x, 0))),
    "α multiplies only eˣ (α·eˣ − 1): the brackets matter, α·(eˣ − 1)":
        lambda x, alpha=1.0: np.where(x > 0, x, alpha * np.exp(np.minimum(x, 0)) - 1),
    "α is ignored: use the argument alpha, not 1":
        lambda x, alpha=1.0: activations.elu(x, 1.0),
    "the negative side is 0: that is ReLU; ELU bends smoothly down to −α":
        lambda x, alpha=1.0: activations.relu(x),
    "the negative side is α·x: that is the leaky ReLU; ELU uses α·(eˣ − 1)":
        lambda x, alpha=1.0: activations.leaky_relu(x, alpha),
    "your result kept the input's integer dtype, so α·(eˣ − 1) was cut to whole numbers: start from "
    "a float copy of x": _truncated_like_input(activations.elu),
}

DERIVATIVE_MISTAKES = {
    "for x ≤ 0 you gave α: the derivative of α·(eˣ − 1) is α·eˣ, not α":
        lambda x, alpha=1.0: np.where(x > 0, 1.0, alpha),
    "for x ≤ 0 you gave the function α·(eˣ − 1) itself, not its derivative α·eˣ":
        lambda x, alpha=1.0: np.where(x > 0, 1.0, alpha * np.expm1(np.minimum(x, 0))),
    "α is ignored: the derivative of α·(eˣ − 1) is α·eˣ, with the argument alpha":
        lambda x, alpha=1.0: activations.elu_derivative(x, 1.0),
    "the two branches are swapped: 1 belongs to x > 0, α·eˣ to x ≤ 0":
        lambda x, alpha=1.0: np.where(x > 0, alpha * np.exp(np.minimum(x, 50)), 1.0),
    "for x > 0 you gave x: the derivative of x is 1":
        lambda x, alpha=1.0: np.where(x > 0, x, alpha * np.exp(np.minimum(x, 0))),
    "you returned ELU itself, not its derivative": lambda x, alpha=1.0: activations.elu(x, alpha),
    "for x ≤ 0 you gave 0: that is ReLU's derivative; ELU's is α·eˣ there":
        lambda x, alpha=1.0: activations.relu_derivative(x),
    "at x = 0 you took the right branch's 1 (x ≥ 0): the prompt takes the left branch's value at 0, "
    "α·e⁰ = α — the comparison must be strict, x > 0":
        lambda x, alpha=1.0: np.where(np.asarray(x) >= 0, 1.0, alpha * np.exp(np.minimum(x, 0))),
}


@step
def elu(func) -> None:
    """``elu(x, alpha=1.0)``: x for x > 0, α·(eˣ − 1) for x ≤ 0, element by element, as floats."""
    _check_cases(func, activations.elu, _elu_cases(), entry=_point(0), mistakes=ELU_MISTAKES, no_loop=True)


@step
def elu_derivative(func) -> None:
    """``elu_derivative(x, alpha=1.0)``: the derivative of ELU at every element (1 at x > 0)."""
    _check_cases(func, activations.elu_derivative, _elu_cases(), entry=_point(0), mistakes=DERIVATIVE_MISTAKES)


def cube(x):
    """x³, a test function for the numerical derivative."""
    return x ** 3


def _ignoring_h(h_fixed: float):
    """A student's central difference that always uses ``h_fixed``, whatever h it is given."""
    return lambda f, x, h=1e-5: gradient_check.central_difference(f, x, h_fixed)


NUMERICAL_MISTAKES = {
    "that is the forward difference (f(x + h) − f(x)) / h: the step asks for the central one, which "
    "looks both ways and is far more accurate": lambda f, x, h=1e-5: (f(x + h) - f(x)) / h,
    "that is the backward difference (f(x) − f(x − h)) / h: the step asks for the central one":
        lambda f, x, h=1e-5: (f(x) - f(x - h)) / h,
    "you divided by h, but x + h and x − h are 2h apart": lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / h,
    "you did not divide by the distance 2h at all": lambda f, x, h=1e-5: f(x + h) - f(x - h),
    "`/ 2 * h` divides by 2 and then multiplies by h: put 2h in brackets":
        lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / 2 * h,
    **{f"the argument h is ignored (you always use h = {h_fixed:g})": _ignoring_h(h_fixed)
       for h_fixed in (1e-4, 1e-5, 1e-6, 1e-7, 1e-8)},
}


def _numerical_cases() -> list[tuple]:
    xs = curve_points()
    return [(np.sin, xs, 1e-3), (np.exp, xs, 0.1), (cube, xs, 0.5), (activations.tanh, np.arange(-2, 3), 0.25)]


@step
def numerical_derivative(func) -> None:
    """``numerical_derivative(f, x, h)``: the central difference (f(x + h) − f(x − h)) / 2h, elementwise."""
    _check_cases(func, gradient_check.central_difference, _numerical_cases(), entry=_point(1),
                 mistakes=NUMERICAL_MISTAKES, no_loop=True)
