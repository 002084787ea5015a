# %% [markdown]
# # Exercise 06 · Momentum, RMSProp and Adam, written by you
#
# Companion to `notebooks/06_optimizers.ipynb`. Each step says what to compute and why, with the
# update rule as a formula; the code is yours to write. How to work:
#
# 1. Write your code in the cell marked `TODO` (replace `raise NotImplementedError`) and run it.
# 2. Run the check under it: ✅ means the step is right; ❌ names what is off and gives a first hint.
#    The update rules are checked against lesson 06's optimizers on single steps with several
#    settings, then over many steps on two weight arrays at once; a usual slip (a flipped sign, a
#    stale velocity, ε in the wrong place, no bias correction…) is named.
# 3. Stuck? `ex.<step>.hint()` gives the next hint — first the idea, then the formula or the NumPy
#    function to use, then code. `ex.<step>.solution()` shows the worked solution of that one step.
#
# Two steps ask for a prediction before you run anything; the check says why each answer is right
# or wrong. Run the cells in order: a step that is not finished stops the notebook with a short note.

# %% tags=["colab-bootstrap"]
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %%
import matplotlib.pyplot as plt
import numpy as np

from course_lib import checks, keras_parity, optimizer_race, optimizers
from course_lib.exercises import optimizers as ex

checks.friendly_errors()
w, v = ex.W0, 0.0
learning_rate, momentum = ex.LEARNING_RATE, ex.MOMENTUM
g1, g2 = ex.GRADIENTS
print(f"start w = {w}, v = {v}; learning_rate = {learning_rate}, momentum = {momentum}; gradients {g1}, then {g2}")

# %% [markdown]
# ## Step 1 · Two momentum steps by hand
#
# Keras writes SGD with momentum (모멘텀) with a **velocity** v that *is* the step: with learning
# rate η (`learning_rate`) and momentum μ (`momentum`), at every step
#
# $$v \leftarrow \mu\, v - \eta\, g, \qquad w \leftarrow w + v .$$
#
# **Goal:** starting from the values printed above, take two steps — the first with gradient `g1`,
# the second with `g2` — and store the velocity and weight after each as plain numbers `v1, w1`
# (after the first step) and `v2, w2` (after the second).

# %%
# TODO: your code here. Stuck? Run ex.momentum_by_hand.hint()
raise NotImplementedError("step 'momentum_by_hand'")

# %%
ex.momentum_by_hand.check(v1, w1, v2, w2)
print(f"v1 = {v1:.4f}, w1 = {w1:.4f}, v2 = {v2:.4f}, w2 = {w2:.4f}")

# %% [markdown]
# The second step is larger than the first although its gradient is smaller: the velocity carries
# part of the first step along. That memory is what lets momentum build up speed in a long valley.
#
# ## Step 2 · `momentum_step`
#
# **Goal:** the same rule as a function. `momentum_step(w, v, g, learning_rate, momentum)` gets
# the weights `w`, the velocity `v` and the gradient `g` — NumPy arrays of one shape, or plain
# floats — and **returns** the new `(w, v)`. It must not change the arrays it is given (the caller
# still owns them), and it must use its arguments `learning_rate` and `momentum`: the check calls it
# with other settings, with an integer weight array, and then over many steps on two weight arrays at
# once, each with its own velocity.

# %%
def momentum_step(w, v, g, learning_rate=0.01, momentum=0.9):
    """One step of SGD with momentum in Keras's convention; returns the new (w, v)."""
    # TODO: your code here. Stuck? Run ex.momentum_step.hint()
    raise NotImplementedError("step 'momentum_step'")


# %%
ex.momentum_step.check(momentum_step)

# %% [markdown]
# ## Step 3 · `rmsprop_step`
#
# RMSProp gives every weight its own step size. It keeps `s`, an exponential moving average of the
# **squared** gradient (each entry squared on its own), and divides the gradient by its root; with
# decay ρ (`rho`) and a small ε (`epsilon`) that keeps the division finite,
#
# $$s \leftarrow \rho\, s + (1-\rho)\, g^2, \qquad w \leftarrow w - \eta\, \frac{g}{\sqrt{s + \epsilon}} .$$
#
# ε sits **inside** the square root here, as in Keras and on the slides. **Goal:**
# `rmsprop_step(w, s, g, learning_rate, rho, epsilon)` returns the new `(w, s)`, with the same
# rules as step 2 (new arrays, the arguments used).

# %%
def rmsprop_step(w, s, g, learning_rate=0.001, rho=0.9, epsilon=1e-7):
    """One RMSProp step (Keras's form, epsilon inside the root); returns the new (w, s)."""
    # TODO: your code here. Stuck? Run ex.rmsprop_step.hint()
    raise NotImplementedError("step 'rmsprop_step'")


# %%
ex.rmsprop_step.check(rmsprop_step)

# %% [markdown]
# ## Step 4 · Predict: SGD or RMSProp on the long narrow valley?
#
# Lesson 06's valley f = x²/20 + 2y² is 40 times steeper across (y) than along (x); its gradient is
# (x/10, 4y). Both optimizers start from the point printed below and take the same number of steps,
# each with its learning rate from lesson 06's race (printed too; the race at the end of this notebook
# uses the same ones). **Before running anything**, predict which ends with the lower loss: set `valley_winner` to `"SGD"`, `"RMSProp"` or `"about the same"`. Think about the size
# of each step along the valley.

# %%
surface = ex.valley()
start_loss = surface.f(*np.array(surface.start))
print(f"{surface.title}: {surface.formula}, start {surface.start}, loss there {start_loss:.3f}")
print(f"curvature across / along the valley: {4 / (1 / 10):g}")
rates = ex.race_learning_rates()
print(f"the race: {ex.RACE_STEPS} steps each, learning rate {rates['SGD']} for SGD, {rates['RMSProp']} for RMSProp")

# %%
# TODO: your code here. Stuck? Run ex.valley_winner.hint()
raise NotImplementedError("step 'valley_winner'")

# %%
ex.valley_winner.check(valley_winner)

# %% [markdown]
# The check ran both with lesson 06's optimizers; the race below runs your own functions.
#
# ## Step 5 · Predict: Adam's first step
#
# Adam combines momentum's average of g with RMSProp's average of g², and corrects both for
# starting at zero. As the slides write it, with t = 1, 2, … counting the steps:
#
# $$m \leftarrow \beta_1 m + (1-\beta_1)\, g \qquad v \leftarrow \beta_2 v + (1-\beta_2)\, g^2$$
# $$\hat m = \frac{m}{1-\beta_1^{\,t}} \qquad \hat v = \frac{v}{1-\beta_2^{\,t}} \qquad
#   w \leftarrow w - \eta\,\frac{\hat m}{\sqrt{\hat v} + \epsilon}$$
#
# Here ε is added **after** the root. Take the first step (t = 1, m = v = 0) with the learning rate
# and the gradients printed below, gradients a million times apart. **Predict:** does the size of
# that first step depend on the size of the gradient? Set `adam_first_step` to `"yes"` or `"no"`.

# %%
print(f"learning rate {ex.FIRST_LR}; gradients", ", ".join(f"{g:g}" for g in ex.SCALES))

# %%
# TODO: your code here. Stuck? Run ex.adam_first_step.hint()
raise NotImplementedError("step 'adam_first_step'")

# %%
ex.adam_first_step.check(adam_first_step)

# %% [markdown]
# ## Step 6 · `adam_step`, as the slides write it
#
# **Goal:** `adam_step(w, m, v, g, t, learning_rate, beta_1, beta_2, epsilon)` makes one step of
# the rule of step 5 and returns the new `(w, m, v)`: the moving averages m and v themselves, not
# the corrected m̂ and v̂ (those are recomputed from m and v at every step). `t` is given: it is 1 at
# the first step. Same rules as before: new arrays, every argument used.

# %%
def adam_step(w, m, v, g, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """One Adam step as the slides write it (t = 1 for the first step); returns the new (w, m, v)."""
    # TODO: your code here. Stuck? Run ex.adam_step.hint()
    raise NotImplementedError("step 'adam_step'")


# %%
ex.adam_step.check(adam_step)

# %% [markdown]
# Your prediction of step 5, run with your own `adam_step` — the first step from w = 0 for
# gradients a million times apart:

# %%
for gradient in ex.SCALES:
    first_w, _, _ = adam_step(0.0, 0.0, 0.0, gradient, 1, learning_rate=ex.FIRST_LR)
    print(f"gradient {gradient:>7g}: first step {abs(first_w):.6f}")

# %% [markdown]
# ## Step 7 · A whole Adam path
#
# **Goal:** `adam_path(surface, steps, learning_rate, epsilon)` runs *your* `adam_step` `steps`
# times from `surface.start` (an (x, y) pair), with the gradient `surface.grad(x, y)` taken at the
# current point, and returns every point visited as a NumPy array of shape `(steps + 1, 2)`: the
# start first, then one row per step. Pass `learning_rate` and `epsilon` on to `adam_step`, and
# keep Adam's state from one step to the next. The check runs it on two surfaces.

# %%
def adam_path(surface, steps, learning_rate=0.1, epsilon=0.0):
    """The start and the points after each of ``steps`` steps of adam_step on ``surface``."""
    # TODO: your code here. Stuck? Run ex.adam_path.hint()
    raise NotImplementedError("step 'adam_path'")


# %%
ex.adam_path.check(adam_path)

# %% [markdown]
# ## Your Adam against Keras's
#
# Keras writes Adam differently: it folds the bias corrections into the learning rate and adds ε
# to √v instead of √v̂ (lesson 06, "Where the slides write it differently"). `optimizers.Adam` does
# exactly what `keras.optimizers.Adam` does. With ε = 0 the two forms are the same rule; with
# Keras's default ε = 1e-7 they part, a little:

# %% [markdown]
# *(The last digits of these distances can differ between machines, so the next cell's output is
# not compared in CI; the cell after it checks their range.)*

# %% tags=["nbval-ignore-output"]
def gap_to_keras(epsilon, steps=100, learning_rate=0.1):
    """The largest distance between your Adam's path and Keras's form, over ``steps`` steps."""
    keras_form = optimizer_race.run_optimizer(surface, optimizers.Adam(learning_rate, epsilon=epsilon), steps)
    return np.abs(adam_path(surface, steps, learning_rate, epsilon) - keras_form.path).max()


gaps = {epsilon: gap_to_keras(epsilon) for epsilon in (0.0, 1e-7)}
for epsilon, gap in gaps.items():
    print(f"ε = {epsilon:g}: largest distance between your path and Keras's over 100 steps: "
          f"{keras_parity.format_gap(gap)}")

# %%
if not gaps[0.0] < 1e-9 < 1e-7 < gaps[1e-7] < 1e-4:
    raise checks.failure("these distances are not what the slides' Adam gives: run the checks of "
                         "adam_step and adam_path above, and fix what they report.")
print("ε = 0: the same path to rounding (below 1e-9); ε = 1e-7: apart by between 1e-7 and 1e-4 ✓")

# %% [markdown]
# ## Your optimizers in the race
#
# Your three functions, and lesson 06's plain SGD, 100 steps each on the valley, with the learning
# rates of the lesson's race: one for the SGD family (SGD, momentum), one for the adaptive family
# (RMSProp, Adam), printed below.

# %%
def race_path(rule, steps=100):
    """The points of ``steps`` steps of your momentum, RMSProp or Adam from the valley's start."""
    if rule == "your Adam":
        return adam_path(surface, steps, learning_rate=surface.adaptive_lr, epsilon=1e-7)
    w, state = np.array(surface.start, dtype=float), np.zeros(2)
    points = [w]
    for _ in range(steps):
        g = np.array(surface.grad(*w))
        if rule == "your momentum":
            w, state = momentum_step(w, state, g, learning_rate=surface.sgd_lr, momentum=0.9)
        else:
            w, state = rmsprop_step(w, state, g, learning_rate=surface.adaptive_lr)
        points.append(w)
    return np.array(points)


print(f"learning rates: SGD family {surface.sgd_lr}, adaptive family {surface.adaptive_lr}")
paths = {rule: race_path(rule) for rule in ("your momentum", "your RMSProp", "your Adam")}
paths["SGD (lesson)"] = optimizer_race.run_optimizer(surface, optimizers.SGD(surface.sgd_lr), 100).path
fig, ax = plt.subplots(figsize=(8, 4))
optimizer_race.draw_contours(ax, surface)
for label, points in paths.items():
    ax.plot(points[:, 0], points[:, 1], marker=".", markersize=3, label=label)
ax.set_title(f"100 steps on the {surface.title} {surface.formula}")
ax.legend(fontsize="small")
plt.show()
final = {label: float(surface.f(*points[-1])) for label, points in paths.items()}
for label, loss in sorted(final.items(), key=lambda item: item[1]):  # lowest loss first
    print(f"{label:<14} ends at loss {loss:.2e}, {np.hypot(*paths[label][-1]):.4f} from the minimum")
print(f"lowest loss: {min(final, key=final.get)}; your RMSProp ends "
      f"{'below' if final['your RMSProp'] < final['SGD (lesson)'] else 'above'} plain SGD "
      "(step 4's check ran these same two runs)")

# %% [markdown]
# ## Done
#
# You wrote SGD with momentum, RMSProp and Adam, and predicted two of their behaviours: how RMSProp
# and plain SGD fare along the valley (step 4), and whether the size of Adam's first step depends on
# the gradient's size (step 5) — the outputs above show what happened. Which optimizer ends lowest
# depends on the surface, the learning rates and the number of steps: the race printed the order for
# these settings, and lesson 06's race lets you change them. You also saw that the slides' Adam and
# Keras's Adam are the same rule once ε = 0. Lesson 07 trains a whole network on MNIST, with Keras and
# from scratch, using these same optimizers.
