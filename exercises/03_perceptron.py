# %% [markdown]
# # Exercise 03 · Train a perceptron: will it rain?
#
# Companion to `notebooks/03_perceptron.ipynb`. Fill in each cell marked `TODO`, run it, then
# run the check under it: ✅ means the step is right; ❌ says what is off and gives a hint.
# Run the cells in order — a step that is not finished stops the notebook with a short note.
#
# The data are the slides' weather table: cloud x₁ and wind x₂ of seven mornings, and whether it
# rained (y = 1) or not (y = 0). The perceptron starts, as in the lesson, from w₁ = w₂ = 0, b = −1 with
# learning rate α = 0.1 (the course's choice: the slides do not state theirs).

# %% tags=["colab-bootstrap"]
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %%
import numpy as np

from course_lib import checks, data, perceptron as pc

checks.friendly_errors()
weather = data.load_table("weather")
X = np.column_stack([weather["cloud"], weather["wind"]])  # shape (7, 2): one row per morning
Y = weather["rain"]
w0, b0, alpha = np.array([0.0, 0.0]), -1.0, 0.1

# %% [markdown]
# ## Step 1 · The first row by hand
#
# For row 1, x = `X[0]` = (0.8, 0.6), compute the weighted sum z₁ = w₁·x₁ + w₂·x₂ + b with the starting
# weights `w0`, `b0`, and the perceptron's answer `y_hat1`: 1 if z₁ > 0, else 0.

# %%
# TODO: z1 from w0, b0 and the two numbers of X[0]; then y_hat1
raise NotImplementedError('z1 from w0, b0 and the two numbers of X[0]; then y_hat1')

# %%
checks.check_value("z1", z1, pc.weighted_sum(X[0], w0, b0), hint="w1·x1 + w2·x2 + b with w0 = (0, 0) and b0 = -1.")
checks.check_value("y_hat1", y_hat1, pc.predict(X[0], w0, b0), hint="the step function: 1 only if z1 > 0.")

# %% [markdown]
# ## Step 2 · The step function and predictions for every row
#
# Write `step(z)` for a NumPy array z: 1 where z > 0, 0 elsewhere (an array of the same shape).
# Then `predict(X, w, b)`: z for every row of X at once (`X @ w + b`), passed through `step`.

# %%
def step(z):
    """1 where z > 0, else 0."""
    # TODO: a comparison gives True/False; .astype(int) turns it into 1/0
    raise NotImplementedError('a comparison gives True/False; .astype(int) turns it into 1/0')


def predict(X, w, b):
    """The perceptron's answer for every row of X."""
    # TODO: step of the weighted sums
    raise NotImplementedError('step of the weighted sums')


# %%
checks.check_function(step, pc.step, [np.array([-1.0, 0.0, 0.5]), np.array([[2.0, -0.1], [0.0, 1e-9]])],
                      hint="(z > 0).astype(int) — note that z = 0 gives 0.")
checks.check_function(predict, pc.predict, [(X, w0, b0), (X, np.array([0.4, 0.42]), -0.4), (X, np.array([1.0, -1.0]), 0.05)],
                      hint="X @ w gives one weighted sum per row (shape (7,)); add b, then step.")

# %% [markdown]
# ## Step 3 · The perceptron rule
#
# Write `perceptron_update(w, b, x, y, lr)` for **one** sample x (shape (2,)) with label y: predict ŷ,
# then return the new weights `(w + lr·(y − ŷ)·x, b + lr·(y − ŷ))` as a tuple (array, number).

# %%
def perceptron_update(w, b, x, y, lr):
    """One step of the perceptron rule on sample (x, y)."""
    # TODO: y_hat is 1 if x @ w + b > 0 else 0; the error y - y_hat scales the change
    raise NotImplementedError('y_hat is 1 if x @ w + b > 0 else 0; the error y - y_hat scales the change')


# %%
checks.check_function(perceptron_update, lambda w, b, x, y, lr: pc.perceptron_update(w, b, x, y, lr)[:2],
                      [(w0, b0, X[0], Y[0], alpha), (np.array([0.4, 0.42]), -0.4, X[5], Y[5], alpha),
                       (np.array([0.5, 0.5]), 0.0, X[2], Y[2], 0.2)],
                      hint="a wrong rainy guess (y - ŷ = -1) must make w and b *smaller*; a right one changes nothing.")

# %% [markdown]
# ## Step 4 · Train until an epoch has no mistakes
#
# Write `train(X, Y, w, b, lr, max_epochs=100)`: go over the rows in order with `perceptron_update`,
# epoch after epoch, counting the mistakes of each epoch. Stop after the first epoch without a mistake
# and return `(w, b, epochs)` — `epochs` is the number of that clean epoch.

# %%
def train(X, Y, w, b, lr, max_epochs=100):
    """Train row by row until an epoch has no mistakes; return (w, b, epochs)."""
    # TODO: an outer loop over epochs, an inner loop over rows; count the wrong predictions
    raise NotImplementedError('an outer loop over epochs, an inner loop over rows; count the wrong predictions')


# %%
def reference_train(X, Y, w, b, lr, max_epochs=100):
    trace = pc.train_trace(X, Y, w, b, lr, max_epochs=max_epochs)
    w_end, b_end = pc.weights_after(trace, len(trace["row"]), w, b)
    return w_end, b_end, pc.first_clean_epoch(trace)


checks.check_function(train, reference_train, [(X, Y, w0, b0, alpha), (X, Y, w0, b0, 0.5), (X, Y, np.array([0.5, -0.5]), 0.0, 0.1)],
                      hint="return right after the first epoch whose mistake count is 0, with that epoch's number.")
w, b, epochs = train(X, Y, w0, b0, alpha)
print(f"learned w = {w}, b = {b:.4f} after {epochs} epochs; predictions {predict(X, w, b)}, labels {Y}")

# %% [markdown]
# ## Step 5 · Tomorrow's forecast
#
# Tomorrow morning is cloudy (x₁ = 0.7) with some wind (x₂ = 0.5). Use your trained `w`, `b` to set
# `rain_tomorrow` to the perceptron's answer (0 or 1) — `predict` expects rows, so pass a (1, 2) array.

# %%
tomorrow = np.array([[0.7, 0.5]])
# TODO: predict on the single row, then take its one entry
raise NotImplementedError('predict on the single row, then take its one entry')

# %%
checks.check_value("rain_tomorrow", rain_tomorrow, int(pc.predict(tomorrow, *reference_train(X, Y, w0, b0, alpha)[:2])[0]),
                   hint="predict(tomorrow, w, b) returns an array of one answer: take [0].")
print("☔ take an umbrella" if rain_tomorrow else "☀️ no umbrella needed")

# %% [markdown]
# ## Done
#
# You wrote the step function, the perceptron rule and its training loop, and made a forecast.
# Try training again *without* the bias (keep b = 0): the lesson explains why it never finishes.
