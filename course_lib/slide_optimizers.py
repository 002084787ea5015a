"""Lesson 06's update rules as the slides write them: one readable pure function per rule.

Each ``…_step`` function takes the weights, the rule's state and the gradient and returns the new
weights and state, one line of NumPy per line of the slide's formula, under the slides' symbols
(α is ``learning_rate``, β, ε). The ``Slide…`` classes wrap them in the course's optimizer
interface (``opt.update(params, grads)``), so that a slide form can run next to its Keras form
(``course_lib.keras_parity``) or on the race's surfaces; :func:`trajectory` runs any optimizer
and, for the slides' NAG, takes the gradient at the look-ahead point. Exercise 06 checks the
student's Adam against :func:`adam_step`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from .optimizers import Optimizer, Params, document_rule

# ---------------------------------------------------------------------------------------------
# The rules, as pure functions: (w, state…, g, hyperparameters) → (new w, new state…)
# ---------------------------------------------------------------------------------------------


def momentum_step(w, v, g, learning_rate=0.01, beta=0.9):
    """Momentum as the slides write it, v an exponential moving average of g; returns the new (w, v)."""
    v = beta * v + (1 - beta) * g                             # v ← β·v + (1 − β)·∂L/∂w
    return w - learning_rate * v, v                           # w ← w − α·v


def nesterov_step(w, v, g, learning_rate=0.01, beta=0.9):
    """NAG as the slides write it, g taken at the look-ahead point w − β·v; returns the new (w, v)."""
    v = beta * v + learning_rate * g                          # v ← β·v + α·∂L(w − β·v)/∂w
    return w - v, v                                           # w ← w − v


def adagrad_step(w, G, g, learning_rate=0.001, epsilon=1e-7):
    """AdaGrad as the slides write it, G a sum of squared gradients; returns the new (w, G)."""
    G = G + g * g                                             # G ← G + (∂L/∂w)²
    return w - learning_rate / np.sqrt(G + epsilon) * g, G    # w ← w − α/√(G + ε)·∂L/∂w


def rmsprop_step(w, E, g, learning_rate=0.001, beta=0.9, epsilon=1e-7, as_printed=False):
    """RMSProp as the slides mean it (``as_printed=True``: without the β the slide drops); the new (w, E)."""
    E = (E if as_printed else beta * E) + (1 - beta) * g * g  # E ← β·E + (1 − β)·(∂L/∂w)²
    return w - learning_rate / np.sqrt(E + epsilon) * g, E    # w ← w − α/√(E + ε)·∂L/∂w


def adadelta_step(w, E_g, E_d, g, beta=0.9, epsilon=1e-7):
    """AdaDelta as the slides write it, with no learning rate; returns the new (w, E[g²], E[Δw²])."""
    E_g = beta * E_g + (1 - beta) * g * g                          # E[g²] ← β·E[g²] + (1 − β)·(∂L/∂w)²
    delta = -np.sqrt(E_d + epsilon) / np.sqrt(E_g + epsilon) * g   # Δw = −√(E[Δw²] + ε)/√(E[g²] + ε)·g
    E_d = beta * E_d + (1 - beta) * delta * delta                  # E[Δw²] ← β·E[Δw²] + (1 − β)·Δw²
    return w + delta, E_g, E_d                                     # w ← w + Δw


def adam_step(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """One Adam step as the slides write it (t = 1, 2, …); returns the new (w, m, v)."""
    m = beta_1 * m + (1 - beta_1) * g                         # 1st moment: moving average of ∂L/∂w
    v = beta_2 * v + (1 - beta_2) * g * g                     # 2nd moment: moving average of (∂L/∂w)²
    m_hat = m / (1 - beta_1 ** t)                             # bias corrections
    v_hat = v / (1 - beta_2 ** t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


# ---------------------------------------------------------------------------------------------
# The same rules as optimizers (the course's interface), and a runner
# ---------------------------------------------------------------------------------------------


class SlideOptimizer(Optimizer):
    """A slide-form rule as an optimizer: its state ``slots`` start at zero, ``_rule`` calls the pure step."""

    scratch = 0

    def _step(self, w, g, state):
        new_w, *new_state = self._rule(w, *(state[name] for name in self.slots), g)
        w[...] = new_w
        for name, value in zip(self.slots, new_state):
            state[name][...] = value


@document_rule
class SlideMomentum(SlideOptimizer):
    """Momentum as the slides write it (:func:`momentum_step`); ``learning_rate`` is the slides' α."""

    rule = "v ← β·v + (1 − β)·g\nw ← w − α·v"
    slots = ("v",)

    def __init__(self, learning_rate: float = 0.01, beta: float = 0.9):
        super().__init__(learning_rate, beta=beta)

    def _rule(self, w, v, g):
        return momentum_step(w, v, g, self.learning_rate, self.beta)


@document_rule
class SlideNesterov(SlideOptimizer):
    """NAG as the slides write it (:func:`nesterov_step`): the gradient is taken at w − β·v."""

    rule = "v ← β·v + α·∇L(w − β·v)\nw ← w − v"
    slots = ("v",)

    def __init__(self, learning_rate: float = 0.01, beta: float = 0.9):
        super().__init__(learning_rate, beta=beta)

    def gradient_point(self, params: Params) -> Params:
        """Where the slides evaluate the gradient: w − β·v."""
        return {k: w - self.beta * self.state[k]["v"] if k in self.state else w.copy()
                for k, w in params.items()}

    def _rule(self, w, v, g):                            # g was taken at w − β·v (gradient_point)
        return nesterov_step(w, v, g, self.learning_rate, self.beta)


@document_rule
class SlideAdagrad(SlideOptimizer):
    """AdaGrad as the slides write it (:func:`adagrad_step`): G starts at 0, ε inside the square root."""

    rule = "G ← G + g²\nw ← w − α/√(G + ε)·g"
    slots = ("G",)

    def __init__(self, learning_rate: float = 0.001, epsilon: float = 1e-7):
        super().__init__(learning_rate, epsilon=epsilon)

    def _rule(self, w, G, g):
        return adagrad_step(w, G, g, self.learning_rate, self.epsilon)


@document_rule
class SlideRMSprop(SlideOptimizer):
    """RMSProp as the slides *meant* it (:func:`rmsprop_step`); ``as_printed=True`` drops the β on E[g²]
    as the slide does."""

    rule = "E ← β·E + (1 − β)·g²\nw ← w − α/√(E + ε)·g"
    slots = ("E",)

    def __init__(self, learning_rate: float = 0.001, beta: float = 0.9, epsilon: float = 1e-7,
                 as_printed: bool = False):
        super().__init__(learning_rate, beta=beta, epsilon=epsilon, as_printed=bool(as_printed))

    def _rule(self, w, E, g):
        return rmsprop_step(w, E, g, self.learning_rate, self.beta, self.epsilon, self.as_printed)


@document_rule
class SlideAdadelta(SlideOptimizer):
    """AdaDelta as the slides write it (:func:`adadelta_step`): no learning rate, β = 0.9 (the slides'
    "일반적으로 0.9").

    Keras's ``Adadelta`` decays with ``rho = 0.95`` (as the AdaDelta paper does); pass ``beta=0.95``
    to compare with it.
    """

    rule = ("E_g ← β·E_g + (1 − β)·g²\n"
            "Δw ← −√(E_Δ + ε)/√(E_g + ε)·g\n"
            "E_Δ ← β·E_Δ + (1 − β)·Δw²\n"
            "w ← w + Δw")
    slots = ("E_g", "E_d")

    def __init__(self, beta: float = 0.9, epsilon: float = 1e-7):
        super().__init__(1.0, beta=beta, epsilon=epsilon)

    def _rule(self, w, E_g, E_d, g):
        return adadelta_step(w, E_g, E_d, g, self.beta, self.epsilon)


@document_rule
class SlideAdam(SlideOptimizer):
    """Adam as the slides (and the paper) write it (:func:`adam_step`): ε is added to √v̂, after bias
    correction."""

    rule = ("m ← β1·m + (1 − β1)·g\n"
            "v ← β2·v + (1 − β2)·g²\n"
            "m̂ = m/(1 − β1ᵗ),  v̂ = v/(1 − β2ᵗ)\n"
            "w ← w − α·m̂/(√v̂ + ε)")
    slots = ("m", "v")

    def __init__(self, learning_rate: float = 0.001, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7):
        super().__init__(learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon)

    def _rule(self, w, m, v, g):
        return adam_step(w, m, v, g, self.iterations, self.learning_rate, self.beta_1, self.beta_2, self.epsilon)


def trajectory(optimizer: Optimizer, gradient: Callable[[Params], Params], start: Mapping[str, np.ndarray],
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
