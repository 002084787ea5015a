"""Lesson 04's vanishing gradient: the gradient per layer of a deep stack, and its plot."""

import numpy as np
from matplotlib.figure import Figure

from course_lib import vanishing_gradient


def test_sigmoid_gradients_vanish_through_depth_and_relu_ones_do_not():
    sig = vanishing_gradient.gradient_per_layer("sigmoid", depth=10)
    relu = vanishing_gradient.gradient_per_layer("ReLU", depth=10)
    assert sig.shape == relu.shape == (10,)
    assert sig[0] < sig[-1] / 100  # the layer next to the input gets < 1% of the last layer's
    assert relu[-1] / 10 < relu[0] < relu[-1] * 10
    np.testing.assert_array_equal(sig, vanishing_gradient.gradient_per_layer("sigmoid", depth=10))  # seeded


def test_draw_gradient_per_layer():
    sizes = {"sigmoid": np.array([1e-4, 1e-3, 1e-2]), "ReLU": np.array([1.0, 1.0, 1.0])}
    fig = Figure()
    summary = vanishing_gradient.draw_gradient_per_layer(fig, sizes)
    assert fig.axes[0].get_yscale() == "log" and fig.axes[0].get_xlabel().startswith("layer")
    assert summary.splitlines()[0] == "sigmoid: layer 1 gets 1.00e-02 × the gradient of layer 3"


def test_draw_gradient_per_layer_relative_ends_every_curve_at_1():
    sizes = {"sigmoid": np.array([1e-4, 1e-3, 1e-2]), "ReLU": np.array([2.0, 2.0, 2.0])}
    fig = Figure()
    vanishing_gradient.draw_gradient_per_layer(fig, sizes, relative=True)
    ax = fig.axes[0]
    assert [line.get_ydata()[-1] for line in ax.get_lines()] == [1.0, 1.0]
    assert "÷ last layer" in ax.get_ylabel()
