# %% [markdown]
# # Exercise 01 · Predictions and the mean squared error
#
# Companion to `notebooks/01_linear_fit_mse.ipynb`. Fill in each cell marked `TODO`, run it, then
# run the check under it: ✅ means the step is right; ❌ says what is off and gives a hint.
# Run the cells in order — a step that is not finished stops the notebook with a short note.
#
# The data are the slides' two points (x, y) = (1, 3), (2, 5) and the first guess m = −1, b = 5.

# %% tags=["colab-bootstrap"]
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %%
import numpy as np

from course_lib import checks, data, linear_fit

checks.friendly_errors()
points = data.load_table("line_two_points")
x, y = points["x"], points["y"]
m, b = -1.0, 5.0

# %% [markdown]
# ## Step 1 · Predictions
#
# Compute the line's prediction ŷ = m·x + b for **both** points at once, as a NumPy array
# (`x` is already an array, so ordinary arithmetic works on every element).

# %%
### BEGIN SOLUTION: compute y_hat = m·x + b for every x, as a NumPy array
y_hat = m * x + b
### END SOLUTION

# %%
checks.check_value("y_hat", y_hat, linear_fit.predict(x, m, b),
                   hint="multiply the array x by m and add b; no loop needed.")

# %% [markdown]
# ## Step 2 · `get_mse` with a loop
#
# Write `get_mse(data, m, b)` in plain Python, as on the slide: `data` is a list of (x, y) pairs;
# add up the squared errors (y − ŷ)² and divide by the number of points.

# %%
def get_mse(data, m, b):
    """Mean squared error of the line y = m·x + b on a list of (x, y) pairs."""
    ### BEGIN SOLUTION: loop over the (x, y) pairs, sum (y - (m*x + b))**2, divide by len(data)
    squared_error = 0.0
    for x_i, y_i in data:
        squared_error += (y_i - (m * x_i + b)) ** 2
    return squared_error / len(data)
    ### END SOLUTION


# %%
def reference_mse(data, m, b):
    xs, ys = np.array(data, dtype=float).T
    return linear_fit.mse(ys, linear_fit.predict(xs, m, b))


checks.check_function(get_mse, reference_mse,
                      [([(1, 3), (2, 5)], -1, 5), ([(1, 3), (2, 5)], 2, 1), ([(0, 1), (1, 0), (3, 4)], 0.5, -1)],
                      hint="divide the *sum* of squared errors by n — mind the parentheses.")

# %% [markdown]
# ## Step 3 · The same without a loop
#
# Write `mse(x, y, m, b)` with NumPy array operations only (no `for`): predict every point,
# square every error, average. It must return a single number.

# %%
def mse(x, y, m, b):
    """Mean squared error of y = m·x + b on arrays x and y, vectorised."""
    ### BEGIN SOLUTION: one line with np.mean and array arithmetic
    return np.mean((y - (m * x + b)) ** 2)
    ### END SOLUTION


# %%
checks.check_function(
    mse, lambda x, y, m, b: linear_fit.mse(y, linear_fit.predict(x, m, b)),
    [(x, y, m, b), (x, y, 2.0, 1.0), (np.arange(5.0), np.arange(5.0) ** 2, 3.0, -1.0)],
    hint="np.mean((y - (m * x + b)) ** 2) — the average over all points, a single number.")

# %% [markdown]
# ## Step 4 · The best line
#
# Use the sliders in the lesson (or algebra: the line must pass through both points) to find the
# slope and intercept with the lowest possible MSE. Set `best_m` and `best_b`.

# %%
### BEGIN SOLUTION: the line through (1, 3) and (2, 5)
best_m = (5 - 3) / (2 - 1)
best_b = 3 - best_m * 1
### END SOLUTION

# %%
checks.check_value("(best_m, best_b)", (best_m, best_b), linear_fit.best_line(x, y),
                   hint="slope = rise / run between the two points; then b = y − m·x at either point.")
print(f"MSE of your best line: {mse(x, y, best_m, best_b):.4f}")

# %% [markdown]
# ## Done
#
# You computed predictions, the MSE with a loop and without one, and the line with the lowest MSE.
# Lesson 02 finds that lowest point automatically, with **gradient descent** (경사 하강법).
