"""Exercise 08's data helpers (letters, pictures, near copies, Keras errors) and the exercise as a student meets it.

Fast: small slices of the real data (read through COURSE_DATA_DIR) or synthetic arrays. The steps'
checks and their catalogue of mistakes are in tests/test_mistakes_08_sign_language.py.
"""

import re
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError  # noqa: E402

from course_lib import (  # noqa: E402
    checks,
    data,
    evaluation,
    sign_language as sl,  # noqa: E402
)
from tools import notebooks  # noqa: E402

EXERCISE = notebooks.ROOT / "exercises" / "08_sign_language.ipynb"


@pytest.fixture(scope="module")
def sign_data():
    return data.load_sign_language_mnist()


@pytest.fixture(scope="module")
def small(sign_data):
    """The first 1,500 training images and labels: every letter, several groups of copies."""
    (x_train, y_train), _ = sign_data
    return x_train[:1500], y_train[:1500]


@pytest.fixture(scope="module")
def two_letters(sign_data):
    """All training images of A and B: many groups of near copies (about 21 images each)."""
    (x_train, y_train), _ = sign_data
    keep = y_train <= 1
    return x_train[keep], y_train[keep]


def renumber(labels):
    labels = np.asarray(labels)
    return labels - (labels > 9)


# --- Letters -----------------------------------------------------------------------------------------

def test_letters_and_class_letters(sign_data):
    (_, y_train), _ = sign_data
    assert [sl.letter_of(k) for k in (0, 8, 10, 24)] == ["A", "I", "K", "Y"]
    assert "".join(sl.class_letters(24)) == "ABCDEFGHIKLMNOPQRSTUVWXY"
    assert sl.class_letters(25)[9] == "J" and len(sl.class_letters(25)) == 25
    labels = np.unique(y_train)
    assert [sl.class_letters(24)[c] for c in renumber(labels)] == [sl.letter_of(k) for k in labels]
    with pytest.raises(ValueError):
        sl.class_letters(26)


def test_the_library_holds_no_answer_to_a_step():
    answers = {"to_class_index", "missing_labels", "flatten_and_scale", "standardise_images", "group_split",
               "random_split", "dense_model", "shift_augmentation", "with_augmentation", "compile_model",
               "cosine_adam", "train", "predict_classes", "show_letters", "draw_letters", "check_model"}
    assert answers.isdisjoint(vars(sl))


# --- Pictures ----------------------------------------------------------------------------------------

def test_show_images_shows_titled_images_and_returns_the_titles(small):
    x, _ = small
    assert sl.show_images(x[:3], ["a", "b", "c"], ncols=3) == "a  b  c"
    fig = plt.gcf()
    assert [ax.get_title() for ax in fig.axes if ax.images] == ["a", "b", "c"]
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), x[0])
    plt.close("all")


def test_draw_confusions_shows_the_images_behind_each_mix_up(small):
    x, y = small
    classes = renumber(y)
    predicted = classes.copy()
    predicted[classes == 0] = 1  # every A seen as B
    names = sl.class_letters(24)
    cm = evaluation.confusion_matrix(classes, predicted, 24)
    pairs = evaluation.most_confused(cm, names, top=1)
    fig = Figure()
    summary = sl.draw_confusions(fig, x, classes, predicted, pairs, names, reference_images=x,
                                 reference_classes=classes, per_pair=3)
    assert summary == f"A → B: {int(np.sum(classes == 0))} times"
    assert [ax.get_title() for ax in fig.axes if ax.images] == ["A seen as B"] * 3 + ["a real B"]

    groups = np.arange(len(x)) // 2  # pretend every two images are copies of one photo
    groups[classes == 0] = 7  # all the A's: one photo
    fig = Figure()
    summary = sl.draw_confusions(fig, x, classes, predicted, pairs, names, groups=groups)
    assert summary == f"A → B: {int(np.sum(classes == 0))} times (1 different photo)"
    assert [ax.get_title() for ax in fig.axes if ax.images] == ["A seen as B"]


# --- Near copies ---------------------------------------------------------------------------------------

def test_near_duplicate_groups_link_copies_and_never_mix_letters(two_letters):
    x, y = two_letters
    groups = sl.near_duplicate_groups(x, y)
    assert groups.shape == (len(x),)
    assert len(x) // 40 <= groups.max() + 1 <= len(x) // 10  # copies are grouped: far fewer groups than images
    for g in np.unique(groups):
        assert len(np.unique(y[groups == g])) == 1
    similarity = sl.nearest_similarity(x[groups == groups[0]][:1], x[groups != groups[0]])
    assert similarity[0] <= 0.98


def test_connected_components_follow_chains():
    components = sl._connected_components(6, np.array([0, 1, 4]), np.array([1, 2, 5]))
    np.testing.assert_array_equal(components, [0, 0, 0, 1, 2, 2])


def test_a_random_split_leaks_copies_and_a_group_split_does_not(two_letters):
    x, y = two_letters
    groups = sl.near_duplicate_groups(x, y)
    rng = np.random.default_rng(0)
    order = rng.permutation(len(x))
    random_val, random_fit = order[:len(x) // 5], order[len(x) // 5:]
    is_val = np.isin(groups, rng.permutation(np.unique(groups))[:len(np.unique(groups)) // 5])
    assert np.median(sl.nearest_similarity(x[random_val], x[random_fit])) > 0.98
    assert np.mean(sl.nearest_similarity(x[is_val], x[~is_val]) > 0.98) < 0.05


def test_nearest_similarity_is_one_for_a_copy_in_other_lighting():
    images = np.random.default_rng(0).integers(0, 200, size=(4, 28, 28))
    brighter = images[:1] * 1.2 + 30
    assert sl.nearest_similarity(brighter, images)[0] == pytest.approx(1.0, abs=1e-5)


# --- Keras's errors, in one sentence -------------------------------------------------------------------

keras = pytest.importorskip("keras")
layers = keras.layers


def test_importing_the_library_does_not_import_tensorflow():
    code = ("import sys, course_lib.sign_language, course_lib.evaluation, course_lib.exercises.sign_language; "
            "print('tensorflow' in sys.modules, 'keras' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False False"


def keras_error(call):
    with pytest.raises(ValueError) as info:
        call()
    return info.value


def _model(inputs=(784,), units=24, loss="categorical_crossentropy"):
    model = keras.Sequential([keras.Input(shape=inputs), layers.Dense(8, activation="relu"),
                              layers.Dense(units, activation="softmax")])
    model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    return model


def test_keras_shape_errors_are_explained_in_one_sentence():
    x = np.random.default_rng(0).random((48, 784)).astype("float32")
    classes = np.arange(48) % 24
    notes = {
        "integer labels": keras_error(lambda: _model().fit(x, classes, epochs=1, verbose=0)),
        "columns": keras_error(lambda: _model().fit(x, np.eye(25)[classes], epochs=1, verbose=0)),
        "rows": keras_error(lambda: _model().fit(x, np.eye(24)[classes][:40], epochs=1, verbose=0)),
        "images": keras_error(lambda: _model().fit(x.reshape(48, 28, 28), np.eye(24)[classes], epochs=1, verbose=0)),
        "unflattened model": keras_error(lambda: _model((28, 28)).fit(x.reshape(48, 28, 28), np.eye(24)[classes],
                                                                      epochs=1, verbose=0)),
        "standardised images": keras_error(lambda: _model().fit(x.reshape(48, 28, 28, 1), np.eye(24)[classes],
                                                                epochs=1, verbose=0)),
        "sparse loss": keras_error(lambda: _model(loss="sparse_categorical_crossentropy").fit(
            x, np.eye(24)[classes], epochs=1, verbose=0)),
    }
    notes = {what: sl.explain_keras_error(error) for what, error in notes.items()}
    assert notes["integer labels"].startswith("❌ the labels are one whole number per image, but the model "
                                              "outputs 24 probabilities")
    assert notes["columns"] == ("❌ the one-hot labels have 25 columns but the model has 24 outputs: "
                                "both must be n_classes.")
    assert notes["rows"].startswith("❌ x has 48 rows but y has 40")
    assert notes["images"].startswith("❌ the model takes rows of 784 numbers, but it was given arrays of shape "
                                      "(…, 28, 28)")
    # the note says what the shapes are, without guessing what the inputs were (raw or standardised)
    assert notes["standardised images"].startswith("❌ the model takes rows of 784 numbers, but it was given "
                                                   "arrays of shape (…, 28, 28, 1)")
    assert "raw" not in notes["standardised images"]
    assert notes["unflattened model"].startswith("❌ the model outputs a row of 24 for every row of 28 pixels")
    assert notes["sparse loss"].startswith("❌ the loss is a sparse one")
    assert all(len(note.splitlines()) == 1 for note in notes.values())
    assert sl.explain_keras_error(KeyError("val_acc")).startswith("❌ History.history has no key 'val_acc'")
    assert sl.explain_keras_error(ValueError("something else")) is None
    assert sl.explain_keras_error(KeyError("x_train")) is None


class FakeShell:
    """The two methods of IPython's shell that the notebook handler uses."""

    class InteractiveTB:
        @staticmethod
        def structured_traceback(etype, value, tb, tb_offset=None):
            return ["Traceback (most recent call last):", f"{etype.__name__}: {value}"]

    def __init__(self):
        self.shown = None

    def _showtraceback(self, etype, value, lines):
        self.shown = lines


def test_the_notebook_handler_explains_keras_errors_and_keeps_other_tracebacks():
    shell = FakeShell()
    explainers = [(ValueError, sl.explain_keras_error), (KeyError, sl.explain_keras_error)]
    error = ValueError("Data cardinality is ambiguous. Make sure ...'x' sizes: 10\n'y' sizes: 5\n")
    assert checks._explain_in_notebook(shell, ValueError, error, None, explainers=explainers)[0].startswith(
        "❌ x has 10 rows but y has 5")
    other = checks._explain_in_notebook(shell, KeyError, KeyError("x_train"), None, explainers=explainers)
    assert other[0].startswith("Traceback") and shell.shown == other


# --- The solution's text: prompts, worked solutions -------------------------------------------------------

SOLUTION = notebooks.ROOT / "solutions" / "08_sign_language.py"


def _cells():
    return notebooks.notebook_from_text(SOLUTION.read_text(encoding="utf-8")).cells


def _top_level_names(source: str, kind) -> set[str]:
    import ast

    tree = ast.parse(source)
    if kind is ast.Store:  # names a cell assigns at its top level (not inside a def)
        return {node.id for stmt in tree.body if not isinstance(stmt, (ast.FunctionDef, ast.ClassDef))
                for node in ast.walk(stmt) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


def test_every_name_a_given_cell_needs_from_a_step_is_named_in_a_prompt():
    import ast

    cells = _cells()
    for index, cell in enumerate(cells):
        if cell.cell_type != "code" or "### BEGIN SOLUTION" not in cell.source:
            continue
        made = _top_level_names(cell.source, ast.Store)
        later = set().union(*(_top_level_names(c.source, ast.Load) for c in cells[index + 1:]
                              if c.cell_type == "code" and "### BEGIN SOLUTION" not in c.source))
        prompts = " ".join(c.source for c in cells[:index] if c.cell_type == "markdown")
        unnamed = sorted(name for name in made & later if f"`{name}`" not in prompts)
        assert not unnamed, f"{unnamed}, made in the cell of {cell.source.split('SOLUTION ')[1].split()[0]}"


def test_worked_solutions_hold_no_timing_lines_of_the_given_cells():
    from course_lib.exercises import load_help

    for key, help_ in load_help("08_sign_language").items():
        assert "perf_counter" not in help_["solution"] and "process_time" not in help_["solution"], key


def test_the_split_prompt_asks_for_what_the_check_tests():
    prompt = " ".join(next(c.source for c in _cells() if c.cell_type == "markdown"
                           and "`fit_index` and `val_index`" in c.source).split())
    assert "chosen at random" not in prompt and "not how you picked the groups" in prompt
    assert "not True/False masks" in prompt


# --- The exercise as a student meets it -------------------------------------------------------------------

def run_all(notebook):
    """Execute like Jupyter's Run All: stop at the first error. Returns (cell index, error output)."""
    client = NotebookClient(notebook, kernel_name="python3", timeout=600,
                            resources={"metadata": {"path": str(EXERCISE.parent)}})
    try:
        client.execute()
    except CellExecutionError:
        pass
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                return index, output
    return None, None


def fill(notebook, key: str, code: str):
    """Replace the TODO of step ``key`` by ``code`` (indented like the TODO)."""
    for cell in notebook.cells:
        match = re.search(r"(?m)^( *)# TODO: your code here\. Stuck\? Run ex\." + key + r"\.hint\(\)\n *"
                          r"raise NotImplementedError\(\"step '" + key + r"'\"\)$", cell.source)
        if match:
            body = "\n".join(match.group(1) + line for line in code.splitlines())
            cell.source = cell.source[:match.start()] + body + cell.source[match.end():]
            return
    raise AssertionError(f"no TODO of step {key!r}")


def exercise():
    return nbformat.read(EXERCISE, 4)


def test_an_untouched_exercise_stops_at_step_1_naming_what_to_do():
    notebook = exercise()
    index, error = run_all(notebook)
    first_todo = next(i for i, c in enumerate(notebook.cells)
                      if c.cell_type == "code" and "raise NotImplementedError" in c.source)
    assert index == first_todo and "ex.load.hint()" in notebook.cells[index].source
    assert error.traceback[0] == "⏳ Not finished yet: step 'load'."
    assert "Replace `raise NotImplementedError`" in error.traceback[1] and len(error.traceback) == 2
    assert all(c.get("execution_count") is None for c in notebook.cells[index + 1:] if c.cell_type == "code")


def attempt(*answers):
    """Run the exercise with ``answers`` (step key, code) filled in; the first error, without a traceback."""
    notebook = exercise()
    for key, code in answers:
        fill(notebook, key, code)
    index, error = run_all(notebook)
    assert error is not None, "the wrong answer should stop the notebook"
    text = "\n".join(error.traceback)
    assert "Traceback" not in text and not re.search(r"\x1b\[|File \"", text)
    return notebook.cells[index].source, text


RIGHT = [
    ("load", "(x_train, y_train), (x_test, y_test) = data.load_sign_language_mnist()"),
    ("letter_grid", "fig, axes = plt.subplots(4, 6)\nfor ax, k in zip(axes.ravel(), np.unique(y_train)):\n"
                    "    ax.imshow(x_train[y_train == k][0])\n    ax.set_title(sl.letter_of(k))"),
    ("missing", "missing = [9, 25]"),
    ("n_classes", "n_classes = 25"),
    ("to_class_index", "return np.array(labels, dtype=int)"),
    ("prepare", "return images.reshape(-1, 784) / 255.0"),
    ("one_hot", "return keras.utils.to_categorical(classes, n_classes)"),
    ("split", "val_groups = np.unique(groups)[::7]\nmask = np.isin(groups, val_groups)\n"
              "fit_index, val_index = np.flatnonzero(~mask), np.flatnonzero(mask)\n"
              "x_fit, y_fit, x_val, y_val = x_train_flat[fit_index], y_train_onehot[fit_index], "
              "x_train_flat[val_index], y_train_onehot[val_index]"),
    ("model", "model = keras.Sequential([keras.Input((784,)), layers.Dense(16, activation='relu'), "
              "layers.Dense(n_classes, activation='softmax')])\n"
              "model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])"),
]


def test_right_answers_written_differently_reach_training_and_wrong_ones_are_named():
    # a student's own right answers (25 classes, a strided group split, a small network) pass every
    # check up to training; model.fit given the class numbers stops with one sentence from Keras
    source, text = attempt(*RIGHT, ("fit", "history = model.fit(x_fit, train_classes[fit_index], epochs=1)"))
    assert "ex.fit.hint()" not in source and "model.fit" in source
    assert text.startswith("❌ the labels are one whole number per image")

    # the usual first slips, each named where it happens
    source, text = attempt(*RIGHT[:2], ("missing", "missing = ['J', 'Z']"))
    assert source.startswith("ex.missing.check") and "labels given as letters" in text and "💡 Hint:" in text
    source, text = attempt(*RIGHT[:5], ("prepare", "return images.reshape(len(images), 784) // 255"))
    assert source.startswith("ex.prepare.check") and "integer division // 255" in text
