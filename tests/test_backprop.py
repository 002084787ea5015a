"""Lesson 05's worked example and chain-rule graphs, checked by other routes to the same numbers."""

import numpy as np
import pytest

from course_lib import backprop as bp
from course_lib.gradient_check import relative_error

W, X1, X2, Y = bp.SLIDE_WEIGHTS, 0.5, 0.7, 1.0


def test_forward_pass_follows_the_slides_wiring():
    f = bp.forward(W, X1, X2)
    assert f["a1"] == pytest.approx(0.5 * 0.5 + 0.3 * 0.7)
    assert f["a2"] == pytest.approx(0.3 * 0.5 + 0.6 * 0.7)
    assert f["h1"] == pytest.approx(1 / (1 + np.exp(-f["a1"])))
    assert f["a3"] == pytest.approx(0.5 * f["h1"] + 0.35 * f["h2"])
    assert bp.error(Y, f["y_hat"]) == pytest.approx((1 - 1 / (1 + np.exp(-f["a3"]))) ** 2)


def test_gradients_equal_finite_differences_layers_and_the_product_of_factors():
    grads = bp.as_vector(bp.gradients(W, X1, X2, Y))
    assert relative_error(grads, bp.as_vector(bp.numerical_gradients(W, X1, X2, Y))) < 1e-8
    assert relative_error(grads, bp.as_vector(bp.layer_gradients(W, X1, X2, Y))) < 1e-14
    factors = bp.chain_factors(W, X1, X2, Y)
    assert [len(factors[n]) for n in bp.WEIGHT_NAMES] == [5, 5, 5, 5, 3, 3]
    assert dict(factors["w1"])["∂a3/∂h1 = w5"] == 0.5  # the old w5, not the updated one


@pytest.mark.parametrize("seed", [1, 2])
def test_gradients_at_other_points_too(seed):
    rng = np.random.default_rng(seed)
    w = dict(zip(bp.WEIGHT_NAMES, rng.normal(size=6)))
    x1, x2, y = rng.normal(size=3)
    grads = bp.as_vector(bp.gradients(w, x1, x2, y))
    assert relative_error(grads, bp.as_vector(bp.numerical_gradients(w, x1, x2, y))) < 1e-7
    assert relative_error(grads, bp.as_vector(bp.layer_gradients(w, x1, x2, y))) < 1e-13


def test_the_slide_network_is_the_xor_network_with_zero_biases():
    net = bp.slide_network(W)
    W1, W2 = bp.weight_matrices(W)
    assert list(net.params) == ["0.W", "0.b", "2.W", "2.b"]
    np.testing.assert_array_equal(net.params["0.W"], W1)
    np.testing.assert_array_equal(net.params["2.W"], W2)
    assert not net.params["0.b"].any() and not net.params["2.b"].any()
    y_hat = net.forward(np.array([[X1, X2]]))[0, 0]
    assert y_hat == bp.forward(W, X1, X2)["y_hat"]


def test_tensorflow_gradient_tape_agrees():
    pytest.importorskip("tensorflow")
    tape = bp.as_vector(bp.tape_gradients(W, X1, X2, Y))
    assert relative_error(bp.as_vector(bp.gradients(W, X1, X2, Y)), tape) < 1e-12


def test_one_update_lowers_the_error_and_more_keep_lowering_it():
    new = bp.update(W, bp.gradients(W, X1, X2, Y))
    assert new["w5"] == pytest.approx(0.5 - 0.1 * bp.gradients(W)["w5"])
    errors = bp.train_steps(W, 5)
    assert errors[1] == pytest.approx(bp.error(Y, bp.forward(new)["y_hat"]))
    assert np.all(np.diff(errors) < 0)


def test_chain_columns_and_lines():
    table = bp.chain_columns(W)
    assert table["weight"] == ["w5", "w6", "w1", "w2", "w3", "w4"]
    assert table["new w"][0] == pytest.approx(table["old w"][0] - table["α·∂E/∂w"][0])
    line = bp.chain_line("w5", bp.chain_factors(W)["w5"])
    assert line == ("∂E/∂w5 = ∂E/∂ŷ · ∂ŷ/∂a3 · ∂a3/∂w5\n"
                    "       = (-0.7410) × 0.2332 × 0.6130 = -0.105943")


def test_apple_graph():
    g = bp.apple_graph()
    assert g["price"] == pytest.approx(715)
    expected = {"∂price/∂apple": 2.2, "∂price/∂apples": 110, "∂price/∂mandarin": 3.3,
                "∂price/∂mandarins": 165, "∂price/∂tax": 650}
    for name, value in expected.items():
        assert g[name] == pytest.approx(value)


def test_add_multiply_graph():
    g = bp.add_multiply_graph(-2, 5, -4)
    assert (g["q"], g["f"], g["∂f/∂x"], g["∂f/∂y"], g["∂f/∂z"]) == (3, -12, -4, -4, 3)


def test_sigmoid_gate_graph_matches_the_sigmoid_shortcut_and_finite_differences():
    table = bp.sigmoid_gate_graph()
    f = dict(zip(table["node"], table["forward value"]))["1/x = f"]
    grads = dict(zip(table["node"], table["gradient ∂f/∂node"]))
    assert grads["sum + w2"] == pytest.approx(f * (1 - f))  # σ' = σ(1 − σ)

    def value(w0=2.0, x0=-1.0, w1=-3.0, x1=-2.0, w2=-3.0):
        return 1 / (1 + np.exp(-(w0 * x0 + w1 * x1 + w2)))
    h = 1e-6
    for name, base in (("w0", 2.0), ("x0", -1.0), ("w1", -3.0), ("x1", -2.0), ("w2", -3.0)):
        numerical = (value(**{name: base + h}) - value(**{name: base - h})) / (2 * h)
        assert grads[name] == pytest.approx(numerical, rel=1e-7)


def test_vectorised_graph_against_finite_differences():
    g = bp.vectorised_graph()
    W, x = np.array([[0.1, 0.5], [-0.3, 0.8]]), np.array([0.2, 0.4])
    assert g["f"] == pytest.approx(0.116)
    h = 1e-6
    for i in range(2):
        for j in range(2):
            Wp, Wm = W.copy(), W.copy()
            Wp[i, j] += h
            Wm[i, j] -= h
            assert g["∂f/∂W"][i, j] == pytest.approx((np.sum((Wp @ x) ** 2) - np.sum((Wm @ x) ** 2)) / (2 * h))
    np.testing.assert_allclose(g["∂f/∂x"], [-0.112, 0.636])


def test_graphs_equal_their_closed_forms():
    table = bp.sigmoid_gate_graph(w=(0.3, 1.7, -0.2), x=(2.5, -1.1))
    grads = dict(zip(table["node"], table["gradient ∂f/∂node"]))
    s = 0.3 * 2.5 + 1.7 * -1.1 - 0.2
    f = 1 / (1 + np.exp(-s))
    assert table["forward value"][-1] == pytest.approx(f, rel=1e-15)
    for name, expected in (("w0", 2.5), ("x0", 0.3), ("w1", -1.1), ("x1", 1.7), ("w2", 1.0)):
        assert grads[name] == pytest.approx(expected * f * (1 - f), rel=1e-12)
    rng = np.random.default_rng(3)
    W, x = rng.normal(size=(3, 4)), rng.normal(size=4)
    g = bp.vectorised_graph(W, x)
    q = W @ x
    np.testing.assert_allclose(g["q"], q, rtol=1e-14)
    np.testing.assert_allclose(g["∂f/∂W"], np.outer(2 * q, x), rtol=1e-14)
    np.testing.assert_allclose(g["∂f/∂x"], W.T @ (2 * q), rtol=1e-14)
    assert g["∂f/∂W"].shape == W.shape and g["∂f/∂x"].shape == x.shape


def test_square_of_sum_graph():
    g = bp.square_of_sum_graph(-2.0, 5.0)
    assert (g["t"], g["z"], g["∂z/∂x"], g["∂z/∂y"]) == (3.0, 9.0, 6.0, 6.0)


def test_numerical_cost_estimate_reproduces_the_slides_arithmetic():
    cost = bp.numerical_cost_estimate()
    assert (cost["weights"], cost["biases"], cost["training images"]) == (79_400, 110, 56_000)
    assert cost["operations per parameter"] == 4_446_400_000
    assert cost["loss evaluations"] == 79_511
    assert cost["total operations"] == 353_537_710_400_000
    assert cost["seconds"] == pytest.approx(415_926.7, abs=0.1)


def test_time_gradients_checks_numerical_against_backprop():
    result = bp.time_gradients((6, 4, 3), batch=5, rng=np.random.default_rng(0), repeats=1)
    assert result["parameters"] == 6 * 4 + 4 + 4 * 3 + 3 == result["differenced"]
    assert result["relative error"] < 1e-7
    sample = bp.time_gradients((20, 8, 3), batch=5, rng=np.random.default_rng(0), numerical_parameters=10, repeats=1)
    assert (sample["parameters"], sample["differenced"]) == (20 * 8 + 8 + 8 * 3 + 3, 10)
    assert sample["relative error"] < 1e-7 and sample["numerical seconds"] > 0


def test_matrix_form_rules_match_finite_differences_and_the_formulas():
    data = bp.matrix_form_example(np.random.default_rng(3))
    X, W, b, T, Y = data["X"], data["W"], data["b"], data["T"], data["Y"]
    grads = bp.matrix_form_gradients(X, W, b, T)
    numerical = bp.matrix_form_numerical(X, W, b, T)
    n = X.shape[0]
    assert np.allclose(grads["δ"], (grads["P"] - Y) / n)
    assert np.allclose(grads["∂L/∂W"], X.T @ grads["δ"]) and grads["∂L/∂W"].shape == W.shape
    assert np.allclose(grads["∂L/∂b"], grads["δ"].sum(axis=0))
    assert np.allclose(grads["∂L/∂X"], grads["δ"] @ W.T)
    for key in ("δ", "∂L/∂W", "∂L/∂b", "∂L/∂X"):
        assert relative_error(grads[key], numerical[key]) < 1e-7, key
