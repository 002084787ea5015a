"""Lesson 04: a 2-2-1 sigmoid network that *learns* XOR by gradient descent (경사 하강법).

The network is built from :mod:`course_lib.layers`: Affine(2→2) → Sigmoid → Affine(2→1) →
Sigmoid, with the mean squared error over the four XOR rows as its loss. Its starting weights
come from a seed, so a run is repeatable; :func:`train_population` trains many seeds at once
(the same arithmetic, vectorised) to count how often training gets stuck.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from . import layers, optimizers
from .activations import sigmoid
from .logic_gates import INPUTS, xor_targets
from .widgets import Explorer, Scene, int_slider, step_buttons

X = INPUTS.astype(float)
Y = xor_targets().astype(float)[:, None]
LEARNING_RATE = 2.0
EPOCHS = 4000
INIT_STD = 1.0
LOSS_SOLVED = 0.01  # below this MSE every row's output is on the right side of 0.5 by a margin


def initial_weights(seed: int, std: float = INIT_STD, hidden: int = 2) -> dict[str, np.ndarray]:
    """Seeded starting weights: W1 (2, hidden), W2 (hidden, 1) from a normal distribution, biases 0."""
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(0, std, (2, hidden)), "b1": np.zeros(hidden),
            "W2": rng.normal(0, std, (hidden, 1)), "b2": np.zeros(1)}


def build_network(weights: dict[str, np.ndarray]) -> layers.Sequential:
    """The 2-2-1 sigmoid network with these weights (copied), as a chain of layers with an MSE loss."""
    return layers.Sequential([layers.Affine(weights["W1"].copy(), weights["b1"].copy()), layers.Sigmoid(),
                              layers.Affine(weights["W2"].copy(), weights["b2"].copy()), layers.Sigmoid()],
                             layers.MeanSquaredError())


def network_weights(net: layers.Sequential) -> dict[str, np.ndarray]:
    """The current weights of a network made by :func:`build_network`, as a dict of copies."""
    first, second = net.layers[0], net.layers[2]
    return {"W1": first.W.copy(), "b1": first.b.copy(), "W2": second.W.copy(), "b2": second.b.copy()}


def hidden_layer(weights: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    """The hidden units' outputs h = σ(x·W1 + b1) for inputs x of shape (N, 2), shape (N, 2)."""
    return sigmoid(np.asarray(x, dtype=float) @ weights["W1"] + weights["b1"])


def output_layer(weights: dict[str, np.ndarray], h: np.ndarray) -> np.ndarray:
    """The output ŷ = σ(h·W2 + b2) for hidden values h of shape (N, 2), shape (N,)."""
    return sigmoid(np.asarray(h, dtype=float) @ weights["W2"] + weights["b2"])[:, 0]


def predict(weights: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    """The network's output ŷ for inputs x of shape (N, 2): σ(σ(x·W1 + b1)·W2 + b2), shape (N,)."""
    return output_layer(weights, hidden_layer(weights, x))


def train(seed: int = 0, epochs: int = EPOCHS, learning_rate: float = LEARNING_RATE,
          snapshot_every: int = 100) -> tuple[np.ndarray, list[dict[str, np.ndarray]]]:
    """Full-batch gradient descent on the four XOR rows from :func:`initial_weights` (seed).

    Every epoch: forward pass, loss, backward pass, ``p := p − α·∂E/∂p`` for every weight (plain
    :class:`~course_lib.optimizers.SGD`).
    Returns the loss of every epoch (before its update; ``epochs + 1`` values, the last one after
    training) and the weights every ``snapshot_every`` epochs (epoch 0 first, the final last).
    """
    net = build_network(initial_weights(seed))
    optimizer = optimizers.SGD(learning_rate)
    losses = np.empty(epochs + 1)
    snapshots = []
    for epoch in range(epochs + 1):
        if epoch % snapshot_every == 0 or epoch == epochs:
            snapshots.append(network_weights(net))
        losses[epoch] = net.loss(X, Y)
        if epoch == epochs:
            break
        net.backward()
        optimizer.update(net.params, net.grads)
    return losses, snapshots


def train_population(seeds, epochs: int = EPOCHS, learning_rate: float = LEARNING_RATE,
                     hidden: int = 2) -> dict[str, np.ndarray]:
    """Train one network per seed at once: the arithmetic of :func:`train`, vectorised over seeds.

    ``hidden`` sets the number of hidden units (2 for the 2-2-1 network). Returns the final weights
    stacked along a first "seed" axis, each network's outputs ``y_hat`` (seeds, 4) and final loss.
    """
    starts = [initial_weights(seed, hidden=hidden) for seed in seeds]
    W1, b1, W2, b2 = (np.stack([s[k] for s in starts]) for k in ("W1", "b1", "W2", "b2"))
    for _ in range(epochs):
        H = sigmoid((X @ W1) + b1[:, None, :])      # (n, 4, 2)
        Y_hat = sigmoid(H @ W2 + b2[:, None, :])                          # (n, 4, 1)
        d_a2 = 2 * (Y_hat - Y) / len(X) * Y_hat * (1 - Y_hat)              # ∂E/∂a2
        d_a1 = (d_a2 @ W2.transpose(0, 2, 1)) * H * (1 - H)                # ∂E/∂a1
        W2 = W2 - learning_rate * H.transpose(0, 2, 1) @ d_a2
        b2 = b2 - learning_rate * d_a2.sum(axis=1)
        W1 = W1 - learning_rate * (X.T @ d_a1)
        b1 = b1 - learning_rate * d_a1.sum(axis=1)
    H = sigmoid((X @ W1) + b1[:, None, :])
    Y_hat = sigmoid(H @ W2 + b2[:, None, :])
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "y_hat": Y_hat[..., 0],
            "loss": np.mean((Y - Y_hat) ** 2, axis=(1, 2))}


def outcome_columns(population: dict[str, np.ndarray]) -> dict[str, list]:
    """How the trained networks ended: solved (loss < 0.01), or stuck and with how many rows right."""
    right = ((population["y_hat"] > 0.5) == (Y[:, 0] > 0.5)).sum(axis=1)
    solved = population["loss"] < LOSS_SOLVED
    rows = {"outcome": [], "networks": [], "mean final loss": []}
    groups = [("solved (loss < 0.01)", solved)] + [
        (f"stuck, {k} of 4 rows right", ~solved & (right == k)) for k in (4, 3, 2, 1, 0)]
    for label, pick in groups:
        if pick.any():
            rows["outcome"].append(label)
            rows["networks"].append(int(pick.sum()))
            rows["mean final loss"].append(float(population["loss"][pick].mean()))
    return rows


def hidden_columns(weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """For each XOR row: the inputs, the hidden units' outputs h1, h2, the output ŷ and the target."""
    hidden = hidden_layer(weights, X)
    table = {"x1": X[:, 0], "x2": X[:, 1]}
    table.update({f"h{k + 1}": hidden[:, k] for k in range(hidden.shape[1])})
    table.update({"ŷ": predict(weights, X), "target": Y[:, 0]})
    return table


# Every function of two inputs, by its outputs on the rows 00, 10, 01, 11 (the slides' row order).
GATE_NAMES: dict[tuple[int, int, int, int], str] = {
    (0, 0, 0, 0): "always 0", (0, 0, 0, 1): "AND", (0, 1, 0, 0): "x1 AND NOT x2",
    (0, 1, 0, 1): "x1", (0, 0, 1, 0): "x2 AND NOT x1", (0, 0, 1, 1): "x2", (0, 1, 1, 0): "XOR",
    (0, 1, 1, 1): "OR", (1, 0, 0, 0): "NOR", (1, 0, 0, 1): "XNOR", (1, 1, 0, 0): "NOT x2",
    (1, 1, 0, 1): "x1 OR NOT x2", (1, 0, 1, 0): "NOT x1", (1, 0, 1, 1): "x2 OR NOT x1",
    (1, 1, 1, 0): "NAND", (1, 1, 1, 1): "always 1",
}


def gate_name(outputs, inputs: tuple[str, str] = ("x1", "x2")) -> str:
    """The logic gate whose truth table (rows 00, 10, 01, 11) is ``outputs`` rounded to 0 or 1.

    ``inputs`` renames the two inputs, e.g. ("h1", "h2") for a gate applied to the hidden units.
    """
    rounded = tuple(int(v) for v in np.round(np.asarray(outputs, dtype=float)))
    return GATE_NAMES[rounded].replace("x1", inputs[0]).replace("x2", inputs[1])


def hidden_gates(weights: dict[str, np.ndarray]) -> dict[str, dict]:
    """For each hidden unit: its outputs on the four XOR rows rounded to 0/1, the gate with that
    truth table, and how far the unrounded outputs are from 0/1 at most."""
    hidden = hidden_layer(weights, X)
    result = {}
    for k in range(hidden.shape[1]):
        column = hidden[:, k]
        rounded = np.round(column).astype(int)
        result[f"h{k + 1}"] = {"rounded": rounded, "gate": gate_name(column),
                               "largest distance from 0/1": float(np.abs(column - rounded).max())}
    return result


def output_gate(weights: dict[str, np.ndarray]) -> str:
    """The gate the output unit computes from its two hidden inputs when they are exactly 0 or 1:
    σ(h·W2 + b2) at (h1, h2) = 00, 10, 01, 11, rounded (names in terms of h1 and h2)."""
    return gate_name(output_layer(weights, INPUTS), inputs=("h1", "h2"))


def gradient_norm(weights: dict[str, np.ndarray]) -> float:
    """The length of the whole gradient ∂E/∂(all weights) at these weights (0 at a minimum)."""
    net = build_network(weights)
    net.loss(X, Y)
    net.backward()
    return float(np.sqrt(sum(np.sum(grad ** 2) for grad in net.grads.values())))


def pick(population: dict[str, np.ndarray], index: int) -> dict[str, np.ndarray]:
    """The weights of network ``index`` of a trained population, as a dict for :func:`predict`."""
    return {k: population[k][index] for k in ("W1", "b1", "W2", "b2")}


_GRID = np.linspace(-0.5, 1.5, 161)
_G1, _G2 = np.meshgrid(_GRID, _GRID)
_GRID_POINTS = np.column_stack([_G1.ravel(), _G2.ravel()])


def draw_decision_surface(fig: Figure, weights: dict[str, np.ndarray], losses: np.ndarray | None = None,
                          epoch: int | None = None) -> str:
    """The network's output over the plane (colour), its 0.5 contour, the hidden units' lines and the
    four XOR points; with ``losses``, also the loss curve up to ``epoch``.

    Returns the outputs on the four rows and the loss.
    """
    return _draw_decision_surface(fig, weights, losses, epoch)[0]


def _draw_decision_surface(fig: Figure, weights, losses, epoch) -> tuple[str, dict]:
    """:func:`draw_decision_surface`, also returning its moving artists by name (for the explorer)."""
    if losses is not None:
        surface, curve = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1, 1.1), "wspace": 0.45,
                                                         "left": 0.08, "right": 0.97, "bottom": 0.24, "top": 0.9})
    else:
        surface = fig.subplots()
    contours = _draw_output_contours(surface, weights)
    for value, marker in ((0, "o"), (1, "s")):
        pick = Y[:, 0] == value
        surface.scatter(X[pick, 0], X[pick, 1], s=110, marker=marker, color="white", edgecolor="black",
                        zorder=3)
    surface.set(xlim=(-0.5, 1.5), ylim=(-0.5, 1.5), xlabel="x1", ylabel="x2", aspect="equal",
                title="output ŷ (○ XOR = 0, □ XOR = 1)", xticks=[-0.5, 0, 0.5, 1, 1.5])
    fig.colorbar(contours[0], ax=surface, fraction=0.046, pad=0.04, label="network output ŷ")
    keys = [Line2D([], [], color="black", lw=2.5, label="ŷ = 0.5 (the network's boundary)")]
    keys += [Line2D([], [], color=color, lw=2, ls=style, label=f"h{k + 1} = 0.5 (hidden unit {k + 1}'s line)")
             for k, (color, style) in enumerate(_HIDDEN_STYLES)]
    fig.legend(handles=keys, loc="lower left", bbox_to_anchor=(0.02, 0.0), ncol=3, fontsize="small", frameon=False)
    artists = {"surface": surface, "contours": contours}
    if losses is not None:
        shown = len(losses) - 1 if epoch is None else epoch
        curve.semilogy(np.arange(len(losses)), losses, color="0.8")
        (artists["so_far"],) = curve.semilogy(np.arange(shown + 1), losses[:shown + 1], color="tab:blue")
        (artists["now"],) = curve.plot(shown, losses[shown], "o", color="tab:red")
        curve.set(xlabel="epoch", ylabel="MSE (log scale)", title="training loss")
        curve.grid(True, which="both", alpha=0.3)
    return _surface_summary(weights, epoch), artists


_HIDDEN_STYLES = (("#00a86b", (0, (5, 3))), ("#ffd400", (0, (1.5, 2))))  # green dashed, yellow dotted


def _draw_output_contours(surface, weights: dict[str, np.ndarray]) -> list:
    """The output's colours, its ŷ = 0.5 line and the hidden units' lines: what moves with the weights."""
    g1, g2 = _G1, _G2
    out = predict(weights, _GRID_POINTS).reshape(g1.shape)
    contours = [surface.contourf(g1, g2, out, levels=np.linspace(0, 1, 11), cmap="coolwarm", alpha=0.8),
                surface.contour(g1, g2, out, levels=[0.5], colors="black", linewidths=2.5)]
    for k, (color, style) in enumerate(_HIDDEN_STYLES):  # each hidden unit's line w·x + b = 0 (h = 0.5),
        a = weights["W1"][0, k] * g1 + weights["W1"][1, k] * g2 + weights["b1"][k]  # drawn over the black one
        contours.append(surface.contour(g1, g2, a, levels=[0], colors=color, linestyles=[style], linewidths=2,
                                        zorder=2.5))
    return contours


def _surface_summary(weights: dict[str, np.ndarray], epoch: int | None) -> str:
    y_hat = predict(weights, X)
    loss = float(np.mean((Y[:, 0] - y_hat) ** 2))
    head = f"epoch {epoch}: " if epoch is not None else ""
    return f"{head}ŷ = {np.array2string(y_hat, precision=3, separator=', ')}   MSE = {loss:.4f}"


class TrainingScene(Scene):
    """The explorer's :func:`draw_decision_surface` for snapshot k of a finished run, able to move on.

    Fixed: the axes, the XOR points, the colour bar and the whole loss curve (grey). Moving: the
    output's colours and lines (recomputed for the snapshot's weights), the curve so far and its dot.
    """

    def __init__(self, losses: np.ndarray, snapshots: list[dict[str, np.ndarray]], snapshot_every: int = 100):
        self.losses, self.snapshots, self.snapshot_every = losses, snapshots, snapshot_every

    def epoch(self, snapshot: int) -> int:
        return min(snapshot * self.snapshot_every, len(self.losses) - 1)

    def draw(self, fig: Figure, snapshot: int) -> str:
        text, self.artists = _draw_decision_surface(fig, self.snapshots[snapshot], self.losses, self.epoch(snapshot))
        self.moving = [*self.artists["contours"], self.artists["so_far"], self.artists["now"]]
        return text

    def update(self, snapshot: int) -> str:
        epoch, weights = self.epoch(snapshot), self.snapshots[snapshot]
        for old in self.artists["contours"]:
            old.remove()
        self.artists["contours"] = _draw_output_contours(self.artists["surface"], weights)
        self.artists["so_far"].set_data(np.arange(epoch + 1), self.losses[:epoch + 1])
        self.artists["now"].set_data([epoch], [self.losses[epoch]])
        self.moving = [*self.artists["contours"], self.artists["so_far"], self.artists["now"]]
        return _surface_summary(weights, epoch)


def training_explorer(losses: np.ndarray, snapshots: list[dict[str, np.ndarray]],
                      snapshot_every: int = 100, start: int | None = None) -> Explorer:
    """A snapshot slider (with step buttons) over :func:`draw_decision_surface` for a finished run.

    Snapshot k shows the network after k·``snapshot_every`` epochs; it starts at ``start`` (default:
    the end of training, so the static picture shows the trained network).
    """
    last = len(snapshots) - 1
    counter = int_slider(f"epochs (×{snapshot_every})", last if start is None else start, 0, last)
    return Explorer(TrainingScene(losses, snapshots, snapshot_every), {"snapshot": counter},
                    extra=(step_buttons(counter, {f"▶ +{snapshot_every} epochs": 1,
                                                 f"▶▶ +{10 * snapshot_every} epochs": 10, "⟲ to epoch 0": 0}),),
                    figsize=(9, 4.3))


def gate_reading(weights: dict[str, np.ndarray]) -> str:
    """The trained network read as logic gates, one line each: every hidden unit's gate, the output
    unit's gate of the hidden units, what the composition computes on the four rows, and whether the
    hidden pair is the slides' NAND and OR (in either order). Generated from the weights."""
    hidden = hidden_gates(weights)
    composed = output_layer(weights, np.column_stack([info["rounded"] for info in hidden.values()]))
    lines = [f"{unit} = {info['gate']}" for unit, info in hidden.items()]
    lines.append(f"ŷ = {output_gate(weights)}")
    lines.append(f"composed on the rows 00, 10, 01, 11: ŷ = {gate_name(composed)}")
    pair = sorted(info["gate"] for info in hidden.values())
    lines.append(f"hidden pair = the slides' (NAND, OR): {'yes' if pair == ['NAND', 'OR'] else 'no'}")
    return "\n".join(lines)


def saturation(weights: dict[str, np.ndarray]) -> np.ndarray:
    """σ′ = h(1 − h) of every hidden unit on every XOR row, shape (4, hidden). Its largest value is
    0.25 (at h = 0.5); near 0 the unit is saturated (포화): flat, so almost no gradient passes it."""
    h = hidden_layer(weights, X)
    return h * (1 - h)


def plateau_runs(seed: int, epochs=(EPOCHS, 10 * EPOCHS)) -> dict[str, list]:
    """Train one seed for each number of ``epochs``: the loss and the gradient's length after each.
    On a plateau the loss barely moves while the gradient keeps shrinking — small, but not 0."""
    table = {"epochs": [], "loss": [], "gradient length": []}
    for n in epochs:
        weights = pick(train_population([seed], epochs=n), 0)
        table["epochs"].append(int(n))
        table["loss"].append(float(np.mean((Y[:, 0] - predict(weights, X)) ** 2)))
        table["gradient length"].append(gradient_norm(weights))
    return table


def stuck_reading(weights: dict[str, np.ndarray], tolerance: float = 0.05) -> str:
    """Which rows a stuck network cannot tell apart, generated from its weights: rows whose hidden
    pairs (h1, h2) lie within ``tolerance`` of each other, their targets, the one output they get
    (≈ the mean of their targets, the best single value for the MSE) and how saturated the hidden
    units are on them."""
    h, y_hat, names = hidden_layer(weights, X), predict(weights, X), ["00", "10", "01", "11"]
    lines, done = [], set()
    for i in range(len(X)):
        group = [j for j in range(len(X)) if j not in done and np.abs(h[j] - h[i]).max() < tolerance]
        if len(group) < 2 or len(set(Y[group, 0])) < 2:
            continue
        done.update(group)
        pair = ", ".join(f"{v:.3f}" for v in h[group].mean(axis=0))
        targets = ", ".join(str(int(Y[j, 0])) for j in group)
        lines.append(f"rows {', '.join(names[j] for j in group)} (targets {targets})"
                     f" all give (h1, h2) ≈ ({pair}); the output gives them ŷ = "
                     f"{', '.join(f'{y_hat[j]:.3f}' for j in group)} (mean of their targets: {Y[group, 0].mean():.3f})")
        lines.append(f"largest σ′ of a hidden unit on these rows: {saturation(weights)[group].max():.1e} "
                     f"(σ′ is at most 0.25)")
    return "\n".join(lines) if lines else "no two rows with different targets share a hidden pair"
