"""Diagrams drawn from the code: computational graphs (계산 그래프), perceptrons and the slides' networks.

A computational graph records every call of a :mod:`course_lib.layers` node (``Add``, ``Multiply``,
``Exp``, ``Sigmoid`` …) as it happens, runs the layers' own ``backward`` and is drawn as *Deep
Learning from Scratch* and cs231n do: each operation a circle, each value an arrow with its
**forward value above** (green) and its **gradient below** (red). The perceptron, the stacked XOR
gates and the slides' 2-2-1 network are drawn the same way, with the values and the wiring (the
slides' w2: x1 → h2 and w3: x2 → h1) read from the course's own code, so every number and every
arrow on a picture is the code's, never typed in by the artist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .display import format_number

__all__ = ["Wire", "Graph", "network_edges", "unit_values", "draw_network", "draw_perceptron", "draw_gate_network",
           "FORWARD_COLOR", "GRADIENT_COLOR"]

FORWARD_COLOR = "#1a7f37"   # green: forward values, above the arrows
GRADIENT_COLOR = "#c62828"  # red: gradients, below the arrows


@dataclass(eq=False)
class Wire:
    """A value flowing along the graph: its name, forward value and (after backward) ∂output/∂wire."""

    name: str
    value: float
    producer: _Op | None = None
    grad: float | None = None


@dataclass(eq=False)
class _Op:
    layer: object
    label: str
    inputs: list[Wire]
    output: Wire
    const: float | None = None
    input_grads: list[float | None] = field(default_factory=list)


class Graph:
    """A computational graph recorded while course_lib layer objects compute.

    ``g.input(name, value)`` makes an input; ``g.apply(layers.Add(), "+", a, b)`` calls the layer's
    ``forward`` and returns its output wire; ``g.apply(layers.Multiply(), "×(−1)", s, const=-1.0)``
    multiplies by a constant drawn inside the node. ``g.backward(out)`` then calls each layer's
    ``backward`` from the output back to the inputs and stores every gradient.
    """

    def __init__(self):
        self.inputs: list[Wire] = []
        self.ops: list[_Op] = []
        self.output: Wire | None = None

    def input(self, name: str, value: float) -> Wire:
        wire = Wire(name, float(value))
        self.inputs.append(wire)
        return wire

    def apply(self, layer, label: str, *wires: Wire, const: float | None = None, name: str = "") -> Wire:
        """Run ``layer.forward`` on the wires' values (and ``const``, as its last argument)."""
        args = [w.value for w in wires] + ([const] if const is not None else [])
        value = float(np.asarray(layer.forward(*args)))
        op = _Op(layer, label, list(wires), Wire(name or label, value), const)
        op.output.producer = op
        self.ops.append(op)
        return op.output

    def backward(self, output: Wire, dout: float = 1.0) -> None:
        """Backpropagate from ``output`` (∂output/∂output = ``dout``) with the layers' own ``backward``."""
        self.output = output
        for wire in self.inputs + [op.output for op in self.ops]:
            wire.grad = None
        output.grad = float(dout)
        for op in reversed(self.ops):
            if op.output.grad is None:
                continue
            result = op.layer.backward(op.output.grad)
            grads = list(result) if isinstance(result, tuple) else [result]
            op.input_grads = [float(np.asarray(g)) for g in grads[:len(op.inputs)]]
            for wire, grad in zip(op.inputs, op.input_grads):
                wire.grad = grad if wire.grad is None else wire.grad + grad

    # --- layout and drawing -----------------------------------------------------------------

    def edges(self) -> list[tuple[Wire, _Op | None, float]]:
        """Every arrow as (wire, the op it feeds or None for the output, the gradient on that arrow)."""
        found = [(wire, op, op.input_grads[i] if i < len(op.input_grads) else np.nan)
                 for op in self.ops for i, wire in enumerate(op.inputs)]
        if self.output is not None:
            found.append((self.output, None, self.output.grad))
        return found

    def layout(self) -> dict[object, tuple[float, float]]:
        """Columns by depth (inputs just left of their first use), rows: inputs in order, ops centred."""
        column: dict[object, int] = {}
        for op in self.ops:
            column[op] = 1 + max((column[w.producer] for w in op.inputs if w.producer is not None), default=0)
        position: dict[object, tuple[float, float]] = {}
        for row, wire in enumerate(self.inputs):
            users = [column[op] for op in self.ops if wire in op.inputs]
            position[wire] = (min(users, default=1) - 1, -row)
        for op in self.ops:
            ys = [position[w.producer if w.producer is not None else w][1] for w in op.inputs]
            position[op] = (column[op], float(np.mean(ys)))
        return position

    def draw(self, ax, title: str = "", digits: int = 2, x_gap: float = 1.4, y_gap: float = 1.5) -> str:
        """Draw the graph on ``ax``; return a one-line-per-arrow summary ``name → op: forward, gradient``."""
        position = {k: (x * x_gap, y * y_gap) for k, (x, y) in self.layout().items()}
        radius = 0.24
        text = dict(ha="center", fontsize=9)
        for wire in self.inputs:
            x, y = position[wire]
            ax.text(x, y, wire.name, ha="right", va="center", fontsize=10, fontweight="bold")
        for op in self.ops:
            x, y = position[op]
            ax.add_patch(_circle((x, y), radius))
            ax.text(x, y, op.label, ha="center", va="center", fontsize=9 if len(op.label) < 3 else 7.5)
        lines = []
        for wire, op, grad in self.edges():
            if wire.producer is None:
                start = np.array(position[wire]) + (0.08, 0)
            else:
                start = np.array(position[wire.producer]) + (radius, 0)
            end = np.array(position[op]) - (radius, 0) if op is not None else start + (0.9 * x_gap, 0)
            ax.annotate("", xy=end, xytext=start, arrowprops=dict(arrowstyle="-|>", color="0.35", lw=1.1,
                                                                  shrinkA=0, shrinkB=0))
            middle = start + 0.45 * (end - start)
            along = (end - start) / np.linalg.norm(end - start)
            normal = np.array([-along[1], along[0]])  # perpendicular, pointing upwards
            gap = 0.13 + 0.1 * abs(along[1])          # a steeper arrow needs more room for the digits
            ax.text(*middle + gap * normal, _number(wire.value, digits), va="center", color=FORWARD_COLOR, **text)
            ax.text(*middle - gap * normal, _number(grad, digits), va="center", color=GRADIENT_COLOR, **text)
            if op is None:
                ax.text(*end + (0.05, 0), wire.name, ha="left", va="center", fontsize=10, fontweight="bold")
            lines.append(f"{wire.name} → {op.label if op is not None else 'output'}: "
                         f"forward {_number(wire.value, 4)}, gradient {_number(grad, 4)}")
        xs = [p[0] for p in position.values()]
        ys = [p[1] for p in position.values()]
        _frame(ax, (min(xs) - 0.6, max(xs) + 1.5 * x_gap), (min(ys) - 0.5, max(ys) + 0.5), title)
        return "\n".join(lines)


def _number(value, digits: int) -> str:
    return format_number(float(value), digits) if np.isfinite(value) else ""


def _circle(center, radius):
    from matplotlib.patches import Circle
    return Circle(center, radius, facecolor="white", edgecolor="0.2", lw=1.2, zorder=3)


def network_edges(w: Mapping[str, float]) -> list[tuple[str, str, str, float]]:
    """The 2-2-1 network's connections as (from unit, to unit, weight name, value), read from the
    ``W`` matrices of the two ``Affine`` layers of :func:`course_lib.backprop.slide_network` —
    W1 (in × out) and W2 (hidden × 1). Built once with the weights' names in place of their values,
    the same layers say which name sits where."""
    from .backprop import slide_network
    named = slide_network({n: n for n in w})  # the same layers, holding names instead of numbers
    valued = slide_network(w)
    edges = []
    units = ((("x1", "x2"), ("h1", "h2")), (("h1", "h2"), ("ŷ",)))
    for k, (sources, targets) in zip((0, 2), units):
        W_names, W_values = named.layers[k].W, valued.layers[k].W
        for i, source in enumerate(sources):
            for j, target in enumerate(targets):
                edges.append((source, target, str(W_names[i, j]), float(W_values[i, j])))
    return edges


def unit_values(w: Mapping[str, float], inputs: Mapping[str, float]) -> dict[str, float]:
    """Every unit's forward value, from the layers of :func:`course_lib.backprop.slide_network`."""
    from .backprop import slide_network
    net = slide_network(w)
    net.forward(np.array([[inputs["x1"], inputs["x2"]]], dtype=float))
    h, y_hat = net.layers[1].out[0], net.layers[3].out[0]
    return {"x1": inputs["x1"], "x2": inputs["x2"], "h1": float(h[0]), "h2": float(h[1]), "ŷ": float(y_hat[0])}


def draw_network(ax, w: Mapping[str, float], inputs: Mapping[str, float],
                 gradients: Mapping[str, float] | None = None, title: str = "") -> str:
    """The slides' 2-2-1 network: units as circles (with their forward values), each connection
    labelled with its weight's name and value (and ∂E/∂w in red, if ``gradients`` are given).
    Returns one line per connection, ``x1 → h2: w2 = 0.3``."""
    values = unit_values(w, inputs)
    position = {"x1": (0, 1), "x2": (0, -1), "h1": (3, 1), "h2": (3, -1), "ŷ": (6, 0)}
    radius = 0.42
    lines = []
    for source, target, name, value in network_edges(w):
        start, end = np.array(position[source], float), np.array(position[target], float)
        direction = (end - start) / np.linalg.norm(end - start)
        ax.annotate("", xy=end - radius * direction, xytext=start + radius * direction,
                    arrowprops=dict(arrowstyle="-|>", color="0.35", lw=1.2, shrinkA=0, shrinkB=0))
        # a crossing arrow's label sits near its source, where the two crossing arrows are still apart
        along = 0.5 if start[1] == end[1] or source.startswith("h") else 0.25
        spot = start + radius * direction + along * (end - start - 2 * radius * direction)
        label = f"{name} = {format_number(value)}"
        if gradients is not None:
            label += "\n" + f"∂E/∂{name} = {format_number(gradients[name], 4)}"
        ax.text(*spot, label, ha="center", va="center", fontsize=9, zorder=4,
                bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="0.7"))
        lines.append(f"{source} → {target}: {name} = {format_number(value)}")
    for unit, (x, y) in position.items():
        ax.add_patch(_circle((x, y), radius))
        ax.text(x, y + 0.1, unit, ha="center", va="center", fontsize=11, fontweight="bold", zorder=5)
        shown = f"{values[unit]:.3f}" if unit != "x1" and unit != "x2" else format_number(values[unit])
        ax.text(x, y - 0.17, shown, ha="center", va="center", fontsize=8,
                color=FORWARD_COLOR, zorder=5)
    _frame(ax, (-0.8, 6.8), (-1.7, 1.7), title)
    return "\n".join(lines)


def _frame(ax, xlim: tuple[float, float], ylim: tuple[float, float], title: str) -> None:
    """Show ``xlim`` × ``ylim`` at equal scale without axes, under ``title`` (if any)."""
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=11)


def _arrow(ax, start, end, radius_start: float, radius_end: float, label: str = "", along: float = 0.5) -> None:
    """An arrow between two circles (or points, radius 0), with a boxed label part-way along."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    direction = (end - start) / np.linalg.norm(end - start)
    tail, head = start + radius_start * direction, end - radius_end * direction
    ax.annotate("", xy=head, xytext=tail,
                arrowprops=dict(arrowstyle="-|>", color="0.35", lw=1.2, shrinkA=0, shrinkB=0))
    if label:
        ax.text(*(tail + along * (head - tail)), label, ha="center", va="center", fontsize=9, zorder=4,
                bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="0.7"))


def _unit(ax, center, radius: float, name: str, value: str = "", note: str = "") -> None:
    """A unit as a circle: its name in bold, its value in green below, a note under the circle."""
    x, y = center
    ax.add_patch(_circle((x, y), radius))
    ax.text(x, y + (0.12 if value else 0), name, ha="center", va="center", fontsize=11, fontweight="bold", zorder=5)
    if value:
        ax.text(x, y - 0.18, value, ha="center", va="center", fontsize=9, color=FORWARD_COLOR, zorder=5)
    if note:
        ax.text(x, y - radius - 0.12, note, ha="center", va="top", fontsize=9, zorder=5)


def draw_perceptron(ax, w, b: float, x, title: str = "") -> str:
    """One perceptron as the slides draw a neuron: inputs x₁, x₂ and the constant 1 (for the bias),
    arrows labelled with their weights, the weighted sum z in a Σ node, the step, and the output ŷ.
    The z and ŷ shown are computed by :func:`course_lib.perceptron.weighted_sum` and ``step``.
    Returns the computation as one line."""
    from .perceptron import step, weighted_sum
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    z = float(weighted_sum(x, w, b))
    y_hat = int(step(z))
    radius = 0.42
    inputs = {"x₁": ((0, 1.6), format_number(x[0]), f"w₁ = {format_number(w[0])}"),
              "x₂": ((0, 0), format_number(x[1]), f"w₂ = {format_number(w[1])}"),
              "1": ((0, -1.6), "", f"b = {format_number(b)}")}
    total, activation, output = (3.2, 0), (5.2, 0), (7.2, 0)
    for name, (center, value, label) in inputs.items():
        _unit(ax, center, radius, name, value)
        _arrow(ax, center, total, radius, radius, label, along=0.45)
    _unit(ax, total, radius, "Σ", f"z = {format_number(z)}", note="weighted sum")
    _arrow(ax, total, activation, radius, 0.5)
    ax.add_patch(_box(activation, 0.5))
    ax.plot(activation[0] + np.array([-0.35, 0, 0, 0.35]), activation[1] + np.array([-0.2, -0.2, 0.2, 0.2]),
            color="0.2", lw=1.5, zorder=5)
    ax.text(activation[0], activation[1] - 0.62, "step: 1 if z > 0", ha="center", va="top", fontsize=9)
    _arrow(ax, activation, output, 0.5, radius)
    _unit(ax, output, radius, "ŷ", str(y_hat), note="output")
    _frame(ax, (-0.7, 7.9), (-2.3, 2.3), title)
    return (f"z = {format_number(w[0])}·{format_number(x[0])} + {format_number(w[1])}·{format_number(x[1])} "
            f"+ ({format_number(b)}) = {format_number(z)}  →  ŷ = step(z) = {y_hat}")


def _box(center, half: float):
    from matplotlib.patches import Rectangle
    return Rectangle((center[0] - half, center[1] - half), 2 * half, 2 * half, facecolor="white",
                     edgecolor="0.2", lw=1.2, zorder=3)


def draw_gate_network(ax, x=(1, 0), title: str = "") -> str:
    """The slides' XOR by stacking, x → (s1 = NAND, s2 = OR) → y = AND: every arrow labelled with the
    weight from :data:`course_lib.logic_gates.GATE_WEIGHTS`, every unit with its bias and its value for
    the input ``x``, computed by the gates of :mod:`course_lib.logic_gates`. Returns one line per unit."""
    from .logic_gates import GATE_WEIGHTS, GATES
    x1, x2 = (int(v) for v in x)
    values = {"x1": x1, "x2": x2, "s1": int(GATES["NAND"](x1, x2)), "s2": int(GATES["OR"](x1, x2))}
    values["y"] = int(GATES["AND"](values["s1"], values["s2"]))
    units = {"s1": ((3.4, 1.3), "NAND", ("x1", "x2")), "s2": ((3.4, -1.3), "OR", ("x1", "x2")),
             "y": ((6.8, 0), "AND", ("s1", "s2"))}
    position = {"x1": (0, 1.3), "x2": (0, -1.3), **{u: p for u, (p, _, _) in units.items()}}
    radius = 0.45
    lines = []
    for unit, (center, gate, sources) in units.items():
        w1, w2, b = GATE_WEIGHTS[gate]
        for source, weight in zip(sources, (w1, w2)):
            crossing = position[source][1] != center[1] and unit != "y"
            _arrow(ax, position[source], center, radius, radius, format_number(weight),
                   along=0.25 if crossing else 0.5)
        _unit(ax, center, radius, unit, str(values[unit]), note=f"{gate}\nb = {format_number(b)}")
        lines.append(f"{unit} = {gate}({', '.join(sources)}) = {gate}({values[sources[0]]}, {values[sources[1]]}) "
                     f"= {values[unit]}   (w = {format_number(w1)}, {format_number(w2)}; b = {format_number(b)})")
    for name in ("x1", "x2"):
        _unit(ax, position[name], radius, name, str(values[name]))
    for column, layer in ((0, "input layer"), (3.4, "hidden layer"), (6.8, "output layer")):
        ax.text(column, -2.85, layer, ha="center", va="center", fontsize=9, style="italic")
    _frame(ax, (-0.8, 7.6), (-3.1, 2.0), title)
    return "\n".join(lines)
