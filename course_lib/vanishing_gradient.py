"""Lesson 04: how much gradient reaches each layer of a deep stack (the vanishing gradient, 기울기 소실).

Backpropagation multiplies one activation derivative per layer on its way to the input. Through
a stack of sigmoids (σ′ ≤ 0.25) the gradient shrinks layer after layer; tanh and ReLU keep more of
it. This module measures that on a real stack of :mod:`course_lib.layers` and plots it per layer.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from . import layers

ACTIVATION_LAYERS = {"sigmoid": layers.Sigmoid, "tanh": layers.Tanh, "ReLU": layers.Relu}


def gradient_per_layer(activation: str = "sigmoid", depth: int = 10, width: int = 32,
                       batch: int = 64, seed: int = 0) -> np.ndarray:
    """Mean |∂L/∂W| for each layer of a deep stack of ``depth`` Affine + activation layers.

    The stack is built with :func:`course_lib.layers.dense_stack` from a seeded start (Xavier-scaled
    weights for sigmoid and tanh, He-scaled for ReLU), fed a random batch, and the loss is the sum of
    the last layer's outputs. Layer 1 is next to the input, layer ``depth`` next to the loss.
    """
    rng = np.random.default_rng(seed)
    activation_layer = ACTIVATION_LAYERS[activation]
    init = "he" if activation == "ReLU" else "xavier"
    stack = layers.dense_stack([width] * (depth + 1), rng, activation_layer, init=init) + [activation_layer()]
    out = rng.normal(size=(batch, width))
    for layer in stack:
        out = layer.forward(out)
    dout = np.ones_like(out)
    for layer in reversed(stack):
        dout = layer.backward(dout)
    return np.array([np.mean(np.abs(layer.grads["W"])) for layer in stack[::2]])


def draw_gradient_per_layer(fig: Figure, sizes: dict[str, np.ndarray], relative: bool = False) -> str:
    """Line plot (log scale) of gradient size per layer for each activation in ``sizes``; with
    ``relative``, each curve divided by its own last layer's value, so all curves end at 1 and their
    slopes — how fast the gradient shrinks towards the input — can be compared directly."""
    ax = fig.subplots()
    for name, values in sizes.items():
        layers_ = np.arange(1, len(values) + 1)
        ax.semilogy(layers_, values / values[-1] if relative else values, marker="o", label=name)
    ylabel = "mean |∂L/∂W| ÷ last layer's (log scale)" if relative else "mean |∂L/∂W| (log scale)"
    ax.set(xlabel="layer (1 = next to the input)", ylabel=ylabel, title="How much gradient reaches each layer")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    return "\n".join(f"{name}: layer 1 gets {v[0] / v[-1]:.2e} × the gradient of layer {len(v)}"
                     for name, v in sizes.items())
