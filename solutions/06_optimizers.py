# %% [markdown]
# # Exercise 06 · Momentum and Adam, written by you
#
# Companion to `notebooks/06_optimizers.ipynb`. Fill in each cell marked `TODO`, run it, then run
# the check under it: ✅ means the step is right; ❌ says what is off and gives a hint — for the
# update rules it runs your function for 200 steps next to the reference and, when your numbers
# match a usual slip (a wrong sign, no bias correction, ε in the wrong place…), it names it.
# Run the cells in order — a step that is not finished stops the notebook with a short note.

# %% tags=["colab-bootstrap"]
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %%
import matplotlib.pyplot as plt
import numpy as np

from course_lib import checks, optimizer_race, optimizers

checks.friendly_errors()

# %% [markdown]
# ## Step 1 · Two momentum steps by hand
#
# Keras writes SGD with momentum as
#
# $$v \leftarrow \text{momentum}\cdot v - \text{learning\_rate}\cdot g, \qquad w \leftarrow w + v .$$
#
# Start from w = 1.0 and v = 0 with learning_rate = 0.1 and momentum = 0.9. The first gradient is
# g = 0.5, the second g = 0.3. Compute `v1, w1` (after the first step) and `v2, w2` (after the second)
# as plain numbers.

# %%
w, v, learning_rate, momentum = 1.0, 0.0, 0.1, 0.9
### BEGIN SOLUTION: v1, w1 after the gradient 0.5, then v2, w2 after the gradient 0.3
v1 = momentum * v - learning_rate * 0.5
w1 = w + v1
v2 = momentum * v1 - learning_rate * 0.3
w2 = w1 + v2
### END SOLUTION

# %%
reference_w1, reference_v1 = optimizers.momentum_step(1.0, 0.0, 0.5, learning_rate=0.1, momentum=0.9)
reference_w2, reference_v2 = optimizers.momentum_step(reference_w1, reference_v1, 0.3, learning_rate=0.1, momentum=0.9)
checks.check_value("(v1, w1)", (v1, w1), (reference_v1, reference_w1),
                   hint="v1 = 0.9·0 − 0.1·0.5; then w1 = 1.0 + v1 (the velocity is *added*).")
checks.check_value("(v2, w2)", (v2, w2), (reference_v2, reference_w2),
                   hint="the second step starts from v1 and w1: v2 = 0.9·v1 − 0.1·0.3, w2 = w1 + v2.")

# %% [markdown]
# ## Step 2 · `momentum_step`
#
# Write the same rule as a function of NumPy arrays: it gets the weights `w`, the velocity `v` and
# the gradient `g` (arrays of the same shape) and returns the new `(w, v)`.

# %%
def momentum_step(w, v, g, learning_rate=0.01, momentum=0.9):
    """One step of SGD with momentum in Keras's convention; returns the new (w, v)."""
    ### BEGIN SOLUTION: update the velocity first, then move w by it; return (w, v)
    v = momentum * v - learning_rate * g
    w = w + v
    return w, v
    ### END SOLUTION


# %%
optimizers.check_step_rule(momentum_step, "momentum")

# %% [markdown]
# ## Step 3 · `adam_step`, as the slides write it
#
# $$m_t = \beta_1 m_{t-1} + (1-\beta_1)\,g \qquad v_t = \beta_2 v_{t-1} + (1-\beta_2)\,g^2$$
# $$\hat m_t = \frac{m_t}{1-\beta_1^{\,t}} \qquad \hat v_t = \frac{v_t}{1-\beta_2^{\,t}} \qquad
#   w \leftarrow w - \alpha\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}$$
#
# `t` counts the steps from **1**. Return the new `(w, m, v)` — the moving averages m and v, not the
# corrected m̂ and v̂ (those are recomputed at every step). `learning_rate` is α.

# %%
def adam_step(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """One Adam step as the slides write it (t = 1 for the first step); returns the new (w, m, v)."""
    ### BEGIN SOLUTION: the moving averages m and v, the corrected m̂ and v̂, then the step
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * g ** 2
    m_hat = m / (1 - beta_1 ** t)
    v_hat = v / (1 - beta_2 ** t)
    w = w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)
    return w, m, v
    ### END SOLUTION


# %%
optimizers.check_step_rule(adam_step, "adam")

# %% [markdown]
# ## Step 4 · Your Adam against Keras's
#
# Keras writes Adam differently: it folds the bias corrections into the learning rate and adds ε
# to √v instead of √v̂ (lesson, "Where the slides write it differently"). With **ε = 0** the two forms
# are the same rule. Check it: run *your* `adam_step` for 100 steps on the long narrow valley, from
# its start, with `learning_rate=0.1` and `epsilon=0.0`, and collect every point in `path`, an array
# of shape (101, 2) that starts with the start point. The gradient at a point (x, y) is
# `surface.grad(x, y)`.

# %%
surface = optimizer_race.SURFACES["valley"]
### BEGIN SOLUTION: 100 steps of your adam_step from surface.start; path holds the 101 points
w, m, v = np.array(surface.start), np.zeros(2), np.zeros(2)
path = [w]
for t in range(1, 101):
    g = np.array(surface.grad(*w))
    w, m, v = adam_step(w, m, v, g, t, learning_rate=0.1, epsilon=0.0)
    path.append(w)
path = np.array(path)
### END SOLUTION

# %%
keras_form = optimizer_race.run_optimizer(surface, optimizers.Adam(learning_rate=0.1, epsilon=0.0), 100)
checks.check_value("path", path, keras_form.path,
                   hint="start the path with the start point, count t from 1, and pass epsilon=0.0 to adam_step.")

# %% [markdown]
# `optimizers.Adam` does exactly what `keras.optimizers.Adam` does (the lesson checks it bit for bit),
# so your slide-form Adam walks Keras's path. With Keras's default ε = 1e-7 the two forms part ways —
# by how much, on this run?

# %%
def adam_path(step, epsilon, steps=100, learning_rate=0.1):
    """The points of ``steps`` Adam steps with ``step`` (your adam_step) from the valley's start."""
    w, m, v = np.array(surface.start), np.zeros(2), np.zeros(2)
    points = [w]
    for t in range(1, steps + 1):
        w, m, v = step(w, m, v, np.array(surface.grad(*w)), t, learning_rate=learning_rate, epsilon=epsilon)
        points.append(w)
    return np.array(points)


keras_default = optimizer_race.run_optimizer(surface, optimizers.Adam(learning_rate=0.1), 100)
gap = np.abs(adam_path(adam_step, 1e-7) - keras_default.path).max()
print(f"largest distance between the slides' Adam and Keras's Adam, ε = 1e-7, 100 steps: {gap:.1e}")

# %% [markdown]
# ## Your optimizers in the race
#
# Your two functions, and plain SGD, on the valley (learning rate 0.1 for SGD and momentum, 0.2 for Adam):

# %%
def momentum_path(steps=100, learning_rate=0.1, momentum=0.9):
    w, v = np.array(surface.start), np.zeros(2)
    points = [w]
    for _ in range(steps):
        w, v = momentum_step(w, v, np.array(surface.grad(*w)), learning_rate=learning_rate, momentum=momentum)
        points.append(w)
    return np.array(points)


paths = {"your momentum": momentum_path(), "your Adam": adam_path(adam_step, 1e-7, learning_rate=0.2),
         "SGD": optimizer_race.run_optimizer(surface, optimizers.SGD(learning_rate=0.1), 100).path}
fig, ax = plt.subplots(figsize=(8, 6))
optimizer_race.draw_contours(ax, surface)
for label, points in paths.items():
    ax.plot(points[:, 0], points[:, 1], marker=".", markersize=3, label=label)
ax.set_title("100 steps on the long narrow valley f = x²/20 + 2y²")
ax.legend()
plt.show()
for label, points in paths.items():
    print(f"{label:<14} ends {np.hypot(*points[-1]):.4f} from the minimum")

# %% [markdown]
# ## Done
#
# You wrote SGD with momentum and Adam, checked them for 200 steps against the reference, and saw
# that the slides' Adam and Keras's Adam are the same rule once ε = 0. Lesson 07 trains a whole
# network on MNIST, with Keras and from scratch — using these same optimizers.
