"""Batch, stochastic and mini-batch gradient descent: the mini-batch loop and lesson 06's linear model."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import data, minibatch
from course_lib.optimizers import SGD


def test_minibatches_cover_every_example_once():
    rng = np.random.default_rng(0)
    batches = list(minibatch.minibatches(10, 4, rng))
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(np.concatenate(batches)) == list(range(10))
    assert [list(b) for b in minibatch.minibatches(3, 3)] == [[0, 1, 2]]


def test_linear_gradient_matches_finite_differences():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(20, 3)), rng.normal(size=20)
    params = {"w": rng.normal(size=3), "b": np.asarray(0.4)}
    _, grads = minibatch.linear_loss_and_grads(params, X, y)
    for key, shape in (("w", (3,)), ("b", ())):
        numeric = np.zeros(shape)
        for index in np.ndindex(shape):
            for sign in (1, -1):
                shifted = {k: np.array(v, dtype=float) for k, v in params.items()}
                shifted[key][index] += sign * 1e-6
                numeric[index] += sign * minibatch.linear_loss_and_grads(shifted, X, y)[0] / 2e-6
        np.testing.assert_allclose(grads[key], numeric, rtol=1e-6, atol=1e-8)


def test_batch_gradient_descent_reproduces_the_slides_step():
    table = data.load_table("regression_six_points")
    history = minibatch.fit_linear(table["x"], table["y"], {"w": np.array([0.2])}, SGD(learning_rate=0.01),
                                    batch_size=6, epochs=1)
    assert history.loss[0] == pytest.approx(33.95 / 6)
    assert history.params["w"][0] == pytest.approx(0.2 + 0.01 * 2 / 6 * 42.8)
    assert list(history.updates) == [0, 1] and list(history.examples_seen) == [0, 6]


def test_stochastic_updates_use_the_current_weight():
    table = data.load_table("regression_six_points")
    x, y = table["x"], table["y"]
    history = minibatch.fit_linear(x, y, {"w": np.array([0.2])}, SGD(learning_rate=0.01), batch_size=1, epochs=1)
    w = 0.2
    for xi, yi in zip(x, y):
        w += 0.01 * 2 * (yi - w * xi) * xi
    assert history.params["w"][0] == pytest.approx(w)
    assert len(history.loss) == 7 and history.examples_seen[-1] == 6


def test_make_regression_is_seeded():
    X1, y1, w1 = minibatch.make_regression(rng=np.random.default_rng(5))
    X2, y2, w2 = minibatch.make_regression(rng=np.random.default_rng(5))
    assert X1.shape == (2000, 10) and np.array_equal(y1, y2) and np.array_equal(w1, w2)


def test_draw_gd_variants_reports_the_final_losses():
    table = data.load_table("regression_six_points")
    history = minibatch.fit_linear(table["x"], table["y"], {"w": np.array([0.2])}, SGD(learning_rate=0.01), 6, 3)
    fig = Figure()
    text = minibatch.draw_gd_variants(fig, {"batch": history}, "six points")
    assert text == f"batch: 3 updates, final loss {history.loss[-1]:.4f}"
    assert fig.axes[0].get_xlabel().startswith("number of updates") and fig.axes[1].get_xlabel() == "examples seen"


def test_draw_gd_variants_starts_at_update_zero_and_draws_batch_on_top():
    table = data.load_table("regression_six_points")
    runs = {label: minibatch.fit_linear(table["x"], table["y"], {"w": np.array([0.2])}, SGD(learning_rate=0.01),
                                         size, 3, rng=np.random.default_rng(1))
            for label, size in (("batch", 6), ("stochastic", 1))}
    fig = Figure()
    minibatch.draw_gd_variants(fig, runs, "six points")
    by_update = fig.axes[0]
    assert by_update.get_xscale() == "symlog" and by_update.get_xlim()[0] == 0
    batch, stochastic = by_update.get_lines()[:2]
    assert batch.get_xdata()[0] == 0 and batch.get_zorder() > stochastic.get_zorder() and batch.get_marker() == "o"
