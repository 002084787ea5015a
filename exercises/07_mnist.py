# %% [markdown]
# # Exercise 07 · From pixels to a classifier's loss, and its gradient
#
# Companion to `notebooks/07_mnist.ipynb`. Each step says what to compute and why; the code is
# yours to write. How to work:
#
# 1. Write your code in the cell marked `TODO` (replace `raise NotImplementedError`) and run it.
# 2. Run the check under it: ✅ means the step is right; ❌ names what is off and gives a first hint.
# 3. Stuck? `ex.<step>.hint()` gives the next hint — first the idea, then the formula or the NumPy
#    function to use, then code. `ex.<step>.solution()` shows the worked solution of that one step.
#
# Run the cells in order: a step that is not finished stops the notebook with a short note.
#
# You will prepare MNIST images for a dense layer, encode labels **one-hot** (원-핫 인코딩), turn
# scores into probabilities with **softmax**, score them with the **cross-entropy** (크로스 엔트로피)
# and the **accuracy**, write the **gradient** that trains the output layer and verify it against a
# numerical gradient, and finally read three training curves.

# %% tags=["colab-bootstrap"]
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %%
import matplotlib.pyplot as plt
import numpy as np

from course_lib import checks
from course_lib.exercises import mnist as ex

checks.friendly_errors(ex.EXPLAINERS)
images, labels = ex.first_images()  # the first 100 MNIST training images and their labels
print(f"images {images.shape} of {images.dtype}, pixel values {images.min()} … {images.max()}")
print(f"labels {labels.shape} of {labels.dtype}: {labels[:10]} …")

# %%
fig = plt.figure(figsize=(11, 1.6), layout="constrained")
print(ex.draw_digit_grid(fig, images[:10], labels[:10], title="The first ten training images"))
plt.show()

# %% [markdown]
# ## Step 1 · Pixels to rows
#
# A dense layer takes each example as one **row** of numbers. **Goal:** `x_small`, the 100 images
# above as a NumPy array of shape **(100, 784)** — each 28 × 28 image laid out row after row — of
# **floats between 0 and 1**: 0 for a blank pixel, 1 for the brightest possible one (255). Mind the
# dtype printed above: it holds only whole numbers.

# %%
# TODO: your code here. Stuck? Run ex.x_small.hint()
raise NotImplementedError("step 'x_small'")

# %%
ex.x_small.check(x_small)
print(f"x_small {x_small.shape} {x_small.dtype}, values {x_small.min():.1f} … {x_small.max():.1f}")

# %% [markdown]
# ## Step 2 · One-hot labels
#
# The network's last layer has one output per class, so a label becomes a row with one entry per
# class: **1** at the label's position, **0** everywhere else. **Goal:** `one_hot(labels, n_classes)`
# for labels given as a NumPy integer array of shape (N,) returns an array of shape
# **(N, n_classes)** holding the numbers 0 and 1 — floats, as Keras uses, or integers; not True/False.
# Use the argument `n_classes`: a batch may not contain the largest class, yet it still needs its
# column.

# %%
def one_hot(labels, n_classes):
    """Integer labels (N,) → one-hot rows (N, n_classes) of floats."""
    # TODO: your code here. Stuck? Run ex.one_hot.hint()
    raise NotImplementedError("step 'one_hot'")


# %%
ex.one_hot.check(one_hot)
print("the first labels", labels[:3], "→\n", one_hot(labels[:3], 10))

# %% [markdown]
# ## Step 3 · Softmax, for a batch, without overflow
#
# A layer gives each example one score per class; **softmax** turns each row of scores
# $H_1 \dots H_k$ into probabilities that add up to 1:
#
# $$P_i = \frac{e^{H_i}}{\sum_j e^{H_j}}$$
#
# **Goal:** `softmax(H)` for a batch of scores of shape **(N, k)** — one example per row — returning
# probabilities of the same shape, each row adding up to 1. It must work for scores as large as
# ±1000, even far apart in the same row (they do occur in training). Run the next cell first:

# %%
with np.errstate(over="ignore", invalid="ignore"):  # NumPy warns about both: that is the point here
    huge = np.exp(np.float64(1000))
    print("e^1000 as a float:", huge, "  e^1000 / e^1000:", huge / huge)
print("the same fraction after subtracting 1000 from both exponents:", np.exp(0.0) / np.exp(0.0))

# %% [markdown]
# Multiplying the numerator and the denominator by the same $e^{-m}$ changes nothing — and with $m$
# the row's largest score, no exponent is above 0.

# %%
def softmax(H):
    """Probability rows from score rows (N, k), stable for huge scores."""
    # TODO: your code here. Stuck? Run ex.softmax.hint()
    raise NotImplementedError("step 'softmax'")


# %%
ex.softmax.check(softmax)

# %% [markdown]
# ## Step 4 · Predict: one bias grows by 1
#
# The slides' iris example: a trained layer with weights `W` (3 × 4) and biases `b` = (b₁, b₂, b₃)
# scores one flower `x` of class `iris_label` (classes count from 0). The lesson's table of its scores
# and probabilities:

# %%
W, b, x, iris_label = ex.iris()
iris_table = ex.iris_scores()
print(f"class {iris_label}; scores H = {np.round(iris_table['H'], 4)}, probabilities P = {np.round(iris_table['P'], 4)}")

# %% [markdown]
# The slide asks: **what happens to the three probabilities if b₂ grows by 1?** Decide before
# computing anything, and set `bias_change` to one of
# `"only P2 changes"`, `"P2 up, P1 and P3 down"`, `"all three rise"`, `"P2 is multiplied by e"`.

# %%
# TODO: your code here. Stuck? Run ex.bias_change.hint()
raise NotImplementedError("step 'bias_change'")

# %%
ex.bias_change.check(bias_change)

# %% [markdown]
# ## Step 5 · Cross-entropy, for integer or one-hot labels
#
# The loss of a classifier is the **cross-entropy**: for each example, minus the natural logarithm
# of the probability it gave the **true** class, then the **mean over the examples**. With one-hot
# rows $y$ it reads $-\sum_j y_j \ln p_j$ per example (only the true class's term is not 0).
#
# **Goal:** `cross_entropy(P, Y)` with probability rows `P` of shape (N, k) and labels `Y` that are
# either integer classes of shape (N,) or one-hot rows of shape (N, k) — Keras has a loss for each
# (`sparse_categorical_crossentropy`, `categorical_crossentropy`). It returns one number.

# %%
def cross_entropy(P, Y):
    """Mean over the examples of −ln(probability of the true class); Y integer (N,) or one-hot (N, k)."""
    # TODO: your code here. Stuck? Run ex.cross_entropy.hint()
    raise NotImplementedError("step 'cross_entropy'")


# %%
ex.cross_entropy.check(cross_entropy)

# %% [markdown]
# ## Step 6 · The slides' iris losses
#
# With **your** `softmax` and `cross_entropy`, compute for the iris flower (class `iris_label`):
#
# * `L`: its loss;
# * `L_plus`: its loss after b₂ grows by 1 (b₂ is the *second* bias);
# * `L_log10`: the loss the slide printed, which used the base-10 logarithm. Use
#   $\log_{10} p = \ln p / \ln 10$.
#
# Your `softmax` takes rows: the flower's three scores form a batch of one row.

# %%
# TODO: your code here. Stuck? Run ex.iris_losses.hint()
raise NotImplementedError("step 'iris_losses'")

# %%
ex.iris_losses.check(L, L_plus, L_log10)
print(f"L = {L:.5f} (natural log), {L_log10:.5f} (base 10, as on the slide); after b2 + 1: L = {L_plus:.5f}")

# %% [markdown]
# The loss went *up* after b₂ + 1: the probability of the true class went down (Step 4). The slide's
# base-10 numbers are smaller by the factor ln 10, and so would be every gradient computed from them.
#
# ## Step 7 · Accuracy
#
# The predicted class of an example is the class with the largest probability. **Goal:**
# `accuracy(P, Y)` — probability rows `P` (N, k) and one-hot labels `Y` (N, k), the format Keras
# trains on — returns the **fraction** of examples whose predicted class is the true class: one
# number between 0 and 1.

# %%
def accuracy(P, Y):
    """Fraction of rows whose most probable class is the true class; Y one-hot (N, k)."""
    # TODO: your code here. Stuck? Run ex.accuracy.hint()
    raise NotImplementedError("step 'accuracy'")


# %%
ex.accuracy.check(accuracy)

# %% [markdown]
# ## Step 8 · Derive: the loss of a network that knows nothing
#
# A network that has learned nothing gives every one of the 10 digits about the same probability.
# **Before computing it:** what cross-entropy should such a network have on MNIST? Set
# `expected_loss` to that number (a formula in NumPy is fine).

# %%
# TODO: your code here. Stuck? Run ex.expected_loss.hint()
raise NotImplementedError("step 'expected_loss'")

# %%
ex.expected_loss.check(expected_loss)

# %% [markdown]
# ## Step 9 · An untrained network on MNIST
#
# Check your prediction. `W_random` holds tiny random weights (784 × 10) of a layer that has learned
# nothing. With **your** functions from Steps 1–7, compute for the 100 images of `x_small`:
# the scores (one row per image, one column per digit), the probabilities, and then
# `untrained_loss` (cross-entropy against the labels) and `untrained_accuracy`.

# %%
W_random = ex.random_weights()
print(f"W_random {W_random.shape}, x_small {x_small.shape}, labels {labels.shape}")

# %%
# TODO: your code here. Stuck? Run ex.untrained.hint()
raise NotImplementedError("step 'untrained'")

# %%
ex.untrained.check(untrained_loss, untrained_accuracy)
print(f"untrained loss {untrained_loss:.4f} (ln 10 = {np.log(10):.4f}); accuracy {untrained_accuracy:.0%} "
      f"(guessing: {1 / 10:.0%})")

# %% [markdown]
# ## Step 10 · The gradient of softmax + cross-entropy
#
# Training moves every score H against the gradient of the loss. **Goal:**
# `softmax_cross_entropy_backward(H, Y)`: for scores `H` (N, k) and one-hot labels `Y` (N, k), return
# $\partial L / \partial H$, an array of shape (N, k), where $L$ is the **mean** cross-entropy of
# `softmax(H)` over the N examples (Step 5).
#
# Derive it first, on paper, for one example. Its loss $L_1 = -\sum_j y_j \ln P_j$ depends on the scores
# through the probabilities $P = \mathrm{softmax}(H)$, with
#
# $$\frac{\partial L_1}{\partial P_j} = -\frac{y_j}{P_j}, \qquad
#   \frac{\partial P_j}{\partial H_i} = P_j\,(\delta_{ij} - P_i)\quad(\delta_{ij} = 1 \text{ if } i = j,
#   \text{ else } 0).$$
#
# The chain rule sums their products over j; a one-hot row adds up to 1. The result is short. Then
# the mean over the N examples. Scores may be as large as 1000; you may call your `softmax`.
#
# The check compares your gradient with a **numerical gradient** (central differences
# $(L(H + h) - L(H - h)) / 2h$, one score at a time) and prints the relative error.

# %%
def softmax_cross_entropy_backward(H, Y):
    """∂L/∂H (N, k) of L = mean cross-entropy of softmax(H) against one-hot Y (N, k)."""
    # TODO: your code here. Stuck? Run ex.softmax_cross_entropy_backward.hint()
    raise NotImplementedError("step 'softmax_cross_entropy_backward'")


# %%
ex.softmax_cross_entropy_backward.check(softmax_cross_entropy_backward)

# %% [markdown]
# Your gradient is all a softmax output layer needs to learn. The next cell trains a 784 → 10
# softmax layer by plain gradient descent on the first training images, with **your** function giving
# ∂L/∂H (the weights' gradients follow from it as in lesson 05), and measures it on other images. It
# runs only once your gradient passes the check above:

# %%
n_train = 1000
losses, valid_accuracy = ex.train_softmax_regression(softmax_cross_entropy_backward, n=n_train)
print(f"{n_train} training images: training loss {losses[0]:.3f} → {losses[-1]:.3f} in {len(losses)} steps; "
      f"validation accuracy {valid_accuracy:.1%} on the next {ex.N_VALID} images")

# %% [markdown]
# ## Step 11 · Diagnose three training curves
#
# Three networks were trained on MNIST for the same number of epochs (computed in the next cell, in
# a second or two). Their training loss is dashed, their validation loss solid. For each run decide:
# `"overfitting"`, `"underfitting"` or `"good fit"`, and set `run_a`, `run_b`, `run_c`. What each run
# was is shown after the check.

# %%
runs = ex.training_runs()

# %% tags=["nbval-ignore-output"]
print(ex.show_runs(runs, title="Three runs on MNIST"))

# %%
print("every run has", {name: len(run["val_loss"]) for name, run in runs.items()}, "epochs; losses in 0 … 3:",
      all(0 <= v <= 3 for run in runs.values() for v in run["loss"] + run["val_loss"]))

# %%
# TODO: your code here. Stuck? Run ex.diagnosis.hint()
raise NotImplementedError("step 'diagnosis'")

# %%
ex.diagnosis.check(run_a, run_b, run_c)
print(ex.run_settings())

# %% [markdown]
# Run A had a big network and very few training images: it memorised them. Run C squeezed every image
# through a couple of hidden units: too small to fit even its training images. Run B, a single softmax
# layer on many more images, generalises: its two curves stay together.
#
# ## Done
#
# You prepared images and labels, wrote a stable softmax, the cross-entropy in both label formats,
# the accuracy, and the gradient that trains a softmax output layer — verified against central
# differences, as every hand-derived gradient should be. Keras's `softmax` output layer with
# `categorical_crossentropy` computes exactly these. Next: exercise 08 builds and trains a whole
# classifier on a new dataset, designed by you.
