"""Lesson 06: the optimizer race — every optimizer of the lesson on the same 2-D loss surfaces.

A surface is a loss f(x, y) with its gradient; :func:`run_race` starts every optimizer from the
same point and records its path and its loss at each step; :func:`draw_race` draws the paths over
the contour lines and the loss against the step; :func:`race_explorer` puts sliders on it.

The SGD family (SGD, Momentum, NAG) takes steps of size learning_rate × gradient, while AdaGrad,
RMSProp and Adam take steps of about learning_rate in weight units, whatever the gradient's size.
One learning rate cannot suit both, so the race has one slider for each family. AdaDelta runs as
the slides write it, with no learning rate (Keras's ``learning_rate=1.0``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import ipywidgets as widgets
import numpy as np
from matplotlib import colormaps, ticker
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from . import optimizers
from .widgets import Explorer, int_slider, slider

RACERS = ("SGD", "Momentum", "NAG", "AdaGrad", "RMSProp", "AdaDelta", "Adam")
COLORS = dict(zip(RACERS, ("tab:gray", "tab:blue", "tab:cyan", "tab:olive", "tab:orange", "tab:purple", "tab:red")))
ADAPTIVE = ("AdaGrad", "RMSProp", "Adam")
MAX_STEPS = 300
DIVERGED = 1e6  # a coordinate beyond this counts as diverged; the path stops there


@dataclass(frozen=True)
class Surface:
    """A 2-D loss surface: f(x, y), its gradient, a start, the plotting window and the minimum."""

    key: str
    title: str
    formula: str
    f: Callable[[np.ndarray, np.ndarray], np.ndarray]
    grad: Callable[[float, float], tuple[float, float]]
    start: tuple[float, float]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    minima: tuple[tuple[float, float], ...]
    sgd_lr: float
    adaptive_lr: float
    levels: np.ndarray = field(repr=False, default=None)

    @property
    def min_loss(self) -> float:
        """The lowest value of f (at any of ``minima``)."""
        return float(min(self.f(np.array(x), np.array(y)) for x, y in self.minima))


SURFACES: dict[str, Surface] = {s.key: s for s in (
    Surface("bowl", "round bowl", "f = (x² + y²)/2",
            lambda x, y: (x * x + y * y) / 2, lambda x, y: (x, y),
            start=(-4.0, 3.0), xlim=(-5.0, 5.0), ylim=(-3.75, 3.75), minima=((0.0, 0.0),),
            sgd_lr=0.1, adaptive_lr=0.3, levels=np.geomspace(0.05, 20, 10)),
    Surface("valley", "long narrow valley", "f = x²/20 + 2y²",
            lambda x, y: x * x / 20 + 2 * y * y, lambda x, y: (x / 10, 4 * y),
            start=(-9.0, 1.5), xlim=(-10.0, 10.0), ylim=(-4.0, 4.0), minima=((0.0, 0.0),),
            sgd_lr=0.1, adaptive_lr=0.2, levels=np.geomspace(0.02, 20, 10)),
    Surface("saddle", "saddle between two minima", "f = x²/2 + y⁴/4 − y²/2",
            lambda x, y: x * x / 2 + (y * y) * (y * y) / 4 - y * y / 2, lambda x, y: (x, y * y * y - y),
            start=(2.5, 0.001), xlim=(-3.0, 3.0), ylim=(-2.25, 2.25), minima=((0.0, -1.0), (0.0, 1.0)),
            sgd_lr=0.1, adaptive_lr=0.1, levels=np.concatenate([[-0.2, -0.1, -0.02], np.geomspace(0.02, 5, 8)])),
    Surface("rosenbrock", "Rosenbrock-like banana", "f = (1 − x)² + 10(y − x²)²",
            lambda x, y: (1 - x) ** 2 + 10 * (y - x * x) ** 2,
            lambda x, y: (-2 * (1 - x) - 40 * x * (y - x * x), 20 * (y - x * x)),
            start=(-1.5, 2.0), xlim=(-2.0, 2.0), ylim=(-0.75, 2.25), minima=((1.0, 1.0),),
            sgd_lr=0.005, adaptive_lr=0.1, levels=np.geomspace(0.02, 200, 12)),
)}


@dataclass
class RaceResult:
    """One optimizer's run: its path (k × 2, from the start), the loss at each point, divergence."""

    path: np.ndarray
    loss: np.ndarray
    diverged: bool


def make_racers(sgd_lr: float, adaptive_lr: float, momentum: float) -> dict[str, optimizers.Optimizer]:
    """The seven optimizers of the race, from course_lib.optimizers, with the race's settings."""
    return {
        "SGD": optimizers.SGD(learning_rate=sgd_lr),
        "Momentum": optimizers.Momentum(learning_rate=sgd_lr, momentum=momentum),
        "NAG": optimizers.Nesterov(learning_rate=sgd_lr, momentum=momentum),
        "AdaGrad": optimizers.Adagrad(learning_rate=adaptive_lr),
        "RMSProp": optimizers.RMSprop(learning_rate=adaptive_lr),
        "AdaDelta": optimizers.Adadelta(learning_rate=1.0),
        "Adam": optimizers.Adam(learning_rate=adaptive_lr),
    }


def run_optimizer(surface: Surface, optimizer: optimizers.Optimizer, steps: int) -> RaceResult:
    """Run one optimizer ``steps`` steps on ``surface`` from its start; stop early if it diverges."""
    w = np.array(surface.start, dtype=float)
    params, path = {"w": w}, [w.copy()]
    diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            optimizer.update(params, {"w": np.array(surface.grad(*path[-1]))})
            if not (abs(w[0]) < DIVERGED and abs(w[1]) < DIVERGED):  # also catches NaN
                diverged = True
                break
            path.append(w.copy())
    path = np.array(path)
    return RaceResult(path, surface.f(path[:, 0], path[:, 1]), diverged)


def run_race(surface: Surface | str, steps: int = 100, sgd_lr: float | None = None,
             adaptive_lr: float | None = None, momentum: float = 0.9,
             names: tuple[str, ...] = RACERS) -> dict[str, RaceResult]:
    """Every optimizer in ``names`` from the same start for ``steps`` steps (the surface's learning
    rates unless given)."""
    surface = SURFACES[surface] if isinstance(surface, str) else surface
    sgd_lr = surface.sgd_lr if sgd_lr is None else sgd_lr
    adaptive_lr = surface.adaptive_lr if adaptive_lr is None else adaptive_lr
    if SURFACES.get(surface.key) is not surface or steps > MAX_STEPS:
        racers = make_racers(sgd_lr, adaptive_lr, momentum)
        return {name: run_optimizer(surface, racers[name], steps) for name in names}
    full = _race_at_least(surface.key, float(sgd_lr), float(adaptive_lr), float(momentum), steps)
    return {name: _first_steps(full[name], steps) for name in names}


_RACE_CACHE: dict[tuple, tuple[int, dict[str, RaceResult]]] = {}


def _race_at_least(key: str, sgd_lr: float, adaptive_lr: float, momentum: float,
                   steps: int) -> dict[str, RaceResult]:
    """The race for these settings, run once to at least ``steps`` steps and kept: dragging the
    steps slider then only cuts the stored run shorter (the cache keeps the last 64 settings)."""
    settings = (key, sgd_lr, adaptive_lr, momentum)
    length, results = _RACE_CACHE.get(settings, (-1, None))
    if length < steps:
        length = min(MAX_STEPS, max(steps, 2 * length, 100))
        racers = make_racers(sgd_lr, adaptive_lr, momentum)
        results = {name: run_optimizer(SURFACES[key], racers[name], length) for name in RACERS}
        _RACE_CACHE.pop(settings, None)
        _RACE_CACHE[settings] = (length, results)
        while len(_RACE_CACHE) > 64:
            del _RACE_CACHE[next(iter(_RACE_CACHE))]
    return results


def _first_steps(result: RaceResult, steps: int) -> RaceResult:
    cut = result.diverged and len(result.path) <= steps
    return RaceResult(result.path[:steps + 1], result.loss[:steps + 1], cut)


def distance_to_minimum(surface: Surface, point: np.ndarray) -> float:
    """Distance from ``point`` to the nearest minimum of the surface."""
    return float(min(np.hypot(point[0] - x, point[1] - y) for x, y in surface.minima))


# ---------------------------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _background(key: str) -> tuple[np.ndarray, list[np.ndarray]]:
    """Computed once per surface: a shaded image of log(f − f_min) and the contour lines."""
    import contourpy

    surface = SURFACES[key]
    xs, ys = np.linspace(*surface.xlim, 160), np.linspace(*surface.ylim, 160)
    X, Y = np.meshgrid(xs, ys)
    Z = surface.f(X, Y)
    shade = np.log10(Z - surface.min_loss + 1e-2)
    rgb = colormaps["Blues_r"]((shade - shade.min()) / np.ptp(shade))[..., :3]
    image = (255 * (1 - 0.45 * (1 - rgb))).astype(np.uint8)  # pale: blended 45 % over white, ready to paint
    generator = contourpy.contour_generator(X, Y, Z)
    segments = [line for level in surface.levels for line in generator.lines(level)]
    return image, segments


def draw_contours(ax, surface: Surface) -> None:
    """The surface as a shaded map with contour lines (both precomputed), its minima and the start."""
    image, segments = _background(surface.key)
    ax.imshow(image, extent=(*surface.xlim, *surface.ylim), origin="lower", interpolation="nearest")
    ax.add_collection(LineCollection(segments, colors="0.45", linewidths=0.7))
    ax.plot(*np.array(surface.minima).T, marker="*", color="black", markersize=12, linestyle="none",
            label="minimum")
    ax.plot(*surface.start, marker="o", color="black", markersize=6, linestyle="none")
    ax.annotate("start", surface.start, textcoords="offset points", xytext=(4, 5), fontsize="small")
    ax.set(xlim=surface.xlim, ylim=surface.ylim, xlabel="x", ylabel="y", aspect="equal")
    ax.xaxis.set_major_locator(ticker.MaxNLocator(5, steps=[1, 2, 5, 10]))
    ax.yaxis.set_major_locator(ticker.MaxNLocator(5, steps=[1, 2, 5, 10]))


def draw_paths(ax, results: dict[str, RaceResult]) -> None:
    """Each optimizer's path, in its colour, with a dot at its last point."""
    for name, result in results.items():
        ax.plot(result.path[:, 0], result.path[:, 1], color=COLORS[name], linewidth=1.6, label=name)
        ax.plot(*result.path[-1], marker="x" if result.diverged else "o", color=COLORS[name], markersize=4)


def draw_losses(ax, surface: Surface, results: dict[str, RaceResult], steps: int) -> None:
    """Loss above the minimum, f − f_min, against the step (log scale)."""
    for name, result in results.items():
        ax.plot(np.arange(len(result.loss)), np.maximum(result.loss - surface.min_loss, 1e-12),
                color=COLORS[name], linewidth=1.4, label=name)
    gaps = [r.loss - surface.min_loss for r in results.values()]
    top = 3 * float(surface.f(*np.array(surface.start)) - surface.min_loss)
    low = min((float(np.min(g[g > 0])) for g in gaps if np.any(g > 0)), default=1e-10)
    ax.set(yscale="log", ylim=(max(low / 3, 1e-10), top), xlim=(0, max(steps, 1)), xlabel="step",
           ylabel="f − f_min  (log scale)")
    # plain-text tick labels: log axes' default mathtext labels make every redraw ~5× slower
    ax.yaxis.set_major_locator(ticker.LogLocator(base=10, numticks=6))
    ax.xaxis.set_major_locator(ticker.MaxNLocator(5, integer=True))
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:.0e}".replace("e+0", "e").replace("e-0", "e-")))
    ax.yaxis.set_minor_locator(ticker.NullLocator())


def legend_entries(results: dict[str, RaceResult]) -> tuple[list[Line2D], list[str]]:
    """Plain proxy lines for the legend (much cheaper to draw than copies of the long paths)."""
    return [Line2D([], [], color=COLORS[name], linewidth=1.6) for name in results], list(results)


def race_summary(surface: Surface, results: dict[str, RaceResult], steps: int) -> str:
    """The numbers beside the picture: each optimizer's final loss and distance to the minimum."""
    lines = []
    for name, result in results.items():
        if result.diverged:
            lines.append(f"{name:<9} diverged after {len(result.path) - 1} steps")
            continue
        x, y = result.path[-1]
        lines.append(f"{name:<9} ends at ({x:7.3f}, {y:7.3f})   f − f_min = {result.loss[-1] - surface.min_loss:.2e}"
                     f"   distance to minimum = {distance_to_minimum(surface, result.path[-1]):.3f}")
    return "\n".join(lines)


def draw_race(fig: Figure, surface: str, sgd_lr: float, adaptive_lr: float, momentum: float,
              steps: int) -> str:
    """The race on one surface: paths over the contour lines (left), loss against step (right).

    Returns the summary: settings, then each optimizer's final loss and distance to the minimum.
    """
    surface = SURFACES[surface]
    results = run_race(surface, steps, sgd_lr, adaptive_lr, momentum)
    paths, losses = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1.25, 1), "wspace": 0.22, "left": 0.06,
                                                    "right": 0.985, "bottom": 0.12, "top": 0.9})
    draw_contours(paths, surface)
    draw_paths(paths, results)
    paths.set_title(f"{surface.title}: {surface.formula}", fontsize="medium")
    draw_losses(losses, surface, results, steps)
    losses.set_title(f"loss against step ({steps} steps)", fontsize="medium")
    losses.legend(*legend_entries(results), fontsize="small", ncol=2, loc="lower left")
    header = (f"{surface.title}, {steps} steps: SGD-family learning rate {sgd_lr:g}, momentum {momentum:.2f};"
              f" AdaGrad/RMSProp/Adam learning rate {adaptive_lr:g}; AdaDelta learning rate 1")
    return header + "\n" + race_summary(surface, results, steps)


def draw_race_overview(fig: Figure, steps: int = 100, momentum: float = 0.9,
                       keys: tuple[str, ...] = tuple(SURFACES)) -> str:
    """All surfaces side by side at their suggested learning rates: paths on top, losses below."""
    shapes = [np.ptp(SURFACES[k].xlim) / np.ptp(SURFACES[k].ylim) for k in keys]
    widths = [float(np.clip(shape / (4 / 3), 1.0, 1.6)) for shape in shapes]  # wide windows get wider columns
    axes = fig.subplots(2, len(keys), gridspec_kw={"height_ratios": (1.15, 1), "hspace": 0.3, "wspace": 0.28,
                                                   "width_ratios": widths,
                                                   "left": 0.06, "right": 0.99, "bottom": 0.08, "top": 0.9})
    summaries = []
    for column, key in enumerate(keys):
        surface = SURFACES[key]
        results = run_race(surface, steps, momentum=momentum)
        draw_contours(axes[0, column], surface)
        draw_paths(axes[0, column], results)
        axes[0, column].set_title(f"{surface.title}\n{surface.formula}", fontsize="medium")
        draw_losses(axes[1, column], surface, results, steps)
        axes[1, column].set_title(f"lr: SGD family {surface.sgd_lr:g}, adaptive {surface.adaptive_lr:g}",
                                  fontsize="small")
        if column:
            axes[0, column].set_ylabel("")
            axes[1, column].set_ylabel("")
        summaries.append(f"[{surface.title}]\n" + race_summary(surface, results, steps))
    fig.legend(*legend_entries(results), loc="upper center", ncol=len(results), fontsize="small", frameon=False)
    return "\n".join(summaries)


LEARNING_RATES = tuple(float(f"{m}e{e}") for e in range(-4, 0) for m in (1, 2, 3, 5)) + (1.0,)


def _rate_slider(description: str, value: float) -> widgets.SelectionSlider:
    """A slider over round learning rates 0.0001, 0.0002, 0.0003, 0.0005, 0.001, …, 1."""
    return widgets.SelectionSlider(options=[(f"{r:g}", r) for r in LEARNING_RATES], value=value,
                                   description=description, continuous_update=True,
                                   style={"description_width": "initial"}, layout=widgets.Layout(width="400px"))


def race_explorer(surface: str = "valley", steps: int = 100, momentum: float = 0.9) -> Explorer:
    """Surface, two learning rates, momentum and steps over :func:`draw_race`.

    Choosing a surface resets the learning-rate sliders to that surface's suggested values.
    """
    chosen = SURFACES[surface]
    controls = {
        "surface": widgets.Dropdown(options=[(s.title, k) for k, s in SURFACES.items()], value=surface,
                                    description="surface", layout=widgets.Layout(width="300px")),
        "sgd_lr": _rate_slider("learning rate, SGD family", chosen.sgd_lr),
        "adaptive_lr": _rate_slider("learning rate, AdaGrad/RMSProp/Adam", chosen.adaptive_lr),
        "momentum": slider("momentum (Momentum, NAG)", momentum, 0.0, 0.99, 0.01),
        "steps": int_slider("steps", steps, 1, MAX_STEPS),
    }
    explorer = Explorer(draw_race, controls, figsize=(10, 4.2), dpi=80)

    def reset_learning_rates(change) -> None:
        new = SURFACES[change["new"]]
        controls["sgd_lr"].value, controls["adaptive_lr"].value = new.sgd_lr, new.adaptive_lr

    controls["surface"].observe(reset_learning_rates, names="value")
    return explorer


def race_table(steps: int = 100, momentum: float = 0.9, keys: tuple[str, ...] = tuple(SURFACES)):
    """Each optimizer's loss above the minimum after ``steps`` steps, one column per surface."""
    from .display import Table

    columns = {"optimizer": list(RACERS)}
    for key in keys:
        surface = SURFACES[key]
        results = run_race(surface, steps, momentum=momentum)
        columns[surface.title] = ["diverged" if r.diverged else f"{r.loss[-1] - surface.min_loss:.1e}"
                                  for r in results.values()]
    return Table(columns, caption=f"f − f_min after {steps} steps (suggested learning rates, momentum {momentum:g})")
