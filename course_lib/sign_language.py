"""Exercise 08, the capstone: the American Sign Language alphabet (Sign Language MNIST).

What a student meets, in order:

* the letters and the label gap: ``LETTERS``, ``letter_of``, ``class_letters``, ``to_class_index``
  (the file numbers the letters 0-24 with 9 = J unused; Z would be 25);
* a look at the data: ``draw_letters`` / ``show_letters`` (one example of every letter, named);
* an honest validation split: the training file holds about 21 near-identical copies of every
  photo, so ``near_duplicate_groups`` finds the copies and ``group_split`` keeps each group on
  one side (``nearest_similarity`` measures how close validation images are to training images);
* preprocessing: ``flatten_and_scale`` (pixels / 255) and ``standardise_images`` (per image:
  subtract its mean, divide by its standard deviation);
* the dense networks: ``dense_model``, ``shift_augmentation``, ``compile_model``, ``train``;
* the self-checks of every step (``check_…``): each prints one ✅ line or stops the notebook with
  a ❌ sentence saying what is off and a 💡 hint, never a traceback; ``explain_keras_error``
  turns Keras's own errors about wrong shapes and encodings (e.g. in ``model.fit``) into such a
  sentence (``checks.friendly_errors({ValueError: explain_keras_error})`` in the notebook);
* the mix-ups: ``draw_confusions`` shows the images behind ``evaluation.most_confused``.

Keras is imported inside the functions that need it: ``import course_lib.sign_language`` does
not import TensorFlow.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from course_lib import checks
from course_lib.checks import failure
from course_lib.evaluation import history_dict
from course_lib.gradient_descent import steps_per_epoch  # noqa: F401  (students call sl.steps_per_epoch)

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # the file's label k is the letter LETTERS[k]
MISSING_LABELS = (9, 25)  # J and Z: both need a movement of the hand, so no still photo shows them
IMAGE_SIDE = 28
N_PIXELS = IMAGE_SIDE * IMAGE_SIDE


# --- Letters, labels and classes ----------------------------------------------------------------

def letter_of(label: int) -> str:
    """The letter of one of the file's labels: 0 → "A", 8 → "I", 10 → "K", 24 → "Y"."""
    return LETTERS[int(label)]


def missing_labels(labels) -> list[int]:
    """The labels 0-25 (A-Z) that never occur in ``labels``, in increasing order."""
    present = set(np.unique(np.asarray(labels)).tolist())
    return [k for k in range(len(LETTERS)) if k not in present]


def to_class_index(labels) -> np.ndarray:
    """Renumber the file's labels 0-24 (no 9) as the 24 classes 0-23: every label above 9 moves down one.

    A → 0, …, I → 8, K → 9, …, Y → 23. Raises ``ValueError`` for a 9 (J) or a label outside 0-24.
    """
    labels = np.asarray(labels)
    if labels.size and (np.any(labels == 9) or labels.min() < 0 or labels.max() > 24):
        raise ValueError("the file's labels are 0-24 without 9 (J)")
    return (labels - (labels > 9)).astype(np.int64)


def class_letters(n_classes: int) -> list[str]:
    """The letter of every class index: 24 classes skip J; 25 classes keep J as an unused class."""
    if n_classes == 24:
        return [c for c in LETTERS[:25] if c != "J"]
    if n_classes == 25:
        return list(LETTERS[:25])
    raise ValueError(f"Sign Language MNIST has 24 classes (or 25 with J kept empty), not {n_classes}")


# --- Looking at the data -----------------------------------------------------------------------

def first_of_each(labels, per_label: int = 1) -> np.ndarray:
    """Indices of the first ``per_label`` examples of every label present, in label order."""
    labels = np.asarray(labels)
    return np.concatenate([np.nonzero(labels == k)[0][:per_label] for k in np.unique(labels)])


def draw_images(fig, images, titles: Sequence[str], ncols: int = 8, *, title: str = "") -> str:
    """Draw 28×28 grey images in a grid with a title over each; return the titles, one row per line."""
    images = np.asarray(images).reshape(-1, IMAGE_SIDE, IMAGE_SIDE)
    nrows = max(1, -(-len(images) // ncols))
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, image, text in zip(axes.ravel(), images, titles):
        ax.imshow(image, cmap="gray")
        ax.set_title(text, fontsize=9)
    if title:
        fig.suptitle(title)
    rows = [list(titles[i:i + ncols]) for i in range(0, len(titles), ncols)]
    return "\n".join("  ".join(row) for row in rows)


def draw_letters(fig, images, labels, per_letter: int = 1, ncols: int = 8) -> str:
    """One (or ``per_letter``) example of every letter in the data, named by its letter and label."""
    index = first_of_each(labels, per_letter)
    labels = np.asarray(labels)
    titles = [f"{letter_of(labels[i])} ({labels[i]})" for i in index]
    draw_images(fig, np.asarray(images)[index], titles, ncols,
                title="Sign Language MNIST: one example of every letter (label in brackets)")
    present = "".join(letter_of(k) for k in np.unique(labels))
    return f"{len(np.unique(labels))} letters: {present}"


def show_images(images, titles: Sequence[str], ncols: int = 8, *, title: str = "") -> str:
    """``draw_images`` into a new pyplot figure, shown at once; returns the titles."""
    import matplotlib.pyplot as plt

    rows = max(1, -(-len(titles) // ncols))
    fig = plt.figure(figsize=(1.35 * ncols, 1.55 * rows + 0.4), layout="constrained")
    summary = draw_images(fig, images, titles, ncols, title=title)
    plt.show()
    return summary


def show_letters(images, labels, per_letter: int = 1, ncols: int = 8) -> str:
    """``draw_letters`` into a new pyplot figure, shown at once; returns the summary."""
    import matplotlib.pyplot as plt

    rows = -(-len(np.unique(labels)) * per_letter // ncols)
    fig = plt.figure(figsize=(1.35 * ncols, 1.55 * rows + 0.4), layout="constrained")
    summary = draw_letters(fig, images, labels, per_letter, ncols)
    plt.show()
    return summary


# --- An honest validation split ----------------------------------------------------------------

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


def random_split(n: int, val_fraction: float = 0.15, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Indices (fit, validation) of a plain random split of n examples (sorted)."""
    order = np.random.default_rng(seed).permutation(n)
    n_val = int(round(n * val_fraction))
    return np.sort(order[n_val:]), np.sort(order[:n_val])


def group_split(groups, val_fraction: float = 0.15, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Indices (fit, validation) such that every group lies wholly on one side (sorted).

    ``val_fraction`` of the *groups* (chosen at random with ``seed``) go to validation.
    """
    groups = np.asarray(groups)
    names = np.unique(groups)
    chosen = np.random.default_rng(seed).permutation(names)[:int(round(len(names) * val_fraction))]
    is_val = np.isin(groups, chosen)
    return np.nonzero(~is_val)[0], np.nonzero(is_val)[0]


# --- Preprocessing -----------------------------------------------------------------------------

def flatten_and_scale(images) -> np.ndarray:
    """(N, 28, 28) pixels 0-255 → (N, 784) float32 in 0 … 1: what a dense network takes in."""
    images = np.asarray(images)
    return images.reshape(len(images), -1).astype(np.float32) / np.float32(255)


def standardise_images(images) -> np.ndarray:
    """Flatten, then give every image mean 0 and standard deviation 1 (float32, shape (N, 784)).

    Subtracting each image's own mean and dividing by its own spread removes differences of
    lighting and contrast between photos, so the network sees only the shape of the hand.
    A blank image (spread 0) stays all zeros.
    """
    x = np.asarray(images, dtype=np.float32).reshape(len(images), -1)
    x = x - x.mean(axis=1, keepdims=True)
    std = x.std(axis=1, keepdims=True)
    return x / np.where(std > 0, std, np.float32(1))


# --- The networks (Keras imported on first use) ------------------------------------------------

def shift_augmentation(shift: float = 0.1, rotation: float = 0.0, zoom: float = 0.0, *, seed: int | None = None):
    """Keras layers that move every training image a little (784 numbers in, 784 out).

    ``shift`` is the largest move as a fraction of the side (0.1 = up to 2.8 pixels in each
    direction); ``rotation`` a fraction of a full turn; ``zoom`` a fraction of the size. Keras
    applies these random layers only while training: ``predict`` and ``evaluate`` see the
    images as they are.
    """
    import keras
    from keras import layers

    steps = [keras.Input(shape=(N_PIXELS,)), layers.Reshape((IMAGE_SIDE, IMAGE_SIDE, 1))]
    if shift:
        steps.append(layers.RandomTranslation(shift, shift, fill_mode="nearest", seed=seed))
    if rotation:
        steps.append(layers.RandomRotation(rotation, fill_mode="nearest", seed=seed))
    if zoom:
        steps.append(layers.RandomZoom(zoom, fill_mode="nearest", seed=seed))
    steps.append(layers.Flatten())
    return keras.Sequential(steps, name="augmentation")


def dense_model(n_classes: int, hidden: Sequence[int] = (512, 512), *, dropout: float = 0.0,
                batch_norm: bool = False, augmentation=None, name: str = "dense"):
    """A dense network (no convolutions): 784 inputs → hidden ReLU layers → ``n_classes`` softmax.

    ``dropout`` adds a Dropout layer after every hidden layer; ``batch_norm`` a
    BatchNormalization before every ReLU; ``augmentation`` (e.g. ``shift_augmentation()``)
    goes right after the input. Not compiled: see ``compile_model``.
    """
    import keras
    from keras import layers

    steps = [keras.Input(shape=(N_PIXELS,))]
    if augmentation is not None:
        steps.append(augmentation)
    for units in hidden:
        if batch_norm:
            steps += [layers.Dense(units, use_bias=False), layers.BatchNormalization(), layers.Activation("relu")]
        else:
            steps.append(layers.Dense(units, activation="relu"))
        if dropout:
            steps.append(layers.Dropout(dropout))
    steps.append(layers.Dense(n_classes, activation="softmax"))
    return keras.Sequential(steps, name=name)


def with_augmentation(model, augmentation):
    """A fresh copy of a Sequential ``model`` (same layers, new weights, not compiled) with
    ``augmentation`` placed right after its input."""
    import keras

    layers = [type(layer).from_config(layer.get_config()) for layer in model.layers]
    return keras.Sequential([keras.Input(shape=(N_PIXELS,)), augmentation, *layers],
                            name=f"{model.name}_augmented")


def cosine_adam(learning_rate: float, decay_steps: int):
    """Adam whose learning rate falls from ``learning_rate`` to 0 along a half cosine over ``decay_steps``."""
    import keras

    return keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps))


def compile_model(model, optimizer="adam"):
    """Compile for one-hot labels: categorical cross-entropy, accuracy reported. Returns the model."""
    model.compile(optimizer=optimizer, loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def progress_bar():
    """A Keras callback drawing one progress bar over the epochs (use with ``verbose=0``)."""
    from tqdm.keras import TqdmCallback

    return TqdmCallback(verbose=0, leave=False)


def train(model, fit_data, val_data, epochs: int, batch_size: int = 256, *, progress: bool = True):
    """``model.fit`` with validation data and a progress bar; returns ``(history, seconds)``."""
    x, y = fit_data
    start = time.perf_counter()
    history = model.fit(x, y, validation_data=val_data, epochs=epochs, batch_size=batch_size,
                        verbose=0, callbacks=[progress_bar()] if progress else [])
    return history, time.perf_counter() - start


def predict_classes(model, x, batch_size: int = 2048) -> np.ndarray:
    """The class with the highest predicted probability, for every row of ``x``.

    Calls the model directly (``training=False``: no dropout, no augmentation), batch by batch,
    so that many models can be compared in one cell without Keras rebuilding its predict function.
    """
    x = np.asarray(x)
    rows = [np.asarray(model(x[i:i + batch_size], training=False)) for i in range(0, len(x), batch_size)]
    return np.concatenate(rows).argmax(axis=1)


# --- The mix-ups ---------------------------------------------------------------------------------

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
    import matplotlib.pyplot as plt

    ncols = per_pair + (reference_images is not None)
    fig = plt.figure(figsize=(1.6 * ncols, 1.75 * len(pairs) + 0.4), layout="constrained")
    summary = draw_confusions(fig, images, y_true, y_pred, pairs, names, reference_images,
                              reference_classes, per_pair, groups)
    plt.show()
    return summary


# --- Keras's errors, in plain words ----------------------------------------------------------------

_KERAS_ERRORS = [
    (re.compile(r"same rank \(ndim\)\. Received: target\.shape=\(None,\), output\.shape=\(None, (\d+)\)"),
     "the labels are one whole number per image, but the model outputs {0} probabilities per image and "
     "its loss (categorical_crossentropy) compares them with one-hot rows.",
     "pass the one-hot labels (y_fit, y_val), not the class numbers."),
    (re.compile(r"same shape\. Received: target\.shape=\(None, (\d+)\), output\.shape=\(None, (\d+)\)"),
     "the one-hot labels have {0} columns, but the model has {1} outputs.",
     "encode with keras.utils.to_categorical(classes, n_classes) and end the model with "
     "Dense(n_classes, activation='softmax')."),
    (re.compile(r"Data cardinality is ambiguous.*?'x' sizes: (\d+)\s*'y' sizes: (\d+)", re.S),
     "x has {0} rows but y has {1}: images and labels must come from the same part of the data.",
     "model.fit(x_fit, y_fit, validation_data=(x_val, y_val), ...) — x and y of the same split."),
    (re.compile(r"Expected shape \(None, (\d+)\), but input has incompatible shape \(\w+, ([\d, ]+)\)"),
     "the model takes rows of {0} numbers, but it was given arrays of shape (…, {1}).",
     "give the model the prepared images (flattened to 784 numbers per image), e.g. x_fit, not x_train."),
]


def explain_keras_error(error: BaseException) -> str | None:
    """A friendly ❌ note for the usual Keras errors of a wrong shape or encoding; None for others."""
    text = str(error)
    for pattern, message, hint in _KERAS_ERRORS:
        match = pattern.search(text)
        if match:
            return f"❌ {message.format(*match.groups())}\n💡 Hint: {hint}"
    return None


# --- Self-checks, one per step -----------------------------------------------------------------

def _require_array(name: str, value: Any, hint: str) -> np.ndarray:
    if value is None:
        raise failure(f"{name} is None: did a function forget its `return`?", hint)
    if isinstance(value, (list, tuple)):
        raise failure(f"{name} is a Python {type(value).__name__}, but a NumPy array was expected.", hint)
    if not isinstance(value, np.ndarray):
        raise failure(f"{name} is a {type(value).__name__}, but a NumPy array was expected.", hint)
    return value


def check_loaded(x_train, y_train, x_test, y_test) -> None:
    """Step 1: the four arrays of ``data.load_sign_language_mnist()``, in the right order."""
    hint = "(x_train, y_train), (x_test, y_test) = data.load_sign_language_mnist()"
    arrays = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    for name, value in arrays.items():
        _require_array(name, value, hint)
    for name in ("x_train", "x_test"):
        shape = arrays[name].shape
        if shape[1:] != (IMAGE_SIDE, IMAGE_SIDE):
            raise failure(f"{name} has shape {shape}, but images of 28×28 pixels, shape (N, 28, 28), were "
                          "expected: are images and labels swapped?", hint)
    for name in ("y_train", "y_test"):
        if arrays[name].ndim != 1:
            raise failure(f"{name} has shape {arrays[name].shape}, but one label per image, shape (N,), "
                          "was expected.", hint)
    for x, y in (("x_train", "y_train"), ("x_test", "y_test")):
        if len(arrays[x]) != len(arrays[y]):
            raise failure(f"{x} has {len(arrays[x])} images but {y} has {len(arrays[y])} labels: "
                          "they must come from the same split.", hint)
    if len(x_train) < len(x_test):
        raise failure(f"x_train has {len(x_train)} images, fewer than x_test ({len(x_test)}): "
                      "are the training and test splits swapped?", hint)
    print(f"✅ loaded: x_train {x_train.shape}, y_train {y_train.shape}, "
          f"x_test {x_test.shape}, y_test {y_test.shape}.")


def check_missing(missing, labels) -> None:
    """Step 1: the labels 0-25 (A-Z) that never occur, as a sorted list of ints."""
    expected = missing_labels(labels)
    hint = "the labels 0-25 stand for A-Z: list every k in range(26) that does not occur in y_train."
    if isinstance(missing, np.ndarray):
        missing = missing.tolist()
    if not isinstance(missing, (list, tuple, set)):
        raise failure(f"missing is {checks.describe(missing)}, but a list of labels (whole numbers) was expected.", hint)
    missing = sorted(int(k) for k in missing)
    if missing == expected:
        print(f"✅ missing labels {missing}: the letters {', '.join(letter_of(k) for k in missing)} "
              "never occur.")
        return
    names = ", ".join(f"{k} ({letter_of(k)})" for k in expected)
    extra = sorted(set(missing) - set(expected))
    if extra:
        raise failure(f"missing contains {extra}, but those labels do occur in y_train.", hint)
    raise failure(f"missing is {missing}, but the labels that never occur are {names}.",
                  "Z would be label 25: the largest label in the file is 24 (Y), so count up to 25, "
                  "not only up to the largest label seen.")


def check_class_indices(func: Callable, n_classes: Any) -> None:
    """Step 2: ``n_classes`` outputs and a ``func`` turning the file's labels into 0 … n_classes-1.

    Two treatments of the gap at 9 (J) pass: 24 classes with the labels above 9 moved down one
    (``to_class_index``), or 25 classes keeping the file's numbers (class 9 never used).
    """
    hint = ("either renumber (24 classes: labels above 9 move down by one) or keep the file's "
            "numbers (25 classes, J stays an empty class); n_classes must match your choice.")
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)):
        raise failure(f"n_classes is {checks.describe(n_classes)}, but a whole number was expected.", hint)
    if n_classes not in (24, 25):
        raise failure(f"n_classes is {n_classes}, but the data have 24 letters (labels 0-24 without 9): "
                      "the network needs 24 outputs, or 25 if you keep the empty class 9.", hint)
    labels = np.array([k for k in range(25) if k != 9])
    name = f"{getattr(func, '__name__', 'your function')}(labels)"
    got = checks.call_student(func, name, (labels.copy(),), hint=hint)
    got = _require_array(name, got, hint)
    if got.shape != labels.shape:
        raise failure(f"{name} has shape {got.shape} for labels of shape {labels.shape}: "
                      "it must return one class index per label.", hint)
    if not np.issubdtype(got.dtype, np.integer):
        raise failure(f"{name} holds {got.dtype} values, but class indices are whole numbers: "
                      "use integer arithmetic (or .astype(int)).", hint)
    identity, renumbered = labels, to_class_index(labels)
    if n_classes == 24 and np.array_equal(got, identity):
        raise failure("the labels come back unchanged, but with n_classes = 24 the label 24 (Y) has no "
                      "output unit (outputs are numbered 0 … 23).",
                      "subtract 1 from every label above 9 — or keep the labels and set n_classes = 25.")
    if n_classes == 25 and np.array_equal(got, renumbered):
        raise failure("you renumbered the letters to 0 … 23, so n_classes should be 24, not 25.", hint)
    expected = renumbered if n_classes == 24 else identity
    if not np.array_equal(got, expected):
        bad = int(np.nonzero(got != expected)[0][0])
        raise failure(f"label {labels[bad]} ({letter_of(labels[bad])}) becomes class {got[bad]}, "
                      f"but class {expected[bad]} was expected with n_classes = {n_classes}.", hint)
    letters = class_letters(n_classes)
    print(f"✅ {n_classes} classes: " + ", ".join(f"{letters[c]} = {c}" for c in (0, 8, 9, n_classes - 1))
          + (" (J is class 9 and never used)" if n_classes == 25 else ""))


def check_prepare(func: Callable, images) -> None:
    """Step 3: ``func(images)`` flattens every image to 784 numbers and scales pixels to 0 … 1."""
    hint = "images.reshape(len(images), 784) / 255 — one row of 784 numbers per image, between 0 and 1."
    sample = np.asarray(images)[:5]
    name = f"{getattr(func, '__name__', 'your function')}(images)"
    got = checks.call_student(func, name, (sample.copy(),), hint=hint)
    got = _require_array(name, got, hint)
    if got.shape == sample.shape:
        raise failure(f"{name} still has shape {got.shape}: images of 28×28. A dense layer takes each "
                      "image as one flat row of 784 numbers.", hint)
    if got.shape != (len(sample), N_PIXELS):
        raise failure(f"{name} has shape {got.shape} for {len(sample)} images, but ({len(sample)}, 784) "
                      "was expected: one row per image, not one long row.", hint)
    if not np.issubdtype(got.dtype, np.floating):
        raise failure(f"{name} holds {got.dtype} values: whole numbers cannot hold 0.5. Divide by 255 "
                      "(true division /, not //).", hint)
    if np.nanmax(got) > 1.0 + 1e-6:
        raise failure(f"{name} goes up to {np.nanmax(got):.4g}: pixels must be scaled to 0 … 1.", hint)
    expected = flatten_and_scale(sample)
    if np.nanmin(got) < -1e-6 or not np.allclose(got, expected, atol=1e-5):
        raise failure(f"{name} differs from pixels / 255 (first row starts {np.round(got[0, :3], 4)}, "
                      f"expected {np.round(expected[0, :3], 4)}).", hint)
    print(f"✅ {getattr(func, '__name__', 'your function')}: (N, 28, 28) pixels 0-255 → (N, 784) "
          "numbers 0 … 1.")


def check_onehot(y, n_classes: int, classes=None, *, name: str = "y") -> None:
    """Step 3: ``y`` is the one-hot encoding of ``classes`` (the class indices) with ``n_classes`` columns.

    Explains the usual slips: integer labels (1-D), a wrong number of columns, several 1s in a
    row, and 1s in the columns of the file's labels instead of the class indices.
    """
    hint = f"keras.utils.to_categorical(class_indices, {n_classes}) — class indices, not the file's labels."
    y = _require_array(name, y, hint)
    n = len(classes) if classes is not None else len(y)
    if y.ndim == 1:
        raise failure(f"{name} has shape {y.shape}: one whole number per image. That is the integer-label "
                      "format (for sparse_categorical_crossentropy); categorical_crossentropy needs one "
                      f"row of {n_classes} numbers per image, all 0 except a single 1.", hint)
    if y.ndim != 2:
        raise failure(f"{name} has shape {y.shape}, but ({n}, {n_classes}) was expected.", hint)
    if len(y) != n:
        raise failure(f"{name} has {len(y)} rows, but there are {n} labels: one row per image.", hint)
    if y.shape[1] != n_classes:
        raise failure(f"{name} has {y.shape[1]} columns, but n_classes = {n_classes}: one column per class "
                      "(the network has one output per class).", hint)
    if not np.all((y == 0) | (y == 1)):
        raise failure(f"{name} holds values other than 0 and 1 (e.g. {y[(y != 0) & (y != 1)][0]!r}).", hint)
    ones = y.sum(axis=1)
    if not np.all(ones == 1):
        row = int(np.nonzero(ones != 1)[0][0])
        raise failure(f"row {row} of {name} has {int(ones[row])} ones, but every row needs exactly one.", hint)
    if classes is not None:
        classes = np.asarray(classes)
        got = y.argmax(axis=1)
        if not np.array_equal(got, classes):
            row = int(np.nonzero(got != classes)[0][0])
            raise failure(f"row {row} of {name} has its 1 in column {got[row]}, but that image is class "
                          f"{classes[row]}: encode the class indices from step 2 (and keep the order of "
                          "the images).", hint)
    print(f"✅ {name} is one-hot: shape {y.shape}, a single 1 per row.")


def check_split(fit_index, val_index, groups) -> None:
    """Step 4: indices that split the training file so that no group of copies is on both sides."""
    hint = "fit_index, val_index = sl.group_split(groups, val_fraction=0.15, seed=0)"
    fit_index = _require_array("fit_index", fit_index, hint)
    val_index = _require_array("val_index", val_index, hint)
    groups = np.asarray(groups)
    both = np.intersect1d(fit_index, val_index)
    if both.size:
        raise failure(f"{both.size} images are in both fit_index and val_index: each image goes to one side.", hint)
    if len(fit_index) + len(val_index) != len(groups):
        raise failure(f"fit_index and val_index hold {len(fit_index) + len(val_index)} images together, but the "
                      f"training file has {len(groups)}: every image goes to one side.", hint)
    shared = np.intersect1d(groups[fit_index], groups[val_index])
    if shared.size:
        raise failure(f"{shared.size} groups of near-identical copies have members on both sides: validation "
                      "would then test on images the network has practically seen (a random split does this).",
                      hint)
    share = len(val_index) / len(groups)
    if not 0.05 <= share <= 0.35:
        raise failure(f"validation holds {share:.0%} of the images: keep it between 5% and 35% "
                      "(enough to measure, most for learning).", hint)
    print(f"✅ split: {len(fit_index)} images to fit, {len(val_index)} to validate ({share:.0%}); "
          "no group of copies on both sides.")


def _layer_names(model) -> list[str]:
    return [type(layer).__name__ for layer in _flat_layers(model)]


def _flat_layers(model) -> list:
    found = []
    for layer in getattr(model, "layers", []):
        found += _flat_layers(layer) if hasattr(layer, "layers") else [layer]
    return found


def _loss_name(loss) -> str:
    if isinstance(loss, str):
        return loss
    return str(getattr(loss, "name", None) or getattr(loss, "__name__", None) or type(loss).__name__)


def describe_model(model) -> str:
    """'784 → 512 → 512 → 24 (softmax), 669,208 parameters' for a dense model."""
    sizes = [str(model.input_shape[-1])]
    sizes += [str(layer.units) for layer in _flat_layers(model) if type(layer).__name__ == "Dense"]
    return f"{' → '.join(sizes)}, {model.count_params():,} parameters"


def check_model(model, n_classes: int, *, compiled: bool = True, needs: Sequence[str] = (),
                augmented: bool = False) -> None:
    """Steps 5 and 7: a dense Keras model 784 → … → n_classes softmax (compiled for one-hot labels).

    ``needs`` lists layer types the step asks for, e.g. ``("Dropout",)``; ``augmented`` asks for
    random augmentation layers (RandomTranslation, RandomRotation, …) inside the model.
    """
    hint = ("keras.Sequential([keras.Input(shape=(784,)), layers.Dense(512, activation='relu'), …, "
            "layers.Dense(n_classes, activation='softmax')])")
    if model is None:
        raise failure("model is None: did a function forget its `return`?", hint)
    if not (hasattr(model, "layers") and hasattr(model, "fit")):
        raise failure(f"model is {checks.describe(model)}, but a Keras model was expected.", hint)
    try:
        input_shape, output_shape = tuple(model.input_shape), tuple(model.output_shape)
    except (AttributeError, ValueError):
        raise failure("the model does not know its input size yet: start the list with "
                      "keras.Input(shape=(784,)).", hint) from None
    if input_shape[1:] != (N_PIXELS,):
        raise failure(f"the model takes inputs of shape {input_shape[1:]}, but each image is a row of 784 "
                      "numbers: keras.Input(shape=(784,)).", hint)
    names = _layer_names(model)
    convolutions = [n for n in names if "Conv" in n or "Pooling" in n]
    if convolutions:
        raise failure(f"the model has {', '.join(convolutions)} layers: this exercise is about dense networks "
                      "(convolutions are lesson material for later). Use Dense layers only.", hint)
    if output_shape[1:] != (n_classes,):
        raise failure(f"the model's output has shape {output_shape[1:]}, but there are n_classes = {n_classes} "
                      f"classes: the last layer needs {n_classes} units.", hint)
    last = _flat_layers(model)[-1]
    activation = getattr(getattr(last, "activation", None), "__name__", "linear")
    if activation != "softmax":
        raise failure(f"the last layer's activation is {activation}, but multi-class outputs need softmax "
                      "(the slides' summary table: multi-class → softmax → categorical_crossentropy).", hint)
    for kind in needs:
        if kind not in names:
            raise failure(f"this step asks for {kind} layers, but the model has none "
                          f"(its layers: {', '.join(names)}).", hint)
    if augmented and not any(n.startswith("Random") for n in names):
        raise failure("the model has no augmentation layers: put `augmentation` right after keras.Input.", hint)
    if compiled:
        if not getattr(model, "compiled", False):
            raise failure("the model is not compiled yet.", "model.compile(optimizer='adam', "
                          "loss='categorical_crossentropy', metrics=['accuracy'])")
        loss = _loss_name(model.loss)
        if "sparse" in loss:
            raise failure(f"the loss is {loss}, which expects integer labels, but your labels are one-hot rows.",
                          "loss='categorical_crossentropy' (the summary table's one-hot row).")
        if "categorical_crossentropy" not in loss:
            raise failure(f"the loss is {loss}: for probabilities over classes use cross-entropy "
                          "(MSE on probabilities learns slowly: the slides' 'RMSE로 확률 예측?').",
                          "loss='categorical_crossentropy'")
        metrics = [m if isinstance(m, str) else getattr(m, "name", "")
                   for m in (model._compile_config.config.get("metrics") or [])]
        if not any("acc" in str(m) for m in metrics):
            raise failure("the model does not report accuracy while training.", "metrics=['accuracy']")
    print(f"✅ model: {describe_model(model)}" + (", compiled for one-hot labels." if compiled else "."))


def check_history(history, epochs: int) -> None:
    """Step 5: ``history`` comes from ``model.fit(..., validation_data=...)`` run for ``epochs`` epochs."""
    hint = "history = model.fit(x_fit, y_fit, validation_data=(x_val, y_val), epochs=EPOCHS, batch_size=256, verbose=0)"
    if history is None:
        raise failure("history is None: keep what model.fit returns (history = model.fit(...)).", hint)
    try:
        run = history_dict(history)
    except TypeError:
        raise failure(f"history is {checks.describe(history)}, but model.fit's History was expected.", hint) from None
    if "val_accuracy" not in run:
        raise failure("history has no validation accuracy: pass validation_data=(x_val, y_val) to model.fit.", hint)
    if len(run["accuracy"]) != epochs:
        raise failure(f"the model trained for {len(run['accuracy'])} epochs, but EPOCHS = {epochs}.", hint)
    if any(np.isnan(run["loss"])):
        raise failure("the loss became NaN: check the inputs are scaled (0 … 1) and the loss is "
                      "categorical_crossentropy.", hint)
    print(f"✅ history: {epochs} epochs with training and validation accuracy and loss.")


DIAGNOSES = ("overfitting", "underfitting", "a good fit")


def check_diagnosis(diagnosis) -> None:
    """Step 6: training accuracy near 100% with validation stuck far below it is overfitting."""
    hint = f"pick one of {', '.join(repr(d) for d in DIAGNOSES)}: compare the dashed and the solid curve."
    if not isinstance(diagnosis, str):
        raise failure(f"diagnosis is {checks.describe(diagnosis)}, but a string was expected.", hint)
    answer = diagnosis.strip().lower()
    if answer in ("overfitting", "over-fitting", "overfit", "과적합"):
        print("✅ overfitting (과적합): the network learns the training images almost perfectly but not "
              "what makes a letter, so new hands fool it.")
        return
    if answer in ("underfitting", "under-fitting", "underfit"):
        raise failure("underfitting would mean the network cannot even fit the training data, but its "
                      "training accuracy is close to 100%.", hint)
    if answer in ("a good fit", "good fit", "good"):
        raise failure("a good fit would have validation accuracy close to training accuracy; here the gap is "
                      "large.", hint)
    raise failure(f"{diagnosis!r} is not one of the choices.", hint)


def check_standardise(func: Callable) -> None:
    """Step 7b: per-image standardisation, compared with ``standardise_images`` on a few images."""
    rng = np.random.default_rng(8)
    images = rng.integers(0, 256, size=(3, IMAGE_SIDE, IMAGE_SIDE)).astype(np.uint8)
    images[1] = images[1] // 4 + 100  # a dim, low-contrast photo of the same kind
    hint = ("x = images.reshape(len(images), 784).astype('float32'); subtract x.mean(axis=1, keepdims=True) "
            "and divide by x.std(axis=1, keepdims=True) — per image (axis=1), not over the whole array.")
    name = f"{getattr(func, '__name__', 'your function')}(images)"
    got = checks.call_student(func, name, (images.copy(),), hint=hint)
    got = _require_array(name, got, hint)
    if got.shape != (3, N_PIXELS):
        raise failure(f"{name} has shape {got.shape} for 3 images, but (3, 784) was expected.", hint)
    means, stds = got.mean(axis=1), got.std(axis=1)
    if not np.allclose(means, 0, atol=1e-4):
        raise failure(f"the images' means are {np.round(means, 4)}, but each image should have mean 0.", hint)
    if not np.allclose(stds, 1, atol=1e-3):
        raise failure(f"the images' standard deviations are {np.round(stds, 4)}, but each should be 1.", hint)
    return checks.check_function(func, standardise_images, [(images,)], hint=hint, rtol=1e-4, atol=1e-4)


def check_optimizer(optimizer, decay_steps: int) -> None:
    """Step 7d: Adam whose learning rate decays (a schedule), starting at 0.002 or below."""
    hint = ("keras.optimizers.Adam(learning_rate=keras.optimizers.schedules.CosineDecay(0.002, "
            "decay_steps=TOTAL_STEPS))")
    if optimizer is None or not hasattr(optimizer, "learning_rate"):
        raise failure(f"optimizer is {checks.describe(optimizer)}, but a Keras optimizer object was expected.", hint)
    if type(optimizer).__name__ != "Adam":
        raise failure(f"optimizer is {type(optimizer).__name__}; this step keeps Adam and changes its learning rate.",
                      hint)
    schedule = getattr(optimizer, "_learning_rate", None)
    if not callable(schedule) or not hasattr(schedule, "get_config"):
        raise failure("the learning rate is a fixed number: give Adam a schedule that lowers it during training.",
                      hint)
    start, end = float(schedule(0)), float(schedule(decay_steps))
    if not 1e-4 <= start <= 5e-3:
        raise failure(f"the learning rate starts at {start:.4g}: start between 0.0001 and 0.005.", hint)
    if end > 0.2 * start:
        raise failure(f"after {decay_steps} steps the learning rate is still {end:.4g} (it started at {start:.4g}): "
                      "let it decay over the whole training, decay_steps = TOTAL_STEPS.", hint)
    print(f"✅ optimizer: Adam, learning rate {start:.4g} at the start, {end:.4g} after {decay_steps} steps.")


def check_augmentation(augmentation, images) -> None:
    """Step 7e: a Keras layer/model mapping rows of 784 pixels to rows of 784, random only in training."""
    hint = ("keras.Sequential([keras.Input(shape=(784,)), layers.Reshape((28, 28, 1)), "
            "layers.RandomTranslation(0.1, 0.1, fill_mode='nearest'), layers.Flatten()])")
    if augmentation is None or not callable(augmentation):
        raise failure(f"augmentation is {checks.describe(augmentation)}, but a Keras layer or model was expected.", hint)
    x = np.asarray(images[:8], dtype=np.float32)
    try:
        trained = np.asarray(augmentation(x, training=True))
        kept = np.asarray(augmentation(x, training=False))
    except Exception as error:
        raise failure(f"augmentation(images) stopped with {type(error).__name__}: "
                      f"{str(error).splitlines()[0][:200]}", hint) from None
    if trained.shape != x.shape:
        raise failure(f"augmentation turns images of shape {x.shape} into {trained.shape}: reshape to "
                      "(28, 28, 1) for the random layers, then Flatten back to 784.", hint)
    if np.allclose(trained, x):
        raise failure("augmentation(images, training=True) returns the images unchanged: add a random layer "
                      "such as RandomTranslation.", hint)
    if not np.allclose(kept, x, atol=1e-5):
        raise failure("augmentation changes images even outside training: use Keras's Random… layers, "
                      "which are active only in training.", hint)
    print("✅ augmentation: images move a little while training and stay as they are otherwise.")


def check_range(name: str, value: float, low: float, high: float = 1.0, *, hint: str = "") -> None:
    """A result that varies from run to run lies in [low, high]: print a fixed ✅ line, or stop with ❌.

    The printed line names the range, not the value, so it is the same on every machine.
    """
    if value is None or not np.isfinite(value):
        raise failure(f"{name} is {value}, but a number between {low:.0%} and {high:.0%} was expected.", hint)
    if not low <= value <= high:
        where = "below" if value < low else "above"
        raise failure(f"{name} is {value:.2%}, {where} the expected range {low:.0%} … {high:.0%}.", hint)
    print(f"✅ {name} is between {low:.0%} and {high:.0%}.")


def check_predictions(predicted, n_examples: int, n_classes: int) -> None:
    """Step 8: one predicted class index (a whole number 0 … n_classes-1) per example."""
    hint = "model.predict(x, verbose=0) gives one row of probabilities per image; .argmax(axis=1) picks the class."
    predicted = _require_array("predicted", predicted, hint)
    if predicted.ndim == 2:
        raise failure(f"predicted has shape {predicted.shape}: those are the probabilities of every class. "
                      "Keep only the most probable class of each row.", hint)
    if predicted.shape != (n_examples,):
        raise failure(f"predicted has shape {predicted.shape}, but one class per image, shape ({n_examples},), "
                      "was expected.", hint)
    if not np.issubdtype(predicted.dtype, np.integer):
        raise failure(f"predicted holds {predicted.dtype} values, but class indices are whole numbers.", hint)
    if predicted.min() < 0 or predicted.max() >= n_classes:
        raise failure(f"predicted holds classes from {predicted.min()} to {predicted.max()}, outside 0 … "
                      f"{n_classes - 1}.", hint)
    print(f"✅ predicted: one class (0 … {n_classes - 1}) for each of the {n_examples} images.")
