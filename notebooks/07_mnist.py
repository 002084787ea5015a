# ---
# jupyter:
#   rise:
#     scroll: true
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # 07 · MNIST: from regression to classification
#
# *How neural networks are trained*, lesson 7 of 8 · source: seed slides 001 ("회귀에서 분류로",
# "MNIST 모델", "크로스 엔트로피", "정리", "과적합"), 003 (the softmax classifier and its iris example)
# and 004 (one-hot encoding, the loss summary)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Until now every model predicted a *number*. Here it predicts a *class*: which digit 0–9 a
# 28 × 28 image shows. We will
#
# 1. load and look at the MNIST digits, flatten each image to 784 numbers, normalise them and
#    **one-hot encode** the labels;
# 2. see how **sigmoid** (two classes) and **softmax** (many classes) turn scores into
#    probabilities, with the slides' iris example, and why **cross-entropy** — not MSE — is the
#    loss for probabilities;
# 3. count the parameters of a dense network, train it with **Keras** and *the same network
#    from scratch in NumPy* (this course's layers and optimizer), and compare accuracy and speed;
# 4. read the mistakes (confusion matrix, misclassified digits) and provoke **overfitting** on
#    purpose, then reduce it.

# %% [markdown] slideshow={"slide_type": "subslide"}
# | term | 한국어 | meaning |
# |---|---|---|
# | classification | 분류 | predicting a class (a category) instead of a number |
# | one-hot encoding | 원-핫 인코딩 | class k ↦ a vector with a 1 at index k and 0 elsewhere |
# | sigmoid / softmax | 시그모이드 / 소프트맥스 | scores → a probability / probabilities that add up to 1 |
# | cross-entropy | 크로스 엔트로피 (교차 엔트로피) | −log(probability given to the true class), averaged |
# | training / validation / test data | 트레이닝 / 검증 / 테스트 데이터 | learn from / tune and watch with / report once on |
# | overfitting | 과적합 | good on the training data, worse on new data: memorisation |
# | confusion matrix | 혼동 행렬 | counts of (true class, predicted class) pairs |

# %% tags=["colab-bootstrap"] slideshow={"slide_type": "skip"}
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %% slideshow={"slide_type": "subslide"}
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from course_lib import classification, data, evaluation, gradient_descent, mnist_mlp, optimizers, presenter
from course_lib.display import Slide, Table, compare_with_slides, printed_input_rounding
from course_lib.seeding import set_seeds

rng = set_seeds(0, tensorflow=True)
tf.get_logger().setLevel("ERROR")  # keep TensorFlow's notes about re-tracing graphs out of the outputs

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The data: 70,000 handwritten digits
#
# `data.load_mnist()` returns the data exactly as `keras.datasets.mnist.load_data()` does: a
# training set and a test set, each a stack of 28 × 28 grey images (0 = black background,
# 255 = full ink) with their labels 0–9.

# %%
(train_images, train_labels), (test_images, test_labels) = data.load_mnist()
print(f"training images {train_images.shape} of {train_images.dtype}, labels {train_labels.shape}")
print(f"test images     {test_images.shape} of {test_images.dtype}, labels {test_labels.shape}")
print(f"pixel values {train_images.min()} … {train_images.max()}, classes {np.unique(train_labels)}")
print(f"training images per class: {np.bincount(train_labels)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The first twenty training images with their labels:

# %%
fig = plt.figure(figsize=(11, 2.9), layout="constrained")
print(mnist_mlp.draw_digit_grid(fig, train_images[:20], train_labels[:20]))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# To the network an image is only numbers. Here is the middle of the first image (a 5): the ink
# is where the values are large.

# %%
print(train_images[0, 6:22, 6:22])

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Preparing the data: reshape, normalise, one-hot
#
# A dense layer takes a *row* of numbers, so each 28 × 28 image is flattened ("쭉 늘여서") into
# 784 numbers. Dividing by 255 puts them between 0 and 1 (normalising, 정규화): large raw inputs
# would make the first steps of training jump around. `float32` is what Keras computes in.

# %%
x_all = train_images.reshape(-1, 28 * 28).astype("float32") / 255
x_test = test_images.reshape(-1, 28 * 28).astype("float32") / 255
print(f"x_all {x_all.shape} {x_all.dtype}, values {x_all.min():.1f} … {x_all.max():.1f}")
print(f"the same as course_lib's prepare_images: {np.array_equal(x_all, mnist_mlp.prepare_images(train_images))}")

# %% [markdown]
# The label becomes a **one-hot** vector (원-핫 인코딩, "범주형(categorical)으로 타깃팅"): one entry
# per class, 1 at the index of the true digit and 0 elsewhere. The network's ten outputs will be
# ten probabilities, and the one-hot vector is the "perfect" answer to compare them with.

# %% slideshow={"slide_type": "subslide"}
y_all = classification.one_hot(train_labels, 10)
y_test = classification.one_hot(test_labels, 10)
Table({"label": train_labels[:4], "one-hot vector": [str(row.astype(int)) for row in y_all[:4]]},
      caption=f"y_all has shape {y_all.shape}")

# %% [markdown]
# The slide lists the codes of the digits 0–3. Its vectors are one entry short:

# %%
slide_code_of_0 = "[1,0,0,0,0,0,0,0,0]"  # the slide's one-hot vector for the digit 0, as printed
print(f"entries on the slide: {len(slide_code_of_0.strip('[]').split(','))}, "
      f"entries needed for the digits 0-9: {y_all.shape[1]}")
print(f"our code of 0: {y_all[train_labels == 0][0].astype(int)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Erratum (slide "데이터 준비 — One-Hot-Encoding", seed 001).** The slide's vectors
# > (`0 → [1,0,0,0,0,0,0,0,0]`, …) have 9 entries. Ten classes need ten: the digit 9 would have
# > nowhere to put its 1. The correct code of 0 is printed above.
#
# ### Training, validation and test data
#
# The slides split the data three ways ("TRAIN DATA, VALIDATION DATA, TEST DATA"):
#
# * **training data** (트레이닝 데이터): the model learns its weights from it;
# * **validation data** (검증 데이터): new to the model; we watch it during training to see whether the
#   model *generalises* or memorises, and to choose settings (epochs, network size…);
# * **test data** (테스트 데이터): looked at *once*, at the end, for the number we report. Choosing
#   settings by the test score would quietly tune the model to the test set.

# %% [markdown] slideshow={"slide_type": "subslide"}
# MNIST comes with a test set; we hold 5,000 random training images back for validation.

# %%
(x_train, y_train), (x_valid, y_valid) = mnist_mlp.split_validation(x_all, y_all, 5000, rng)
print(f"training {x_train.shape[0]}, validation {x_valid.shape[0]}, test {x_test.shape[0]} images")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## From a score to a probability: sigmoid
#
# A layer computes scores H = w·x + b, any real numbers. For **two classes** (pass/fail,
# spam/ham) the **sigmoid** σ(H) = 1 / (1 + e^(−H)) squeezes a score into (0, 1), read as the
# probability of the class "1". The slides' example (seed 003) has one input x = (1, 2) and two
# weight vectors:

# %%
x_pair = np.array([1.0, 2.0])
w_yes, w_no = np.array([2.0, 3.0]), np.array([-4.0, -3.0])
H_yes, H_no = w_yes @ x_pair, w_no @ x_pair
p_yes, p_no = classification.sigmoid(H_yes), classification.sigmoid(H_no)
print(f"W = (2, 3):   H = {H_yes:g}, p = σ(H) = {p_yes:.6f}")
print(f"W = (-4, -3): H = {H_no:g}, p = σ(H) = {p_no:.3e}")

# %% slideshow={"slide_type": "subslide"}
compare_with_slides({"H, W = (2, 3)": (H_yes, "8"), "p, W = (2, 3)": (p_yes, "0.99966"),
                     "H, W = (−4, −3)": (H_no, "-10"), "p, W = (−4, −3)": (p_no, "0.0000454")})

# %% [markdown]
# > **Note (slide "Sigmoid", seed 001).** The slide's code comments say `# Warp to - inf to 0` for
# > `np.exp(-linear)` and `# Squish to -1 to 1` for the result. In fact e^(−H) lies between 0 and
# > +∞, and the sigmoid between 0 and 1 (tanh is the one that goes from −1 to 1):

# %%
H_grid = np.linspace(-30, 30, 13)
print(f"e^(-H): from {np.exp(-H_grid).min():.3g} to {np.exp(-H_grid).max():.3g};  "
      f"σ(H): from {classification.sigmoid(H_grid).min():.3g} to {classification.sigmoid(H_grid).max():.3g}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Many classes: softmax, with the slides' iris example
#
# For **k classes** the last layer has k outputs, H₁ … H_k, and **softmax** turns them into k
# probabilities that add up to 1 ("Sigmoid 분류기의 일반화"):
#
# $$P_i = \frac{e^{H_i}}{\sum_j e^{H_j}}$$
#
# The slides' example is one iris flower, x = (6.3, 2.7, 4.9, 1.8), of class 2, and a trained
# layer of three rows of weights w₁₁ … w₃₄ and biases b₁, b₂, b₃:
# Hᵢ = wᵢ₁x₁ + wᵢ₂x₂ + wᵢ₃x₃ + wᵢ₄x₄ + bᵢ.

# %%
iris = classification.IRIS
Table({"": ["w1·", "w2·", "w3·"], **{f"w·{j + 1}": iris["W"][:, j] for j in range(4)}, "b": iris["b"]},
      digits=6, caption=f"x = {iris['x']}, label {iris['label']}")

# %% slideshow={"slide_type": "subslide"}
iris_table = classification.softmax_columns(iris["W"], iris["b"], iris["x"])
H, P = iris_table["H"], iris_table["P"]
Table(iris_table, digits=6, caption=f"ΣP = {P.sum():.6f}; the most probable class is {P.argmax()}")

# %% [markdown]
# The slide prints its weights cut to eight characters (w₁₃ = −0.89624, w₂₂ = −0.22382, w₂₄ = −0.05043…
# keep only five decimals), but computed H, exp(H) and P from the unrounded weights. So the comparison
# allows each printed weight and bias to be off by one unit of its last digit, and asks how far that
# can move each value (`display.printed_input_rounding`, a first-order bound from finite differences):

# %% slideshow={"slide_type": "subslide"}
printed_parameters = np.concatenate([iris["W"].ravel(), iris["b"]])  # the slide's 12 weights, 3 biases


def iris_slide(text, column, i, b_shift=0.0):
    """The slide's printed value, with how far rounding its printed weights can move the entry."""
    entry = lambda p: classification.softmax_columns(p[:12].reshape(3, 4), p[12:] + b_shift, iris["x"])[column][i]  # noqa: E731
    return Slide(text, input_rounding=printed_input_rounding(entry, printed_parameters))


compare_with_slides({
    "H1": (H[0], iris_slide("-0.89428", "H", 0)), "H2": (H[1], iris_slide("1.099584", "H", 1)),
    "H3": (H[2], iris_slide("2.083326", "H", 2)),
    "exp(H1)": (iris_table["exp(H)"][0], iris_slide("0.408902", "exp(H)", 0)),
    "exp(H2)": (iris_table["exp(H)"][1], iris_slide("3.002917", "exp(H)", 1)),
    "exp(H3)": (iris_table["exp(H)"][2], iris_slide("8.031135", "exp(H)", 2)),
    "P1": (P[0], iris_slide("0.035734", "P", 0)), "P2": (P[1], iris_slide("0.262425", "P", 1)),
    "P3": (P[2], iris_slide("0.701841", "P", 2)),
})

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Rounding note (slide "번외 — Softmax", seed 003: H, exp(H), P).** Some rows differ in the 5th or
# > 6th decimal, each by less than rounding the printed weights can explain: the slide is right for its
# > unrounded weights. From the weights *as printed* — the only ones a reader can use — the values are
# > those in the table above. Class 2 is the most probable either way.
#
# ### What if b₂ increases by 1? ("만약 b2에 +1을 한다면?")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Only H₂ moves, by exactly 1, so exp(H₂) is multiplied by e ≈ 2.718. Because all probabilities
# share the denominator Σ exp(H), P₂ grows *and P₁, P₃ shrink*:

# %%
b_plus = iris["b"] + np.array([0.0, 1.0, 0.0])
plus_table = classification.softmax_columns(iris["W"], b_plus, iris["x"])
Table({"class": plus_table["class"], "H before": H, "H after": plus_table["H"],
       "exp(H) after": plus_table["exp(H)"], "P before": P, "P after": plus_table["P"]}, digits=6,
      caption=f"exp(H2) grew by the factor {plus_table['exp(H)'][1] / iris_table['exp(H)'][1]:.6f} = e")

# %% slideshow={"slide_type": "subslide"}
shift = np.array([0.0, 1.0, 0.0])
compare_with_slides({
    "H2 after": (plus_table["H"][1], iris_slide("2.099584", "H", 1, shift)),
    "exp(H2) after": (plus_table["exp(H)"][1], iris_slide("8.162775", "exp(H)", 1, shift)),
    "P1 after": (plus_table["P"][0], iris_slide("0.024628", "P", 0, shift)),
    "P2 after": (plus_table["P"][1], iris_slide("0.49165", "P", 1, shift)),
    "P3 after": (plus_table["P"][2], iris_slide("0.483721", "P", 2, shift)),
})

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same rounding of the printed weights explains the H₂, exp(H₂) and P₃ differences here. The
# lesson of the slide stands: one bias moved by 1 and the prediction flipped from class 2 to class 1
# — P₂ > P₃ now.
#
# ### From probabilities back to a label
#
# The predicted class is the index of the largest probability, `np.argmax(…, axis=1)` for a
# batch of rows. Seed 004's table:

# %%
slide_probs = np.array([[0.7, 0.2, 0.1], [0.2, 0.7, 0.1], [0.2, 0.1, 0.7]])
predicted = slide_probs.argmax(axis=1)
compare_with_slides({f"argmax of row {i}": (predicted[i], str(i)) for i in range(3)})

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why not MSE (or RMSE) for probabilities? ("RMSE로 확률 예측?")
#
# We *could* score the probabilities with the squared error of lesson 01. Two problems:
#
# * **It barely punishes confident mistakes.** For a true label 1 the squared error (1 − p)² can
#   never exceed 1, however confidently wrong p is; cross-entropy −ln p grows without bound (the
#   cell below puts numbers on it).
# * **It learns slowly exactly then.** Through a sigmoid, MSE's slope with respect to the score
#   carries the factor p(1 − p), which is almost 0 when the sigmoid saturates: the most wrong
#   predictions get the smallest push. Cross-entropy's slope is simply p − y. (Combined with the
#   sigmoid, MSE also makes the loss surface non-convex — the slides' "non convex function".)

# %%
costs = classification.mistake_costs(mild=0.3, confident=0.001)
print(classification.describe_mistake_costs(costs))

# %% slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(11, 3.8), layout="constrained")
print(classification.draw_mse_vs_cross_entropy(fig))
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Cross-entropy (크로스 엔트로피)
#
# **Entropy** measures disorder; **cross-entropy** measures how much the predicted probabilities
# p "disagree" with the true labels t. For two classes (binary cross-entropy):
#
# $$\text{Loss} = -\big(t \cdot \log p + (1 - t) \cdot \log(1 - p)\big)$$
#
# averaged over the examples, with the **natural** logarithm ln. The slides' table of the four
# extreme cases:

# %%
t_extreme = np.array([1, 0, 1, 0])
p_extreme = np.array([1.0, 0.0, 0.0, 1.0])
bce_each = [classification.binary_cross_entropy([t], [p]) for t, p in zip(t_extreme, p_extreme)]
Table({"label t": t_extreme, "prediction p": p_extreme, "loss": bce_each})

# %% [markdown] slideshow={"slide_type": "subslide"}
# A right and certain prediction costs 0; a wrong and certain one costs +∞ — "infinite error for
# misplaced confidence", as the slide's `cross_entropy` docstring says.
#
# > **Erratum (slide "크로스 엔트로피", seed 001).** The slide notes `log(0) = ∞`. The logarithm of 0
# > is **−∞**; it is the *loss*, −log(0), that is +∞.

# %% [markdown] slideshow={"slide_type": "subslide"}
# Keras cannot work with infinity, so it first clips every probability into [ε, 1 − ε] with
# ε = 10⁻⁷. It computes in `float32`, where 1 − 10⁻⁷ is not a number: the nearest one is
# 1 − 1.19·10⁻⁷. So the two "infinite" cases cost −ln(10⁻⁷) and −ln(1.19·10⁻⁷) in Keras:

# %%
keras_each = [classification.keras_losses([[t]], [[p]], "binary_crossentropy") for t, p in zip(t_extreme, p_extreme)]
one_minus_eps = np.float32(1 - classification.KERAS_EPSILON)
print(f"1 − 1e-7 in float32 = 1 − {1 - float(one_minus_eps):.4g}")
print(f"−ln(1e-7) = {-np.log(1e-7):.4f},  −ln(1 − (1 − 1e-7 in float32)) = {-np.log(1 - float(one_minus_eps)):.4f}")
Table({"label t": t_extreme, "prediction p": p_extreme, "loss by the formula": bce_each, "Keras": keras_each})

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Many classes: categorical cross-entropy
#
# With one-hot labels y the loss is L = −Σⱼ yⱼ log pⱼ: every term but the true class's is 0, so
# **L = −log(P of the true class)**. The slides compute it for the iris example (label 2):

# %%
y_iris = classification.one_hot([iris["label"]], 3)[0]
log_P, log10_P = np.log(P), np.log10(P)
L_ln = classification.categorical_cross_entropy(y_iris, P)
L_log10 = classification.categorical_cross_entropy(y_iris, P, log=np.log10)
Table({"Y": y_iris.astype(int), "P": P, "ln P": log_P, "log10 P": log10_P}, digits=5,
      caption=f"L = −ln P3 = {L_ln:.5f}   (with log10: {L_log10:.5f})")

# %% slideshow={"slide_type": "subslide"}
L_ln_plus = classification.categorical_cross_entropy(y_iris, plus_table["P"])
L_log10_plus = classification.categorical_cross_entropy(y_iris, plus_table["P"], log=np.log10)
compare_with_slides({
    "log(P1), natural log": (log_P[0], "-1.44692"), "log(P1), log10": (log10_P[0], "-1.44692"),
    "log(P2), natural log": (log_P[1], "-0.58099"), "log(P2), log10": (log10_P[1], "-0.58099"),
    "log(P3), natural log": (log_P[2], "-0.15376"), "log(P3), log10": (log10_P[2], "-0.15376"),
    "L, natural log": (L_ln, "0.15376"), "L, log10": (L_log10, "0.15376"),
    "L after b2 + 1, natural log": (L_ln_plus, "0.31541"), "L after b2 + 1, log10": (L_log10_plus, "0.31541"),
})

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Erratum (slide "이 Loss를 줄이자!!", seed 003).** The slide's log(P) column and its losses
# > L = 0.15376 and L = 0.31541 (after b₂ + 1) are **base-10** logarithms: each matches log10 to
# > every printed digit and none matches ln. The formula L = −Σ yⱼ log pⱼ, its gradient P − y on the
# > next slides, the slide's own code `np.log(...)` and Keras all use the **natural** logarithm: the
# > correct losses are the "natural log" rows of the comparison above. A base-10 loss is the
# > natural-log loss divided by ln 10 ≈ 2.3026, so it would also shrink every gradient by that factor.
#
# The loss went *up* after b₂ + 1 because the probability of the true class 2 went down.
#
# ### The same loss with integer labels: sparse categorical cross-entropy

# %% [markdown] slideshow={"slide_type": "subslide"}
# Only the true class's probability counts, so the one-hot vector is not needed: the integer
# label says which probability to take. Keras calls this `sparse_categorical_crossentropy`. A batch
# of three rows, by hand and by Keras, with both label formats:

# %%
batch_probs = np.array([[0.7, 0.2, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4]])
batch_labels = np.array([0, 2, 2])
batch_one_hot = classification.one_hot(batch_labels, 3)
Table({
    "loss": ["categorical (one-hot labels)", "sparse categorical (integer labels)"],
    "by hand": [classification.categorical_cross_entropy(batch_one_hot, batch_probs),
                classification.sparse_categorical_cross_entropy(batch_labels, batch_probs)],
    "Keras": [classification.keras_losses(batch_one_hot, batch_probs, "categorical_crossentropy"),
              classification.keras_losses(batch_labels, batch_probs, "sparse_categorical_crossentropy")],
}, caption=f"labels {batch_labels}: the mean of −ln {batch_probs[[0, 1, 2], batch_labels]}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The summary table (정리): task → output activation → loss → label format
#
# The slides close with this table. It is generated here from `classification.TASKS` — and then
# *checked*: for every row a tiny Keras model with that output activation is compiled with that
# loss and evaluated on labels in that format, and Keras's loss is compared with the loss computed
# by hand from the model's predictions.

# %% slideshow={"slide_type": "subslide"}
classification.summary_table()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Seed 004's loss summary ("손실 함수 종합요약") writes the regression loss as ½ Σᵢ (yᵢ − ŷᵢ)² and
# labels it MSE. That formula is *half the sum* of the squared errors, not their mean: it grows with
# the number of examples N, while the mean squared error Σᵢ (yᵢ − ŷᵢ)² / N — what Keras's `"mse"`
# computes, and the MSE of lesson 01 — does not. The two agree only when N = 2. For four examples:

# %%
squares_example = classification.sum_and_mean_of_squares(y=[1.0, 0.0, 2.0, 1.0], y_hat=[0.0, 0.0, 0.0, 1.0])
print(f"N = {squares_example['N']}: ½ Σ (y − ŷ)² = {squares_example['half sum']:.4f}, "
      f"mean Σ (y − ŷ)² / N = {squares_example['mean']:.4f}")

# %%
classification.check_tasks_with_keras(rng)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The label format is not a detail: `categorical_crossentropy` wants one-hot rows, and given
# integer labels Keras refuses (the shapes do not match):

# %%
try:
    classification.keras_losses(batch_labels, batch_probs, "categorical_crossentropy")
except ValueError as error:
    print(f"ValueError: {str(error).splitlines()[0][:90]}…")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The network, and how many parameters it has ("파라미터(w, b)의 갯수는?")
#
# The network: 784 inputs → a dense layer of 256 ReLU units → a dense output layer of 10 softmax
# units. A dense layer from n_in to n_out units has one weight per connection (n_in × n_out) and
# one bias per unit (n_out):

# %%
SIZES = mnist_mlp.MNIST_SIZES
classification.dense_parameter_counts(SIZES)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Keras builds the same network (its layers are named so that the summary reads the same on every
# run). `model.summary()` counts the parameters itself:

# %%
model = mnist_mlp.keras_mlp(SIZES)
model.summary()

# %%
by_hand = classification.count_dense_parameters(SIZES)
print(f"by hand {by_hand:,}   Keras {model.count_params():,}   equal: {by_hand == model.count_params()}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The same network from scratch in NumPy
#
# `course_lib.layers` has the layers of lessons 04–05, each with a forward and a backward pass:
# `Affine` (x·W + b), `Relu`, and `SoftmaxCrossEntropy` (softmax and cross-entropy in one layer,
# whose backward pass is the slides' dL/dH = P − y). `mnist_mlp.NumpyMLP` stacks them. (Its first
# layer skips ∂L/∂x: nothing before the pixels learns — Keras skips it too.)

# %%
numpy_net = mnist_mlp.NumpyMLP(SIZES, rng, optimizer=optimizers.SGD(learning_rate=0.05, momentum=0.9))
print(numpy_net.network)
print(f"parameters: {numpy_net.count_params():,}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# One training step is four lines — forward and loss, backward, update. The network names every
# weight array and its gradient with the same key (`network.params["0.W"]`, `network.grads["0.W"]`:
# the W of layer 0), so the optimizer of lesson 06 updates them all in one call. Here on the first 32
# training images, with a throw-away copy of the network:

# %%
demo = mnist_mlp.NumpyMLP(SIZES, np.random.default_rng(1), optimizer=optimizers.SGD(learning_rate=0.05, momentum=0.9))
first_batch, first_targets = x_train[:32], y_train[:32]
loss_before = demo.network.loss(first_batch, first_targets)   # forward: Affine → ReLU → Affine → softmax + CE
demo.network.backward()                                       # backward: fills every layer's grads
demo.optimizer.update(demo.network.params, demo.network.grads)  # one SGD-with-momentum step, in place
loss_after = demo.network.loss(first_batch, first_targets)
print(f"loss on this batch: {loss_before:.4f} → {loss_after:.4f} after one step")
print(f"shapes: W1 {demo.network.params['0.W'].shape}, ∂L/∂W1 {demo.network.grads['0.W'].shape}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Training both, side by side
#
# Both networks are trained the same way, in the same run:
#
# * the same training images, in mini-batches of **32**, shuffled every epoch;
# * the same optimizer from lesson 06 — SGD with momentum 0.9 — whose learning rate starts at 0.05
#   and is multiplied by 0.7 every epoch (learning-rate decay: big steps first, fine steps later;
#   the cell prints where it ends — by then the validation accuracy has levelled off);
#   `optimizers.SGD(...).keras()` builds Keras's twin of our optimizer;
# * the same loss, categorical cross-entropy on one-hot labels, and the validation data checked
#   after every epoch (`validation_data=`).
#
# Each epoch's training is timed (validation excluded). Keras runs with its defaults, on every
# core; the NumPy loop keeps its matrix products on one thread (`fit(..., blas_threads=1)`): for
# batches this small a second thread gains little, and on a busy machine it can cost a lot. The
# output of this cell (progress bars, timings) differs from run to run, so it is not compared;
# the checks below it are.

# %% slideshow={"slide_type": "subslide"}
epochs = presenter.choose(full=mnist_mlp.LESSON_EPOCHS, quick=2)
batch_size = mnist_mlp.LESSON_BATCH_SIZE


def learning_rate(epoch):
    """0.05 in the first epoch, then 30% less every epoch (mnist_mlp.lesson_learning_rate)."""
    return 0.05 * 0.7**epoch


print(f"{epochs} epochs of batches of {batch_size}; learning rate {learning_rate(0):g} → {learning_rate(epochs - 1):.4f}")


model.compile(optimizer=optimizers.SGD(learning_rate=0.05, momentum=0.9).keras(),
              loss="categorical_crossentropy", metrics=["accuracy"])

# %% tags=["nbval-ignore-output"] slideshow={"slide_type": "subslide"}
keras_timer = mnist_mlp.epoch_timer(epochs, "Keras")
keras_log = model.fit(x_train, y_train, epochs=epochs, batch_size=batch_size,
                      validation_data=(x_valid, y_valid), validation_batch_size=1000, verbose=0,
                      callbacks=[keras_timer, keras.callbacks.LearningRateScheduler(learning_rate)])
numpy_log = numpy_net.fit(x_train, y_train, epochs=epochs, batch_size=batch_size, rng=rng,
                          validation_data=(x_valid, y_valid), schedule=learning_rate)
keras_log = evaluation.history_dict(keras_log)
print("seconds per epoch, Keras:", np.round(keras_timer.seconds, 2))
print("seconds per epoch, NumPy:", np.round(numpy_log["seconds"], 2))

# %% [markdown]
# ### Loss and accuracy curves

# %% tags=["nbval-ignore-output"] slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(11, 4), layout="constrained")
print(evaluation.draw_training_curves(fig, {"Keras": keras_log, "NumPy": numpy_log},
                                      title="Keras and NumPy, the same network trained the same way"))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Keras's and NumPy's curves follow each other: same architecture, same optimizer, same data; only
# the random starting weights and the order of the batches differ. In each network the training
# loss keeps falling while the validation loss levels off, well above it (the numbers are printed
# under the checks): from here on the networks mostly learn details of the training images that do
# not carry over to new ones. The checks (the same lines on every run):

# %%
valid_target = presenter.choose(full=0.97, quick=0.9)
for name, log in (("Keras", keras_log), ("NumPy", numpy_log)):
    print(f"{name}: {len(log['loss'])} epochs; training loss fell: {log['loss'][-1] < log['loss'][0]}; "
          f"validation accuracy ≥ {valid_target:.0%}: {log['val_accuracy'][-1] >= valid_target}; "
          f"validation loss above training loss: {log['val_loss'][-1] > log['loss'][-1]}")
    assert log["loss"][-1] < log["loss"][0] and valid_target <= log["val_accuracy"][-1] <= 1
    assert log["val_loss"][-1] > log["loss"][-1]

# %% tags=["nbval-ignore-output"] slideshow={"slide_type": "subslide"}
for name, log in (("Keras", keras_log), ("NumPy", numpy_log)):
    print(f"{name}, last epoch: training loss {log['loss'][-1]:.4f}, validation loss {log['val_loss'][-1]:.4f} "
          f"({log['val_loss'][-1] / log['loss'][-1]:.1f}× the training loss)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The test set, once
#
# Now, and only now, both networks meet the 10,000 test images.

# %% tags=["nbval-ignore-output", "benchmark"] slideshow={"slide_type": "subslide"}
keras_test_loss, keras_test_accuracy = model.evaluate(x_test, y_test, batch_size=1000, verbose=0)
numpy_test_loss, numpy_test_accuracy = numpy_net.evaluate(x_test, y_test)
keras_seconds = mnist_mlp.time_per_epoch(keras_timer.seconds)
numpy_seconds = mnist_mlp.time_per_epoch(numpy_log["seconds"])
speedup = keras_seconds / numpy_seconds
steps = gradient_descent.steps_per_epoch(len(x_train), batch_size)  # lesson 02: one step per batch
print(f"one training step (a batch of {batch_size}): Keras {1000 * keras_seconds / steps:.2f} ms, "
      f"NumPy {1000 * numpy_seconds / steps:.2f} ms")
Table({"network": ["Keras", "NumPy (course_lib)"],
       "test loss": [keras_test_loss, numpy_test_loss],
       "test accuracy": [keras_test_accuracy, numpy_test_accuracy],
       "seconds per epoch (median)": [keras_seconds, numpy_seconds]},
      caption=f"batch size {batch_size}, {epochs} epochs; Keras takes {speedup:.1f}× NumPy's time per epoch "
              f"(timings vary from machine to machine and run to run: reported, not checked)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# How high must the test accuracy be for this lesson to call the training a success? One run is one
# draw: another seed, CPU or TensorFlow build gives a slightly different number. The same recipe was
# run with seeds 0–5 for both networks (`python -m course_lib.mnist_mlp 0 1 2 3 4 5`, about four
# minutes, so its results are recorded in `mnist_mlp.SEED_SPREAD`), and the pass mark is set 0.3
# points below the lowest of those runs (`mnist_mlp.pass_mark`):

# %%
measured = [accuracy for runs in mnist_mlp.SEED_SPREAD.values() for accuracy in runs.values()]
pass_mark = presenter.choose(full=mnist_mlp.pass_mark(measured), quick=0.9)
for name, runs in mnist_mlp.SEED_SPREAD.items():
    print(f"{name}: test accuracy over seeds {sorted(runs)}: {min(runs.values()):.2%} … {max(runs.values()):.2%}")
print(f"pass mark: {pass_mark:.1%}, {100 * (min(measured) - pass_mark):.2f} points below the lowest measured run")

# %%
print(f"Keras test accuracy ≥ {pass_mark:.1%}: {keras_test_accuracy >= pass_mark}")
print(f"NumPy test accuracy ≥ {pass_mark:.1%}: {numpy_test_accuracy >= pass_mark}")
assert pass_mark <= keras_test_accuracy <= 1 and pass_mark <= numpy_test_accuracy <= 1

# %% tags=["nbval-ignore-output"] slideshow={"slide_type": "subslide"}
print(f"this run's margins above the pass mark: Keras {100 * (keras_test_accuracy - pass_mark):.2f} "
      f"points, NumPy {100 * (numpy_test_accuracy - pass_mark):.2f} points")

# %% [markdown]
# Why is the NumPy loop faster here, when TensorFlow is a far more optimised library? The ratio
# above measures something narrow: **Keras's fixed cost per training step at a batch of 32**. The
# arithmetic of one step of this small network on 32 images is tiny — the time per step printed
# above is NumPy's *whole* step, forward pass, backward pass and update. Keras spends most of its
# step on machinery around the same arithmetic — taking the batch from `tf.data`, calling the
# compiled graph, updating the metrics, calling the callbacks — and that costs about the same
# whatever the batch size. The NumPy loop has almost no machinery.

# %% [markdown] slideshow={"slide_type": "subslide"}
# Bigger batches spread that fixed cost over more images. The same two networks (fresh copies), per
# batch size the fastest of three epochs over 8,192 training images, timed per image:

# %% tags=["nbval-ignore-output"]
sweep = mnist_mlp.batch_size_sweep(x_train, y_train, batch_sizes=(32, 128, 512, 2048), examples=8192, repeats=3)
print(mnist_mlp.describe_sweep(sweep))
Table(sweep, digits=2, caption="microseconds of training per image; Keras / NumPy above 1: NumPy is faster")

# %% slideshow={"slide_type": "subslide"}
keras_us, ratios = sweep["Keras µs per example"], sweep["Keras / NumPy"]
print(f"Keras's time per image at its best larger batch is below two thirds of its time at batch {sweep['batch size'][0]}: "
      f"{min(keras_us[1:]) < keras_us[0] * 2 / 3}")
print(f"Keras / NumPy at the best larger batch is below three quarters of its value at batch {sweep['batch size'][0]}: "
      f"{min(ratios[1:]) < ratios[0] * 3 / 4}")
assert min(keras_us[1:]) < keras_us[0] * 2 / 3 and min(ratios[1:]) < ratios[0] * 3 / 4

# %% [markdown]
# At a batch of 32 Keras's fixed cost per step dominates; at larger batches the arithmetic does, and
# Keras catches up and can overtake (NumPy's loop has a smaller fixed cost per step of its own, and
# runs its products on one thread where Keras may use every core). Where exactly the order flips
# depends on the machine and on what else runs on it, so only the trend is checked. With big layers,
# a GPU or many devices the machinery is what makes Keras fast.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Which digits does it confuse?
#
# The **confusion matrix** (혼동 행렬) counts, for every true digit (row), how often each digit was
# predicted (column); every cell shows its count. The diagonal holds the right answers; everything
# else is a mistake. The right answers outnumber the mistakes so much that the picture leaves the
# diagonal white (its counts in bold) and spends its colours on the mistakes only.

# %% tags=["nbval-ignore-output"] slideshow={"slide_type": "subslide"}
test_probs = model.predict(x_test, batch_size=1000, verbose=0)
matrix = evaluation.confusion_matrix(test_labels, test_probs.argmax(axis=1), 10)
fig = plt.figure(figsize=(7.5, 6.4), layout="constrained")
print(evaluation.draw_confusion_matrix(fig, matrix, normalise=False, counts=True, colour_diagonal=False,
                                       title="The Keras network on the test set: counts\n"
                                             "(rows: true digit, columns: predicted; diagonal not coloured)"))
plt.show()
print("most confused (true, predicted, count):", evaluation.most_confused(matrix, top=5))

# %% slideshow={"slide_type": "subslide"}
print(f"every test image counted once: {matrix.sum() == len(test_labels)}; "
      f"diagonal / total = test accuracy: {np.isclose(np.trace(matrix) / matrix.sum(), keras_test_accuracy)}")
assert matrix.sum() == len(test_labels) and np.isclose(np.trace(matrix) / matrix.sum(), keras_test_accuracy)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The misclassified test digits, the most confident mistakes first. Many are hard even for a
# person; some are plain mistakes of the network.

# %% tags=["nbval-ignore-output"]
fig = plt.figure(figsize=(11, 2.9), layout="constrained")
print(mnist_mlp.draw_misclassified(fig, test_images, test_probs, test_labels, count=20))
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Overfitting on purpose (과적합)
#
# "Why not just build a huge network?" ("거대한 뉴럴 네트워크를 구축하면 되지 않을까?") — because a
# network with far more parameters than examples can simply **memorise** them. We provoke it as
# *Deep Learning from Scratch* does (ch. 6): a deeper network, 784 → 512 → 512 → 512 → 10, trained
# for many epochs on only a small slice of the training images.
#
# This part uses the course's NumPy network (`mnist_mlp.NumpyMLP`, which has dropout too): on a small
# slice it trains in seconds, and it can measure the training accuracy *after* each epoch on the
# whole slice with dropout switched off (`training_metrics="after epoch"`). Keras's `fit` reports
# the average over the epoch's batches, measured while dropout is on — a number that cannot be
# compared with the validation accuracy.

# %% slideshow={"slide_type": "subslide"}
small = 1000
deep_sizes = (784, 512, 512, 512, 10)
overfit_epochs = 40  # also in presenter mode: fewer epochs would not show what dropout and early stopping do
x_small, y_small = x_train[:small], y_train[:small]
x_watch, y_watch = x_valid[:2000], y_valid[:2000]  # watched after every epoch (all 5,000 cost twice the time)
print(f"{classification.count_dense_parameters(deep_sizes):,} parameters for {small:,} training images, "
      f"{overfit_epochs} epochs")


def small_data_run(dropout=0.0, early_stopping=None):
    """The deep network on the small slice: the same starting weights and batch order in every run."""
    net = mnist_mlp.NumpyMLP(deep_sizes, np.random.default_rng(1), dropout=dropout,
                             optimizer=optimizers.SGD(learning_rate=0.01, momentum=0.9))
    log = net.fit(x_small, y_small, epochs=overfit_epochs, batch_size=32, rng=np.random.default_rng(2),
                  validation_data=(x_watch, y_watch), training_metrics="after epoch",
                  early_stopping=early_stopping)
    return net, log


# %% [markdown] slideshow={"slide_type": "subslide"}
# The first cure, **dropout** (드롭아웃): during training every hidden unit is switched off at random
# in each step (here half of them, `Dropout(0.5)` in Keras, `dropout=0.5` here), so no unit can rely
# on a few others to memorise an example. At prediction time all units work. Both runs below have the
# same network, the same starting weights, the same batches and the **same number of epochs**; the
# only difference is dropout.

# %% tags=["nbval-ignore-output"]
plain_net, plain_log = small_data_run()
dropout_net, dropout_log = small_data_run(dropout=0.5)

# %% tags=["nbval-ignore-output"] slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(11, 4), layout="constrained")
print(evaluation.draw_training_curves(fig, {"no dropout": plain_log, "dropout 0.5": dropout_log},
                                      title=f"784 → 512 → 512 → 512 → 10 on {small:,} images, "
                                            f"{overfit_epochs} epochs, with and without dropout"))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Without dropout the training accuracy reaches 100% within a few epochs while the validation loss
# turns *upwards* — the signature of overfitting: "모델이 트레이닝 데이터에 대한 좋은 성능을 보이지만
# 검증 데이터는 그렇지 못함". The held-out **test** set, which neither run has seen, gives the verdict:

# %%
def scores(net):
    """Accuracy on the training slice, the validation data and the test set (dropout off), test loss."""
    test_loss, test_accuracy = net.evaluate(x_test, y_test)
    return {"training accuracy": net.evaluate(x_small, y_small)[1], "validation accuracy": net.evaluate(x_valid, y_valid)[1],
            "test accuracy": test_accuracy, "test loss": test_loss}


plain_scores, dropout_scores = scores(plain_net), scores(dropout_net)
rising = plain_log["val_loss"][-1] > 1.1 * min(plain_log["val_loss"])
plain_gap = plain_scores["training accuracy"] - plain_scores["test accuracy"]
dropout_gain = dropout_scores["test accuracy"] - plain_scores["test accuracy"]
print(f"no dropout: training accuracy ≥ 99%: {plain_scores['training accuracy'] >= 0.99}; "
      f"validation loss ended > 1.1 × its minimum: {rising}; training − test accuracy ≥ 5 points: {plain_gap >= 0.05}")
print(f"dropout: test accuracy at least 0.5 points higher at the same epochs: {dropout_gain >= 0.005}")
assert plain_scores["training accuracy"] >= 0.99 and rising and plain_gap >= 0.05
assert dropout_gain >= 0.005

# %% tags=["nbval-ignore-output"] slideshow={"slide_type": "subslide"}
Table({"run": ["no dropout", "dropout 0.5"], **{k: [plain_scores[k], dropout_scores[k]] for k in plain_scores}},
      digits=4, caption=f"after {overfit_epochs} epochs each; dropout: {100 * dropout_gain:+.1f} points of test accuracy")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The second cure, **early stopping** (조기 종료), is shown on its own: the same network without
# dropout, but training stops once the validation loss has not improved for 5 epochs, and the weights
# of its best epoch are put back (in Keras: `keras.callbacks.EarlyStopping(patience=5,
# restore_best_weights=True)`). Because the epoch is *chosen* by the validation loss, a lower
# validation loss is guaranteed and proves nothing; again only the test set can tell.

# %% tags=["nbval-ignore-output"]
early_net, early_log = small_data_run(early_stopping=5)
early_scores = scores(early_net)
Table({"run": ["no dropout, all epochs", "early stopping"], "epochs trained": [len(plain_log["loss"]), len(early_log["loss"])],
       "weights of epoch": [len(plain_log["loss"]), early_net.best_epoch],
       **{k: [plain_scores[k], early_scores[k]] for k in plain_scores}}, digits=4)

# %% slideshow={"slide_type": "subslide"}
print(f"early stopping ended the run before epoch {overfit_epochs}: {len(early_log['loss']) < overfit_epochs}; "
      f"its test loss is lower than after all epochs: {early_scores['test loss'] < plain_scores['test loss']}")
assert len(early_log["loss"]) < overfit_epochs and early_scores["test loss"] < plain_scores["test loss"]

# %% tags=["nbval-ignore-output"]
print(f"Early stopping trained {len(early_log['loss'])} of {overfit_epochs} epochs and kept epoch {early_net.best_epoch}: "
      f"test loss {early_scores['test loss']:.3f} instead of {plain_scores['test loss']:.3f}, test accuracy "
      f"{early_scores['test accuracy']:.2%} instead of {plain_scores['test accuracy']:.2%}.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Early stopping saves the epochs that only memorise, and keeps the network from growing over-confident
# on what it gets wrong — that is what the lower test loss measures. It need not raise the test
# *accuracy*: compare the two rows. Dropout changes what the network learns; early stopping only
# chooses when to stop learning it.

# %% [markdown]
# Even so, a small slice stays small: the surest cure is **more data**. The 784 → 256 → 10 network of
# this lesson saw all the training images; its gap between training and validation accuracy (Keras's
# last epoch) against the gap here:

# %% tags=["nbval-ignore-output"]
full_gap = keras_log["accuracy"][-1] - keras_log["val_accuracy"][-1]
print(f"{len(x_train):,} training images: training − validation accuracy {100 * full_gap:.1f} points; "
      f"{small:,} images: training − test accuracy {100 * plain_gap:.1f} points")

# %%
print(f"the gap with all the training images is less than half the small slice's: {full_gap < plain_gap / 2}")
assert full_gap < plain_gap / 2

# %% [markdown]
# Other cures: a smaller network, and **L2 regularisation** (weight decay): a penalty λ·Σw² added to
# the loss keeps the weights small (`mnist_mlp.keras_mlp(..., l2=1e-4)`).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Which trend line is better? (어떤 추세선이 더 나은가?)
#
# The slides ask it with a picture of a few points and several trend lines through them. The same
# story as the small MNIST slice, small enough to see whole: 10 noisy **training** points from a
# smooth curve, and 30 more **held-out** points from the same curve that the fit never sees.
# Polynomials of degree 1, 3 and 9 are fitted by least squares (a degree-9 polynomial has 10
# coefficients: as many as there are points).
#
# | term | 한국어 | meaning |
# |---|---|---|
# | under-fitting | 과소적합 | too simple a model: poor on the training data *and* on new data |
# | over-fitting | 과적합 | too flexible a model: excellent on the training data, poor on new data |
# | L2 regularisation, weight decay | L2 정규화, 가중치 감쇠 | a penalty λ·Σw² in the loss that keeps the weights small |

# %% slideshow={"slide_type": "subslide"}
from course_lib import overfitting

curve_rng = np.random.default_rng(0)
curve_train = overfitting.noisy_curve(curve_rng, 10)
curve_valid = overfitting.noisy_curve(curve_rng, 30)
curve_test = overfitting.noisy_curve(curve_rng, 200)  # kept for the L2 verdict below
degrees = (1, 3, 9)
curve_fits = {f"degree {d}": overfitting.fit_polynomial(*curve_train, d) for d in degrees}
curve_train_mse, curve_valid_mse = zip(*(overfitting.fit_errors(w, curve_train, curve_valid) for w in curve_fits.values()))
curve_verdicts = overfitting.fit_verdicts(curve_train_mse, curve_valid_mse)
Table({"fit": list(curve_fits), "training MSE": np.round(curve_train_mse, 6), "held-out MSE": curve_valid_mse,
       "verdict": curve_verdicts, "한국어": [overfitting.KOREAN[v] for v in curve_verdicts]}, digits=4,
      caption="training MSE rounded to 6 decimals (degree 9's is 0 up to floating-point noise)")

# %% slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(11, 3.8), layout="constrained")
print(overfitting.draw_trend_lines(fig, curve_train, curve_valid, curve_fits, curve_verdicts))
plt.show()

# %% slideshow={"slide_type": "subslide"}
best_degree = degrees[int(np.argmin(curve_valid_mse))]
print(f"The degree-{degrees[-1]} curve passes through every training point (training MSE below 1e-12: "
      f"{curve_train_mse[-1] < 1e-12}) yet misses the held-out points by an MSE of {curve_valid_mse[-1]:.1f}; "
      f"the straight line misses both ({curve_train_mse[0]:.3f}, {curve_valid_mse[0]:.3f}); "
      f"degree {best_degree} has the lowest held-out error ({min(curve_valid_mse):.3f}).")
assert curve_verdicts == [overfitting.VERDICTS[k] for k in ("under", "good", "over")]

# %% [markdown]
# The verdicts come from the two errors alone: the fit with the lowest held-out error is the good
# one; a fit that is worse than it even on the training points **under-fits** (과소적합), one that is
# better on the training points but worse on new ones **over-fits** (과적합). The training error
# alone would always choose the most flexible curve — the network on 1,000 images reached 100%
# training accuracy the same way.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## L2 regularisation (가중치 감쇠) on the same curve
#
# Instead of a smaller model, keep degree 9 and make large coefficients expensive: minimise
#
# Σ (y − ŷ)² + λ·Σₖ wₖ²  (k ≥ 1: the bias w₀ is not penalised).
#
# The penalty's gradient is 2λw, so a gradient-descent step becomes
# w ← w − lr·(∂L/∂w + 2λw) = (1 − 2·lr·λ)·w − lr·∂L/∂w: before each step the weights shrink by a
# constant factor — hence **weight decay**. Keras adds it with `kernel_regularizer=L2(λ)`
# (`mnist_mlp.keras_mlp(..., l2=λ)`). λ is chosen like any setting: by the held-out (validation)
# points; the 200 test points are used once, at the end.

# %% slideshow={"slide_type": "subslide"}
lambdas = np.logspace(-8, 1, 19)
ridge_fits = [overfitting.fit_polynomial(*curve_train, 9, l2=lam) for lam in lambdas]
ridge_train_mse, ridge_valid_mse = zip(*(overfitting.fit_errors(w, curve_train, curve_valid) for w in ridge_fits))
ridge_sizes = [float(np.sum(w[1:] ** 2)) for w in ridge_fits]
chosen = int(np.argmin(ridge_valid_mse))
l2_lambda = float(lambdas[chosen])
fig = plt.figure(figsize=(11, 3.6), layout="constrained")
print(overfitting.draw_l2_sweep(fig, lambdas, ridge_train_mse, ridge_valid_mse, ridge_sizes, l2_lambda))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The closed-form fit and weight decay are the same thing: gradient descent with the decay factor,
# started from w = 0, ends at the penalised least-squares coefficients.

# %%
decay_lr = 0.05
decayed = overfitting.weight_decay_descent(*curve_train, 9, l2=l2_lambda, learning_rate=decay_lr, steps=20_000)
gap = float(np.max(np.abs(decayed - ridge_fits[chosen])))
print(f"decay factor per step 1 − 2·lr·λ = {1 - 2 * decay_lr * l2_lambda:.6f}; "
      f"largest coefficient difference after 20,000 steps below 1e-4: {gap < 1e-4}")
assert gap < 1e-4

# %% slideshow={"slide_type": "subslide"}
test_mse = {name: overfitting.fit_errors(w, curve_train, curve_test)[1] for name, w in
            [("degree 9", curve_fits["degree 9"]), (f"degree 9, L2 λ = {l2_lambda:.0e}", ridge_fits[chosen]),
             (f"degree {best_degree}", curve_fits[f"degree {best_degree}"])]}
weight_size = [float(np.sum(w[1:] ** 2)) for w in (curve_fits["degree 9"], ridge_fits[chosen], curve_fits[f"degree {best_degree}"])]
Table({"fit": list(test_mse), "test MSE (200 new points)": list(test_mse.values()), "Σw² (bias excluded)": weight_size},
      digits=4, caption="the test points are used only here")

# %%
plain9, ridge9, small = test_mse.values()
print(f"L2 with λ = {l2_lambda:.0e} shrinks Σw² from {weight_size[0]:,.0f} to {weight_size[1]:.1f} and the test MSE "
      f"from {plain9:.1f} to {ridge9:.3f}; the degree-{best_degree} polynomial without a penalty: {small:.3f} "
      f"({'lower' if small < ridge9 else 'higher'} than the penalised degree 9).")
assert ridge9 < plain9 / 10 and weight_size[1] < weight_size[0] / 100

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Errata: the slides' real errors in this lesson (정오표)
#
# > **Errata**
# >
# > 1. **One-hot vectors with 9 entries** (seed 001, "데이터 준비 — One-Hot-Encoding"): ten classes need
# >    ten entries (section "Preparing the data").
# > 2. **`log(0) = ∞`** (seed 001, "크로스 엔트로피"): the logarithm of 0 is −∞; the *loss* −log(0) is +∞.
# > 3. **log10 for ln** (seed 003, "이 Loss를 줄이자!!"): the log(P) column and both losses are base-10
# >    logarithms; the formula, its gradient P − y, the slide's own code and Keras use the natural log
# >    (the "natural log" rows marked "real error" above).
# > 4. **The sigmoid's code comments** (seed 001, "Sigmoid"): e^(−H) lies in (0, +∞), not (−∞, 0), and
# >    the sigmoid in (0, 1), not (−1, 1).
#
# Not errors: the iris example's H, exp(H) and P differ from the slide in the 5th–6th decimal by less
# than the rounding of its printed weights can explain (verdict "within the rounding of the slide's
# printed inputs"). The matrix-form gradient of softmax + cross-entropy, (P − Y)/N, and seed 003's
# "dL/dH … = Xᵀ(P − y)" typo are worked out in lesson 05, "Backprop in matrix form".

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Recap
#
# * An image is 784 numbers (flattened, divided by 255); a label is a **one-hot** vector (원-핫
#   인코딩) of 10 entries — the slide's 9 are one short.
# * **Sigmoid** turns one score into a probability (two classes); **softmax** turns k scores into
#   k probabilities that add up to 1. Raising one bias raises its class's probability and lowers
#   all others.
# * **Cross-entropy** −log p(true class) is the loss for probabilities: confident mistakes cost a
#   lot and still get a strong gradient, unlike MSE. It uses the *natural* log (the slides' iris
#   losses were base 10). Binary / categorical / sparse categorical cross-entropy differ only in
#   the label format — see the summary table.
# * A 784 → 256 → 10 dense network has (784·256 + 256) + (256·10 + 10) parameters (weights and
#   biases). Trained for a few epochs it classifies nearly every test digit correctly, in Keras and
#   in a short NumPy loop alike. At a batch of 32 Keras pays a fixed cost per step that the short
#   NumPy loop does not; bigger batches spread it (the batch-size sweep).
# * Training / validation / test: watch the validation curves for **overfitting** (과적합); reduce it
#   with more data, dropout, early stopping or L2; report the test set once.
#
# **Your turn:** `exercises/07_mnist.ipynb` — write one-hot encoding, a numerically stable softmax,
# the cross-entropy and the accuracy yourself and check them on the slides' iris example; predict
# what a larger bias does, derive the loss of an untrained network, write the softmax-cross-entropy
# gradient (checked by central differences) and diagnose three training runs.
