"""The classifier report: confusion matrix, per-class accuracy, the largest mix-ups, the curves."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from course_lib import evaluation  # noqa: E402

Y_TRUE = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2])
Y_PRED = np.array([0, 1, 0, 1, 1, 1, 1, 0, 2])


def test_confusion_matrix_counts_rows_true_columns_predicted():
    cm = evaluation.confusion_matrix(Y_TRUE, Y_PRED, 3)
    np.testing.assert_array_equal(cm, [[2, 1, 0], [0, 2, 0], [1, 2, 1]])
    assert cm.sum() == len(Y_TRUE) and np.trace(cm) == np.sum(Y_TRUE == Y_PRED)
    assert evaluation.accuracy(Y_TRUE, Y_PRED) == pytest.approx(5 / 9)


def test_confusion_matrix_size_defaults_to_the_largest_class_and_rejects_bad_indices():
    assert evaluation.confusion_matrix([0, 3], [3, 0]).shape == (4, 4)
    assert evaluation.confusion_matrix([0, 1], [1, 0], n_classes=5).shape == (5, 5)
    with pytest.raises(ValueError, match="0 … 2"):
        evaluation.confusion_matrix([0, 3], [0, 0], n_classes=3)
    with pytest.raises(ValueError):
        evaluation.confusion_matrix([0, 1, 2], [0, 1])


def test_per_class_accuracy_is_the_diagonal_over_the_row_and_nan_for_an_empty_class():
    cm = evaluation.confusion_matrix(Y_TRUE, Y_PRED, 4)
    np.testing.assert_allclose(evaluation.per_class_accuracy(cm), [2 / 3, 1.0, 0.25, np.nan])


def test_most_confused_lists_the_largest_off_diagonal_cells_with_deterministic_ties():
    cm = evaluation.confusion_matrix(Y_TRUE, Y_PRED, 3)
    assert evaluation.most_confused(cm, top=3) == [(2, 1, 2), (0, 1, 1), (2, 0, 1)]
    assert evaluation.most_confused(cm, names="ABC", top=1) == [("C", "B", 2)]
    assert evaluation.most_confused(np.eye(3, dtype=int)) == []  # no mistakes, nothing listed


def test_examples_of_finds_the_images_behind_a_mix_up():
    np.testing.assert_array_equal(evaluation.examples_of(Y_TRUE, Y_PRED, 2, 1), [5, 6])
    np.testing.assert_array_equal(evaluation.examples_of(Y_TRUE, Y_PRED, 2, 1, limit=1), [5])


def test_draw_confusion_matrix_labels_axes_and_summarises():
    fig = Figure()
    cm = evaluation.confusion_matrix(Y_TRUE, Y_PRED, 3)
    summary = evaluation.draw_confusion_matrix(fig, cm, ["A", "B", "C"])
    assert summary == "5 of 9 right (55.56%); 4 mistakes"
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted class", "true class")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B", "C"]
    np.testing.assert_allclose(ax.images[0].get_array(), cm / cm.sum(axis=1, keepdims=True))


def test_draw_confusion_matrix_writes_the_counts_and_can_leave_the_diagonal_uncoloured():
    fig = Figure()
    cm = evaluation.confusion_matrix(Y_TRUE, Y_PRED, 3)
    evaluation.draw_confusion_matrix(fig, cm, normalise=False, counts=True, colour_diagonal=False)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == [str(v) for v in cm.ravel()]
    shown = ax.images[0].get_array()
    assert shown.mask.tolist() == np.eye(3, dtype=bool).tolist()  # the diagonal is not coloured
    off = ~np.eye(3, dtype=bool)
    np.testing.assert_array_equal(shown.data[off], cm[off])
    assert ax.images[0].get_clim() == (0, cm[off].max())  # the colour scale spans the mistakes only
    plain = Figure()
    evaluation.draw_confusion_matrix(plain, cm)
    assert len(plain.axes[0].texts) == 0  # counts are opt-in


HISTORY = {"accuracy": [0.5, 0.9, 0.99], "loss": [1.0, 0.3, 0.05],
           "val_accuracy": [0.5, 0.8, 0.75], "val_loss": [1.0, 0.6, 0.7]}


class FakeHistory:  # what keras.callbacks.History looks like from the outside
    history = HISTORY


def test_history_dict_reads_a_keras_history_or_a_dict():
    assert evaluation.history_dict(FakeHistory()) == HISTORY
    assert evaluation.history_dict(HISTORY) == HISTORY
    with pytest.raises(TypeError, match="History"):
        evaluation.history_dict([0.5, 0.9])


def test_draw_training_curves_two_panels_training_dashed_validation_solid():
    fig = Figure()
    summary = evaluation.draw_training_curves(fig, {"before": FakeHistory(), "after": HISTORY})
    assert summary == ("before: training accuracy 0.9900 validation accuracy 0.7500 (best 0.8000 at epoch 2)\n"
                       "after: training accuracy 0.9900 validation accuracy 0.7500 (best 0.8000 at epoch 2)")
    accuracy_axes, loss_axes = fig.axes
    assert accuracy_axes.get_ylabel() == "accuracy" and loss_axes.get_ylabel() == "loss"
    styles = [(line.get_label(), line.get_linestyle()) for line in accuracy_axes.lines]
    assert styles == [("before (training)", "--"), ("before (validation)", "-"),
                      ("after (training)", "--"), ("after (validation)", "-")]
    np.testing.assert_array_equal(accuracy_axes.lines[1].get_ydata(), HISTORY["val_accuracy"])
    np.testing.assert_array_equal(accuracy_axes.lines[1].get_xdata(), [1, 2, 3])


def test_loss_summary_takes_the_lowest_validation_loss_as_best():
    summary = evaluation.draw_training_curves(Figure(), {"run": HISTORY}, metrics=("loss",))
    assert summary == "run: training loss 0.0500 validation loss 0.7000 (best 0.6000 at epoch 2)"


def test_show_helpers_draw_into_pyplot_and_return_the_summary():
    plt.close("all")
    assert evaluation.show_training_curves({"run": HISTORY}).startswith("run: training accuracy 0.9900")
    cm = evaluation.confusion_matrix(Y_TRUE, Y_PRED, 3)
    assert evaluation.show_confusion_matrix(cm, "ABC") == "5 of 9 right (55.56%); 4 mistakes"
    plt.close("all")
