"""Lesson 03: the perceptron (퍼셉트론) learns "will it rain?" from cloud and wind.

A perceptron adds up its inputs with weights (가중치) and a bias (편향),
z = w₁·x₁ + w₂·x₂ + b, and fires (ŷ = 1) when z > 0 — the step function (계단 함수) of the
slides. Whenever it is wrong on a sample it moves every weight by the perceptron rule

    wᵢ := wᵢ + α·(y − ŷ)·xᵢ        (and b := b + α·(y − ŷ), the bias being a weight on an input of 1)

so a missed rainy day (y − ŷ = +1) pushes z up for days like it, a false alarm pushes it down,
and a correct answer (y − ŷ = 0) changes nothing.

The training functions return a *trace*: one row per sample visited, with the prediction made
and the weights after the update, so a notebook can show the ŷ column filling in row by row.
Sums are written out term by term (no BLAS dot product), so every run gives the same bits.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from . import activations
from .activations import sigmoid
from .widgets import Explorer, Scene, int_slider, slider, step_buttons

# The defaults this course chose (the slides' weights and learning rate are only in pictures):
# zero weights and a bias of −1 — "don't forecast rain until cloud and wind add up to enough" —
# reproduce the first ŷ values the slides show (0, 0, 0).
DEFAULT_W = (0.0, 0.0)
DEFAULT_B = -1.0
DEFAULT_LEARNING_RATE = 0.1


def step(z):
    """The step function (계단 함수) as the perceptron's ŷ: 1 where z > 0, else 0 (as integers)."""
    result = activations.step(z).astype(int)
    return int(result) if result.ndim == 0 else result


def weighted_sum(x, w, b: float):
    """z = w₁·x₁ + w₂·x₂ + … + b for one sample x (shape (k,)) or every row of x (shape (n, k))."""
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    z = np.full(x.shape[:-1], float(b))
    for i in range(x.shape[-1]):  # term by term: the same sum, in the same order, on every machine
        z = z + w[i] * x[..., i]
    return float(z) if z.ndim == 0 else z


def predict(x, w, b: float):
    """The perceptron's answer ŷ = step(w·x + b): 1 = rain, 0 = no rain."""
    return step(weighted_sum(x, w, b))


def perceptron_update(w, b: float, x, y: int, learning_rate: float,
                      use_bias: bool = True) -> tuple[np.ndarray, float, int]:
    """Predict sample (x, y), then apply the perceptron rule; return (new w, new b, the ŷ predicted).

    wᵢ := wᵢ + α·(y − ŷ)·xᵢ and b := b + α·(y − ŷ). With ``use_bias=False`` b stays as it is.
    """
    y_hat = predict(x, w, b)
    error = int(y) - y_hat
    new_w = np.asarray(w, dtype=float) + learning_rate * error * np.asarray(x, dtype=float)
    new_b = float(b) + learning_rate * error if use_bias else float(b)
    return new_w, new_b, y_hat


def train_trace(x, y, w=DEFAULT_W, b: float = DEFAULT_B, learning_rate: float = DEFAULT_LEARNING_RATE, *,
                use_bias: bool = True, epochs: int | None = None, max_epochs: int = 100) -> dict[str, list]:
    """Train row by row; one row of the trace per sample visited.

    Columns: epoch, row (1-based), x1, x2, y, z, ŷ, y − ŷ, and w1, w2, b *after* the update.
    With ``epochs`` it runs exactly that many epochs; otherwise it stops after the first epoch
    with no mistakes (or after ``max_epochs``). ``use_bias=False`` trains a perceptron without a
    bias: b is 0 and stays 0, so its line always passes through the origin.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y)
    w, b = np.asarray(w, dtype=float), (float(b) if use_bias else 0.0)
    trace: dict[str, list] = {k: [] for k in ("epoch", "row", "x1", "x2", "y", "z", "ŷ", "y − ŷ", "w1", "w2", "b")}
    for epoch in range(1, (epochs or max_epochs) + 1):
        mistakes = 0
        for row, (x_i, y_i) in enumerate(zip(x, y), start=1):
            z = weighted_sum(x_i, w, b)
            w, b, y_hat = perceptron_update(w, b, x_i, int(y_i), learning_rate, use_bias)
            mistakes += y_hat != y_i
            for key, value in zip(trace, (epoch, row, x_i[0], x_i[1], int(y_i), z, y_hat, int(y_i) - y_hat,
                                          w[0], w[1], b)):
                trace[key].append(value)
        if epochs is None and mistakes == 0:
            break
    return trace


def mistakes_per_epoch(trace: dict[str, list]) -> list[int]:
    """How many samples the perceptron got wrong in each epoch of a trace."""
    epochs = np.asarray(trace["epoch"])
    wrong = np.asarray(trace["y − ŷ"]) != 0
    return [int(wrong[epochs == e].sum()) for e in range(1, int(epochs.max()) + 1)] if len(epochs) else []


def first_clean_epoch(trace: dict[str, list]) -> int | None:
    """The first epoch with no mistakes (the weights stopped changing), or None."""
    for epoch, mistakes in enumerate(mistakes_per_epoch(trace), start=1):
        if mistakes == 0:
            return epoch
    return None


def weights_after(trace: dict[str, list], samples: int, w0=DEFAULT_W,
                  b0: float = DEFAULT_B) -> tuple[np.ndarray, float]:
    """(w, b) after the first ``samples`` rows of the trace (0: the starting weights)."""
    if samples == 0:
        return np.asarray(w0, dtype=float), float(b0)
    i = samples - 1
    return np.array([trace["w1"][i], trace["w2"][i]]), float(trace["b"][i])


def y_hat_column(trace: dict[str, list], samples: int, n: int) -> list[str]:
    """The ŷ column as the slides fill it in: this epoch's predictions so far ("0" or "1"), blanks below.

    After ``samples`` visits the current epoch is the one of the last visit; its rows visited
    so far show the ŷ predicted there, the others are "".
    """
    if samples == 0:
        return [""] * n
    epoch = trace["epoch"][samples - 1]
    column = [""] * n
    for i in range(samples):
        if trace["epoch"][i] == epoch:
            column[trace["row"][i] - 1] = str(trace["ŷ"][i])
    return column


def boundary_points(w, b: float, lo: float = 0.0, hi: float = 1.0):
    """Two points of the decision line w₁·x₁ + w₂·x₂ + b = 0 spanning [lo, hi], or None if w = 0."""
    w1, w2 = float(w[0]), float(w[1])
    if abs(w2) > 1e-12:
        x1 = np.array([lo, hi])
        return x1, -(w1 * x1 + b) / w2
    if abs(w1) > 1e-12:
        return np.array([-b / w1] * 2), np.array([lo, hi])
    return None


def line_in_view(w, b: float, lo: float = 0.0, hi: float = 1.0) -> bool:
    """Whether the decision line z = 0 crosses the square view [lo, hi]²: z changes sign over it
    (checked at the corners, since z is linear). False when w = 0 (no line at all)."""
    corners = np.array([[lo, lo], [lo, hi], [hi, lo], [hi, hi]])
    z = weighted_sum(corners, w, b)
    return bool(z.min() < 0 < z.max() or (np.any(z == 0) and np.any(np.asarray(w, dtype=float) != 0)))


def first_sample_line_in_view(trace: dict[str, list], w0=DEFAULT_W, b0: float = DEFAULT_B) -> int | None:
    """The first number of samples after which the decision line lies in the [0, 1]² view (None if never)."""
    for samples in range(len(trace["row"]) + 1):
        if line_in_view(*weights_after(trace, samples, w0, b0)):
            return samples
    return None


def _fixed(value: float, digits: int) -> str:
    """``value`` with ``digits`` decimals, never "-0.00…" for a value that rounds to zero."""
    text = f"{float(value):.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


# --- Pictures ------------------------------------------------------------------------------------

_GRID = np.linspace(0, 1, 101)
_GRID_POINTS = np.stack(np.meshgrid(_GRID, _GRID), axis=-1)  # (101, 101, 2): (x1, x2) per pixel
_RAIN, _DRY = "tab:blue", "tab:orange"
_RAIN_SIDE, _DRY_SIDE = "#cfe0f5", "#f7e6d2"
_SIDES = ListedColormap([_DRY_SIDE, _RAIN_SIDE])


def draw_weather(ax, x, y, w=None, b: float = 0.0, highlight: int | None = None) -> None:
    """The weather data on ``ax`` (rain ● / no rain ▲), with the line and shaded rain side for (w, b)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y)
    if w is not None:
        _draw_rain_side(ax, w, b)
    ax.scatter(*x[y == 1].T, s=70, marker="o", color=_RAIN, edgecolor="black", zorder=3, label="rain (y = 1)")
    ax.scatter(*x[y == 0].T, s=70, marker="^", color=_DRY, edgecolor="black", zorder=3, label="no rain (y = 0)")
    labels: dict[tuple[float, float], list[str]] = {}
    for i, point in enumerate(x):  # rows 3 and 7 are the same morning: one label "3, 7"
        labels.setdefault((float(point[0]), float(point[1])), []).append(str(i + 1))
    for (px, py), rows in labels.items():
        ax.annotate(", ".join(rows), (px, py), xytext=(7, -12), textcoords="offset points", fontsize="small")
    if highlight is not None:
        _draw_highlight(ax, x, highlight)
    ax.set(xlabel="cloud x₁", ylabel="wind x₂", xlim=(0, 1), ylim=(0, 1))


def _draw_rain_side(ax, w, b: float) -> dict:
    """The shaded rain side and the decision line for (w, b) (and the shading's legend entry)."""
    rain_side = predict(_GRID_POINTS, w, b)
    artists = {"shade": ax.imshow(rain_side, origin="lower", extent=(0, 1, 0, 1), cmap=_SIDES, vmin=0, vmax=1,
                                  aspect="auto", interpolation="nearest")}
    line = boundary_points(w, b)
    if line is not None and line_in_view(w, b):
        (artists["line"],) = ax.plot(*line, color="black", linewidth=2, label="decision line z = 0")
    else:  # say so, rather than leave the legend promising a line that is not there
        side = "rain" if rain_side.all() else "dry"
        note = f"decision line z = 0 outside this view:\nevery morning here is forecast {side}"
        artists["note"] = ax.text(0.03, 0.97, note,
                                  transform=ax.transAxes, ha="left", va="top", fontsize="small", zorder=5,
                                  bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": "0.5"})
    (artists["rain side"],) = ax.fill([], [], color=_RAIN_SIDE, label="predicts rain (ŷ = 1)")
    return artists


def _draw_highlight(ax, x, highlight: int):
    return ax.scatter(*x[highlight], s=260, facecolor="none", edgecolor="red", linewidth=2, zorder=4,
                      label=f"row {highlight + 1}")


def draw_decision(fig: Figure, x, y, w=None, b: float = 0.0, title: str = "Will it rain?",
                  ray_through: int | None = None) -> str:
    """The data, and with (w, b) also the decision line; returns the weights and how many rows are right.

    ``ray_through`` (a row index) also draws the ray from the origin through that row's point.
    """
    ax = fig.subplots(gridspec_kw={"left": 0.1, "right": 0.62, "bottom": 0.13, "top": 0.9})
    draw_weather(ax, x, y, w, b)
    if ray_through is not None:
        end = np.asarray(x, dtype=float)[ray_through] / np.max(np.asarray(x, dtype=float)[ray_through])
        ax.plot([0, end[0]], [0, end[1]], color="gray", linestyle="--",
                label=f"ray from (0, 0) through row {ray_through + 1}")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.03, 1.0), fontsize="small")
    if w is None:
        return f"{int(np.sum(y))} rainy and {int(len(y) - np.sum(y))} dry mornings"
    right = int((predict(x, w, b) == np.asarray(y)).sum())
    return f"w1 = {_fixed(w[0], 4)}, w2 = {_fixed(w[1], 4)}, b = {_fixed(b, 4)}: {right} of {len(y)} rows right"


def draw_state(fig: Figure, x, y, trace: dict[str, list], samples: int, w0=DEFAULT_W, b0: float = DEFAULT_B) -> str:
    """The stepper's picture after ``samples`` visits: the line on the data, and the table with ŷ so far."""
    scene = StateScene(x, y, lambda learning_rate, use_bias: trace, w0, b0)
    return scene.draw(fig, learning_rate=None, use_bias=None, samples=samples)


class StateScene(Scene):
    """:func:`draw_state` for a run chosen by (α, bias on/off), able to move to another state.

    ``run(learning_rate, use_bias)`` returns the trace; each trace is computed once and kept. Fixed: the
    axes, the data points and their row numbers, the table's rows. Moving: the rain side and the
    decision line, the highlighted row, the title, the ŷ column, the table's title and the legend.
    """

    def __init__(self, x, y, run, w0=DEFAULT_W, b0: float = DEFAULT_B, start_b=None):
        self.x, self.y = np.asarray(x, dtype=float), np.asarray(y)
        self.run, self.w0, self.b0 = run, w0, b0
        self.start_b = start_b if start_b is not None else (lambda use_bias: b0)
        self._traces: dict[tuple, dict[str, list]] = {}

    def trace(self, learning_rate, use_bias) -> dict[str, list]:
        key = (learning_rate, use_bias)
        if key not in self._traces:
            self._traces[key] = self.run(learning_rate, use_bias)
        return self._traces[key]

    def draw(self, fig: Figure, learning_rate, use_bias, samples: int) -> str:
        x, y = self.x, self.y
        self.fig, b0 = fig, self.start_b(use_bias)
        trace = self.trace(learning_rate, use_bias)
        w, b = weights_after(trace, samples, self.w0, b0)
        current = trace["row"][samples - 1] - 1 if samples else None
        self.data_ax = fig.subplots(gridspec_kw={"left": 0.07, "right": 0.55, "bottom": 0.13, "top": 0.9})
        self.marks = _draw_rain_side(self.data_ax, w, b)
        draw_weather(self.data_ax, x, y)
        self.points = self.data_ax.collections[-2:]  # rain, no rain
        if current is not None:
            self.marks["highlight"] = _draw_highlight(self.data_ax, x, current)
        self.table_title = _draw_y_hat_table(fig, x, y, left=0.6, top=0.9)
        self._draw_moving_text(trace, samples, current, w, b)
        self.moving = [*self.marks.values(), self.data_ax.title, self.table_title, *self.table_marks, self.legend]
        return self.summary(trace, samples, w, b)

    def update(self, learning_rate, use_bias, samples: int) -> str:
        trace = self.trace(learning_rate, use_bias)
        w, b = weights_after(trace, samples, self.w0, self.start_b(use_bias))
        current = trace["row"][samples - 1] - 1 if samples else None
        for artist in [*self.marks.values(), *self.table_marks, self.legend]:
            artist.remove()
        self.marks = _draw_rain_side(self.data_ax, w, b)
        if current is not None:
            self.marks["highlight"] = _draw_highlight(self.data_ax, self.x, current)
        self._draw_moving_text(trace, samples, current, w, b)
        self.moving = [*self.marks.values(), self.data_ax.title, self.table_title, *self.table_marks, self.legend]
        return self.summary(trace, samples, w, b)

    def _draw_moving_text(self, trace, samples: int, current: int | None, w, b: float) -> None:
        fig = self.fig
        column = y_hat_column(trace, samples, len(self.y))
        epoch = trace["epoch"][samples - 1] if samples else 1
        self.data_ax.set_title(f"w₁ = {_fixed(w[0], 2)}, w₂ = {_fixed(w[1], 2)}, b = {_fixed(b, 2)}")
        self.table_title.set_text(f"epoch {epoch}: ŷ so far (green right, red wrong)")
        self.table_marks = _draw_y_hat_marks(fig, self.y, column, current, left=0.6, top=0.9)
        handles = [self.marks[k] for k in ("line", "rain side") if k in self.marks] + list(self.points)
        handles += [self.marks["highlight"]] if "highlight" in self.marks else []
        self.legend = fig.legend(handles, [h.get_label() for h in handles], loc="lower center",
                                 bbox_to_anchor=(0.79, 0.0), ncol=2, fontsize="small", frameon=False)

    def summary(self, trace, samples: int, w, b) -> str:
        if not samples:
            return f"start: w1 = {_fixed(w[0], 2)}, w2 = {_fixed(w[1], 2)}, b = {_fixed(b, 2)}; no sample seen yet"
        i = samples - 1
        epoch = trace["epoch"][i]
        change = ("a mistake: the weights move" if trace["y − ŷ"][i] else "right: nothing changes")
        return (f"sample {samples} (epoch {epoch}, row {trace['row'][i]}): z = {_fixed(trace['z'][i], 4)}, "
                f"ŷ = {trace['ŷ'][i]}, y = {trace['y'][i]} → {change}\n"
                f"now w1 = {_fixed(w[0], 4)}, w2 = {_fixed(w[1], 4)}, b = {_fixed(b, 4)}; "
                f"mistakes so far this epoch: "
                f"{sum(1 for k in range(samples) if trace['epoch'][k] == epoch and trace['y − ŷ'][k])}")


def _draw_y_hat_table(fig: Figure, x, y, left: float, top: float, row_height: float = 0.07):
    """The weather table without its ŷ marks, as monospaced figure text (no extra axes: quick to redraw).

    Returns the table's title (a Text whose words the caller sets).
    """
    text = {"family": "monospace", "va": "center", "transform": fig.transFigure}
    header = top - row_height
    fig.text(left, header, "row  cloud x₁  wind x₂  y", weight="bold", **text)
    fig.text(left + 0.28, header, "ŷ", weight="bold", ha="center", **text)
    for i in range(len(y)):
        fig.text(left, header - (i + 1) * row_height, f"{i + 1:>3}  {x[i, 0]:>8g}  {x[i, 1]:>7g}  {int(y[i]):>1}",
                 **text)
    fig.add_artist(Rectangle((left - 0.01, header - row_height / 2), 0.33, 0.003, color="black",
                             transform=fig.transFigure))
    # made last, so that the fixed rows are drawn before it and need not be repainted when it changes
    return fig.text(left + 0.155, top, "", ha="center", fontsize="medium", va="center", transform=fig.transFigure)


def _draw_y_hat_marks(fig: Figure, y, column: list[str], current: int | None, left: float, top: float,
                      row_height: float = 0.07) -> list:
    """The ŷ column so far (green right, red wrong) and the frame around the current row."""
    text = {"family": "monospace", "va": "center", "transform": fig.transFigure}
    header = top - row_height
    marks = []
    for i in range(len(y)):
        if column[i] != "":
            right = column[i] == str(int(y[i]))
            marks.append(fig.text(left + 0.28, header - (i + 1) * row_height, column[i], ha="center",
                                  bbox={"boxstyle": "square,pad=0.35", "facecolor": "#c8f0c8" if right else "#f5c0c0",
                                        "edgecolor": "none"}, **text))
    if current is not None:
        marks.append(fig.add_artist(Rectangle((left - 0.01, header - (current + 1.5) * row_height), 0.33, row_height,
                                              fill=False, edgecolor="red", linewidth=2, transform=fig.transFigure,
                                              zorder=3.5)))  # after the rows' text: they need no repainting
    return marks


def perceptron_explorer(x, y, w0=DEFAULT_W, b0: float = DEFAULT_B, learning_rate: float = DEFAULT_LEARNING_RATE,
                        epochs: int = 8) -> Explorer:
    """A stepper over :func:`draw_state`: one sample or one epoch at a time, with α and the bias as controls.

    The sample counter is the single source of truth; the picture is always the state after
    that many visits of a run with the chosen α (and bias on or off) from the same start.
    """
    n = len(y)
    samples = int_slider("samples seen", 0, 0, epochs * n)
    buttons = step_buttons(samples, {"▶ 1 sample": 1, f"▶▶ 1 epoch ({n} samples)": n, "⟲ reset": 0})
    use_bias = widgets.Checkbox(value=True, description="train the bias b")

    def start_b(use_bias: bool) -> float:
        return b0 if use_bias else 0.0

    def run(learning_rate: float, use_bias: bool) -> dict[str, list]:
        return train_trace(x, y, w0, start_b(use_bias), learning_rate, use_bias=use_bias, epochs=epochs)

    controls = {"learning_rate": slider("learning rate α", learning_rate, 0.05, 1.0, 0.05), "use_bias": use_bias,
                "samples": samples}
    return Explorer(StateScene(x, y, run, w0, b0, start_b), controls, extra=(buttons,), figsize=(9.5, 4.0))


def draw_activations(fig: Figure) -> str:
    """The step function and the sigmoid side by side, over the same z."""
    ax = fig.subplots(gridspec_kw={"left": 0.09, "right": 0.97, "bottom": 0.14, "top": 0.9})
    z = np.linspace(-6, 6, 601)
    ax.plot(z, step(z), color="tab:red", linewidth=2, label="step(z): 1 if z > 0 else 0")
    ax.plot(z, sigmoid(z), color="tab:blue", linewidth=2, label="sigmoid σ(z) = 1 / (1 + e^(−z))")
    ax.axvline(0, color="gray", linewidth=0.8, linestyle=":")
    ax.set(xlabel="weighted sum z = w₁x₁ + w₂x₂ + b", ylabel="output", title="Step vs sigmoid activation")
    ax.legend(loc="upper left", fontsize="small")
    return f"step(0) = {step(0.0)}, σ(0) = {float(sigmoid(0.0)):.4f}, σ(2) = {float(sigmoid(2.0)):.4f}"
