"""Exercise 05's steps: the 2-2-1 network by hand, the cost of finite differences, a dense layer's backward pass.

Every reference comes from the lesson library (:mod:`course_lib.backprop`, :mod:`course_lib.layers`,
:mod:`course_lib.gradient_check`) on fresh copies of the slides' example, and the checks name the usual
slips: w2 and w3 wired the wrong way, a ½ or a sign in ∂E/∂ŷ, σ′ taken of the pre-activation, the
updated w5 in a hidden gradient, + where − belongs, a transposed dW, db not summed over the batch,
a mean for a sum. The affine layer is checked against central differences, cs231n style.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping

import numpy as np

from .. import backprop, checks, gradient_check, layers
from ..activations import sigmoid
from . import steps_of

step = steps_of("05_backprop_by_hand")
WEIGHTS = backprop.WEIGHT_NAMES
GRADIENTS = tuple(f"∂E/∂{name}" for name in WEIGHTS)
FORWARD = ("a1", "a2", "h1", "h2", "a3", "y_hat")
OTHER_WEIGHTS = {"w1": -1.2, "w2": 0.8, "w3": 0.4, "w4": -0.5, "w5": 1.5, "w6": -2.0}  # w2 ≠ w3


def slide_example() -> tuple[dict, float, float, float, float]:
    """The slides' example as fresh copies: the weights ``w`` (a dict w1 … w6), x1, x2, target y, α."""
    inputs = backprop.SLIDE_INPUTS
    return dict(backprop.SLIDE_WEIGHTS), inputs["x1"], inputs["x2"], backprop.TARGET, backprop.LEARNING_RATE


def _network_cases() -> list[tuple]:
    """(w, x1, x2, y): the slides' point, other inputs, other weights (where w2 ≠ w3 shows the wiring)."""
    w, x1, x2, y, _ = slide_example()
    return [(w, x1, x2, y), (dict(w), 1.0, -0.3, 0.0), (dict(OTHER_WEIGHTS), 0.2, 0.9, 1.0)]


def _swap(w: Mapping, a: str, b: str) -> dict:
    return {**w, a: w[b], b: w[a]}


def _no_dict(func, case: tuple, order: tuple) -> None:
    """Stop with a named ❌ when ``func`` returns a dict where the tuple ``order`` belongs."""
    name = checks.function_name(func)
    result = checks.call_student(func, checks.describe_call(name, case, {}), copy.deepcopy(case))
    if isinstance(result, Mapping):
        keys = ", ".join(repr(k) for k in list(result)[:3])
        raise checks.failure(f"{name} returned a dict (keys {keys}, …): return a tuple in the order "
                             f"({', '.join(order)}) — unpacking a dict, or zipping it with names, gives its "
                             "keys, not its numbers.")


def _explain_error(error: BaseException) -> str | None:
    """One ❌ line for the errors a dict from ``forward`` or ``backward`` causes in the notebook's cells."""
    text = str(error)
    notes = (
        (r"Unknown format code '\w' for object of type 'str'",
         "a string (text) reached a number's format such as `:.6f`. If `forward` or `backward` returns a "
         "dict, unpacking it or looping over it gives its keys ('a1', 'w1', …), not its numbers: return a "
         "tuple in the order the step asks for."),
        (r"not 'dict'",
         "a dict reached a place where numbers belong: `forward` and `backward` return tuples, in the order "
         "the step asks for, not dicts."),
        (r"can't multiply sequence by non-int",
         "a string or a list was multiplied by a number. If you zipped the names 'w1' … 'w6' with a dict (a "
         "`backward` that returns a dict), zip pairs them with the dict's keys, which are strings: `backward` "
         "returns a tuple (Step 6). A list needs np.array(...) first."),
    )
    if isinstance(error, KeyError) and error.args and isinstance(error.args[0], int):
        note = (f"a dict is looked up by its keys, not by position: [{error.args[0]}] asks for the key "
                f"{error.args[0]}. If `forward` or `backward` returns a dict, return a tuple in the order the "
                "step asks for.")
    else:
        note = next((words for pattern, words in notes if re.search(pattern, text)), None)
    if note is None:
        return None
    return f"❌ {type(error).__name__}: {note}{checks.where_it_failed(error) if error.__traceback__ else ''}"


EXPLAINERS = {TypeError: _explain_error, ValueError: _explain_error, KeyError: _explain_error}
"""For ``checks.friendly_errors(ex.EXPLAINERS)``: the given cells' errors when a step returns a dict."""


def _forward(w, x1, x2) -> tuple:
    values = backprop.forward(w, x1, x2)
    return tuple(values[name] for name in FORWARD)


def _forward_mistakes() -> dict:
    def hidden_not_squashed(w, x1, x2):
        a1, a2, *_ = _forward(w, x1, x2)
        a3 = w["w5"] * a1 + w["w6"] * a2
        return a1, a2, a1, a2, a3, float(sigmoid(a3))

    def output_not_squashed(w, x1, x2):
        return _forward(w, x1, x2)[:5] + (_forward(w, x1, x2)[4],)

    def a3_from_a(w, x1, x2):
        a1, a2, h1, h2, _, _ = _forward(w, x1, x2)
        a3 = w["w5"] * a1 + w["w6"] * a2
        return a1, a2, h1, h2, a3, float(sigmoid(a3))

    return {
        "w2 and w3 are swapped: w3 carries x2 into h1 (a1 = w1·x1 + w3·x2) and w2 carries x1 into h2":
            lambda w, x1, x2: _forward(_swap(w, "w2", "w3"), x1, x2),
        "x1 and x2 are swapped: w1 and w2 multiply x1, w3 and w4 multiply x2":
            lambda w, x1, x2: _forward(w, x2, x1),
        "w5 and w6 are swapped: w5 carries h1 and w6 carries h2 into the output":
            lambda w, x1, x2: _forward(_swap(w, "w5", "w6"), x1, x2),
        "the hidden units are not squashed: h1 = σ(a1) and h2 = σ(a2), not a1 and a2": hidden_not_squashed,
        "ŷ is a3 without the sigmoid: the output unit squashes too, ŷ = σ(a3)": output_not_squashed,
        "a3 adds up a1 and a2, the hidden units' inputs; it takes their outputs h1 and h2": a3_from_a,
    }


@step
def forward(func) -> None:
    """``forward(w, x1, x2)`` returns (a1, a2, h1, h2, a3, y_hat) of the 2-2-1 network."""
    cases = [case[:3] for case in _network_cases()]
    _no_dict(func, cases[0], FORWARD)
    checks.check_function(func, _forward, cases, names=FORWARD, mistakes=_forward_mistakes())


@step
def error(E) -> None:
    """E = (y − ŷ)² at the slides' point (no ½, no mean: one example)."""
    w, x1, x2, y, _ = slide_example()
    values = backprop.forward(w, x1, x2)
    y_hat, a3 = values["y_hat"], values["a3"]
    expected = backprop.error(y, y_hat)
    checks.check_value("E", E, expected, mistakes={
        "you put ½ in front: that is seed 004's convention; the slides' E for this network is (y − ŷ)² "
        "with no ½ (and with one example, no mean to take)": 0.5 * expected,
        "the difference y − ŷ was not squared": y - y_hat,
        "the difference was not squared, and its sign is flipped (ŷ − y)": y_hat - y,
        "you used a3, the output's input, instead of ŷ = σ(a3)": (y - a3) ** 2,
        "you took the square root of the squared error": abs(y - y_hat),
    })


def _signs_choices() -> dict:
    values = backprop.forward(*slide_example()[:3])
    y_hat, y = values["y_hat"], backprop.TARGET
    return {
        "negative": f"right: ŷ = {y_hat:.3f} is below the target y = {y:g}, so ∂E/∂ŷ = −2(y − ŷ) is "
                    "negative, and every other factor of every chain — ŷ(1 − ŷ), h(1 − h), the old w5 and w6, "
                    "h1, h2, x1 and x2 — is positive here. All six gradients are negative, so the update "
                    "w := w − α·∂E/∂w makes every weight larger, which pushes ŷ up towards y.",
        "positive": f"a positive ∂E/∂w means a larger w gives a larger E. Here ŷ = {y_hat:.3f} is below "
                    f"y = {y:g}, and every weight, input and hidden output is positive: a larger weight "
                    "raises ŷ towards y and lowers E.",
        "mixed": "each gradient is a product: ∂E/∂ŷ times factors that share one sign here — the sigmoid "
                 "slopes ŷ(1 − ŷ) and h(1 − h) are always positive, and so are the weights, inputs and "
                 "hidden outputs of the slides' network. Mixed signs need a negative weight or input.",
        "zero": f"a gradient is zero only if a factor is: ŷ would have to equal y (it is {y_hat:.3f}), "
                "or an input or a hidden output be 0. None is.",
    }


@step
def gradient_signs(answer) -> None:
    """Predict: at the slides' point the six gradients are "negative", "positive", "mixed" or "zero"."""
    checks.check_choice("gradient_signs", answer, _signs_choices(), right="negative")


def _output_mistakes(y, y_hat, a3, h1, h2, w5, w6) -> dict:
    """What each usual slip gives instead of (delta_out, ∂E/∂w5, ∂E/∂w6)."""
    def triple(delta, in5=h1, in6=h2):
        return delta, delta * in5, delta * in6

    right = -2 * (y - y_hat) * y_hat * (1 - y_hat)
    return {
        "you differentiated ½(y − ŷ)²: the slides' E = (y − ŷ)² has no ½, so ∂E/∂ŷ = −2(y − ŷ)":
            triple(-(y - y_hat) * y_hat * (1 - y_hat)),
        "the sign of ∂E/∂ŷ is flipped: the derivative of (y − ŷ)² with respect to ŷ carries the inner "
        "derivative −1, so ∂E/∂ŷ = −2(y − ŷ), not 2(y − ŷ)": triple(-right),
        "the sigmoid's derivative was taken of the pre-activation, a3(1 − a3); "
        "it is σ(a3)(1 − σ(a3)) = ŷ(1 − ŷ)": triple(-2 * (y - y_hat) * a3 * (1 - a3)),
        "the sigmoid was applied twice: σ(ŷ)(1 − σ(ŷ)); ŷ is already σ(a3), so ∂ŷ/∂a3 = ŷ(1 − ŷ)":
            triple(-2 * (y - y_hat) * sigmoid(y_hat) * (1 - sigmoid(y_hat))),
        "the factor ∂ŷ/∂a3 = ŷ(1 − ŷ) is missing: delta_out = ∂E/∂a3 goes through the output's sigmoid":
            triple(-2 * (y - y_hat)),
        "h1 and h2 are swapped: w5 multiplies h1, so ∂a3/∂w5 = h1 (and ∂a3/∂w6 = h2)": triple(right, h2, h1),
        "you multiplied by the weights: ∂a3/∂w5 is what w5 multiplies, h1 (and h2 for w6)": triple(right, w5, w6),
        "the three values are in another order: pass them as check(delta_out, dE_dw5, dE_dw6)":
            triple(right)[1:] + triple(right)[:1],
    }


@step
def output_gradients(delta_out, dE_dw5, dE_dw6) -> None:
    """delta_out = ∂E/∂a3, then ∂E/∂w5 and ∂E/∂w6, at the slides' point."""
    w, x1, x2, y, _ = slide_example()
    v = backprop.forward(w, x1, x2)
    grads = backprop.gradients(w, x1, x2, y)
    delta = float(np.prod([value for _, value in backprop.chain_factors(w, x1, x2, y)["w5"][:2]]))
    slips = _output_mistakes(y, v["y_hat"], v["a3"], v["h1"], v["h2"], w["w5"], w["w6"])
    checks.check_value("(delta_out, dE_dw5, dE_dw6)", (delta_out, dE_dw5, dE_dw6),
                       (delta, grads["w5"], grads["w6"]), names=("delta_out", "∂E/∂w5", "∂E/∂w6"),
                       mistakes=slips)


def _w5_choices() -> dict:
    w, x1, x2, y, alpha = slide_example()
    grads = backprop.gradients(w, x1, x2, y)
    new_w5 = w["w5"] - alpha * grads["w5"]
    return {
        "old": f"right: a gradient is the slope of E at one point — the weights as they were when E was "
               f"measured. Every ∂E/∂w is taken there, before any weight moves, so ∂a3/∂h1 = w5 = {w['w5']:g}, "
               "the old value (\"수정 되기 전 w5의 값\"); then all six weights are updated together.",
        "new": f"the updated w5 = {new_w5:.5f} belongs to a network whose error nobody has measured yet: a "
               "gradient is the slope at the point where E was computed, so every ∂E/∂w uses the weights "
               "before the update. Mixing old and new values gives a slope of no network at all.",
        "either": f"it does make a difference: the old w5 is {w['w5']:g}, the updated one {new_w5:.5f}, so "
                  "∂E/∂w1 would come out different — and only one of them is the slope at the point where E "
                  "was measured.",
    }


@step
def which_w5(answer) -> None:
    """Decide: ∂E/∂w1 uses the "old" w5 (before the update), the "new" one, or "either" (no difference)."""
    checks.check_choice("which_w5", answer, _w5_choices(), right="old", aliases={
        "before": "old", "before the update": "old", "after": "new", "after the update": "new", "updated": "new",
        "both": "either", "same": "either", "does not matter": "either", "doesn't matter": "either"})


def _chain(w, x1, x2, y, *, half=False, w5=None, w6=None, hidden_slope="h", order="w1-w6",
           stale=False) -> tuple:
    """The six gradients, by the chain rule, with the named slips switched on.

    ``stale``: the forward pass's values are the notebook's, from the slides' point, whatever the arguments.
    """
    v = backprop.forward(*slide_example()[:3]) if stale else backprop.forward(w, x1, x2)
    y_hat, h1, h2 = v["y_hat"], v["h1"], v["h2"]
    delta = (-1 if half else -2) * (y - y_hat) * y_hat * (1 - y_hat)
    w5 = w["w5"] if w5 is None else w5
    w6 = w["w6"] if w6 is None else w6
    slope1, slope2 = {"h": (h1 * (1 - h1), h2 * (1 - h2)), "a": (v["a1"] * (1 - v["a1"]), v["a2"] * (1 - v["a2"])),
                      "none": (1.0, 1.0)}[hidden_slope]
    d1, d2 = delta * w5 * slope1, delta * w6 * slope2
    grads = {"w1": d1 * x1, "w2": d2 * x1, "w3": d1 * x2, "w4": d2 * x2, "w5": delta * h1, "w6": delta * h2}
    names = {"w1-w6": WEIGHTS, "slides": ("w5", "w6", "w1", "w2", "w3", "w4"),
             "w2-w3": ("w1", "w3", "w2", "w4", "w5", "w6"), "x-swapped": ("w3", "w4", "w1", "w2", "w5", "w6"),
             "h1-inputs": ("w3", "w2", "w1", "w4", "w5", "w6"),
             "h2-inputs": ("w1", "w4", "w3", "w2", "w5", "w6")}[order]
    return tuple(grads[name] for name in names)


def _backward_mistakes() -> dict:
    def updated_output_weights(w, x1, x2, y):
        g = backprop.gradients(w, x1, x2, y)
        return _chain(w, x1, x2, y, w5=w["w5"] - backprop.LEARNING_RATE * g["w5"],
                      w6=w["w6"] - backprop.LEARNING_RATE * g["w6"])

    def wired_w2_w3_the_other_way(w, x1, x2, y):
        g = _chain(_swap(w, "w2", "w3"), x1, x2, y)
        return g[0], g[2], g[1], g[3], g[4], g[5]

    return {
        "the hidden gradients used the UPDATED w5 and w6: every gradient is taken at the old weights, "
        "before any of them moves": updated_output_weights,
        "w2 and w3 are wired the other way: w2 carries x1 into h2 and w3 carries x2 into h1 "
        "(a1 = w1·x1 + w3·x2)": wired_w2_w3_the_other_way,
        "∂E/∂w2 and ∂E/∂w3 are swapped: w2 carries x1 into h2, so ∂E/∂w2 = δ2·x1; w3 carries x2 into h1, "
        "so ∂E/∂w3 = δ1·x2": lambda *case: _chain(*case, order="w2-w3"),
        "x1 and x2 are swapped in the hidden gradients: ∂a1/∂w1 = x1 and ∂a1/∂w3 = x2":
            lambda *case: _chain(*case, order="x-swapped"),
        "∂E/∂w1 and ∂E/∂w3 took each other's input: both go through δ1, but w1 carries x1 and w3 carries x2, "
        "so ∂E/∂w1 = δ1·x1 and ∂E/∂w3 = δ1·x2": lambda *case: _chain(*case, order="h1-inputs"),
        "∂E/∂w2 and ∂E/∂w4 took each other's input: both go through δ2, but w2 carries x1 and w4 carries x2, "
        "so ∂E/∂w2 = δ2·x1 and ∂E/∂w4 = δ2·x2": lambda *case: _chain(*case, order="h2-inputs"),
        "the gradients are in the slides' table order (w5, w6 first); return them as (∂E/∂w1, …, ∂E/∂w6)":
            lambda *case: _chain(*case, order="slides"),
        "the hidden sigmoid's derivative was taken of the pre-activation, a1(1 − a1); it is h1(1 − h1)":
            lambda *case: _chain(*case, hidden_slope="a"),
        "the hidden chains lack ∂h/∂a = h(1 − h), the hidden sigmoid's slope":
            lambda *case: _chain(*case, hidden_slope="none"),
        "h1's chain used w6 and h2's used w5: ∂a3/∂h1 = w5, since w5 carries h1 into the output":
            lambda w, x1, x2, y: _chain(w, x1, x2, y, w5=w["w6"], w6=w["w5"]),
        "you differentiated ½(y − ŷ)²: the slides' E = (y − ŷ)² has no ½, so ∂E/∂ŷ = −2(y − ŷ)":
            lambda *case: _chain(*case, half=True),
        "backward used the notebook's h1, h2 and y_hat from the slides' point (stale values from Step 1): run "
        "the forward pass inside, on the function's own w, x1 and x2": lambda *case: _chain(*case, stale=True),
    }


def reference_backward(w, x1, x2, y) -> tuple:
    """(∂E/∂w1, …, ∂E/∂w6) from :func:`course_lib.backprop.gradients`."""
    grads = backprop.gradients(w, x1, x2, y)
    return tuple(grads[name] for name in WEIGHTS)


@step
def backward(func) -> None:
    """``backward(w, x1, x2, y)`` returns (∂E/∂w1, …, ∂E/∂w6) for any weights and inputs."""
    _no_dict(func, _network_cases()[0], GRADIENTS)
    checks.check_function(func, reference_backward, _network_cases(), names=GRADIENTS,
                          mistakes=_backward_mistakes())


def _new_weights(new_w, w, old: Mapping) -> tuple:
    """``new_w`` as the tuple (w1 … w6), after making sure it is a new dict and ``w`` is unchanged."""
    if w is not None and not _same_weights(w, old):
        raise checks.failure("`w` is no longer the slides' weights: your update changed it in place (e.g. "
                             "`new_w = w` and then `new_w[...] = ...`, or `w[...] -= ...`). Build `new_w` as "
                             "a new dict and leave `w` as it is; rerun the setup cell to get `w` back.")
    if not isinstance(new_w, Mapping):
        raise checks.failure(f"new_w is {checks.describe(new_w)}, but a dict with the keys 'w1' … 'w6' "
                             "was expected.")
    missing = ", ".join(repr(name) for name in WEIGHTS if name not in new_w)
    if missing:
        raise checks.failure(f"new_w has no key {missing}: it needs all six, 'w1' … 'w6'.")
    extra = ", ".join(repr(name) for name in new_w if name not in WEIGHTS)
    if extra:
        raise checks.failure(f"new_w has the extra key {extra}: the network has the six weights 'w1' … 'w6' "
                             "and nothing else (no biases), so new_w holds exactly those six keys.")
    return tuple(new_w[name] for name in WEIGHTS)


def _update_mistakes(old: Mapping, x1, x2, y, alpha) -> dict:
    """What each usual slip in w := w − α·∂E/∂w gives for (new w1, …, new w6)."""
    grads = backprop.gradients(old, x1, x2, y)
    stepped = backprop.update(old, grads, alpha)
    sequential = dict(zip(WEIGHTS, _chain(old, x1, x2, y, w5=stepped["w5"], w6=stepped["w6"])))
    output_only = ("w5", "w6")

    def moved(change):  # the six weights after w := w + change(name)
        return tuple(old[name] + change(name) for name in WEIGHTS)

    return {
        "you added α·∂E/∂w: gradient descent subtracts it, w := w − α·∂E/∂w (adding climbs the error)":
            moved(lambda n: alpha * grads[n]),
        "the learning rate α is missing: the step is α·∂E/∂w, not ∂E/∂w": moved(lambda n: -grads[n]),
        "the hidden weights' gradients used the updated w5 and w6: compute all six gradients first, "
        "at the old weights, then update":
            moved(lambda n: -alpha * (grads if n in output_only else sequential)[n]),
        "only w5 and w6 moved: every weight takes a step":
            moved(lambda n: -alpha * grads[n] if n in output_only else 0.0),
        "new_w holds the steps α·∂E/∂w, not the new weights w − α·∂E/∂w":
            tuple(alpha * grads[n] for n in WEIGHTS),
    }


@step
def update(new_w, new_E, w=None) -> None:
    """``new_w``: w1 … w6 after w := w − α·∂E/∂w (a new dict, ``w`` unchanged); ``new_E``: its error."""
    old, x1, x2, y, alpha = slide_example()
    got = _new_weights(new_w, w, old)
    expected = backprop.update(old, backprop.gradients(old, x1, x2, y), alpha)
    checks.check_value("new_w", got, tuple(expected[n] for n in WEIGHTS), names=tuple(f"new {n}" for n in WEIGHTS),
                       mistakes=_update_mistakes(old, x1, x2, y, alpha))
    new_y_hat = backprop.forward(expected, x1, x2)["y_hat"]
    new_error = backprop.error(y, new_y_hat)
    checks.check_value("new_E", new_E, new_error, mistakes={
        "new_E is still the error before the step: run the forward pass again with new_w":
            backprop.error(y, backprop.forward(old, x1, x2)["y_hat"]),
        "new_E has a ½ in front: the slides' E = (y − ŷ)²": 0.5 * new_error,
        "new_E is the new ŷ, not the error (y − ŷ)²": new_y_hat,
        "new_E is y − ŷ, not squared": y - new_y_hat,
    })


def _same_weights(w, old: Mapping) -> bool:
    try:
        return all(np.isclose(float(w[name]), old[name], rtol=0, atol=1e-15) for name in WEIGHTS)
    except Exception:
        return False


def reference_evaluations(sizes) -> int:
    """Loss evaluations for one gradient by central differences: 2 per weight and bias of a dense network."""
    cost = backprop.numerical_cost_estimate(sizes=tuple(sizes))
    return 2 * (cost["weights"] + cost["biases"])


@step
def loss_evaluations(func) -> None:
    """``loss_evaluations(sizes)``: how many times central differences evaluate the loss for one gradient."""
    def parameters(sizes):
        return reference_evaluations(sizes) // 2

    def weights(sizes):
        return backprop.numerical_cost_estimate(sizes=tuple(sizes))["weights"]

    checks.check_function(func, reference_evaluations, [((784, 100, 10),), ((2, 2, 1),), ((30, 20, 10),), ((5, 3),)],
                          mistakes={
        "that is one evaluation per parameter: a central difference needs two, E(w + h) and E(w − h)": parameters,
        "that is the forward difference's count (the slides' n + 1: one base loss, then one per parameter); "
        "a central difference needs two per parameter, E(w + h) and E(w − h), and no base loss":
            lambda sizes: parameters(sizes) + 1,
        "the biases are missing: every layer after the input has one bias per unit, and each is a parameter "
        "to difference too": lambda sizes: 2 * weights(sizes),
        "you counted the base loss E(w) too: central differences need only E(w + h) and E(w − h)":
            lambda sizes: 2 * parameters(sizes) + 1,
        "only the weights, once each: count the biases too, and two evaluations per parameter": weights,
        "the function ignores its argument `sizes`: it gives the 784-100-10 count for every network":
            lambda sizes: reference_evaluations((784, 100, 10)),
        "that is (number of parameters)²: one gradient needs two evaluations per parameter (the n² is the cost "
        "in operations, since each evaluation itself costs about n)": lambda sizes: parameters(sizes) ** 2,
    })


def affine_cases() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(dout, X, W) on random seeded shapes: batch N > 1, W of shape (in, out) not square, N ≠ in ≠ out."""
    rng = np.random.default_rng(5)
    cases = []
    for n, n_in, n_out in ((4, 3, 5), (3, 6, 2), (5, 2, 3)):
        X, W = rng.normal(size=(n, n_in)), rng.normal(size=(n_in, n_out))
        cases.append((rng.normal(size=(n, n_out)), X, W))
    return cases


def numerical_affine(dout, X, W) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dX, dW, db) by central differences of L = Σ (X·W + b) ⊙ dout, whose ∂L/∂out is dout (b = 0)."""
    b = np.zeros(W.shape[1])

    def loss(X_, W_, b_):
        return float(np.sum((X_ @ W_ + b_) * dout))

    return (gradient_check.numerical_gradient(lambda v: loss(v, W, b), X),
            gradient_check.numerical_gradient(lambda v: loss(X, v, b), W),
            gradient_check.numerical_gradient(lambda v: loss(X, W, v), b))


def _layer_affine(dout, X, W) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dX, dW, db) from :class:`course_lib.layers.Affine`."""
    layer = layers.Affine(np.array(W, dtype=float))
    layer.forward(np.array(X, dtype=float))
    dX = layer.backward(np.array(dout, dtype=float))
    return dX, layer.grads["W"], layer.grads["b"]


def _affine_mistakes() -> dict:
    def with_(**change):
        def wrong(dout, X, W):
            dX, dW, db = _layer_affine(dout, X, W)
            parts = {"dX": dX, "dW": dW, "db": db}
            parts.update({name: f(dout, X, W, parts) for name, f in change.items()})
            return parts["dX"], parts["dW"], parts["db"]
        return wrong

    return {
        "dW is transposed: δᵀ·X has the shape of Wᵀ; ∂L/∂W = Xᵀ·δ has W's shape (in, out)":
            with_(dW=lambda d, X, W, p: d.T @ X),
        "db was not summed over the batch: b is added to every row, so its gradient adds up every row of δ "
        "(shape (out,))": with_(db=lambda d, X, W, p: d),
        "db was summed over the wrong axis: sum over the batch (axis 0), one entry per output unit":
            with_(db=lambda d, X, W, p: d.sum(axis=1)),
        "db kept the summed axis (keepdims=True), shape (1, out): b has shape (out,), and so has its gradient":
            with_(db=lambda d, X, W, p: d.sum(axis=0, keepdims=True)),
        "db was summed over every entry into one number: sum over the batch only (axis 0), one entry per "
        "output unit": with_(db=lambda d, X, W, p: d.sum()),
        "dX is X·W, the forward pass: ∂L/∂X = δ·Wᵀ carries the upstream gradient back through W":
            with_(dX=lambda d, X, W, p: X @ W),
        "you averaged over the batch (a mean, or a division by N): δ already carries any 1/N of the loss, "
        "so the layer sums": with_(dW=lambda d, X, W, p: p["dW"] / len(X), db=lambda d, X, W, p: p["db"] / len(X)),
        "db is a mean over the batch: it is the sum of δ's rows": with_(db=lambda d, X, W, p: p["db"] / len(X)),
        "the sign is flipped in all three: the backward pass multiplies dout by the local derivatives, "
        "with no minus sign of its own": lambda d, X, W: tuple(-g for g in _layer_affine(d, X, W)),
        "dX and dW are swapped: return (dX, dW, db), with dX shaped like X and dW like W":
            lambda d, X, W: _layer_affine(d, X, W)[1::-1] + (_layer_affine(d, X, W)[2],),
    }


@step
def affine_backward(func) -> None:
    """``affine_backward(dout, X, W)`` returns (dX, dW, db) of out = X·W + b; checked by central differences."""
    cases = affine_cases()
    checks.check_function(func, numerical_affine, cases, names=("dX", "dW", "db"), rtol=1e-6, atol=1e-8,
                          mistakes=_affine_mistakes())
    worst = max(gradient_check.relative_error(got, numerical)
                for case in cases
                for got, numerical in zip(func(*(np.array(a) for a in case)), numerical_affine(*case)))
    print(f"   gradient check: largest relative error to central differences {worst:.0e} "
          "(below 1e-7 means right)")
