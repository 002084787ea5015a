"""Exercise 08's helpers and self-checks, and the exercise as a new student meets it.

Fast: small slices of the real data (read through COURSE_DATA_DIR) or synthetic arrays; the only
training is one short epoch on a few hundred images.
"""

import functools
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

from course_lib import checks, data, evaluation  # noqa: E402
from course_lib import sign_language as sl  # noqa: E402
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


def failure(check, *args, **kwargs) -> str:
    with pytest.raises(checks.CheckFailed) as info:
        check(*args, **kwargs)
    message = str(info.value)
    assert message.startswith("❌ ") and "Traceback" not in message
    assert info.value._render_traceback_() == message.splitlines()  # Jupyter shows the message only
    return message


# --- Letters and labels ------------------------------------------------------------------------

def test_letters_and_the_gap(sign_data):
    (_, y_train), (_, y_test) = sign_data
    assert [sl.letter_of(k) for k in (0, 8, 10, 24)] == ["A", "I", "K", "Y"]
    assert sl.missing_labels(y_train) == [9, 25] == sl.missing_labels(y_test)
    assert sl.missing_labels([0, 1, 2]) == list(range(3, 26))


def test_to_class_index_closes_the_gap_at_j():
    labels = np.array([0, 8, 10, 11, 24])
    np.testing.assert_array_equal(sl.to_class_index(labels), [0, 8, 9, 10, 23])
    assert sl.to_class_index(labels).dtype == np.int64
    for bad in ([9], [25], [-1]):
        with pytest.raises(ValueError):
            sl.to_class_index(bad)


def test_class_letters_name_every_class():
    assert "".join(sl.class_letters(24)) == "ABCDEFGHIKLMNOPQRSTUVWXY"
    assert sl.class_letters(25)[9] == "J" and len(sl.class_letters(25)) == 25
    renumbered = sl.to_class_index(np.array([k for k in range(25) if k != 9]))
    assert [sl.class_letters(24)[c] for c in renumbered] == [sl.letter_of(k) for k in range(25) if k != 9]
    with pytest.raises(ValueError):
        sl.class_letters(26)


# --- Looking at the data -------------------------------------------------------------------------

def test_draw_letters_shows_one_named_example_per_letter(small):
    x, y = small
    fig = Figure()
    assert sl.draw_letters(fig, x, y) == "24 letters: ABCDEFGHIKLMNOPQRSTUVWXY"
    titles = [ax.get_title() for ax in fig.axes if ax.images]
    assert len(titles) == 24 and titles[0] == "A (0)" and titles[9] == "K (10)"
    first_a = sl.first_of_each(y)[0]
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), x[first_a])


def test_show_helpers_use_pyplot_and_return_their_summaries(small):
    x, y = small
    plt.close("all")
    assert sl.show_letters(x, y).startswith("24 letters")
    assert sl.show_images(x[:3], ["a", "b", "c"], ncols=3) == "a  b  c"
    plt.close("all")


# --- The honest validation split -------------------------------------------------------------------

def test_near_duplicate_groups_link_copies_and_never_mix_letters(two_letters):
    small = two_letters
    x, y = small
    groups = sl.near_duplicate_groups(x, y)
    assert groups.shape == (len(x),)
    assert len(x) // 40 <= groups.max() + 1 <= len(x) // 10  # copies are grouped: far fewer groups than images
    for g in np.unique(groups):
        assert len(np.unique(y[groups == g])) == 1
    # inside a group images are near copies; across groups no pair is above the threshold
    similarity = sl.nearest_similarity(x[groups == groups[0]][:1], x[groups != groups[0]])
    assert similarity[0] <= 0.98


def test_connected_components_follow_chains():
    components = sl._connected_components(6, np.array([0, 1, 4]), np.array([1, 2, 5]))
    np.testing.assert_array_equal(components, [0, 0, 0, 1, 2, 2])


def test_group_split_keeps_every_group_on_one_side(two_letters):
    small = two_letters
    x, y = small
    groups = sl.near_duplicate_groups(x, y)
    fit, val = sl.group_split(groups, val_fraction=0.2, seed=0)
    assert np.intersect1d(groups[fit], groups[val]).size == 0
    assert np.array_equal(np.sort(np.concatenate([fit, val])), np.arange(len(x)))
    assert 0.1 < len(val) / len(x) < 0.3
    sl.check_split(fit, val, groups)
def test_a_random_split_leaks_copies_and_a_group_split_does_not(two_letters):
    small = two_letters
    x, y = small
    groups = sl.near_duplicate_groups(x, y)
    random_fit, random_val = sl.random_split(len(x), 0.2, seed=0)
    group_fit, group_val = sl.group_split(groups, 0.2, seed=0)
    assert np.median(sl.nearest_similarity(x[random_val], x[random_fit])) > 0.98
    assert np.mean(sl.nearest_similarity(x[group_val], x[group_fit]) > 0.98) < 0.05


def test_nearest_similarity_is_one_for_a_copy_in_other_lighting():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 200, size=(4, 28, 28))
    brighter = images[:1] * 1.2 + 30
    assert sl.nearest_similarity(brighter, images)[0] == pytest.approx(1.0, abs=1e-5)


def test_check_split_explains_leaks_overlaps_and_missing_images():
    groups = np.repeat(np.arange(10), 3)
    fit, val = np.arange(24), np.arange(24, 30)
    assert "groups of near-identical copies have members on both sides" in failure(
        sl.check_split, np.arange(25), np.arange(25, 30), groups)
    assert "in both fit_index and val_index" in failure(sl.check_split, fit, np.arange(23, 30), groups)
    assert "every image goes to one side" in failure(sl.check_split, fit[:-3], val, groups)
    assert "between 5% and 35%" in failure(sl.check_split, np.arange(3), np.arange(3, 30), groups)
    assert "NumPy array" in failure(sl.check_split, list(fit), val, groups)


# --- Preprocessing ---------------------------------------------------------------------------------

def test_flatten_and_scale(small):
    x, _ = small
    flat = sl.flatten_and_scale(x[:3])
    assert flat.shape == (3, 784) and flat.dtype == np.float32
    assert flat.min() >= 0 and flat.max() <= 1
    np.testing.assert_allclose(flat[1].reshape(28, 28) * 255, x[1], atol=1e-3)


def test_standardise_images_gives_each_image_mean_0_and_std_1():
    images = np.random.default_rng(1).integers(0, 256, size=(3, 28, 28)).astype(np.uint8)
    images[2] = 7  # a blank image stays zeros instead of dividing by 0
    x = sl.standardise_images(images)
    assert x.shape == (3, 784) and x.dtype == np.float32
    np.testing.assert_allclose(x[:2].mean(axis=1), 0, atol=1e-5)
    np.testing.assert_allclose(x[:2].std(axis=1), 1, atol=1e-5)
    np.testing.assert_array_equal(x[2], 0)
    dim = (images[:1] // 4 + 50).astype(np.uint8)  # the same photo in other lighting: nearly the same row
    np.testing.assert_allclose(sl.standardise_images(dim), x[:1], atol=0.05)


# --- The self-checks of the first steps ----------------------------------------------------------

def test_check_loaded_passes_the_loader_and_explains_swaps(sign_data, capsys):
    (x_train, y_train), (x_test, y_test) = sign_data
    sl.check_loaded(x_train, y_train, x_test, y_test)
    assert capsys.readouterr().out.startswith("✅ loaded: x_train (27455, 28, 28)")
    assert "are images and labels swapped" in failure(sl.check_loaded, y_train, x_train, x_test, y_test)
    assert "training and test splits swapped" in failure(sl.check_loaded, x_test, y_test, x_train, y_train)
    assert "x_train is None" in failure(sl.check_loaded, None, y_train, x_test, y_test)


def test_check_missing_wants_j_and_z(small):
    _, y = small
    sl.check_missing([9, 25], y) and sl.check_missing(np.array([25, 9]), y)
    message = failure(sl.check_missing, [9], y)
    assert "9 (J), 25 (Z)" in message and "count up to 25" in message
    assert "do occur" in failure(sl.check_missing, [0, 9, 25], y)
    assert "a list of labels" in failure(sl.check_missing, 9, y)


def renumber(labels):
    return np.asarray(labels) - (np.asarray(labels) > 9)


def test_check_class_indices_accepts_both_treatments(capsys):
    sl.check_class_indices(renumber, 24)
    sl.check_class_indices(lambda labels: np.asarray(labels), 25)
    out = capsys.readouterr().out
    assert "✅ 24 classes: A = 0, I = 8, K = 9, Y = 23" in out
    assert "(J is class 9 and never used)" in out


@pytest.mark.parametrize("func, n_classes, words", [
    (renumber, 26, "n_classes is 26, but the data have 24 letters"),
    (renumber, 24.0, "a whole number was expected"),
    (lambda labels: np.asarray(labels), 24, "label 24 (Y) has no output unit"),
    (renumber, 25, "n_classes should be 24, not 25"),
    (lambda labels: None, 24, "did a function forget its `return`"),
    (lambda labels: list(labels), 24, "a NumPy array was expected"),
    (lambda labels: renumber(labels) / 1, 24, "class indices are whole numbers"),
    (lambda labels: np.asarray(labels) - 1, 24, "label 0 (A) becomes class -1"),
    (lambda labels: labels["x"], 24, "stopped with IndexError"),
])
def test_check_class_indices_explains_each_slip(func, n_classes, words):
    message = failure(sl.check_class_indices, func, n_classes)
    assert words in message and "💡 Hint:" in message


def test_an_unfinished_function_is_a_step_to_do():
    def to_class_index(labels):
        raise NotImplementedError

    with pytest.raises(checks.StepNotFinished, match="to_class_index is not written yet"):
        sl.check_class_indices(to_class_index, 24)
    with pytest.raises(checks.StepNotFinished, match="to_class_index is not written yet"):
        sl.check_prepare(to_class_index, np.zeros((2, 28, 28), np.uint8))
    with pytest.raises(checks.StepNotFinished):
        sl.check_standardise(to_class_index)


@pytest.mark.parametrize("func, words", [
    (lambda im: im / 255, "still has shape (5, 28, 28)"),
    (lambda im: im.reshape(-1) / 255, "but (5, 784) was expected: one row per image"),
    (lambda im: im.reshape(len(im), 784) // 255, "Divide by 255"),
    (lambda im: im.reshape(len(im), 784).astype(float), "goes up to"),
    (lambda im: im.reshape(len(im), 784) / 255 - 0.5, "differs from pixels / 255"),
    (lambda im: None, "forget its `return`"),
])
def test_check_prepare_explains_shapes_and_scaling(small, func, words):
    x, _ = small
    assert words in failure(sl.check_prepare, func, x)


def test_check_prepare_passes_float32_and_float64(small):
    x, _ = small
    sl.check_prepare(lambda im: im.reshape(len(im), 784) / 255, x)
    sl.check_prepare(sl.flatten_and_scale, x)
def test_check_onehot_passes_a_right_encoding(capsys):
    classes = np.array([0, 3, 23, 9])
    y = np.eye(24)[classes]
    sl.check_onehot(y, 24, classes)
    assert capsys.readouterr().out == "✅ y is one-hot: shape (4, 24), a single 1 per row.\n"


@pytest.mark.parametrize("y, words", [
    (np.array([0, 3, 23, 9]), "integer-label format"),
    (np.eye(25)[[0, 3, 23, 9]], "has 25 columns, but n_classes = 24"),
    (np.eye(24)[[0, 3, 23]], "has 3 rows, but there are 4 labels"),
    (np.eye(24)[[0, 3, 23, 9]] * 2, "values other than 0 and 1"),
    (np.eye(24)[[0, 3, 23, 9]] + np.eye(24)[[1, 1, 1, 1]], "row 0 of y has 2 ones"),
    (np.eye(24)[[0, 3, 23, 10]], "row 3 of y has its 1 in column 10, but that image is class 9"),
    (np.zeros((4, 24, 1)), "but (4, 24) was expected"),
    ([[1, 0]], "NumPy array"),
])
def test_check_onehot_explains_shapes_and_encodings(y, words):
    message = failure(sl.check_onehot, y, 24, np.array([0, 3, 23, 9]))
    assert words in message and "to_categorical" in message


# --- Models (Keras) ---------------------------------------------------------------------------------

keras = pytest.importorskip("keras")
layers = keras.layers


def compiled(model, loss="categorical_crossentropy", metrics=("accuracy",)):
    model.compile(optimizer="adam", loss=loss, metrics=list(metrics))
    return model


def test_importing_the_lesson_modules_does_not_import_tensorflow():
    code = ("import sys, course_lib.sign_language, course_lib.evaluation; "
            "print('tensorflow' in sys.modules, 'keras' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False False"


def test_dense_model_builds_the_described_network():
    model = sl.dense_model(24, (512, 512))
    assert sl.describe_model(model) == "784 → 512 → 512 → 24, 676,888 parameters"
    augmented = sl.dense_model(24, (256, 256), dropout=0.2, batch_norm=True, augmentation=sl.shift_augmentation())
    names = sl._layer_names(augmented)
    assert names[:4] == ["Reshape", "RandomTranslation", "Flatten", "Dense"]
    assert names.count("Dropout") == 2 and names.count("BatchNormalization") == 2
    sl.check_model(sl.compile_model(augmented), 24, augmented=True, needs=("Dropout",))
def test_check_model_passes_the_slides_network(capsys):
    model = compiled(sl.dense_model(24))
    sl.check_model(model, 24)
    assert capsys.readouterr().out == ("✅ model: 784 → 512 → 512 → 24, 676,888 parameters, "
                                       "compiled for one-hot labels.\n")


def _model(*hidden, units=24, activation="softmax", input_shape=(784,)):
    return keras.Sequential([keras.Input(shape=input_shape), *hidden, layers.Dense(units, activation=activation)])


@pytest.mark.parametrize("make, words", [
    (lambda: compiled(_model(units=25)), "the last layer needs 24 units"),
    (lambda: compiled(_model(activation="relu")), "activation is relu, but multi-class outputs need softmax"),
    (lambda: compiled(_model(input_shape=(28, 28))), "keras.Input(shape=(784,))"),
    (lambda: _model(), "not compiled yet"),
    (lambda: compiled(_model(), loss="sparse_categorical_crossentropy"), "expects integer labels"),
    (lambda: compiled(_model(), loss="mse"), "the loss is mse"),
    (lambda: compiled(_model(), metrics=()), "does not report accuracy"),
    (lambda: compiled(_model(layers.Reshape((28, 28, 1)), layers.Conv2D(4, 3), layers.Flatten())), "dense networks"),
    (lambda: keras.Sequential([layers.Dense(24, activation="softmax")]), "does not know its input size"),
    (lambda: "model", "a Keras model was expected"),
    (lambda: None, "model is None"),
])
def test_check_model_explains_each_slip(make, words):
    assert words in failure(sl.check_model, make(), 24)


def test_check_model_asks_for_what_the_step_needs():
    model = compiled(_model(layers.Dense(32, activation="relu")))
    assert "asks for Dropout layers" in failure(sl.check_model, model, 24, needs=("Dropout",))
    assert "no augmentation layers" in failure(sl.check_model, model, 24, augmented=True)


def test_train_records_validation_and_check_history_reads_it(small):
    x, y = small
    classes = sl.to_class_index(y[:600])
    x_flat, y_onehot = sl.standardise_images(x[:600]), keras.utils.to_categorical(classes, 24)
    model = sl.compile_model(sl.dense_model(24, (32,)))
    history, seconds = sl.train(model, (x_flat[:500], y_onehot[:500]), (x_flat[500:], y_onehot[500:]),
                                epochs=2, batch_size=128, progress=False)
    assert seconds > 0
    sl.check_history(history, 2)
    assert set(history.history) >= {"accuracy", "val_accuracy", "loss", "val_loss"}
    predicted = sl.predict_classes(model, x_flat[500:])
    sl.check_predictions(predicted, 100, 24)
    assert "EPOCHS = 3" in failure(sl.check_history, history, 3)
    no_val = {"accuracy": [0.5], "loss": [1.0]}
    assert "pass validation_data" in failure(sl.check_history, no_val, 1)
    assert "keep what model.fit returns" in failure(sl.check_history, None, 1)


def test_check_predictions_explains_probabilities_and_ranges():
    assert "probabilities of every class" in failure(sl.check_predictions, np.zeros((5, 24)), 5, 24)
    assert "shape (5,), was expected" in failure(sl.check_predictions, np.zeros(4, int), 5, 24)
    assert "whole numbers" in failure(sl.check_predictions, np.zeros(5), 5, 24)
    assert "outside 0 … 23" in failure(sl.check_predictions, np.array([0, 1, 2, 3, 24]), 5, 24)


def test_check_diagnosis():
    sl.check_diagnosis("Overfitting ")
    assert "cannot even fit the training data" in failure(sl.check_diagnosis, "underfitting")
    assert "gap is large" in failure(sl.check_diagnosis, "a good fit")
    assert "not one of the choices" in failure(sl.check_diagnosis, "maybe")


def test_check_standardise_explains_the_axis():
    def whole_array(images):
        x = images.reshape(len(images), 784).astype("float32")
        return (x - x.mean()) / x.std()

    assert "each image should have mean 0" in failure(sl.check_standardise, whole_array)
    assert "(3, 784) was expected" in failure(sl.check_standardise, lambda im: im.astype(float))
    sl.check_standardise(sl.standardise_images)
def test_check_optimizer():
    schedule = keras.optimizers.schedules.CosineDecay(0.002, decay_steps=100)
    sl.check_optimizer(keras.optimizers.Adam(schedule), 100)
    sl.check_optimizer(sl.cosine_adam(0.001, 100), 100)
    assert "a fixed number" in failure(sl.check_optimizer, keras.optimizers.Adam(0.002), 100)
    assert "keeps Adam" in failure(sl.check_optimizer, keras.optimizers.SGD(schedule), 100)
    assert "decay_steps = TOTAL_STEPS" in failure(sl.check_optimizer, sl.cosine_adam(0.002, 1000), 100)
    assert "starts at 0.1" in failure(sl.check_optimizer, sl.cosine_adam(0.1, 100), 100)
    assert "Keras optimizer object" in failure(sl.check_optimizer, "adam", 100)


def test_shift_augmentation_moves_images_only_in_training(small):
    x, _ = small
    rows = sl.standardise_images(x[:8])
    augmentation = sl.shift_augmentation(seed=1)
    sl.check_augmentation(augmentation, rows)
    assert "unchanged" in failure(sl.check_augmentation, keras.Sequential([keras.Input((784,)), layers.Identity()]), rows)
    reshaped = keras.Sequential([keras.Input((784,)), layers.Reshape((28, 28, 1)), layers.RandomTranslation(0.1, 0.1)])
    assert "Flatten back to 784" in failure(sl.check_augmentation, reshaped, rows)
    noisy = keras.Sequential([keras.Input((784,)), layers.Lambda(lambda t: t + 1.0)])
    assert "even outside training" in failure(sl.check_augmentation, noisy, rows)
    assert "a Keras layer or model" in failure(sl.check_augmentation, None, rows)


def test_check_range_prints_the_range_not_the_value(capsys):
    sl.check_range("test accuracy", 0.9712, 0.95)
    assert capsys.readouterr().out == "✅ test accuracy is between 95% and 100%.\n"
    assert "test accuracy is 93.10%, below the expected range 95% … 100%" in failure(
        sl.check_range, "test accuracy", 0.931, 0.95)
    assert "above" in failure(sl.check_range, "x", 0.99, 0.5, 0.9)
    assert "nan" in failure(sl.check_range, "x", float("nan"), 0.5)


def test_draw_confusions_shows_the_images_behind_each_mix_up(small):
    x, y = small
    classes = sl.to_class_index(y)
    predicted = classes.copy()
    predicted[classes == 0] = 1  # every A seen as B
    names = sl.class_letters(24)
    cm = evaluation.confusion_matrix(classes, predicted, 24)
    pairs = evaluation.most_confused(cm, names, top=1)
    fig = Figure()
    summary = sl.draw_confusions(fig, x, classes, predicted, pairs, names, reference_images=x,
                                 reference_classes=classes, per_pair=3)
    assert summary == f"A → B: {int(np.sum(classes == 0))} times"
    titles = [ax.get_title() for ax in fig.axes if ax.images]
    assert titles == ["A seen as B"] * 3 + ["a real B"]

    groups = np.arange(len(x)) // 2  # pretend every two images are copies of one photo
    groups[classes == 0] = 7  # all the A's: one photo
    fig = Figure()
    summary = sl.draw_confusions(fig, x, classes, predicted, pairs, names, groups=groups)
    assert summary == f"A → B: {int(np.sum(classes == 0))} times (1 different photo)"
    assert [ax.get_title() for ax in fig.axes if ax.images] == ["A seen as B"]


def keras_error(call):
    with pytest.raises(ValueError) as info:
        call()
    return info.value


def test_keras_shape_errors_are_explained_in_plain_words():
    model = compiled(_model(layers.Dense(8, activation="relu")))
    x = np.random.default_rng(0).random((48, 784)).astype("float32")
    classes = np.arange(48) % 24
    integer_labels = keras_error(lambda: model.fit(x, classes, epochs=1, verbose=0))
    assert sl.explain_keras_error(integer_labels) == (
        "❌ the labels are one whole number per image, but the model outputs 24 probabilities per image and "
        "its loss (categorical_crossentropy) compares them with one-hot rows.\n"
        "💡 Hint: pass the one-hot labels (y_fit, y_val), not the class numbers.")
    columns = keras_error(lambda: model.fit(x, np.eye(25)[classes], epochs=1, verbose=0))
    assert sl.explain_keras_error(columns).startswith("❌ the one-hot labels have 25 columns, but the model has 24")
    rows = keras_error(lambda: model.fit(x, np.eye(24)[classes][:40], epochs=1, verbose=0))
    assert sl.explain_keras_error(rows).startswith("❌ x has 48 rows but y has 40")
    images = keras_error(lambda: model.predict(x.reshape(48, 28, 28), verbose=0))
    assert sl.explain_keras_error(images).startswith("❌ the model takes rows of 784 numbers, but it was given "
                                                     "arrays of shape (…, 28, 28)")
    assert sl.explain_keras_error(ValueError("something else")) is None


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
    error = ValueError("Data cardinality is ambiguous. Make sure ...'x' sizes: 10\n'y' sizes: 5\n")
    handle = functools.partial(checks._explain_in_notebook, explainers={ValueError: sl.explain_keras_error})
    assert handle(shell, ValueError, error, None)[0] == "❌ x has 10 rows but y has 5: images and " \
        "labels must come from the same part of the data."
    other = handle(shell, ValueError, ValueError("math domain error"), None)
    assert other[0].startswith("Traceback") and shell.shown == other


# --- The exercise as a student meets it ---------------------------------------------------------------

def run_all(notebook, stop_at_first_error=True):
    """Execute like Jupyter's Run All: stop at the first error. Returns the first error output."""
    client = NotebookClient(notebook, kernel_name="python3", timeout=600, allow_errors=not stop_at_first_error,
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


def fill(notebook, prompt_start: str, code: str):
    """Replace the TODO of the cell whose prompt starts with ``prompt_start`` by ``code``."""
    for cell in notebook.cells:
        match = re.search(r"(?m)^( *)# TODO: " + re.escape(prompt_start) + r".*\n *raise NotImplementedError\(.*\)$",
                          cell.source)
        if match:
            indent = match.group(1)
            body = "\n".join(indent + line for line in code.splitlines())
            cell.source = cell.source[:match.start()] + body + cell.source[match.end():]
            return
    raise AssertionError(f"no TODO starting with {prompt_start!r}")


def exercise():
    return nbformat.read(EXERCISE, 4)


def test_an_untouched_exercise_stops_at_step_1_naming_what_to_do():
    notebook = exercise()
    index, error = run_all(notebook)
    first_todo = next(i for i, c in enumerate(notebook.cells) if "raise NotImplementedError" in c.source)
    assert index == first_todo
    assert error.traceback[0] == ("⏳ Not finished yet: load the four arrays with "
                                  "data.load_sign_language_mnist().")
    assert "Replace `raise NotImplementedError`" in error.traceback[1]
    assert len(error.traceback) == 2
    # Run All stopped there: no later cell ran
    assert all(c.get("execution_count") is None for c in notebook.cells[index + 1:] if c.cell_type == "code")


def test_first_steps_done_wrong_get_a_friendly_explanation_and_no_traceback():
    loaded = "(x_train, y_train), (x_test, y_test) = data.load_sign_language_mnist()"
    missing = "missing = [9, 25]"
    classes = "n_classes = 24"
    renumber = "labels = np.asarray(labels)\nreturn labels - (labels > 9)"
    prepare_ok = "return images.reshape(len(images), 784) / 255"

    def attempt(*answers):
        notebook = exercise()
        for prompt, code in answers:
            fill(notebook, prompt, code)
        index, error = run_all(notebook)
        assert error is not None, "the wrong answer should stop the notebook"
        text = "\n".join(error.traceback)
        assert "Traceback" not in text and not re.search(r"\x1b\[|File \"", text)
        return notebook.cells[index].source, text

    start = [("load", loaded), ("missing", missing), ("n_classes", classes), ("renumber", renumber)]

    # Step 1: only J found missing
    source, text = attempt(("load", loaded), ("missing", "missing = [9]"))
    assert source.startswith("sl.check_missing") and text.startswith("❌ missing is [9]")
    assert "💡 Hint:" in text

    # Step 2: 24 classes but the labels left unchanged
    source, text = attempt(*start[:3], ("renumber", "return np.asarray(labels)"))
    assert source.startswith("sl.check_class_indices")
    assert "label 24 (Y) has no output unit" in text and "💡 Hint:" in text

    # Step 3: images not flattened
    source, text = attempt(*start, ("reshape", "return images / 255"))
    assert source.startswith("sl.check_prepare") and "still has shape (5, 28, 28)" in text

    # Step 3: labels not one-hot (the class numbers themselves)
    source, text = attempt(*start, ("reshape", prepare_ok),
                           ("y_train_onehot", "y_train_onehot = train_classes\ny_test_onehot = test_classes"))
    assert source.startswith("sl.check_onehot")
    assert text.startswith("❌ y_train_onehot has shape (27455,)") and "integer-label format" in text
    assert "to_categorical" in text

    # Step 5: the model is right, but model.fit gets the class numbers instead of the one-hot rows
    prepared = [*start, ("reshape", prepare_ok),
                ("y_train_onehot", "y_train_onehot = keras.utils.to_categorical(train_classes, n_classes)\n"
                                   "y_test_onehot = keras.utils.to_categorical(test_classes, n_classes)"),
                ("fit_index", "fit_index, val_index = sl.group_split(groups)"),
                ("model", "model = sl.compile_model(sl.dense_model(n_classes, (16,)))")]
    source, text = attempt(*prepared, ("history", "history = model.fit(x_fit, train_classes[fit_index], epochs=1)"))
    assert "model.fit" in source and text.startswith("❌ the labels are one whole number per image")
