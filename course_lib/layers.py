"""Small layers with a forward and a backward pass: backpropagation (오차 역전파) one node at a time.

In the style of *Deep Learning from Scratch* (밑바닥부터 시작하는 딥러닝), each layer is a class with

* ``forward(...)``: compute the output and remember what the backward pass will need;
* ``backward(dout)``: given ∂L/∂output (the "upstream" gradient), return ∂L/∂input — for a
  layer with two inputs, a pair — and store ∂L/∂parameter in ``grads``.

A network (:class:`Sequential`) is layers in order plus a loss layer; it names its parameters and
their gradients with the same keys, so an optimizer updates them all in one call. Lesson 04 builds
the 2-2-1 network that learns XOR from these layers, lesson 05 takes the chain-rule graphs and the
same network apart node by node, lesson 07 trains an MNIST network. Everything works on batches (the
first axis is the example), keeps the dtype it is given (float32 stays float32), and is checked
against finite differences in ``tests/test_layers.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .activations import sigmoid

__all__ = ["Layer", "Multiply", "Add", "Sigmoid", "Tanh", "Relu", "Exp", "Reciprocal", "Affine", "InputAffine",
           "Dropout", "MeanSquaredError", "SoftmaxCrossEntropy", "Sequential", "dense_stack", "softmax"]


def _unbroadcast(grad, shape: tuple) -> np.ndarray:
    """Sum ``grad`` over the axes NumPy broadcast, so it has the input's ``shape`` again."""
    if np.shape(grad) == shape:
        return grad
    grad = np.sum(grad, axis=tuple(range(np.ndim(grad) - len(shape)))) if np.ndim(grad) > len(shape) else grad
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and np.shape(grad)[i] != 1)
    return np.sum(grad, axis=axes, keepdims=True) if axes else grad


class Layer:
    """A node of the computational graph (계산 그래프). ``params``/``grads`` are empty unless it learns."""

    def __init__(self):
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}

    def __repr__(self) -> str:
        shapes = ", ".join(f"{k}{tuple(v.shape)}" for k, v in self.params.items())
        return f"{type(self).__name__}({shapes})"


class Multiply(Layer):
    """The multiply gate z = x·y. Backward *swaps* the inputs: ∂z/∂x = y, ∂z/∂y = x."""

    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        """Return (∂L/∂x, ∂L/∂y) = (dout·y, dout·x)."""
        return (_unbroadcast(dout * self.y, np.shape(self.x)),
                _unbroadcast(dout * self.x, np.shape(self.y)))


class Add(Layer):
    """The add gate z = x + y. Backward passes the upstream gradient to both inputs unchanged."""

    def forward(self, x, y):
        self.x_shape, self.y_shape = np.shape(x), np.shape(y)
        return x + y

    def backward(self, dout):
        """Return (∂L/∂x, ∂L/∂y) = (dout, dout) (summed over any broadcast axes)."""
        return _unbroadcast(dout, self.x_shape), _unbroadcast(dout, self.y_shape)


class Sigmoid(Layer):
    """y = σ(x) = 1 / (1 + e^(−x)); backward uses the output it remembered: σ' = y·(1 − y)."""

    def forward(self, x):
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        return dout * self.out * (1 - self.out)


class Tanh(Layer):
    """y = tanh(x); backward: dout·(1 − y²)."""

    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1 - self.out * self.out)


class Relu(Layer):
    """y = max(0, x); backward lets the gradient through where x > 0 and blocks it elsewhere."""

    def forward(self, x):
        self.mask = x > 0
        return x * self.mask

    def backward(self, dout):
        return dout * self.mask


class Exp(Layer):
    """y = eˣ; backward: dout·eˣ, and eˣ is the output it remembered."""

    def forward(self, x):
        self.out = np.exp(x)
        return self.out

    def backward(self, dout):
        return dout * self.out


class Reciprocal(Layer):
    """y = 1/x; backward: dout·(−1/x²)."""

    def forward(self, x):
        self.x = x
        return 1 / x

    def backward(self, dout):
        return dout * (-1 / self.x**2)


class Affine(Layer):
    """The fully connected (dense) layer y = x·W + b for a batch x of shape (N, in).

    ``W`` has shape (in, out) and ``b`` shape (out,). An input with more axes, e.g. images of shape
    (N, 28, 28), is flattened to (N, in) and ``backward`` returns ∂L/∂x in the input's own shape.
    After ``backward``, ``grads["W"]`` = xᵀ·dout and ``grads["b"]`` = dout summed over the batch.
    """

    def __init__(self, W: np.ndarray, b: np.ndarray | None = None):
        super().__init__()
        W = np.asarray(W)
        self.params["W"] = W
        self.params["b"] = np.zeros(W.shape[1], dtype=W.dtype) if b is None else np.asarray(b)

    @classmethod
    def init(cls, n_in: int, n_out: int, rng: np.random.Generator, *, init: str | float = "xavier",
             dtype=np.float64) -> Affine:
        """A layer with random weights and zero biases.

        ``init``: "xavier" (std √(1/n_in), for sigmoid/tanh), "he" (std √(2/n_in), for ReLU), or a
        number used as the standard deviation.
        """
        std = {"xavier": np.sqrt(1.0 / n_in), "he": np.sqrt(2.0 / n_in)}.get(init, init)
        W = (rng.standard_normal((n_in, n_out)) * float(std)).astype(dtype)
        return cls(W, np.zeros(n_out, dtype=dtype))

    @property
    def W(self) -> np.ndarray:
        return self.params["W"]

    @property
    def b(self) -> np.ndarray:
        return self.params["b"]

    def forward(self, x):
        self.x_shape = np.shape(x)
        self.x = np.reshape(x, (self.x_shape[0], -1)) if np.ndim(x) != 2 else x
        return self.x @ self.params["W"] + self.params["b"]

    def backward(self, dout):
        self.grads["W"] = self.x.T @ dout
        self.grads["b"] = dout.sum(axis=0)
        dx = dout @ self.params["W"].T
        return dx.reshape(self.x_shape)


class InputAffine(Affine):
    """An :class:`Affine` layer that sits directly on the input data.

    Nothing upstream of the pixels learns, so ∂L/∂x is never needed: its ``backward`` stores
    ∂L/∂W and ∂L/∂b like ``Affine`` and skips the (N, 784) matrix product for ∂L/∂x, which
    would be a third of the first layer's backward work. Keras (automatic differentiation) skips it too.
    """

    def backward(self, dout):
        self.grads["W"] = self.x.T @ dout
        self.grads["b"] = dout.sum(axis=0)
        return None


class Dropout(Layer):
    """Dropout (드롭아웃): while training, zero each input with probability ``rate`` and scale the
    rest by 1/(1 − rate) ("inverted" dropout, as Keras does), so nothing changes at prediction time.

    ``training`` switches it on (while a network trains) and off (for predictions).
    """

    def __init__(self, rate: float, rng: np.random.Generator):
        super().__init__()
        self.rate, self.rng, self.training = float(rate), rng, False

    def forward(self, x):
        if not self.training or self.rate == 0:
            self.mask = None
            return x
        keep = self.rng.random(x.shape, dtype=np.float32) >= self.rate
        self.mask = keep.astype(x.dtype) / x.dtype.type(1 - self.rate)
        return x * self.mask

    def backward(self, dout):
        return dout if self.mask is None else dout * self.mask


class MeanSquaredError(Layer):
    """The loss E = mean((y − ŷ)²) over every entry (평균 제곱 오차), as in the slides' 1/N·Σ form."""

    def forward(self, y_hat, y):
        self.y_hat, self.y = np.asarray(y_hat), np.asarray(y, dtype=np.asarray(y_hat).dtype)
        return float(np.mean((self.y - self.y_hat) ** 2))

    def backward(self, dout=1.0):
        """∂E/∂ŷ = −2(y − ŷ)/n, times the upstream ``dout`` (1 when E is the final loss)."""
        return (dout * 2 / self.y_hat.size) * (self.y_hat - self.y)


def softmax(scores: np.ndarray) -> np.ndarray:
    """Softmax along the last axis, stable for large scores (the largest is subtracted first)."""
    shifted = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


class SoftmaxCrossEntropy(Layer):
    """Softmax then cross-entropy (교차 엔트로피), averaged over the batch.

    ``forward(scores, labels)``: scores of shape (N, classes); labels either integer classes of
    shape (N,) or one-hot rows of shape (N, classes). Returns the mean loss −log p(true class).
    The log-softmax is computed from shifted scores, so huge scores neither overflow nor give
    log(0). ``backward`` returns (softmax − one-hot)/N · dout: the famously simple gradient.
    """

    def forward(self, scores, labels):
        shifted = scores - scores.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.probs = np.exp(log_probs)
        labels = np.asarray(labels)
        self.labels = labels
        n = scores.shape[0]
        if labels.ndim == 1:
            picked = log_probs[np.arange(n), labels]
            return float(-picked.mean())
        return float(-(labels * log_probs).sum() / n)

    def backward(self, dout=1.0):
        n = self.probs.shape[0]
        grad = self.probs.copy()
        if self.labels.ndim == 1:
            grad[np.arange(n), self.labels] -= 1
        else:
            grad -= self.labels.astype(grad.dtype)
        grad *= grad.dtype.type(dout / n)
        return grad


class Sequential:
    """Layers applied in order, then a loss layer: the smallest network that trains itself.

    ``loss(x, t)`` runs the forward pass and returns the loss; ``backward()`` runs the backward pass
    from the loss down to the input, filling every layer's ``grads``. ``params`` and ``grads`` hold
    every learnable array and its gradient under the same key (``"0.W"`` is the ``W`` of layer 0), so
    any optimizer of :mod:`course_lib.optimizers` takes a step with ``optimizer.update(net.params,
    net.grads)``, as in *Deep Learning from Scratch*; ``params`` are the layers' own arrays, changed in place.
    """

    def __init__(self, layers: Sequence[Layer], loss: Layer):
        self.layers = list(layers)
        self.loss_layer = loss

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def loss(self, x, t) -> float:
        return self.loss_layer.forward(self.forward(x), t)

    def backward(self, dout=1.0):
        """Backpropagate from the loss; returns ∂L/∂x."""
        dout = self.loss_layer.backward(dout)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    @property
    def params(self) -> dict[str, np.ndarray]:
        """Every learnable array, keyed "layer number.name" (``"0.W"``, ``"0.b"``, ``"2.W"`` …)."""
        return self._keyed("params")

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """∂L/∂parameter of the last backward pass, under the keys of :attr:`params`."""
        return self._keyed("grads")

    def _keyed(self, kind: str) -> dict[str, np.ndarray]:
        return {f"{i}.{name}": array for i, layer in enumerate(self.layers)
                for name, array in getattr(layer, kind).items()}

    def __repr__(self) -> str:
        return " → ".join(map(repr, self.layers + [self.loss_layer]))


def dense_stack(sizes: Sequence[int], rng: np.random.Generator, activation: type[Layer], *,
                init: str | float = "xavier", output_init: str | float | None = None, dropout: float = 0.0,
                dtype=np.float64, input_gradient: bool = True) -> list[Layer]:
    """Affine → activation → … → Affine: one :class:`Affine` layer for each pair of neighbouring
    ``sizes`` (input first) and an ``activation`` layer between two of them (then a :class:`Dropout`
    layer when ``dropout`` > 0). The caller adds what comes after the last Affine layer.

    The weights are drawn from ``rng`` layer by layer with :meth:`Affine.init`'s ``init``, the last
    layer's with ``output_init`` (default: ``init``). With ``input_gradient=False`` the first layer is
    an :class:`InputAffine`, which skips ∂L/∂x.
    """
    stack: list[Layer] = []
    last = len(sizes) - 2
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        kind = Affine if i or input_gradient else InputAffine
        scale = output_init if i == last and output_init is not None else init
        stack.append(kind.init(n_in, n_out, rng, init=scale, dtype=dtype))
        if i < last:
            stack.append(activation())
            if dropout:
                stack.append(Dropout(dropout, rng))
    return stack
