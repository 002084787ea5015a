"""Lesson 06: the optimizers (최적화 함수) of the slides, from scratch in NumPy, matched against Keras.

Seven small classes share one interface (Deep-Learning-from-Scratch style)::

    opt = Adam(learning_rate=0.001)
    opt.update(params, grads)     # dicts name → array; the arrays in ``params`` change in place

Each keeps its state (velocity, accumulators…) per parameter name, takes its constructor
arguments under Keras's names with Keras's defaults, and follows the arithmetic of
``keras.optimizers`` step for step, so that float32 and float64 arrays stay in their dtype and
agree with Keras to rounding (:func:`compare_with_keras`). Every class writes its update rule in
its docstring and carries the facts of the lesson's closing table (:func:`summary_table`).

The slides write several rules in a different *convention* from Keras. Those forms are here
too, as ``Slide…`` classes under the slides' symbols (α, β, ε), and :data:`CONVENTIONS` says under
which setting each slide form and its Keras form produce the same weights.

Also here: mini-batch gradient descent on a linear model (batch, stochastic, mini-batch), and
:func:`adam_step`, the slides' Adam as a pure function of (w, m, v, g, t). Exercise 06's checks
(``course_lib.exercises.optimizers``) use these classes and functions as their references.

TensorFlow is imported only inside the functions that talk to Keras.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .display import Table

Params = dict[str, np.ndarray]

# ---------------------------------------------------------------------------------------------
# The interface and the seven optimizers (Keras's conventions)
# ---------------------------------------------------------------------------------------------


class Optimizer:
    """Base class: ``update(params, grads)`` changes every array of ``params`` in place.

    Subclasses set the class-level facts of the closing table (``title``, ``idea``, ``rule``,
    ``strengths``, ``weaknesses``, ``keras_class``, ``keras_name``) and write ``_step``.
    ``iterations`` counts calls of :meth:`update`, like Keras's ``optimizer.iterations``.
    """

    title: ClassVar[str] = ""
    slide_title: ClassVar[str] = ""
    idea: ClassVar[str] = ""
    rule: ClassVar[str] = ""
    strengths: ClassVar[str] = ""
    weaknesses: ClassVar[str] = ""
    keras_class: ClassVar[str] = ""
    keras_name: ClassVar[str | None] = None
    slots: ClassVar[tuple[str, ...]] = ()
    scratch: ClassVar[int] = 1

    def __init__(self, learning_rate: float):
        self.learning_rate = float(learning_rate)
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
        return self.config()

    @classmethod
    def keras_call(cls) -> str:
        """How to ask Keras for this optimizer, e.g. ``SGD(momentum=0.9)``."""
        defaults = cls.keras_equivalent().hyperparameters()
        ours = cls().keras_kwargs()
        changed = [f"{k}={_literal(v)}" for k, v in ours.items() if defaults.get(k) != v]
        return f"{cls.keras_class}({', '.join(changed)})"

    def keras(self):
        """The ``keras.optimizers`` object with the same hyperparameters (imports Keras)."""
        import keras

        return getattr(keras.optimizers, self.keras_class)(**self.keras_kwargs())

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={_literal(v)}" for k, v in self.config().items())
        return f"{type(self).__name__}({args})"


def _literal(value) -> str:
    return repr(value)


def _document(cls: type[Optimizer]) -> type[Optimizer]:
    """Write the class's update rule into its docstring (the rule is typed once, as ``rule``)."""
    cls.__doc__ = (cls.__doc__ or "").rstrip() + "\n\n    Update rule (per parameter array w, gradient g)::\n\n" + \
        "\n".join(f"        {line}" for line in cls.rule.splitlines()) + "\n"
    return cls


@_document
class SGD(Optimizer):
    """Stochastic gradient descent (확률적 경사 하강법), Keras's ``SGD``.

    The same class serves batch, stochastic and mini-batch gradient descent: what changes is
    the data the gradient is computed on (:func:`minibatches`), not the update. With
    ``momentum > 0`` it is SGD with momentum, with ``nesterov=True`` Nesterov's (NAG).
    """

    title = "SGD"
    slide_title = "Batch / Stochastic / Mini-batch Gradient Descent"
    idea = "step against the gradient of the batch's loss"
    rule = "w ← w − learning_rate·g"
    strengths = "simple; one hyperparameter; the mini-batch noise can help escape flat regions"
    weaknesses = "slow along shallow directions and zig-zags across steep ones; learning rate is hard to pick"
    keras_class = "SGD"
    keras_name = "sgd"
    scratch = 2

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0, nesterov: bool = False):
        super().__init__(learning_rate)
        self.momentum = float(momentum)
        self.nesterov = bool(nesterov)
        self.slots = ("velocity",) if self.momentum != 0 else ()

    @classmethod
    def keras_equivalent(cls) -> type[Optimizer]:
        return SGD

    def keras_kwargs(self) -> dict[str, object]:
        return {"learning_rate": self.learning_rate, "momentum": self.momentum, "nesterov": self.nesterov}

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


@_document
class Momentum(SGD):
    """SGD with momentum (모멘텀): Keras's ``SGD(momentum=0.9)``.

    The velocity remembers past steps, so consistent directions speed up and zig-zags cancel.
    Keras's ``SGD`` defaults to ``momentum=0.0``; this class defaults to the slides' usual 0.9.
    """

    title = "Momentum"
    slide_title = "SGD with momentum"
    idea = "keep a velocity: a decaying sum of past steps"
    rule = "v ← momentum·v − learning_rate·g\nw ← w + v"
    strengths = "faster along consistent directions, damps zig-zags in narrow valleys"
    weaknesses = "one more hyperparameter; can overshoot and oscillate around the minimum"
    keras_name = None

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.9):
        super().__init__(learning_rate, momentum, nesterov=False)

    def config(self) -> dict[str, object]:
        return {"learning_rate": self.learning_rate, "momentum": self.momentum}


@_document
class Nesterov(SGD):
    """Nesterov accelerated gradient (NAG): Keras's ``SGD(momentum=0.9, nesterov=True)``.

    Keras stores the *look-ahead* point: its weights are the slides' w − β·v, where the slides
    evaluate the gradient, so the gradient is taken at the stored weights (see :data:`CONVENTIONS`).
    """

    title = "NAG"
    slide_title = "Nesterov Accelerated Gradient"
    idea = "momentum, with the gradient taken where the momentum is about to carry the weights"
    rule = "v ← momentum·v − learning_rate·g\nw ← w + momentum·v − learning_rate·g"
    strengths = "corrects the momentum step early: less overshoot, usually faster than plain momentum"
    weaknesses = "still needs learning rate and momentum tuned; a little more complex"
    keras_name = None

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.9):
        super().__init__(learning_rate, momentum, nesterov=True)

    def config(self) -> dict[str, object]:
        return {"learning_rate": self.learning_rate, "momentum": self.momentum}


@_document
class Adagrad(Optimizer):
    """AdaGrad (adaptive gradient), Keras's ``Adagrad``.

    Every weight gets its own step size, which shrinks as its squared gradients add up.
    Keras starts the accumulator at ``initial_accumulator_value = 0.1``; the slides start at 0.
    """

    title = "AdaGrad"
    slide_title = "AdaGrad (Adaptive Gradient)"
    idea = "divide each weight's step by the root of its summed squared gradients"
    rule = "G ← G + g²   (G starts at initial_accumulator_value)\nw ← w − learning_rate·g / √(G + epsilon)"
    strengths = "per-weight step sizes; weights with rare, small gradients keep large steps"
    weaknesses = "G only grows, so the steps shrink towards zero and learning can stall"
    keras_class = "Adagrad"
    keras_name = "adagrad"
    slots = ("accumulator",)
    scratch = 2

    def __init__(self, learning_rate: float = 0.001, initial_accumulator_value: float = 0.1,
                 epsilon: float = 1e-7):
        super().__init__(learning_rate)
        self.initial_accumulator_value = float(initial_accumulator_value)
        self.epsilon = float(epsilon)

    def _initial(self, slot):
        return self.initial_accumulator_value

    def _step(self, w, g, state):
        acc, tmp, step = state["accumulator"], state["_tmp0"], state["_tmp1"]
        acc += np.square(g, out=tmp)                     # G ← G + g²
        np.sqrt(np.add(acc, self.epsilon, out=tmp), out=tmp)
        np.multiply(g, self.learning_rate, out=step)
        step /= tmp
        w -= step                                        # w ← w − lr·g/√(G + ε)


@_document
class RMSprop(Optimizer):
    """RMSProp (root mean square propagation), Keras's ``RMSprop`` (without its momentum/centered options).

    Like AdaGrad, but the squared gradients are *averaged* with decay ``rho`` instead of summed,
    so old gradients are forgotten and the steps do not die out.
    """

    title = "RMSProp"
    slide_title = "RMSProp (Root Mean Square Propagation)"
    idea = "AdaGrad with an exponential moving average of g² instead of a sum"
    rule = "E ← rho·E + (1 − rho)·g²\nw ← w − learning_rate·g / √(E + epsilon)"
    strengths = "adaptive per-weight steps that do not vanish; works well on noisy, non-stationary problems"
    weaknesses = "the decay rho needs tuning; no momentum of its own"
    keras_class = "RMSprop"
    keras_name = "rmsprop"
    slots = ("velocity",)
    scratch = 2

    def __init__(self, learning_rate: float = 0.001, rho: float = 0.9, epsilon: float = 1e-7):
        super().__init__(learning_rate)
        self.rho = float(rho)
        self.epsilon = float(epsilon)

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


@_document
class Adadelta(Optimizer):
    """AdaDelta, Keras's ``Adadelta``.

    Scales each step by the ratio RMS(past steps) / RMS(gradients), so the step has the units of
    the weights. The original method (and the slides) has no learning rate, i.e. 1.0; Keras
    multiplies the step by ``learning_rate`` (default 0.001) but accumulates the unscaled step.
    Keras's decay ``rho`` defaults to 0.95 (the AdaDelta paper's value); the slides' usual β is 0.9.
    """

    title = "AdaDelta"
    slide_title = "AdaDelta"
    idea = "RMSProp whose step size comes from a moving average of past steps, not from a learning rate"
    rule = ("E_g ← rho·E_g + (1 − rho)·g²\n"
            "Δ ← −√(E_Δ + epsilon) / √(E_g + epsilon) · g\n"
            "E_Δ ← rho·E_Δ + (1 − rho)·Δ²\n"
            "w ← w + learning_rate·Δ")
    strengths = "no learning rate to tune in its original form; steps do not vanish like AdaGrad's"
    weaknesses = "very slow start (the first steps are ~√epsilon); Keras's default learning_rate=0.001 slows it further"
    keras_class = "Adadelta"
    keras_name = "adadelta"
    slots = ("accumulated_grad", "accumulated_delta")
    scratch = 2

    def __init__(self, learning_rate: float = 0.001, rho: float = 0.95, epsilon: float = 1e-7):
        super().__init__(learning_rate)
        self.rho = float(rho)
        self.epsilon = float(epsilon)

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


@_document
class Adam(Optimizer):
    """Adam (adaptive moment estimation), Keras's ``Adam`` (without its amsgrad option).

    Momentum's moving average of g plus RMSProp's moving average of g², both bias-corrected.
    Keras folds the bias corrections into the learning rate, which puts epsilon next to √v
    rather than √v̂ — the same as the slides' form only when epsilon = 0 (see :data:`CONVENTIONS`).
    """

    title = "Adam"
    slide_title = "Adam (Adaptive Moment Estimation)"
    idea = "momentum (average of g) and RMSProp (average of g²) together, with bias correction"
    rule = ("t ← t + 1\n"
            "m ← m + (1 − beta_1)·(g − m)\n"
            "v ← v + (1 − beta_2)·(g² − v)\n"
            "α_t = learning_rate·√(1 − beta_2ᵗ) / (1 − beta_1ᵗ)\n"
            "w ← w − α_t·m / (√v + epsilon)")
    strengths = "fast and robust with its defaults on most problems; the usual first choice"
    weaknesses = "three hyperparameters; can generalise worse than well-tuned SGD with momentum"
    keras_class = "Adam"
    keras_name = "adam"
    slots = ("m", "v")
    scratch = 2

    def __init__(self, learning_rate: float = 0.001, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7):
        super().__init__(learning_rate)
        self.beta_1 = float(beta_1)
        self.beta_2 = float(beta_2)
        self.epsilon = float(epsilon)

    def _step(self, w, g, state):
        m, v, tmp, step = state["m"], state["v"], state["_tmp0"], state["_tmp1"]
        one, t = w.dtype.type(1), w.dtype.type(self.iterations)
        alpha = (w.dtype.type(self.learning_rate) * np.sqrt(one - w.dtype.type(self.beta_2) ** t)
                 / (one - w.dtype.type(self.beta_1) ** t))
        m += np.multiply(np.subtract(g, m, out=tmp), 1 - self.beta_1, out=tmp)           # m ← m + (1 − β1)(g − m)
        np.square(g, out=tmp)
        tmp -= v
        v += np.multiply(tmp, 1 - self.beta_2, out=tmp)                                   # v ← v + (1 − β2)(g² − v)
        np.multiply(m, alpha, out=step)
        step /= np.add(np.sqrt(v, out=tmp), self.epsilon, out=tmp)
        w -= step                                                                        # w ← w − α_t·m/(√v + ε)


OPTIMIZERS: tuple[type[Optimizer], ...] = (SGD, Momentum, Nesterov, Adagrad, RMSprop, Adadelta, Adam)


def summary_table(classes: tuple[type[Optimizer], ...] = OPTIMIZERS) -> Table:
    """The closing table, generated from the classes: idea, rule, hyperparameters, Keras, pros and cons."""
    def defaults(cls):
        return ", ".join(f"{k}={_literal(v)}" for k, v in cls.hyperparameters().items())

    def keras(cls):
        by_name = f' or "{cls.keras_name}"' if cls.keras_name else ""
        return f"{cls.keras_call()}{by_name}"

    return Table({
        "optimizer": [c.title for c in classes],
        "idea": [c.idea for c in classes],
        "update rule": [c.rule.replace("\n", ";  ") for c in classes],
        "hyperparameters (defaults)": [defaults(c) for c in classes],
        "in Keras": [keras(c) for c in classes],
        "strengths": [c.strengths for c in classes],
        "weaknesses": [c.weaknesses for c in classes],
    }, caption="the optimizers of lesson 06, generated from course_lib.optimizers")


def keras_defaults(cls: type[Optimizer]) -> dict[str, object]:
    """The defaults of the matching ``keras.optimizers`` class, for the arguments we implement."""
    import keras

    signature = inspect.signature(getattr(keras.optimizers, cls.keras_class).__init__).parameters
    return {name: signature[name].default for name in cls.keras_equivalent().hyperparameters()}


# ---------------------------------------------------------------------------------------------
# Running an optimizer; the slides' conventions
# ---------------------------------------------------------------------------------------------


def trajectory(optimizer, gradient: Callable[[Params], Params], start: Mapping[str, np.ndarray],
               steps: int) -> dict[str, np.ndarray]:
    """Run ``steps`` updates from ``start``; return each parameter's values, shape (steps + 1, …).

    ``gradient(params) -> grads``. The gradient is evaluated at ``optimizer.gradient_point(params)``
    when the optimizer has one (the slides' NAG looks ahead), otherwise at the weights themselves.
    """
    params = {k: np.array(v, copy=True) for k, v in start.items()}
    history = {k: [v.copy()] for k, v in params.items()}
    point = getattr(optimizer, "gradient_point", None)
    for _ in range(steps):
        optimizer.update(params, gradient(point(params) if point else params))
        for k, v in params.items():
            history[k].append(v.copy())
    return {k: np.stack(v) for k, v in history.items()}


class SlideOptimizer(Optimizer):
    """A rule written as on the slides, with the slides' symbols α (alpha), β (beta), ε (epsilon)."""

    keras_class = ""

    def __init__(self, alpha: float):
        super().__init__(alpha)
        self.alpha = float(alpha)

    def update(self, params, grads):
        self.iterations += 1
        for key, grad in grads.items():
            param = params[key]
            state = self.state.setdefault(key, {name: np.zeros_like(param) for name in self.slots})
            self._step(param, np.asarray(grad, dtype=param.dtype), state)

    def config(self):
        return {name: getattr(self, name) for name in self.hyperparameters()}


@_document
class SlideMomentum(SlideOptimizer):
    """Momentum as the slides write it: v is an exponential moving average of the gradients."""

    rule = "v ← β·v + (1 − β)·g\nw ← w − α·v"
    slots = ("v",)

    def __init__(self, alpha: float = 0.01, beta: float = 0.9):
        super().__init__(alpha)
        self.beta = float(beta)

    def _step(self, w, g, state):
        v = state["v"]
        v[...] = self.beta * v + (1 - self.beta) * g    # v ← β·v + (1 − β)·∂L/∂w
        w -= self.alpha * v                              # w ← w − α·v


@_document
class SlideNesterov(SlideOptimizer):
    """NAG as the slides write it: the gradient is taken at the look-ahead point w − β·v."""

    rule = "v ← β·v + α·∇L(w − β·v)\nw ← w − v"
    slots = ("v",)

    def __init__(self, alpha: float = 0.01, beta: float = 0.9):
        super().__init__(alpha)
        self.beta = float(beta)

    def gradient_point(self, params: Params) -> Params:
        """Where the slides evaluate the gradient: w − β·v."""
        return {k: w - self.beta * self.state[k]["v"] if k in self.state else w.copy()
                for k, w in params.items()}

    def _step(self, w, g, state):                        # g was taken at w − β·v (gradient_point)
        v = state["v"]
        v[...] = self.beta * v + self.alpha * g          # v ← β·v + α·∂L(w − β·v)/∂w
        w -= v                                           # w ← w − v


@_document
class SlideAdagrad(SlideOptimizer):
    """AdaGrad as the slides write it: G starts at 0, ε inside the square root."""

    rule = "G ← G + g²\nw ← w − α/√(G + ε)·g"
    slots = ("G",)

    def __init__(self, alpha: float = 0.001, epsilon: float = 1e-7):
        super().__init__(alpha)
        self.epsilon = float(epsilon)

    def _step(self, w, g, state):
        G = state["G"]
        G += g * g                                       # G ← G + (∂L/∂w)²
        w -= self.alpha / np.sqrt(G + self.epsilon) * g  # w ← w − α/√(G + ε)·∂L/∂w


@_document
class SlideRMSprop(SlideOptimizer):
    """RMSProp as the slides *meant* it; ``as_printed=True`` drops the β on E[g²] as the slide does."""

    rule = "E ← β·E + (1 − β)·g²\nw ← w − α/√(E + ε)·g"
    slots = ("E",)

    def __init__(self, alpha: float = 0.001, beta: float = 0.9, epsilon: float = 1e-7,
                 as_printed: bool = False):
        super().__init__(alpha)
        self.beta = float(beta)
        self.epsilon = float(epsilon)
        self.as_printed = bool(as_printed)

    def _step(self, w, g, state):
        E = state["E"]
        if not self.as_printed:                          # (the slide as printed forgets this β)
            E *= self.beta
        E += (1 - self.beta) * g * g                     # E ← β·E + (1 − β)·(∂L/∂w)²
        w -= self.alpha / np.sqrt(E + self.epsilon) * g  # w ← w − α/√(E + ε)·∂L/∂w


@_document
class SlideAdadelta(SlideOptimizer):
    """AdaDelta as the slides write it: no learning rate at all, β = 0.9 (the slides' "일반적으로 0.9").

    Keras's ``Adadelta`` decays with ``rho = 0.95`` (as the AdaDelta paper does); pass ``beta=0.95``
    to compare with it.
    """

    rule = ("E_g ← β·E_g + (1 − β)·g²\n"
            "Δw ← −√(E_Δ + ε)/√(E_g + ε)·g\n"
            "E_Δ ← β·E_Δ + (1 − β)·Δw²\n"
            "w ← w + Δw")
    slots = ("E_g", "E_d")

    def __init__(self, beta: float = 0.9, epsilon: float = 1e-7):
        super().__init__(1.0)
        self.beta = float(beta)
        self.epsilon = float(epsilon)

    def _step(self, w, g, state):
        b, eps = self.beta, self.epsilon
        E_g, E_d = state["E_g"], state["E_d"]
        E_g[...] = b * E_g + (1 - b) * g * g                    # E[g²] ← β·E[g²] + (1 − β)·(∂L/∂w)²
        delta = -np.sqrt(E_d + eps) / np.sqrt(E_g + eps) * g    # Δw = −√(E[Δw²] + ε)/√(E[g²] + ε)·∂L/∂w
        E_d[...] = b * E_d + (1 - b) * delta * delta            # E[Δw²] ← β·E[Δw²] + (1 − β)·Δw²
        w += delta                                              # w ← w + Δw


@_document
class SlideAdam(SlideOptimizer):
    """Adam as the slides (and the paper) write it: ε is added to √v̂, after bias correction."""

    rule = ("m ← β1·m + (1 − β1)·g\n"
            "v ← β2·v + (1 − β2)·g²\n"
            "m̂ = m/(1 − β1ᵗ),  v̂ = v/(1 − β2ᵗ)\n"
            "w ← w − α·m̂/(√v̂ + ε)")
    slots = ("m", "v")

    def __init__(self, alpha: float = 0.001, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7):
        super().__init__(alpha)
        self.beta_1 = float(beta_1)
        self.beta_2 = float(beta_2)
        self.epsilon = float(epsilon)

    def _step(self, w, g, state):
        new_w, state["m"][...], state["v"][...] = adam_step(
            w, state["m"], state["v"], g, self.iterations, self.alpha, self.beta_1, self.beta_2, self.epsilon)
        w[...] = new_w


@dataclass(frozen=True)
class Convention:
    """One rule the slides write differently from Keras, and the setting where both agree.

    ``slide_usual`` / ``keras_default`` are the two forms as each source sets them up (the slides'
    usual values, Keras's defaults); ``slide_matched`` / ``keras_matched`` are set so that both
    produce the same weights. ``slide_view`` maps the slides' weights onto what Keras stores
    (NAG: the look-ahead point).
    """

    name: str
    difference: str
    coincide_when: str
    slide_usual: Callable[[], Optimizer]
    keras_default: Callable[[], Optimizer]
    slide_matched: Callable[[], Optimizer]
    keras_matched: Callable[[], Optimizer]
    slide_view: Callable[[Optimizer, Params], Params] | None = None


def _lookahead(opt: Optimizer, params: Params) -> Params:
    return opt.gradient_point(params)


CONVENTIONS: tuple[Convention, ...] = (
    Convention("Momentum",
               "slides: v is an average, v ← βv + (1−β)g, w ← w − αv; Keras: v is the step, v ← βv − lr·g, w ← w + v",
               "learning_rate = α·(1 − β)",
               lambda: SlideMomentum(alpha=0.01, beta=0.9), lambda: Momentum(learning_rate=0.01, momentum=0.9),
               lambda: SlideMomentum(alpha=0.01, beta=0.9),
               lambda: Momentum(learning_rate=0.01 * (1 - 0.9), momentum=0.9)),
    Convention("NAG",
               "slides: gradient at the look-ahead w − βv, then w ← w − v; Keras: stores the look-ahead point as w",
               "always, reading the slides' w − βv next to Keras's w",
               lambda: SlideNesterov(alpha=0.01, beta=0.9), lambda: Nesterov(learning_rate=0.01, momentum=0.9),
               lambda: SlideNesterov(alpha=0.01, beta=0.9), lambda: Nesterov(learning_rate=0.01, momentum=0.9),
               _lookahead),
    Convention("AdaGrad",
               "slides: G starts at 0; Keras: initial_accumulator_value = 0.1 (ε inside √ in both)",
               "initial_accumulator_value = 0",
               lambda: SlideAdagrad(alpha=0.01), lambda: Adagrad(learning_rate=0.01),
               lambda: SlideAdagrad(alpha=0.01), lambda: Adagrad(learning_rate=0.01, initial_accumulator_value=0.0)),
    Convention("RMSProp",
               "slides: ε usually 1e-8; Keras: 1e-7 (ε inside √ in both)",
               "epsilon equal (and the β the slide drops restored)",
               lambda: SlideRMSprop(alpha=0.01, epsilon=1e-8), lambda: RMSprop(learning_rate=0.01),
               lambda: SlideRMSprop(alpha=0.01, epsilon=1e-8), lambda: RMSprop(learning_rate=0.01, epsilon=1e-8)),
    Convention("AdaDelta",
               "slides: no learning rate, β usually 0.9; Keras: step × learning_rate (default 0.001), rho = 0.95",
               "learning_rate = 1.0 and the same decay (β = rho = 0.95)",
               lambda: SlideAdadelta(beta=0.9), lambda: Adadelta(),
               lambda: SlideAdadelta(beta=0.95), lambda: Adadelta(learning_rate=1.0)),
    Convention("Adam",
               "slides: ε added to √v̂ (usually 1e-8); Keras: ε = 1e-7 added to √v, before the bias correction",
               "epsilon = 0",
               lambda: SlideAdam(alpha=0.01, epsilon=1e-8), lambda: Adam(learning_rate=0.01),
               lambda: SlideAdam(alpha=0.01, epsilon=0.0), lambda: Adam(learning_rate=0.01, epsilon=0.0)),
)


def convention_gap(convention: Convention, gradient: Callable[[Params], Params], start: Mapping[str, np.ndarray],
                   steps: int = 200, matched: bool = True) -> float:
    """Largest |Keras form − slide form| of any weight over ``steps`` updates from ``start``.

    ``matched=True`` compares the matched pair (through ``slide_view``); ``False`` compares the
    two forms as each source sets them up, weight for weight.
    """
    slide = (convention.slide_matched if matched else convention.slide_usual)()
    keras_form = (convention.keras_matched if matched else convention.keras_default)()
    view = convention.slide_view if matched and convention.slide_view else (lambda opt, params: params)
    ours = {k: np.array(v, dtype=float, copy=True) for k, v in start.items()}
    theirs = {k: v.copy() for k, v in ours.items()}
    point = getattr(slide, "gradient_point", None)
    gap = 0.0
    for step in range(steps + 1):
        seen = view(slide, ours)
        gap = max(gap, *(float(np.max(np.abs(theirs[k] - seen[k]))) for k in ours))
        if step < steps:
            slide.update(ours, gradient(point(ours) if point else ours))
            keras_form.update(theirs, gradient(theirs))
    return gap


# ---------------------------------------------------------------------------------------------
# Changing learning rates: schedules, traces, and momentum's two conventions
# ---------------------------------------------------------------------------------------------


def exponential_decay(initial_learning_rate: float, decay_steps: float, decay_rate: float) -> Callable[[int], float]:
    """Keras's ``ExponentialDecay`` (not staircase): step t (0, 1, …) → lr₀·decay_rate^(t/decay_steps)."""
    def schedule(step: int) -> float:
        return float(initial_learning_rate * decay_rate ** (step / decay_steps))

    return schedule


@dataclass
class Trace:
    """One parameter vector's run, step by step: what the optimizer saw, kept and did.

    ``weights`` has shape (steps + 1, n), from the start; ``gradients``, ``learning_rates`` and
    ``slot`` (the chosen state array after each step, e.g. RMSProp's E[g²]) have one row per step.
    """

    weights: np.ndarray
    gradients: np.ndarray
    learning_rates: np.ndarray
    slot: np.ndarray | None

    @property
    def steps(self) -> np.ndarray:
        """Δw of every step, shape (steps, n)."""
        return np.diff(self.weights, axis=0)


def trace(optimizer: Optimizer, gradient: Callable[[np.ndarray], np.ndarray], start, steps: int,
          schedule: Callable[[int], float] | None = None, slot: str | None = None) -> Trace:
    """Run ``optimizer`` on one vector w from ``start``, ``gradient(w) -> g``, recording everything.

    With ``schedule``, the learning rate of step t (t = 0, 1, …) is ``schedule(t)``, set on the
    optimizer just before the step, as Keras does with a learning-rate schedule.
    """
    w = np.array(start, dtype=float)
    params = {"w": w}
    weights, grads, rates, slots = [w.copy()], [], [], []
    for t in range(steps):
        if schedule is not None:
            optimizer.learning_rate = schedule(t)
        g = np.asarray(gradient(w.copy()), dtype=float)
        optimizer.update(params, {"w": g})
        weights.append(w.copy())
        grads.append(g)
        rates.append(optimizer.learning_rate)
        if slot is not None:
            slots.append(optimizer.state["w"][slot].copy())
    return Trace(np.array(weights), np.array(grads), np.array(rates), np.array(slots) if slot else None)


@_document
class GradientSumMomentum(Optimizer):
    """Momentum as PyTorch (``torch.optim.SGD(momentum=…)``) and optax (``optax.sgd(momentum=…)``) store it.

    Keras (and this course's :class:`Momentum`) stores the *step*, v ← μ·v − lr·g, so every past
    gradient keeps the learning rate it was taken with. PyTorch and optax store a decaying *sum of
    gradients* m and multiply it by today's learning rate. While the learning rate is constant
    v = −lr·m and both give the same weights; once it changes (a schedule), they differ.
    """

    title = "Momentum (PyTorch/optax form)"
    rule = "m ← momentum·m + g\nw ← w − learning_rate·m"
    slots = ("m",)

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.9):
        super().__init__(learning_rate)
        self.momentum = float(momentum)

    def _step(self, w, g, state):
        m = state["m"]
        m *= self.momentum
        m += g                                           # m ← μ·m + g
        w -= self.learning_rate * m                      # w ← w − lr·m


def momentum_forms(schedule: Callable[[int], float], steps: int = 8, momentum: float = 0.9,
                   start: float = 1.0) -> dict[str, np.ndarray]:
    """Keras's and PyTorch's momentum side by side on L = w²/2 (g = w), with the same learning rates.

    Returns the learning rate of each step and each form's weight after it ("keras", "pytorch").
    """
    def gradient(w):
        return w

    keras_form = trace(Momentum(momentum=momentum), gradient, [start], steps, schedule)
    sum_form = trace(GradientSumMomentum(momentum=momentum), gradient, [start], steps, schedule)
    return {"learning_rate": keras_form.learning_rates, "keras": keras_form.weights[1:, 0],
            "pytorch": sum_form.weights[1:, 0]}


# ---------------------------------------------------------------------------------------------
# Batch, stochastic and mini-batch gradient descent on a linear model
# ---------------------------------------------------------------------------------------------


def minibatches(n: int, batch_size: int, rng: np.random.Generator | None = None) -> Iterator[np.ndarray]:
    """Index arrays that cover 0..n−1 once (one epoch), in shuffled order when ``rng`` is given.

    ``batch_size = n`` is batch gradient descent, ``1`` stochastic, anything between mini-batch.
    """
    order = rng.permutation(n) if rng is not None else np.arange(n)
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]


def linear_loss_and_grads(params: Params, X: np.ndarray, y: np.ndarray) -> tuple[float, Params]:
    """MSE of ŷ = X·w (+ b when ``params`` has "b") and its gradient: ∂L/∂w = −2/n·Σ(y − ŷ)·x."""
    X = np.asarray(X, dtype=float).reshape(len(y), -1)
    residual = y - (X @ params["w"] + params.get("b", 0.0))
    grads = {"w": -2.0 / len(y) * (X.T @ residual)}
    if "b" in params:
        grads["b"] = np.asarray(-2.0 * residual.mean())
    return float(np.mean(residual ** 2)), grads


@dataclass
class TrainingHistory:
    """Full-data loss after every update, with the number of updates and of examples seen."""

    updates: np.ndarray
    examples_seen: np.ndarray
    loss: np.ndarray
    params: Params


def fit_linear(X: np.ndarray, y: np.ndarray, start: Params, optimizer: Optimizer, batch_size: int,
               epochs: int, rng: np.random.Generator | None = None) -> TrainingHistory:
    """Train a linear model by mini-batches; record the loss on *all* the data after each update."""
    params = {k: np.array(v, dtype=float, copy=True) for k, v in start.items()}
    updates, seen, losses = [0], [0], [linear_loss_and_grads(params, X, y)[0]]
    for _ in range(epochs):
        for batch in minibatches(len(y), batch_size, rng):
            optimizer.update(params, linear_loss_and_grads(params, X[batch], y[batch])[1])
            updates.append(updates[-1] + 1)
            seen.append(seen[-1] + len(batch))
            losses.append(linear_loss_and_grads(params, X, y)[0])
    return TrainingHistory(np.array(updates), np.array(seen), np.array(losses), params)


def make_regression(n: int = 2000, features: int = 10, noise: float = 0.5,
                    rng: np.random.Generator | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A synthetic linear regression problem: X (n × features), y = X·w_true + 1 + noise, and w_true."""
    rng = np.random.default_rng(0) if rng is None else rng
    X = rng.normal(size=(n, features)) * np.linspace(0.5, 2.0, features)
    w_true = rng.normal(size=features)
    y = X @ w_true + 1.0 + noise * rng.normal(size=n)
    return X, y, w_true


def draw_gd_variants(fig, histories: Mapping[str, TrainingHistory], title: str,
                     best_loss: float | None = None) -> str:
    """Loss against updates and against examples seen, one line per batch size.

    The updates axis is linear from 0 to 1 and logarithmic beyond (matplotlib's "symlog"), so
    update 0, the start, sits at 0. The run with the fewest updates (batch gradient descent) is
    drawn on top, with a marker at every update, so the noisier runs cannot hide it.
    """
    by_update, by_seen = fig.subplots(1, 2, gridspec_kw={"wspace": 0.25, "left": 0.08, "right": 0.98,
                                                         "bottom": 0.15, "top": 0.86})
    lines = []
    fewest = min(len(h.updates) for h in histories.values())
    for (label, history), color in zip(histories.items(), ("tab:blue", "tab:orange", "tab:green", "tab:red")):
        on_top = len(history.updates) == fewest
        style = dict(color=color, label=label, linewidth=1.8 if on_top else 1.1, zorder=3 if on_top else 2,
                     marker="o" if on_top else None, markersize=3.5)
        by_update.plot(history.updates, history.loss, **style)
        by_seen.plot(history.examples_seen, history.loss, **style)
        lines.append(f"{label}: {history.updates[-1]} updates, final loss {history.loss[-1]:.4f}")
    for ax in (by_update, by_seen):
        ax.set_yscale("log")
        if best_loss is not None:
            ax.axhline(best_loss, color="black", linestyle=":", linewidth=1, label="least-squares loss")
        ax.set_ylabel("loss on all the data (MSE)")
        ax.legend(fontsize="small")
    by_update.set_xscale("symlog", linthresh=1, linscale=0.5)
    by_update.set_xlim(left=0)
    by_update.set(xlabel="number of updates (0 to 1 linear, then log scale)", title="loss against updates")
    by_seen.set(xlabel="examples seen", title="loss against examples seen (same data budget)")
    fig.suptitle(title)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Parity with Keras
# ---------------------------------------------------------------------------------------------


def parity_problem(dtype=np.float64, seed: int = 0) -> tuple[Params, Callable[[Params], Params]]:
    """A small non-trivial problem: a 3-8-1 tanh network regressing a wavy target (4 arrays).

    Returns the starting weights and ``gradient(params) -> grads`` (backpropagation, in ``dtype``).
    """
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(32, 3)).astype(dtype)
    y = (np.sin(X[:, :1] * 2) + X[:, 1:2] * X[:, 2:3]).astype(dtype)
    start = {"W1": rng.normal(scale=0.8, size=(3, 8)), "b1": rng.normal(scale=0.1, size=8),
             "W2": rng.normal(scale=0.5, size=(8, 1)), "b2": np.array([0.3])}
    start = {k: v.astype(dtype) for k, v in start.items()}

    def gradient(p: Params) -> Params:
        h = np.tanh(X @ p["W1"] + p["b1"])
        error = (h @ p["W2"] + p["b2"] - y) * (2 / len(y))
        dh = (error @ p["W2"].T) * (1 - h * h)
        return {"W1": X.T @ dh, "b1": dh.sum(0), "W2": h.T @ error, "b2": error.sum(0)}

    return start, gradient


def compare_with_keras(optimizer: Optimizer, steps: int = 100, dtype=np.float32, seed: int = 0,
                       compiled: bool = True) -> float:
    """Run ``optimizer`` and its Keras twin side by side on :func:`parity_problem`.

    Both start from the same weights (``tf.Variable`` for Keras). At every step the gradient is
    computed at our weights and the *same* gradient goes to ``optimizer.update`` and to the Keras
    optimizer's ``apply_gradients`` (wrapped in one ``tf.function`` when ``compiled``, which is
    several times faster than eager and runs the same ``update_step`` code). Returns the largest
    relative difference |ours − Keras| / |Keras| over all weights and all steps.

    Keras keeps the learning rate in a float32 variable, even for float64 weights: compare float64
    runs with a learning rate that float32 represents exactly (e.g. 2⁻⁷), or expect ~1e-8 gaps.
    """
    import tensorflow as tf

    params, gradient = parity_problem(dtype, seed)
    keys = list(params)
    variables = [tf.Variable(params[k]) for k in keys]
    twin = optimizer.keras()

    def apply(grads):
        twin.apply_gradients(zip(grads, variables))

    apply = tf.function(apply) if compiled else apply
    # TensorFlow's graph optimiser may rewrite x/√y as x·rsqrt(y), which changes the last bit;
    # switched off while we compare, so that the compiled run does exactly what eager Keras does.
    saved = tf.config.optimizer.get_experimental_options()
    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": True})
    worst = 0.0
    try:
        for _ in range(steps):
            grads = gradient(params)
            optimizer.update(params, grads)
            apply([tf.constant(grads[k]) for k in keys])
            for k, variable in zip(keys, variables):
                ours, theirs = params[k], variable.numpy()
                scale = np.maximum(np.abs(theirs), np.finfo(dtype).tiny)
                worst = max(worst, float(np.max(np.abs(ours - theirs) / scale)))
    finally:
        tf.config.optimizer.set_experimental_options(
            {"disable_meta_optimizer": bool(saved.get("disable_meta_optimizer", False))})
    return worst


def wavy_regression(n: int = 256, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A small 1-D regression for the Keras comparison: y = sin(1.5·x) + noise on x ∈ [−3, 3] (float32)."""
    rng = np.random.default_rng(seed)
    x = np.linspace(-3, 3, n, dtype=np.float32)[:, None]
    return x, (np.sin(1.5 * x) + 0.1 * rng.normal(size=x.shape)).astype(np.float32)


def train_keras_model(model, x: np.ndarray, y: np.ndarray, epochs: int, batch_size: int,
                      seed: int = 0) -> np.ndarray:
    """Train a compiled Keras model by shuffled mini-batches; return the MSE on all data per epoch.

    The same updates as ``model.fit(x, y, epochs=epochs, batch_size=batch_size)``, driven with
    ``train_on_batch``: on a tiny data set ``fit`` spends most of its time building its data
    pipeline every epoch. Entry 0 is the loss before training.
    """
    rng = np.random.default_rng(seed)

    def full_loss() -> float:
        return float(np.mean((np.asarray(model.predict_on_batch(x)) - y) ** 2))

    losses = [full_loss()]
    for _ in range(epochs):
        for batch in minibatches(len(x), batch_size, rng):
            model.train_on_batch(x[batch], y[batch])
        losses.append(full_loss())
    return np.array(losses)


# ---------------------------------------------------------------------------------------------
# The slides' Adam as a pure function (used by SlideAdam, and by exercise 06 as its reference)
# ---------------------------------------------------------------------------------------------


def adam_step(w: np.ndarray, m: np.ndarray, v: np.ndarray, g: np.ndarray, t: int,
              learning_rate: float = 0.001, beta_1: float = 0.9, beta_2: float = 0.999,
              epsilon: float = 1e-7) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Adam step as the slides write it (t = 1, 2, …); returns the new (w, m, v)."""
    m = beta_1 * m + (1 - beta_1) * g                # 1st moment: moving average of ∂L/∂w
    v = beta_2 * v + (1 - beta_2) * g * g            # 2nd moment: moving average of (∂L/∂w)²
    m_hat = m / (1 - beta_1 ** t)                    # bias corrections
    v_hat = v / (1 - beta_2 ** t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def format_gap(value: float) -> str:
    """A difference as an order of magnitude a reader can compare: "0", "< 1e-12", "3.1e-05"."""
    if value == 0:
        return "0"
    if value < 1e-12:
        return "< 1e-12"
    return f"{value:.2g}"
