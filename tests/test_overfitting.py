"""Which trend line is better: polynomial fits, their verdicts, and L2 regularisation (weight decay)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from course_lib import overfitting  # noqa: E402


def _data(seed=0):
    rng = np.random.default_rng(seed)
    return overfitting.noisy_curve(rng, 10), overfitting.noisy_curve(rng, 30)


def test_noisy_curve_is_seeded_sorted_and_centred_on_the_true_curve():
    x, y = overfitting.noisy_curve(np.random.default_rng(3), 2000, noise=0.1)
    assert np.all(np.diff(x) >= 0) and x.min() >= -1 and x.max() <= 1
    assert np.std(y - overfitting.true_curve(x)) == pytest.approx(0.1, rel=0.1)
    again = overfitting.noisy_curve(np.random.default_rng(3), 2000, noise=0.1)
    np.testing.assert_array_equal(y, again[1])


def test_fit_without_penalty_is_least_squares_and_interpolates_at_degree_n_minus_1():
    (x, y), _ = _data()
    np.testing.assert_allclose(overfitting.fit_polynomial(x, y, 3), np.polyfit(x, y, 3)[::-1], atol=1e-10)
    w = overfitting.fit_polynomial(x, y, len(x) - 1)
    np.testing.assert_allclose(overfitting.predict(w, x), y, atol=1e-8)


def test_penalty_solves_the_ridge_normal_equations_and_shrinks_the_weights():
    (x, y), _ = _data()
    design = np.vander(x, 10, increasing=True)
    penalty = 0.01 * np.diag([0.0] + [1.0] * 9)
    expected = np.linalg.solve(design.T @ design + penalty, design.T @ y)
    w = overfitting.fit_polynomial(x, y, 9, l2=0.01)
    np.testing.assert_allclose(w, expected, rtol=1e-6, atol=1e-8)
    sizes = [np.sum(overfitting.fit_polynomial(x, y, 9, l2=lam)[1:] ** 2) for lam in (0.0, 1e-4, 1e-2, 1.0)]
    assert all(a > b for a, b in zip(sizes, sizes[1:]))


def test_weight_decay_descent_reaches_the_ridge_solution():
    (x, y), _ = _data()
    w = overfitting.weight_decay_descent(x, y, 9, l2=0.01, learning_rate=0.05, steps=20000)
    np.testing.assert_allclose(w, overfitting.fit_polynomial(x, y, 9, l2=0.01), atol=1e-5)


def test_verdicts_follow_the_errors():
    under, good, over = (overfitting.VERDICTS[k] for k in ("under", "good", "over"))
    assert overfitting.fit_verdicts([0.2, 0.02, 0.0], [0.3, 0.1, 50.0]) == [under, good, over]
    assert overfitting.fit_verdicts([0.2, 0.02], [0.05, 0.1]) == [good, over]
    assert overfitting.fit_verdicts([0.2, 0.02], [0.3, 0.1]) == [under, good]


def test_fit_errors_and_the_lesson_data_give_under_good_over():
    train, held = _data()
    errors = [overfitting.fit_errors(overfitting.fit_polynomial(*train, d), train, held) for d in (1, 3, 9)]
    assert overfitting.fit_verdicts(*zip(*errors)) == [overfitting.VERDICTS[k] for k in ("under", "good", "over")]


def test_drawings_label_their_axes_and_summarise():
    train, held = _data()
    fits = {f"degree {d}": overfitting.fit_polynomial(*train, d) for d in (1, 9)}
    fig = Figure()
    summary = overfitting.draw_trend_lines(fig, train, held, fits, ["a", "b"])
    assert summary == "degree 1: a; degree 9: b"
    assert all(ax.get_xlabel() == "x" for ax in fig.axes) and fig.axes[0].get_ylabel() == "y"
    assert any(t.get_text() == "curve leaves the chart" for t in fig.axes[1].texts)
    fig = Figure()
    text = overfitting.draw_l2_sweep(fig, [1e-4, 1e-2, 1.0], [0.01, 0.02, 0.2], [5.0, 0.1, 0.3],
                                     [100.0, 5.0, 0.1], 1e-2)
    assert "1e-02" in text and all(ax.get_xlabel() == "L2 penalty λ" for ax in fig.axes)
