# %% [markdown]
# # Exercise 01 · Predictions and the mean squared error
#
# Companion to `notebooks/01_linear_fit_mse.ipynb`. Each step says what to compute and why;
# the code is yours to write. How to work:
#
# 1. Write your code in the cell marked `TODO` (replace `raise NotImplementedError`) and run it.
# 2. Run the check under it: ✅ means the step is right; ❌ names what is off and gives a first hint.
# 3. Stuck? `ex.<step>.hint()` gives the next hint — first the idea, then the formula or the NumPy
#    function to use, then code. `ex.<step>.solution()` shows the worked solution of that one step.
#
# Run the cells in order: a step that is not finished stops the notebook with a short note.
# The data are the slides' two points (x, y) = (1, 3), (2, 5) and the first guess m = −1, b = 5;
# at the end, the six points of the optimizer slides.

# %% tags=["colab-bootstrap"]
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %%
import numpy as np

from course_lib import checks
from course_lib.exercises import linear_fit_mse as ex

checks.friendly_errors()
x, y = ex.two_points()
m, b = -1.0, 5.0
print("x =", x, " y =", y)

# %% [markdown]
# ## Step 1 · Predictions (예측값)
#
# **Goal:** the line's prediction ŷ = m·x + b for *both* points, with the first guess m = −1, b = 5,
# stored as the NumPy array `y_hat` of shape (2,). `x` is a NumPy array, so arithmetic on it acts on
# every element at once: no loop is needed.

# %%
### BEGIN SOLUTION predictions
### HINT: The slope m multiplies each x, and the intercept b is added to every product; NumPy does
### this for all points at once when you write the arithmetic on the whole array `x`.
### HINT: $\hat y_i = m\,x_i + b$ for every i: one expression in `m`, `x` and `b`.
### HINT: `y_hat = m * x + b`
y_hat = m * x + b
### END SOLUTION

# %%
ex.predictions.check(y_hat)

# %% [markdown]
# ## Step 2 · `get_mse` with a loop, as on the slide
#
# **Goal:** `get_mse(data, m, b)` in plain Python. `data` is a list of (x, y) pairs; the function
# returns the **mean squared error** (평균 제곱 오차), one number:
#
# $$\mathrm{MSE} = \frac{1}{n}\sum_{i=1}^{n} \bigl(y_i - (m x_i + b)\bigr)^2$$
#
# Use the function's own arguments `m` and `b` (the check calls it with other lines and other data).

# %%
def get_mse(data, m, b):
    """Mean squared error of the line y = m·x + b on a list of (x, y) pairs."""
    ### BEGIN SOLUTION get_mse
    ### HINT: Go through the pairs one at a time, keep a running total of each point's squared error,
    ### and divide the total by the number of points once, after the loop.
    ### HINT: Unpack each pair with `for x_i, y_i in data:`; the error is `y_i - (m * x_i + b)`;
    ### square with `** 2`; `len(data)` is n.
    ### HINT: ```python
    ### total = 0.0
    ### for x_i, y_i in data:
    ###     total += (y_i - (m * x_i + b)) ** 2
    ### return total / len(data)
    ### ```
    squared_error = 0.0
    for x_i, y_i in data:
        squared_error += (y_i - (m * x_i + b)) ** 2
    return squared_error / len(data)
    ### END SOLUTION


# %%
ex.get_mse.check(get_mse)

# %% [markdown]
# ## Step 3 · The same without a loop
#
# **Goal:** `mse(x, y, m, b)` for arrays `x` and `y` of any length, with NumPy array operations only
# (no `for`). It returns a single number, the same as `get_mse` on the same points. Vectorised code
# is how every later lesson computes a loss: it is shorter, and many times faster on large data.

# %%
def mse(x, y, m, b):
    """Mean squared error of y = m·x + b on arrays x and y, vectorised."""
    ### BEGIN SOLUTION mse
    ### HINT: Three array steps: predict every point, square every error, average the squares.
    ### HINT: Array arithmetic gives all the errors at once; `np.mean` averages an array into one number.
    ### HINT: `return np.mean((y - (m * x + b)) ** 2)`
    return np.mean((y - (m * x + b)) ** 2)
    ### END SOLUTION


# %%
ex.mse.check(mse)

# %% [markdown]
# ## Step 4 · RMSE, an error in the units of y
#
# The MSE is in squared units (if y is in metres, MSE is in square metres). The **root mean squared
# error** (RMSE, 평균 제곱근 오차) is the square root of the MSE: a typical size of an error, in the
# units of y. Write `rmse(x, y, m, b)`; you may call your `mse`.

# %%
def rmse(x, y, m, b):
    """Root mean squared error of y = m·x + b on arrays x and y."""
    ### BEGIN SOLUTION rmse
    ### HINT: RMSE undoes the squaring *after* the averaging: first the MSE, then the root of it.
    ### HINT: $\mathrm{RMSE} = \sqrt{\mathrm{MSE}}$; NumPy's square root is `np.sqrt`.
    ### HINT: `return np.sqrt(mse(x, y, m, b))`
    return np.sqrt(mse(x, y, m, b))
    ### END SOLUTION


# %%
ex.rmse.check(rmse)
print(f"first guess m = {m}, b = {b}: MSE = {mse(x, y, m, b):.4f}, RMSE = {rmse(x, y, m, b):.4f}")

# %% [markdown]
# ## Step 5 · The best line through the two points
#
# **Goal:** the slope `best_m` and intercept `best_b` with the lowest possible MSE on the two points.
# Work it out (on paper or in code, but from the points, not by guessing): what is the smallest value
# an MSE can take, and which line reaches it? You can check your idea with the sliders of lesson 01.

# %%
### BEGIN SOLUTION best_line
### HINT: An MSE is never negative, and it is 0 exactly when every prediction equals its label: find
### the line that passes through both points.
### HINT: The slope is rise over run between the two points, $m = \frac{y_2 - y_1}{x_2 - x_1}$; then pick b
### so that the line passes through one of them: $b = y_1 - m x_1$.
### HINT: `best_m = (y[1] - y[0]) / (x[1] - x[0])`, then `best_b = y[0] - best_m * x[0]`.
best_m = (y[1] - y[0]) / (x[1] - x[0])
best_b = y[0] - best_m * x[0]
### END SOLUTION

# %%
ex.best_line.check(best_m, best_b)
print(f"MSE of your best line: {mse(x, y, best_m, best_b):.4f}")

# %% [markdown]
# ## Step 6 · Predict: six points
#
# The optimizer slides use six points (x = 0 … 5, plotted below). Before computing anything, decide:
# **can some straight line reach MSE = 0 on these six points?** Set `zero_on_six` to `"yes"` or
# `"no"`; the check explains either answer.

# %%
import matplotlib.pyplot as plt

x6, y6 = ex.six_points()
fig, ax = plt.subplots(figsize=(4.5, 3))
ax.plot(x6, y6, "o")
ax.set(xlabel="x", ylabel="y", title="The six points of the optimizer slides")
plt.show()

# %%
### BEGIN SOLUTION zero_on_six
### HINT: A line has one slope everywhere. Is the slope between neighbouring points the same for
### every pair?
### HINT: Compare (y₂ − y₁)/(x₂ − x₁) for a few neighbouring pairs, e.g. with `np.diff(y6) / np.diff(x6)`.
### HINT: The slopes differ, so: `zero_on_six = "no"`.
zero_on_six = "no"
### END SOLUTION

# %%
ex.zero_on_six.check(zero_on_six)

# %% [markdown]
# ## Step 7 · The best line on a grid
#
# With no line through every point, the best line is a compromise. Find it by brute force: write
# `grid_search(x, y, ms, bs)` that tries **every** pair of a slope from `ms` and an intercept from
# `bs`, and returns the triple `(m, b, mse)` with the lowest MSE (use your `mse`). Loops or NumPy:
# either is fine.

# %%
def grid_search(x, y, ms, bs):
    """The (m, b, mse) with the smallest MSE over every m in ms and every b in bs."""
    ### BEGIN SOLUTION grid_search
    ### HINT: Keep the best triple found so far and replace it whenever a pair (m, b) gives a
    ### smaller MSE; try every m with every b.
    ### HINT: Two nested `for` loops (over `ms` and over `bs`), or `np.argmin` over a table of MSEs;
    ### start the search with `best = (None, None, np.inf)`.
    ### HINT: ```python
    ### best = (None, None, np.inf)
    ### for m in ms:
    ###     for b in bs:
    ###         if mse(x, y, m, b) < best[2]:
    ###             best = (m, b, mse(x, y, m, b))
    ### return best
    ### ```
    best = (None, None, np.inf)
    for m_try in ms:
        for b_try in bs:
            error = mse(x, y, m_try, b_try)
            if error < best[2]:
                best = (float(m_try), float(b_try), float(error))
    return best
    ### END SOLUTION


# %%
ex.grid_search.check(grid_search)
ms, bs = np.linspace(-1, 3, 401), np.linspace(-1, 5, 601)
m6, b6, mse6 = grid_search(x6, y6, ms, bs)
print(f"six points: best line on the grid m = {m6:.2f}, b = {b6:.2f}, MSE = {mse6:.4f}")

# %% [markdown]
# ## Done
#
# You computed predictions, the MSE with a loop and without one, the RMSE, the line through two
# points (MSE 0), and saw that on real data the best line still leaves an error. Searching a grid
# costs one MSE per grid point; lesson 02 finds the lowest point far more cheaply, by following the
# slope downhill: **gradient descent** (경사 하강법).
