"""Exercise 08's helpers: what the capstone needs but does not ask the student to write.

The letters of the classes (J and Z never occur), pictures of images and of the most frequent
mix-ups, the near copies in the training file (about 21 altered copies of every photo, which is
why a random split leaks), Keras's usual errors in plain words (for ``checks.friendly_errors``), a
History's accuracy under one name whatever the metric was called, and a one-line progress bar.
The steps the student writes are not here: their checks are in ``course_lib.exercises.sign_language``.
Keras is imported inside the functions that need it: ``import course_lib.sign_language`` does not
import TensorFlow.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .display import draw_images, show

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # the file's label k is the letter LETTERS[k]
IMAGE_SIDE = 28
N_PIXELS = IMAGE_SIDE * IMAGE_SIDE


# --- Letters -------------------------------------------------------------------------------------

def letter_of(label: int) -> str:
    """The letter of one of the file's labels: 0 → "A", 8 → "I", 10 → "K", 24 → "Y"."""
    return LETTERS[int(label)]


def class_letters(n_classes: int) -> list[str]:
    """The letter of every class index: 24 classes skip J; 25 classes keep J as an unused class."""
    if n_classes == 24:
        return [c for c in LETTERS[:25] if c != "J"]
    if n_classes == 25:
        return list(LETTERS[:25])
    raise ValueError(f"Sign Language MNIST has 24 classes (or 25 with J kept empty), not {n_classes}")


# --- Pictures ----------------------------------------------------------------------------------------

def show_images(images, titles: Sequence[str], ncols: int = 8, *, title: str = "") -> str:
    """28×28 grey images in a grid with a title over each (``display.draw_images``), shown at once;
    returns the titles, one row per line."""
    rows = max(1, -(-len(titles) // ncols))
    return show(draw_images, images, titles, ncols, title=title, figsize=(1.35 * ncols, 1.55 * rows + 0.4))


def draw_confusions(fig, images, y_true, y_pred, pairs, names: Sequence[str], reference_images=None,
                    reference_classes=None, per_pair: int = 4, groups=None) -> str:
    """For every (true, predicted, count) pair: up to ``per_pair`` images of the mix-up.

    With ``reference_images``/``reference_classes`` (e.g. the training data), each row ends
    with a correct example of the predicted letter, to compare the hand shapes. With ``groups``
    (``near_duplicate_groups`` of ``images``) each shown image comes from a different photo, and
    the summary says how many different photos the mistakes come from.
    """
    index = {name: i for i, name in enumerate(names)}
    ncols = per_pair + (reference_images is not None)
    axes = fig.subplots(len(pairs), ncols, squeeze=False)
    lines = []
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    for row, (true, pred, count) in zip(axes, pairs):
        for ax in row:
            ax.axis("off")
        t, p = index[true], index[pred]
        wrong = np.nonzero((y_true == t) & (y_pred == p))[0]
        if groups is not None:
            wrong = wrong[np.unique(np.asarray(groups)[wrong], return_index=True)[1]]
            wrong.sort()
        shown = wrong[:per_pair]
        for ax, i in zip(row, shown):
            ax.imshow(np.asarray(images[i]).reshape(IMAGE_SIDE, IMAGE_SIDE), cmap="gray")
            ax.set_title(f"{true} seen as {pred}", fontsize=9)
        if reference_images is not None:
            example = np.nonzero(np.asarray(reference_classes) == p)[0][0]
            row[-1].imshow(np.asarray(reference_images[example]).reshape(IMAGE_SIDE, IMAGE_SIDE), cmap="gray")
            row[-1].set_title(f"a real {pred}", fontsize=9, color="C2")
        photos = f" ({len(wrong)} different photo{'s' if len(wrong) != 1 else ''})" if groups is not None else ""
        lines.append(f"{true} → {pred}: {count} times{photos}")
    fig.suptitle("The most frequent mix-ups (true letter seen as the predicted one)")
    return "\n".join(lines)


def show_confusions(images, y_true, y_pred, pairs, names, reference_images=None, reference_classes=None,
                    per_pair: int = 4, groups=None) -> str:
    """``draw_confusions`` into a new pyplot figure, shown at once; returns the summary."""
    ncols = per_pair + (reference_images is not None)
    return show(draw_confusions, images, y_true, y_pred, pairs, names, reference_images, reference_classes,
                per_pair, groups, figsize=(1.6 * ncols, 1.75 * len(pairs) + 0.4))


# --- Near copies in the training file -------------------------------------------------------------

def _unit_rows(images) -> np.ndarray:
    """Each image as a flat float32 vector with mean 0 and length 1 (dot products = correlations)."""
    x = np.asarray(images, dtype=np.float32).reshape(len(images), -1)
    x = x - x.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norms > 0, norms, 1.0)


def nearest_similarity(images, reference, chunk: int = 1024) -> np.ndarray:
    """For every image, its highest correlation (−1 … 1) with any image of ``reference``.

    1 means a copy up to brightness and contrast; photos of the same letter by another person
    typically reach 0.7-0.9.
    """
    a, b = _unit_rows(images), _unit_rows(reference)
    return np.concatenate([(a[i:i + chunk] @ b.T).max(axis=1) for i in range(0, len(a), chunk)])


def _connected_components(n: int, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Component number (0, 1, …, in order of first appearance) of n nodes linked by edges."""
    label = np.arange(n)
    while True:
        new = label.copy()
        np.minimum.at(new, first, label[second])
        np.minimum.at(new, second, label[first])
        new = new[new]
        if np.array_equal(new, label):
            return np.unique(label, return_inverse=True)[1]
        label = new


def near_duplicate_groups(images, labels, threshold: float = 0.98) -> np.ndarray:
    """A group number for every image: images whose correlation exceeds ``threshold`` share a group.

    Sign Language MNIST's training file was made from about 1,300 photos, each turned into about
    21 slightly altered copies (brightness, contrast, a 3° turn). The copies of one photo land in
    one group (linked through chains of near-identical pairs). Only images of the same label are
    compared, which keeps this to a few seconds.
    """
    unit = _unit_rows(images)
    labels = np.asarray(labels)
    first, second = [], []
    for label in np.unique(labels):
        index = np.nonzero(labels == label)[0]
        similar = np.triu(unit[index] @ unit[index].T > threshold, k=1)
        i, j = np.nonzero(similar)
        first.append(index[i])
        second.append(index[j])
    return _connected_components(len(unit), np.concatenate(first), np.concatenate(second))


# --- Keras ------------------------------------------------------------------------------------------

def progress_bar():
    """A Keras callback drawing one progress bar over the epochs (use with ``verbose=0``)."""
    from tqdm.keras import TqdmCallback

    return TqdmCallback(verbose=0, leave=False)


_KERAS_ERRORS = [
    (r"same rank \(ndim\)\. Received: target\.shape=\(None,\), output\.shape=\(None, (\d+)\)",
     "the labels are one whole number per image, but the model outputs {0} probabilities per image and its "
     "loss compares them with one-hot rows: pass the one-hot labels, or use the sparse loss."),
    (r"same rank \(ndim\)\. Received: target\.shape=\(None, (\d+)\), output\.shape=\(None, (\d+), \d+\)",
     "the model outputs a row of {0} for every row of {1} pixels: it takes 28 × 28 images without flattening "
     "them, so give it 784 inputs (or flatten inside it)."),
    (r"must have rank \(ndim\) `target\.ndim - 1`\. Received: target\.shape=\(None, (\d+)\)",
     "the loss is a sparse one, which expects one whole number per image, but the labels are one-hot rows of "
     "{0}: use the categorical cross-entropy with one-hot labels."),
    (r"same shape\. Received: target\.shape=\(None, (\d+)\), output\.shape=\(None, (\d+)\)",
     "the one-hot labels have {0} columns but the model has {1} outputs: both must be n_classes."),
    (r"Data cardinality is ambiguous.*?'x' sizes: (\d+)\s*'y' sizes: (\d+)",
     "x has {0} rows but y has {1}: images and labels must be the same rows of the same split "
     "(one row per image)."),
    (r"Expected shape \(None, (\d+)\), but input has incompatible shape \(\w+, ([\d, ]+)\)",
     "the model takes rows of {0} numbers, but it was given arrays of shape (…, {1}): the inputs and the "
     "model's keras.Input(shape=...) must agree — one row of {0} per image, or an Input of the inputs' shape."),
    (r"^'((?:val_)?accuracy)'$",
     "History.history has no key '{0}': Keras names each list after the metric as it was compiled, so "
     "metrics=['categorical_accuracy'] gives 'categorical_accuracy' and 'val_categorical_accuracy' — "
     "print(history.history.keys()) lists them (or compile with metrics=['accuracy'])."),
    (r"^'((?:val_)?(?:acc|categorical_accuracy|error|err|val))'$",
     "History.history has no key '{0}': its keys are 'accuracy', 'loss', 'val_accuracy' and 'val_loss' "
     "(Keras 3 writes accuracy in full)."),
    (r"dtype='string' is not a valid dtype",
     "a string reached the loss's weights: the third positional argument of model.compile is loss_weights, "
     "not metrics — name it: metrics=['accuracy']."),
]


def accuracy_history(history) -> dict[str, list[float]]:
    """A History's lists, with its accuracy metric under 'accuracy' and 'val_accuracy' whatever its name.

    Keras names each list after the metric as compiled: ``metrics=["categorical_accuracy"]`` records
    'categorical_accuracy' and 'val_categorical_accuracy', the same numbers as 'accuracy'. Plots and
    tables that read 'accuracy' take this dict instead of the History.
    """
    run = {key: [float(v) for v in values] for key, values in getattr(history, "history", history).items()}
    for key in [k for k in run if k.endswith("accuracy") and not k.startswith("val_")]:
        if "accuracy" not in run:
            run["accuracy"] = run[key]
            if f"val_{key}" in run:
                run["val_accuracy"] = run[f"val_{key}"]
    return run


def explain_keras_error(error: BaseException) -> str | None:
    """One ❌ sentence for the usual Keras errors (wrong shape, encoding, History key); None for others."""
    text = str(error)
    for pattern, message in _KERAS_ERRORS:
        match = re.search(pattern, text, re.S)
        if match:
            return f"❌ {message.format(*match.groups())}"
    return None
