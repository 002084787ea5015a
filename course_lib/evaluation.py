"""How good is a classifier, and where does it go wrong: for any labelled classification task.

Accuracy overall and per class, the confusion matrix (rows: true class, columns: prediction) and
its largest mix-ups, the examples behind one mix-up, and the pictures a student compares runs by:
the matrix as a heat map and training histories (training dashed, validation solid).

Nothing here imports TensorFlow: a Keras ``History`` is read through its ``.history`` dict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .display import show


def accuracy(y_true, y_pred) -> float:
    """The fraction of predictions equal to the true class (both as integer class indices)."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}")
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """Counts ``cm[t, p]`` of examples of true class ``t`` predicted as ``p`` (int array).

    Row sums are the number of examples of each class; the diagonal holds the right answers.
    ``n_classes`` defaults to one more than the largest class index seen.
    """
    y_true = np.asarray(y_true, dtype=np.int64).ravel()
    y_pred = np.asarray(y_pred, dtype=np.int64).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {y_true.size} labels but y_pred has {y_pred.size}")
    if n_classes is None:
        n_classes = int(max(y_true.max(initial=-1), y_pred.max(initial=-1))) + 1
    if y_true.size and (min(y_true.min(), y_pred.min()) < 0 or max(y_true.max(), y_pred.max()) >= n_classes):
        raise ValueError(f"class indices must lie in 0 … {n_classes - 1}")
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm


def per_class_accuracy(cm: np.ndarray) -> np.ndarray:
    """For every true class, the fraction of its examples predicted right (NaN for an empty row)."""
    cm = np.asarray(cm)
    totals = cm.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, np.diag(cm) / np.maximum(totals, 1), np.nan)


def most_confused(cm: np.ndarray, names: Sequence[str] | None = None, top: int = 5) -> list[tuple[Any, Any, int]]:
    """The ``top`` largest mix-ups as ``(true class, predicted class, count)``, largest first.

    Only off-diagonal cells with a count above zero are listed; ties are ordered by class
    index, so the list is always the same for the same matrix. Classes are given by ``names``
    when passed, else by index.
    """
    cm = np.asarray(cm)
    off = cm.copy()
    np.fill_diagonal(off, 0)
    true, pred = np.nonzero(off)
    order = np.lexsort((pred, true, -off[true, pred]))[:top]
    label = (lambda i: names[i]) if names is not None else int
    return [(label(true[i]), label(pred[i]), int(off[true[i], pred[i]])) for i in order]


def examples_of(y_true, y_pred, true_class: int, predicted_class: int, limit: int = 5) -> np.ndarray:
    """Indices of (at most ``limit``) examples of ``true_class`` that were predicted as ``predicted_class``."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return np.nonzero((y_true == true_class) & (y_pred == predicted_class))[0][:limit]


# --- Drawing ------------------------------------------------------------------------------------

def draw_confusion_matrix(fig, cm: np.ndarray, names: Sequence[str] | None = None, *,
                          title: str = "Confusion matrix", normalise: bool = True, counts: bool = False,
                          colour_diagonal: bool = True) -> str:
    """Draw the matrix as a heat map (rows: true class, columns: prediction); return a summary.

    With ``normalise`` every row is divided by its total, so the colour of a cell is the share
    of that class predicted as the column's class, and rare classes are as visible as common
    ones. ``counts`` writes each cell's count in it (zeros in light grey). With
    ``colour_diagonal=False`` the diagonal (right answers, which outnumber the mistakes by far)
    is left white with its counts written in it, and the colour scale spans the mistakes only.
    """
    import matplotlib as mpl

    cm = np.asarray(cm)
    n = cm.shape[0]
    names = list(names) if names is not None else [str(i) for i in range(n)]
    shown = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1) if normalise else cm.astype(float)
    if not colour_diagonal:
        shown = np.ma.masked_array(shown, mask=np.eye(n, dtype=bool))
    cmap = mpl.colormaps["viridis"].with_extremes(bad="white")
    top = 1.0 if normalise else max(float(shown.max()), 1.0)
    ax = fig.add_subplot(1, 1, 1)
    image = ax.imshow(shown, cmap=cmap, vmin=0, vmax=top)
    label = "share of the true class" if normalise else "count"
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04,
                 label=label if colour_diagonal else f"{label} (mistakes only)")
    if counts:
        for (t, p), count in np.ndenumerate(cm):
            on_diagonal = t == p and not colour_diagonal
            dark = not on_diagonal and shown[t, p] < 0.55 * top
            colour = ("black" if on_diagonal else "lightgray" if count == 0 and dark
                      else "white" if dark else "black")
            ax.text(p, t, str(int(count)), ha="center", va="center", fontsize=7 if count >= 1000 else 8,
                    color=colour, fontweight="bold" if on_diagonal else "normal")
    ax.set_xticks(range(n), names, fontsize=8)
    ax.set_yticks(range(n), names, fontsize=8)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    total = int(cm.sum())
    right = int(np.trace(cm))
    return f"{right} of {total} right ({right / max(total, 1):.2%}); {total - right} mistakes"


def history_dict(history) -> dict[str, list[float]]:
    """The per-epoch metrics of a Keras ``History`` (or of a dict already), as lists of floats."""
    metrics = getattr(history, "history", history)
    if not isinstance(metrics, Mapping):
        raise TypeError(f"expected a Keras History or a dict of metric lists, got {type(history).__name__}")
    return {key: [float(v) for v in values] for key, values in metrics.items()}


def draw_training_curves(fig, histories: Mapping[str, Any], metrics: Sequence[str] = ("accuracy", "loss"),
                         *, title: str = "") -> str:
    """Draw one panel per metric: each run in its own colour, training dashed, validation solid.

    ``histories`` maps a run's name (e.g. ``"before"``, ``"after: + dropout"``) to its Keras
    ``History``. Returns one line per run: the last training and validation value of the first
    metric and the best validation value with its epoch.
    """
    runs = {name: history_dict(h) for name, h in histories.items()}
    axes = fig.subplots(1, len(metrics), squeeze=False)[0]
    colours = [f"C{i}" for i in range(10)]
    for ax, metric in zip(axes, metrics):
        for (name, run), colour in zip(runs.items(), colours * 10):
            for key, style, who in ((metric, "--", "training"), (f"val_{metric}", "-", "validation")):
                if key in run:
                    epochs = np.arange(1, len(run[key]) + 1)
                    ax.plot(epochs, run[key], style, color=colour, label=f"{name} ({who})")
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
        ax.set_title(f"{metric}: training (dashed) and validation (solid)", fontsize=10)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    if title:
        fig.suptitle(title)
    return "\n".join(_run_summary(name, run, metrics[0]) for name, run in runs.items())


def _run_summary(name: str, run: dict[str, list[float]], metric: str) -> str:
    parts = [f"{name}:"]
    if metric in run:
        parts.append(f"training {metric} {run[metric][-1]:.4f}")
    val = run.get(f"val_{metric}")
    if val:
        best = int(np.argmax(val)) if "acc" in metric else int(np.argmin(val))
        parts.append(f"validation {metric} {val[-1]:.4f} (best {val[best]:.4f} at epoch {best + 1})")
    return " ".join(parts)


def show_training_curves(histories: Mapping[str, Any], metrics: Sequence[str] = ("accuracy", "loss"),
                         *, title: str = "", width: float = 11.0) -> str:
    """``draw_training_curves`` into a new pyplot figure, shown at once; returns the summary."""
    return show(draw_training_curves, histories, metrics, title=title, figsize=(width, 3.6))


def show_confusion_matrix(cm: np.ndarray, names: Sequence[str] | None = None, *,
                          title: str = "Confusion matrix", normalise: bool = True, size: float = 7.5,
                          counts: bool = False, colour_diagonal: bool = True) -> str:
    """``draw_confusion_matrix`` into a new pyplot figure, shown at once; returns the summary."""
    return show(draw_confusion_matrix, cm, names, title=title, normalise=normalise, counts=counts,
                colour_diagonal=colour_diagonal, figsize=(size, size * 0.85))
