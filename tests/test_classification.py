"""Lesson 07's classification helpers: one-hot, softmax, the cross-entropies, the summary table."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import classification as clf
from course_lib.gradient_check import numerical_gradient, relative_error

RNG = np.random.default_rng(0)


# --- one-hot -----------------------------------------------------------------------------------

def test_one_hot_puts_a_single_one_at_the_label():
    codes = clf.one_hot(np.array([0, 3, 9]), 10)
    assert codes.shape == (3, 10) and codes.dtype == np.float32
    assert np.array_equal(codes.argmax(axis=1), [0, 3, 9])
    assert np.array_equal(codes.sum(axis=1), [1, 1, 1])
    assert np.array_equal(codes[0], [1, 0, 0, 0, 0, 0, 0, 0, 0, 0])


def test_one_hot_counts_classes_from_the_largest_label_unless_told():
    assert clf.one_hot([0, 2]).shape == (2, 3)
    assert clf.one_hot([0, 2], 5).shape == (2, 5)
    assert clf.one_hot(np.array([], dtype=int), 4).shape == (0, 4)


@pytest.mark.parametrize("bad", [[0.5, 1.0], [[0, 1]], [-1, 2]])
def test_one_hot_refuses_labels_that_are_not_class_indices(bad):
    with pytest.raises(ValueError):
        clf.one_hot(bad, 3)


# --- softmax and the iris example -----------------------------------------------------------------

def test_softmax_rows_are_probabilities_and_stable_for_huge_scores():
    scores = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0], [1.0, 2.0, 3.0]])
    probs = clf.softmax(scores)
    assert np.all(np.isfinite(probs)) and np.allclose(probs.sum(axis=1), 1)
    assert np.allclose(probs[0], probs[2])  # adding a constant to every score changes nothing
    small = np.array([0.5, -1.0, 2.0])
    assert np.allclose(clf.softmax(small), np.exp(small) / np.exp(small).sum())


def test_softmax_table_reproduces_the_iris_example():
    iris = clf.IRIS
    table = clf.softmax_columns(iris["W"], iris["b"], iris["x"])
    assert np.allclose(table["H"], iris["W"] @ iris["x"] + iris["b"])
    assert np.allclose(table["exp(H)"], np.exp(table["H"]))
    assert np.isclose(table["P"].sum(), 1) and table["P"].argmax() == iris["label"]
    # the slide's values, computed from unrounded weights, agree to about 5 significant digits
    assert np.allclose(table["P"], [0.035734, 0.262425, 0.701841], atol=1e-5)


def test_raising_b2_by_one_multiplies_exp_h2_by_e_and_flips_the_prediction():
    iris = clf.IRIS
    before = clf.softmax_columns(iris["W"], iris["b"], iris["x"])
    after = clf.softmax_columns(iris["W"], iris["b"] + [0, 1, 0], iris["x"])
    assert np.allclose(after["H"] - before["H"], [0, 1, 0])
    assert np.isclose(after["exp(H)"][1] / before["exp(H)"][1], np.e)
    assert after["P"][1] > before["P"][1] and after["P"][0] < before["P"][0] and after["P"][2] < before["P"][2]
    assert after["P"].argmax() == 1


def test_sigmoid_is_the_two_class_softmax():
    z = np.linspace(-5, 5, 11)
    two_class = clf.softmax(np.stack([np.zeros_like(z), z], axis=1))[:, 1]
    assert np.allclose(clf.sigmoid(z), two_class)


# --- cross-entropies ------------------------------------------------------------------------------

def test_binary_cross_entropy_of_the_slides_extreme_cases():
    assert clf.binary_cross_entropy([1], [1.0]) == 0 and clf.binary_cross_entropy([0], [0.0]) == 0
    assert clf.binary_cross_entropy([1], [0.0]) == np.inf and clf.binary_cross_entropy([0], [1.0]) == np.inf
    clipped = clf.binary_cross_entropy([1], [0.0], epsilon=clf.KERAS_EPSILON)
    assert np.isclose(clipped, -np.log(clf.KERAS_EPSILON))


def test_binary_cross_entropy_is_the_mean_of_minus_log_the_right_probability():
    y, p = np.array([1, 0, 1, 0]), np.array([0.9, 0.2, 0.6, 0.4])
    expected = -np.mean([np.log(0.9), np.log(0.8), np.log(0.6), np.log(0.6)])
    assert np.isclose(clf.binary_cross_entropy(y, p), expected)


def test_categorical_and_sparse_cross_entropy_agree_and_log10_is_ln_over_ln10():
    probs = clf.softmax(RNG.normal(size=(6, 4)))
    labels = RNG.integers(0, 4, size=6)
    one_hot = clf.one_hot(labels, 4)
    ln = clf.categorical_cross_entropy(one_hot, probs)
    assert np.isclose(ln, clf.sparse_categorical_cross_entropy(labels, probs))
    assert np.isclose(ln, -np.mean(np.log(probs[np.arange(6), labels])))
    assert np.isclose(clf.categorical_cross_entropy(one_hot, probs, log=np.log10), ln / np.log(10))
    assert np.isclose(clf.cross_entropy(probs, labels), ln) and np.isclose(clf.cross_entropy(probs, one_hot), ln)


def test_the_slides_iris_losses_are_base_10():
    iris = clf.IRIS
    P = clf.softmax_columns(iris["W"], iris["b"], iris["x"])["P"]
    P_plus = clf.softmax_columns(iris["W"], iris["b"] + [0, 1, 0], iris["x"])["P"]
    y = clf.one_hot([2], 3)[0]
    assert round(clf.categorical_cross_entropy(y, P, log=np.log10), 5) == 0.15376
    assert round(clf.categorical_cross_entropy(y, P_plus, log=np.log10), 5) == 0.31541
    assert round(clf.categorical_cross_entropy(y, P), 5) == 0.35405


def test_cross_entropies_match_keras():
    probs = clf.softmax(RNG.normal(size=(5, 3)))
    labels = RNG.integers(0, 3, size=5)
    one_hot = clf.one_hot(labels, 3)
    assert np.isclose(clf.keras_losses(one_hot, probs, "categorical_crossentropy"),
                      clf.categorical_cross_entropy(one_hot, probs, epsilon=clf.KERAS_EPSILON), rtol=1e-5)
    assert np.isclose(clf.keras_losses(labels, probs, "sparse_categorical_crossentropy"),
                      clf.sparse_categorical_cross_entropy(labels, probs, epsilon=clf.KERAS_EPSILON), rtol=1e-5)
    y, p = RNG.integers(0, 2, size=(7, 1)), RNG.uniform(0.01, 0.99, size=(7, 1))
    assert np.isclose(clf.keras_losses(y, p, "binary_crossentropy"),
                      clf.binary_cross_entropy(y, p, epsilon=clf.KERAS_EPSILON), rtol=1e-5)


# --- MSE versus cross-entropy ---------------------------------------------------------------------

def test_logit_slopes_are_the_derivatives_of_the_losses():
    for z0 in (-6.0, -1.0, 0.5, 4.0):
        g = clf.logit_gradients(np.array(z0))
        for loss in ("mse", "cross_entropy"):
            numeric = numerical_gradient(lambda z: float(clf.logit_gradients(z)[loss]), np.array(z0))  # noqa: B023
            assert relative_error(numeric, g[f"{loss}_slope"]) < 1e-6


def test_mse_hardly_pushes_a_confidently_wrong_prediction_but_cross_entropy_does():
    g = clf.logit_gradients(np.array(-7.0))  # p ≈ 0.001 for a true label 1
    assert abs(g["mse_slope"]) < 0.002 and g["cross_entropy_slope"] < -0.99
    assert g["mse"] < 1 < g["cross_entropy"]


def test_draw_mse_vs_cross_entropy_labels_its_axes_and_reports_the_numbers():
    fig = Figure()
    text = clf.draw_mse_vs_cross_entropy(fig)
    assert "MSE = 0.9980" in text and "cross-entropy = 6.9078" in text
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


# --- the summary table and parameter counts -------------------------------------------------------

def test_summary_table_has_the_slides_four_rows():
    table = clf.summary_table()
    assert table.columns["output activation"] == ["linear", "sigmoid", "softmax", "softmax"]
    assert table.columns["loss (Keras name)"] == ["mse", "binary_crossentropy", "categorical_crossentropy",
                                                  "sparse_categorical_crossentropy"]
    assert "one-hot" in table.columns["label format"][2] and "integer" in table.columns["label format"][3]


def test_every_row_of_the_table_is_what_keras_computes():
    table = clf.check_tasks_with_keras(np.random.default_rng(0))
    assert table.columns["agree"] == [True, True, True, True]
    assert table.columns["label shape"] == ["(8, 1)", "(8, 1)", "(8, 3)", "(8,)"]


def test_parameter_counts_by_hand_match_keras():
    from course_lib import mnist_mlp

    table = clf.dense_parameter_counts((784, 256, 10))
    assert table.columns["parameters"] == [200_960, 2_570, 203_530]
    assert clf.count_dense_parameters((784, 256, 10)) == 203_530
    for sizes in [(784, 256, 10), (784, 512, 512, 10), (4, 3)]:
        assert clf.count_dense_parameters(sizes) == mnist_mlp.keras_mlp(sizes).count_params()


def test_mistake_costs_say_how_many_times_more_a_confident_mistake_costs():
    costs = clf.mistake_costs(0.3, 0.001)
    assert np.isclose(costs["mse_mild"], 0.49) and np.isclose(costs["mse_confident"], 0.999**2)
    assert 2.0 < costs["mse_ratio"] < 2.1  # "about twice", not "hardly more"
    assert np.isclose(costs["cross_entropy_ratio"], np.log(0.001) / np.log(0.3))
    text = clf.describe_mistake_costs(costs)
    assert "grows 2.0×" in text and f"grows {costs['cross_entropy_ratio']:.1f}×" in text


def test_half_sum_of_squares_is_not_the_mean():
    values = clf.sum_and_mean_of_squares([1.0, 0.0, 2.0, 1.0], [0.0, 0.0, 0.0, 1.0])
    assert values == {"N": 4, "half sum": 2.5, "mean": 1.25}
    assert clf.sum_and_mean_of_squares([1.0, 0.0], [0.0, 1.0])["half sum"] == 1.0 == 0.5 * 2
