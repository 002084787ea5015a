"""Lesson 04: logic gates as perceptrons, why XOR needs two layers, and why those layers must not be linear.

A perceptron (퍼셉트론) with weights w1, w2 and bias b outputs
y = 1 if b + w1·x1 + w2·x2 > 0, else 0 (the slides' step function, 계단 함수).
With the slides' weights it is an AND, a NAND or an OR gate. No single perceptron computes
XOR; a second layer does: s1 = NAND, s2 = OR, y = AND(s1, s2).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .perceptron import predict

# The slides' (seed 003) weights and biases: (w1, w2, b).
GATE_WEIGHTS: dict[str, tuple[float, float, float]] = {
    "AND": (0.5, 0.5, -0.7),
    "NAND": (-0.5, -0.5, 0.7),
    "OR": (0.5, 0.5, -0.2),
}
# The four inputs in the slides' row order.
INPUTS = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])


def perceptron(x1, x2, w1: float, w2: float, b: float):
    """The slides' two-input perceptron: 1 where b + w1·x1 + w2·x2 > 0, else 0 (works on arrays too).

    It is lesson 03's :func:`course_lib.perceptron.predict` with x = (x1, x2) and w = (w1, w2): inputs,
    then weights, then the bias, in both.
    """
    return predict(np.stack(np.broadcast_arrays(x1, x2), axis=-1), (w1, w2), b)


def AND(x1, x2):
    """The AND gate: a perceptron with the slides' (w1, w2, b) = (0.5, 0.5, −0.7)."""
    return perceptron(x1, x2, *GATE_WEIGHTS["AND"])


def NAND(x1, x2):
    """The NAND gate (NOT AND): the AND weights with every sign flipped."""
    return perceptron(x1, x2, *GATE_WEIGHTS["NAND"])


def OR(x1, x2):
    """The OR gate: the AND weights with a smaller threshold, b = −0.2."""
    return perceptron(x1, x2, *GATE_WEIGHTS["OR"])


def XOR(x1, x2):
    """XOR by stacking: y = AND(NAND(x1, x2), OR(x1, x2))."""
    return AND(NAND(x1, x2), OR(x1, x2))


GATES = {"AND": AND, "NAND": NAND, "OR": OR, "XOR": XOR}


def gate_columns(gate) -> dict[str, np.ndarray]:
    """x1, x2 and the gate's output y for the four inputs, in the slides' row order."""
    x1, x2 = INPUTS.T
    return {"x1": x1, "x2": x2, "y": np.asarray(gate(x1, x2))}


def xor_stack_columns() -> dict[str, np.ndarray]:
    """The slides' XOR table: x1, x2, s1 = NAND(x1, x2), s2 = OR(x1, x2), y = AND(s1, s2)."""
    x1, x2 = INPUTS.T
    s1, s2 = NAND(x1, x2), OR(x1, x2)
    return {"x1": x1, "x2": x2, "s1": s1, "s2": s2, "y": AND(s1, s2)}


def xor_targets() -> np.ndarray:
    """XOR's truth column for :data:`INPUTS`, from its definition (1 where exactly one input is 1)."""
    return (INPUTS[:, 0] != INPUTS[:, 1]).astype(int)


def best_single_line(targets, n_angles: int = 360, n_offsets: int = 401) -> tuple[int, tuple[float, float, float]]:
    """Try many lines w1·x1 + w2·x2 + b = 0 (both orientations) on the four inputs.

    Returns the most inputs any of them gets right and, of the lines that do, the one farthest from
    the nearest input, as (w1, w2, b). For AND, NAND and OR some line gets all 4; for XOR, none does
    better than 3.
    """
    angles = np.linspace(0, 2 * np.pi, n_angles, endpoint=False)
    w = np.stack([np.cos(angles), np.sin(angles)], axis=1)  # (angles, 2): unit normals
    offsets = np.linspace(-2, 2, n_offsets)
    scores = INPUTS @ w.T  # (4, angles)
    outputs = (scores[:, :, None] + offsets[None, None, :] > 0).astype(int)  # (4, angles, offsets)
    correct = (outputs == np.asarray(targets)[:, None, None]).sum(axis=0)
    margin = np.abs(scores[:, :, None] + offsets[None, None, :]).min(axis=0)  # distance to the nearest point
    i, j = np.unravel_index(np.argmax(correct + 0.1 * margin), correct.shape)  # among the best: the widest
    return int(correct[i, j]), (float(w[i, 0]), float(w[i, 1]), float(offsets[j]))


def xor_has_no_line_proof() -> str:
    """Why no (w1, w2, b) works for XOR: the four conditions contradict each other."""
    return ("(0,0) → 0 needs  b ≤ 0\n"
            "(1,0) → 1 needs  w1 + b > 0\n"
            "(0,1) → 1 needs  w2 + b > 0\n"
            "(1,1) → 0 needs  w1 + w2 + b ≤ 0\n"
            "adding the middle two: w1 + w2 + 2b > 0, so w1 + w2 + b > −b ≥ 0 — "
            "which contradicts the last line.")


def draw_gate(ax, name: str, weights: tuple[float, float, float] | None = None) -> None:
    """The four inputs coloured by the gate's output, the decision line and the side where y = 1."""
    table = gate_columns(GATES[name])
    ys = table["y"]
    for value, marker, color in ((0, "o", "tab:blue"), (1, "s", "tab:red")):
        pick = ys == value
        ax.scatter(table["x1"][pick], table["x2"][pick], s=110, marker=marker, color=color,
                   edgecolor="black", zorder=3, label=f"y = {value}")
    if weights is not None:
        w1, w2, b = weights
        grid = np.linspace(-0.5, 1.5, 201)
        g1, g2 = np.meshgrid(grid, grid)
        ax.contourf(g1, g2, perceptron(g1, g2, w1, w2, b), levels=[-0.5, 0.5, 1.5],
                    colors=["tab:blue", "tab:red"], alpha=0.12)
        ax.contour(g1, g2, b + w1 * g1 + w2 * g2, levels=[0], colors="black", linewidths=1.5)
    ax.set(xlim=(-0.5, 1.5), ylim=(-0.5, 1.5), xlabel="x1", ylabel="x2", aspect="equal",
           xticks=[0, 1], yticks=[0, 1])


def draw_gates(fig: Figure) -> str:
    """AND, NAND and OR with the slides' decision lines, and XOR with the best single line found."""
    axes = fig.subplots(1, 4, gridspec_kw={"wspace": 0.35, "left": 0.05, "right": 0.98, "top": 0.82,
                                           "bottom": 0.16})
    lines = []
    for ax, name in zip(axes, ("AND", "NAND", "OR")):
        w1, w2, b = GATE_WEIGHTS[name]
        draw_gate(ax, name, GATE_WEIGHTS[name])
        ax.set_title(f"{name}\n{w1:g}·x1 + {w2:g}·x2 + ({b:g}) = 0", fontsize="medium")
        lines.append(f"{name}: y = {gate_columns(GATES[name])['y'].tolist()}")
    correct, line = best_single_line(xor_targets())
    draw_gate(axes[3], "XOR", line)
    axes[3].set_title(f"XOR: the best single line\ngets only {correct} of 4 right", fontsize="medium")
    axes[0].legend(loc="upper left", fontsize="x-small")
    fig.suptitle("One perceptron = one straight line (shaded: where it outputs 1)")
    lines.append(f"XOR: best single line gets {correct} of 4")
    return "\n".join(lines)


def draw_xor_stack(fig: Figure) -> str:
    """XOR as two lines: NAND (s1) and OR (s2) cut the plane, AND keeps the band between them."""
    ax = fig.subplots()
    grid = np.linspace(-0.5, 1.5, 301)
    g1, g2 = np.meshgrid(grid, grid)
    ax.contourf(g1, g2, XOR(g1, g2), levels=[-0.5, 0.5, 1.5], colors=["tab:blue", "tab:red"], alpha=0.12)
    for name, style in (("NAND", "--"), ("OR", ":")):
        w1, w2, b = GATE_WEIGHTS[name]
        ax.contour(g1, g2, b + w1 * g1 + w2 * g2, levels=[0], colors="black", linestyles=style)
        ax.plot([], [], "k" + style, label=f"{name} line (s{1 if name == 'NAND' else 2})")
    table = gate_columns(XOR)
    for value, marker, color in ((0, "o", "tab:blue"), (1, "s", "tab:red")):
        pick = table["y"] == value
        ax.scatter(table["x1"][pick], table["x2"][pick], s=110, marker=marker, color=color,
                   edgecolor="black", zorder=3, label=f"XOR = {value}")
    ax.set(xlim=(-0.5, 1.5), ylim=(-0.5, 1.5), xlabel="x1", ylabel="x2", aspect="equal",
           xticks=[0, 1], yticks=[0, 1], title="XOR = AND(NAND, OR): the band between two lines")
    ax.legend(loc="upper right", fontsize="small")
    return f"XOR by the stack: {table['y'].tolist()}"


# --- a stack of linear layers is one linear layer ------------------------------------------------

def random_linear_stack(rng: np.random.Generator, sizes=(2, 4, 3, 1)) -> list[tuple[np.ndarray, np.ndarray]]:
    """Random (W, b) for linear layers of the given sizes: x → x·W1 + b1 → (…)·W2 + b2 → …"""
    return [(rng.normal(size=(n_in, n_out)), rng.normal(size=n_out)) for n_in, n_out in zip(sizes, sizes[1:])]


def apply_linear_stack(stack, x: np.ndarray) -> np.ndarray:
    """Run x through every linear layer in turn, with no activation in between."""
    for W, b in stack:
        x = x @ W + b
    return x


def collapse_linear_stack(stack) -> tuple[np.ndarray, np.ndarray]:
    """The single (W, b) equal to the whole stack: W = W1·W2·…, b = the stack applied to x = 0."""
    W = stack[0][0]
    for W_next, _ in stack[1:]:
        W = W @ W_next
    b = apply_linear_stack(stack, np.zeros((1, stack[0][0].shape[0])))[0]
    return W, b


def best_linear_fit_to_xor() -> tuple[np.ndarray, np.ndarray]:
    """The least-squares linear model ŷ = w1·x1 + w2·x2 + b for XOR; returns ((w1, w2, b), ŷ).

    Both are rounded to 12 decimals, so floating-point dust (1e-17) prints as the 0 it stands for.
    """
    design = np.column_stack([INPUTS, np.ones(len(INPUTS))])
    coef, *_ = np.linalg.lstsq(design, xor_targets().astype(float), rcond=None)
    return np.round(coef, 12) + 0.0, np.round(design @ coef, 12) + 0.0
