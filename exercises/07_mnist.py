# %% [markdown]
# # Exercise 07 · Softmax, one-hot labels and cross-entropy
#
# Companion to `notebooks/07_mnist.ipynb`. Fill in each cell marked `TODO`, run it, then run the
# check under it: ✅ means the step is right; ❌ says what is off and gives a hint. Run the cells
# in order — a step that is not finished stops the notebook with a short note.
#
# You will write the three pieces every classifier's output needs: **softmax** (scores →
# probabilities), **one-hot** labels (원-핫 인코딩) and the **cross-entropy** loss (크로스 엔트로피) —
# then use them on the slides' iris example and on MNIST.

# %% tags=["colab-bootstrap"]
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %%
import numpy as np

from course_lib import checks, classification, data, mnist_mlp

checks.friendly_errors()
iris = classification.IRIS
W, b, x = iris["W"], iris["b"], iris["x"]  # the slides' trained 4 → 3 layer and one flower of class 2
print(f"W {W.shape}, b {b.shape}, x {x.shape}, label {iris['label']}")

# %% [markdown]
# ## Step 1 · Softmax by hand, for the iris flower
#
# Compute the three scores **H = W·x + b** (one per class; `@` is the matrix product), then the
# probabilities **P = exp(H) / Σ exp(H)**. Both are NumPy arrays of 3 numbers.

# %%
# TODO: H = W @ x + b, then P = np.exp(H) / (the sum of np.exp(H))
raise NotImplementedError('H = W @ x + b, then P = np.exp(H) / (the sum of np.exp(H))')

# %%
reference = classification.softmax_table(W, b, x)
checks.check_value("H", H, reference["H"], hint="W @ x gives the three weighted sums; add the biases b.")
checks.check_value("P", P, reference["P"], hint="exponentiate every score, then divide by the sum of the exponentials.")
print(f"P adds up to {P.sum():.6f}; most probable class: {P.argmax()}")

# %% [markdown]
# ## Step 2 · A softmax that never overflows
#
# `np.exp(1000)` is too large for a float: it becomes `inf`, and `inf / inf` is `nan`. Scores that
# large do happen in training. The cure: subtract the **largest score** first. That changes nothing
# mathematically (e^(H − m) / Σ e^(H − m) = e^H / Σ e^H: the factor e^(−m) cancels) but the largest
# exponent is now e⁰ = 1.
#
# Write `softmax(scores)` for one row of scores (shape `(k,)`) **and** for a batch of rows
# (shape `(n, k)`, one softmax per row). Hint: work along the last axis, `axis=-1`, with
# `keepdims=True` so that the row maxima and sums broadcast against the scores.

# %%
def softmax(scores):
    """Probabilities from scores along the last axis, stable for huge scores."""
    # TODO: subtract each row's max (axis=-1, keepdims=True), exponentiate, divide by the row sums
    raise NotImplementedError("subtract each row's max (axis=-1, keepdims=True), exponentiate, divide by the row sums")


# %%
checks.check_function(
    softmax, classification.softmax,
    [(reference["H"],), (np.array([1000.0, 1001.0, 1002.0]),), (np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]),),
     (np.array([[-1000.0, 0.0, 1000.0], [5.0, -5.0, 0.0]]),), (np.array([[1e4, -1e4]]),)],
    hint="scores - scores.max(axis=-1, keepdims=True) before np.exp; divide by e.sum(axis=-1, keepdims=True).")

# %% [markdown]
# ## Step 3 · One-hot labels
#
# Write `one_hot(labels, num_classes)`: for integer labels of shape `(n,)` return an array of
# shape `(n, num_classes)`, all zeros except a 1 in row i at column `labels[i]`.
# (Fancy indexing sets all the ones at once: `codes[np.arange(n), labels] = 1`.)

# %%
def one_hot(labels, num_classes):
    """Integer labels → one-hot rows."""
    # TODO: start from np.zeros((n, num_classes)) and put a 1 at [row, label] for every row
    raise NotImplementedError('start from np.zeros((n, num_classes)) and put a 1 at [row, label] for every row')


# %%
(_, mnist_labels), _ = data.load_mnist()
checks.check_function(
    one_hot, classification.one_hot,
    [(np.array([0, 3, 9]), 10), (np.array([2, 0, 1, 1]), 3), (mnist_labels[:8], 10), (np.array([4]), 5)],
    hint="np.zeros((len(labels), num_classes)), then codes[np.arange(len(labels)), labels] = 1.")
print("the first MNIST labels", mnist_labels[:3], "→\n", one_hot(mnist_labels[:3], 10))

# %% [markdown]
# ## Step 4 · Cross-entropy, for integer *or* one-hot labels
#
# Write `cross_entropy(probs, labels)`: `probs` has one row of probabilities per example
# (shape `(n, k)`); `labels` is either integer classes of shape `(n,)` or one-hot rows of shape
# `(n, k)`. Return the **mean over the examples** of −ln(probability of the true class), a single
# number, with the **natural** logarithm `np.log`.
#
# * one-hot labels: −Σⱼ yⱼ·ln pⱼ per row (every term but the true class's is 0);
# * integer labels: pick each row's probability at its label, `probs[np.arange(n), labels]`.
#
# Tell the two apart by the number of dimensions: `labels.ndim == 2` means one-hot.

# %%
def cross_entropy(probs, labels):
    """Mean cross-entropy of probability rows against integer or one-hot labels."""
    # TODO: if labels.ndim == 2 (one-hot): mean of -sum(labels * log(probs), axis=1); else: mean of -log(probs[np.arange(n), labels])
    raise NotImplementedError('if labels.ndim == 2 (one-hot): mean of -sum(labels * log(probs), axis=1); else: mean of -log(probs[np.arange(n), labels])')


# %%
batch_probs = classification.softmax(np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [1.0, 1.0, 1.0], [0.0, 0.2, 3.0]]))
batch_labels = np.array([0, 1, 2, 2])
checks.check_function(
    cross_entropy, classification.cross_entropy,
    [(batch_probs, batch_labels), (batch_probs, classification.one_hot(batch_labels, 3)),
     (reference["P"][None, :], np.array([2])), (reference["P"][None, :], np.array([[0.0, 0.0, 1.0]]))],
    hint="one number: the mean over the rows; integer labels pick probs[np.arange(n), labels]; "
         "one-hot labels multiply and sum along axis=1. Use np.log (natural log).")

# %% [markdown]
# ## Step 5 · The slides' iris loss, and the log the slides used
#
# With *your* functions: compute the iris flower's loss `L` (label 2), then the loss `L_plus` after
# the slide's change "b2 + 1". Finally `L_log10`: the loss the slide would print with base-10
# logarithms (hint: log₁₀ p = ln p / ln 10).

# %%
# TODO: softmax of W @ x + b as one row, cross_entropy with label [2]; the same with b + [0, 1, 0]; then divide L by np.log(10)
raise NotImplementedError('softmax of W @ x + b as one row, cross_entropy with label [2]; the same with b + [0, 1, 0]; then divide L by np.log(10)')

# %%
y2 = classification.one_hot([2], 3)
P_plus = classification.softmax_table(W, b + np.array([0.0, 1.0, 0.0]), x)["P"]
checks.check_value("L", L, classification.categorical_cross_entropy(y2, reference["P"]),
                   hint="−ln of the probability of class 2.")
checks.check_value("L_plus", L_plus, classification.categorical_cross_entropy(y2, P_plus),
                   hint="add 1 to the second bias only, b + np.array([0, 1, 0]).")
checks.check_value("L_log10", L_log10, classification.categorical_cross_entropy(y2, reference["P"], log=np.log10),
                   hint="divide the natural-log loss by np.log(10).")
print(f"L = {L:.5f} (natural log), {L_log10:.5f} (base 10); after b2 + 1: L = {L_plus:.5f}")

# %% [markdown]
# Compare with the lesson: the slide printed the base-10 numbers. The loss went up after b2 + 1
# because the probability of the true class went down.
#
# ## Step 6 · An untrained network's loss on MNIST
#
# A network that knows nothing gives every digit about the same probability, 1/10, so its loss
# should be about −ln(1/10) = ln 10. Check it: for the first 100 MNIST training images
# (`x_mnist`, already flattened and divided by 255), compute scores with tiny random weights
# `W_random` (784 × 10), the probabilities with your `softmax`, the one-hot labels with your
# `one_hot`, and the loss with your `cross_entropy`. Store it in `untrained_loss`.

# %%
(mnist_images, _), _ = data.load_mnist()
x_mnist, labels_mnist = mnist_mlp.prepare_images(mnist_images[:100]), mnist_labels[:100]
W_random = np.random.default_rng(0).normal(scale=0.001, size=(784, 10))
print(f"x_mnist {x_mnist.shape}, labels {labels_mnist.shape}, ln 10 = {np.log(10):.4f}")

# %%
# TODO: scores = x_mnist @ W_random, then softmax, one_hot(labels_mnist, 10) and cross_entropy
raise NotImplementedError('scores = x_mnist @ W_random, then softmax, one_hot(labels_mnist, 10) and cross_entropy')

# %%
checks.check_value(
    "untrained_loss", untrained_loss,
    classification.cross_entropy(classification.softmax(x_mnist @ W_random), classification.one_hot(labels_mnist, 10)),
    rtol=1e-5, hint="scores = x_mnist @ W_random (100 × 10); then your softmax, one_hot(labels_mnist, 10), cross_entropy.")
print(f"untrained loss {untrained_loss:.4f}, close to ln 10: {abs(untrained_loss - np.log(10)) < 0.01}")

# %% [markdown]
# ## Done
#
# You wrote a numerically stable softmax, one-hot encoding and the cross-entropy for both label
# formats — exactly what Keras's `softmax` output layer and its `categorical_crossentropy` /
# `sparse_categorical_crossentropy` losses do. A training loop lowers this loss from about ln 10
# towards 0. Next: the American Sign Language exercise (08) does the whole pipeline on a new
# dataset.
