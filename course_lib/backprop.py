"""Lesson 05: backpropagation (오차 역전파) by hand — the slides' 2-2-1 network and the chain-rule graphs.

The network of seed 002 has no biases and is wired as the slides write it::

    a1 = w1·x1 + w3·x2     h1 = σ(a1)
    a2 = w2·x1 + w4·x2     h2 = σ(a2)      a3 = w5·h1 + w6·h2     ŷ = σ(a3)
    E  = (y − ŷ)²          (the slides' MSE, E = 1/N·Σ(y − ŷ)², with N = 1 example)

Every quantity the slides show is a function here, so the notebook prints computed values and
compares them with the slides' strings. The same gradients are also computed three other ways:
by finite differences, by the layer classes of :mod:`course_lib.layers`, and by TensorFlow's
``GradientTape`` (imported only when asked for).
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import numpy as np

from . import layers
from .activations import sigmoid
from .gradient_check import central_difference, numerical_gradient, relative_error
from .xor_network import build_network

# The slides' worked example (seed 002). x2 is 0.7: the OCR's "x2 = 0.3" is noise, the arithmetic uses 0.7.
SLIDE_INPUTS = {"x1": 0.5, "x2": 0.7}
SLIDE_WEIGHTS = {"w1": 0.5, "w2": 0.3, "w3": 0.3, "w4": 0.6, "w5": 0.5, "w6": 0.35}
TARGET = 1.0
LEARNING_RATE = 0.1
WEIGHT_NAMES = ("w1", "w2", "w3", "w4", "w5", "w6")


def forward(w: Mapping[str, float], x1: float = 0.5, x2: float = 0.7) -> dict[str, float]:
    """Step 1 (순전파): a1, a2, h1, h2, a3 and ŷ, in the slides' order."""
    a1 = w["w1"] * x1 + w["w3"] * x2
    a2 = w["w2"] * x1 + w["w4"] * x2
    h1, h2 = float(sigmoid(a1)), float(sigmoid(a2))
    a3 = w["w5"] * h1 + w["w6"] * h2
    return {"a1": a1, "a2": a2, "h1": h1, "h2": h2, "a3": a3, "y_hat": float(sigmoid(a3))}


def error(y: float, y_hat: float) -> float:
    """Step 2 (오차 계산): E = (y − ŷ)², the slides' MSE for one example."""
    return (y - y_hat) ** 2


def chain_factors(w: Mapping[str, float], x1: float = 0.5, x2: float = 0.7,
                  y: float = 1.0) -> dict[str, list[tuple[str, float]]]:
    """Step 3: for each weight, the factors of its chain rule as (name, value), outermost first.

    Output weights: ∂E/∂ŷ · ∂ŷ/∂a3 · ∂a3/∂w. Hidden weights go on through the hidden unit:
    ∂E/∂ŷ · ∂ŷ/∂a3 · ∂a3/∂h · ∂h/∂a · ∂a/∂w, where ∂a3/∂h1 = w5 and ∂a3/∂h2 = w6 are the *old*
    output weights (all gradients are taken at the same point, before any update).
    """
    f = forward(w, x1, x2)
    dE_dyhat = -2 * (y - f["y_hat"])
    dyhat_da3 = f["y_hat"] * (1 - f["y_hat"])
    dh1_da1, dh2_da2 = f["h1"] * (1 - f["h1"]), f["h2"] * (1 - f["h2"])
    top = [("∂E/∂ŷ", dE_dyhat), ("∂ŷ/∂a3", dyhat_da3)]
    via_h1 = top + [("∂a3/∂h1 = w5", w["w5"]), ("∂h1/∂a1", dh1_da1)]
    via_h2 = top + [("∂a3/∂h2 = w6", w["w6"]), ("∂h2/∂a2", dh2_da2)]
    return {
        "w5": top + [("∂a3/∂w5 = h1", f["h1"])],
        "w6": top + [("∂a3/∂w6 = h2", f["h2"])],
        "w1": via_h1 + [("∂a1/∂w1 = x1", x1)],
        "w2": via_h2 + [("∂a2/∂w2 = x1", x1)],
        "w3": via_h1 + [("∂a1/∂w3 = x2", x2)],
        "w4": via_h2 + [("∂a2/∂w4 = x2", x2)],
    }


def gradients(w: Mapping[str, float], x1: float = 0.5, x2: float = 0.7, y: float = 1.0) -> dict[str, float]:
    """∂E/∂w for the six weights (w1 … w6): the product of each weight's chain factors."""
    factors = chain_factors(w, x1, x2, y)
    return {name: float(np.prod([value for _, value in factors[name]])) for name in WEIGHT_NAMES}


def update(w: Mapping[str, float], grads: Mapping[str, float],
           learning_rate: float = LEARNING_RATE) -> dict[str, float]:
    """Gradient descent on every weight at once: w := w − α·∂E/∂w."""
    return {name: w[name] - learning_rate * grads[name] for name in WEIGHT_NAMES}


def chain_line(name: str, factors: list[tuple[str, float]], digits: int = 4) -> str:
    """One weight's chain rule as the slides write it, with numbers: '∂E/∂w5 = … = (-0.7410) × … = -0.1059'."""
    names = " · ".join(n.split(" = ")[0] for n, _ in factors)
    values = " × ".join(f"({v:.{digits}f})" if v < 0 else f"{v:.{digits}f}" for _, v in factors)
    product = float(np.prod([v for _, v in factors]))
    return f"∂E/∂{name} = {names}\n       = {values} = {product:.6f}"


def chain_columns(w: Mapping[str, float], x1: float = 0.5, x2: float = 0.7, y: float = 1.0,
                learning_rate: float = LEARNING_RATE) -> dict[str, list]:
    """Every weight's gradient and update in one table: old w, ∂E/∂w, α·∂E/∂w, new w."""
    grads = gradients(w, x1, x2, y)
    new = update(w, grads, learning_rate)
    order = ("w5", "w6", "w1", "w2", "w3", "w4")  # the slides' order: output layer first
    return {"weight": list(order), "old w": [w[n] for n in order], "∂E/∂w": [grads[n] for n in order],
            "α·∂E/∂w": [learning_rate * grads[n] for n in order], "new w": [new[n] for n in order]}


def numerical_gradients(w: Mapping[str, float], x1: float = 0.5, x2: float = 0.7, y: float = 1.0,
                        h: float = 1e-6) -> dict[str, float]:
    """∂E/∂w by central differences, (E(w + h) − E(w − h)) / 2h one weight at a time
    (:func:`course_lib.gradient_check.numerical_gradient` over the six weights w1 … w6)."""
    def loss(vector):
        return error(y, forward(dict(zip(WEIGHT_NAMES, vector)), x1, x2)["y_hat"])

    return dict(zip(WEIGHT_NAMES, map(float, numerical_gradient(loss, as_vector(w), h))))


def weight_matrices(w: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """The six weights as the layers' matrices: W1 = [[w1, w2], [w3, w4]] (in × out), W2 = [[w5], [w6]]."""
    return (np.array([[w["w1"], w["w2"]], [w["w3"], w["w4"]]]), np.array([[w["w5"]], [w["w6"]]]))


def slide_network(w: Mapping[str, float]) -> layers.Sequential:
    """The slides' 2-2-1 network as layer classes: Affine → Sigmoid → Affine → Sigmoid → MSE.

    It is lesson 04's XOR network (:func:`course_lib.xor_network.build_network`) with the slides'
    weights; the slides' network has no biases, so both Affine layers get a bias of zero.
    """
    W1, W2 = weight_matrices(w)
    return build_network({"W1": W1, "b1": np.zeros(2), "W2": W2, "b2": np.zeros(1)})


def layer_gradients(w: Mapping[str, float], x1: float = 0.5, x2: float = 0.7, y: float = 1.0) -> dict[str, float]:
    """The same six gradients from the layer classes (:func:`slide_network`)."""
    net = slide_network(w)
    net.loss(np.array([[x1, x2]]), np.array([[y]]))
    net.backward()
    g1, g2 = net.grads["0.W"], net.grads["2.W"]
    return {"w1": g1[0, 0], "w2": g1[0, 1], "w3": g1[1, 0], "w4": g1[1, 1], "w5": g2[0, 0], "w6": g2[1, 0]}


def tape_gradients(w: Mapping[str, float], x1: float = 0.5, x2: float = 0.7, y: float = 1.0) -> dict[str, float]:
    """The same six gradients from TensorFlow's automatic differentiation (tf.GradientTape), in float64."""
    import tensorflow as tf

    v = {name: tf.Variable(w[name], dtype=tf.float64) for name in WEIGHT_NAMES}
    with tf.GradientTape() as tape:
        h1 = tf.sigmoid(v["w1"] * x1 + v["w3"] * x2)
        h2 = tf.sigmoid(v["w2"] * x1 + v["w4"] * x2)
        y_hat = tf.sigmoid(v["w5"] * h1 + v["w6"] * h2)
        loss = (y - y_hat) ** 2
    grads = tape.gradient(loss, [v[name] for name in WEIGHT_NAMES])
    return {name: float(g.numpy()) for name, g in zip(WEIGHT_NAMES, grads)}


def as_vector(grads: Mapping[str, float]) -> np.ndarray:
    """The six gradients w1 … w6 as one array."""
    return np.array([grads[name] for name in WEIGHT_NAMES], dtype=float)


def train_steps(w: Mapping[str, float], steps: int, x1: float = 0.5, x2: float = 0.7, y: float = 1.0,
                learning_rate: float = LEARNING_RATE) -> np.ndarray:
    """The error E before each of ``steps`` gradient-descent updates, and after the last (steps + 1 values)."""
    errors = []
    w = dict(w)
    for _ in range(steps):
        errors.append(error(y, forward(w, x1, x2)["y_hat"]))
        w = update(w, gradients(w, x1, x2, y), learning_rate)
    errors.append(error(y, forward(w, x1, x2)["y_hat"]))
    return np.array(errors)


# --- chain-rule intuition: small computational graphs (계산 그래프) --------------------------------

def apple_graph(apple: float = 100, apples: float = 2, mandarin: float = 150, mandarins: float = 3,
                tax: float = 1.1) -> dict[str, float]:
    """Seed 004's shopping bill, price = (apple × apples + mandarin × mandarins) × tax, built from
    :class:`~course_lib.layers.Multiply` and :class:`~course_lib.layers.Add` nodes; forward, then
    backward from ∂price/∂price = 1. Returns the price and ∂price/∂(each input)."""
    apple_node, mandarin_node = layers.Multiply(), layers.Multiply()
    add_node, tax_node = layers.Add(), layers.Multiply()
    apple_total = apple_node.forward(apple, apples)
    mandarin_total = mandarin_node.forward(mandarin, mandarins)
    subtotal = add_node.forward(apple_total, mandarin_total)
    price = tax_node.forward(subtotal, tax)

    d_subtotal, d_tax = tax_node.backward(1.0)
    d_apple_total, d_mandarin_total = add_node.backward(d_subtotal)
    d_apple, d_apples = apple_node.backward(d_apple_total)
    d_mandarin, d_mandarins = mandarin_node.backward(d_mandarin_total)
    return {"apple total": apple_total, "mandarin total": mandarin_total, "subtotal": subtotal,
            "price": price, "∂price/∂apple": d_apple, "∂price/∂apples": d_apples,
            "∂price/∂mandarin": d_mandarin, "∂price/∂mandarins": d_mandarins, "∂price/∂tax": d_tax}


def add_multiply_graph(x: float = -2.0, y: float = 5.0, z: float = -4.0) -> dict[str, float]:
    """f(x, y, z) = (x + y)·z through an add gate q = x + y and a multiply gate f = q·z."""
    add, mul = layers.Add(), layers.Multiply()
    q = add.forward(x, y)
    f = mul.forward(q, z)
    df_dq, df_dz = mul.backward(1.0)
    df_dx, df_dy = add.backward(df_dq)
    return {"q": q, "f": f, "∂f/∂q": df_dq, "∂f/∂x": df_dx, "∂f/∂y": df_dy, "∂f/∂z": df_dz}


def sigmoid_gate_graph(w=(2.0, -3.0, -3.0), x=(-1.0, -2.0)) -> dict[str, list]:
    """f(w, x) = 1 / (1 + e^−(w0·x0 + w1·x1 + w2)) split into elementary gates, forward and backward.

    Every gate is a layer object of :mod:`course_lib.layers` with ``forward`` and ``backward``:
    ``Multiply`` and ``Add`` for the products, the sums, ×(−1) and +1, then ``Exp`` and
    ``Reciprocal`` (1/x). The default values are cs231n's (the source of the slide). Returns a table:
    each node's name, its forward value and the gradient ∂f/∂node flowing back into it.
    """
    (w0, w1, w2), (x0, x1) = w, x
    mul0, mul1, add01, add_w2 = layers.Multiply(), layers.Multiply(), layers.Add(), layers.Add()
    negate, exp, plus_one, reciprocal = layers.Multiply(), layers.Exp(), layers.Add(), layers.Reciprocal()
    # forward, gate by gate
    p0, p1 = mul0.forward(w0, x0), mul1.forward(w1, x1)
    s = add_w2.forward(add01.forward(p0, p1), w2)
    neg = negate.forward(s, -1.0)
    e = exp.forward(neg)
    d = plus_one.forward(e, 1.0)
    f = reciprocal.forward(d)
    # backward, gate by gate: each gate multiplies the upstream gradient by its local gradient
    g_f = 1.0
    g_d = reciprocal.backward(g_f)           # 1/x gate: −1/x²
    g_e, _ = plus_one.backward(g_d)          # +1 gate: passes it on
    g_neg = exp.backward(g_e)                # exp gate: eˣ
    g_s, _ = negate.backward(g_neg)          # ×(−1) gate: −1
    g_p01, g_w2 = add_w2.backward(g_s)       # add gates pass it on
    g_p0, g_p1 = add01.backward(g_p01)
    g_w0, g_x0 = mul0.backward(g_p0)         # multiply gates swap
    g_w1, g_x1 = mul1.backward(g_p1)
    return {
        "node": ["w0", "x0", "w1", "x1", "w2", "w0·x0", "w1·x1", "sum + w2", "×(−1)", "exp", "+1", "1/x = f"],
        "forward value": [w0, x0, w1, x1, w2, p0, p1, s, neg, float(e), float(d), float(f)],
        "gradient ∂f/∂node": [g_w0, g_x0, g_w1, g_x1, g_w2, g_p0, g_p1, g_s, float(g_neg), float(g_e),
                               float(g_d), g_f],
    }


def vectorised_graph(W=((0.1, 0.5), (-0.3, 0.8)), x=(0.2, 0.4)) -> dict[str, np.ndarray | float]:
    """f(x, W) = ‖W·x‖² = Σ (W·x)ᵢ²: q = W·x, f = ‖q‖², ∂f/∂q = 2q, ∂f/∂W = 2q·xᵀ, ∂f/∂x = Wᵀ·2q.

    Built from layer objects: q = W·x is an :class:`~course_lib.layers.Affine` layer (which computes
    a row x·Wᵀ + b, so its weight is Wᵀ and its bias 0); qᵢ² is a :class:`~course_lib.layers.Multiply`
    gate with q on both inputs (its two gradients add up to 2q); the sum over i is an add gate, which
    passes ∂f/∂f = 1 on to every qᵢ².
    """
    W, x = np.asarray(W, dtype=float), np.asarray(x, dtype=float)
    affine, square = layers.Affine(W.T.copy()), layers.Multiply()
    q = affine.forward(x[None, :])[0]
    squares = square.forward(q, q)
    f = float(squares.sum())
    dq_left, dq_right = square.backward(np.ones_like(squares))   # the sum passes 1 to every qᵢ²
    dq = dq_left + dq_right                                      # q feeds both inputs: gradients add
    dx = affine.backward(dq[None, :])[0]
    return {"q": q, "f": f, "∂f/∂q": dq, "∂f/∂W": affine.grads["W"].T, "∂f/∂x": dx}


def square_of_sum_graph(x: float, y: float) -> dict[str, float]:
    """z = (x + y)² as t = x + y, z = t²: ∂z/∂t = 2t, then the add gate passes it to x and y."""
    add = layers.Add()
    t = add.forward(x, y)
    z = t ** 2
    dz_dt = 2 * t
    dz_dx, dz_dy = add.backward(dz_dt)
    return {"t": t, "z": z, "∂z/∂t": dz_dt, "∂z/∂x": dz_dx, "∂z/∂y": dz_dy}


# --- why backpropagation: the cost of numerical differentiation ---------------------------------

def numerical_cost_estimate(sizes=(784, 100, 10), n_images: int = 70_000, train_fraction: float = 0.8,
                            operations_per_second: float = 850e6) -> dict[str, float]:
    """The slides' estimate of one numerical-gradient step for a 784-100-10 network on MNIST.

    One loss for one image costs (number of weights) operations; one parameter's difference needs
    the loss over every training image; every parameter (weights + biases) plus one base loss needs
    it once each. Divided by the computer's speed, in operations per second.
    """
    weights = sum(a * b for a, b in zip(sizes, sizes[1:]))
    biases = sum(sizes[1:])
    n_train = int(round(n_images * train_fraction))
    per_parameter = weights * n_train
    evaluations = weights + biases + 1
    total = per_parameter * evaluations
    seconds = total / operations_per_second
    return {"weights": weights, "biases": biases, "training images": n_train,
            "operations per parameter": per_parameter, "loss evaluations": evaluations,
            "total operations": total, "seconds": seconds, "hours": seconds / 3600}


def time_gradients(sizes, batch: int, rng: np.random.Generator, numerical_parameters: int | None = None,
                   h: float = 1e-5, repeats: int = 3, backprop_repeats: int = 25) -> dict[str, float]:
    """Time one gradient of a sigmoid network on a random batch, by backprop and by central differences.

    The network is Affine → Sigmoid → … → Affine with a softmax cross-entropy loss. Central differences
    cost two loss evaluations per parameter; with ``numerical_parameters`` set, only that many randomly
    chosen parameters are differenced and the time is scaled up to all of them. Each timing is the best
    of ``repeats`` runs (a busy computer only ever makes code slower); the backprop pass, a fraction of
    a millisecond, is timed ``backprop_repeats`` times, since one stall of a busy computer would swamp it.
    The differenced entries are also compared with backprop's (:func:`relative_error`, entry-wise).
    """
    net = layers.Sequential(layers.dense_stack(sizes, rng, layers.Sigmoid), layers.SoftmaxCrossEntropy())
    x = rng.normal(size=(batch, sizes[0]))
    t = rng.integers(0, sizes[-1], size=batch)
    backprop_seconds = np.inf
    for _ in range(backprop_repeats):
        start = time.perf_counter()
        net.loss(x, t)
        net.backward()
        backprop_seconds = min(backprop_seconds, time.perf_counter() - start)
    params = net.params
    keys = list(params)
    ends = np.cumsum([params[key].size for key in keys])
    total = int(ends[-1])
    flat = np.arange(total) if numerical_parameters is None else np.sort(
        rng.choice(total, size=numerical_parameters, replace=False))
    chosen = []
    for i in flat:  # global entry number → (parameter key, index inside that array)
        k = int(np.searchsorted(ends, i, side="right"))
        local = int(i - (ends[k - 1] if k else 0))
        chosen.append((keys[k], np.unravel_index(local, params[keys[k]].shape)))
    differencing_seconds = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        numerical = [_entry_difference(net, x, t, params[key], index, h) for key, index in chosen]
        differencing_seconds = min(differencing_seconds, time.perf_counter() - start)
    grads = net.grads
    analytic = [grads[key][index] for key, index in chosen]
    numerical_seconds = differencing_seconds * total / len(chosen)
    return {"parameters": total, "differenced": len(chosen), "batch": batch,
            "backprop seconds": backprop_seconds, "numerical seconds": numerical_seconds,
            "speed-up": numerical_seconds / backprop_seconds,
            "relative error": relative_error(numerical, analytic)}


def _entry_difference(net: layers.Sequential, x, t, array: np.ndarray, index: tuple, h: float) -> float:
    """∂L/∂array[index] by :func:`central_difference`, the entry nudged in place and then put back."""
    saved = array[index]

    def loss_at(value):
        array[index] = value
        return net.loss(x, t)

    slope = central_difference(loss_at, saved, h)
    array[index] = saved
    return slope


# --- the same graphs recorded for drawing (course_lib.diagrams) ---------------------------------

def traced_apple_graph(apple: float = 100, apples: float = 2, mandarin: float = 150, mandarins: float = 3,
                       tax: float = 1.1):
    """Seed 004's shopping bill as a :class:`course_lib.diagrams.Graph` of layer nodes, backpropagated."""
    from .diagrams import Graph
    g = Graph()
    a, n_a = g.input("apple", apple), g.input("apples", apples)
    m, n_m = g.input("mandarin", mandarin), g.input("mandarins", mandarins)
    t = g.input("tax", tax)
    subtotal = g.apply(layers.Add(), "+", g.apply(layers.Multiply(), "×", a, n_a, name="apple total"),
                       g.apply(layers.Multiply(), "×", m, n_m, name="mandarin total"), name="subtotal")
    price = g.apply(layers.Multiply(), "×", subtotal, t, name="price")
    g.backward(price)
    return g


def traced_add_multiply_graph(x: float = -2.0, y: float = 5.0, z: float = -4.0):
    """f = (x + y)·z as a :class:`course_lib.diagrams.Graph`: an Add node, then a Multiply node."""
    from .diagrams import Graph
    g = Graph()
    wx, wy, wz = g.input("x", x), g.input("y", y), g.input("z", z)
    q = g.apply(layers.Add(), "+", wx, wy, name="q")
    f = g.apply(layers.Multiply(), "×", q, wz, name="f")
    g.backward(f)
    return g


def traced_sigmoid_gate_graph(w=(2.0, -3.0, -3.0), x=(-1.0, -2.0)):
    """cs231n's f(w, x) = 1 / (1 + e^−(w0·x0 + w1·x1 + w2)), gate by gate, as a
    :class:`course_lib.diagrams.Graph` — the same layer nodes as :func:`sigmoid_gate_graph`."""
    from .diagrams import Graph
    g = Graph()
    w0, x0, w1, x1 = g.input("w0", w[0]), g.input("x0", x[0]), g.input("w1", w[1]), g.input("x1", x[1])
    w2 = g.input("w2", w[2])
    p0 = g.apply(layers.Multiply(), "×", w0, x0, name="w0·x0")
    p1 = g.apply(layers.Multiply(), "×", w1, x1, name="w1·x1")
    s = g.apply(layers.Add(), "+", g.apply(layers.Add(), "+", p0, p1, name="w0·x0 + w1·x1"), w2, name="sum + w2")
    neg = g.apply(layers.Multiply(), "×−1", s, const=-1.0, name="×(−1)")
    e = g.apply(layers.Exp(), "exp", neg, name="exp")
    d = g.apply(layers.Add(), "+1", e, const=1.0, name="+1")
    f = g.apply(layers.Reciprocal(), "1/x", d, name="f")
    g.backward(f)
    return g


# --- backprop in matrix form: an affine layer, then softmax + cross-entropy ---------------------

def matrix_form_example(rng: np.random.Generator, n: int = 5, features: int = 4, classes: int = 3
                        ) -> dict[str, np.ndarray]:
    """A small batch for the matrix-form rules: X (n × features), W (features × classes), b (classes,),
    integer labels T (n,) and their one-hot rows Y (n × classes) — random, from ``rng``."""
    X = rng.standard_normal((n, features))
    W = rng.standard_normal((features, classes)) * 0.5
    b = rng.standard_normal(classes) * 0.1
    T = rng.integers(0, classes, size=n)
    return {"X": X, "W": W, "b": b, "T": T, "Y": np.eye(classes)[T]}


def matrix_form_gradients(X, W, b, T) -> dict[str, np.ndarray]:
    """One forward and backward pass through ``layers.Affine`` and ``layers.SoftmaxCrossEntropy``.

    Returns the loss, the probabilities P, δ = ∂L/∂H (what the loss layer's ``backward`` gives) and the
    affine layer's ∂L/∂W, ∂L/∂b and ∂L/∂X — the rules Xᵀδ, Σδ and δWᵀ, as the layer implements them.
    """
    affine, loss_layer = layers.Affine(np.array(W, dtype=float), np.array(b, dtype=float)), layers.SoftmaxCrossEntropy()
    loss = loss_layer.forward(affine.forward(np.asarray(X, dtype=float)), np.asarray(T))
    delta = loss_layer.backward(1.0)
    dX = affine.backward(delta)
    return {"loss": loss, "P": loss_layer.probs, "δ": delta, "∂L/∂W": affine.grads["W"],
            "∂L/∂b": affine.grads["b"], "∂L/∂X": dX}


def matrix_form_numerical(X, W, b, T, h: float = 1e-6) -> dict[str, np.ndarray]:
    """The same ∂L/∂W, ∂L/∂b, ∂L/∂X and ∂L/∂H by central differences, with no backward pass at all."""
    X, W, b = (np.array(a, dtype=float) for a in (X, W, b))

    def loss(X_, W_, b_):
        return layers.SoftmaxCrossEntropy().forward(X_ @ W_ + b_, np.asarray(T))

    def loss_of_scores(H):
        return layers.SoftmaxCrossEntropy().forward(H, np.asarray(T))

    return {"∂L/∂W": numerical_gradient(lambda W_: loss(X, W_, b), W.copy(), h),
            "∂L/∂b": numerical_gradient(lambda b_: loss(X, W, b_), b.copy(), h),
            "∂L/∂X": numerical_gradient(lambda X_: loss(X_, W, b), X.copy(), h),
            "δ": numerical_gradient(loss_of_scores, X @ W + b, h)}
