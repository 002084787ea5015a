"""Lesson 04's activation gallery: values, derivatives against finite differences, dtype, the plot."""

import subprocess
import sys

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import activations

SMOOTH_POINTS = np.array([-3.0, -1.2, -0.3, 0.4, 1.1, 2.5])  # away from the kinks at 0


@pytest.mark.parametrize("name", list(activations.GALLERY))
def test_each_derivative_matches_a_central_difference(name):
    f, df = activations.GALLERY[name]
    h = 1e-6
    numerical = (f(SMOOTH_POINTS + h) - f(SMOOTH_POINTS - h)) / (2 * h)
    np.testing.assert_allclose(df(SMOOTH_POINTS), numerical, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", list(activations.GALLERY))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_shape_and_dtype_are_kept(name, dtype):
    f, df = activations.GALLERY[name]
    x = np.linspace(-2, 2, 12, dtype=dtype).reshape(3, 4)
    for out in (f(x), df(x)):
        assert out.shape == (3, 4) and out.dtype == dtype


def test_known_values():
    assert activations.sigmoid(0.0) == 0.5 and activations.sigmoid_derivative(0.0) == 0.25
    np.testing.assert_array_equal(activations.step(np.array([-1, 0, 2])), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(activations.relu(np.array([-2.0, 3.0])), [0.0, 3.0])
    np.testing.assert_allclose(activations.leaky_relu(np.array([-2.0, 3.0])), [-0.2, 3.0])  # max(0.1x, x)
    assert activations.elu(-50.0) == pytest.approx(-1.0)
    assert activations.tanh_derivative(0.0) == 1.0
    np.testing.assert_allclose(activations.tanh(1.3), 2 * activations.sigmoid(2.6) - 1)


def test_sigmoid_never_overflows_and_stays_exact_in_the_tails():
    with np.errstate(over="raise"):
        values = activations.sigmoid(np.array([-1000.0, -40.0, 40.0, 1000.0]))
    np.testing.assert_allclose(values[1], np.exp(-40) / (1 + np.exp(-40)), rtol=1e-12)
    assert values[0] == 0.0 and values[3] == 1.0


def test_integer_input_becomes_float():
    assert activations.linear(np.array([1, 2])).dtype == float
    assert activations.sigmoid(3).dtype == float


def test_gallery_columns_has_one_row_per_activation():
    table = activations.gallery_columns(xs=(-1.0, 0.0, 2.0))
    assert table["activation"] == list(activations.GALLERY)
    assert list(table)[1:] == ["f(-1)", "f(0)", "f(2)", "f'(-1)", "f'(0)", "f'(2)"]
    row = table["activation"].index("ReLU")
    assert (table["f(-1)"][row], table["f(2)"][row], table["f'(2)"][row]) == (0.0, 2.0, 1.0)


def test_draw_gallery_labels_every_panel():
    fig = Figure(figsize=(10, 5))
    summary = activations.draw_gallery(fig)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == list(activations.GALLERY)
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert all(ax.get_xlabel() == "x" and ax.get_ylabel() == "f(x), f′(x)" for ax in panels)
    assert "sigmoid: max f′ = 0.2500" in summary and "tanh: max f′ = 1.0000" in summary


def test_activations_import_no_layer_code():
    code = "import sys, course_lib.activations; print(sorted(m for m in sys.modules if m.startswith('course_lib.')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['course_lib.activations']"
