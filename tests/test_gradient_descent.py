"""Lesson 02's helpers: gradient descent on the slides' data (the gradient check has its own tests)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import data, gradient_check, gradient_descent as gd

LINE = data.load_table("line_two_points")
X, Y = LINE["x"], LINE["y"]
SIX = data.load_table("regression_six_points")
X6, Y6 = SIX["x"].astype(float), SIX["y"]


# --- the two-point line ----------------------------------------------------------------------------

def test_gradient_at_the_slides_start_is_minus_3_minus_1():
    np.testing.assert_allclose(gd.mse_gradient(X, Y, -1, 5), [-3.0, -1.0])
    assert gd.mse_gradient(X, Y, -1, 5).shape == (2,)
    np.testing.assert_allclose(gd.mse_gradient(X, Y, 2, 1), [0.0, 0.0])  # the best line
    assert gd.mse(X, Y, -1, 5) == 2.5


@pytest.mark.parametrize("m, b", [(-1.0, 5.0), (0.3, -2.0), (4.0, 4.0)])
def test_analytic_gradient_matches_finite_differences(m, b):
    numerical = gradient_check.numerical_gradient(lambda p: gd.mse(X, Y, *p), [m, b])
    assert gradient_check.relative_error(gd.mse_gradient(X, Y, m, b), numerical) < 1e-8


def test_gradient_formulas_written_out():
    coefficients = gd.gradient_coefficients(X, Y)
    assert coefficients == {"m": (5.0, 3.0, -13.0), "b": (3.0, 2.0, -8.0)}
    assert gd.linear_formula(*coefficients["m"]) == "5m + 3b − 13"
    assert gd.linear_formula(*coefficients["b"]) == "3m + 2b − 8"
    assert gd.linear_formula(-1.0, 1.0, 0.5) == "−m + b + 0.5"
    for m, b in [(-1, 5), (0.5, 0.25)]:  # the formulas are the gradient
        p, q, r = coefficients["m"]
        s, t, u = coefficients["b"]
        np.testing.assert_allclose([p * m + q * b + r, s * m + t * b + u], gd.mse_gradient(X, Y, m, b))


def test_one_step_for_the_slides_learning_rates():
    assert gd.gd_step(X, Y, -1, 5, 0.1) == pytest.approx((-0.7, 5.1))
    table = gd.update_columns(X, Y, -1, 5, [0.5, 0.005, 0.1])
    assert table["new m"] == pytest.approx([0.5, -0.985, -0.7])
    assert table["MSE after"] == pytest.approx([5.625, 2.4508125, 1.825])
    assert table["better?"] == ["NO", "yes", "yes"]


def test_descend_returns_the_path_and_losses():
    path, losses = gd.descend(X, Y, -1, 5, 0.1, 3)
    assert path.shape == (4, 2) and losses.shape == (4,)
    np.testing.assert_allclose(path[1], gd.gd_step(X, Y, -1, 5, 0.1))
    assert losses[0] == 2.5 and np.all(np.diff(losses) < 0)


def test_largest_stable_learning_rate():
    np.testing.assert_allclose(gd.hessian(X), [[5, 3], [3, 2]])
    flat, steep = gd.curvatures(X)
    assert (flat, steep) == pytest.approx(((7 - np.sqrt(45)) / 2, (7 + np.sqrt(45)) / 2))
    limit = gd.max_stable_learning_rate(X)
    assert limit == pytest.approx(4 / (7 + np.sqrt(45)))
    _, above = gd.descend(X, Y, -1, 5, 1.02 * limit, 300)
    _, below = gd.descend(X, Y, -1, 5, 0.98 * limit, 300)
    assert above[-1] > 1e3 and below[-1] < 1e-6
    assert gd.steps_to_reach(X, Y, -1, 5, 0.5, 1e-4) is None
    assert gd.steps_to_reach(X, Y, -1, 5, 2 / 7, 1e-4) < gd.steps_to_reach(X, Y, -1, 5, 0.1, 1e-4)
    assert gd.steps_to_reach(X, Y, -1, 5, 0.1, 10.0) == 0


def test_learning_rate_table():
    table = gd.learning_rate_columns(X, Y, -1, 5, [0.5, 0.1], steps=10, target=1e-4)
    assert table["steps to MSE ≤ 0.0001"][0] == "never (diverges)"
    assert table["MSE after 10 steps"][1] == pytest.approx(gd.descend(X, Y, -1, 5, 0.1, 10)[1][-1])


def test_difference_errors():
    errors = gd.difference_errors(lambda v: v * v, lambda v: 2 * v, 3.0, [1e-1, 1e-2])
    assert errors["forward error"] == pytest.approx([0.1, 0.01])
    assert np.all(errors["central error"] < 1e-12)


def test_static_drawings_label_their_axes_and_report_numbers():
    fig = Figure()
    assert gd.draw_loss_curve(fig, X, Y, -1, 5, 0.1) == ("at m = -1: MSE = 2.5000, slope = -3.0000\n"
                                                          "one step with λ = 0.1: m = -0.7000, MSE = 1.8250")
    assert fig.axes[0].get_xlabel() == "slope m" and fig.axes[0].get_ylabel() == "MSE"
    fig = Figure()
    errors = gd.difference_errors(lambda v: v ** 3, lambda v: 3 * v * v, 1.0, np.logspace(-1, -12, 12))
    assert "smallest central error at h" in gd.draw_difference_errors(fig, {"cube": errors})
    assert fig.axes[0].get_xlabel() == "step size h"
    fig = Figure()
    text = gd.draw_learning_rates(fig, X, Y, -1, 5, {"slow": 0.01, "fast": 0.3}, steps=20)
    slow_mse = gd.descend(X, Y, -1, 5, 0.01, 20)[1][-1]
    assert text.splitlines()[0] == f"slow (λ = 0.01): MSE after 20 steps = {slow_mse:.4g}"
    assert [ax.get_xlabel() for ax in fig.axes] == ["slope m", "step"]


def test_draw_descent_summary():
    text = gd.draw_descent(Figure(), X, Y, 0.1, 1)
    assert text == ("λ = 0.100 (stable: the largest stable λ is 0.2918)   step 1\n"
                    "m = -0.7000, b = 5.1000, MSE = 1.8250   gradient (∂MSE/∂m, ∂MSE/∂b) = (-1.2000, 0.1000)")
    assert "diverges" in gd.draw_descent(Figure(), X, Y, 0.3, 50)
    assert "DIVERGED" in gd.draw_descent(Figure(), X, Y, 0.5, 50)


@pytest.mark.parametrize("lr, steps", [(0.1, 0), (0.25, 7), (0.3, 40), (0.005, 150)])
def test_explorer_shows_what_the_pure_function_computes(lr, steps):
    explorer = gd.descent_explorer(X, Y)
    first_png = explorer.image.value
    text = explorer.set(learning_rate=lr, steps=steps)
    assert text == gd.draw_descent(Figure(), X, Y, lr, steps)
    assert f"step {steps}" in explorer.summary.value
    if (lr, steps) != (0.1, 0):
        assert explorer.image.value != first_png
    assert plt.get_fignums() == []


def test_explorer_step_buttons_move_the_step_slider():
    explorer = gd.descent_explorer(X, Y, max_steps=20)
    play, buttons = explorer.box.children[1].children
    assert (play.min, play.max) == (0, 20)
    one, ten, reset = buttons.children
    one.click()
    assert explorer.values["steps"] == 1 and explorer.text == gd.draw_descent(Figure(), X, Y, 0.1, 1, max_steps=20)
    ten.click(), ten.click()
    assert explorer.values["steps"] == 20  # clamped at the slider's maximum
    reset.click()
    assert explorer.values["steps"] == 0


def test_explorer_static_view():
    bundle = gd.descent_explorer(X, Y)._repr_mimebundle_()
    assert bundle["text/plain"].startswith("λ = 0.100 (stable")
    assert bundle["image/png"].startswith("iVBOR")


# --- the six-point regression example ------------------------------------------------------------

def test_six_point_mse_and_batch_step():
    assert gd.mse_w(X6, Y6, 0.2) == pytest.approx(33.95 / 6)
    assert gd.gradient_w(X6, Y6, 0.2) == pytest.approx(-42.8 / 3)
    assert gd.batch_step(X6, Y6, 0.2, 0.01) == pytest.approx(0.2 + 0.01 * 42.8 / 3)
    assert gd.gradient_w(4.0, 4.3, 0.272) == pytest.approx(-2 * (4.3 - 0.272 * 4) * 4)  # one sample


def test_sgd_uses_the_current_weights_prediction():
    table = gd.sgd_columns(X6, Y6, 0.2, 0.01, order=[2, 4])
    assert table["w before"] == pytest.approx([0.2, 0.272])
    assert table["ŷ = w·x"] == pytest.approx([0.4, 1.088])
    assert table["w after"] == pytest.approx([0.272, 0.52896])
    assert table["MSE (all 6)"][-1] == pytest.approx(gd.mse_w(X6, Y6, 0.52896))


def test_train_history_counts_steps_per_epoch_and_is_repeatable():
    for batch_size, steps in [(6, 1), (2, 3), (1, 6), (4, 2)]:
        positions, losses = gd.train_history(X6, Y6, 0.2, 0.01, 3, batch_size, np.random.default_rng(0))
        assert len(losses) == 1 + 3 * steps and positions[-1] == 3.0
        assert gd.steps_per_epoch(len(X6), batch_size) == steps
    batch = gd.train_history(X6, Y6, 0.2, 0.01, 2, 6)[1]
    assert batch[1] == pytest.approx(gd.mse_w(X6, Y6, gd.batch_step(X6, Y6, 0.2, 0.01)))
    first = gd.train_history(X6, Y6, 0.2, 0.01, 5, 1, np.random.default_rng(3))
    again = gd.train_history(X6, Y6, 0.2, 0.01, 5, 1, np.random.default_rng(3))
    np.testing.assert_array_equal(first[1], again[1])
    ordered = gd.train_history(X6, Y6, 0.2, 0.01, 1, 1)[1]
    np.testing.assert_allclose(ordered[1:], gd.sgd_columns(X6, Y6, 0.2, 0.01, range(6))["MSE (all 6)"])


def test_six_point_drawings():
    fig = Figure()
    assert gd.draw_six_points(fig, X6, Y6, {"start": 0.2}) == f"start: w = 0.2000, MSE = {gd.mse_w(X6, Y6, 0.2):.4f}"
    fig = Figure()
    histories = {"SGD": gd.train_history(X6, Y6, 0.2, 0.01, 2, 1)}
    assert gd.draw_histories(fig, histories, best=0.1, learning_rate=0.01).startswith("SGD: 12 steps, final MSE = ")
    assert fig.axes[0].get_xlabel().startswith("epoch")


def test_readable_numbers_and_notes_when_the_run_leaves_the_plots():
    assert gd.readable(-2829353143476293730304.0) == "-2.829e+21" and gd.readable(0.1) == "0.1000"
    scene = gd.DescentScene(X, Y)
    path, losses = scene.run(0.5, 20)
    assert scene.window_note(path) != "" and scene.chart_note(losses).startswith("MSE > 1000 from step")
    path, losses = scene.run(0.1, 20)
    assert scene.window_note(path) == "" and scene.chart_note(losses) == ""
    assert gd.descent_explorer(X, Y).controls["learning_rate"].max == 0.5  # the slides' λ = 0.5 can be tried


def test_eigen_directions_and_offsets():
    values, vectors = gd.eigen_directions(X)
    np.testing.assert_allclose(gd.hessian(X) @ vectors, vectors * values)
    np.testing.assert_allclose(gd.eigen_offsets(X, Y, [gd.linear_fit.best_line(X, Y)]), [[0, 0]], atol=1e-9)


def test_best_learning_rate_gives_each_batch_size_its_own():
    rates = [0.01, 0.05, 0.2]
    lr, loss = gd.best_learning_rate(X6, Y6, 0.2, rates, 3, 6)
    assert lr == 0.05 and loss == pytest.approx(gd.train_history(X6, Y6, 0.2, 0.05, 3, 6)[1][-1])
    assert gd.best_learning_rate(X6, Y6, 0.2, [0.2, 0.01], 3, 1)[0] == 0.01  # 0.2 diverges for SGD
