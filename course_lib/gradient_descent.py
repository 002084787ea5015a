"""Lesson 02: gradient descent (경사 하강법) on the slides' two-point line and six-point data.

Two small problems from the slides:

* the two points (1, 3), (2, 5) of lesson 01 with the line ŷ = m·x + b: the loss MSE(m, b)
  is a bowl over the (m, b) plane, and one gradient-descent step moves (m, b) downhill by the
  learning rate λ (학습률) times the gradient;
* the six points of the optimizer slides (x = 0..5) with the line ŷ = w·x through the origin:
  one weight, so the loss is a curve L(w), and batch, stochastic and mini-batch gradient
  descent differ only in *how many samples* each step looks at.

Every function is pure (no hidden state): a student can call it with any numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator, NullLocator

from . import linear_fit
from .gradient_check import central_difference, forward_difference
from .minibatch import minibatches
from .widgets import Explorer, Scene, int_slider, slider, step_buttons

# --- The two-point line: MSE(m, b) ---------------------------------------------------------------


def mse(x, y, m: float, b: float) -> float:
    """The MSE of the line ŷ = m·x + b on the points (x, y)."""
    return linear_fit.mse(y, linear_fit.predict(x, m, b))


def mse_gradient(x, y, m: float, b: float) -> np.ndarray:
    """The gradient [∂MSE/∂m, ∂MSE/∂b] of the line's MSE, as an array of shape (2,).

    By the chain rule, with the error e = y − ŷ and ŷ = m·x + b:
    ∂MSE/∂m = −(2/n)·Σ e·x  and  ∂MSE/∂b = −(2/n)·Σ e.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    error = y - (m * x + b)
    return np.array([-2 * np.mean(error * x), -2 * np.mean(error)])


def gradient_coefficients(x, y) -> dict[str, tuple[float, float, float]]:
    """The gradient written out as linear formulas in m and b, from the data's sums.

    ``{"m": (p, q, r), "b": (s, t, u)}`` means ∂MSE/∂m = p·m + q·b + r and ∂MSE/∂b = s·m + t·b + u,
    where p = (2/n)Σx², q = (2/n)Σx, r = −(2/n)Σxy, s = (2/n)Σx, t = 2, u = −(2/n)Σy.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(x)
    return {"m": (2 * np.sum(x * x) / n, 2 * np.sum(x) / n, -2 * np.sum(x * y) / n),
            "b": (2 * np.sum(x) / n, 2.0, -2 * np.sum(y) / n)}


def linear_formula(p: float, q: float, r: float) -> str:
    """``(5, 3, -13)`` → ``"5m + 3b − 13"``: a linear formula in m and b, as a student writes it."""
    text = f"{_coefficient(p)}m"
    text += f" {'+' if q >= 0 else '−'} {_coefficient(abs(q))}b"
    text += f" {'+' if r >= 0 else '−'} {abs(r):g}"
    return text


def _coefficient(value: float) -> str:
    return {1.0: "", -1.0: "−"}.get(float(value), f"{value:g}".replace("-", "−"))


def gd_step(x, y, m: float, b: float, learning_rate: float) -> tuple[float, float]:
    """One gradient-descent step: m := m − λ·∂MSE/∂m, b := b − λ·∂MSE/∂b."""
    dm, db = mse_gradient(x, y, m, b)
    return float(m - learning_rate * dm), float(b - learning_rate * db)


def descend(x, y, m: float, b: float, learning_rate: float, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Run ``steps`` gradient-descent steps from (m, b).

    Returns the path, shape (steps + 1, 2) with the start in row 0, and the MSE at every row.
    A diverging run (too large a λ) is returned as it is, however large the numbers grow.
    """
    path = np.empty((steps + 1, 2))
    path[0] = m, b
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            path[k + 1] = gd_step(x, y, *path[k], learning_rate)
        losses = np.array([mse(x, y, pm, pb) for pm, pb in path])
    return path, losses


def update_columns(x, y, m: float, b: float, learning_rates: Sequence[float]) -> dict[str, list]:
    """One step from (m, b) for each learning rate: the new m, b and whether the MSE went down."""
    before = mse(x, y, m, b)
    rows: dict[str, list] = {"λ": [], "new m": [], "new b": [], "MSE before": [], "MSE after": [],
                             "better?": []}
    for learning_rate in learning_rates:
        new_m, new_b = gd_step(x, y, m, b, learning_rate)
        after = mse(x, y, new_m, new_b)
        for key, value in zip(rows, (learning_rate, new_m, new_b, before, after, "yes" if after < before else "NO")):
            rows[key].append(value)
    return rows


def hessian(x) -> np.ndarray:
    """The (constant) second derivatives of the line's MSE: [[(2/n)Σx², (2/n)Σx], [(2/n)Σx, 2]].

    They say how fast the gradient itself changes; they do not depend on y, m or b.
    """
    x = np.asarray(x, dtype=float)
    p, q = 2 * np.mean(x * x), 2 * np.mean(x)
    return np.array([[p, q], [q, 2.0]])


def curvatures(x) -> np.ndarray:
    """The bowl's curvature along its flattest and its steepest direction (eigenvalues, ascending)."""
    return np.linalg.eigvalsh(hessian(x))


def max_stable_learning_rate(x) -> float:
    """The largest λ for which gradient descent on the line's MSE does not blow up: 2 / steepest curvature.

    Along a direction of curvature c, one step multiplies the distance to the minimum by
    (1 − λ·c). Above λ = 2/c that factor is below −1: every step overshoots further than the last.
    """
    return float(2 / curvatures(x)[-1])


def steps_to_reach(x, y, m: float, b: float, learning_rate: float, target: float,
                   max_steps: int = 100_000) -> int | None:
    """How many steps until the MSE is at most ``target`` (None: not within ``max_steps``)."""
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(max_steps + 1):
            loss = mse(x, y, m, b)
            if loss <= target:
                return k
            if not np.isfinite(loss) or loss > 1e12:
                return None
            m, b = gd_step(x, y, m, b, learning_rate)
    return None


def learning_rate_columns(x, y, m: float, b: float, learning_rates: Sequence[float], steps: int,
                        target: float) -> dict[str, list]:
    """For each λ: the MSE after ``steps`` steps and the steps needed to reach ``target``."""
    rows: dict[str, list] = {"λ": [], f"MSE after {steps} steps": [], f"steps to MSE ≤ {target:g}": []}
    for learning_rate in learning_rates:
        _, losses = descend(x, y, m, b, learning_rate, steps)
        needed = steps_to_reach(x, y, m, b, learning_rate, target)
        rows["λ"].append(learning_rate)
        rows[f"MSE after {steps} steps"].append(losses[-1])
        rows[f"steps to MSE ≤ {target:g}"].append("never (diverges)" if needed is None else needed)
    return rows


# --- Pictures ------------------------------------------------------------------------------------

M_RANGE, B_RANGE = (-2.5, 4.5), (-2.0, 7.0)
LOSS_LIMITS = (1e-4, 1e3)


def _plain_log_axis(axis) -> None:
    """Log-scale ticks labelled 0.001, 0.01, ... in plain text (faster to draw than 10⁻³ in mathtext)."""
    axis.set_major_locator(LogLocator(base=10, numticks=12))
    axis.set_major_formatter(lambda value, _: f"{value:g}")
    axis.set_minor_locator(NullLocator())


def draw_loss_curve(fig: Figure, x, y, m: float, b: float, learning_rate: float) -> str:
    """The loss curve MSE(m) with b held fixed, zoomed to one step: the tangent at m and the step against it."""
    ax = fig.subplots(gridspec_kw={"left": 0.1, "right": 0.97, "bottom": 0.14, "top": 0.9})
    slope = mse_gradient(x, y, m, b)[0]
    new_m = m - learning_rate * slope
    low, high = min(m, new_m), max(m, new_m)
    ms = np.linspace(low - 0.6 * (high - low), high + 0.6 * (high - low), 200)
    curve = np.array([mse(x, y, mi, b) for mi in ms])
    ax.plot(ms, curve, color="tab:blue", label=f"MSE(m) with b = {b:g}")
    ax.plot(ms, mse(x, y, m, b) + slope * (ms - m), color="tab:red", linestyle="--",
            label=f"tangent: slope ∂MSE/∂m = {slope:g}")
    ax.plot(m, mse(x, y, m, b), "o", color="tab:red", label=f"start m = {m:g}")
    ax.annotate("", xy=(new_m, mse(x, y, new_m, b)), xytext=(m, mse(x, y, m, b)),
                arrowprops={"arrowstyle": "->", "color": "black", "linewidth": 1.5})
    ax.plot(new_m, mse(x, y, new_m, b), "o", color="black",
            label=f"after one step, λ = {learning_rate:g}: m = {new_m:g}")
    span = curve.max() - curve.min()
    ax.set(xlabel="slope m", ylabel="MSE", title="The loss curve near the start: one step (b fixed)",
           ylim=(curve.min() - 0.1 * span, curve.max() + 0.45 * span), xlim=(ms[0], ms[-1]))
    ax.legend(loc="upper right", fontsize="small")
    return (f"at m = {m:g}: MSE = {mse(x, y, m, b):.4f}, slope = {slope:.4f}\n"
            f"one step with λ = {learning_rate:g}: m = {new_m:.4f}, MSE = {mse(x, y, new_m, b):.4f}")


def difference_errors(f, derivative, x: float, hs) -> dict[str, np.ndarray]:
    """|finite difference − true derivative| for the forward and the central difference at each h."""
    hs = np.asarray(hs, dtype=float)
    exact = derivative(x)
    return {"h": hs,
            "forward error": np.array([abs(forward_difference(f, x, h) - exact) for h in hs]),
            "central error": np.array([abs(central_difference(f, x, h) - exact) for h in hs])}


def draw_difference_errors(fig: Figure, cases: dict[str, dict[str, np.ndarray]]) -> str:
    """One log-log panel per function: forward and central difference error against h."""
    axes = fig.subplots(1, len(cases), squeeze=False,
                        gridspec_kw={"wspace": 0.25, "left": 0.08, "right": 0.98, "bottom": 0.15, "top": 0.88})[0]
    lines = []
    for ax, (title, errors) in zip(axes, cases.items()):
        hs = errors["h"]
        floor = 1e-17  # an error of exactly 0 cannot be drawn on a log axis
        ax.loglog(hs, np.maximum(errors["forward error"], floor), "o-", label="forward (f(x+h) − f(x)) / h")
        ax.loglog(hs, np.maximum(errors["central error"], floor), "s-", label="central (f(x+h) − f(x−h)) / 2h")
        ax.set(xlabel="step size h", ylabel="|error|", title=title, ylim=(1e-17, 10))
        ax.invert_xaxis()
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(loc="lower left", fontsize="small")
        best = hs[np.argmin(errors["central error"])]
        lines.append(f"{title}: smallest central error at h = {best:.0e}")
    return "\n".join(lines)


def mse_surface(x, y, ms=None, bs=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ms, bs, MSE grid) over the plotting window: rows follow bs, columns follow ms."""
    ms = np.linspace(*M_RANGE, 121) if ms is None else ms
    bs = np.linspace(*B_RANGE, 121) if bs is None else bs
    return ms, bs, linear_fit.mse_surface(x, y, ms, bs)


def _draw_contours(ax, x, y, surface) -> None:
    ms, bs, grid = surface
    ax.contour(ms, bs, grid, levels=np.geomspace(0.02, 60, 12), cmap="viridis", linewidths=0.8)
    ax.plot(*linear_fit.best_line(x, y), marker="*", color="black", markersize=11, linestyle="none",
            label="lowest MSE")
    ax.set(xlabel="slope m", ylabel="intercept b", xlim=M_RANGE, ylim=B_RANGE)


def eigen_directions(x) -> tuple[np.ndarray, np.ndarray]:
    """The bowl's curvatures (eigenvalues, flat first) and its directions (unit eigenvectors, as columns).

    An eigenvector of the Hessian is a direction in which the gradient points straight along
    the direction itself; its eigenvalue is the curvature along it.
    """
    return np.linalg.eigh(hessian(x))


def eigen_offsets(x, y, path: np.ndarray) -> np.ndarray:
    """Each row of ``path`` as its distance from the lowest point along the flat and the steep direction."""
    _, vectors = eigen_directions(x)
    return (np.asarray(path, dtype=float) - np.array(linear_fit.best_line(x, y))) @ vectors


def _draw_eigen_directions(ax, x, y) -> None:
    """The two eigen-directions as dashed lines through the lowest point, labelled with their curvature."""
    values, vectors = eigen_directions(x)
    centre = np.array(linear_fit.best_line(x, y))
    for name, value, vector, style in zip(("flat", "steep"), values, vectors.T, (":", "--")):
        ends = centre + np.outer([-8, 8], vector)
        ax.plot(ends[:, 0], ends[:, 1], style, color="gray", linewidth=1.2,
                label=f"{name} direction (curvature {value:.3f})")


def draw_learning_rates(fig: Figure, x, y, m: float, b: float, learning_rates: dict[str, float], steps: int) -> str:
    """Paths on the MSE contours and MSE against step for a few learning rates, both for ``steps`` steps."""
    contour, curve = fig.subplots(1, 2, gridspec_kw={"wspace": 0.28, "width_ratios": (1, 1.2),
                                                     "left": 0.07, "right": 0.98, "bottom": 0.3, "top": 0.92})
    _draw_contours(contour, x, y, mse_surface(x, y))
    _draw_eigen_directions(contour, x, y)
    lines = []
    styles = ("o-", "s--", ".-", ".-", ".-")
    colors = ("tab:red", "tab:green", "tab:blue", "tab:purple", "tab:orange")
    for (name, learning_rate), color, style in zip(learning_rates.items(), colors,
                                        styles):
        path, losses = descend(x, y, m, b, learning_rate, steps)
        contour.plot(path[:, 0], path[:, 1], style, color=color, linewidth=0.6, markersize=2.5, alpha=0.8,
                     label=f"path, {name}")
        curve.semilogy(np.arange(steps + 1), np.clip(losses, *LOSS_LIMITS), color=color,
                       label=f"{name}: λ = {learning_rate:.4g}")
        lines.append(f"{name} (λ = {learning_rate:.4g}): MSE after {steps} steps = {losses[-1]:.4g}")
    contour.plot(m, b, "o", color="black", label="start")
    contour.set_title(f"{steps} steps over the MSE contours")
    contour.legend(loc="upper left", bbox_to_anchor=(0.0, -0.17), ncol=2, fontsize="x-small")
    curve.set(xlabel="step", ylabel="MSE (log scale)", title="MSE after each step",
              ylim=LOSS_LIMITS, xlim=(0, steps))
    curve.grid(True, alpha=0.3)
    curve.legend(loc="lower left", fontsize="small")
    return "\n".join(lines)


def draw_descent(fig: Figure, x, y, learning_rate: float, steps: int, m0: float = -1.0, b0: float = 5.0,
                 max_steps: int = 150, surface=None) -> str:
    """The widget's picture: ``steps`` steps with learning rate ``learning_rate`` on the contours and on the loss curve.

    ``surface`` is :func:`mse_surface`'s result, passed in so a widget computes it only once.
    """
    return DescentScene(x, y, m0, b0, max_steps, surface).draw(fig, learning_rate=learning_rate, steps=steps)


class DescentScene(Scene):
    """:func:`draw_descent` for one start, able to move the path and the loss curve.

    Fixed: the MSE contours, the lowest point, the axes. Moving: the path, its last point, the
    title (λ), the legend's step label and the MSE curve. A run is computed once per λ, for
    ``max_steps`` steps; moving the step slider only shows more or less of it.
    """

    def __init__(self, x, y, m0: float = -1.0, b0: float = 5.0, max_steps: int = 150, surface=None):
        self.x, self.y, self.m0, self.b0, self.max_steps = x, y, m0, b0, max_steps
        self.surface = mse_surface(x, y) if surface is None else surface
        self._runs: dict[float, tuple[np.ndarray, np.ndarray]] = {}

    def run(self, learning_rate: float, steps: int) -> tuple[np.ndarray, np.ndarray]:
        """(path, losses) of ``steps`` steps: the first rows of the run to ``max_steps`` (the same numbers)."""
        if steps > self.max_steps:
            return descend(self.x, self.y, self.m0, self.b0, learning_rate, steps)
        if learning_rate not in self._runs:
            if len(self._runs) > 64:
                self._runs.clear()
            self._runs[learning_rate] = descend(self.x, self.y, self.m0, self.b0, learning_rate, self.max_steps)
        path, losses = self._runs[learning_rate]
        return path[:steps + 1], losses[:steps + 1]

    def draw(self, fig: Figure, learning_rate: float, steps: int) -> str:
        x, y, m0, b0 = self.x, self.y, self.m0, self.b0
        path, losses = self.run(learning_rate, steps)
        contour, curve = fig.subplots(1, 2, gridspec_kw={"wspace": 0.28, "width_ratios": (1, 1.2),
                                                         "left": 0.07, "right": 0.98, "bottom": 0.13, "top": 0.9})
        _draw_contours(contour, x, y, self.surface)
        (self.path,) = contour.plot(path[:, 0], path[:, 1], ".-", color="tab:red", linewidth=1, markersize=4)
        contour.plot(m0, b0, "o", color="black", label="start")
        (self.end,) = contour.plot(*path[-1], "o", color="tab:red", markersize=8, label=f"after step {steps}")
        contour.set_title(f"Gradient descent, λ = {learning_rate:.3f}")
        self.title = contour.title
        self.end_label = contour.legend(loc="upper right", fontsize="x-small").get_texts()[-1]
        self.off_window = contour.text(0.03, 0.04, self.window_note(path), transform=contour.transAxes,
                                       fontsize="small", color="tab:red", fontweight="bold")

        (self.curve,) = curve.semilogy(np.arange(steps + 1), np.clip(losses, *LOSS_LIMITS), ".-",
                                       color="tab:red", markersize=3)
        curve.set(xlabel="step", ylabel="MSE (log scale)", title="MSE after each step",
                  xlim=(0, self.max_steps), ylim=LOSS_LIMITS)
        _plain_log_axis(curve.yaxis)
        curve.grid(True, alpha=0.3)
        self.off_chart = curve.text(0.97, 0.95, self.chart_note(losses), transform=curve.transAxes, ha="right",
                                    va="top", fontsize="small", color="tab:red", fontweight="bold")
        self.moving = [self.path, self.end, self.title, self.end_label, self.curve, self.off_window,
                       self.off_chart]
        return self.summary(learning_rate, steps, path, losses)

    def update(self, learning_rate: float, steps: int) -> str:
        path, losses = self.run(learning_rate, steps)
        self.path.set_data(path[:, 0], path[:, 1])
        self.end.set_data(path[-1:, 0], path[-1:, 1])
        self.title.set_text(f"Gradient descent, λ = {learning_rate:.3f}")
        self.end_label.set_text(f"after step {steps}")
        self.curve.set_data(np.arange(steps + 1), np.clip(losses, *LOSS_LIMITS))
        self.off_window.set_text(self.window_note(path))
        self.off_chart.set_text(self.chart_note(losses))
        return self.summary(learning_rate, steps, path, losses)

    @staticmethod
    def window_note(path: np.ndarray) -> str:
        """Said on the contour plot when the current (m, b) lies outside its window ('' otherwise)."""
        m, b = path[-1]
        inside = M_RANGE[0] <= m <= M_RANGE[1] and B_RANGE[0] <= b <= B_RANGE[1]
        return "" if inside else "the current (m, b) is off this window"

    @staticmethod
    def chart_note(losses: np.ndarray) -> str:
        """Said on the MSE plot when some MSE is above its top ('' otherwise): from which step."""
        above = np.flatnonzero(~(losses <= LOSS_LIMITS[1]))
        return "" if above.size == 0 else f"MSE > {LOSS_LIMITS[1]:g} from step {above[0]}:\ndrawn at the top edge"

    def summary(self, learning_rate: float, steps: int, path: np.ndarray, losses: np.ndarray) -> str:
        x, y = self.x, self.y
        limit = max_stable_learning_rate(x)
        m, b = path[-1]
        verdict = "stable" if learning_rate < limit else "diverges"
        with np.errstate(over="ignore", invalid="ignore"):
            dm, db = mse_gradient(x, y, m, b)
        state = "DIVERGED — " if not losses[-1] <= LOSS_LIMITS[1] else ""
        return (f"λ = {learning_rate:.3f} ({verdict}: the largest stable λ is {limit:.4f})   step {steps}\n"
                f"{state}m = {readable(m)}, b = {readable(b)}, MSE = {readable(losses[-1])}   "
                f"gradient (∂MSE/∂m, ∂MSE/∂b) = ({readable(dm)}, {readable(db)})")


def readable(value: float) -> str:
    """A number as a student reads it: 4 decimals when moderate, powers of ten when huge or tiny."""
    if value != 0 and np.isfinite(value) and not 1e-3 <= abs(value) < 1e5:
        return f"{value:.3e}"
    return f"{value:.4f}"


def descent_explorer(x, y, m0: float = -1.0, b0: float = 5.0, learning_rate: float = 0.1,
                     max_steps: int = 150) -> Explorer:
    """Learning-rate slider plus step controls over :func:`draw_descent`.

    The step slider is the single source of truth: the buttons only move it, and the picture
    is always ``draw_descent(learning_rate, steps)`` from the same start.
    """
    surface = mse_surface(x, y)  # computed once; it does not depend on the controls
    steps = int_slider("steps taken", 0, 0, max_steps)
    buttons = step_buttons(steps, {"▶ 1 step": 1, "▶▶ 10 steps": 10, "⟲ reset": 0})
    # ▷ plays the steps one after another: the browser moves the step slider, which redraws as usual
    play = widgets.Play(value=0, min=0, max=max_steps, step=1, interval=300, description="play the steps")
    widgets.jslink((play, "value"), (steps, "value"))
    return Explorer(DescentScene(x, y, m0, b0, max_steps, surface),
                    {"learning_rate": slider("learning rate λ", learning_rate, 0.005, 0.5, 0.005, readout_format=".3f"),
                     "steps": steps},
                    extra=(widgets.HBox([play, buttons]),), figsize=(9.5, 3.8))


# --- The six-point regression example: ŷ = w·x ---------------------------------------------------


def mse_w(x, y, w: float) -> float:
    """The MSE of ŷ = w·x (a line through the origin)."""
    return linear_fit.mse(y, w * np.asarray(x, dtype=float))


def gradient_w(x, y, w: float) -> float:
    """dL/dw of the MSE of ŷ = w·x over the given samples: −(2/n)·Σ (y − w·x)·x.

    With a single sample this is that sample's gradient −2·(y − w·x)·x.
    """
    x, y = np.atleast_1d(np.asarray(x, dtype=float)), np.atleast_1d(np.asarray(y, dtype=float))
    return float(-2 * np.mean((y - w * x) * x))


def batch_step(x, y, w: float, learning_rate: float) -> float:
    """One step over the given samples: w := w − α·dL/dw (all samples: batch gradient descent)."""
    return float(w - learning_rate * gradient_w(x, y, w))


def sgd_columns(x, y, w: float, learning_rate: float, order: Sequence[int]) -> dict[str, list]:
    """SGD sample by sample in ``order``: each row uses the prediction of the *current* w."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    rows: dict[str, list] = {"step": [], "x": [], "y": [], "w before": [], "ŷ = w·x": [],
                             "gradient −2(y−ŷ)x": [], "w after": [], "MSE (all 6)": []}
    for k, i in enumerate(order, start=1):
        y_hat = w * x[i]
        grad = gradient_w(x[i], y[i], w)
        new_w = w - learning_rate * grad
        for key, value in zip(rows, (k, x[i], y[i], w, y_hat, grad, new_w, mse_w(x, y, new_w))):
            rows[key].append(value)
        w = float(new_w)
    return rows


def steps_per_epoch(n_examples: int, batch_size: int) -> int:
    """How many weight updates one epoch makes: one per batch, the last batch may be smaller."""
    return -(-n_examples // batch_size)


def train_history(x, y, w: float, learning_rate: float, epochs: int, batch_size: int,
                  rng: np.random.Generator | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Gradient descent with batches of ``batch_size`` samples for ``epochs`` epochs.

    ``batch_size = len(x)`` is batch gradient descent (one step per epoch), 1 is stochastic
    gradient descent (SGD, one step per sample), anything between is mini-batch gradient
    descent. With ``rng`` the samples are shuffled at the start of every epoch.
    Returns (epoch position of each state, MSE over all samples of each state); position 0 is the start.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(x)
    positions, losses = [0.0], [mse_w(x, y, w)]
    for epoch in range(epochs):
        batches = list(minibatches(n, batch_size, rng))
        for k, batch in enumerate(batches, start=1):
            w = batch_step(x[batch], y[batch], w, learning_rate)
            positions.append(epoch + k / len(batches))
            losses.append(mse_w(x, y, w))
    return np.array(positions), np.array(losses)


def best_learning_rate(x, y, w: float, learning_rates: Sequence[float], epochs: int, batch_size: int,
                       seed: int = 0) -> tuple[float, float]:
    """The λ of ``learning_rates`` with the lowest MSE after ``epochs`` epochs, and that MSE (shuffled with ``seed``).

    A comparison of batch sizes at one λ says as much about the λ as about the method: this gives
    each batch size its own best λ, so the methods are compared at their best.
    """
    finals = []
    with np.errstate(over="ignore", invalid="ignore"):
        for learning_rate in learning_rates:
            loss = train_history(x, y, w, learning_rate, epochs, batch_size, rng=np.random.default_rng(seed))[1][-1]
            finals.append(loss if np.isfinite(loss) else np.inf)
    best = int(np.argmin(finals))
    return float(learning_rates[best]), float(finals[best])


def draw_six_points(fig: Figure, x, y, weights: dict[str, float]) -> str:
    """The six points and the lines ŷ = w·x for the named weights."""
    ax = fig.subplots(gridspec_kw={"left": 0.1, "right": 0.97, "bottom": 0.14, "top": 0.9})
    ax.scatter(x, y, color="black", zorder=3, label="data (x, y)")
    xs = np.array([min(x), max(x)], dtype=float)
    lines = []
    for (name, w), color in zip(weights.items(), ("tab:gray", "tab:blue", "tab:green", "tab:red")):
        ax.plot(xs, w * xs, color=color, label=f"{name}: ŷ = {w:.4f}·x")
        lines.append(f"{name}: w = {w:.4f}, MSE = {mse_w(x, y, w):.4f}")
    ax.set(xlabel="x", ylabel="y", title="The six points and lines ŷ = w·x")
    ax.legend(loc="upper left", fontsize="small")
    return "\n".join(lines)


def draw_histories(fig: Figure, histories: dict[str, tuple[np.ndarray, np.ndarray]], best: float,
                   learning_rate: float) -> str:
    """MSE against epochs for several ways of batching (all with learning rate ``learning_rate``), on one plot."""
    ax = fig.subplots(gridspec_kw={"left": 0.1, "right": 0.97, "bottom": 0.14, "top": 0.9})
    lines = []
    for (name, (positions, losses)), style in zip(histories.items(), ("o-", ".-", "s-", "^-")):
        ax.plot(positions, losses, style, markersize=4, linewidth=1, label=f"{name} ({len(losses) - 1} steps)")
        lines.append(f"{name}: {len(losses) - 1} steps, final MSE = {losses[-1]:.4f}")
    ax.axhline(best, color="black", linestyle=":", label=f"lowest possible MSE = {best:.4f}")
    ax.set(xlabel="epoch (passes over the 6 samples)", ylabel="MSE over all 6 samples",
           title=f"Batch vs mini-batch vs stochastic gradient descent, α = {learning_rate:g}")
    ax.set_yscale("log")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper right", fontsize="small")
    return "\n".join(lines)
