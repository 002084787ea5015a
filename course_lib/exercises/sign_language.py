"""Exercise 08's steps, the capstone: Sign Language MNIST from loading to a dense network of 90 %.

Every check compares the student's answer with the data read afresh from the file (never with the
notebook's arrays, which the student may have changed) or checks properties that every right
answer has: any consistent class numbering (24 or 25 classes), any group split, any dense Keras
model. What is not the exercise's point (the near-duplicate groups, letter names, plots of
mix-ups, Keras's error messages) lives in ``course_lib.sign_language``; nothing here builds a
model, a split or an encoding for the student.
"""

from __future__ import annotations

import copy
import functools
import inspect
import re

import numpy as np

from .. import checks, data, evaluation, sign_language as sl
from ..checks import failure
from ..mnist_mlp import prepare_images  # pixels / 255, one row of 784 per image: what `prepare` makes
from . import names_called, steps_of

step = steps_of("08_sign_language")
TARGET = 0.90  # the open step's mark: validation accuracy of a dense network
DENSE_LAYERS = {"InputLayer", "Dense", "Dropout", "BatchNormalization", "LayerNormalization", "Normalization",
                "Activation", "Softmax", "ReLU", "LeakyReLU", "Reshape", "Flatten", "Rescaling", "GaussianNoise",
                "GaussianDropout", "AlphaDropout", "SpatialDropout1D", "Identity", "UnitNormalization",
                "RandomTranslation", "RandomRotation", "RandomZoom", "RandomContrast", "RandomBrightness",
                "RandomFlip", "RandomCrop", "Sequential", "Functional"}
PROBABILITY_LOSSES = ("categorical_crossentropy", "kl_divergence", "kld", "categorical_focal_crossentropy")


# --- The data, read afresh (read-only) -----------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """x_train, y_train, x_test, y_test as the file holds them, write-protected."""
    (x_train, y_train), (x_test, y_test) = data.load_sign_language_mnist()
    arrays = (x_train, y_train, x_test, y_test)
    for array in arrays:
        array.setflags(write=False)
    return arrays


@functools.lru_cache(maxsize=1)
def _groups() -> np.ndarray:
    """The near-duplicate group of every training image (``sl.near_duplicate_groups``)."""
    x_train, y_train, _, _ = _data()
    groups = sl.near_duplicate_groups(x_train, y_train)
    groups.setflags(write=False)
    return groups


def _classes(labels, n_classes: int) -> np.ndarray:
    """The file's labels as class numbers: renumbered without J for 24 classes, as they are for 25."""
    labels = np.asarray(labels, dtype=np.int64)
    return labels - (labels > 9) if n_classes == 24 else labels


def _as_array(name: str, value, *, what: str = "a NumPy array") -> np.ndarray:
    if value is None:
        raise failure(f"{name} is None: did a function forget its `return`, or a cell its assignment?")
    if isinstance(value, (list, tuple)):
        raise failure(f"{name} is a Python {type(value).__name__}, but {what} was expected: "
                      "np.array(...) turns it into one.")
    if not isinstance(value, np.ndarray):
        raise failure(f"{name} is {checks.describe(value)}, but {what} was expected.")
    return value


def _count(n: int, word: str, plural: str = "") -> str:
    """``1 epoch``, ``8 epochs``; ``_count(3, "batch", "batches")``."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _ignored_argument(func, args: tuple) -> None:
    """Stop with a named mistake when ``func`` answers from a notebook array instead of its first argument.

    ``func`` is called on ``args``, whose first argument has a length no notebook array has; a
    result of another length that matches an array the function reads as a global names it.
    """
    try:
        got = func(*copy.deepcopy(args))
        rows, n = len(got), len(args[0])
    except Exception:  # the check's own call explains the error
        return
    if rows == n:
        return
    namespace = getattr(func, "__globals__", {})
    used = [name for name in names_called(func)
            if isinstance(namespace.get(name), (np.ndarray, list, tuple)) and len(namespace[name]) == rows]
    if used:
        try:
            argument = next(iter(inspect.signature(func).parameters))
        except (TypeError, ValueError, StopIteration):
            argument = "its first argument"
        name = checks.function_name(func)
        raise failure(f"{name} was given {n} entries and returned {rows} rows: it ignored its argument "
                      f"`{argument}` and used the notebook's `{used[0]}`. A function works on what it is "
                      f"given: compute from `{argument}` only, so it serves any images or labels.")


def _n_classes(n_classes) -> int:
    if isinstance(n_classes, (bool, np.bool_)) or not isinstance(n_classes, (int, np.integer)):
        raise failure(f"n_classes is {checks.describe(n_classes)}, but a whole number (24 or 25) was expected.")
    if n_classes not in (24, 25):
        raise failure(f"n_classes is {n_classes}, but the data have 24 letters: 24 outputs (renumbered) or 25 "
                      "(keeping J's empty number).")
    return int(n_classes)


def check_range(name: str, value, low: float, high: float = 1.0) -> None:
    """A result that varies from run to run, reported by its range so the line reads the same everywhere.

    Prints ✅ inside ``[low, high]``, else a ⚠️ note (no error: a different model is not a mistake).
    """
    _range_line(name, value, low, high, f"⚠️ {{name}} is {{value:.2%}}, outside the reference's range "
                                        f"{low:.0%} … {high:.0%}.")


# --- load, letter_grid: load and look -------------------------------------------------------------

@step
def load(x_train, y_train, x_test, y_test) -> None:
    """The four arrays of the loader, in the order (x_train, y_train), (x_test, y_test)."""
    given = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    expected = dict(zip(given, _data()))
    for name, value in given.items():
        _as_array(name, value)
    if x_train.ndim == 1 and y_train.ndim == 3:
        raise failure("x_train holds one number per image and y_train holds 28×28 images: images and labels "
                      "are swapped.")
    if x_train.shape == expected["x_test"].shape:
        raise failure(f"x_train has {len(x_train)} images, as many as the test file: the training and test "
                      "splits are swapped.")
    for name, value in given.items():
        want = expected[name]
        if value.shape != want.shape:
            raise failure(f"{name} has shape {value.shape}, but the file gives {want.shape}.")
        if not np.array_equal(value, want):
            raise failure(f"{name} differs from the file's values (first difference at row "
                          f"{int(np.nonzero((value != want).reshape(len(want), -1).any(axis=1))[0][0])}): "
                          "keep the loaded arrays as they are; scaling comes later, in `prepare`.")
        if value.dtype != want.dtype:
            what = ("labels are whole numbers, used as class numbers and indices" if name.startswith("y")
                    else "pixels stay as loaded; scaling comes later, in `prepare`")
            raise failure(f"{name} holds {value.dtype} values, but the file gives {want.dtype}: {what}. Keep the "
                          "loaded arrays as they are (no .astype).")
    print(f"✅ loaded: x_train {x_train.shape} {x_train.dtype}, y_train {y_train.shape}, "
          f"x_test {x_test.shape}, y_test {y_test.shape}.")


def _figure_of(fig):
    """The matplotlib Figure behind a Figure, an Axes or an array of Axes; None otherwise."""
    from matplotlib.figure import FigureBase

    if isinstance(fig, FigureBase):
        return fig
    if hasattr(fig, "images") and hasattr(fig, "figure"):
        return fig.figure
    if isinstance(fig, np.ndarray) and fig.size and hasattr(fig.flat[0], "figure"):
        return fig.flat[0].figure
    return None


@functools.lru_cache(maxsize=1)
def _rows_by_pixels() -> dict[bytes, int]:
    """Every training image's pixels (as bytes) → its first row in x_train."""
    x_train = _data()[0]
    rows = {}
    for row in range(len(x_train) - 1, -1, -1):
        rows[x_train[row].tobytes()] = row
    return rows


def _which_training_image(image: np.ndarray) -> int | None:
    """The row of x_train that ``image`` shows (as pixels 0-255 or scaled to 0-1), else None."""
    pixels = np.asarray(image, dtype=float)
    if pixels.max(initial=0) <= 1.0:
        pixels = pixels * 255
    if pixels.min(initial=0) < -0.5 or pixels.max(initial=0) > 255.5:
        return None
    return _rows_by_pixels().get(np.round(pixels).astype(np.uint8).tobytes())


@step
def letter_grid(fig) -> None:
    """A matplotlib figure with one training photo of every letter, each titled with its letter."""
    figure = _figure_of(fig)
    if figure is None:
        what = "None (plt.show() returns None: keep what plt.subplots returns)" if fig is None else checks.describe(fig)
        raise failure(f"fig is {what}, but a matplotlib Figure (or its axes) was expected.")
    panels = [ax for ax in figure.axes if ax.images]
    if not panels:
        raise failure("the figure holds no image: draw each photo with imshow on its own axes.")
    y_train = _data()[1]
    shown = {}
    for number, ax in enumerate(panels, start=1):
        image = np.squeeze(np.asarray(ax.images[0].get_array()))
        if image.shape != (sl.IMAGE_SIDE, sl.IMAGE_SIDE):
            raise failure(f"panel {number} shows an array of shape {image.shape}: draw each photo as 28×28 pixels.")
        row = _which_training_image(image)
        if row is None:
            raise failure(f"panel {number} shows an image that is not one of x_train's photos.")
        label = int(y_train[row])
        title = " ".join(t for t in (ax.get_title(), ax.get_xlabel(), *(t.get_text() for t in ax.texts)) if t)
        letters = [t.upper() for t in re.findall(r"(?<![A-Za-z])[A-Za-z](?![A-Za-z])", title)]
        right = sl.letter_of(label)
        if right not in letters:
            if letters:
                raise failure(f"panel {number} is titled {title!r}, but its photo has label {label}, which is "
                              f"{right}: the file's label k is the k-th letter of the alphabet counted from A = 0 "
                              "(J = 9 is never used, so K = 10).")
            raise failure(f"panel {number} is titled {title!r}: name the letter ({right}), not only the label "
                          f"number (label {label}).")
        shown[label] = right
    missing = sorted(set(np.unique(y_train).tolist()) - set(shown))
    if missing:
        raise failure(f"the grid shows {len(shown)} different letters, but the training file has "
                      f"{len(np.unique(y_train))}: missing {', '.join(sl.letter_of(k) for k in missing)}.")
    print(f"✅ letter grid: {len(shown)} letters, each photo titled with its own letter.")


# --- missing, n_classes, to_class_index: the gap in the labels ------------------------------------

@step
def missing(missing) -> None:
    """The labels among 0 … 25 (A … Z) that never occur in y_train, as a sorted list of numbers."""
    expected = sorted(set(range(26)) - set(np.unique(_data()[1]).tolist()))
    if isinstance(missing, np.ndarray):
        missing = missing.tolist()
    if not isinstance(missing, (list, tuple, set)):
        raise failure(f"missing is {checks.describe(missing)}, but a list of label numbers was expected.")
    if any(isinstance(k, str) for k in missing):
        raise failure(f"missing holds letters ({sorted(missing, key=str)}): labels given as letters. The "
                      "labels are numbers (A = 0 … Z = 25): list the numbers that never occur.")
    try:
        got = sorted(int(k) for k in missing)
    except (TypeError, ValueError):
        raise failure(f"missing holds {sorted(map(repr, missing))}: whole numbers were expected.") from None
    checks.check_value("missing", got, expected, mistakes={
        "you looked only up to the largest label in the file (24 = Y): Z would be 25": [9],
        "you counted the letters from 1 (A = 1), but the labels start at A = 0": [k + 1 for k in expected],
        "you listed the labels that occur, not the ones that never occur":
            sorted(set(np.unique(_data()[1]).tolist())),
    })


N_CLASSES_CHOICES = {
    24: "one output per letter that occurs; the labels above 9 (J) move down by one, so the classes are "
        "0 … 23 and no output is wasted.",
    25: "the file's numbers stay as they are (0 … 24); class 9 (J) never occurs, so its output only "
        "learns to stay near 0, and the confusion matrix has an empty row.",
    26: "26 keeps a class for Z (25) and one for J (9), neither of which ever occurs: 24 letters occur, so "
        "24 classes (renumbered) or 25 (the labels as they are, J empty).",
    23: "23 outputs are one too few for the 24 letters that occur.",
    10: "10 is MNIST's number of digits: here every letter that occurs needs its own output.",
}


@step
def n_classes(n_classes) -> None:
    """Decide: how many outputs the network needs, 24 (renumbered) or 25 (the file's numbers, J empty)."""
    if isinstance(n_classes, str) or isinstance(n_classes, (bool, np.bool_)) or \
            not isinstance(n_classes, (int, np.integer)):
        raise failure(f"n_classes is {checks.describe(n_classes)}, but a whole number was expected "
                      "(Keras needs a number of units).")
    if int(n_classes) not in N_CLASSES_CHOICES:
        raise failure(f"n_classes is {n_classes}, but the data have 24 letters (labels 0 … 24 without 9).")
    checks.check_choice("n_classes", int(n_classes), N_CLASSES_CHOICES, right=(24, 25))


def _class_mistakes(n_classes: int) -> dict:
    renumbered = lambda labels: np.asarray(labels) - (np.asarray(labels) > 9)  # noqa: E731
    ranked = {"the class numbers are the ranks of the labels that occur in the given array (np.unique with "
              "return_inverse, or a search among its own labels): right for the whole file, but labels 0, 24, 24, "
              "10, 3 became 0, 3, 3, 2, 1 instead of "
              + ("0, 23, 23, 9, 3" if n_classes == 24 else "0, 24, 24, 10, 3")
              + ". A label's class must not depend on which other labels are passed with it: compute it from "
              "the label alone": lambda labels: np.unique(np.asarray(labels), return_inverse=True)[1].reshape(-1)}
    if n_classes == 24:
        return {
            "the labels come back unchanged, but with 24 classes label 24 (Y) has no output (outputs are "
            "numbered 0 … 23): move every label above 9 down by one — or choose 25 classes":
                lambda labels: np.asarray(labels),
            "every label moved down by one, so A (0) became −1: only the labels above J (9) move":
                lambda labels: np.asarray(labels) - 1,
            "the labels above 9 moved up instead of down": lambda labels: np.asarray(labels) + (np.asarray(labels) > 9),
            **ranked,
        }
    return {"you renumbered to 0 … 23, which goes with n_classes = 24 (with 25 classes keep the file's numbers)":
            renumbered, **ranked}


@step
def to_class_index(to_class_index, n_classes) -> None:
    """``to_class_index(labels)``: the file's labels as class numbers 0 … n_classes − 1 (an int array)."""
    n_classes = _n_classes(n_classes)
    if not callable(to_class_index):
        raise failure(f"to_class_index is {checks.describe(to_class_index)}, but a function was expected.")
    y_train, y_test = _data()[1], _data()[3]
    present = np.unique(y_train).astype(np.int64)
    subset = np.array([0, 24, 24, 10, 3], dtype=np.int64)  # a few letters only: A, Y, Y, K, D
    cases = [(present.copy(),), (y_train[:500].copy(),), (y_test[-300:].copy(),), (subset,)]
    _ignored_argument(to_class_index, (y_test[:7].copy(),))
    first = _as_array("to_class_index(labels)",
                      checks.call_student(to_class_index, "to_class_index(labels)", (present.copy(),)))
    if first.dtype.kind in "USO":
        raise failure("to_class_index returns letters (labels given as letters): the network's classes are "
                      "numbers 0 … n_classes − 1.")
    if first.dtype.kind not in "iu":
        raise failure(f"to_class_index returns {first.dtype} values, but class numbers are whole numbers "
                      "(an int array).")
    checks.check_function(to_class_index, lambda labels: _classes(labels, n_classes), cases,
                          mistakes=_class_mistakes(n_classes))
    names = sl.class_letters(n_classes)
    print(f"   {n_classes} classes: " + ", ".join(f"{names[c]} = {c}" for c in (0, 8, 9, n_classes - 1))
          + (" (class 9, J, never occurs)" if n_classes == 25 else ""))


# --- prepare, one_hot, split: inputs, labels, validation ------------------------------------------

def _prepare_dtype_problem(func, images: np.ndarray) -> None:
    """Name float16 results and fractions cast back to whole numbers (``(x / 255).astype(np.uint8)``)."""
    if not callable(func):
        return
    try:
        got = func(images.copy())
    except Exception:  # the check's own call explains the error
        return
    if not isinstance(got, np.ndarray) or got.size != images.size:
        return
    if got.dtype == np.float16:
        raise failure(f"{checks.function_name(func)}(images) returns float16 numbers, which keep only about 3 "
                      "significant digits (pixel 200 / 255 becomes 0.7842 instead of 0.78431…): use float32 (what "
                      "Keras computes in) or float64.")
    if got.dtype.kind in "iub" and np.array_equal(got.reshape(len(images), -1), np.floor(prepare_images(images))):
        raise failure(f"{checks.function_name(func)}(images) returns {got.dtype} numbers: the fractions pixel / 255 "
                      f"were cast back to whole numbers (.astype({got.dtype})), which cuts every pixel below 255 to "
                      "0. Keep the division's floating-point result.")


@step
def prepare(func) -> None:
    """``prepare(images)``: (N, 28, 28) pixels 0 … 255 → (N, 784) floats 0 … 1."""
    x_train = _data()[0]
    cases = [(x_train[:5].copy(),), (x_train[100:103].astype(np.float64),), (x_train[7:8].copy(),)]
    flat = lambda im: np.asarray(im).reshape(len(im), -1)  # noqa: E731
    _ignored_argument(func, (x_train[:3].copy(),))
    _prepare_dtype_problem(func, cases[1][0])
    checks.check_function(func, prepare_images, cases, rtol=1e-5, atol=1e-6, mistakes={
        "the images are still 28 × 28: a dense layer takes each image as one flat row of 784 numbers":
            lambda im: np.asarray(im) / 255,
        "the pixels were flattened to shape (784, N), one column per image: Keras wants one row per image":
            lambda im: np.asarray(im).reshape(784, -1) / 255,
        "the rows and columns are swapped, (784, N): Keras wants one row per image, shape (N, 784)":
            lambda im: flat(im).T / 255,
        "all images became one long row: keep one row per image, shape (N, 784)":
            lambda im: np.asarray(im).reshape(-1) / 255,
        "the pixels were not scaled: they still run from 0 to 255":
            lambda im: flat(im).astype(float),
        "the pixels were not scaled and are still whole numbers 0 … 255": flat,
        "integer division // 255 turns every pixel below 255 into 0: divide with /":
            lambda im: flat(im) // 255,
        "the pixels are scaled to −1 … 1, but this step asks for 0 … 1 (pixels / 255)":
            lambda im: flat(im) / 127.5 - 1,
        "each image was standardised (mean 0, spread 1); this step asks for pixels / 255 — keep "
        "standardisation for the last step, if you like":
            lambda im: (flat(im) - flat(im).mean(axis=1, keepdims=True)) / flat(im).std(axis=1, keepdims=True),
    })


@step
def one_hot(func) -> None:
    """``one_hot(classes, n_classes)``: one row per label, n_classes columns, a single 1 per row."""
    cases = [(np.array([0, 3, 23, 9]), 24), (np.array([0, 1, 2]), 24), (np.array([24, 9, 0, 5]), 25),
             (np.array([2]), 24)]
    _ignored_argument(func, (np.array([0, 5, 2]), 24))
    first = checks.call_student(func, f"{checks.function_name(func)}(classes, n_classes)", cases[0])
    if isinstance(first, np.ndarray) and first.dtype == bool:
        raise failure("one_hot returns True/False values: Keras's loss reads one-hot rows as the numbers 0 and "
                      "1 (a float array), and arithmetic such as 1 − y fails on booleans.")
    checks.check_function(func, lambda c, n: np.eye(n)[c], cases, mistakes={
        "the argument n_classes was ignored: the number of columns came from the largest class seen, so "
        "classes 0, 1, 2 get 3 columns instead of n_classes (to_categorical needs num_classes too)":
            lambda c, n: np.eye(int(np.max(c)) + 1)[c],
        "the 1 sits one column too far to the right (classes counted from 1?)":
            lambda c, n: np.eye(n + 1)[np.asarray(c) + 1][:, :n],
        "the rows are the classes and the columns the images: one row per image, shape (N, n_classes)":
            lambda c, n: np.eye(n)[c].T,
    })


def _as_indices(name: str, value, n: int) -> np.ndarray:
    value = _as_array(name, value, what="a NumPy array of row numbers")
    if value.dtype == bool:
        if value.shape != (n,):
            raise failure(f"{name} is a True/False mask of shape {value.shape}, but the training file has {n} rows.")
        return np.nonzero(value)[0]
    if value.ndim != 1 or value.dtype.kind not in "iu":
        raise failure(f"{name} is {checks.describe(value)} of {value.dtype}: row numbers are a 1-D array of "
                      "whole numbers.")
    if value.size and (value.min() < 0 or value.max() >= n):
        raise failure(f"{name} holds row {int(value.max()) if value.max() >= n else int(value.min())}, outside "
                      f"the training file's rows 0 … {n - 1}: validation comes from the training file.")
    return value


def _split_problem(fit_index, val_index) -> str | None:
    """Why (fit_index, val_index) is not an honest split of the training file; None when it is."""
    x_train, y_train, _, _ = _data()
    groups, n = _groups(), len(x_train)
    fit, val = _as_indices("fit_index", fit_index, n), _as_indices("val_index", val_index, n)
    both = np.intersect1d(fit, val)
    if both.size:
        return f"{both.size} rows are in both fit_index and val_index: each image goes to one side."
    if len(np.unique(fit)) + len(np.unique(val)) != n:
        return (f"fit_index and val_index hold {len(np.unique(fit)) + len(np.unique(val))} different rows together, "
                f"but the training file has {n}: every image goes to one side.")
    unseen = np.setdiff1d(np.unique(y_train[val]), np.unique(y_train[fit]))
    if unseen.size:
        return (f"validation holds whole letters ({', '.join(sl.letter_of(k) for k in unseen)}) that the fitting "
                "part never sees: a split by the wrong unit (letters). Split by photo: the groups of copies.")
    shared = np.intersect1d(groups[fit], groups[val])
    if shared.size:
        return (f"{shared.size} of {groups.max() + 1} groups of near copies have images on both sides: a split "
                "by rows (a random split, or by position) puts copies of one photo in fitting and validation, "
                "so validation measures memory. Choose whole groups for validation.")
    share = len(val) / n
    if not 0.05 <= share <= 0.35:
        return (f"validation holds {share:.0%} of the images: keep it between 5 % and 35 % (enough to "
                "measure, most of the data for learning).")
    return None


@step
def split(fit_index, val_index, x_val, y_val) -> None:
    """A split by near-duplicate groups, and the validation inputs and one-hot labels it selects."""
    for name, value in (("fit_index", fit_index), ("val_index", val_index)):
        if isinstance(value, np.ndarray) and value.dtype == bool:
            raise failure(f"{name} is a True/False mask (one entry per training image), but the step asks for "
                          "row numbers, which the later cells use (for instance to count and to show the "
                          "validation images): np.nonzero(mask)[0] turns a mask into its row numbers.")
    problem = _split_problem(fit_index, val_index)
    if problem:
        raise failure(problem)
    x_train, y_train, x_test, y_test = _data()
    val = _as_indices("val_index", val_index, len(x_train))
    x_val, y_val = _as_array("x_val", x_val), _as_array("y_val", y_val)
    if len(x_val) == len(x_test) != len(val):
        raise failure(f"x_val has {len(x_val)} rows, as many as the test split: validation taken from the test "
                      "set. The test split is the final exam; validation comes from the training file (val_index).")
    if x_val.shape != (len(val), sl.N_PIXELS):
        raise failure(f"x_val has shape {x_val.shape}, but the prepared rows at val_index, shape "
                      f"({len(val)}, 784), were expected.")
    if not np.allclose(x_val, prepare_images(x_train[val]), atol=1e-5):
        raise failure("x_val is not the prepared training images at val_index (pixels / 255 of the rows "
                      "val_index selects, in that order).")
    if y_val.ndim != 2 or y_val.shape[0] != len(val) or y_val.shape[1] not in (24, 25):
        raise failure(f"y_val has shape {y_val.shape}, but the one-hot rows at val_index, shape ({len(val)}, "
                      "n_classes), were expected" + (": these are integer labels." if y_val.ndim == 1 else "."))
    expected = np.eye(y_val.shape[1])[_classes(y_train[val], y_val.shape[1])]
    if not np.allclose(y_val, expected):
        raise failure("y_val does not match x_val: take the one-hot rows at the same val_index (images and "
                      "labels of the same rows).")
    print(f"✅ split: {len(x_train) - len(val)} images to fit, {len(val)} to validate "
          f"({len(val) / len(x_train):.0%}); no group of copies on both sides.")


# --- model, fit, curves, diagnosis: build, compile, train, read -----------------------------------

def _flat_layers(model) -> list:
    found = []
    for layer in getattr(model, "layers", []):
        found += _flat_layers(layer) if hasattr(layer, "layers") else [layer]
    return found


def _activation_name(layer) -> str:
    kind = type(layer).__name__
    if kind == "Softmax":
        return "softmax"
    activation = getattr(layer, "activation", None)
    return str(checks.function_name(activation, activation or "linear"))


def _output_activation(model) -> str:
    """The activation of the model's output: the last layer's, or of the Activation layer after it."""
    for layer in reversed(_flat_layers(model)):
        kind = type(layer).__name__
        if kind in ("Dropout", "Identity"):
            continue
        return _activation_name(layer)
    return "linear"


def _loss(model) -> tuple[str, bool]:
    """The compiled loss's name and whether it reads logits (from_logits=True)."""
    loss = getattr(model, "loss", None)
    if isinstance(loss, str):
        return loss, False
    name = getattr(loss, "name", None) or checks.function_name(loss, None) or type(loss).__name__
    options = {}
    for source in ("_fn_kwargs", "fn_kwargs"):
        options.update(getattr(loss, source, None) or {})
    try:
        options.update(loss.get_config())
    except Exception:  # a plain function has no config
        pass
    fn = getattr(loss, "fn", None)
    if name in ("LossFunctionWrapper", None) and fn is not None:
        name = checks.function_name(fn, name)
    return str(name), bool(options.get("from_logits", False))


def describe_model(model) -> str:
    """'784 → 512 (relu) → Dropout → 24 (softmax), 669,208 parameters' for a dense Keras model."""
    parts = [str(tuple(model.input_shape[1:])).replace(",)", ")")]
    for layer in _flat_layers(model):
        kind = type(layer).__name__
        if kind == "Dense":
            parts.append(f"{layer.units} ({_activation_name(layer)})")
        elif kind == "Dropout":
            parts.append(f"Dropout({layer.rate:g})")
        elif kind == "Activation":
            parts.append(f"Activation({_activation_name(layer)})")
        elif kind != "InputLayer":
            parts.append(kind)
    return f"{' → '.join(parts)}, {model.count_params():,} parameters"


def _model_problem(model, n_classes: int, inputs: tuple, *, compiled: bool = True, hidden: bool = True) -> str | None:
    """Why ``model`` is not a dense classifier of ``n_classes`` taking ``inputs``; None when it is."""
    if model is None:
        return "the model is None: did a function forget its `return`?"
    if not (hasattr(model, "layers") and hasattr(model, "fit")):
        return f"the model is {checks.describe(model)}, but a Keras model was expected."
    try:
        input_shape, output_shape = tuple(model.input_shape), tuple(model.output_shape)
    except (AttributeError, ValueError):
        return "the model does not know its input size yet: start it with keras.Input(shape=...)."
    layers = _flat_layers(model)
    other = [type(layer).__name__ for layer in layers if type(layer).__name__ not in DENSE_LAYERS]
    if other:
        convolution = any("Conv" in name or "Pool" in name for name in other)
        return (f"the model has {', '.join(sorted(set(other)))} layers: "
                + ("a convolution. This exercise is about dense networks (convolutions are the slides' next "
                   "part): Dense layers only." if convolution else "only Dense layers (with Dropout, "
                   "normalisation or augmentation layers) are allowed here."))
    if input_shape[1:] != inputs:
        return (f"wrong input shape for Keras: the model takes inputs of shape {input_shape[1:]}, but each image "
                f"you feed it has shape {inputs}" + (": a row of 784 numbers, keras.Input(shape=(784,))."
                                                    if inputs == (sl.N_PIXELS,) else "."))
    if output_shape[1:] != (n_classes,):
        return (f"the model's output has shape {output_shape[1:]}, but n_classes = {n_classes}: the last layer "
                f"needs {n_classes} units, one per class.")
    if hidden and sum(type(layer).__name__ == "Dense" for layer in layers) < 2:
        return ("the model has no hidden layer: one Dense layer is a linear classifier (softmax regression). "
                "Put at least one hidden Dense layer with ReLU before the output.")
    if hidden:
        problem = _hidden_activation_problem(layers)
        if problem:
            return problem
    if not compiled:
        return None
    if not getattr(model, "compiled", False) or getattr(model, "loss", None) is None:
        return "the model is not compiled yet: compile it with an optimizer, a loss and the accuracy metric."
    loss, logits = _loss(model)
    activation = _output_activation(model)
    if "sparse" in loss:
        return (f"the loss is {loss}, which expects integer labels (one number per image), but your labels "
                "are one-hot rows: the summary table pairs one-hot labels with the categorical cross-entropy.")
    if "binary" in loss:
        return (f"the loss is {loss}: it treats every output as a separate yes/no question. One class out of "
                f"{n_classes} needs the categorical cross-entropy.")
    if not any(name in loss for name in PROBABILITY_LOSSES):
        return (f"the loss is {loss}: probabilities over classes are learnt with the cross-entropy (an MSE "
                "on probabilities learns slowly: the slides' 'RMSE로 확률 예측?').")
    if logits and activation == "softmax":
        return ("the output layer applies softmax and the loss has from_logits=True, which applies softmax "
                "again: use one or the other.")
    if not logits and activation == "sigmoid":
        return ("the output is sigmoid with the categorical cross-entropy: sigmoid outputs do not add up to 1 "
                "across the classes. Use softmax for one class out of many.")
    if not logits and activation != "softmax":
        return (f"the output activation is {activation} (no softmax), but the loss expects probabilities: end "
                "with softmax (or give the loss from_logits=True).")
    config = getattr(getattr(model, "_compile_config", None), "config", None) or {}
    weights = config.get("loss_weights")
    if isinstance(weights, str) or (isinstance(weights, (list, tuple)) and any(isinstance(w, str) for w in weights)):
        return (f"compile was given {weights!r} as its third positional argument, which is loss_weights, not "
                "metrics (training would stop with \"dtype='string'\"): name it, metrics=['accuracy'].")
    given = config.get("metrics") or []
    given = (list(given.values()) if isinstance(given, dict)
             else list(given) if isinstance(given, (list, tuple)) else [given])
    kinds = {type(m).__name__ for m in given if not isinstance(m, str)}
    if "Accuracy" in kinds:
        return ("keras.metrics.Accuracy compares exact values: use 'accuracy' or CategoricalAccuracy. It compares "
                "each probability with the one-hot label, and a probability is never exactly 1, so it reports 0 in "
                "every epoch; the usual accuracy counts the images whose largest output is the true class.")
    if "BinaryAccuracy" in kinds or "binary_accuracy" in given:
        return ("binary accuracy judges each of the outputs on its own (above or below 0.5): with one-hot rows the "
                "many zeros agree, so it looks far too good. Use 'accuracy' or CategoricalAccuracy.")
    names = [m if isinstance(m, str) else getattr(m, "name", "") for m in given]
    if not any("acc" in str(m) for m in names):
        return "the model does not report accuracy while training: add the accuracy metric (metrics=[...])."
    optimizer = type(getattr(model, "optimizer", None)).__name__
    if hidden and optimizer not in ("Adam", "AdamW"):
        return (f"the optimizer is {optimizer}, but this step asks for Adam (the slides' hands-on network; "
                "plain SGD at its default learning rate learns far more slowly here). In the open step at the "
                "end the choice of optimizer is yours.")
    return None


def _hidden_activation_problem(layers: list) -> str | None:
    """Why the hidden Dense layers are not ReLU units (a Dense layer, or one followed by ReLU); None if they are."""
    dense = [i for i, layer in enumerate(layers) if type(layer).__name__ == "Dense"]
    for number, i in enumerate(dense[:-1], start=1):
        activation = _activation_name(layers[i])
        following = [layer for layer in layers[i + 1:] if type(layer).__name__ not in ("Dropout", "Identity")]
        if activation == "linear" and following and type(following[0]).__name__ in ("Activation", "ReLU"):
            activation = "relu" if type(following[0]).__name__ == "ReLU" else _activation_name(following[0])
        if activation != "relu":
            what = ("no activation (linear): linear layers stacked are still one linear map"
                    if activation == "linear" else f"{activation} units")
            return (f"hidden layer {number} ({layers[i].units} units) has {what}, but this step asks for ReLU "
                    "units, the slides' choice for hidden layers (sigmoid and tanh saturate and learn slowly "
                    "in deep stacks). In the open step at the end the choice is yours.")
    return None


@step
def model(model, n_classes) -> None:
    """A compiled dense Keras network: 784 inputs, hidden ReLU layers, one softmax output per class."""
    n_classes = _n_classes(n_classes)
    problem = _model_problem(model, n_classes, (sl.N_PIXELS,))
    if problem:
        raise failure(problem)
    print(f"✅ model: {describe_model(model)}, compiled for one-hot labels.")
    key = _accuracy_key(model)
    if key and key != "accuracy":
        print(f"   Keras records your accuracy metric as '{key}' and 'val_{key}': read those keys of history.history.")


def _accuracy_key(model) -> str | None:
    """The name under which the History records the model's accuracy metric ('accuracy', 'categorical_accuracy')."""
    config = getattr(getattr(model, "_compile_config", None), "config", None) or {}
    given = config.get("metrics") or []
    for metric in given if isinstance(given, (list, tuple)) else [given]:
        name = metric if isinstance(metric, str) else getattr(metric, "name", "")
        if "acc" in str(name):
            return "accuracy" if name in ("accuracy", "acc") else str(name)
    return None


def _history(history) -> dict:
    if history is None:
        raise failure("history is None: keep what model.fit returns (history = ...).")
    try:
        run = evaluation.history_dict(history)
    except (TypeError, ValueError):
        raise failure(f"history is {checks.describe(history)}, but the History that model.fit returns was "
                      "expected.") from None
    other = [key for key in run if key.endswith("accuracy") and not key.startswith("val_")]
    if "accuracy" not in run and other:  # e.g. metrics=["categorical_accuracy"]: the same numbers
        run["accuracy"] = run[other[0]]
        if f"val_{other[0]}" in run:
            run["val_accuracy"] = run[f"val_{other[0]}"]
    return run


def _zero_accuracy_problem(run: dict) -> None:
    """Stop when the accuracy is 0 in every epoch: a metric that compares exact values, not a model to judge."""
    values = list(run.get("accuracy", [])) + list(run.get("val_accuracy", []))
    if values and max(values) == 0:
        raise failure("the accuracy is 0 in every epoch, on training and validation data alike, while the loss "
                      f"falls ({run['loss'][0]:.3g} → {run['loss'][-1]:.3g}): the metric compares exact values "
                      "(keras.metrics.Accuracy — a probability is never exactly 1), so these curves say nothing "
                      "about the network. Compile with metrics=['accuracy'] and train again.")


def _measured_on(model, x, classes) -> tuple[float, float]:
    """The accuracy and the mean cross-entropy of ``model`` on prepared rows ``x`` with true ``classes``."""
    return _accuracy_and_loss(model, x, classes)


def _validated_on_test(history, run: dict, val) -> bool:
    """Whether the History's last validation numbers are the trained model's numbers on the test split.

    Keras measures the validation data with the final weights after the last epoch, so the model
    reproduces them: the accuracy on the test split must match, and its loss be nearer than the loss
    on the validation part (regularisation terms shift both alike).
    """
    model = getattr(history, "model", None)
    if model is None or "val_loss" not in run:
        return False
    try:
        n_classes = int(model.output_shape[-1])
        x_train, y_train, x_test, y_test = _data()
        accuracy, loss = float(run["val_accuracy"][-1]), float(run["val_loss"][-1])
        test = _measured_on(model, prepare_images(x_test), _classes(y_test, n_classes))
        if abs(test[0] - accuracy) > 0.0015:
            return False
        own = _measured_on(model, prepare_images(x_train[val]), _classes(y_train[val], n_classes))
    except Exception:  # a model these inputs do not fit: nothing to say here
        return False
    return abs(test[1] - loss) < abs(own[1] - loss)


@step
def fit(history, fit_index, val_index, epochs, batch_size) -> None:
    """The History of training on the fitting rows, with the validation part measured, for ``epochs`` epochs."""
    run = _history(history)
    if "accuracy" not in run:
        raise failure(f"history has no accuracy (its keys: {', '.join(run)}): compile with the accuracy metric.")
    if "val_accuracy" not in run:
        raise failure("history has no validation accuracy: give model.fit the validation data (x_val, y_val).")
    if len(run["accuracy"]) != epochs:
        raise failure(f"the model trained for {_count(len(run['accuracy']), 'epoch')}, but EPOCHS = {epochs}.")
    if np.isnan(run["loss"]).any():
        raise failure("the loss became NaN: are the inputs scaled to 0 … 1 and the loss the cross-entropy?")
    _zero_accuracy_problem(run)
    steps = (getattr(history, "params", None) or {}).get("steps")
    n = len(_data()[0])
    rows = len(_as_indices("fit_index", fit_index, n))
    val = _as_indices("val_index", val_index, n)
    if steps and batch_size and steps != -(-rows // int(batch_size)):
        if steps == -(-n // int(batch_size)):
            raise failure(f"the model trained on all {n} training images, validation rows included: fit on "
                          "x_fit, y_fit only.")
        raise failure(f"each epoch took {_count(steps, 'batch', 'batches')}, but {rows} fitting "
                      f"images in batches of {batch_size} make {-(-rows // int(batch_size))}: train on x_fit, y_fit "
                      "with batch_size=BATCH (and validation_data, not validation_split).")
    if _validated_on_test(history, run, val):
        raise failure("the validation numbers are the model's numbers on the test split: validation_data was the "
                      "test set (x_test…). The test split is the final exam, looked at once, at the very end; "
                      "every choice before that is made on the validation part: validation_data=(x_val, y_val).")
    print(f"✅ history: {_count(epochs, 'epoch')} on the fitting part, with training and validation accuracy "
          "and loss.")


@step
def curves(final_train_accuracy, final_val_accuracy, history) -> None:
    """The training and the validation accuracy after the last epoch, read from the History."""
    run = _history(history)
    if "val_accuracy" not in run:
        raise failure("this history has no validation accuracy.")
    train, val = run["accuracy"], run["val_accuracy"]
    checks.check_value("(final_train_accuracy, final_val_accuracy)", (final_train_accuracy, final_val_accuracy),
                       (train[-1], val[-1]), names=("final_train_accuracy", "final_val_accuracy"), mistakes={
                           "the two are swapped: 'accuracy' is the training part, 'val_accuracy' the validation":
                               (val[-1], train[-1]),
                           "these are the accuracies after the first epoch: the last is at index −1":
                               (train[0], val[0]),
                           "these are the losses, not the accuracies": (run["loss"][-1], run.get("val_loss", [0])[-1]),
                           "these are the best accuracies over all epochs; the step asks for the last epoch's":
                               (max(train), max(val)),
                           "these are percentages: Keras reports accuracy as a fraction 0 … 1":
                               (100 * train[-1], 100 * val[-1]),
                       })


def _fitting_state(run: dict) -> str:
    """'overfitting', 'underfitting' or 'a good fit', from the last epoch of a history."""
    train, val = run["accuracy"][-1], run["val_accuracy"][-1]
    if train - val > 0.05:
        return "overfitting"
    return "underfitting" if train < 0.9 else "a good fit"


@step
def diagnosis(diagnosis, history) -> None:
    """Overfitting, underfitting or a good fit: read from the two curves of your own run."""
    run = _history(history)
    if "accuracy" not in run or "val_accuracy" not in run:
        raise failure("this history has no training and validation accuracy to read: compile with "
                      "metrics=['accuracy'] and give model.fit the validation data.")
    if "loss" in run:
        _zero_accuracy_problem(run)
    train, val = run["accuracy"][-1], run["val_accuracy"][-1]
    gap = f"(training {train:.0%}, validation {val:.0%})"
    choices = {
        "overfitting": f"the network fits its training images far better than new photos {gap}: it memorises "
                       "rather than generalises." if train - val > 0.05 else
                       f"overfitting shows as a gap between training and validation accuracy, and there is "
                       f"hardly any {gap}.",
        "underfitting": "underfitting means the network cannot even fit its training images, but its training "
                        f"accuracy is high {gap}." if train >= 0.9 else
                        f"the network does not even fit its training images well {gap}: more capacity or "
                        "training helps before anything else.",
        "a good fit": f"a good fit has validation accuracy close to a high training accuracy {gap}."
                      if _fitting_state(run) == "a good fit" else
                      f"in a good fit both curves end high and close together; here they do not {gap}.",
    }
    checks.check_choice("diagnosis", diagnosis, choices, right=_fitting_state(run))


# --- evaluate, confusion, validation_cm -----------------------------------------------------------

def _predict(model, x) -> np.ndarray:
    """The most probable class of every row of ``x``, computed batch by batch (no dropout)."""
    rows = [np.asarray(model(x[i:i + 2048], training=False)) for i in range(0, len(x), 2048)]
    return np.concatenate(rows).argmax(axis=1)


def _predictions_problem(predicted, n: int, n_classes: int, name: str) -> np.ndarray:
    predicted = _as_array(name, predicted)
    if predicted.ndim == 2:
        raise failure(f"{name} has shape {predicted.shape}: those are the probabilities of every class. Keep the "
                      "most probable class of each row (the position of its largest entry).")
    if predicted.shape == (n_classes,) and n != n_classes:
        raise failure(f"{name} has {n_classes} entries, one per class: the largest was taken over the images "
                      "(axis 0) instead of over the classes of each image (axis 1).")
    if predicted.shape != (n,):
        raise failure(f"{name} has shape {predicted.shape}, but one class per validation image, shape ({n},), "
                      "was expected.")
    if predicted.dtype.kind not in "iu":
        raise failure(f"{name} holds {predicted.dtype} values, but classes are whole numbers.")
    return predicted


@step
def evaluate(val_predicted, val_accuracy, model, val_index) -> None:
    """The predicted class of every validation image, and the share predicted right (a fraction)."""
    x_train, y_train = _data()[0], _data()[1]
    val = _as_indices("val_index", val_index, len(x_train))
    if not hasattr(model, "predict"):
        raise failure(f"model is {checks.describe(model)}, but the trained Keras model was expected.")
    n_classes = int(model.output_shape[-1])
    predicted = _predictions_problem(val_predicted, len(val), n_classes, "val_predicted")
    reference = _predict(model, prepare_images(x_train[val]))
    differ = np.mean(predicted != reference)
    if differ > 0.002 and n_classes == 24 and np.mean(predicted != reference + (reference >= 9)) <= 0.002:
        raise failure("val_predicted holds the file's labels: the classes from 9 on were moved back up by one "
                      "(K = 10 … Y = 24). The network's outputs are class numbers 0 … 23, and val_classes too: "
                      "keep the position of the largest probability as it is.")
    if differ > 0.002:
        raise failure(f"val_predicted differs from the model's most probable class on {differ:.1%} of the validation "
                      "images: predict on x_val (the rows of val_index) and take the largest probability of each row.")
    truth = _classes(y_train[val], n_classes)
    right = float(np.mean(predicted == truth))
    onehot_match = 1 - 2 * (1 - right) / n_classes
    checks.check_value("val_accuracy", val_accuracy, right, mistakes={
        "that is a percentage: give the accuracy as a fraction 0 … 1": 100 * right,
        "that is the error rate, the share predicted wrong": 1 - right,
        "that is the number of right predictions, not their share (a sum instead of a mean)":
            float(np.sum(predicted == truth)),
        "you compared one-hot rows entry by entry: the many zeros agree almost everywhere, so the accuracy "
        "looks far too good. Compare class numbers (integer labels) with class numbers": onehot_match,
        "you compared with the file's labels, which skip 9 (J): compare with the class numbers":
            float(np.mean(predicted == y_train[val])),
    })


def _small_int_problem(counts, what: str) -> str | None:
    """Why an integer type too small for counts (uint8 wraps past 255) is wrong; None otherwise."""
    if isinstance(counts, np.ndarray) and counts.dtype.kind in "iu" and np.iinfo(counts.dtype).max < 100_000:
        top = np.iinfo(counts.dtype).max
        return (f"{what} are held as {counts.dtype}, which holds at most {top}: one more wraps around to "
                f"{np.iinfo(counts.dtype).min} without a warning, and a class of the validation part has hundreds "
                "of images (thousands in a larger set). Count in a full-size integer type (dtype=int).")
    return None


@step
def confusion(confusion_matrix) -> None:
    """``confusion_matrix(true, predicted, n_classes)`` with NumPy: counts, row = true class, column = prediction."""
    rng = np.random.default_rng(8)
    cases = [(np.array([0, 1, 2, 2, 1]), np.array([0, 2, 2, 2, 0]), 3),
             (np.array([0, 1]), np.array([1, 1]), 5),
             (rng.integers(0, 24, 60), rng.integers(0, 24, 60), 24)]

    def once_per_pair(t, p, n):
        counts = np.zeros((n, n), dtype=int)
        counts[np.asarray(t), np.asarray(p)] += 1
        return counts

    def shares(t, p, n):
        counts = evaluation.confusion_matrix(t, p, n)
        return counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)

    name = checks.function_name(confusion_matrix)
    library = [n for n in names_called(confusion_matrix) if n in ("confusion_matrix", "crosstab", "pivot_table")]
    if library:
        raise failure(f"{name} calls a library's `{library[0]}`, which computes the table for you: this step asks "
                      "you to count the pairs yourself with NumPy (a table of zeros and one addition per image). "
                      "The library's result is a fine test of your own.")
    first = checks.call_student(confusion_matrix, f"{name}(true, predicted, n_classes)", cases[0])
    small = _small_int_problem(first, "the counts")
    if small:
        raise failure(small)
    if isinstance(first, np.ndarray) and first.dtype.kind == "f" and first.shape == (3, 3) and \
            np.array_equal(first, evaluation.confusion_matrix(*cases[0])):
        raise failure(f"the counts are right but held as {first.dtype} numbers: counts are whole numbers, an "
                      "integer array (start from np.zeros(..., dtype=int)).")
    checks.check_function(confusion_matrix, evaluation.confusion_matrix, cases, mistakes={
        "rows and columns are swapped: row = the true class, column = the prediction":
            lambda t, p, n: evaluation.confusion_matrix(p, t, n),
        "every (true, predicted) pair was counted once however often it occurs: `cm[t, p] += 1` with arrays "
        "adds 1 once per distinct pair. Use np.add.at, or a loop": once_per_pair,
        "the argument n_classes was ignored: the size came from the largest class seen":
            lambda t, p, n: evaluation.confusion_matrix(t, p),
        "each row was divided by its total (shares); this step asks for counts": shares,
    })


@step
def validation_cm(cm, n_classes, val_index, val_predicted) -> None:
    """The confusion matrix of the validation images: your class numbers (rows) against val_predicted."""
    x_train, y_train, _, y_test = _data()
    n_classes = _n_classes(n_classes)
    val = _as_indices("val_index", val_index, len(x_train))
    predicted = _predictions_problem(val_predicted, len(val), n_classes, "val_predicted")
    cm = _as_array("cm", cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise failure(f"cm has shape {cm.shape}, but a square matrix with one row and column per class was expected.")
    total = int(round(float(cm.sum()))) if np.issubdtype(cm.dtype, np.number) else -1
    if total != len(val):
        splits = {len(y_test): "the test split", len(x_train) - len(val): "the fitting part",
                  len(x_train): "the whole training file"}
        which = splits.get(total, f"{total} images")
        raise failure(f"cm counts {total} images ({which}), but the validation part has {len(val)}: counts of the "
                      "wrong split. Use the validation classes and val_predicted.")
    truth = _classes(y_train[val], n_classes)
    file_labels = np.asarray(y_train[val], dtype=np.int64)
    mistakes = {
        "rows and columns are swapped (row = the true class, column = the prediction)":
            evaluation.confusion_matrix(predicted, truth, n_classes),
    }
    if n_classes == 24:
        size = max(n_classes, int(file_labels.max()) + 1, int(predicted.max()) + 1)
        mistakes[f"the rows are the file labels, not class indices: with n_classes = {n_classes} the letters after "
                 "J are classes 9 … 23, but the file numbers them 10 … 24, so rows K … Y sit one row too low. "
                 "Count the true classes (to_class_index of the labels, as in val_classes)"] = \
            evaluation.confusion_matrix(file_labels, predicted, size)
    expected = evaluation.confusion_matrix(truth, predicted, n_classes)
    small = _small_int_problem(cm, "cm's counts")
    if small:
        raise failure(small)
    if cm.dtype.kind not in "iu" and cm.shape == expected.shape and np.array_equal(cm, expected):
        raise failure(f"cm holds the right counts, but as {cm.dtype} numbers: counts are whole numbers, an integer "
                      "array (your confusion_matrix should start from np.zeros(..., dtype=int)).")
    checks.check_value("cm", cm, expected, mistakes=mistakes)
    print(f"   {n_classes} × {n_classes} counts of the {len(val)} validation images, one row per true class.")


# --- final_inputs, dense_challenge: the open step -------------------------------------------------

@step
def final_inputs(preprocess_final) -> None:
    """``preprocess_final(images)``: raw (N, 28, 28) pixels → the numbers your final model takes, one row each."""
    if not callable(preprocess_final):
        raise failure(f"preprocess_final is {checks.describe(preprocess_final)}, but a function of the raw "
                      "images was expected.")
    images = _data()[0][:6].copy()
    call = f"{checks.function_name(preprocess_final)}(images)"
    given = images.copy()
    got = checks.call_student(preprocess_final, call, (given,))
    if hasattr(got, "__array__") and not isinstance(got, (np.ndarray, list, tuple)):
        got = np.asarray(got)  # a TensorFlow tensor: Keras takes it as well as a NumPy array
    got = _as_array(call, got)
    if not np.array_equal(given, images):
        raise failure(f"{call} changed the images in place: work on a copy (or build a new array).")
    if len(got) != len(images) or got.ndim < 2:
        raise failure(f"{call} has shape {got.shape} for {len(images)} images: one entry (row or image) per image.")
    if got.dtype.kind not in "f":
        raise failure(f"{call} holds {got.dtype} values: a network learns from floating-point inputs of a small "
                      "range (divide with /, not //).")
    if not np.all(np.isfinite(got)):
        raise failure(f"{call} contains NaN or infinity (a division by zero?).")
    if np.abs(got).max() > 50:
        raise failure(f"{call} reaches {np.abs(got).max():.4g}: scale the pixels to a small range (0 … 1, or "
                      "mean 0 and spread 1).")
    again = checks.call_student(preprocess_final, call, (images.copy(),))
    if not np.allclose(np.asarray(again), got):
        raise failure(f"{call} gives different numbers on each call: keep randomness (augmentation) inside the model, "
                      "where Keras applies it only in training.")
    part = np.asarray(checks.call_student(preprocess_final, call, (images[:3].copy(),)))
    if part.shape != got[:3].shape or not np.allclose(part, got[:3], rtol=1e-4, atol=1e-5):
        raise failure(f"{call} gives the first 3 images other numbers when they come alone than in a batch of "
                      f"{len(images)}: it uses statistics of the batch (a mean or spread over all the images it is "
                      "given), not of each image or of the training set. Then the test images would be scaled "
                      "differently from the validation images: take the mean and spread of each image (axis=1), "
                      "or fixed numbers.")
    print(f"✅ preprocess_final: ({len(images)}, 28, 28) pixels → {got.shape} {got.dtype}, "
          f"from {got.min():.3g} to {got.max():.3g}.")


def _leaked_arrays(train_final) -> list[tuple[str, str]]:
    """The notebook arrays of the whole training file or of the test split that ``train_final`` reads."""
    if not callable(train_final):
        return []
    x_train, _, x_test, _ = _data()
    namespace = getattr(train_final, "__globals__", {})
    found = []
    for name in names_called(train_final):
        value = namespace.get(name)
        if isinstance(value, (np.ndarray, list, tuple)) and len(value) in (len(x_train), len(x_test)):
            found.append((name, "test" if len(value) == len(x_test) else "train"))
    return found


def _fit_rows(val: np.ndarray, size: int = 4000) -> np.ndarray:
    """Up to ``size`` rows of the fitting part (the rows outside ``val``), evenly spread."""
    fit = np.setdiff1d(np.arange(len(_data()[0])), val)
    return fit[np.linspace(0, len(fit) - 1, min(size, len(fit))).astype(int)]


def _scores(model, x) -> np.ndarray:
    """The model's class probabilities for ``x`` (softmax applied to raw scores), batch by batch."""
    scores = np.concatenate([np.asarray(model(x[i:i + 2048], training=False), dtype=np.float64)
                             for i in range(0, len(x), 2048)])
    if _output_activation(model) != "softmax":
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        scores /= scores.sum(axis=1, keepdims=True)
    return scores


def _accuracy_and_loss(model, x, classes) -> tuple[float, float]:
    scores = _scores(model, np.asarray(x, dtype=np.float32))
    picked = np.clip(scores[np.arange(len(classes)), classes], 1e-7, 1.0)
    return float(np.mean(scores.argmax(axis=1) == classes)), float(-np.mean(np.log(picked)))


def _other_inputs(images) -> dict[str, np.ndarray]:
    """The usual ways to make inputs, to find the one a model was trained on."""
    x = np.asarray(images, dtype=np.float32).reshape(len(images), -1)
    centred = x - x.mean(axis=1, keepdims=True)
    spread = centred.std(axis=1, keepdims=True)
    return {"pixels / 255": x / 255, "each image standardised (its own mean and spread)":
            centred / np.where(spread > 0, spread, 1), "the raw pixels 0 … 255": x,
            "pixels / 255 · 2 − 1 (−1 … 1)": x / 127.5 - 1}


def _mismatch_problem(model, preprocess_final, val: np.ndarray, n_classes: int) -> str | None:
    """Why the model's inputs differ from those it was trained on (it fails its own fitting rows); None if not."""
    x_train, y_train = _data()[0], _data()[1]
    rows = _fit_rows(val, 2000)
    truth = _classes(y_train[rows], n_classes)
    try:
        given = np.asarray(preprocess_final(x_train[rows].copy()))
        own = _accuracy_and_loss(model, given, truth)[0]
    except Exception:  # the check's other steps explain a function or a model that fails
        return None
    if own >= 0.8:
        return None
    for way, x in _other_inputs(x_train[rows]).items():
        try:
            other = _accuracy_and_loss(model, x.reshape(given.shape), truth)[0]
        except Exception:  # a shape this model does not take
            continue
        if other >= 0.8 and other > own + 0.2:
            return (f"final_model was trained on other inputs than preprocess_final makes: on its own fitting rows "
                    f"it scores {own:.0%} with preprocess_final's inputs but {other:.0%} with {way}. Make the "
                    "inputs of training, validation and test with the same function (train_final calls "
                    "preprocess_final).")
    return None


def _leak_problem(model, x_val, truth, val: np.ndarray, preprocess_final, n_classes: int,
                  accuracy: float) -> str | None:
    """Why the model has learnt the validation rows (as good on them as on its fitting rows); None if not."""
    if accuracy < 0.99:
        return None
    x_train, y_train = _data()[0], _data()[1]
    rows = _fit_rows(val)
    try:
        fit_accuracy, fit_loss = _accuracy_and_loss(model, np.asarray(preprocess_final(x_train[rows].copy())),
                                                    _classes(y_train[rows], n_classes))
        val_loss = _accuracy_and_loss(model, x_val, truth)[1]
    except Exception:  # the check's other steps explain a function or a model that fails
        return None
    if val_loss > 3 * fit_loss + 0.01 or accuracy < fit_accuracy - 0.005:
        return None
    return (f"final_model knows the validation photos as well as its training photos (accuracy {accuracy:.1%} vs "
            f"{fit_accuracy:.1%}, cross-entropy {val_loss:.2g} vs {fit_loss:.2g}): it was trained on the validation "
            "rows too (the whole x_train?). A model scores high on photos it has learnt, so validation no longer "
            "measures new photos: train on fit_images and fit_labels only.")


@step
def dense_challenge(final_model, preprocess_final, val_index, n_classes, train_final=None) -> None:
    """Any dense Keras model with validation accuracy ≥ 90 % on your honest validation split."""
    n_classes = _n_classes(n_classes)
    rows = np.arange(len(_data()[0]))
    problem = _split_problem(val_index=val_index,
                             fit_index=np.setdiff1d(rows, _as_indices("val_index", val_index, len(rows))))
    if problem:
        raise failure(f"val_index is not an honest validation part: {problem}")
    val = _as_indices("val_index", val_index, len(_data()[0]))
    if not callable(preprocess_final):
        raise failure(f"preprocess_final is {checks.describe(preprocess_final)}, but the function that turns raw "
                      "images into the model's inputs was expected.")
    for name, which in _leaked_arrays(train_final)[:1]:
        raise failure(f"train_final reads the notebook's `{name}`, " + (
            "the test split: the test photos are the final exam, looked at once at the very end, never trained "
            "or tuned on." if which == "test" else
            f"which holds all {len(_data()[0])} training images, the validation rows included: a model that has "
            "learnt the validation photos scores high on them, so validation no longer measures new photos.")
            + " Train on its arguments, fit_images and fit_labels (validation: val_images, val_labels).")
    x_val = checks.call_student(preprocess_final, "preprocess_final(images)", (_data()[0][val].copy(),))
    x_val = np.asarray(x_val)
    problem = _model_problem(final_model, n_classes, tuple(x_val.shape[1:]), compiled=False, hidden=False)
    if problem:
        raise failure(problem)
    activation = _output_activation(final_model)
    logits = getattr(final_model, "compiled", False) and _loss(final_model)[1]
    if activation not in ("softmax", "linear") or (activation == "linear" and not logits):
        what = "sigmoid" if activation == "sigmoid" else f"{activation} (no softmax)"
        raise failure(f"the output activation is {what}: class probabilities need softmax at the end "
                      "(or raw scores with a loss that has from_logits=True).")
    truth = _classes(_data()[1][val], n_classes)
    accuracy = float(np.mean(_predict(final_model, x_val.astype(np.float32)) == truth))
    report = f"{describe_model(final_model)}; validation accuracy {accuracy:.2%}"
    leak = _leak_problem(final_model, x_val, truth, val, preprocess_final, n_classes, accuracy)
    if leak:
        raise failure(leak)
    if accuracy < TARGET:
        iterations = getattr(getattr(final_model, "optimizer", None), "iterations", None)
        try:
            trained = iterations is None or int(np.asarray(iterations)) > 0
        except (TypeError, ValueError):
            trained = True
        if trained:
            mismatch = _mismatch_problem(final_model, preprocess_final, val, n_classes)
            if mismatch:
                raise failure(mismatch)
        if not trained or accuracy < 2 / n_classes:
            raise failure(f"final_model ({report}) predicts little better than chance (1 in {n_classes} is "
                          f"{1 / n_classes:.0%})" + ("" if trained else " and has not been trained yet") +
                          ": train it (final_model.fit) on inputs made by preprocess_final and the one-hot labels "
                          "of the same rows.")
        raise failure(f"final_model ({report}) is below the mark of {TARGET:.0%}. Compare its training and "
                      "validation curves (final_history): if it fits its training images far better, close that "
                      "gap — what makes a photo of a new hand differ from the ones the network has seen? If "
                      "both are low, it needs more capacity or training.")
    print(f"✅ final_model: {report} — the mark is {TARGET:.0%}.")


def report_range(name: str, value, low: float, high: float = 1.0, *, mark: float | None = None) -> None:
    """A number of the student's final model, reported: ✅ inside the reference solution's range, else ℹ️.

    Only the reference solution is expected to land in ``[low, high]`` (its notebook is compared
    line by line); any model that met the open step's ``mark`` is reported, not warned about.
    """
    met = "" if mark is None else ("; it meets the mark of {mark:.0%}" if _as_number(value) >= mark else
                                   "; below the mark of {mark:.0%}").format(mark=mark)
    _range_line(name, value, low, high, f"ℹ️ {{name}} is {{value:.2%}}{met} (the reference solution's lies "
                                        f"between {low:.0%} and {high:.0%}).")


def _as_number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def _range_line(name: str, value, low: float, high: float, outside: str) -> None:
    """✅ when ``value`` lies in ``[low, high]``, else the ``outside`` line (``{name}``, ``{value}`` filled in)."""
    number = _as_number(value)
    if np.isnan(number) and not isinstance(value, (float, np.floating)):
        print(f"⚠️ {name} is {checks.describe(value)}, not a number.")
    elif np.isfinite(number) and low <= number <= high:
        print(f"✅ {name} is between {low:.0%} and {high:.0%}.")
    else:
        print(outside.format(name=name, value=number))
