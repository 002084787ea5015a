# %% [markdown]
# # Exercise 02 · The MSE gradient and gradient descent
#
# Companion to `notebooks/02_gradient_descent.ipynb`. Fill in each cell marked `TODO`, run it, then
# run the check under it: ✅ means the step is right; ❌ says what is off and gives a hint.
# Run the cells in order — a step that is not finished stops the notebook with a short note.
#
# The data are lesson 01's two points (x, y) = (1, 3), (2, 5), the line ŷ = m·x + b and the first
# guess m = −1, b = 5; at the end, the six points of the optimizer slides.

# %% tags=["colab-bootstrap"]
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %%
import numpy as np

from course_lib import checks, data, gradient_check, gradient_descent as gd

checks.friendly_errors()
points = data.load_table("line_two_points")
x, y = points["x"], points["y"]
m, b = -1.0, 5.0

# %% [markdown]
# ## Step 1 · The gradient at the first guess
#
# With the error e = y − ŷ of every point, the gradient of the MSE is
#
# ∂MSE/∂m = −(2/n)·Σ e·x  and  ∂MSE/∂b = −(2/n)·Σ e  (an average over the points: `np.mean`).
#
# Compute both at m = −1, b = 5, as the numbers `dm` and `db`.

# %%
### BEGIN SOLUTION: compute the errors y - (m*x + b), then dm and db with np.mean
error = y - (m * x + b)
dm = -2 * np.mean(error * x)
db = -2 * np.mean(error)
### END SOLUTION

# %%
checks.check_value("(dm, db)", (dm, db), tuple(gd.mse_gradient(x, y, m, b)),
                   hint="dm = -2 * np.mean(error * x) and db = -2 * np.mean(error), with error = y - (m*x + b).")

# %% [markdown]
# ## Step 2 · A gradient function
#
# Write `mse_gradient(x, y, m, b)` for any data: it returns the gradient as a NumPy **array**
# `[∂MSE/∂m, ∂MSE/∂b]` of shape (2,).

# %%
def mse_gradient(x, y, m, b):
    """The gradient [∂MSE/∂m, ∂MSE/∂b] of the line's MSE on the points (x, y)."""
    ### BEGIN SOLUTION: the two formulas of step 1, returned as np.array([dm, db])
    error = y - (m * x + b)
    return np.array([-2 * np.mean(error * x), -2 * np.mean(error)])
    ### END SOLUTION


# %%
checks.check_function(mse_gradient, gd.mse_gradient,
                      [(x, y, m, b), (x, y, 2.0, 1.0), (np.arange(4.0), np.array([1.0, 0.0, 2.0, 5.0]), 0.5, -1.0)],
                      hint="return np.array([dm, db]) — one array of two numbers, not a tuple or a list.")

# %% [markdown]
# ## Step 3 · Check it numerically
#
# Write `numerical_gradient(f, params, h)`: for every parameter i, nudge it up and down by h and
# return the **central differences** (f(params + h·eᵢ) − f(params − h·eᵢ)) / 2h as an array shaped like
# `params`. Do not change the caller's `params` (work on a copy: `np.array(params, dtype=float)`).

# %%
def numerical_gradient(f, params, h=1e-5):
    """The gradient of f at params by central differences."""
    ### BEGIN SOLUTION: loop over the parameters; copy params, move one entry by +h and -h
    params = np.array(params, dtype=float)
    gradient = np.zeros_like(params)
    for i in range(params.size):
        up, down = params.copy(), params.copy()
        up[i] += h
        down[i] -= h
        gradient[i] = (f(up) - f(down)) / (2 * h)
    return gradient
    ### END SOLUTION


# %%
def loss(params):
    return gd.mse(x, y, params[0], params[1])


def bowl(params):  # seed 004's f(x0, x1) = x0² + x1²
    return params[0] ** 2 + params[1] ** 2


checks.check_function(numerical_gradient, gradient_check.numerical_gradient,
                      [(loss, np.array([m, b])), (loss, np.array([2.0, 1.0])), (bowl, np.array([3.0, -4.0]))],
                      hint="(f(up) - f(down)) / (2 * h), where up and down are copies of params with entry i moved by ±h.",
                      rtol=1e-5, atol=1e-7)
agreement = gradient_check.relative_error(mse_gradient(x, y, m, b), numerical_gradient(loss, [m, b]))
checks.check_value("your analytic and numerical gradients agree (relative error < 1e-7)", agreement < 1e-7, True)

# %% [markdown]
# ## Step 4 · One gradient-descent step
#
# Write `gd_step(x, y, m, b, lr)`: it returns the new `(m, b)` after one step
# m := m − λ·∂MSE/∂m, b := b − λ·∂MSE/∂b (a tuple of two numbers). Use your `mse_gradient`.

# %%
def gd_step(x, y, m, b, lr):
    """One gradient-descent step from (m, b) with learning rate lr."""
    ### BEGIN SOLUTION: subtract lr times the gradient
    dm, db = mse_gradient(x, y, m, b)
    return m - lr * dm, b - lr * db
    ### END SOLUTION


# %%
checks.check_function(gd_step, gd.gd_step, [(x, y, m, b, 0.1), (x, y, m, b, 0.5), (x, y, 0.0, 0.0, 0.01)],
                      hint="*subtract* lr × gradient: the gradient points uphill.")

# %% [markdown]
# ## Step 5 · Many steps, two learning rates
#
# Starting from m = −1, b = 5, take **100** steps with λ = 0.1 and store the final values as
# `m_slow, b_slow`; then 100 steps with the slides' λ = 0.5 as `m_fast, b_fast`.

# %%
### BEGIN SOLUTION: two loops of 100 gd_step calls
m_slow, b_slow = m, b
for _ in range(100):
    m_slow, b_slow = gd_step(x, y, m_slow, b_slow, 0.1)
m_fast, b_fast = m, b
for _ in range(100):
    m_fast, b_fast = gd_step(x, y, m_fast, b_fast, 0.5)
### END SOLUTION

# %%
checks.check_value("(m_slow, b_slow)", (m_slow, b_slow), tuple(gd.descend(x, y, m, b, 0.1, 100)[0][-1]),
                   hint="start a loop from (m, b) = (-1, 5) and apply gd_step 100 times with lr = 0.1.")
checks.check_value("(m_fast, b_fast)", (m_fast, b_fast), tuple(gd.descend(x, y, m, b, 0.5, 100)[0][-1]),
                   hint="the same loop with lr = 0.5 — the numbers will be huge.", rtol=1e-6)
print(f"λ = 0.1: MSE after 100 steps = {gd.mse(x, y, m_slow, b_slow):.4f}")
print(f"λ = 0.5: MSE after 100 steps = {gd.mse(x, y, m_fast, b_fast):.4g}  "
      f"(the largest stable λ for this data is {gd.max_stable_learning_rate(x):.4f})")

# %% [markdown]
# ## Step 6 · Stochastic gradient descent, sample by sample
#
# The optimizer slides fit ŷ = w·x to six points, from w = 0.2 with α = 0.01. Write
# `sgd_epoch(x, y, w, lr)`: go through the samples **in order**; for each one, predict with the
# **current** w, compute that sample's gradient −2·(yᵢ − w·xᵢ)·xᵢ and update w. Return a NumPy array
# with w after every sample (shape (6,) for six samples).

# %%
six = data.load_table("regression_six_points")
x6, y6 = six["x"].astype(float), six["y"]


def sgd_epoch(x, y, w, lr):
    """One epoch of SGD in order; the weight after each sample."""
    ### BEGIN SOLUTION: loop over zip(x, y); update w each time; collect it; return np.array(...)
    history = []
    for x_i, y_i in zip(x, y):
        gradient = -2 * (y_i - w * x_i) * x_i
        w = w - lr * gradient
        history.append(w)
    return np.array(history)
    ### END SOLUTION


# %%
checks.check_function(sgd_epoch, lambda x, y, w, lr: np.array(gd.sgd_table(x, y, w, lr, range(len(x)))["w after"]),
                      [(x6, y6, 0.2, 0.01), (x6[::-1], y6[::-1], 0.2, 0.01), (x6, y6, 1.0, 0.02)],
                      hint="use the current w for every prediction, and return np.array(history).")
print(f"w after one epoch of SGD: {sgd_epoch(x6, y6, 0.2, 0.01)[-1]:.4f}")

# %% [markdown]
# ## Done
#
# You derived and checked the MSE gradient, took gradient-descent steps, saw a learning rate that is
# too large blow up, and ran SGD sample by sample. Lesson 03 trains a perceptron on the weather table.
