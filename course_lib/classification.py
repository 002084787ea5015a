"""Lesson 07: from regression to classification — how scores become probabilities of classes, how
labels are written (one-hot rows, 원-핫 인코딩), and how a loss compares the two: sigmoid and softmax,
the three Keras cross-entropies written out by hand (with Keras's clipping as an option), why MSE is
the wrong loss for probabilities, the slides' closing table of task → activation → loss (checked
against Keras itself) and the parameter count of a dense network.

TensorFlow/Keras is imported only inside the functions that compare with Keras.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from .activations import sigmoid
from .display import Table
from .layers import softmax

__all__ = ["sigmoid", "softmax", "one_hot", "softmax_columns", "binary_cross_entropy",
           "categorical_cross_entropy", "sparse_categorical_cross_entropy", "cross_entropy",
           "KERAS_EPSILON", "TASKS", "Task", "summary_table", "check_tasks_with_keras",
           "dense_parameter_counts", "count_dense_parameters", "logit_gradients", "mistake_costs",
           "describe_mistake_costs", "sum_and_mean_of_squares",
           "draw_mse_vs_cross_entropy", "keras_losses", "IRIS"]

KERAS_EPSILON = 1e-7  # keras.backend.epsilon(): Keras clips probabilities to [ε, 1 − ε] in its losses

# The slides' iris example (seed 003, "번외"): one flower, a trained 4 → 3 softmax layer.
# These are the *inputs* of the example as the slide prints them; every output is computed.
IRIS = {
    "x": np.array([6.3, 2.7, 4.9, 1.8]),          # sepal length, sepal width, petal length, petal width
    "label": 2,                                     # the true class (0, 1, 2)
    "W": np.array([[0.231595, 0.613372, -0.89624, -0.41208],    # w11 … w14
                   [0.076107, -0.22382, 0.20313, -0.05043],     # w21 … w24
                   [-0.30772, -0.38941, 0.693168, 0.462622]]),  # w31 … w34
    "b": np.array([1.123884, 0.319879, 0.844128]),  # b1, b2, b3
}

# ---------------------------------------------------------------------------------------------
# Probabilities and labels
# ---------------------------------------------------------------------------------------------


def one_hot(labels, num_classes: int | None = None, dtype=np.float32) -> np.ndarray:
    """Integer labels (N,) → one-hot rows (N, num_classes): a 1 at the label's index, 0 elsewhere.

    ``num_classes`` defaults to the largest label + 1 (give it explicitly: a batch may miss a class).
    """
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"one_hot expects a 1-D array of integer labels, got {labels.dtype} of shape {labels.shape}")
    n = int(labels.max()) + 1 if num_classes is None else int(num_classes)
    if labels.size and (labels.min() < 0 or labels.max() >= n):
        raise ValueError(f"labels must lie in 0 … {n - 1}")
    out = np.zeros((labels.size, n), dtype=dtype)
    out[np.arange(labels.size), labels] = 1
    return out


def softmax_columns(W: np.ndarray, b: np.ndarray, x: np.ndarray) -> dict[str, np.ndarray]:
    """The slides' softmax table for one example: per class i, Hᵢ = Σⱼ wᵢⱼxⱼ + bᵢ, exp(Hᵢ), Pᵢ.

    Pᵢ = exp(Hᵢ) / Σₖ exp(Hₖ): the probabilities are positive and add up to 1.
    """
    H = np.asarray(W, dtype=float) @ np.asarray(x, dtype=float) + np.asarray(b, dtype=float)
    e = np.exp(H)
    return {"class": np.arange(len(H)), "H": H, "exp(H)": e, "P": e / e.sum()}


# ---------------------------------------------------------------------------------------------
# Cross-entropy by hand (the Keras losses, same names)
# ---------------------------------------------------------------------------------------------


def _clip(p, epsilon: float) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    return np.clip(p, epsilon, 1 - epsilon) if epsilon else p


def binary_cross_entropy(y, p, *, log: Callable = np.log, epsilon: float = 0.0) -> float:
    """Mean of −[y·log p + (1 − y)·log(1 − p)] over the examples (Keras: ``binary_crossentropy``).

    ``y`` are 0/1 labels, ``p`` the predicted probabilities of class 1 (a sigmoid's output).
    A confidently wrong prediction (p = 0 for y = 1) costs +∞ unless ``epsilon`` clips p.
    """
    y, p = np.asarray(y, dtype=float), _clip(p, epsilon)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_example = -(np.where(y > 0, y * log(p), 0.0) + np.where(y < 1, (1 - y) * log(1 - p), 0.0))
    return float(np.mean(per_example))


def categorical_cross_entropy(y_one_hot, probs, *, log: Callable = np.log, epsilon: float = 0.0) -> float:
    """Mean over the rows of −Σⱼ yⱼ·log pⱼ, labels one-hot (Keras: ``categorical_crossentropy``)."""
    y, p = np.atleast_2d(np.asarray(y_one_hot, dtype=float)), np.atleast_2d(_clip(probs, epsilon))
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(y > 0, y * log(p), 0.0)  # 0·log 0 counts as 0
    return float(np.mean(-terms.sum(axis=1)))


def sparse_categorical_cross_entropy(labels, probs, *, log: Callable = np.log, epsilon: float = 0.0) -> float:
    """Mean of −log p[label] over the rows, labels integers (Keras: ``sparse_categorical_crossentropy``).

    The same number as :func:`categorical_cross_entropy` with the one-hot labels: only the
    probability of the true class counts.
    """
    labels = np.atleast_1d(np.asarray(labels))
    p = np.atleast_2d(_clip(probs, epsilon))
    with np.errstate(divide="ignore"):
        return float(np.mean(-log(p[np.arange(len(p)), labels])))


def cross_entropy(probs, labels) -> float:
    """Mean cross-entropy (natural log) of probability rows, labels integer (N,) or one-hot (N, C)."""
    probs, labels = np.asarray(probs), np.asarray(labels)
    if labels.ndim == probs.ndim:
        return categorical_cross_entropy(labels, probs)
    return sparse_categorical_cross_entropy(labels, probs)


def keras_losses(y_true, y_pred, loss: str) -> float:
    """The mean loss Keras computes for ``loss`` (a Keras loss name) on these labels and predictions."""
    import keras

    values = keras.losses.get(loss)(np.asarray(y_true, dtype=np.float32), np.asarray(y_pred, dtype=np.float32))
    return float(np.mean(keras.ops.convert_to_numpy(values)))


# ---------------------------------------------------------------------------------------------
# Why not MSE for probabilities
# ---------------------------------------------------------------------------------------------


def logit_gradients(z, y: float = 1.0) -> dict[str, np.ndarray]:
    """For one sigmoid output p = σ(z) with label y: both losses and their slopes ∂loss/∂z.

    MSE (p − y)² has slope 2(p − y)·p(1 − p): the factor p(1 − p) → 0 when the sigmoid saturates,
    so a confidently *wrong* prediction barely learns. Cross-entropy −log p (for y = 1) has slope
    p − y: it is largest exactly when the prediction is most wrong.
    """
    z = np.asarray(z, dtype=float)
    p = sigmoid(z)
    with np.errstate(divide="ignore"):
        ce = -(y * np.log(p) + (1 - y) * np.log1p(-p))
    return {"z": z, "p": p, "mse": (p - y) ** 2, "cross_entropy": ce,
            "mse_slope": 2 * (p - y) * p * (1 - p), "cross_entropy_slope": p - y}


def mistake_costs(mild: float = 0.3, confident: float = 0.001) -> dict[str, float]:
    """What a mildly wrong and a confidently wrong probability of the true class cost (label 1).

    Returns both losses at both probabilities and how many times more the confident mistake
    costs: ``mse_ratio`` = (1 − confident)² / (1 − mild)², ``cross_entropy_ratio`` = ln confident / ln mild.
    """
    mse = {p: (1 - p) ** 2 for p in (mild, confident)}
    ce = {p: -np.log(p) for p in (mild, confident)}
    return {"mild": mild, "confident": confident, "mse_mild": mse[mild], "mse_confident": mse[confident],
            "cross_entropy_mild": ce[mild], "cross_entropy_confident": ce[confident],
            "mse_ratio": mse[confident] / mse[mild], "cross_entropy_ratio": ce[confident] / ce[mild]}


def describe_mistake_costs(costs: dict[str, float]) -> str:
    """One sentence from :func:`mistake_costs`' numbers: how much more the confident mistake costs."""
    return (f"From p = {costs['mild']:g} to p = {costs['confident']:g} the squared error grows "
            f"{costs['mse_ratio']:.1f}× ({costs['mse_mild']:.4f} → {costs['mse_confident']:.4f}) and can never "
            f"pass 1; the cross-entropy grows {costs['cross_entropy_ratio']:.1f}× "
            f"({costs['cross_entropy_mild']:.4f} → {costs['cross_entropy_confident']:.4f}) and has no upper bound.")


def sum_and_mean_of_squares(y, y_hat) -> dict[str, float]:
    """Seed 004's "½ Σ (y − ŷ)²" next to the mean squared error Σ (y − ŷ)² / N that Keras's "mse" computes.

    The ½-sum grows with the number of examples; the mean does not. They are equal only for N = 2.
    """
    squares = (np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)) ** 2
    return {"N": int(squares.size), "half sum": float(squares.sum() / 2), "mean": float(squares.mean())}


def draw_mse_vs_cross_entropy(fig: Figure, y: float = 1.0) -> str:
    """Left: both losses against the predicted probability p for a true label y = 1.
    Right: their slopes with respect to the score z (p = σ(z)). Returns the numbers at p ≈ 0.001."""
    p = np.linspace(0.001, 0.999, 400)
    left, right = fig.subplots(1, 2)
    left.plot(p, (p - y) ** 2, label="MSE (p − 1)²", color="tab:blue")
    left.plot(p, -np.log(p), label="cross-entropy −ln p", color="tab:red")
    left.set(xlabel="predicted probability p of the true class", ylabel="loss", ylim=(0, 7),
             title="Loss for a true label y = 1")
    z = np.linspace(-8, 8, 400)
    g = logit_gradients(z, y)
    right.plot(z, g["mse_slope"], label="MSE: 2(p − 1)·p(1 − p)", color="tab:blue")
    right.plot(z, g["cross_entropy_slope"], label="cross-entropy: p − 1", color="tab:red")
    right.axhline(0, color="gray", linewidth=0.8)
    right.set(xlabel="score z (p = σ(z))", ylabel="slope ∂loss/∂z", title="How hard each loss pushes z")
    for ax in (left, right):
        ax.legend(fontsize="small")
        ax.grid(alpha=0.3)
    wrong = logit_gradients(np.log(0.001 / 0.999), y)  # the z where p = 0.001
    return (f"confidently wrong (p = {float(wrong['p']):.3f}): MSE = {float(wrong['mse']):.4f}, "
            f"slope {float(wrong['mse_slope']):.4f};  cross-entropy = {float(wrong['cross_entropy']):.4f}, "
            f"slope {float(wrong['cross_entropy_slope']):.4f}")


# ---------------------------------------------------------------------------------------------
# The slides' summary table, and Keras agreeing with it
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One row of the slides' summary table (정리): what the output layer and the loss must be."""

    task: str
    korean: str
    activation: str
    loss: str
    label_format: str
    units: int  # outputs of the last layer in the tiny check model

    def labels(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Example labels of this task in its label format."""
        if self.loss == "mse":
            return rng.normal(size=(n, 1))
        if self.loss == "binary_crossentropy":
            return rng.integers(0, 2, size=(n, 1)).astype(float)
        classes = rng.integers(0, self.units, size=n)
        return one_hot(classes, self.units) if self.loss == "categorical_crossentropy" else classes

    def by_hand(self, y_true, y_pred) -> float:
        """This task's loss computed by this module's NumPy functions (natural log)."""
        if self.loss == "mse":
            return float(np.mean((np.asarray(y_true, float) - np.asarray(y_pred, float)) ** 2))
        function = {"binary_crossentropy": binary_cross_entropy,
                    "categorical_crossentropy": categorical_cross_entropy,
                    "sparse_categorical_crossentropy": sparse_categorical_cross_entropy}[self.loss]
        return function(y_true, y_pred, epsilon=KERAS_EPSILON)


OPTIMIZER = "Gradient Descent"  # the slides' optimizer column: the same for every task
TASKS: tuple[Task, ...] = (
    Task("regression", "선형 회귀", "linear", "mse", "a number per example", 1),
    Task("binary classification", "이진 분류", "sigmoid", "binary_crossentropy", "0 or 1 per example", 1),
    Task("multi-class classification", "다중 분류", "softmax", "categorical_crossentropy",
         "one-hot rows (범주형 one-hot-encoding)", 3),
    Task("multi-class classification", "다중 분류", "softmax", "sparse_categorical_crossentropy",
         "integer class labels (정수형 label)", 3),
)


def summary_table(tasks: tuple[Task, ...] = TASKS) -> Table:
    """The slides' table: task → output activation → loss → optimizer → label format."""
    return Table({"task": [f"{t.task} ({t.korean})" for t in tasks],
                  "output activation": [t.activation for t in tasks],
                  "loss (Keras name)": [t.loss for t in tasks],
                  "optimizer": [OPTIMIZER for _ in tasks],
                  "label format": [t.label_format for t in tasks]})


def check_tasks_with_keras(rng: np.random.Generator, tasks: tuple[Task, ...] = TASKS, n: int = 8) -> Table:
    """Build, compile and evaluate a tiny Keras model for every row of the table.

    Each model is one Dense layer (4 inputs → ``units`` outputs) with the row's activation, its
    weights drawn from ``rng``; it is compiled with the row's loss and evaluated on labels in the
    row's format. The loss Keras reports is compared with the loss computed by hand from the
    model's predictions. Returns the table of both numbers.
    """
    import keras

    rows = {"loss": [], "output activation": [], "label shape": [], "Keras evaluate": [],
            "by hand": [], "agree": []}
    for task in tasks:
        model = keras.Sequential([keras.Input((4,), name="features"),
                                  keras.layers.Dense(task.units, activation=task.activation, name="output")],
                                 name=f"tiny_{task.loss}")
        model.get_layer("output").set_weights([rng.normal(size=(4, task.units)).astype(np.float32),
                                               rng.normal(size=task.units).astype(np.float32) * 0.1])
        model.compile(optimizer="sgd", loss=task.loss)
        x = rng.normal(size=(n, 4)).astype(np.float32)
        y = task.labels(rng, n)
        keras_value = float(model.evaluate(x, y, verbose=0))
        hand = task.by_hand(y, model.predict(x, verbose=0))
        rows["loss"].append(task.loss)
        rows["output activation"].append(task.activation)
        rows["label shape"].append(str(tuple(np.shape(y))))
        rows["Keras evaluate"].append(keras_value)
        rows["by hand"].append(hand)
        rows["agree"].append(bool(np.isclose(keras_value, hand, rtol=1e-4, atol=1e-5)))
    return Table(rows, digits=4, caption=f"a tiny model per row, {n} examples each")


# ---------------------------------------------------------------------------------------------
# Counting parameters
# ---------------------------------------------------------------------------------------------


def dense_parameter_counts(sizes) -> Table:
    """Per dense layer of a network with ``sizes`` units (input first): weights n_in·n_out,
    biases n_out, and their sum; the last row is the total."""
    sizes = [int(s) for s in sizes]
    names, shapes, weights, biases = [], [], [], []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        names.append("output" if i == len(sizes) - 1 else f"hidden_{i}")
        shapes.append(f"{n_in} → {n_out}")
        weights.append(n_in * n_out)
        biases.append(n_out)
    totals = [w + b for w, b in zip(weights, biases)]
    return Table({"layer": names + ["total"], "units": shapes + [""],
                  "weights w (n_in × n_out)": weights + [sum(weights)],
                  "biases b (n_out)": biases + [sum(biases)], "parameters": totals + [sum(totals)]})


def count_dense_parameters(sizes) -> int:
    """Σ (n_in·n_out + n_out) over the dense layers of a network with ``sizes`` units."""
    sizes = [int(s) for s in sizes]
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
