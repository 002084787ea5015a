"""Exercise 06's steps: momentum by hand, momentum, RMSProp and Adam as functions, two predictions, an Adam path.

Every update rule is checked against lesson 06's rules (Keras's momentum and RMSProp from
`course_lib.optimizers`, the slides' Adam from `course_lib.slide_optimizers`) on fresh
copies of the same inputs: single steps from a given state (with hyperparameters other than the
defaults, an integer weight array and plain floats), then 30 steps on two weight arrays at once, so
that a function keeping a state of its own is caught. The usual slips are named: a flipped sign, a
velocity that is not carried or moves w too late, ε inside or outside the square root, g not
squared, no (or a shifted, swapped or β·t) bias correction, a return order swapped, an argument
ignored or written in, an input changed in place. The two predictions are judged against what the
lesson's optimizers really do, at the learning rates of the race the student runs at the end.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import partial

import numpy as np

from .. import checks, optimizer_race, optimizers, slide_optimizers
from . import steps_of

step = steps_of("06_optimizers")

W0, LEARNING_RATE, MOMENTUM = 1.0, 0.1, 0.9  # the by-hand step's start and settings
GRADIENTS = (0.5, 0.3)                          # its two gradients
RACE_STEPS = 100                                # the valley prediction: SGD against RMSProp
SCALES = (1e-3, 1.0, 1e3)                       # gradient sizes for Adam's first step
FIRST_LR = 0.1                                  # and its learning rate


def valley() -> optimizer_race.Surface:
    """Lesson 06's long narrow valley f = x²/20 + 2y² (its gradient, start and plotting window)."""
    return optimizer_race.SURFACES["valley"]


def race_learning_rates() -> dict[str, float]:
    """The learning rates of lesson 06's race on the valley, for SGD and RMSProp (the final race uses them too)."""
    return {"SGD": valley().sgd_lr, "RMSProp": valley().adaptive_lr}


# ---------------------------------------------------------------------------------------------
# References: lesson 06's optimizers, one update from a given state
# ---------------------------------------------------------------------------------------------


def _plain(values) -> tuple:
    """A rule's results with every 0-d array as a plain float (as a student's function on floats returns)."""
    return tuple(float(a) if np.ndim(a) == 0 else a for a in values)


def _lesson_update(optimizer: optimizers.Optimizer, w, g, **slots) -> tuple:
    """One ``optimizer.update`` on a float copy of ``w``, from the state ``slots``; (new w, *new slots)."""
    weights = np.array(w, dtype=float)
    state = optimizer.state["w"] = optimizer._new_state(weights)
    for name, value in slots.items():
        state[name][...] = value
    optimizer.update({"w": weights}, {"w": np.array(g, dtype=float)})
    return _plain((weights, *(state[name].copy() for name in slots)))


def momentum_reference(w, v, g, learning_rate=0.01, momentum=0.9):
    """Keras's SGD with momentum (lesson 06's ``Momentum``): the new (w, v)."""
    return _lesson_update(optimizers.Momentum(learning_rate, momentum), w, g, velocity=v)


def rmsprop_reference(w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    """Keras's RMSprop (lesson 06's ``RMSprop``): the new (w, s)."""
    return _lesson_update(optimizers.RMSprop(learning_rate, rho, epsilon), w, g, velocity=s)


def adam_reference(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """Adam as the slides write it (lesson 06's ``slide_optimizers.adam_step``): the new (w, m, v)."""
    return _plain(slide_optimizers.adam_step(np.array(w, dtype=float), m, v, g, t, learning_rate, beta_1, beta_2,
                                             epsilon))


def adam_path_reference(surface, steps, learning_rate=0.1, epsilon=0.0):
    """The ``steps + 1`` points of the slides' Adam from ``surface.start`` (lesson 06's race runner)."""
    slide_adam = slide_optimizers.SlideAdam(learning_rate, epsilon=epsilon)
    return optimizer_race.run_optimizer(surface, slide_adam, steps).path


# ---------------------------------------------------------------------------------------------
# What the usual slips return (same arguments as the references): the lesson's rules on wrong
# arguments, their results misused, a neighbouring rule, or one stage of the rule written wrong
# ---------------------------------------------------------------------------------------------


def _momentum_with(w, v, g, learning_rate=0.01, momentum=0.9, *, slip: str) -> tuple:
    w, v, g = (np.asarray(a, dtype=float) for a in (w, v, g))
    right = partial(momentum_reference, learning_rate=learning_rate, momentum=momentum)
    new_w, new_v = right(w, v, g)
    return _plain({
        "sign": lambda: right(w, v, -g),
        "minus v": lambda: (w - new_v, new_v),
        "average": lambda: slide_optimizers.momentum_step(w, v, g, learning_rate, momentum),
        "old v": lambda: (w + v, new_v),
        "nesterov": lambda: _lesson_update(optimizers.Nesterov(learning_rate, momentum), w, g, velocity=v),
        "no lr": lambda: right(w, v, g, learning_rate=1.0),
        "sgd": lambda: (w - learning_rate * g, new_v),
        "v from 0": lambda: right(w, 0 * v, g),
        "swapped": lambda: (new_v, new_w),
        "defaults": lambda: momentum_reference(w, v, g),
        "right": lambda: (new_w, new_v),
    }[slip]())


MOMENTUM_MISTAKES = {
    "the sign of the gradient term is flipped (v ← momentum·v + learning_rate·g climbs up the loss; "
    "subtract learning_rate·g)": "sign",
    "w moved by −v: in Keras's convention v is the step itself (it already points downhill), so w ← w + v":
        "minus v",
    "you wrote the slides' moving average v ← βv + (1−β)g, w ← w − αv; this exercise uses Keras's "
    "convention, where v is the step itself: v ← momentum·v − learning_rate·g, then w ← w + v": "average",
    "w moved with the old velocity: update v first, then add the new v to w": "old v",
    "that is Nesterov's step (w ← w + momentum·v − learning_rate·g); plain momentum adds v itself": "nesterov",
    "the gradient enters v without the learning rate: v ← momentum·v − learning_rate·g": "no lr",
    "w moved by −learning_rate·g alone, as in plain SGD: the velocity must move w": "sgd",
    "the velocity you were given was ignored (a fresh v = 0 at every call): start from the argument v":
        "v from 0",
    "(v, w) came back in the wrong order: return (w, v)": "swapped",
    "the default learning_rate = 0.01 and momentum = 0.9 were used, not the arguments the check passed":
        "defaults",
}
MOMENTUM_MISTAKES_BY_SLIP = {slip: what for what, slip in MOMENTUM_MISTAKES.items()}


def _rmsprop_with(w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7, *, slip: str) -> tuple:
    w, s, g = (np.asarray(a, dtype=float) for a in (w, s, g))
    right = partial(rmsprop_reference, learning_rate=learning_rate, rho=rho, epsilon=epsilon)
    new_w, new_s = right(w, s, g)
    averaged_g = rho * s + (1 - rho) * g
    return _plain({
        "not squared": lambda: (w - learning_rate * g / np.sqrt(averaged_g + epsilon), averaged_g),
        "eps outside": lambda: (w - learning_rate * g / (np.sqrt(new_s) + epsilon), new_s),
        "sum": lambda: slide_optimizers.adagrad_step(w, s, g, learning_rate, epsilon),
        "printed": lambda: slide_optimizers.rmsprop_step(w, s, g, learning_rate, rho, epsilon, as_printed=True),
        "swapped rho": lambda: right(w, s, g, rho=1 - rho),
        "no root": lambda: (w - learning_rate * g / (new_s + epsilon), new_s),
        "old s": lambda: (w - learning_rate * g / np.sqrt(s + epsilon), new_s),
        "s from 0": lambda: right(w, 0 * s, g),
        "step": lambda: (new_w - w, new_s),
        "plus": lambda: (2 * w - new_w, new_s),
        "swapped": lambda: (new_s, new_w),
        "no eps": lambda: right(w, s, g, epsilon=0.0),
        "eps fixed": lambda: right(w, s, g, epsilon=1e-7),
        "rho fixed": lambda: right(w, s, g, rho=0.9),
        "defaults": lambda: rmsprop_reference(w, s, g),
    }[slip]())


RMSPROP_MISTAKES = {
    "s averages g instead of g²: square the gradient (negative g makes √ of a negative number: NaN)":
        "not squared",
    "ε is outside the square root, √s + ε: RMSProp (in Keras and on the slides) adds it inside, √(s + ε)":
        "eps outside",
    "s is a growing sum s + g², AdaGrad's rule: RMSProp forgets old gradients, s ← ρ·s + (1 − ρ)·g²": "sum",
    "s ← s + (1 − ρ)·g² drops the factor ρ on the old s (the slide's misprint): that is a growing sum, "
    "not a moving average": "printed",
    "ρ and 1 − ρ are swapped: the old s keeps the weight ρ, the new g² gets 1 − ρ": "swapped rho",
    "the square root is missing: divide g by √(s + ε)": "no root",
    "the step divides by the old s: update s first, then use the new s": "old s",
    "the s you were given was ignored (s = 0 at every call): start from the argument s": "s from 0",
    "you returned the step, not the new weights: w − step": "step",
    "the step was added, w + η·g/√(s + ε), which climbs up the loss: subtract it": "plus",
    "(s, w) came back in the wrong order: return (w, s)": "swapped",
    "ε is missing (√s alone, or ε = 0): add the argument epsilon inside the root, √(s + ε)": "no eps",
    "ε was written in as 1e-7 instead of the argument epsilon: the check passes other values": "eps fixed",
    "ρ was written in as 0.9 instead of the argument rho: the check passes other values": "rho fixed",
    "the default learning_rate, rho and epsilon were used, not the arguments the check passed": "defaults",
}


def _adam_with(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, *, slip: str) -> tuple:
    w, m, v, g = (np.asarray(a, dtype=float) for a in (w, m, v, g))
    right = partial(slide_optimizers.adam_step, learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2,
                    epsilon=epsilon)
    new_w, new_m, new_v = right(w, m, v, g, t)
    m_correction, v_correction = 1 - beta_1 ** t, 1 - beta_2 ** t

    def moved(m_factor=m_correction, v_factor=v_correction, v_state=new_v, eps_inside=False) -> tuple:
        """The last stage, w − η·m̂/(√v̂ + ε), with other bias corrections, another v or ε inside the root."""
        m_hat, v_hat = new_m / m_factor, v_state / v_factor
        root = np.sqrt(v_hat + epsilon) if eps_inside else np.sqrt(v_hat) + epsilon
        return w - learning_rate * m_hat / root, new_m, v_state

    keras_form = optimizers.Adam(learning_rate, beta_1, beta_2, epsilon)
    keras_form.iterations = t - 1  # Keras counts the steps it has taken; this one is step t
    return _plain({
        "no correction": lambda: moved(1, 1),
        "only m": lambda: moved(v_factor=1),
        "only v": lambda: moved(m_factor=1),
        "t + 1": lambda: right(w, m, v, g, t + 1),
        "t - 1": lambda: right(w, m, v, g, t - 1),
        "no power": lambda: right(w, m, v, g, 1),
        "eps inside": lambda: moved(eps_inside=True),
        "keras": lambda: _lesson_update(keras_form, w, g, m=m, v=v),
        "not squared": lambda: moved(v_state=beta_2 * v + (1 - beta_2) * g),
        "stored corrected": lambda: (new_w, new_m / m_correction, new_v / v_correction),
        "betas swapped": lambda: right(w, m, v, g, t, beta_1=beta_2, beta_2=beta_1),
        "correction swapped": lambda: moved(v_correction, m_correction),
        "times t": lambda: moved(1 - beta_1 * t, 1 - beta_2 * t),
        "m times t": lambda: moved(m_factor=1 - beta_1 * t),
        "plus": lambda: (2 * w - new_w, new_m, new_v),
        "betas fixed": lambda: right(w, m, v, g, t, beta_1=0.9, beta_2=0.999),
        "eps fixed": lambda: right(w, m, v, g, t, epsilon=1e-7),
        "from 0": lambda: right(w, 0 * m, 0 * v, g, t),
        "swapped": lambda: (new_w, new_v, new_m),
        "defaults": lambda: slide_optimizers.adam_step(w, m, v, g, t),
    }[slip]())


ADAM_MISTAKES = {
    "no bias correction: divide m by (1 − β₁ᵗ) and v by (1 − β₂ᵗ) before the step": "no correction",
    "only m is bias-corrected: v̂ = v / (1 − β₂ᵗ) too": "only m",
    "only v is bias-corrected: m̂ = m / (1 − β₁ᵗ) too": "only v",
    "the bias correction uses t + 1: t already counts from 1 (the first step is t = 1)": "t + 1",
    "the bias correction uses t − 1 (t counted from 0): at the first step 1 − β⁰ = 0 and m̂ divides "
    "by zero. Use t itself; the first step is t = 1": "t - 1",
    "the correction divides by 1 − β instead of 1 − βᵗ (t ignored): raise β₁ and β₂ to the power t, so that "
    "the correction fades as t grows": "no power",
    "ε is inside the square root, √(v̂ + ε): the slides add it after the root, √v̂ + ε": "eps inside",
    "you wrote Keras's form, ε added to √v before the bias correction: the slides (and this step) add ε "
    "to √v̂; the two agree only when ε = 0": "keras",
    "v averages g instead of g² (the summary slide's misprint ∂L²/∂w): square the gradient": "not squared",
    "m̂ and v̂ were returned as the new m and v: keep the uncorrected averages as the state": "stored corrected",
    "β₁ and β₂ are swapped: β₁ (0.9) decays the average of g, β₂ (0.999) that of g²": "betas swapped",
    "the bias corrections are swapped: m̂ divides by 1 − β₁ᵗ (β₁ goes with m), v̂ by 1 − β₂ᵗ": "correction swapped",
    "the correction multiplies β by t, 1 − β·t, instead of raising it to the power t, 1 − βᵗ: from t = 2 on, "
    "1 − β₂·t is negative, so v̂ is negative and its square root NaN. Write `beta_2 ** t` (and `beta_1 ** t`)":
        "times t",
    "m̂ divides by 1 − β₁·t, β₁ times t, instead of 1 − β₁ᵗ, β₁ to the power t: write `beta_1 ** t`": "m times t",
    "the step was added, w + η·m̂/(√v̂ + ε), which climbs up the loss: subtract it": "plus",
    "β₁ and β₂ were written in as 0.9 and 0.999 instead of the arguments beta_1 and beta_2: the check passes "
    "other values": "betas fixed",
    "ε was written in as 1e-7 instead of the argument epsilon: the check passes other values": "eps fixed",
    "the m and v you were given were ignored (zeros at every call): start from the arguments": "from 0",
    "the new m and v came back swapped: return (w, m, v)": "swapped",
    "the default learning_rate, beta_1, beta_2 and epsilon were used, not the arguments the check passed":
        "defaults",
}


INTEGER_WEIGHTS = ("the new w kept the integer dtype of an integer w (np.zeros_like(w), or w[...] = …), so "
                   "its fractions were cut off: build the new weights as floats")


def _kept_integer(reference: Callable) -> Callable:
    """What a rule returns when it writes the new weights into an array of w's own (integer) dtype."""
    def wrong(w, *state, **settings):
        new = reference(w, *state, **settings)
        if np.issubdtype(np.asarray(w).dtype, np.integer):
            new = (np.trunc(new[0]).astype(np.asarray(w).dtype), *new[1:])
        return new
    return wrong


def _named(builder: Callable, catalogue: dict[str, str], reference: Callable) -> dict[str, Callable]:
    """The step's mistakes, each a function of the step's arguments, by the words that name it."""
    mistakes = {what: partial(builder, slip=slip) for what, slip in catalogue.items()}
    mistakes[INTEGER_WEIGHTS] = _kept_integer(reference)
    return mistakes


# ---------------------------------------------------------------------------------------------
# Cases: single steps from a given state, then a run on two weight arrays at once
# ---------------------------------------------------------------------------------------------


def _momentum_cases() -> list[dict]:
    return [
        dict(w=np.array([1.0, -0.5, 2.0, 0.25]), v=np.array([0.02, -0.1, 0.0, 0.3]),
             g=np.array([0.5, -1.0, 3.0, 0.02]), learning_rate=0.05, momentum=0.8),
        dict(w=np.array([[0.3, -1.2, 0.7, 1.0], [2.0, 0.0, -0.4, 0.1]]),
             v=np.array([[0.1, 0.0, -0.2, 0.0], [0.05, 0.3, 0.0, -0.1]]),
             g=np.array([[1.0, -2.0, 0.5, 0.1], [0.0, 0.25, -1.5, 2.0]]), learning_rate=0.1, momentum=0.5),
        dict(w=1.0, v=-0.05, g=0.3, learning_rate=0.1, momentum=0.9),
        dict(w=np.array([1, -2, 3]), v=np.array([0.1, 0.0, -0.2]), g=np.array([1.0, 0.5, -2.0]),
             learning_rate=0.2, momentum=0.7),
    ]


def _rmsprop_cases() -> list[dict]:
    return [
        dict(w=np.array([1.0, -0.5, 2.0, 0.25]), s=np.array([0.2, 1.0, 0.0, 0.01]),
             g=np.array([0.5, -1.0, 3.0, 0.02]), learning_rate=0.05, rho=0.8, epsilon=1e-7),
        dict(w=np.array([0.3, -1.2, 2.0, -0.4]), s=np.array([1e-4, 0.0, 2e-4, 1e-3]),
             g=np.array([0.01, -0.02, 0.005, -0.03]), learning_rate=0.1, rho=0.95, epsilon=1e-2),
        dict(w=np.array([[0.3, -1.2, 0.7, 1.0], [2.0, 0.0, -0.4, 0.1]]),
             s=np.array([[0.1, 0.0, 0.2, 0.0], [0.05, 0.3, 0.0, 0.1]]),
             g=np.array([[1.0, -2.0, 0.5, 0.1], [0.0, 0.25, -1.5, 2.0]]), learning_rate=0.01, rho=0.9, epsilon=1e-7),
        dict(w=1.0, s=0.5, g=-0.3, learning_rate=0.01, rho=0.9, epsilon=1e-7),
        dict(w=np.array([1, -2, 3]), s=np.array([0.1, 0.0, 0.4]), g=np.array([1.0, 0.5, -2.0]),
             learning_rate=0.2, rho=0.7, epsilon=1e-6),
    ]


def _adam_cases() -> list[dict]:
    return [
        dict(w=np.array([1.0, -0.5, 2.0, 0.25]), m=np.zeros(4), v=np.zeros(4), g=np.array([0.5, -1.0, 3.0, 0.02]),
             t=1, learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7),
        dict(w=np.array([[1.0, 2.0, 0.0, -3.0], [-1.0, 0.5, 0.2, 0.1]]),
             m=np.array([[0.1, -0.2, 0.0, 0.05], [0.0, 0.3, -0.1, 0.0]]),
             v=np.array([[0.02, 0.05, 0.01, 0.003], [0.01, 0.1, 0.02, 0.0]]),
             g=np.array([[0.4, -0.1, 0.0, 0.3], [0.2, 0.6, -0.5, 0.05]]), t=50,
             learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7),
        dict(w=np.array([0.3, -1.2, 0.7]), m=np.array([0.05, -0.1, 0.002]), v=np.array([1e-3, 2e-3, 1e-5]),
             g=np.array([0.02, -0.05, 0.01]), t=3, learning_rate=0.1, beta_1=0.8, beta_2=0.99, epsilon=1e-3),
        dict(w=2.0, m=0.1, v=0.01, g=-0.5, t=2, learning_rate=0.05, beta_1=0.85, beta_2=0.995, epsilon=1e-8),
        dict(w=np.array([1, -2, 3]), m=np.array([0.1, 0.0, -0.2]), v=np.array([0.05, 0.02, 0.1]),
             g=np.array([1.0, 0.5, -2.0]), t=7, learning_rate=0.2, beta_1=0.9, beta_2=0.999, epsilon=1e-7),
    ]


def _gradients(steps: int = 30, seed: int = 6) -> np.ndarray:
    """Gradients for two weight arrays of 3 entries, changing sign and size over the steps."""
    rng = np.random.default_rng(seed)
    t = np.arange(steps)[:, None, None]
    return np.cos(t / 5 + np.arange(6).reshape(2, 3)) * np.array([1.0, 0.1, 3.0]) + 0.3 * rng.normal(size=(steps, 2, 3))


def _two_arrays_at_once(func: Callable, reference: Callable, state: tuple, hyper: dict, names: tuple,
                        with_t: bool = False) -> None:
    """30 steps on two weight arrays, one call per array per step: the states must stay apart.

    Every single step already passed, so a difference here means the function keeps a state of
    its own between calls (a global, an attribute, a default argument).
    """
    name = checks.function_name(func)
    first = tuple(np.array(a, dtype=float) for a in state)
    ours = [first, (first[0] - 1.0, *first[1:])]
    theirs = copy.deepcopy(ours)
    for number, grads in enumerate(_gradients(), start=1):
        for array in (0, 1):
            extra = (number,) if with_t else ()
            args = (*copy.deepcopy(ours[array]), grads[array].copy(), *extra)
            theirs[array] = reference(*copy.deepcopy(theirs[array]), grads[array].copy(), *extra, **hyper)
            got = checks.call_student(func, f"{name}(...)", args, dict(hyper))
            problem = checks.explain_mismatch(got, theirs[array], names=names)
            if problem:
                raise checks.failure(
                    f"{name}: every single step is right, but run for {len(_gradients())} steps on two weight "
                    f"arrays at once (one call for each array at every step), the result for array "
                    f"{'AB'[array]} at step {number} {problem}\n🔎 It looks like your function keeps a state "
                    "of its own between calls (a global variable, an attribute, a default argument) instead "
                    "of using only the state it is given, so the two arrays' states get mixed: take the "
                    "state from the arguments and return the new one.")
            ours[array] = tuple(got)


# ---------------------------------------------------------------------------------------------
# The steps
# ---------------------------------------------------------------------------------------------


def by_hand_reference() -> tuple[float, float, float, float]:
    """(v1, w1, v2, w2): two of Keras's momentum steps from w = 1, v = 0 with gradients 0.5, then 0.3."""
    w1, v1 = momentum_reference(W0, 0.0, GRADIENTS[0], LEARNING_RATE, MOMENTUM)
    w2, v2 = momentum_reference(w1, v1, GRADIENTS[1], LEARNING_RATE, MOMENTUM)
    return v1, w1, v2, w2


def _by_hand_with(slip: str, carry: bool = True) -> tuple:
    w1, v1 = _momentum_with(W0, 0.0, GRADIENTS[0], LEARNING_RATE, MOMENTUM, slip=slip)
    w2, v2 = _momentum_with(w1, v1 if carry else 0.0, GRADIENTS[1], LEARNING_RATE, MOMENTUM, slip=slip)
    return v1, w1, v2, w2


@step
def momentum_by_hand(v1, w1, v2, w2) -> None:
    """Two momentum steps on plain numbers: (v1, w1) after the gradient 0.5, (v2, w2) after 0.3."""
    slips = {slip: MOMENTUM_MISTAKES_BY_SLIP[slip] for slip in ("sign", "minus v", "average", "old v", "no lr")}
    mistakes = {what: _by_hand_with(slip) for slip, what in slips.items()}
    mistakes["the second step started from v = 0 again: the velocity must be carried from step 1 (v2 uses v1)"] = \
        _by_hand_with("right", carry=False)
    v1_, w1_, v2_, w2_ = by_hand_reference()
    mistakes["the second step started from w = 1 again: it starts where the first ended (w2 = w1 + v2)"] = \
        (v1_, w1_, v2_, W0 + v2_)
    checks.check_value("(v1, w1, v2, w2)", (v1, w1, v2, w2), by_hand_reference(),
                       names=("v1", "w1", "v2", "w2"), mistakes=mistakes)



@step
def momentum_step(func) -> None:
    """``momentum_step(w, v, g, learning_rate, momentum)`` returns the new (w, v), Keras's convention."""
    with np.errstate(all="ignore"):
        checks.check_function(func, momentum_reference, _momentum_cases(), names=("the new w", "the new v"),
                              mistakes=_named(_momentum_with, MOMENTUM_MISTAKES, momentum_reference))
        _two_arrays_at_once(func, momentum_reference, (np.array([1.0, -0.5, 2.0]), np.zeros(3)),
                            {"learning_rate": 0.05, "momentum": 0.9}, ("the new w", "the new v"))


@step
def rmsprop_step(func) -> None:
    """``rmsprop_step(w, s, g, learning_rate, rho, epsilon)`` returns the new (w, s), ε inside the root."""
    with np.errstate(all="ignore"):
        checks.check_function(func, rmsprop_reference, _rmsprop_cases(), names=("the new w", "the new s"),
                              mistakes=_named(_rmsprop_with, RMSPROP_MISTAKES, rmsprop_reference))
        _two_arrays_at_once(func, rmsprop_reference, (np.array([1.0, -0.5, 2.0]), np.zeros(3)),
                            {"learning_rate": 0.01, "rho": 0.9, "epsilon": 1e-7}, ("the new w", "the new s"))


@step
def adam_step(func) -> None:
    """``adam_step(w, m, v, g, t, learning_rate, beta_1, beta_2, epsilon)`` returns the new (w, m, v)."""
    names = ("the new w", "the new m", "the new v")
    with np.errstate(all="ignore"):
        checks.check_function(func, adam_reference, _adam_cases(), names=names,
                              mistakes=_named(_adam_with, ADAM_MISTAKES, adam_reference))
        _two_arrays_at_once(func, adam_reference, (np.array([1.0, -0.5, 2.0]), np.zeros(3), np.zeros(3)),
                            {"learning_rate": 0.01, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-3}, names,
                            with_t=True)


def race_losses(rates: dict[str, float] | None = None) -> dict[str, float]:
    """The valley's loss after 100 steps of plain SGD and of RMSProp, at the race's learning rates (or ``rates``)."""
    rates = rates or race_learning_rates()
    runs = {"SGD": optimizers.SGD(rates["SGD"]), "RMSProp": optimizers.RMSprop(rates["RMSProp"])}
    return {name: float(optimizer_race.run_optimizer(valley(), opt, RACE_STEPS).loss[-1]) for name, opt in runs.items()}


@step
def valley_winner(answer) -> None:
    """Predict: after 100 steps on the valley, each at its race learning rate, is SGD's or RMSProp's loss lower?"""
    rates, loss = race_learning_rates(), race_losses()
    winner = min(loss, key=loss.get)
    same_rate = race_losses({"SGD": rates["SGD"], "RMSProp": rates["SGD"]})["RMSProp"]
    numbers = (f"after {RACE_STEPS} steps SGD (learning rate {rates['SGD']:g}) ends at loss {loss['SGD']:.2e} and "
               f"RMSProp (learning rate {rates['RMSProp']:g}) at {loss['RMSProp']:.2e} — the same runs as in the race "
               f"at the end of this notebook (with learning rate {rates['SGD']:g} too, RMSProp would end at "
               f"{same_rate:.2e})")
    why = (f"SGD steps by {rates['SGD']:g} × gradient, and along the valley the gradient x/10 is tiny, so SGD crawls "
           "along it; RMSProp divides each direction by the root of its own average g², so it moves about "
           "one learning rate per step in both directions and heads for the minimum")
    choices = {name: f"{numbers}: {why}." for name in ("SGD", "RMSProp")}
    choices["about the same"] = f"they are far apart: {numbers}. {why[0].upper()}{why[1:]}."
    checks.check_choice("valley_winner", answer, choices, right=winner)


def first_adam_steps(learning_rate: float = FIRST_LR) -> dict[float, float]:
    """|Δw| of Adam's first step (from m = v = 0, t = 1, slides' form) for each gradient size in SCALES."""
    return {g: abs(float(adam_reference(0.0, 0.0, 0.0, g, 1, learning_rate)[0])) for g in SCALES}


@step
def adam_first_step(answer) -> None:
    """Predict: does the size of Adam's first step depend on the size of the gradient? ("yes" or "no")."""
    sizes = first_adam_steps()
    spread = max(sizes.values()) / min(sizes.values())
    shown = ", ".join(f"g = {g:g}: {size:.6f}" for g, size in sizes.items())
    facts = (f"at t = 1, m̂ = g and v̂ = g², so the step is α·g / (|g| + ε) ≈ α whatever the size of g "
             f"(learning rate α = {FIRST_LR:g}; first steps {shown})")
    choices = {"yes": f"{facts}. The gradient's size cancels out: only its sign sets the direction.",
               "no": f"{facts}. This is why Adam's learning rate is a step size in the weights' own units."}
    checks.check_choice("adam_first_step", answer, choices, right="no" if spread < 1.01 else "yes")


def _adam_walk(surface, steps, learning_rate=0.1, epsilon=0.0, *, first_t=1, carry=True, fresh=True,
               counting=True) -> np.ndarray:
    """The slides' Adam along ``surface`` with one slip of the loop (for naming mistakes)."""
    w = np.array(surface.start, dtype=float)
    m = v = np.zeros(2)
    path, g = [w], np.array(surface.grad(*w))
    for k in range(steps):
        if fresh:
            g = np.array(surface.grad(*w))
        if not carry:
            m = v = np.zeros(2)
        w, m, v = slide_optimizers.adam_step(w, m, v, g, first_t + k if counting else first_t, learning_rate,
                                       epsilon=epsilon)
        path.append(w)
    return np.array(path)


ADAM_PATH_MISTAKES = {
    "the path does not start with surface.start: its first row is the start, then one row per step":
        lambda *a: adam_path_reference(*a)[1:],
    "t started at 0: the first step divides by 1 − β⁰ = 0 (NaN or inf). Count t = 1, 2, …, steps":
        partial(_adam_walk, first_t=0),
    "t stayed 1 at every step: it counts the steps, so the bias correction fades as t grows":
        partial(_adam_walk, counting=False),
    "m and v were reset to zeros at every step: carry the m and v that adam_step returns into the next step":
        partial(_adam_walk, carry=False),
    "the gradient was taken at the start at every step: take it where w is now, surface.grad(*w)":
        partial(_adam_walk, fresh=False),
    "the loop made one step too many: range(steps) makes `steps` steps": lambda s, n, *a: _adam_walk(s, n + 1, *a),
    "the default learning rate / ε of adam_step were used, not adam_path's arguments":
        lambda s, n, *a: _adam_walk(s, n, 0.001, 1e-7),
    "the path ran on the valley whatever surface was passed (a global surface, not the argument): take the "
    "start and the gradient from the argument `surface`": lambda s, n, *a: adam_path_reference(valley(), n, *a),
}


@step
def adam_path(func) -> None:
    """``adam_path(surface, steps, learning_rate, epsilon)``: the (steps + 1, 2) points of your Adam."""
    surfaces = optimizer_race.SURFACES
    cases = [(surfaces["valley"], 100, 0.1, 0.0), (surfaces["bowl"], 20, 0.3, 1e-7), (surfaces["valley"], 5, 0.5, 1e-3)]
    with np.errstate(all="ignore"):
        checks.check_function(func, adam_path_reference, cases, rtol=1e-9, atol=1e-12, mistakes=ADAM_PATH_MISTAKES)
