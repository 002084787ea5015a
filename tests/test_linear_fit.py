"""Lesson 01's helpers: predictions, MSE/RMSE, the error table, the surface and the explorer."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import data, linear_fit

X, Y = data.load_table("line_two_points")["x"], data.load_table("line_two_points")["y"]


def test_the_slides_guess_has_mse_2_5():
    y_hat = linear_fit.predict(X, -1, 5)
    np.testing.assert_array_equal(y_hat, [4.0, 3.0])
    assert linear_fit.mse(Y, y_hat) == 2.5
    assert linear_fit.rmse(Y, y_hat) == pytest.approx(np.sqrt(2.5))


def test_error_table_columns():
    table = linear_fit.error_columns(X, Y, -1, 5)
    assert list(table) == ["x", "y", "ŷ", "err²"]
    np.testing.assert_array_equal(table["err²"], [1.0, 4.0])


def test_best_line_passes_through_both_points():
    m, b = linear_fit.best_line(X, Y)
    assert (m, b) == pytest.approx((2.0, 1.0))


def test_surface_matches_mse_at_every_grid_point():
    ms, bs = np.linspace(-2, 3, 4), np.linspace(0, 6, 5)
    surface = linear_fit.mse_surface(X, Y, ms, bs)
    assert surface.shape == (5, 4)
    for i, b in enumerate(bs):
        for j, m in enumerate(ms):
            assert surface[i, j] == pytest.approx(linear_fit.mse(Y, linear_fit.predict(X, m, b)))


def test_draw_line_fit_reports_the_numbers_it_draws():
    fig = Figure()
    summary = linear_fit.draw_line_fit(fig, X, Y, -1.0, 5.0)
    assert summary == "m = -1.00, b = 5.00   ŷ = (4.00, 3.00)\nMSE = 2.5000   RMSE = 1.5811"
    assert len(fig.axes) == 2
    assert fig.axes[0].get_xlabel() == "x" and fig.axes[1].get_xlabel() == "slope m"


@pytest.mark.parametrize("m, b", [(0.5, 5.0), (2.0, 1.0), (-2.35, 6.1)])
def test_explorer_shows_what_the_pure_function_computes(m, b):
    explorer = linear_fit.line_fit_explorer(X, Y)
    first_png = explorer.image.value
    text = explorer.set(m=m, b=b)
    assert text == linear_fit.draw_line_fit(Figure(), X, Y, m, b)
    assert explorer.summary.value.startswith("<pre") and f"m = {m:.2f}" in explorer.summary.value
    assert explorer.image.value != first_png
    assert plt.get_fignums() == []  # nothing leaks into pyplot: no figure piles up under the cell


def test_explorer_static_view_for_github_and_nbval():
    bundle = linear_fit.line_fit_explorer(X, Y)._repr_mimebundle_()
    assert bundle["text/plain"].endswith("MSE = 2.5000   RMSE = 1.5811")
    assert bundle["image/png"].startswith("iVBOR")  # base64 of a PNG header
    assert bundle["application/vnd.jupyter.widget-view+json"]["version_major"] == 2


def test_residual_squares_of_two_points_do_not_overlap():
    fig = Figure()
    linear_fit.draw_line_fit(fig, X, Y, -1.0, 5.0)
    left, right = [p.get_bbox() for p in fig.axes[0].patches]
    assert left.x1 <= right.x0  # the left point's square opens to the left
    assert fig.axes[1].texts  # the contours carry their MSE values
