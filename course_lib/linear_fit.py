"""Lesson 01: fit a line y = m·x + b and measure how wrong it is with the mean squared error."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .widgets import Explorer, Scene, slider

MSE_LEVELS = (0.1, 0.5, 1, 2.5, 5, 10, 25, 50)  # round values, so the contour labels read easily


def predict(x: np.ndarray, m: float, b: float) -> np.ndarray:
    """The line's prediction ŷ = m·x + b for every x."""
    return m * np.asarray(x, dtype=float) + b


def mse(y: np.ndarray, y_hat: np.ndarray) -> float:
    """Mean squared error (평균 제곱 오차): the average of (y − ŷ)²."""
    return float(np.mean((np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)) ** 2))


def rmse(y: np.ndarray, y_hat: np.ndarray) -> float:
    """Root mean squared error: √MSE, in the same units as y."""
    return float(np.sqrt(mse(y, y_hat)))


def error_columns(x: np.ndarray, y: np.ndarray, m: float, b: float) -> dict[str, np.ndarray]:
    """The slides' table: x, y, the prediction ŷ and the squared error (y − ŷ)² per point."""
    y_hat = predict(x, m, b)
    return {"x": np.asarray(x), "y": np.asarray(y), "ŷ": y_hat, "err²": (np.asarray(y) - y_hat) ** 2}


def best_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The (m, b) with the smallest MSE (least squares)."""
    m, b = np.polyfit(np.asarray(x, dtype=float), np.asarray(y, dtype=float), deg=1)
    return float(m), float(b)


def mse_surface(x: np.ndarray, y: np.ndarray, ms: np.ndarray, bs: np.ndarray) -> np.ndarray:
    """MSE for every (m, b) on a grid: rows follow ``bs``, columns follow ``ms``."""
    m_grid, b_grid = np.meshgrid(ms, bs)
    y_hat = m_grid[..., None] * np.asarray(x, dtype=float) + b_grid[..., None]
    return np.mean((np.asarray(y, dtype=float) - y_hat) ** 2, axis=-1)


def draw_line_fit(fig: Figure, x: np.ndarray, y: np.ndarray, m: float, b: float,
                  m_range: tuple[float, float] = (-3.0, 5.0),
                  b_range: tuple[float, float] = (-3.0, 7.0)) -> str:
    """Draw the line with its residuals as squares, and where (m, b) sits on the MSE contour.

    Returns the numbers a student reads beside the plot (ŷ per point, MSE, RMSE).
    """
    return LineFitScene(x, y, m_range, b_range).draw(fig, m=m, b=b)


class LineFitScene(Scene):
    """:func:`draw_line_fit` for one data set, able to move its line, squares and (m, b) marker.

    Fixed: the data, the axes and the MSE contours. Moving: the residual squares and segments,
    the line, the current (m, b) and the legend's line label.
    """

    def __init__(self, x: np.ndarray, y: np.ndarray, m_range: tuple[float, float] = (-3.0, 5.0),
                 b_range: tuple[float, float] = (-3.0, 7.0)):
        self.x, self.y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self.m_range, self.b_range = m_range, b_range
        y_span = self.y.max() - self.y.min() + 6  # the y window below; x gets as wide a window (aspect 1)
        centre = (self.x.min() + self.x.max()) / 2
        half = max(y_span, np.ptp(self.x) + 4) / 2
        self.x_window = (centre - half, centre + half)
        self.line_xs = np.array(self.x_window)

    def draw(self, fig: Figure, m: float, b: float) -> str:
        x, y = self.x, self.y
        y_hat = predict(x, m, b)
        fit, surface = fig.subplots(1, 2, gridspec_kw={"wspace": 0.22, "width_ratios": (1, 1.15), "left": 0.06,
                                                       "right": 0.98, "bottom": 0.14, "top": 0.9})
        self.squares, self.segments = _draw_residual_squares(fit, x, y, y_hat)
        xs = self.line_xs
        (self.line,) = fit.plot(xs, predict(xs, m, b), color="tab:red", label=_line_label(m, b))
        fit.scatter(x, y, color="black", zorder=3, label="data (x, y)")
        fit.set(xlabel="x", ylabel="y", title="The line and its squared errors", aspect="equal",
                xlim=self.x_window, ylim=(y.min() - 3, y.max() + 3))
        self.line_label = fit.legend(loc="upper left", fontsize="small").get_texts()[0]

        ms, bs = np.linspace(*self.m_range, 81), np.linspace(*self.b_range, 81)
        contours = surface.contour(ms, bs, mse_surface(x, y, ms, bs), levels=MSE_LEVELS, cmap="viridis")
        surface.clabel(contours, levels=[level for level in MSE_LEVELS if level >= 1], fontsize="x-small",
                       fmt="%g")  # the innermost rings crowd the minimum: left unlabelled
        surface.plot(*best_line(x, y), marker="*", color="black", markersize=10, linestyle="none",
                     label="lowest MSE")
        (self.current,) = surface.plot(m, b, marker="o", color="tab:red", linestyle="none", label="current (m, b)")
        surface.set(xlabel="slope m", ylabel="intercept b", title="MSE over (m, b): contour labels give the MSE")
        surface.legend(loc="upper right", fontsize="small")
        self.moving = [*self.squares, *self.segments, self.line, self.line_label, self.current]
        return self.summary(m, b)

    def update(self, m: float, b: float) -> str:
        y_hat = predict(self.x, m, b)
        for square, segment, xi, yi, hi in zip(self.squares, self.segments, self.x, self.y, y_hat):
            _move_square(square, xi, hi, yi - hi, _leftward(self.x, xi))
            segment.set_data([xi, xi], [hi, yi])
        self.line.set_ydata(predict(self.line_xs, m, b))
        self.line_label.set_text(_line_label(m, b))
        self.current.set_data([m], [b])
        return self.summary(m, b)

    def summary(self, m: float, b: float) -> str:
        y_hat = predict(self.x, m, b)
        value = mse(self.y, y_hat)
        return (f"m = {m:.2f}, b = {b:.2f}   ŷ = ({', '.join(f'{v:.2f}' for v in y_hat)})\n"
                f"MSE = {value:.4f}   RMSE = {np.sqrt(value):.4f}")


def _line_label(m: float, b: float) -> str:
    """``ŷ = 1.00·x − 0.09``: the line as a student writes it, with the sign of b in front of it."""
    return f"ŷ = {m:.2f}·x {'−' if b < 0 else '+'} {abs(b):.2f}"


def _draw_residual_squares(ax, x: np.ndarray, y: np.ndarray, y_hat: np.ndarray) -> tuple[list, list]:
    """Each residual y − ŷ drawn as a vertical segment with its square beside it: area = error².

    Returns the squares and the segments.
    """
    squares, segments = [], []
    for xi, yi, hi in zip(x, y, y_hat):
        squares.append(ax.add_patch(_square(xi, hi, yi - hi, _leftward(x, xi))))
        segments += ax.plot([xi, xi], [hi, yi], color="tab:orange", linewidth=2)
    return squares, segments


def _leftward(x: np.ndarray, x0: float) -> bool:
    """Squares of points left of the middle open to the left, the others to the right: they do not overlap."""
    return x0 < (np.min(x) + np.max(x)) / 2


def _square(x0: float, y0: float, side: float, leftward: bool = False) -> Rectangle:
    corner = x0 - abs(side) if leftward else x0
    return Rectangle((corner, min(y0, y0 + side)), abs(side), abs(side), alpha=0.25, color="tab:orange")


def _move_square(square: Rectangle, x0: float, y0: float, side: float, leftward: bool = False) -> None:
    """The same square as :func:`_square` draws, for another residual."""
    square.set_xy((x0 - abs(side) if leftward else x0, min(y0, y0 + side)))
    square.set_width(abs(side))
    square.set_height(abs(side))


def line_fit_explorer(x: np.ndarray, y: np.ndarray, m: float = -1.0, b: float = 5.0) -> Explorer:
    """m and b sliders over :func:`draw_line_fit`: the line, its squared errors and the MSE move live."""
    return Explorer(LineFitScene(x, y),
                    {"m": slider("slope m", m, -3.0, 5.0, 0.05),
                     "b": slider("intercept b", b, -3.0, 7.0, 0.05)})
