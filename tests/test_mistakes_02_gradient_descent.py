"""Exercise 02's catalogue of real mistakes: each is caught by its step's check, named, with a hint."""

import math
from fractions import Fraction

import numpy as np
import pytest
from mistakes import caught, refused, waits_for

from course_lib import gradient_check, gradient_descent as gd
from course_lib.checks import StepNotFinished
from course_lib.exercises import gradient_descent as ex

X, Y = ex.two_points()
X6, Y6 = ex.six_points()
BOUND = gd.max_stable_learning_rate(X)
FLAT, STEEP = gd.curvatures(X)


# --- mse_gradient, as students write it wrongly ---------------------------------------------------

def gradient_summed(x, y, m, b):
    error = y - (m * x + b)
    return np.array([-2 * np.sum(error * x), -2 * np.sum(error)])


def gradient_without_2(x, y, m, b):
    error = y - (m * x + b)
    return np.array([-np.mean(error * x), -np.mean(error)])


def gradient_errors_flipped(x, y, m, b):
    error = (m * x + b) - y  # ŷ − y, but the minus of −(2/n) kept
    return np.array([-2 * np.mean(error * x), -2 * np.mean(error)])


def gradient_as_tuple(x, y, m, b):
    error = y - (m * x + b)
    return -2 * np.mean(error * x), -2 * np.mean(error)


def gradient_as_list(x, y, m, b):
    error = y - (m * x + b)
    return [-2 * np.mean(error * x), -2 * np.mean(error)]


def gradient_without_x(x, y, m, b):
    error = y - (m * x + b)
    return np.array([-2 * np.mean(error), -2 * np.mean(error)])


def gradient_with_globals(x, y, m_, b_):
    error = y - (-1.0 * x + 5.0)
    return np.array([-2 * np.mean(error * x), -2 * np.mean(error)])


def gradient_swapped(x, y, m, b):
    error = y - (m * x + b)
    return np.array([-2 * np.mean(error), -2 * np.mean(error * x)])


def gradient_column(x, y, m, b):
    error = y - (m * x + b)
    return np.array([[-2 * np.mean(error * x)], [-2 * np.mean(error)]])


def gradient_in_place(x, y, m, b):
    y -= m * x + b  # the errors, written over the caller's y
    return np.array([-2 * np.mean(y * x), -2 * np.mean(y)])


def gradient_as_int(x, y, m, b):
    error = y - (m * x + b)
    return np.array([-2 * np.mean(error * x), -2 * np.mean(error)]).astype(int)


def gradient_into_int_zeros(x, y, m, b):
    error = y - (m * x + b)
    result = np.zeros(2, dtype=int)
    result[0], result[1] = -2 * np.mean(error * x), -2 * np.mean(error)
    return result


def gradient_into_x_dtype(x, y, m, b):  # int64 only for integer data
    error = y - (m * x + b)
    result = np.zeros(2, dtype=x.dtype)
    result[0], result[1] = -2 * np.mean(error * x), -2 * np.mean(error)
    return result


def gradient_n_minus_1(x, y, m, b):  # the same as the sum on two points
    error = y - (m * x + b)
    return np.array([-2 * np.sum(error * x), -2 * np.sum(error)]) / (len(x) - 1)


def gradient_of_global_points(x_, y_, m, b):
    error = Y - (m * X + b)
    return np.array([-2 * np.mean(error * X), -2 * np.mean(error)])


def gradient_hard_coded(x, y, m, b):
    return np.array([5 * m + 3 * b - 13, 3 * m + 2 * b - 8.0])


# --- numerical_gradient ---------------------------------------------------------------------------

def forward_difference(f, params, h=1e-5):
    point = np.array(params, dtype=float)
    gradient = np.zeros_like(point)
    for i in range(point.size):
        up = point.copy()
        up[i] += h
        gradient[i] = (f(up) - f(point)) / h
    return gradient


def divided_by_h(f, params, h=1e-5):
    point = np.array(params, dtype=float)
    gradient = np.zeros_like(point)
    for i in range(point.size):
        up, down = point.copy(), point.copy()
        up[i] += h
        down[i] -= h
        gradient[i] = (f(up) - f(down)) / h
    return gradient


def fixed_h(f, params, h=1e-5):
    point = np.array(params, dtype=float)
    gradient = np.zeros_like(point)
    for i in range(point.size):
        up, down = point.copy(), point.copy()
        up[i] += 1e-5
        down[i] -= 1e-5
        gradient[i] = (f(up) - f(down)) / 2e-5
    return gradient


def nudged_in_place(f, params, h=1e-5):
    gradient = np.zeros(len(params))
    for i in range(len(params)):
        params[i] += h
        above = f(params)
        params[i] -= 2 * h
        below = f(params)
        gradient[i] = (above - below) / (2 * h)
    return gradient


def integer_copy_crashes(f, params, h=1e-5):
    point = np.array(params)  # keeps int64 for np.array([-1, 5])
    gradient = np.zeros(point.shape)
    for i in range(point.size):
        step = np.zeros(point.shape)
        step[i] = h
        up, down = point.copy(), point.copy()
        up += step  # an int64 array cannot take the float sum in place: NumPy stops here
        down -= step
        gradient[i] = (f(up) - f(down)) / (2 * h)
    return gradient


def integer_copy_in_loop(f, params, h=1e-5):
    point = np.array(params)
    gradient = np.zeros(point.shape)
    for i in range(point.size):
        up, down = point.copy(), point.copy()
        up[i] += h  # up[i] = up[i] + h: stored back into an int array, rounded towards 0
        down[i] -= h
        gradient[i] = (f(up) - f(down)) / (2 * h)
    return gradient


def integer_copy_rounds(f, params, h=1e-5):
    point = np.array(params)
    gradient = np.zeros(point.shape)
    for i in range(point.size):
        up, down = point.copy(), point.copy()
        up[i] = point[i] + h  # stored back into an int array: rounded towards 0
        down[i] = point[i] - h
        gradient[i] = (f(up) - f(down)) / (2 * h)
    return gradient


def integer_result_only(f, params, h=1e-5):
    point = np.array(params, dtype=float)  # the copy is float ...
    gradient = np.zeros_like(params)  # ... but the result takes the dtype of integer params
    for i in range(point.size):
        step = np.zeros_like(point)
        step[i] = h
        gradient[i] = (f(point + step) - f(point - step)) / (2 * h)
    return gradient


def integer_copy_and_result(f, params, h=1e-5):
    point = np.array(params)
    gradient = np.zeros_like(point)
    for i in range(point.size):
        up, down = point.copy(), point.copy()
        up[i] += h
        down[i] -= h
        gradient[i] = (f(up) - f(down)) / (2 * h)
    return gradient


def all_at_once(f, params, h=1e-5):
    point = np.array(params, dtype=float)
    return np.full(point.shape, (f(point + h) - f(point - h)) / (2 * h))


def as_list(f, params, h=1e-5):
    point = np.array(params, dtype=float)
    result = []
    for i in range(point.size):
        step = np.zeros_like(point)
        step[i] = h
        result.append((f(point + step) - f(point - step)) / (2 * h))
    return result


def upside_down(f, params, h=1e-5):
    point = np.array(params, dtype=float)
    gradient = np.zeros_like(point)
    for i in range(point.size):
        step = np.zeros_like(point)
        step[i] = h
        gradient[i] = (f(point - step) - f(point + step)) / (2 * h)
    return gradient


def of_global_loss(f, params, h=1e-5):
    point = np.array(params, dtype=float)
    gradient = np.zeros_like(point)
    for i in range(point.size):
        up, down = point.copy(), point.copy()
        up[i] += h
        down[i] -= h
        gradient[i] = (ex.loss_on_two_points(up) - ex.loss_on_two_points(down)) / (2 * h)
    return gradient


# --- gd_step, run_gd ------------------------------------------------------------------------------

def gradient(x, y, m, b):
    return gd.mse_gradient(x, y, m, b)


def run_one_too_few(x, y, m, b, lr, steps):
    for _ in range(steps - 1):
        m, b = gd.gd_step(x, y, m, b, lr)
    return m, b


def run_one_too_many(x, y, m, b, lr, steps):
    for _ in range(steps + 1):
        m, b = gd.gd_step(x, y, m, b, lr)
    return m, b


def run_never_moves_on(x, y, m, b, lr, steps):
    new_m, new_b = m, b
    for _ in range(steps):
        new_m, new_b = gd.gd_step(x, y, m, b, lr)  # always from the start
    return new_m, new_b


def run_never_moves_on_unset(x, y, m, b, lr, steps):
    for _ in range(steps):
        new_m, new_b = gd.gd_step(x, y, m, b, lr)  # always from the start; unset when steps = 0
    return new_m, new_b


def run_returns_in_loop(x, y, m, b, lr, steps):
    for _ in range(steps):
        m, b = gd.gd_step(x, y, m, b, lr)
        return m, b  # indented one level too far: None when steps = 0


def run_returns_in_loop_and_after(x, y, m, b, lr, steps):
    for _ in range(steps):
        m, b = gd.gd_step(x, y, m, b, lr)
        return m, b
    return m, b  # same results as run_never_moves_on: only the source tells them apart


def run_fixed_lr(x, y, m, b, lr, steps):
    for _ in range(steps):
        m, b = gd.gd_step(x, y, m, b, 0.1)
    return m, b


def run_fixed_steps(x, y, m, b, lr, steps):
    for _ in range(100):
        m, b = gd.gd_step(x, y, m, b, lr)
    return m, b


# --- SGD and mini-batches -------------------------------------------------------------------------

def sgd_stale(x, y, w, lr):
    start, weights = w, []
    for x_i, y_i in zip(x, y):
        w = w - lr * (-2 * (y_i - start * x_i) * x_i)  # the prediction of the starting w
        weights.append(w)
    return np.array(weights)


def sgd_without_x(x, y, w, lr):
    weights = []
    for x_i, y_i in zip(x, y):
        w = w - lr * (-2 * (y_i - w * x_i))
        weights.append(w)
    return np.array(weights)


def sgd_uphill(x, y, w, lr):
    weights = []
    for x_i, y_i in zip(x, y):
        w = w + lr * (-2 * (y_i - w * x_i) * x_i)
        weights.append(w)
    return np.array(weights)


def sgd_whole_batch(x, y, w, lr):
    weights = []
    for _ in x:
        w = w - lr * (-2 * np.mean((y - w * x) * x))
        weights.append(w)
    return np.array(weights)


def sgd_records_before(x, y, w, lr):
    weights = []
    for x_i, y_i in zip(x, y):
        weights.append(w)
        w = w - lr * (-2 * (y_i - w * x_i) * x_i)
    return np.array(weights)


def sgd_as_list(x, y, w, lr):
    weights = []
    for x_i, y_i in zip(x, y):
        w = w - lr * (-2 * (y_i - w * x_i) * x_i)
        weights.append(w)
    return weights


def sgd_final_only(x, y, w, lr):
    for x_i, y_i in zip(x, y):
        w = w - lr * (-2 * (y_i - w * x_i) * x_i)
    return w


def sgd_integer_history(x, y, w, lr):
    weights = np.zeros_like(x)  # int64 when x holds whole numbers: every w is cut to an integer
    for i in range(len(x)):
        w = w - lr * (-2 * (y[i] - w * x[i]) * x[i])
        weights[i] = w
    return weights


def sgd_with_start(x, y, w, lr):
    weights = [w]
    for x_i, y_i in zip(x, y):
        w = w - lr * (-2 * (y_i - w * x_i) * x_i)
        weights.append(w)
    return np.array(weights)


def sgd_global_points(x_, y_, w, lr):
    weights = []
    for x_i, y_i in zip(X6, Y6):
        w = w - lr * (-2 * (y_i - w * x_i) * x_i)
        weights.append(w)
    return np.array(weights)


def minibatch_split_rounded_down(x, y, w, lr, batch_size):
    weights = []
    for xb, yb in zip(np.array_split(x, len(x) // batch_size), np.array_split(y, len(y) // batch_size)):
        w = w - lr * (-2 * np.mean((yb - w * xb) * xb))
        weights.append(w)
    return np.array(weights)


def minibatch_split_rounded_up(x, y, w, lr, batch_size):
    batches = math.ceil(len(x) / batch_size)
    weights = []
    for xb, yb in zip(np.array_split(x, batches), np.array_split(y, batches)):
        w = w - lr * (-2 * np.mean((yb - w * xb) * xb))
        weights.append(w)
    return np.array(weights)


def minibatch_over_batch_size(x, y, w, lr, batch_size):
    weights = []
    for start in range(0, len(x), batch_size):
        xb, yb = x[start:start + batch_size], y[start:start + batch_size]
        w = w - lr * (-2 * np.sum((yb - w * xb) * xb) / batch_size)
        weights.append(w)
    return np.array(weights)


def minibatch_global_points(x_, y_, w, lr, batch_size):
    weights = []
    for start in range(0, len(X6), batch_size):
        xb, yb = X6[start:start + batch_size], Y6[start:start + batch_size]
        w = w - lr * (-2 * np.mean((yb - w * xb) * xb))
        weights.append(w)
    return np.array(weights)


def minibatch_with_start(x, y, w, lr, batch_size):
    weights = [w]
    for start in range(0, len(x), batch_size):
        xb, yb = x[start:start + batch_size], y[start:start + batch_size]
        w = w - lr * (-2 * np.mean((yb - w * xb) * xb))
        weights.append(w)
    return np.array(weights)


def minibatch_summed(x, y, w, lr, batch_size):
    weights = []
    for start in range(0, len(x), batch_size):
        xb, yb = x[start:start + batch_size], y[start:start + batch_size]
        w = w - lr * (-2 * np.sum((yb - w * xb) * xb))
        weights.append(w)
    return np.array(weights)


def minibatch_drops_last(x, y, w, lr, batch_size):
    weights = []
    for k in range(len(x) // batch_size):
        xb, yb = x[k * batch_size:(k + 1) * batch_size], y[k * batch_size:(k + 1) * batch_size]
        w = w - lr * (-2 * np.mean((yb - w * xb) * xb))
        weights.append(w)
    return np.array(weights)


def minibatch_stale(x, y, w, lr, batch_size):
    start_w, weights = w, []
    for start in range(0, len(x), batch_size):
        xb, yb = x[start:start + batch_size], y[start:start + batch_size]
        w = w - lr * (-2 * np.mean((yb - start_w * xb) * xb))
        weights.append(w)
    return np.array(weights)


def minibatch_overlapping(x, y, w, lr, batch_size):
    weights = []
    for start in range(0, len(x), batch_size):
        xb, yb = x[start:start + batch_size + 1], y[start:start + batch_size + 1]
        w = w - lr * (-2 * np.mean((yb - w * xb) * xb))
        weights.append(w)
    return np.array(weights)


def minibatch_sgd(x, y, w, lr, batch_size):
    weights = []
    for x_i, y_i in zip(x, y):
        w = w - lr * (-2 * (y_i - w * x_i) * x_i)
        weights.append(w)
    return np.array(weights)


@pytest.mark.parametrize("step, answer, words", [
    # the derivation: ∂MSE/∂m = 5m + 3b − 13, ∂MSE/∂b = 3m + 2b − 8 on the two points
    (ex.derivation, ((2.5, 1.5, -6.5), (1.5, 1, -4)), "in both formulas the factor 2"),
    (ex.derivation, ((10, 6, -26), (6, 4, -16)), "1/n of the mean is missing"),
    (ex.derivation, ((-5, -3, 13), (-3, -2, 8)), "in both formulas the sign is flipped"),
    (ex.derivation, ((5, 3, -13), (-3, -2, 8)), "in ∂MSE/∂b the sign is flipped"),
    (ex.derivation, ("5m + 3b + 13", "3m + 2b + 8"), "constant's sign is flipped"),
    (ex.derivation, ((3, 2, -8), (5, 3, -13)), "two formulas are swapped"),
    (ex.derivation, ((9, 5, -23), (5, 3, -13)), "slides' formulas"),
    (ex.derivation, ((3, 2, -8), (3, 2, -8)), "factor xᵢ is missing"),
    (ex.derivation, ((5, 3, -13), (5, 3, -13)), "∂ŷ/∂b = 1"),
    (ex.derivation, ((5, 3, -13), (3, 1, -8)), "∂MSE/∂b: coefficient of b (1)"),
    (ex.derivation, ((-13, 5, 3), (-8, 3, 2)), "of ∂MSE/∂m and of ∂MSE/∂b are right but in another order"),
    (ex.derivation, ((5, 3, -13), (2, 3, -8)), "of ∂MSE/∂b are right but in another order"),
    (ex.derivation, ("five m", (3, 2, -8)), "not a formula I can read"),
    (ex.derivation, ((5, 3), (3, 2, -8)), "three numbers (a, c, d) were expected"),
    (ex.derivation, (None, None), "write the three numbers"),
    # the gradient at (−1, 5)
    (ex.gradient_at_guess, (-7, -3), "slides' numbers"),
    (ex.gradient_at_guess, (-1.0, -3.0), "dm and db are swapped"),
    (ex.gradient_at_guess, (3.0, 1.0), "sign is flipped"),
    (ex.gradient_at_guess, (-6.0, -2.0), "summed over the points"),
    (ex.gradient_at_guess, (-1.0, -1.0), "dm is missing the factor xᵢ"),
    (ex.gradient_at_guess, ("-3", -1), "dm is a str ('-3'), but one number was expected"),
    (ex.gradient_at_guess, (-3.0, np.array([-1.0])), "db is an array of shape (1,) holding one number, but the "
                                                     "number itself was expected"),
    # mse_gradient
    (ex.mse_gradient, (gradient_summed,), "summed over the points instead of averaging"),
    (ex.mse_gradient, (gradient_without_2,), "factor 2 from differentiating the square is missing"),
    (ex.mse_gradient, (gradient_errors_flipped,), "the sign is flipped"),
    (ex.mse_gradient, (gradient_as_tuple,), "Python tuple, but a NumPy array was expected"),
    (ex.mse_gradient, (gradient_as_list,), "Python list, but a NumPy array was expected"),
    (ex.mse_gradient, (gradient_without_x,), "missing the factor xᵢ"),
    (ex.mse_gradient, (gradient_with_globals,), "instead of the function's arguments m and b"),
    (ex.mse_gradient, (gradient_swapped,), "the two entries are swapped"),
    (ex.mse_gradient, (gradient_column,), "has shape (2, 1)"),
    (ex.mse_gradient, (gradient_in_place,), "changed its input `y` in place"),
    (ex.mse_gradient, (gradient_as_int,), "returned whole numbers (dtype int64), so the fractions were cut off"),
    (ex.mse_gradient, (gradient_into_int_zeros,), "returned whole numbers (dtype int64)"),
    (ex.mse_gradient, (gradient_into_x_dtype,), "returned whole numbers (dtype int64)"),
    (ex.mse_gradient, (gradient_n_minus_1,), "divided by n − 1 instead of n"),
    (ex.mse_gradient, (gradient_of_global_points,), "the notebook's two points"),
    (ex.mse_gradient, (gradient_hard_coded,), "step 1's coefficients, which hold for those two points only"),
    # numerical_gradient
    (ex.numerical_gradient, (forward_difference,), "forward difference"),
    (ex.numerical_gradient, (divided_by_h,), "divided by h instead of 2h"),
    (ex.numerical_gradient, (fixed_h,), "the argument h is ignored"),
    (ex.numerical_gradient, (nudged_in_place,), "changed its input `params` in place"),
    (ex.numerical_gradient, (integer_copy_crashes,), "kept its integer dtype"),
    (ex.numerical_gradient, (integer_copy_rounds,), "kept its integer dtype"),
    (ex.numerical_gradient, (integer_copy_in_loop,), "kept its integer dtype"),
    (ex.numerical_gradient, (integer_result_only,), "make the result a float array.\n🔎 Your copy of params is "
                                                    "fine — f received p ± h as floats"),
    (ex.numerical_gradient, (integer_copy_and_result,), "both your copy of params and your result array kept"),
    (ex.numerical_gradient, (all_at_once,), "all parameters were nudged at once"),
    (ex.numerical_gradient, (as_list,), "Python list, but a NumPy array"),
    (ex.numerical_gradient, (upside_down,), "upside down"),
    (ex.numerical_gradient, (of_global_loss,), "f is ignored: you nudged the notebook's loss"),
    # gd_step
    (ex.gd_step, (lambda x, y, m, b, lr: tuple(np.array([m, b]) + lr * gradient(x, y, m, b)),),
     "a step subtracts it"),
    (ex.gd_step, (lambda x, y, m, b, lr: tuple(np.array([m, b]) - gradient(x, y, m, b)),), "lr is ignored"),
    (ex.gd_step, (lambda x, y, m, b, lr: tuple(np.array([m, b]) - 0.1 * gradient(x, y, m, b)),), "fixed 0.1"),
    (ex.gd_step, (lambda x, y, m, b, lr: tuple(lr * gradient(x, y, m, b)),), "the size of the step"),
    (ex.gd_step, (lambda x, y, m, b, lr: tuple(np.array([m, b]) - lr * gradient(x, y, -1.0, 5.0)),),
     "notebook's m = −1, b = 5"),
    (ex.gd_step, (lambda x, y, m, b, lr: tuple(np.array([m, b]) - lr * gradient(x, y, m, b)[::-1]),),
     "b was updated with ∂MSE/∂m"),
    (ex.gd_step, (lambda x, y, m, b, lr: (m - lr * gradient(x, y, m, b)[0], b),), "only m moved"),
    (ex.gd_step, (lambda x, y, m, b, lr: None,), "returned None"),
    # the stability bound, the learning rate, the prediction
    (ex.stability_bound, (2 / FLAT,), "flattest curvature"),
    (ex.stability_bound, (1 / STEEP,), "the factor 2 is missing"),
    (ex.stability_bound, (STEEP,), "λmax itself"),
    (ex.stability_bound, (2 / (FLAT + STEEP),), "2 / (λmin + λmax)"),
    (ex.stability_bound, (2 / 5,), "largest entry of the coefficient matrix"),
    (ex.pick_lr, (0.5,), "above the bound"),
    (ex.pick_lr, (1.01 * BOUND,), "above the bound"),
    (ex.pick_lr, (BOUND,), "is the bound 0.2917960675006309 up to rounding (closer to it than 1e-12"),
    (ex.pick_lr, (BOUND * (1 + 1e-13),), "up to rounding"),
    (ex.pick_lr, (0.2918,), "lr_ok = 0.2918 is above the bound 0.291796: in the steepest direction one step "
                            "multiplies the distance to the minimum by 1 − λ·λmax = -1.00003, beyond -1"),
    (ex.pick_lr, (BOUND + 1e-9,), "lr_ok = 0.291796069 is above the bound 0.291796068"),
    (ex.pick_lr, (0,), "does not descend"),
    (ex.pick_lr, (-0.1,), "does not descend"),
    (ex.pick_lr, ("0.1",), "one number (a learning rate) was expected"),
    (ex.pick_lr, (float("nan"),), "a finite number was expected"),
    (ex.pick_lr, (True,), "one number (a learning rate) was expected"),
    (ex.pick_lr, ([0.1],), "one number (a learning rate) was expected"),
    (ex.pick_lr, (np.array([0.1]),), "the number itself was expected"),
    (ex.stability_bound, (complex(BOUND),), "complex number"),
    (ex.stability_bound, (np.complex128(BOUND),), "np.linalg.eigvalsh returns real ones"),
    (ex.stability_bound, (np.array(BOUND + 0j),), "a real number was expected"),
    (ex.stability_bound, (np.array([BOUND]),), "the number itself was expected"),
    (ex.above_bound, ("converges slowly",), "too *small*"),
    (ex.above_bound, ("oscillates but settles",), "every swing is larger"),
    (ex.above_bound, ("converges",), "distance to the minimum grows"),
    (ex.above_bound, ("maybe",), "answer with one of"),
    # run_gd
    (ex.run_gd, (run_one_too_few,), "one step too few"),
    (ex.run_gd, (run_one_too_many,), "one step too many"),
    (ex.run_gd, (run_never_moves_on,), "every step starts again from the first (m, b)"),
    (ex.run_gd, (run_never_moves_on_unset,), "every step starts again from the first (m, b)"),
    (ex.run_gd, (run_returns_in_loop,), "only one step was taken: a `return` inside the loop"),
    (ex.run_gd, (run_returns_in_loop_and_after,), "only one step was taken: a `return` inside the loop"),
    (ex.run_gd, (run_fixed_lr,), "lr is ignored"),
    (ex.run_gd, (run_fixed_steps,), "number of steps is ignored"),
    # SGD
    (ex.sgd_epoch, (sgd_stale,), "used the starting w"),
    (ex.sgd_epoch, (sgd_without_x,), "missing the factor xᵢ"),
    (ex.sgd_epoch, (sgd_uphill,), "you added α × gradient"),
    (ex.sgd_epoch, (sgd_whole_batch,), "batch gradient descent, six times"),
    (ex.sgd_epoch, (sgd_records_before,), "recorded before its update"),
    (ex.sgd_epoch, (sgd_as_list,), "Python list, but a NumPy array"),
    (ex.sgd_epoch, (sgd_final_only,), "but a NumPy array of shape (6,) was expected"),
    (ex.sgd_epoch, (sgd_integer_history,), "the fractions were cut off"),
    (ex.sgd_epoch, (sgd_with_start,), "has 7 entries, but 6 were expected (one per sample)"),
    (ex.sgd_epoch, (sgd_global_points,), "notebook's x6, y6 instead of the function's arguments"),
    (ex.minibatch_epoch, (minibatch_with_start,), "the starting w is in the array too"),
    # mini-batches
    (ex.minibatch_epoch, (minibatch_summed,), "summed the samples' gradients"),
    (ex.minibatch_epoch, (minibatch_drops_last,),
     "has 1 entries, but 2 were expected (one per batch).\n🔎 It looks like the last, smaller batch was dropped"),
    (ex.minibatch_epoch, (minibatch_stale,), "used the epoch's starting w"),
    (ex.minibatch_epoch, (minibatch_overlapping,), "batches overlap"),
    (ex.minibatch_epoch, (minibatch_sgd,), "batch_size is ignored (one sample per step"),
    (ex.minibatch_epoch, (minibatch_split_rounded_down,), "the number of batches was rounded down"),
    (ex.minibatch_epoch, (minibatch_split_rounded_up,), "the sizes are evened out"),
    (ex.minibatch_epoch, (minibatch_over_batch_size,), "divided by batch_size, also the last, smaller one"),
    (ex.minibatch_epoch, (minibatch_global_points,), "notebook's x6, y6 instead of the function's arguments"),
])
def test_each_mistake_is_named(step, answer, words):
    assert words in caught(step, *answer)


def test_right_answers_written_differently_pass():
    ex.derivation.check("5m + 3b − 13", "3*m + 2*b - 8")
    ex.derivation.check("-13 + 3 b + 5 m", [Fraction(6, 2), 2, -8])
    ex.derivation.check(np.array([5, 3, -13]), (3.0, 2.0, -8.0))
    ex.derivation.check("m*5 + b*3 - 13", "3*m + b*2 - 8")
    ex.derivation.check("10/2 m + b * 6/2 - 26/2", "m3 - 16/2 + b 4 / 2")
    ex.gradient_at_guess.check(np.float64(-3), -1)

    def gradient_loop(x, y, m, b):
        dm = db = 0.0
        for x_i, y_i in zip(x, y):
            dm += -2 * (y_i - m * x_i - b) * x_i / len(x)
            db += -2 * (y_i - m * x_i - b) / len(x)
        return np.array([dm, db])

    ex.mse_gradient.check(gradient_loop)
    ex.mse_gradient.check(lambda x, y, m, b: 2 / len(x) * np.array([(m * x + b - y) @ x, np.sum(m * x + b - y)]))

    def numerical_with_np_eye(f, params, h=1e-5):
        point = np.asarray(params, dtype=float)  # a new array for lists and ints, the same one for floats
        return np.array([(f(point + h * e) - f(point - h * e)) / (2 * h) for e in np.eye(point.size)])

    ex.numerical_gradient.check(numerical_with_np_eye)
    ex.gd_step.check(lambda x, y, m, b, lr: np.array([m, b]) - lr * gradient(x, y, m, b))
    ex.stability_bound.check(np.float32(BOUND))
    for lr in (0.1, 1e-4, np.float32(0.2), 0.999 * BOUND, np.array(0.05), Fraction(1, 10)):
        ex.pick_lr.check(lr)
    for answer in ("diverges", "Diverges", " DIVERGES ", "blows up", "explodes"):
        ex.above_bound.check(answer)
    ex.stability_bound.check(np.array(BOUND))

    def run_while(x, y, m, b, lr, steps):
        done = 0
        while done < steps:
            m, b = gd.gd_step(x, y, m, b, lr)
            done += 1
        return [m, b]

    ex.run_gd.check(run_while)

    def sgd_indexed(x, y, w, lr):
        weights = np.empty(len(x))
        for i in range(len(x)):
            w -= lr * 2 * (w * x[i] - y[i]) * x[i]
            weights[i] = w
        return weights

    ex.sgd_epoch.check(sgd_indexed)

    def minibatch_split(x, y, w, lr, batch_size):
        weights = []
        for xb, yb in zip(np.array_split(x, range(batch_size, len(x), batch_size)),
                          np.array_split(y, range(batch_size, len(y), batch_size))):
            w = w + lr * 2 * np.sum((yb - w * xb) * xb) / len(xb)
            weights.append(w)
        return np.array(weights)

    ex.minibatch_epoch.check(minibatch_split)


@pytest.mark.parametrize("step, answer", [
    (ex.derivation, (float("nan"), "x")), (ex.derivation, (object(), 3)),
    (ex.gradient_at_guess, (None, None)), (ex.gradient_at_guess, (float("nan"), 1.0)),
    (ex.mse_gradient, (None,)), (ex.mse_gradient, ("mse_gradient",)),
    (ex.mse_gradient, (lambda x, y, m, b: np.array([np.nan, 1.0]),)),
    (ex.numerical_gradient, (lambda f, p, h=1e-5: "grad",)), (ex.numerical_gradient, (lambda f, p, h=1e-5: 1 / 0,)),
    (ex.gd_step, (lambda x, y, m, b, lr: (m,),)), (ex.stability_bound, (None,)), (ex.stability_bound, ("0.29",)),
    (ex.stability_bound, (np.array([0.1, 0.2]),)), (ex.pick_lr, (None,)), (ex.pick_lr, (np.array([0.1, 0.2]),)),
    (ex.above_bound, (None,)), (ex.run_gd, (lambda *args: np.zeros((3, 3)),)),
    (ex.sgd_epoch, (lambda x, y, w, lr: np.full(6, np.nan),)), (ex.minibatch_epoch, (lambda *a: {},)),
])
def test_a_check_never_crashes_on_a_bad_value(step, answer):
    refused(step, *answer)


def test_unfinished_steps_say_so():
    waits_for(ex.mse_gradient, ex.numerical_gradient, ex.gd_step, ex.run_gd, ex.sgd_epoch, ex.minibatch_epoch)


def test_a_check_leaves_the_students_data_alone():
    x, y = ex.two_points()
    params = np.array([-1.0, 5.0])
    ex.mse_gradient.check(lambda x_, y_, m, b: gd.mse_gradient(x_, y_, m, b))
    ex.numerical_gradient.check(lambda f, p, h=1e-5: gradient_check.numerical_gradient(f, p, h))
    assert np.array_equal(x, X) and np.array_equal(y, Y) and np.array_equal(params, [-1.0, 5.0])


def test_the_derivation_check_computes_its_answer_from_the_data(monkeypatch):
    other_x, other_y = np.array([0.0, 1.0, 3.0]), np.array([1.0, 2.0, 2.0])
    monkeypatch.setattr(ex, "two_points", lambda: (other_x.copy(), other_y.copy()))
    right = gd.gradient_coefficients(other_x, other_y)
    ex.derivation.check(right["m"], right["b"])
    assert "1/n of the mean is missing" in caught(ex.derivation, tuple(3 * np.array(right["m"])),
                                                  tuple(3 * np.array(right["b"])))


def test_an_unknown_prediction_lists_only_the_prompts_options():
    message = caught(ex.above_bound, "maybe")
    assert "'diverges', 'converges slowly', 'oscillates but settles', 'converges'" in message
    assert "blows up" not in message and "explodes" not in message


def test_a_step_whose_helper_is_unfinished_names_the_helper():
    def mse_gradient(x, y, m, b):
        raise NotImplementedError("step 'mse_gradient'")

    def gd_step(x, y, m, b, lr):
        dm, db = mse_gradient(x, y, m, b)
        return m - lr * dm, b - lr * db

    with pytest.raises(StepNotFinished, match="mse_gradient is not written yet"):
        ex.gd_step.check(gd_step)


@pytest.mark.parametrize("formula", ["five m", "m*b + 3", "m/0 + 1", "5m 3b", "*5m - 1", "m//2"])
def test_an_unreadable_formula_is_refused_not_misread(formula):
    assert "not a formula I can read" in caught(ex.derivation, formula, (3, 2, -8))


def test_values_the_next_cells_print_never_crash_after_a_pass():
    """Every value a check accepts can be printed with a format spec as the notebook does."""
    for dm, db in ((np.float32(-3), -1), (Fraction(-3), Fraction(-1)), (np.array(-3.0), -1)):
        ex.gradient_at_guess.check(dm, db)
        assert f"{float(dm):g} {float(db):g}"
    for lr in (Fraction(1, 10), np.array(0.05), np.float32(0.2)):
        ex.pick_lr.check(lr)
        assert f"{float(lr):.4f}"


@pytest.mark.parametrize("answer, not_said", [
    (integer_result_only, "kept its integer dtype"), (integer_copy_rounds, "Your copy of params is fine"),
    (run_returns_in_loop, "starts again"), (run_returns_in_loop_and_after, "starts again"),
    (run_never_moves_on, "`return`"), (run_never_moves_on_unset, "`return`"),
])
def test_look_alike_mistakes_are_told_apart(answer, not_said):
    step = ex.numerical_gradient if answer in (integer_result_only, integer_copy_rounds) else ex.run_gd
    assert not_said not in caught(step, answer)


def test_a_rate_just_below_the_bound_passes_and_prints_the_difference(capsys):
    """Any rate strictly below the bound (beyond rounding) converges; the ✅ shows digits that differ."""
    for lr in (BOUND - 1e-9, BOUND - 1e-7):
        ex.pick_lr.check(lr)
        said = capsys.readouterr().out
        shown, bound = said.split("lr_ok = ")[1].split(" ")[0], said.split("(0, ")[1].split(")")[0]
        assert float(shown) < float(bound) and "at most 1 " not in said and "at most 1.0000 " not in said


def test_the_factor_above_the_bound_never_reads_minus_one():
    for lr in (0.2918, BOUND * (1 + 1e-9), BOUND * (1 + 1e-6)):
        message = caught(ex.pick_lr, lr)
        factor = float(message.split("λmax = ")[1].split(",")[0])
        assert factor < -1
