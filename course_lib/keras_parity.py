"""Lesson 06's optimizers next to Keras's: bit-for-bit parity, and where the slides' forms differ.

:func:`compare_with_keras` runs one of ``course_lib.optimizers`` and its ``keras.optimizers`` twin
on the same gradients of a small network (:func:`parity_problem`) and reports the largest
difference; :data:`CONVENTIONS` says, for every rule the slides write differently from Keras
(``course_lib.slide_optimizers``), under which setting the two forms give the same weights, and
:func:`convention_gap` measures it. Also here: the Keras side of the lesson (its defaults, a small
regression trained batch by batch). TensorFlow is imported only inside the functions that talk to Keras.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from .minibatch import minibatches
from .optimizers import Adadelta, Adagrad, Adam, Momentum, Nesterov, Optimizer, Params, RMSprop
from .slide_optimizers import SlideAdadelta, SlideAdagrad, SlideAdam, SlideMomentum, SlideNesterov, SlideRMSprop

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



def keras_defaults(cls: type[Optimizer]) -> dict[str, object]:
    """The defaults of the matching ``keras.optimizers`` class, for the arguments we implement."""
    import keras

    signature = inspect.signature(getattr(keras.optimizers, cls.keras_class).__init__).parameters
    return {name: signature[name].default for name in cls.keras_equivalent().hyperparameters()}



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
# The slides' conventions
# ---------------------------------------------------------------------------------------------


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


LR, BETA = 0.01, 0.9  # the learning rate (the slides' α) and the decay β at which the forms are compared

CONVENTIONS: tuple[Convention, ...] = (
    Convention("Momentum",
               "slides: v is an average, v ← βv + (1−β)g, w ← w − αv; Keras: v is the step, v ← βv − lr·g, "
               "w ← w + v",
               "learning_rate = α·(1 − β)",
               lambda: SlideMomentum(learning_rate=LR, beta=BETA),
               lambda: Momentum(learning_rate=LR, momentum=BETA),
               lambda: SlideMomentum(learning_rate=LR, beta=BETA),
               lambda: Momentum(learning_rate=LR * (1 - BETA), momentum=BETA)),
    Convention("NAG",
               "slides: gradient at the look-ahead w − βv, then w ← w − v; Keras: stores the look-ahead point as w",
               "always, reading the slides' w − βv next to Keras's w",
               lambda: SlideNesterov(learning_rate=LR, beta=BETA),
               lambda: Nesterov(learning_rate=LR, momentum=BETA),
               lambda: SlideNesterov(learning_rate=LR, beta=BETA),
               lambda: Nesterov(learning_rate=LR, momentum=BETA),
               SlideNesterov.gradient_point),
    Convention("AdaGrad",
               "slides: G starts at 0; Keras: initial_accumulator_value = 0.1 (ε inside √ in both)",
               "initial_accumulator_value = 0",
               lambda: SlideAdagrad(learning_rate=LR), lambda: Adagrad(learning_rate=LR),
               lambda: SlideAdagrad(learning_rate=LR),
               lambda: Adagrad(learning_rate=LR, initial_accumulator_value=0.0)),
    Convention("RMSProp",
               "slides: ε usually 1e-8; Keras: 1e-7 (ε inside √ in both)",
               "epsilon equal (and the β the slide drops restored)",
               lambda: SlideRMSprop(learning_rate=LR, epsilon=1e-8), lambda: RMSprop(learning_rate=LR),
               lambda: SlideRMSprop(learning_rate=LR, epsilon=1e-8), lambda: RMSprop(learning_rate=LR, epsilon=1e-8)),
    Convention("AdaDelta",
               "slides: no learning rate, β usually 0.9; Keras: step × learning_rate (default 0.001), rho = 0.95",
               "learning_rate = 1.0 and the same decay (β = rho = 0.95)",
               lambda: SlideAdadelta(beta=BETA), lambda: Adadelta(),
               lambda: SlideAdadelta(beta=0.95), lambda: Adadelta(learning_rate=1.0)),
    Convention("Adam",
               "slides: ε added to √v̂ (usually 1e-8); Keras: ε = 1e-7 added to √v, before the bias correction",
               "epsilon = 0",
               lambda: SlideAdam(learning_rate=LR, epsilon=1e-8), lambda: Adam(learning_rate=LR),
               lambda: SlideAdam(learning_rate=LR, epsilon=0.0), lambda: Adam(learning_rate=LR, epsilon=0.0)),
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


def format_gap(value: float) -> str:
    """A difference as an order of magnitude a reader can compare: "0", "< 1e-12", "3.1e-05"."""
    if value == 0:
        return "0"
    if value < 1e-12:
        return "< 1e-12"
    return f"{value:.2g}"
