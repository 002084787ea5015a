"""Lesson 06: the optimizer race — every optimizer of the lesson on the same 2-D loss surfaces.

Each optimizer starts from the same point of a loss surface f(x, y) (a bowl, a long narrow valley,
a saddle, a curved banana); the race records its path and its loss at every step and draws them
over the contour lines, with sliders for the learning rates, the momentum and the number of steps,
and it shows why RMSProp climbs back with a constant learning rate and settles with a decaying one.
The SGD family (SGD, Momentum, NAG) takes steps of learning_rate × gradient, while AdaGrad, RMSProp
and Adam take steps of about learning_rate in weight units whatever the gradient's size, so each
family has its own learning rate; AdaDelta runs as the slides write it, with no learning rate
(Keras's ``learning_rate=1.0``).
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

from . import optimizers, schedules
from .widgets import Explorer, Scene, int_slider, slider

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


_RACE_CACHE: dict[tuple, tuple[int, RaceResult]] = {}


def _settings_used(name: str, sgd_lr: float, adaptive_lr: float, momentum: float) -> tuple:
    """The settings an optimizer's run depends on: SGD only on its learning rate, Momentum and NAG
    also on the momentum, AdaGrad/RMSProp/Adam on the adaptive learning rate, AdaDelta on none."""
    if name == "SGD":
        return (sgd_lr,)
    if name in ("Momentum", "NAG"):
        return sgd_lr, momentum
    return (adaptive_lr,) if name in ADAPTIVE else ()


def _race_at_least(key: str, sgd_lr: float, adaptive_lr: float, momentum: float,
                   steps: int) -> dict[str, RaceResult]:
    """The race for these settings, each optimizer run once to at least ``steps`` steps and kept:
    dragging the steps slider then only cuts the stored runs shorter, and moving one setting reruns
    only the optimizers that use it (the cache keeps the last 256 runs)."""
    results = {}
    for name in RACERS:
        settings = (key, name, *_settings_used(name, sgd_lr, adaptive_lr, momentum))
        length, result = _RACE_CACHE.get(settings, (-1, None))
        if length < steps:
            length = min(MAX_STEPS, max(steps, 2 * length, 100))
            racer = make_racers(sgd_lr, adaptive_lr, momentum)[name]
            result = run_optimizer(SURFACES[key], racer, length)
            _RACE_CACHE.pop(settings, None)
            _RACE_CACHE[settings] = (length, result)
            while len(_RACE_CACHE) > 256:
                del _RACE_CACHE[next(iter(_RACE_CACHE))]
        results[name] = result
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


def draw_paths(ax, results: dict[str, RaceResult]) -> tuple[list[Line2D], list[Line2D]]:
    """Each optimizer's path, in its colour, with a dot at its last point; returns (paths, dots)."""
    paths, dots = [], []
    for name, result in results.items():
        paths += ax.plot(result.path[:, 0], result.path[:, 1], color=COLORS[name], linewidth=1.6, label=name)
        dots += ax.plot(*result.path[-1], marker="x" if result.diverged else "o", color=COLORS[name], markersize=4)
    return paths, dots


def draw_losses(ax, surface: Surface, results: dict[str, RaceResult], steps: int) -> list[Line2D]:
    """Loss above the minimum, f − f_min, against the step (log scale); returns the lines."""
    lines = []
    for name, result in results.items():
        lines += ax.plot(np.arange(len(result.loss)), np.maximum(result.loss - surface.min_loss, 1e-12),
                         color=COLORS[name], linewidth=1.4, label=name)
    ax.set(yscale="log", ylim=_loss_limits(surface, results), xlim=(0, max(steps, 1)), xlabel="step",
           ylabel="f − f_min  (log scale)")
    # plain-text tick labels: log axes' default mathtext labels make every redraw ~5× slower
    ax.yaxis.set_major_locator(ticker.LogLocator(base=10, numticks=6))
    ax.xaxis.set_major_locator(ticker.MaxNLocator(5, integer=True))
    ax.yaxis.set_major_formatter(
        ticker.FuncFormatter(lambda value, _: f"{value:.0e}".replace("e+0", "e").replace("e-0", "e-")))
    ax.yaxis.set_minor_locator(ticker.NullLocator())
    return lines


def _loss_limits(surface: Surface, results: dict[str, RaceResult]) -> tuple[float, float]:
    """The loss plot's y range: from a third of the smallest gap above the minimum to 3× the start's."""
    gaps = [r.loss - surface.min_loss for r in results.values()]
    top = 3 * float(surface.f(*np.array(surface.start)) - surface.min_loss)
    low = min((float(np.min(g[g > 0])) for g in gaps if np.any(g > 0)), default=1e-10)
    return max(low / 3, 1e-10), top


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
        lines.append(f"{name:<9} ends at ({x:6.3f}, {y:6.3f})  f − f_min = {result.loss[-1] - surface.min_loss:.2e}"
                     f"  distance to minimum = {distance_to_minimum(surface, result.path[-1]):.3f}")
    return "\n".join(lines)


def draw_race(fig: Figure, surface: str, sgd_lr: float, adaptive_lr: float, momentum: float,
              steps: int) -> str:
    """The race on one surface: paths over the contour lines (left), loss against step (right).

    Returns the summary: settings, then each optimizer's final loss and distance to the minimum.
    """
    return RaceScene().draw(fig, surface, sgd_lr, adaptive_lr, momentum, steps)


class RaceScene(Scene):
    """:func:`draw_race`, able to move the paths and the loss curves while the surface stays.

    Fixed: the surface's shading, contours, minima and start, the axes of the paths. Moving: the
    paths and their last points, the loss curves with the loss plot's axes (their limits follow the
    runs) and its title. Another surface is drawn from scratch. Runs come from :func:`run_race`'s
    cache, so moving only ``steps`` reruns nothing.
    """

    def draw(self, fig: Figure, surface: str, sgd_lr: float, adaptive_lr: float, momentum: float,
             steps: int) -> str:
        self.key, surface = surface, SURFACES[surface]
        results = run_race(surface, steps, sgd_lr, adaptive_lr, momentum)
        paths, losses = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1.2, 1), "wspace": 0.2, "left": 0.065,
                                                        "right": 0.985, "bottom": 0.11, "top": 0.93})
        draw_contours(paths, surface)
        self.paths, self.dots = draw_paths(paths, results)
        paths.set_title(f"{surface.title}: {surface.formula}", fontsize="medium")
        self.losses_ax = losses
        self.lines = draw_losses(losses, surface, results, steps)
        losses.set_title(f"loss against step ({steps} steps)", fontsize="medium")
        losses.legend(*legend_entries(results), fontsize="small", ncol=2, loc="lower left")
        self.moving = [*self.paths, *self.dots, *self.lines, losses.xaxis, losses.yaxis, losses.title]
        return _race_text(surface, results, sgd_lr, adaptive_lr, momentum, steps)

    def update(self, surface: str, sgd_lr: float, adaptive_lr: float, momentum: float, steps: int) -> str | None:
        if surface != self.key:
            return None
        surface = SURFACES[surface]
        results = run_race(surface, steps, sgd_lr, adaptive_lr, momentum)
        for path, dot, line, result in zip(self.paths, self.dots, self.lines, results.values()):
            path.set_data(result.path[:, 0], result.path[:, 1])
            dot.set_data(result.path[-1:, 0], result.path[-1:, 1])
            dot.set_marker("x" if result.diverged else "o")
            line.set_data(np.arange(len(result.loss)), np.maximum(result.loss - surface.min_loss, 1e-12))
        self.losses_ax.set_ylim(_loss_limits(surface, results))
        self.losses_ax.set_xlim(0, max(steps, 1))
        self.losses_ax.set_title(f"loss against step ({steps} steps)", fontsize="medium")
        return _race_text(surface, results, sgd_lr, adaptive_lr, momentum, steps)


def _race_text(surface: Surface, results: dict[str, RaceResult], sgd_lr: float, adaptive_lr: float,
               momentum: float, steps: int) -> str:
    header = (f"{surface.title}, {steps} steps: SGD-family learning rate {sgd_lr:g}, momentum {momentum:.2f};\n"
              f"  AdaGrad/RMSProp/Adam learning rate {adaptive_lr:g}; AdaDelta learning rate 1")
    return header + "\n" + race_summary(surface, results, steps)


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
    explorer = Explorer(RaceScene(), controls, figsize=(8.8, 4.4), dpi=110)

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


# ---------------------------------------------------------------------------------------------
# One panel per optimizer (the lesson's static overview)
# ---------------------------------------------------------------------------------------------

SURFACE_STYLES = dict(zip(SURFACES, ("solid", "dashed", "dashdot", "dotted")))


def draw_race_by_optimizer(fig: Figure, steps: int = 100, momentum: float = 0.9,
                           keys: tuple[str, ...] = tuple(SURFACES)) -> str:
    """The race with one column per optimizer: its path on each surface (one row per surface), and
    below them its loss on every surface, relative to the start's, (f − f_min)/(f(start) − f_min).

    Every run uses the surface's suggested learning rates, as :func:`race_table`. Each path panel
    prints the run's final f − f_min. Returns the same summary as :func:`race_summary`, per surface.
    """
    heights = [float(np.ptp(SURFACES[k].ylim) / np.ptp(SURFACES[k].xlim)) for k in keys]
    axes = fig.subplots(len(keys) + 1, len(RACERS), squeeze=False,
                        gridspec_kw={"height_ratios": [*heights, 0.9], "hspace": 0.32, "wspace": 0.08,
                                     "left": 0.07, "right": 0.995, "bottom": 0.075, "top": 0.93})
    summaries = []
    for row, key in enumerate(keys):
        surface = SURFACES[key]
        results = run_race(surface, steps, momentum=momentum)
        for column, (name, result) in enumerate(results.items()):
            ax = axes[row, column]
            draw_contours(ax, surface)
            draw_paths(ax, {name: result})
            final = "diverged" if result.diverged else f"{result.loss[-1] - surface.min_loss:.0e}".replace("e-0", "e-")
            ax.text(0.03, 0.04, final, transform=ax.transAxes, fontsize="x-small",
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
            ax.set_xlabel("")
            ax.xaxis.set_major_locator(ticker.MaxNLocator(5, steps=[1, 2, 5, 10], prune="both"))
            ax.tick_params(labelsize="x-small")
            if column:
                ax.set_ylabel("")
                ax.set_yticklabels([])
            else:
                ax.set_ylabel(f"{surface.title}\ny", fontsize="small")
            if row == 0:
                ax.set_title(name, color=COLORS[name], fontweight="bold", fontsize="medium")
            for text in ax.texts:
                if text.get_text() == "start":
                    text.set_visible(False)
            lowest = axes[len(keys), column]
            start_gap = float(surface.f(*np.array(surface.start)) - surface.min_loss)
            lowest.plot(np.arange(len(result.loss)), np.maximum((result.loss - surface.min_loss) / start_gap, 1e-16),
                        color=COLORS[name], linestyle=SURFACE_STYLES[key], linewidth=1.3, label=surface.title)
        summaries.append(f"[{surface.title}]\n" + race_summary(surface, results, steps))
    for column, ax in enumerate(axes[len(keys)]):
        ax.set(yscale="log", ylim=(1e-16, 3), xlim=(0, steps), xlabel="step")
        ax.yaxis.set_major_locator(ticker.FixedLocator([1e-15, 1e-10, 1e-5, 1]))
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:.0e}".replace("e+00", "")))
        ax.yaxis.set_minor_locator(ticker.NullLocator())
        ax.xaxis.set_major_locator(ticker.MaxNLocator(3, integer=True))
        ax.tick_params(labelsize="x-small")
        ax.grid(True, linewidth=0.3)
        if column:
            ax.set_yticklabels([])
        else:
            ax.set_ylabel("(f − f_min) ÷ its start value\n(log scale, floor 1e-16)", fontsize="small")
    handles = [Line2D([], [], color="black", linestyle=SURFACE_STYLES[k], linewidth=1.3) for k in keys]
    fig.legend(handles, [f"loss on the {SURFACES[k].title}" for k in keys], loc="lower center", ncol=len(keys),
               fontsize="small", frameon=False, bbox_to_anchor=(0.53, 0.0))
    fig.suptitle(f"the race, one column per optimizer: {steps} steps at each surface's suggested learning rates"
                 f" (momentum {momentum:g}); the number in each panel is the final f − f_min", fontsize="medium")
    return "\n".join(summaries)


# ---------------------------------------------------------------------------------------------
# RMSProp with a constant learning rate, and with a decaying one
# ---------------------------------------------------------------------------------------------


@dataclass
class DecayStudy:
    """RMSProp on a surface with a constant learning rate and with exponential decay.

    ``traces`` maps "constant" / "decayed" to :class:`course_lib.schedules.Trace` (its ``slot`` is
    RMSProp's E[g²] after each step); ``loss`` maps the same keys to f − f_min at every point.
    """

    surface: Surface
    learning_rate: float
    decay_rate: float
    traces: dict[str, schedules.Trace]
    loss: dict[str, np.ndarray]

    @property
    def multiplier(self) -> dict[str, np.ndarray]:
        """What each step multiplies the gradient by, lr_t/√(E[g²] + ε), per coordinate and step."""
        epsilon = optimizers.RMSprop().epsilon
        return {k: t.learning_rates[:, None] / np.sqrt(t.slot + epsilon) for k, t in self.traces.items()}

    def largest_rise(self, key: str) -> tuple[float, int]:
        """The largest factor by which the loss climbed above the lowest value it had reached
        before, and the step where it did."""
        loss = self.loss[key]
        rise = loss[1:] / np.maximum(np.minimum.accumulate(loss)[:-1], 1e-300)
        return float(np.max(rise)), int(np.argmax(rise)) + 1


def rmsprop_decay_study(key: str, steps: int = MAX_STEPS, decay_rate: float = 0.98,
                        learning_rate: float | None = None) -> DecayStudy:
    """RMSProp (Keras's defaults but the learning rate) from the surface's start, ``steps`` steps,
    once with the surface's suggested learning rate kept constant and once decayed by ``decay_rate``
    every step (Keras's ``ExponentialDecay(lr, decay_steps=1, decay_rate=decay_rate)``)."""
    surface = SURFACES[key]
    learning_rate = surface.adaptive_lr if learning_rate is None else learning_rate

    def gradient(w):
        return np.array(surface.grad(*w))

    learning_rates = {"constant": None, "decayed": schedules.exponential_decay(learning_rate, 1, decay_rate)}
    traces = {name: schedules.trace(optimizers.RMSprop(learning_rate=learning_rate), gradient, surface.start,
                                    steps, schedule, slot="velocity") for name, schedule in learning_rates.items()}
    loss = {name: surface.f(t.weights[:, 0], t.weights[:, 1]) - surface.min_loss for name, t in traces.items()}
    return DecayStudy(surface, learning_rate, decay_rate, traces, loss)


DECAY_STYLES = {"constant": dict(color="tab:orange", linestyle="solid"),
                "decayed": dict(color="tab:green", linestyle="solid")}
LOSS_FLOOR = 1e-40


def draw_rmsprop_decay(fig: Figure, bowl: DecayStudy, banana: DecayStudy) -> str:
    """Four panels: the bowl's loss, the bowl's gradient multiplier lr/√(E[g²] + ε) against the
    line 2 (above it, a step on this bowl overshoots by more than it corrects), the bowl's step
    length against the learning rate, and the banana's loss — each for a constant and a decaying
    learning rate. Returns one line per run: lowest loss (and its step), final loss."""
    (loss_ax, mult_ax), (step_ax, banana_ax) = fig.subplots(2, 2, gridspec_kw={
        "hspace": 0.42, "wspace": 0.25, "left": 0.08, "right": 0.98, "bottom": 0.08, "top": 0.9})
    labels = {"constant": f"constant lr = {bowl.learning_rate:g}",
              "decayed": f"lr = {bowl.learning_rate:g}·{bowl.decay_rate:g}^step"}
    for name, style in DECAY_STYLES.items():
        trace = bowl.traces[name]
        steps = np.arange(len(bowl.loss[name]))
        loss_ax.plot(steps, np.maximum(bowl.loss[name], LOSS_FLOOR), label=labels[name], linewidth=1.3, **style)
        for coordinate, width in ((0, 1.3), (1, 0.8)):
            mult_ax.plot(steps[1:], bowl.multiplier[name][:, coordinate], linewidth=width, alpha=0.9,
                         label=f"{labels[name]}, {'xy'[coordinate]}",
                         **{**style, "linestyle": ("solid", "dashed")[coordinate]})
        step_ax.plot(steps[1:], np.linalg.norm(trace.steps, axis=1), linewidth=1.1,
                     label=f"step length, {labels[name]}", **style)
        step_ax.plot(steps[1:], trace.learning_rates, color=style["color"], linestyle=":", linewidth=1.6,
                     label=f"learning rate, {labels[name]}")
        banana_steps = np.arange(len(banana.loss[name]))
        banana_labels = {"constant": f"constant lr = {banana.learning_rate:g}",
                         "decayed": f"lr = {banana.learning_rate:g}·{banana.decay_rate:g}^step"}
        banana_ax.plot(banana_steps, banana.loss[name], label=banana_labels[name], linewidth=1.3, **style)
    mult_ax.axhline(2, color="black", linewidth=1, linestyle="-.", label="2: above it, w grows on this bowl")
    loss_ax.set(yscale="log", ylim=(LOSS_FLOOR / 10, 1e3), xlabel="step",
                ylabel=f"f − f_min (log scale, floor {LOSS_FLOOR:.0e})",
                title=f"RMSProp on the {bowl.surface.title}: loss")
    mult_ax.set(yscale="log", xlabel="step", ylabel="lr / √(E[g²] + ε)  (log scale)",
                title="what each step multiplies the gradient by")
    step_ax.set(yscale="log", xlabel="step", ylabel="length (log scale)",
                title=f"on the {bowl.surface.title}: step length ‖Δw‖ and the learning rate")
    banana_ax.set(yscale="log", xlabel="step", ylabel="f − f_min (log scale)",
                  title=f"RMSProp on the {banana.surface.title}: loss")
    for ax, where in ((loss_ax, "lower right"), (mult_ax, "lower right"), (step_ax, "lower right"),
                      (banana_ax, "upper right")):
        ax.legend(fontsize="x-small", loc=where)
    fig.suptitle("RMSProp with a constant and with a decaying learning rate")
    lines = []
    for study in (bowl, banana):
        for name in DECAY_STYLES:
            loss = study.loss[name]
            lines.append(f"{study.surface.title}, {name:<8}: lowest f − f_min {loss.min():.1e} "
                         f"at step {int(np.argmin(loss))}, "
                         f"final {loss[-1]:.1e} (step {len(loss) - 1}), largest rise ×{study.largest_rise(name)[0]:.1e}"
                         f" at step {study.largest_rise(name)[1]}")
    return "\n".join(lines)
