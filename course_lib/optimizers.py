"""Lesson 06's optimizers (최적화 함수) as Keras writes them: one interface, seven classes, fast in-place updates.

Every class updates a dict of NumPy arrays in place (``opt.update(params, grads)``, the convention of
Deep Learning from Scratch that lesson 07's network uses), keeps its state per parameter name, takes
Keras's argument names and defaults, and follows ``keras.optimizers`` step for step with ``out=``
arithmetic, so that float32 weights stay float32, no array is copied (lesson 07's speed depends on
it) and the results agree with Keras to rounding. Each class writes its update rule in its
docstring; the lesson's closing table (:func:`summary_table`) is generated from the classes.
TensorFlow is imported only when a Keras twin is asked for.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from .display import Table

Params = dict[str, np.ndarray]


class Optimizer:
    """Base class: ``update(params, grads)`` changes every array of ``params`` in place.

    Subclasses set their name in the lesson's tables (``title``), their update ``rule`` (written
    into their docstring by :func:`document_rule`), their Keras twin (``keras_class``,
    ``keras_name``), the names of their state arrays (``slots``) and write ``_step``.
    ``iterations`` counts calls of :meth:`update`, like Keras's ``optimizer.iterations``.
    """

    title: ClassVar[str] = ""
    rule: ClassVar[str] = ""
    keras_class: ClassVar[str] = ""
    keras_name: ClassVar[str | None] = None
    slots: ClassVar[tuple[str, ...]] = ()
    scratch: ClassVar[int] = 1

    def __init__(self, learning_rate: float, **settings: float | bool):
        self.learning_rate = float(learning_rate)
        for name, value in settings.items():  # the other hyperparameters, under the constructor's names
            setattr(self, name, value if isinstance(value, bool) else float(value))
        self.iterations = 0
        self.state: dict[str, dict[str, np.ndarray]] = {}

    def update(self, params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> None:
        """One step: move every ``params[key]`` in place, using ``grads[key]`` and its own state."""
        self.iterations += 1
        for key, grad in grads.items():
            param = params[key]
            state = self.state.get(key)
            if state is None:
                state = self.state[key] = self._new_state(param)
            self._step(param, np.asarray(grad, dtype=param.dtype), state)

    def _new_state(self, param: np.ndarray) -> dict[str, np.ndarray]:
        state = {name: np.full_like(param, self._initial(name)) for name in self.slots}
        state.update({f"_tmp{i}": np.empty_like(param) for i in range(self.scratch)})
        return state

    def _initial(self, slot: str) -> float:
        return 0.0

    def _step(self, w: np.ndarray, g: np.ndarray, state: dict[str, np.ndarray]) -> None:
        raise NotImplementedError

    # -- hyperparameters, Keras twin -------------------------------------------------------
    @classmethod
    def hyperparameters(cls) -> dict[str, object]:
        """The constructor's arguments and their defaults (Keras's names and defaults)."""
        return {name: p.default for name, p in inspect.signature(cls.__init__).parameters.items()
                if name != "self"}

    def config(self) -> dict[str, object]:
        """This optimizer's hyperparameter values, by their Keras names."""
        return {name: getattr(self, name) for name in self.hyperparameters()}

    @classmethod
    def keras_equivalent(cls) -> type[Optimizer]:
        """The course_lib class that mirrors the Keras class one to one (SGD for its variants)."""
        return cls

    def keras_kwargs(self) -> dict[str, object]:
        """Keyword arguments that build the same optimizer in ``keras.optimizers``."""
        return {name: getattr(self, name) for name in self.keras_equivalent().hyperparameters()}

    @classmethod
    def keras_call(cls) -> str:
        """How to ask Keras for this optimizer, e.g. ``SGD(momentum=0.9)``."""
        defaults = cls.keras_equivalent().hyperparameters()
        ours = cls().keras_kwargs()
        changed = [f"{k}={v!r}" for k, v in ours.items() if defaults.get(k) != v]
        return f"{cls.keras_class}({', '.join(changed)})"

    def keras(self):
        """The ``keras.optimizers`` object with the same hyperparameters (imports Keras)."""
        import keras

        return getattr(keras.optimizers, self.keras_class)(**self.keras_kwargs())

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"{type(self).__name__}({args})"


def document_rule(cls: type[Optimizer]) -> type[Optimizer]:
    """Write the class's update rule into its docstring (the rule is typed once, as ``rule``)."""
    cls.__doc__ = (cls.__doc__ or "").rstrip() + "\n\n    Update rule (per parameter array w, gradient g)::\n\n" + \
        "\n".join(f"        {line}" for line in cls.rule.splitlines()) + "\n"
    return cls


@document_rule
class SGD(Optimizer):
    """Stochastic gradient descent (확률적 경사 하강법), Keras's ``SGD``.

    The same class serves batch, stochastic and mini-batch gradient descent: what changes is
    the data the gradient is computed on (:func:`course_lib.minibatch.minibatches`), not the update. With
    ``momentum > 0`` it is SGD with momentum, with ``nesterov=True`` Nesterov's (NAG).
    """

    title = "SGD"
    rule = "w ← w − learning_rate·g"
    keras_class = "SGD"
    keras_name = "sgd"
    scratch = 2

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0, nesterov: bool = False):
        super().__init__(learning_rate, momentum=momentum, nesterov=bool(nesterov))
        self.slots = ("velocity",) if self.momentum != 0 else ()

    @classmethod
    def keras_equivalent(cls) -> type[Optimizer]:
        return SGD

    def _step(self, w, g, state):
        lr_g = np.multiply(g, self.learning_rate, out=state["_tmp0"])
        if self.momentum == 0:
            w -= lr_g
            return
        v = state["velocity"]
        v *= self.momentum
        v -= lr_g                                        # v ← momentum·v − lr·g
        if self.nesterov:
            ahead = np.multiply(v, self.momentum, out=state["_tmp1"])
            ahead -= lr_g
            w += ahead                                   # w ← w + momentum·v − lr·g
        else:
            w += v                                       # w ← w + v


@document_rule
class Momentum(SGD):
    """SGD with momentum (모멘텀): Keras's ``SGD(momentum=0.9)``.

    The velocity remembers past steps, so consistent directions speed up and zig-zags cancel.
    Keras's ``SGD`` defaults to ``momentum=0.0``; this class defaults to the slides' usual 0.9.
    """

    title = "Momentum"
    rule = "v ← momentum·v − learning_rate·g\nw ← w + v"
    keras_name = None

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.9):
        super().__init__(learning_rate, momentum, nesterov=False)


@document_rule
class Nesterov(SGD):
    """Nesterov accelerated gradient (NAG): Keras's ``SGD(momentum=0.9, nesterov=True)``.

    Keras stores the *look-ahead* point: its weights are the slides' w − β·v, where the slides
    evaluate the gradient, so the gradient is taken at the stored weights (see
    :data:`course_lib.keras_parity.CONVENTIONS`).
    """

    title = "NAG"
    rule = "v ← momentum·v − learning_rate·g\nw ← w + momentum·v − learning_rate·g"
    keras_name = None

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.9):
        super().__init__(learning_rate, momentum, nesterov=True)


@document_rule
class Adagrad(Optimizer):
    """AdaGrad (adaptive gradient), Keras's ``Adagrad``.

    Every weight gets its own step size, which shrinks as its squared gradients add up.
    Keras starts the accumulator at ``initial_accumulator_value = 0.1``; the slides start at 0.
    """

    title = "AdaGrad"
    rule = "G ← G + g²   (G starts at initial_accumulator_value)\nw ← w − learning_rate·g / √(G + epsilon)"
    keras_class = "Adagrad"
    keras_name = "adagrad"
    slots = ("accumulator",)
    scratch = 2

    def __init__(self, learning_rate: float = 0.001, initial_accumulator_value: float = 0.1,
                 epsilon: float = 1e-7):
        super().__init__(learning_rate, initial_accumulator_value=initial_accumulator_value, epsilon=epsilon)

    def _initial(self, slot):
        return self.initial_accumulator_value

    def _step(self, w, g, state):
        acc, tmp, step = state["accumulator"], state["_tmp0"], state["_tmp1"]
        acc += np.square(g, out=tmp)                     # G ← G + g²
        np.sqrt(np.add(acc, self.epsilon, out=tmp), out=tmp)
        np.multiply(g, self.learning_rate, out=step)
        step /= tmp
        w -= step                                        # w ← w − lr·g/√(G + ε)


@document_rule
class RMSprop(Optimizer):
    """RMSProp (root mean square propagation), Keras's ``RMSprop`` (without its momentum/centered options).

    Like AdaGrad, but the squared gradients are *averaged* with decay ``rho`` instead of summed,
    so old gradients are forgotten and the steps do not die out.
    """

    title = "RMSProp"
    rule = "E ← rho·E + (1 − rho)·g²\nw ← w − learning_rate·g / √(E + epsilon)"
    keras_class = "RMSprop"
    keras_name = "rmsprop"
    slots = ("velocity",)
    scratch = 2

    def __init__(self, learning_rate: float = 0.001, rho: float = 0.9, epsilon: float = 1e-7):
        super().__init__(learning_rate, rho=rho, epsilon=epsilon)

    def _step(self, w, g, state):
        avg, tmp, step = state["velocity"], state["_tmp0"], state["_tmp1"]
        avg *= self.rho
        np.square(g, out=tmp)
        tmp *= 1 - self.rho
        avg += tmp                                       # E ← ρ·E + (1 − ρ)·g²
        np.sqrt(np.add(avg, self.epsilon, out=tmp), out=tmp)
        np.multiply(g, self.learning_rate, out=step)
        step /= tmp
        w -= step                                        # w ← w − lr·g/√(E + ε)


@document_rule
class Adadelta(Optimizer):
    """AdaDelta, Keras's ``Adadelta``.

    Scales each step by the ratio RMS(past steps) / RMS(gradients), so the step has the units of
    the weights. The original method (and the slides) has no learning rate, i.e. 1.0; Keras
    multiplies the step by ``learning_rate`` (default 0.001) but accumulates the unscaled step.
    Keras's decay ``rho`` defaults to 0.95 (the AdaDelta paper's value); the slides' usual β is 0.9.
    """

    title = "AdaDelta"
    rule = ("E_g ← rho·E_g + (1 − rho)·g²\n"
            "Δ ← −√(E_Δ + epsilon) / √(E_g + epsilon) · g\n"
            "E_Δ ← rho·E_Δ + (1 − rho)·Δ²\n"
            "w ← w + learning_rate·Δ")
    keras_class = "Adadelta"
    keras_name = "adadelta"
    slots = ("accumulated_grad", "accumulated_delta")
    scratch = 2

    def __init__(self, learning_rate: float = 0.001, rho: float = 0.95, epsilon: float = 1e-7):
        super().__init__(learning_rate, rho=rho, epsilon=epsilon)

    def _step(self, w, g, state):
        e_g, e_d, tmp, delta = (state[k] for k in ("accumulated_grad", "accumulated_delta", "_tmp0", "_tmp1"))
        rho, eps = self.rho, self.epsilon
        e_g *= rho
        e_g += np.multiply(np.square(g, out=tmp), 1 - rho, out=tmp)      # E_g ← ρ·E_g + (1 − ρ)·g²
        np.sqrt(np.add(e_d, eps, out=delta), out=delta)
        delta *= g
        delta /= np.sqrt(np.add(e_g, eps, out=tmp), out=tmp)
        np.negative(delta, out=delta)                                    # Δ ← −√(E_Δ + ε)/√(E_g + ε)·g
        e_d *= rho
        e_d += np.multiply(np.square(delta, out=tmp), 1 - rho, out=tmp)  # E_Δ ← ρ·E_Δ + (1 − ρ)·Δ²
        delta *= self.learning_rate
        w += delta                                                       # w ← w + lr·Δ


@document_rule
class Adam(Optimizer):
    """Adam (adaptive moment estimation), Keras's ``Adam`` (without its amsgrad option).

    Momentum's moving average of g plus RMSProp's moving average of g², both bias-corrected.
    Keras folds the bias corrections into the learning rate, which puts epsilon next to √v
    rather than √v̂ — the same as the slides' form only when epsilon = 0 (see
    :data:`course_lib.keras_parity.CONVENTIONS`).
    """

    title = "Adam"
    rule = ("t ← t + 1\n"
            "m ← m + (1 − beta_1)·(g − m)\n"
            "v ← v + (1 − beta_2)·(g² − v)\n"
            "α_t = learning_rate·√(1 − beta_2ᵗ) / (1 − beta_1ᵗ)\n"
            "w ← w − α_t·m / (√v + epsilon)")
    keras_class = "Adam"
    keras_name = "adam"
    slots = ("m", "v")
    scratch = 2

    def __init__(self, learning_rate: float = 0.001, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7):
        super().__init__(learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon)

    def _step(self, w, g, state):
        m, v, tmp, step = state["m"], state["v"], state["_tmp0"], state["_tmp1"]
        one, t = w.dtype.type(1), w.dtype.type(self.iterations)
        alpha = (w.dtype.type(self.learning_rate) * np.sqrt(one - w.dtype.type(self.beta_2) ** t)
                 / (one - w.dtype.type(self.beta_1) ** t))
        m += np.multiply(np.subtract(g, m, out=tmp), 1 - self.beta_1, out=tmp)  # m ← m + (1 − β1)(g − m)
        np.square(g, out=tmp)
        tmp -= v
        v += np.multiply(tmp, 1 - self.beta_2, out=tmp)                          # v ← v + (1 − β2)(g² − v)
        np.multiply(m, alpha, out=step)
        step /= np.add(np.sqrt(v, out=tmp), self.epsilon, out=tmp)
        w -= step                                                                # w ← w − α_t·m/(√v + ε)


OPTIMIZERS: tuple[type[Optimizer], ...] = (SGD, Momentum, Nesterov, Adagrad, RMSprop, Adadelta, Adam)

# The closing table's prose for each optimizer (its rule, hyperparameters and Keras call come from the class).
SUMMARY: dict[type[Optimizer], dict[str, str]] = {
    SGD: {"idea": "step against the gradient of the batch's loss",
          "strengths": "simple; one hyperparameter; the mini-batch noise can help escape flat regions",
          "weaknesses": "slow along shallow directions and zig-zags across steep ones; learning rate is hard to pick"},
    Momentum: {"idea": "keep a velocity: a decaying sum of past steps",
               "strengths": "faster along consistent directions, damps zig-zags in narrow valleys",
               "weaknesses": "one more hyperparameter; can overshoot and oscillate around the minimum"},
    Nesterov: {"idea": "momentum, with the gradient taken where the momentum is about to carry the weights",
               "strengths": "corrects the momentum step early: less overshoot, usually faster than plain momentum",
               "weaknesses": "still needs learning rate and momentum tuned; a little more complex"},
    Adagrad: {"idea": "divide each weight's step by the root of its summed squared gradients",
              "strengths": "per-weight step sizes; weights with rare, small gradients keep large steps",
              "weaknesses": "G only grows, so the steps shrink towards zero and learning can stall"},
    RMSprop: {"idea": "AdaGrad with an exponential moving average of g² instead of a sum",
              "strengths": "adaptive per-weight steps that do not vanish; "
                           "works well on noisy, non-stationary problems",
              "weaknesses": "the decay rho needs tuning; no momentum of its own"},
    Adadelta: {"idea": "RMSProp whose step size comes from a moving average of past steps, not from a learning rate",
               "strengths": "no learning rate to tune in its original form; steps do not vanish like AdaGrad's",
               "weaknesses": "very slow start (the first steps are ~√epsilon); "
                             "Keras's default learning_rate=0.001 slows it further"},
    Adam: {"idea": "momentum (average of g) and RMSProp (average of g²) together, with bias correction",
           "strengths": "fast and robust with its defaults on most problems; the usual first choice",
           "weaknesses": "three hyperparameters; can generalise worse than well-tuned SGD with momentum"},
}


def summary_table(classes: tuple[type[Optimizer], ...] = OPTIMIZERS) -> Table:
    """The closing table, generated from the classes: idea, rule, hyperparameters, Keras, pros and cons."""
    def defaults(cls):
        return ", ".join(f"{k}={v!r}" for k, v in cls.hyperparameters().items())

    def keras(cls):
        by_name = f' or "{cls.keras_name}"' if cls.keras_name else ""
        return f"{cls.keras_call()}{by_name}"

    return Table({
        "optimizer": [c.title for c in classes],
        "idea": [SUMMARY[c]["idea"] for c in classes],
        "update rule": [c.rule.replace("\n", ";  ") for c in classes],
        "hyperparameters (defaults)": [defaults(c) for c in classes],
        "in Keras": [keras(c) for c in classes],
        "strengths": [SUMMARY[c]["strengths"] for c in classes],
        "weaknesses": [SUMMARY[c]["weaknesses"] for c in classes],
    }, caption="the optimizers of lesson 06, generated from course_lib.optimizers")


