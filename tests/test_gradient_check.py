"""The finite-difference gradient check: the differences' orders, the gradient of an array, the relative error."""

import numpy as np
import pytest

from course_lib import gradient_check


def test_numerical_gradient_of_a_known_function_keeps_the_shape():
    f = lambda p: np.sum(p ** 2) + 3 * p[0, 1]  # noqa: E731
    params = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
    expected = 2 * params
    expected[0, 1] += 3
    got = gradient_check.numerical_gradient(f, params)
    assert got.shape == params.shape
    np.testing.assert_allclose(got, expected, rtol=1e-8, atol=1e-8)


def test_numerical_gradient_leaves_the_callers_parameters_alone():
    params = np.array([1.0, 2.0])
    seen = []
    gradient_check.numerical_gradient(lambda p: seen.append(p.copy()) or float(p @ p), params)
    np.testing.assert_array_equal(params, [1.0, 2.0])
    assert len(seen) == 4  # two evaluations per parameter
    assert gradient_check.numerical_gradient(lambda p: p[0] * p[1], [2, 3]).dtype == float  # lists of ints work


def test_central_difference_is_second_order_and_forward_first_order():
    cube, slope = (lambda v: v ** 3), 3.0
    for h in (1e-2, 1e-3):
        assert abs(gradient_check.forward_difference(cube, 1.0, h) - slope) == pytest.approx(3 * h + h * h, rel=1e-6)
        assert abs(gradient_check.central_difference(cube, 1.0, h) - slope) == pytest.approx(h * h, rel=1e-4)


def test_relative_error():
    assert gradient_check.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert gradient_check.relative_error([1.0, -3.0], [1.0, -1.0]) == pytest.approx(0.5)
    assert gradient_check.relative_error(0.0, 0.0) == 0.0
    assert gradient_check.relative_error([0.0, 1e-12], [0.0, 0.0]) == pytest.approx(1e-4)  # floor of 1e-8
    with pytest.raises(ValueError, match="shapes"):
        gradient_check.relative_error([1.0, 2.0], [1.0, 2.0, 3.0])
