"""Exercise 08's catalogue of real mistakes: each is caught by its step's check and named.

Also: right answers written differently pass (other encodings, loops, masks, 25 classes, any dense
model), bad values never crash a check, and an unfinished step is a ⏳ note. Keras models here are
tiny and barely trained (the open step's mark is lowered where a passing model is needed), so the
file runs in well under a minute.
"""

import types

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_lib import (
    checks,  # noqa: E402
    sign_language as sl,  # noqa: E402
)
from course_lib.exercises import sign_language as ex  # noqa: E402

keras = pytest.importorskip("keras")
layers = keras.layers


def failure(step, *answer) -> str:
    """The message of the ❌ a step's check raises for ``answer`` (it must raise one)."""
    with pytest.raises(checks.CheckFailed) as info:
        step.check(*answer)
    message = str(info.value)
    assert message.startswith("❌ ") and "Traceback" not in message
    assert "💡 Hint:" in message and f"ex.{step.key}." in message
    return message


@pytest.fixture(scope="module")
def sign():
    """Fresh, writable copies of the four arrays."""
    return tuple(np.array(a) for a in ex._data())


@pytest.fixture(scope="module")
def honest(sign):
    """A group split (15 % of the groups) and the validation arrays it selects, for 24 classes."""
    x_train, y_train, _, _ = sign
    groups = ex._groups()
    names = np.unique(groups)
    is_val = np.isin(groups, np.random.default_rng(1).choice(names, size=round(0.15 * len(names)), replace=False))
    fit, val = np.nonzero(~is_val)[0], np.nonzero(is_val)[0]
    classes = y_train - (y_train > 9)
    return types.SimpleNamespace(fit=fit, val=val, x_val=x_train[val].reshape(len(val), 784) / 255,
                                 y_val=np.eye(24)[classes[val]], classes=classes[val])


def renumber(labels):
    labels = np.asarray(labels)
    return labels - (labels > 9)


def prepare(images):
    return images.reshape(len(images), 784) / 255


def dense(*hidden, units=24, activation="softmax", inputs=(784,), loss="categorical_crossentropy",
          metrics=("accuracy",), optimizer="adam"):
    model = keras.Sequential([keras.Input(shape=inputs), *hidden, layers.Dense(units, activation=activation)])
    if loss:
        model.compile(optimizer=optimizer, loss=loss, metrics=list(metrics))
    return model


def relu(units=16):
    return layers.Dense(units, activation="relu")


def history(train, val, epochs=3, steps=None):
    """A stand-in for Keras's History: per-epoch lists ending at ``train`` and ``val``."""
    run = {"accuracy": list(np.linspace(0.3, train, epochs)), "val_accuracy": list(np.linspace(0.2, val, epochs)),
           "loss": list(np.linspace(2, 0.1, epochs)), "val_loss": list(np.linspace(2.2, 1.0, epochs))}
    return types.SimpleNamespace(history=run, params={"epochs": epochs, "steps": steps})


def grid(x, y, title=lambda label: sl.letter_of(label)):
    fig, axes = plt.subplots(3, 8)
    for ax, label in zip(axes.ravel(), np.unique(y)):
        ax.imshow(x[np.nonzero(y == label)[0][0]], cmap="gray")
        ax.set_title(title(label))
    return fig


# --- Steps 1 to 4: load, look, the gap -----------------------------------------------------------

def test_load_names_swapped_images_and_labels_and_swapped_splits(sign):
    x_train, y_train, x_test, y_test = sign
    assert "images and labels are swapped" in failure(ex.load, y_train, x_train, x_test, y_test)
    assert "training and test splits are swapped" in failure(ex.load, x_test, y_test, x_train, y_train)
    assert "keep the loaded arrays as they are" in failure(ex.load, x_train / 255, y_train, x_test, y_test)


def test_load_names_float_labels_and_refers_to_prepare_not_a_step_number(sign):
    x_train, y_train, x_test, y_test = sign
    message = failure(ex.load, x_train, y_train.astype(float), x_test, y_test)
    assert "y_train holds float64 values" in message and "labels are whole numbers" in message
    assert "scaling comes later, in `prepare`" in failure(ex.load, x_train / 255, y_train, x_test, y_test)


def test_check_messages_name_steps_by_their_function_not_by_a_number():
    import inspect
    import re

    assert not re.search(r"(?i)\bsteps? \d", inspect.getsource(ex))


def test_letter_grid_wants_letters_not_numbers_and_a_figure_not_plt_show(sign):
    x_train, y_train, _, _ = sign
    assert "name the letter (A), not only the label number" in failure(ex.letter_grid, grid(x_train, y_train, str))
    assert "plt.show() returns None" in failure(ex.letter_grid, None)
    # renumbered classes looked up in the full alphabet: K (10) is titled J
    wrong = grid(x_train, y_train, lambda label: sl.LETTERS[int(renumber(label))])
    assert "has label 10, which is K" in failure(ex.letter_grid, wrong)
    plt.close("all")


def test_letter_grid_passes_a_grid_drawn_differently(sign, capsys):
    x_train, y_train, _, _ = sign
    fig = plt.figure()
    for i, label in enumerate(np.unique(y_train)):  # scaled pixels, letter in a sentence, axes passed
        ax = fig.add_subplot(4, 6, i + 1)
        ax.imshow(x_train[np.nonzero(y_train == label)[0][-1]] / 255)
        ax.set_title(f"letter {sl.letter_of(label)}")
    ex.letter_grid.check(np.array(fig.axes))
    assert "✅ letter grid: 24 letters" in capsys.readouterr().out
    plt.close("all")


def test_letter_grid_accepts_lowercase_letters(sign, capsys):
    x_train, y_train, _, _ = sign
    ex.letter_grid.check(grid(x_train, y_train, lambda label: sl.letter_of(label).lower()))
    assert "✅ letter grid: 24 letters" in capsys.readouterr().out
    plt.close("all")


@pytest.mark.parametrize("answer, words", [
    ([9], "only up to the largest label in the file"),
    (["J", "Z"], "labels given as letters"),
    ([10, 26], "counted the letters from 1"),
    ("9, 25", "a list of label numbers was expected"),
])
def test_missing_names_the_usual_slips(answer, words):
    assert words in failure(ex.missing, answer)


def test_missing_passes_an_array_in_any_order(capsys):
    ex.missing.check(np.array([25, 9]))
    assert capsys.readouterr().out == "✅ missing is right.\n"


def test_n_classes_accepts_both_treatments_and_explains_26(capsys):
    ex.n_classes.check(24)
    ex.n_classes.check(np.int64(25))
    out = capsys.readouterr().out
    assert out.count("✅") == 2 and "✅ n_classes = 24: " in out and "'24'" not in out
    assert "neither of which ever occurs" in failure(ex.n_classes, 26)
    assert "a whole number was expected" in failure(ex.n_classes, "24")


def test_to_class_index_names_a_gap_left_open_letters_and_an_input_changed_in_place():
    assert "label 24 (Y) has no output" in failure(ex.to_class_index, lambda labels: np.asarray(labels), 24)
    assert "labels given as letters" in failure(
        ex.to_class_index, lambda labels: np.array([sl.letter_of(k) for k in labels]), 24)

    def in_place(labels):
        labels[labels > 9] -= 1
        return labels

    assert "changed its input `labels` in place" in failure(ex.to_class_index, in_place, 24)
    assert "goes with n_classes = 24" in failure(ex.to_class_index, renumber, 25)
    assert "whole numbers" in failure(ex.to_class_index, lambda labels: renumber(labels) / 1, 24)
    assert "A (0) became −1" in failure(ex.to_class_index, lambda labels: np.asarray(labels) - 1, 24)


def test_to_class_index_passes_a_loop_np_where_and_25_classes(capsys):
    ex.to_class_index.check(lambda labels: np.array([k - 1 if k > 9 else k for k in labels]), 24)
    ex.to_class_index.check(lambda labels: np.where(labels >= 10, labels - 1, labels), 24)
    ex.to_class_index.check(lambda labels: np.asarray(labels, dtype=np.int32), 25)
    out = capsys.readouterr().out
    assert "24 classes: A = 0, I = 8, K = 9, Y = 23" in out and "(class 9, J, never occurs)" in out


# --- Step 5: inputs and labels ---------------------------------------------------------------------

@pytest.mark.parametrize("func, words", [
    (lambda im: im.reshape(len(im), 784).astype(float), "the pixels were not scaled"),
    (lambda im: im.reshape(len(im), 784) // 255, "integer division // 255"),
    (lambda im: im.reshape(784, -1) / 255, "flattened to shape (784, N)"),
    (lambda im: im / 255, "still 28 × 28"),
    (lambda im: im.reshape(-1) / 255, "one long row"),
])
def test_prepare_names_scaling_and_shape_mistakes(func, words):
    assert words in failure(ex.prepare, func)


def test_prepare_passes_float32_and_a_loop():
    ex.prepare.check(lambda im: np.asarray(im, np.float32).reshape(-1, 784) / np.float32(255.0))
    ex.prepare.check(lambda im: np.array([image.ravel() / 255.0 for image in im]))


def test_one_hot_names_an_ignored_class_count_and_booleans():
    assert "n_classes was ignored" in failure(ex.one_hot, lambda c, n: keras.utils.to_categorical(c))
    assert "True/False values" in failure(ex.one_hot, lambda c, n: np.eye(n, dtype=bool)[c])
    assert "one row per image" in failure(ex.one_hot, lambda c, n: np.eye(n)[c].T)


def test_one_hot_passes_keras_a_loop_and_integers():
    ex.one_hot.check(lambda c, n: keras.utils.to_categorical(c, n))

    def loop(classes, n_classes):
        rows = np.zeros((len(classes), n_classes), dtype=int)
        for i, c in enumerate(classes):
            rows[i, c] = 1
        return rows

    ex.one_hot.check(loop)


def notebook_functions(sign, code: str) -> dict:
    """Functions defined as in the notebook: their globals are the notebook's arrays."""
    x_train, y_train, _, _ = sign
    namespace = {"np": np, "x_train": x_train, "y_train": y_train, "train_classes": renumber(y_train)}
    exec(code, namespace)
    return namespace


@pytest.mark.parametrize("step, code, args, words", [
    ("prepare", "def prepare(images):\n    return x_train.reshape(-1, 784) / 255", (),
     "ignored its argument `images` and used the notebook's `x_train`"),
    ("to_class_index", "def to_class_index(labels):\n    return y_train - (y_train > 9)", (24,),
     "ignored its argument `labels` and used the notebook's `y_train`"),
    ("one_hot", "def one_hot(classes, n_classes):\n    return np.eye(n_classes)[train_classes]", (),
     "ignored its argument `classes` and used the notebook's `train_classes`"),
])
def test_a_function_that_ignores_its_argument_for_a_notebook_array_is_named(sign, step, code, args, words):
    func = notebook_functions(sign, code)[step]
    message = failure(getattr(ex, step), func, *args)
    assert words in message and "reshape" not in message.partition("💡")[0]


# --- Step 6: the split -----------------------------------------------------------------------------

def test_split_names_a_random_split_a_split_by_letter_and_validation_from_the_test_set(sign, honest):
    x_train, y_train, x_test, y_test = sign
    order = np.random.default_rng(0).permutation(len(x_train))
    rand_fit, rand_val = np.sort(order[4000:]), np.sort(order[:4000])
    x_val, y_val = prepare(x_train[rand_val]), np.eye(24)[renumber(y_train[rand_val])]
    assert "a split by rows (a random split" in failure(ex.split, rand_fit, rand_val, x_val, y_val)
    by_letter = y_train >= 21  # V, W, X, Y to validation
    letter_fit, letter_val = np.nonzero(~by_letter)[0], np.nonzero(by_letter)[0]
    assert "a split by the wrong unit (letters)" in failure(
        ex.split, letter_fit, letter_val, prepare(x_train[letter_val]), np.eye(24)[renumber(y_train[letter_val])])
    assert "validation taken from the test set" in failure(
        ex.split, honest.fit, honest.val, prepare(x_test), np.eye(24)[renumber(y_test)])
    assert "are in both fit_index and val_index" in failure(
        ex.split, np.arange(len(x_train)), honest.val, honest.x_val, honest.y_val)
    assert "these are integer labels" in failure(ex.split, honest.fit, honest.val, honest.x_val, honest.classes)
    assert "same rows" in failure(ex.split, honest.fit, honest.val, honest.x_val, honest.y_val[::-1])


def test_split_rejects_boolean_masks_with_a_clear_message(sign, honest):
    # masks would pass here and then break the next given cell (val_index[:300] is 300 booleans)
    x_train, _, _, _ = sign
    is_val = np.zeros(len(x_train), bool)
    is_val[honest.val] = True
    message = failure(ex.split, ~is_val, is_val, honest.x_val, honest.y_val)
    assert "fit_index is a True/False mask" in message and "np.nonzero(mask)[0]" in message


def test_split_passes_25_classes_float32_and_any_choice_of_whole_groups(sign, honest, capsys):
    x_train, y_train, _, _ = sign
    ex.split.check(honest.fit, honest.val, honest.x_val.astype(np.float32), np.eye(25)[y_train[honest.val]])
    # not random: the first 15 % of the group numbers. The prompt asks for whole groups, not for randomness.
    groups = ex._groups()
    is_val = groups < round(0.15 * (groups.max() + 1))
    fit, val = np.flatnonzero(~is_val), np.flatnonzero(is_val)
    ex.split.check(fit, val, prepare(x_train[val]), np.eye(24)[renumber(y_train[val])])
    assert capsys.readouterr().out.count("✅ split:") == 2


# --- Steps 7 to 9: model, training, curves, diagnosis -------------------------------------------------

@pytest.mark.parametrize("make, words", [
    (lambda: dense(relu(), units=25), "the last layer needs 24 units"),
    (lambda: dense(relu(), activation="sigmoid"), "the output is sigmoid with the categorical cross-entropy"),
    (lambda: dense(relu(), loss="sparse_categorical_crossentropy"),
     "the summary table pairs one-hot labels with the categorical cross-entropy"),
    (lambda: dense(relu(), inputs=(28, 28)), "wrong input shape for Keras"),
    (lambda: dense(relu(), activation=None), "no softmax"),
    (lambda: dense(relu(), loss="mse"), "the loss is mse"),
    (lambda: dense(relu(), loss="binary_crossentropy"), "separate yes/no"),
    (lambda: dense(relu(), loss=None), "not compiled yet"),
    (lambda: dense(relu(), metrics=()), "does not report accuracy"),
    (lambda: dense(), "no hidden layer"),
    (lambda: dense(layers.Reshape((28, 28, 1)), layers.Conv2D(4, 3), layers.Flatten()), "a convolution"),
    (lambda: dense(relu(), optimizer="sgd"), "the optimizer is SGD, but this step asks for Adam"),
    (lambda: dense(layers.Dense(16, activation="sigmoid")), "hidden layer 1 (16 units) has sigmoid units"),
    (lambda: dense(relu(), layers.Dense(16)), "hidden layer 2 (16 units) has no activation (linear)"),
])
def test_model_names_each_slip(make, words):
    assert words in failure(ex.model, make(), 24)


def test_model_passes_other_dense_designs(capsys):
    softmax_layer = keras.Sequential([keras.Input((784,)), relu(32), layers.Dropout(0.3), layers.Dense(24),
                                      layers.Softmax()])
    softmax_layer.compile(optimizer=keras.optimizers.Adam(3e-4), loss="categorical_crossentropy",
                          metrics=["categorical_accuracy"])
    ex.model.check(softmax_layer, 24)
    logits = dense(relu(), activation=None, loss=keras.losses.CategoricalCrossentropy(from_logits=True))
    ex.model.check(logits, 24)
    ex.model.check(dense(relu(), units=25), 25)
    ex.model.check(dense(layers.Dense(16), layers.ReLU(), layers.Dense(8), layers.Activation("relu")), 24)
    assert capsys.readouterr().out.count("✅ model:") == 4


def test_fit_names_missing_validation_data_and_training_on_the_whole_file(honest):
    batches = -(-len(honest.fit) // 256)
    no_val = types.SimpleNamespace(history={"accuracy": [0.5] * 8, "loss": [1.0] * 8}, params={"steps": batches})
    assert "give model.fit the validation data" in failure(ex.fit, no_val, honest.fit, honest.val, 8, 256)
    everything = history(1.0, 0.8, epochs=8, steps=-(-27455 // 256))
    assert "validation rows included" in failure(ex.fit, everything, honest.fit, honest.val, 8, 256)
    assert "trained for 3 epochs, but EPOCHS = 8" in failure(ex.fit, history(1.0, 0.8, 3, batches), honest.fit,
                                                             honest.val, 8, 256)
    assert "trained for 1 epoch, but EPOCHS = 8" in failure(ex.fit, history(1.0, 0.8, 1, batches), honest.fit,
                                                            honest.val, 8, 256)
    assert "keep what model.fit returns" in failure(ex.fit, None, honest.fit, honest.val, 8, 256)
    ex.fit.check(history(1.0, 0.8, 8, batches), honest.fit, honest.val, 8, 256)


def test_fit_names_the_test_set_given_as_validation_data(sign, honest, capsys):
    x_train, y_train, x_test, y_test = sign
    x_fit, y_fit = prepare(x_train[honest.fit]), np.eye(24)[renumber(y_train[honest.fit])]
    runs = {}
    for name, validation in (("test", (prepare(x_test), np.eye(24)[renumber(y_test)])),
                             ("validation", (honest.x_val, honest.y_val))):
        keras.utils.set_random_seed(0)
        runs[name] = dense(relu(8)).fit(x_fit, y_fit, validation_data=validation, epochs=1, batch_size=1024, verbose=0)
    message = failure(ex.fit, runs["test"], honest.fit, honest.val, 1, 1024)
    assert "validation_data was the test set" in message and "looked at once, at the very end" in message
    ex.fit.check(runs["validation"], honest.fit, honest.val, 1, 1024)
    not_a_model = history(1.0, 0.8, epochs=1)
    not_a_model.model = "model"  # the test-set comparison skips what it cannot run
    ex.fit.check(not_a_model, honest.fit, honest.val, 1, 1024)
    assert capsys.readouterr().out.count("✅ history: 1 epoch on the fitting part") == 2


def test_a_wrong_history_key_is_explained_in_one_sentence():
    run = history(1.0, 0.8)
    with pytest.raises(KeyError) as info:
        run.history["val_acc"]
    note = sl.explain_keras_error(info.value)
    assert note.startswith("❌ History.history has no key 'val_acc'") and "'val_accuracy'" in note


def test_curves_name_the_first_epoch_swapped_values_and_percentages():
    run = history(1.0, 0.8)
    assert "first epoch" in failure(ex.curves, 0.3, 0.2, run)
    assert "swapped" in failure(ex.curves, 0.8, 1.0, run)
    assert "percentages" in failure(ex.curves, 100.0, 80.0, run)
    ex.curves.check(np.float64(1.0), 0.8, run)


def test_diagnosis_follows_the_students_own_curves(capsys):
    overfit = history(1.0, 0.75)
    assert "its training accuracy is high" in failure(ex.diagnosis, "underfitting", overfit)
    assert "answer with one of" in failure(ex.diagnosis, None, overfit)
    ex.diagnosis.check("Overfitting ", overfit)
    ex.diagnosis.check("a good fit", history(0.97, 0.95))
    ex.diagnosis.check("underfitting", history(0.6, 0.58))
    assert capsys.readouterr().out.count("✅") == 3


# --- Steps 10 and 11: evaluate, the confusion matrix ---------------------------------------------

@pytest.fixture(scope="module")
def small_model(honest):
    keras.utils.set_random_seed(0)
    model = dense(relu(16), loss=None)
    model.compile(optimizer=keras.optimizers.Adam(0.003), loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(honest.x_val, honest.y_val, epochs=8, batch_size=32, verbose=0)  # above chance, far below 90 %
    return model


def test_evaluate_names_one_hot_comparisons_probabilities_and_percentages(honest, small_model):
    probabilities = small_model.predict(honest.x_val, verbose=0)
    predicted = probabilities.argmax(axis=1)
    right = np.mean(predicted == honest.classes)
    elementwise = np.mean(np.eye(24)[predicted] == honest.y_val)
    assert "one-hot rows entry by entry" in failure(ex.evaluate, predicted, elementwise, small_model, honest.val)
    assert "those are the probabilities" in failure(ex.evaluate, probabilities, right, small_model, honest.val)
    assert "axis 0" in failure(ex.evaluate, probabilities.argmax(axis=0), right, small_model, honest.val)
    assert "a percentage" in failure(ex.evaluate, predicted, 100 * right, small_model, honest.val)
    assert "a sum instead of a mean" in failure(ex.evaluate, predicted, float(np.sum(predicted == honest.classes)),
                                                small_model, honest.val)
    ex.evaluate.check(predicted, np.sum(predicted == honest.classes) / len(predicted), small_model, honest.val)


def test_comparing_class_numbers_with_one_hot_rows_is_explained_in_one_sentence(honest):
    predicted = np.zeros(len(honest.val), dtype=int)
    with pytest.raises(ValueError) as info:
        np.mean(predicted == honest.y_val)
    assert checks.explain_numpy_error(info.value).startswith("❌ ValueError: NumPy cannot combine arrays of shapes")


def test_confusion_names_a_transpose_and_pairs_counted_once():
    def transposed(true, predicted, n_classes):
        cm = np.zeros((n_classes, n_classes), dtype=int)
        np.add.at(cm, (predicted, true), 1)
        return cm

    def fancy(true, predicted, n_classes):
        cm = np.zeros((n_classes, n_classes), dtype=int)
        cm[true, predicted] += 1
        return cm

    assert "rows and columns are swapped" in failure(ex.confusion, transposed)
    assert "counted once however often it occurs" in failure(ex.confusion, fancy)
    assert "n_classes was ignored" in failure(
        ex.confusion, lambda t, p, n: np.histogram2d(t, p, bins=max(max(t), max(p)) + 1)[0].astype(int))


def test_confusion_names_float_counts():
    def add_at(true, predicted, n_classes):
        cm = np.zeros((n_classes, n_classes))  # float64: the prompt asks for an integer array
        np.add.at(cm, (true, predicted), 1)
        return cm

    assert "the counts are right but held as float64 numbers" in failure(ex.confusion, add_at)


def test_confusion_passes_np_add_at_and_bincount():
    def add_at(true, predicted, n_classes):
        cm = np.zeros((n_classes, n_classes), dtype=np.int32)
        np.add.at(cm, (true, predicted), 1)
        return cm

    ex.confusion.check(add_at)
    ex.confusion.check(lambda t, p, n: np.bincount(np.asarray(t) * n + p, minlength=n * n).reshape(n, n))


def counts(true, predicted, n):
    cm = np.zeros((n, n), int)
    np.add.at(cm, (true, predicted), 1)
    return cm


def test_validation_cm_names_the_wrong_split_a_transpose_file_labels_and_floats(sign, honest, small_model):
    _, y_train, _, y_test = sign
    predicted = small_model.predict(honest.x_val, verbose=0).argmax(axis=1)
    test_classes = renumber(y_test)
    test_cm = counts(test_classes, np.zeros_like(test_classes), 24)
    assert "(the test split)" in failure(ex.validation_cm, test_cm, 24, honest.val, predicted)
    right = counts(honest.classes, predicted, 24)
    assert "rows and columns are swapped" in failure(ex.validation_cm, right.T, 24, honest.val, predicted)
    # confusion_matrix(y_train[val_index], val_predicted, 25) with n_classes = 24: rows K … Y one row too low
    file_labels = counts(y_train[honest.val], predicted, 25)
    message = failure(ex.validation_cm, file_labels, 24, honest.val, predicted)
    assert "the rows are the file labels, not class indices" in message
    assert "the counts" not in message and "float" not in message
    assert "as float64 numbers" in failure(ex.validation_cm, right.astype(float), 24, honest.val, predicted)
    ex.validation_cm.check(right, 24, honest.val, predicted)


def test_validation_cm_with_25_classes_counts_the_file_labels(sign, honest, capsys):
    _, y_train, _, _ = sign
    predicted = y_train[honest.val].astype(int)  # a perfect model of 25 classes
    ex.validation_cm.check(counts(y_train[honest.val], predicted, 25), 25, honest.val, predicted)
    assert "25 × 25 counts" in capsys.readouterr().out


# --- Step 12: the open step ------------------------------------------------------------------------

def standardise(images):
    x = images.reshape(len(images), 784).astype("float32")
    return (x - x.mean(axis=1, keepdims=True)) / (x.std(axis=1, keepdims=True) + 1e-6)


def test_final_inputs_accepts_any_scaling_and_names_randomness_and_in_place_changes():
    ex.final_inputs.check(prepare)
    ex.final_inputs.check(standardise)
    ex.final_inputs.check(lambda images: images / 255.0)  # images kept 28 × 28, for a model that flattens them
    assert "different numbers on each call" in failure(
        ex.final_inputs, lambda im: prepare(im) + np.random.default_rng().normal(0, 0.1, (len(im), 784)))

    def in_place(images):
        images //= 2
        return images / 128.0

    assert "changed the images in place" in failure(ex.final_inputs, in_place)
    assert "divide with /, not //" in failure(ex.final_inputs, lambda im: im.reshape(len(im), 784) // 255)


def test_final_inputs_names_statistics_of_the_batch():
    def whole_batch(images):
        x = images.reshape(len(images), 784).astype("float32")
        return (x - x.mean()) / x.std()  # one mean and spread for all the images it is given

    message = failure(ex.final_inputs, whole_batch)
    assert "statistics of the batch" in message and "not of each image or of the training set" in message


def test_dense_challenge_names_convolutions_sizes_shapes_and_a_missing_softmax(honest, small_model):
    conv = dense(layers.Reshape((28, 28, 1)), layers.Conv2D(4, 3), layers.MaxPooling2D(), layers.Flatten())
    assert "a convolution" in failure(ex.dense_challenge, conv, prepare, honest.val, 24)
    assert "needs 24 units" in failure(ex.dense_challenge, dense(relu(), units=25), prepare, honest.val, 24)
    assert "wrong input shape for Keras" in failure(ex.dense_challenge, small_model, lambda im: im / 255.0,
                                                    honest.val, 24)
    no_softmax = dense(relu(), activation=None)
    assert "no softmax" in failure(ex.dense_challenge, no_softmax, prepare, honest.val, 24)
    message = failure(ex.dense_challenge, small_model, prepare, honest.val, 24)
    assert "below the mark of 90%" in message and "Compare its training and validation curves" in message
    leaky = np.random.default_rng(0).choice(27455, size=4000, replace=False)
    assert "not an honest validation part" in failure(ex.dense_challenge, small_model, prepare, leaky, 24)


def test_dense_challenge_says_an_untrained_model_has_not_been_trained(honest):
    keras.utils.set_random_seed(0)
    message = failure(ex.dense_challenge, dense(relu()), prepare, honest.val, 24)
    assert "has not been trained yet" in message and "gap between training and validation" not in message


def test_dense_challenge_accepts_any_dense_model_that_meets_the_mark_and_reports_it(honest, small_model, monkeypatch,
                                                                                    capsys):
    monkeypatch.setattr(ex, "TARGET", 0.0)  # a quickly trained model stands in for one that reaches 90 %
    ex.dense_challenge.check(small_model, prepare, honest.val, 24)
    flat_inside = keras.Sequential([keras.Input((28, 28)), layers.Flatten(), layers.BatchNormalization(), relu(8),
                                    layers.Dense(24, activation="softmax")])
    ex.dense_challenge.check(flat_inside, lambda images: images / 255.0, honest.val, 24)
    out = capsys.readouterr().out
    assert "✅ final_model: (784) → 16 (relu) → 24 (softmax), 12,968 parameters; validation accuracy" in out
    assert "(28, 28) → Flatten → BatchNormalization → 8 (relu) → 24 (softmax)" in out


# --- Bad values never crash a check; unfinished steps are ⏳ ---------------------------------------

@pytest.mark.parametrize("step, answer", [
    (ex.load, (None, "x", float("nan"), [1])),
    (ex.letter_grid, ("figure",)),
    (ex.missing, (float("nan"),)),
    (ex.n_classes, (None,)),
    (ex.to_class_index, (None, 24)),
    (ex.prepare, ("prepare",)),
    (ex.one_hot, (lambda c, n: None,)),
    (ex.split, (None, None, None, None)),
    (ex.model, ("model", 24)),
    (ex.fit, ("history", None, None, 8, 256)),
    (ex.curves, (None, "x", {"accuracy": [1.0]})),
    (ex.diagnosis, (float("nan"), {"accuracy": [1.0], "val_accuracy": [0.5]})),
    (ex.evaluate, (None, None, None, np.arange(3))),
    (ex.confusion, (lambda t, p, n: np.full((n, n), np.nan),)),
    (ex.validation_cm, (np.zeros((3, 4)), 24, np.arange(3), np.zeros(3, int))),
    (ex.validation_cm, ("cm", 24, np.arange(3), None)),
    (ex.validation_cm, (np.full((24, 24), np.nan), 24, np.arange(3), np.zeros(3, int))),
    (ex.final_inputs, (lambda images: "rows",)),
    (ex.dense_challenge, (None, None, None, 24)),
])
def test_a_check_never_crashes_on_a_bad_value(step, answer):
    failure(step, *answer)


def test_an_unfinished_step_is_a_step_to_do():
    def prepare(images):
        raise NotImplementedError("step 'prepare'")

    with pytest.raises(checks.StepNotFinished, match="⏳ prepare is not written yet"):
        ex.prepare.check(prepare)


def test_another_accuracy_metric_is_read_as_the_accuracy(honest):
    run = history(1.0, 0.8, 8, -(-len(honest.fit) // 256))
    run.history = {f"categorical_{key}" if "accuracy" in key else key: values for key, values in run.history.items()}
    run.history["val_categorical_accuracy"] = run.history.pop("categorical_val_accuracy")
    ex.fit.check(run, honest.fit, honest.val, 8, 256)
    ex.diagnosis.check("overfitting", run)


# --- Second student trial: metrics, History keys, a leak into the final model, dtypes -----------------

def test_model_names_the_exact_value_accuracy_class_and_binary_accuracy():
    message = failure(ex.model, dense(relu(), metrics=(keras.metrics.Accuracy(),)), 24)
    assert "keras.metrics.Accuracy compares exact values: use 'accuracy' or CategoricalAccuracy" in message
    assert "judges each of the outputs on its own" in failure(ex.model, dense(relu(), metrics=("binary_accuracy",)), 24)


def test_diagnosis_and_fit_refuse_curves_whose_accuracy_stays_0(honest):
    batches = -(-len(honest.fit) // 256)
    zero = history(1.0, 0.8, 8, batches)
    zero.history["accuracy"], zero.history["val_accuracy"] = [0.0] * 8, [0.0] * 8
    for message in (failure(ex.diagnosis, "overfitting", zero), failure(ex.diagnosis, "underfitting", zero),
                    failure(ex.fit, zero, honest.fit, honest.val, 8, 256)):
        assert "the accuracy is 0 in every epoch" in message and "keras.metrics.Accuracy" in message
        assert "underfitting means" not in message


def test_compile_with_metrics_as_the_third_positional_argument_is_named():
    model = dense(relu(), loss=None)
    model.compile("adam", "categorical_crossentropy", ["accuracy"])
    message = failure(ex.model, model, 24)
    assert "third positional argument, which is loss_weights, not metrics" in message
    assert "add the accuracy metric" not in message
    note = sl.explain_keras_error(ValueError("dtype='string' is not a valid dtype for Keras type promotion."))
    assert note.startswith("❌ a string reached the loss's weights") and "metrics=['accuracy']" in note


def test_categorical_accuracy_is_accepted_everywhere_and_its_history_key_explained(honest, capsys):
    ex.model.check(dense(relu(), metrics=("categorical_accuracy",)), 24)
    assert "records your accuracy metric as 'categorical_accuracy'" in capsys.readouterr().out
    keras.utils.set_random_seed(0)
    run = dense(relu(8), metrics=("categorical_accuracy",)).fit(
        honest.x_val[:512], honest.y_val[:512], validation_data=(honest.x_val[512:1024], honest.y_val[512:1024]),
        epochs=2, batch_size=256, verbose=0)
    with pytest.raises(KeyError) as info:
        run.history["accuracy"]
    note = sl.explain_keras_error(info.value)
    assert note.startswith("❌ History.history has no key 'accuracy'") and "'categorical_accuracy'" in note
    assert "\n" not in note
    readable = sl.accuracy_history(run)
    assert readable["accuracy"] == run.history["categorical_accuracy"]
    assert readable["val_accuracy"] == run.history["val_categorical_accuracy"]
    fig = plt.figure()
    from course_lib import evaluation
    evaluation.draw_training_curves(fig, {"run": readable})
    assert all(ax.lines for ax in fig.axes[:2])  # the accuracy panel is not empty
    plt.close("all")
    ex.curves.check(run.history["categorical_accuracy"][-1], run.history["val_categorical_accuracy"][-1], run)


def test_the_setup_cell_explains_key_errors():
    source = (ex.__file__.rsplit("course_lib", 1)[0] + "solutions/08_sign_language.py")
    text = open(source, encoding="utf-8").read()
    assert "checks.friendly_errors({ValueError: sl.explain_keras_error, KeyError: sl.explain_keras_error})" in text


def test_to_class_index_names_ranks_among_the_labels_given():
    ranks = lambda labels: np.unique(labels, return_inverse=True)[1]  # noqa: E731
    message = failure(ex.to_class_index, ranks, 24)
    assert "the ranks of the labels that occur in the given array" in message and "0, 23, 23, 9, 3" in message
    assert "0, 24, 24, 10, 3" in failure(ex.to_class_index, ranks, 25)


def test_prepare_names_a_cast_to_uint8_and_float16():
    message = failure(ex.prepare, lambda im: (im.reshape(len(im), 784) / 255).astype(np.uint8))
    assert "cast back to whole numbers (.astype(uint8))" in message and "//" not in message.partition("💡")[0]
    assert "float16" in failure(ex.prepare, lambda im: (im.reshape(len(im), 784) / 255).astype(np.float16))
    assert "use float32 (what Keras computes in) or float64" in failure(
        ex.prepare, lambda im: im.reshape(len(im), 784).astype(np.float16) / np.float16(255))


def test_confusion_names_small_integer_counts_and_a_library_call(honest):
    from course_lib import evaluation

    def small(true, predicted, n_classes):
        cm = np.zeros((n_classes, n_classes), dtype=np.uint8)
        np.add.at(cm, (true, predicted), 1)
        return cm

    assert "held as uint8, which holds at most 255" in failure(ex.confusion, small)

    def library(true, predicted, n_classes):
        return evaluation.confusion_matrix(true, predicted, n_classes)

    assert "calls a library's `confusion_matrix`" in failure(ex.confusion, library)
    assert "count the pairs yourself" in failure(ex.confusion, lambda t, p, n: evaluation.confusion_matrix(t, p, n))
    right = counts(honest.classes, honest.classes, 24)
    assert "wraps around" in failure(ex.validation_cm, right.astype(np.uint16), 24, honest.val, honest.classes)


def test_evaluate_names_predictions_turned_back_into_file_labels(honest, small_model):
    predicted = small_model.predict(honest.x_val, verbose=0).argmax(axis=1)
    labels = predicted + (predicted >= 9)
    message = failure(ex.evaluate, labels, np.mean(labels == honest.classes + (honest.classes >= 9)), small_model,
                      honest.val)
    assert "holds the file's labels" in message and "take the largest probability" not in message.partition("💡")[0]


def test_final_inputs_accepts_a_tensorflow_tensor(capsys):
    import tensorflow as tf

    ex.final_inputs.check(lambda images: tf.convert_to_tensor(prepare(images), dtype=tf.float32))
    assert "✅ preprocess_final" in capsys.readouterr().out


def test_a_logits_output_passes_the_model_check(capsys):
    ex.model.check(dense(relu(), activation=None, loss=keras.losses.CategoricalCrossentropy(from_logits=True)), 24)
    assert "✅ model:" in capsys.readouterr().out


def nearest_photo_model(x_train, rows, classes, n_classes=24):
    """A dense model that answers the class of the nearest of ``rows`` (standardised inputs): a memory of them."""
    prototypes = standardise(x_train[rows]) / 784
    model = keras.Sequential([keras.Input((784,)), layers.Dense(len(rows), activation="softmax"),
                              layers.Dense(n_classes, activation="softmax")])
    model.layers[0].set_weights([400 * prototypes.T, np.zeros(len(rows))])
    model.layers[1].set_weights([30 * np.eye(n_classes)[classes], np.zeros(n_classes)])
    return model


def test_dense_challenge_names_a_final_model_trained_on_the_validation_rows(sign, honest):
    x_train, y_train, _, _ = sign
    code = ("def train_final(fit_images, fit_labels, val_images, val_labels):\n"
            "    model = make()\n    model.fit(prepare(x_train), y_train_onehot, validation_data=(prepare(val_images), "
            "val_labels))\n    return model, None")
    namespace = {"x_train": x_train, "y_train_onehot": np.eye(24)[renumber(y_train)], "make": None, "prepare": prepare}
    exec(code, namespace)
    message = failure(ex.dense_challenge, dense(relu()), standardise, honest.val, 24, namespace["train_final"])
    assert "train_final reads the notebook's `x_train`" in message and "validation rows included" in message
    # the same leak seen in the model itself: as sure of the validation photos as of its training photos
    rows = np.concatenate([ex._fit_rows(honest.val), honest.val])
    leaked = nearest_photo_model(x_train, rows, renumber(y_train[rows]))
    message = failure(ex.dense_challenge, leaked, standardise, honest.val, 24)
    assert "knows the validation photos as well as its training photos" in message
    assert "train on fit_images and fit_labels only" in message


def test_dense_challenge_passes_a_model_that_remembers_only_its_fitting_photos(sign, honest, monkeypatch, capsys):
    x_train, y_train, _, _ = sign
    monkeypatch.setattr(ex, "TARGET", 0.5)
    rows = ex._fit_rows(honest.val)
    ex.dense_challenge.check(nearest_photo_model(x_train, rows, renumber(y_train[rows])), standardise, honest.val, 24,
                             lambda fit_images, fit_labels, val_images, val_labels: None)
    assert "✅ final_model:" in capsys.readouterr().out


def test_dense_challenge_names_inputs_that_differ_from_the_training_ones(sign, honest):
    x_train, y_train, _, _ = sign
    rows = ex._fit_rows(honest.val, 2000)
    keras.utils.set_random_seed(0)
    model = dense(relu(64))
    model.fit(standardise(x_train[rows]), np.eye(24)[renumber(y_train[rows])], epochs=25, batch_size=128, verbose=0)
    message = failure(ex.dense_challenge, model, prepare, honest.val, 24)  # trained on standardised images
    assert "trained on other inputs than preprocess_final makes" in message
    assert "each image standardised" in message and "Compare its training and validation curves" not in message


def test_report_range_reports_a_model_that_met_the_mark_without_a_warning(capsys):
    ex.report_range("validation accuracy of final_model", 0.91, 0.93, mark=0.90)
    ex.report_range("test accuracy of final_model", 0.88, 0.95)
    ex.report_range("validation accuracy of final_model", 0.95, 0.93, mark=0.90)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("ℹ️ validation accuracy of final_model is 91.00%; it meets the mark of 90% (the reference "
                      "solution's lies between 93% and 100%).")
    assert out[1].startswith("ℹ️ test accuracy of final_model is 88.00% (the reference")
    assert out[2] == "✅ validation accuracy of final_model is between 93% and 100%."
    assert "⚠️" not in "".join(out) and "outside" not in "".join(out)
