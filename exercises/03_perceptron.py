# %% [markdown]
# # Exercise 03 · Train a perceptron: will it rain?
#
# Companion to `notebooks/03_perceptron.ipynb`. Each step says what to compute and why; the code is
# yours to write. How to work:
#
# 1. Write your code in the cell marked `TODO` (replace `raise NotImplementedError`) and run it.
# 2. Run the check under it: ✅ means the step is right; ❌ names what is off and gives a first hint.
# 3. Stuck? `ex.<step>.hint()` gives the next hint — first the idea, then the formula or the NumPy
#    function to use, then code. `ex.<step>.solution()` shows the worked solution of that one step.
#
# Run the cells in order: a step that is not finished stops the notebook with a short note.
# The data are the slides' weather table: cloud x₁ and wind x₂ of seven mornings, and whether it
# rained (y = 1) or not (y = 0). The perceptron starts, as in the lesson, from the course's chosen
# weights and learning rate (printed below: the slides do not state theirs).

# %% tags=["colab-bootstrap"]
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %%
import numpy as np

from course_lib import checks
from course_lib.exercises import perceptron as ex

checks.friendly_errors()
X, Y = ex.weather()  # X: shape (7, 2), one row (cloud, wind) per morning; Y: shape (7,), rain 1 or 0
w0, b0, alpha = ex.start()
print("X =", X.tolist())
print("Y =", Y.tolist())
print(f"start: w0 = {w0.tolist()}, b0 = {b0}, learning rate alpha = {alpha}")

# %% [markdown]
# ## Step 1 · The first morning by hand
#
# **Goal:** what two perceptrons say about morning 1 (the first row of `X`), using
#
# $$z = w_1 x_1 + w_2 x_2 + b \qquad \hat y = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}$$
#
# - the untrained one, with the starting weights `w0` and bias `b0`: its weighted sum `z1` and its
#   answer `y_hat1`, the number 1 (rain) or 0 (no rain);
# - the same perceptron at the end of its training, with the weights `w_end`, `b_end` printed below
#   (step 5 will compute them): `z1_end` and `y_hat1_end`.
#
# The starting weights are zero, so the inputs add nothing to `z1`; with `w_end` they do.

# %%
w_end, b_end = ex.end_weights()
print(f"trained: w_end = {np.round(w_end, 4).tolist()}, b_end = {b_end:.4f}")

# %%
# TODO: your code here. Stuck? Run ex.first_row.hint()
raise NotImplementedError("step 'first_row'")

# %%
ex.first_row.check(z1, y_hat1, z1_end, y_hat1_end)
print(f"morning 1: untrained z1 = {z1:g}, says {y_hat1}; trained z1_end = {z1_end:.4f}, says {y_hat1_end}; "
      f"it rained: {Y[0]}")

# %% [markdown]
# ## Step 2 · The step function for a whole array
#
# **Goal:** `step(z)`, the perceptron's activation for an array `z` of any shape: 1 where an entry is
# above 0 and 0 everywhere else (0 itself included). It returns a new NumPy array of the same shape
# holding the *numbers* 1 and 0 (not True/False), so that ŷ can be subtracted from a label y later.
# No loop: NumPy's operations act on every entry at once. Do not change `z` itself.

# %%
def step(z):
    """The step activation: 1 where z > 0, else 0 (numbers, not True/False), in an array of z's shape."""
    # TODO: your code here. Stuck? Run ex.step.hint()
    raise NotImplementedError("step 'step'")


# %%
ex.step.check(step)
print("step of [-0.5, 0, 0.2] =", step(np.array([-0.5, 0.0, 0.2])))

# %% [markdown]
# ## Step 3 · Predictions for every morning
#
# **Goal:** `predict(X, w, b)` returns the perceptron's answer ŷ for *every* row of `X` (shape (n, 2))
# with weights `w` (shape (2,)) and bias `b`: an array of shape (n,) of 1s and 0s. Compute all n weighted
# sums at once, without a loop, and use your `step`.

# %%
def predict(X, w, b):
    """ŷ for every row of X: 1 (rain) or 0 (no rain), shape (n,)."""
    # TODO: your code here. Stuck? Run ex.predict.hint()
    raise NotImplementedError("step 'predict'")


# %%
ex.predict.check(predict)
print("untrained predictions:", predict(X, w0, b0), " labels:", Y)

# %% [markdown]
# ## Step 4 · The perceptron rule
#
# **Goal:** `perceptron_update(w, b, x, y, lr)` learns from **one** morning `x` (shape (2,)) with label
# `y`: it first predicts ŷ for `x` with the current `w` and `b`, then returns the tuple
# `(new_w, new_b)` given by the slides' rule, with learning rate α = `lr`:
#
# $$w_i := w_i + \alpha\,(y - \hat y)\,x_i \qquad b := b + \alpha\,(y - \hat y)$$
#
# (the bias is a weight whose input is always 1). Return new values: do not change the arrays you
# were given (the caller may still need the old weights). The weights may also come as whole numbers,
# e.g. `np.array([1, 0])`, an integer array: the new weights must still keep their fractions.

# %%
def perceptron_update(w, b, x, y, lr):
    """One step of the perceptron rule on the sample (x, y); returns (new_w, new_b)."""
    # TODO: your code here. Stuck? Run ex.perceptron_update.hint()
    raise NotImplementedError("step 'perceptron_update'")


# %%
ex.perceptron_update.check(perceptron_update)
w1, b1 = perceptron_update(w0, b0, X[0], Y[0], alpha)
print(f"after morning 1: w = {w1.tolist()}, b = {b1:g}")

# %% [markdown]
# ## Step 5 · Train until an epoch has no mistakes
#
# **Goal:** `train(X, Y, w, b, lr, max_epochs=100)` applies your `perceptron_update` to the rows in
# order, one row at a time (each row is predicted with the weights left by the row before it). One pass
# over all the rows is an **epoch** (에포크); count the wrong predictions of each epoch. Stop after the
# first epoch with no mistakes, or after `max_epochs` epochs if none is clean. Return the tuple
# `(w, b, epochs)`: the final weights and how many epochs ran (the clean one counts, the first is 1).

# %%
def train(X, Y, w, b, lr, max_epochs=100):
    """Train row by row until an epoch has no mistakes; return (w, b, epochs run)."""
    # TODO: your code here. Stuck? Run ex.train.hint()
    raise NotImplementedError("step 'train'")


# %%
ex.train.check(train)
w, b, epochs = train(X, Y, w0, b0, alpha)
print(f"learned w = {np.round(w, 4).tolist()}, b = {b:.4f} after {epochs} epochs")
print("predictions:", predict(X, w, b), " labels:", Y)

# %% [markdown]
# ## Step 6 · The decision line
#
# The perceptron forecasts rain where z > 0 and no rain where z ≤ 0, so the border between the two is
# the straight line
#
# $$w_1 x_1 + w_2 x_2 + b = 0 .$$
#
# **Goal:** derive this line in the form you can draw, x₂ = slope · x₁ + intercept (wind as a function
# of cloud), and write `decision_line(w, b)` returning the tuple `(slope, intercept)` for any weights
# with w₂ ≠ 0. The check also tries it on your trained `w`, `b`.

# %%
def decision_line(w, b):
    """(slope, intercept) of the line w1·x1 + w2·x2 + b = 0, written as x2 = slope·x1 + intercept."""
    # TODO: your code here. Stuck? Run ex.decision_line.hint()
    raise NotImplementedError("step 'decision_line'")


# %%
ex.decision_line.check(decision_line, w, b)
slope, intercept = decision_line(w, b)
print(f"decision line: x2 = {slope:.4f}·x1 + {intercept:.4f}")

# %% [markdown]
# ## Step 7 · Decide: which side means rain?
#
# Decide from your trained weights (printed above), before drawing anything: is rain forecast
# **above** the line (more wind than the line has at the same cloud) or **below** it? Set `rain_side`
# to `"above"` or `"below"`.
#
# Then a second perceptron: its weights and bias are yours times −1, i.e. −w and −b. Its decision line
# is the same line as yours (the equation times −1 still says 0 = 0). Set `rain_side_negated` to the
# side where *it* forecasts rain. The check explains every answer; the cell after it draws the line.

# %%
# TODO: your code here. Stuck? Run ex.rain_side.hint()
raise NotImplementedError("step 'rain_side'")

# %%
ex.rain_side.check(rain_side, rain_side_negated)

# %%
import matplotlib.pyplot as plt

cloud = np.linspace(0, 1, 2)
fig, ax = plt.subplots(figsize=(6.5, 3.6), layout="constrained")
ax.plot(cloud, slope * cloud + intercept, color="black", label="your decision line")
ax.scatter(*X[Y == 1].T, marker="o", s=60, label="rain (y = 1)")
ax.scatter(*X[Y == 0].T, marker="^", s=60, label="no rain (y = 0)")
ax.set(xlabel="cloud x₁", ylabel="wind x₂", xlim=(0, 1), ylim=(0, 1),
       title=f"Rain is forecast {rain_side} the line")
ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small")
plt.show()

# %% [markdown]
# ## Step 8 · Predict: does a larger learning rate change the forecasts?
#
# Start from **all-zero** weights and bias, w = (0, 0), b = 0, and imagine two training runs on the
# weather table, one with α = 0.1 and one with α = 1. Before running anything, predict: **do the two
# trained perceptrons make the same forecasts** (the same ŷ on every morning and the same decision
# line)? Set `same_forecasts` to `"yes"` or `"no"`; the cell after the check runs both.

# %%
# TODO: your code here. Stuck? Run ex.same_forecasts.hint()
raise NotImplementedError("step 'same_forecasts'")

# %%
ex.same_forecasts.check(same_forecasts)
for lr in (0.1, 1.0):
    w_lr, b_lr, epochs_lr = train(X, Y, np.zeros(2), 0.0, lr)
    print(f"from zero, alpha = {lr}: w = {np.round(w_lr, 4).tolist()}, b = {b_lr:.4f}, {epochs_lr} epochs, "
          f"line x2 = {decision_line(w_lr, b_lr)[0]:.4f}·x1 + {decision_line(w_lr, b_lr)[1]:.4f}, "
          f"predictions {predict(X, w_lr, b_lr).tolist()}")
for lr in (0.1, 1.0):
    w_lr, b_lr, epochs_lr = train(X, Y, w0, b0, lr)
    print(f"from b0 = {b0}, alpha = {lr}: {epochs_lr} epochs, "
          f"line x2 = {decision_line(w_lr, b_lr)[0]:.4f}·x1 + {decision_line(w_lr, b_lr)[1]:.4f}")

# %% [markdown]
# ## Step 9 · Tomorrow's forecast
#
# Tomorrow morning is `ex.tomorrow()` (one row: cloud, wind; printed below). **Goal:** `rain_tomorrow`,
# the trained perceptron's answer for it (your `w`, `b` from step 5) as one plain number, 1 or 0.

# %%
tomorrow = ex.tomorrow()
print("tomorrow (cloud, wind):", tomorrow[0].tolist())
# TODO: your code here. Stuck? Run ex.forecast.hint()
raise NotImplementedError("step 'forecast'")

# %%
ex.forecast.check(rain_tomorrow)
print(f"the line at cloud {tomorrow[0, 0]}: wind {slope * tomorrow[0, 0] + intercept:.4f}; "
      f"tomorrow's wind {tomorrow[0, 1]}")
print("☔ take an umbrella" if rain_tomorrow else "☀️ no umbrella needed")

# %% [markdown]
# ## Done
#
# You wrote the step function, predictions for a whole table, the perceptron rule and its training
# loop; you derived the decision line, decided which side of it means rain, predicted what the learning
# rate does from a zero start, and made a forecast. Try training again *without* the bias (keep b = 0,
# never update it): lesson 03 explains why it never finishes on this table.
