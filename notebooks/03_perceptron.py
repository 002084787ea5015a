# ---
# jupyter:
#   rise:
#     scroll: true
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # 03 · The perceptron: will it rain?
#
# *How neural networks are trained*, lesson 3 of 8 · sources: seed slides 002 (the weather example,
# "퍼셉트론 학습", the activation function) and 003 (the step function)
#
# The slides start from a weather rule of thumb: *"if the morning is cloudy and windy, it will
# probably rain"* (아침에 구름이 많고 바람이 강하면, 비가 올 확률이 높다) and *"no clouds and little wind:
# probably a clear day"*. A **perceptron** (퍼셉트론) — the simplest artificial neuron — learns such a rule
# from examples, by correcting its weights every time it is wrong.

# %% [markdown] slideshow={"slide_type": "subslide"}
# | term | 한국어 | meaning |
# |---|---|---|
# | perceptron | 퍼셉트론 | weighted sum of the inputs, then a threshold |
# | weight w | 가중치 | how much one input counts |
# | bias b | 편향 | a constant added to the sum: it moves the threshold |
# | activation function | 활성화 함수 | turns the weighted sum z into the output |
# | step function | 계단 함수 | outputs 1 if z > 0, else 0 |
# | decision line (boundary) | 결정 경계 | where z = 0: one side is "rain", the other "no rain" |
# | epoch | 에포크 | one pass over all the rows |
# | linearly separable | 선형 분리 가능 | one straight line puts every y = 1 on one side and every y = 0 on the other |

# %% tags=["colab-bootstrap"] slideshow={"slide_type": "skip"}
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %%
import matplotlib.pyplot as plt
import numpy as np

from course_lib import data, diagrams, perceptron as pc
from course_lib.display import Table, compare_with_slides
from course_lib.seeding import set_seeds

rng = set_seeds(0)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The weather table
#
# Seven mornings: how cloudy (x₁, 구름) and how windy (x₂, 바람) it was, each from 0 to 1, and whether it
# rained (y = 1) or not (y = 0).

# %%
weather = data.load_table("weather")
X = np.column_stack([weather["cloud"], weather["wind"]])
Y = weather["rain"]
Table({"row": np.arange(1, len(Y) + 1), "x₁ cloud": X[:, 0], "x₂ wind": X[:, 1], "y rain": Y},
      caption="the slides' weather table")

# %% slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(7.5, 4.5))
print(pc.draw_decision(fig, X, Y, title="Seven mornings: cloud, wind and rain"))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The rainy mornings sit up and to the right — cloudy *and* windy. A straight line can separate
# the two groups; the perceptron's job is to find one.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The perceptron and its step activation
#
# The perceptron computes a weighted sum and passes it through the **step function** (계단 함수), as
# seed 003 writes it:
#
# $$z = w_1 x_1 + w_2 x_2 + b \qquad
#   \hat y = \begin{cases} 0 & (z \le 0) \\ 1 & (z > 0) \end{cases}$$

# %%
zs = np.array([-0.5, 0.0, 0.2])
print(f"step({zs.tolist()}) = {pc.step(zs).tolist()}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The perceptron rule (퍼셉트론 학습)
#
# The slides' learning rule, applied after each row:
#
# $$w_i := w_i + \alpha\,(y - \hat y)\,x_i$$
#
# * right answer: y − ŷ = 0, nothing changes;
# * a rainy morning predicted dry (y − ŷ = +1): each weight grows by α·xᵢ, so z grows for mornings like it;
# * a dry morning predicted rainy (y − ŷ = −1): the weights shrink the same way.
#
# The bias is a weight on an input that is always 1, so its rule is b := b + α·(y − ŷ).
#
# **The same shape as lesson 02's update.** There, one SGD step on one sample of the squared error
# (y − ŷ)² with ŷ = w·x was w := w − α·(−2(y − ŷ)x) = w + 2α·(y − ŷ)·x: **error × input**, the
# **delta rule** (델타 규칙). The perceptron rule has exactly this shape (the 2 folded into α). The
# difference is ŷ: here it is step(z), which has no useful derivative, so the rule is not the gradient of
# a loss — it is the delta rule applied to the step's output, and it changes nothing when the answer is
# right.
#
# **Starting values.** The slides show the starting weights and the learning rate only in pictures
# that did not survive in the slide text, so this course **chooses** them: **w₁ = w₂ = 0, b = −1,
# α = 0.1** ("forecast no rain until cloud and wind add up to enough"). With them, the first
# predictions are the ones the slides' ŷ column shows.

# %% slideshow={"slide_type": "subslide"}
w0, b0, alpha = np.array(pc.DEFAULT_W), pc.DEFAULT_B, pc.DEFAULT_LEARNING_RATE
print(f"start: w1 = {w0[0]}, w2 = {w0[1]}, b = {b0}, learning rate α = {alpha}")

# %% [markdown]
# ### Row by row
#
# Row 1 is cloudy and windy and it rained, but with the starting weights its z is not above 0 (computed
# below), so ŷ = 0: a mistake, and the rule moves the weights. Then the first epoch, one row at a time —
# the weights in each row are the ones *after* that row's update:

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(8, 4))
print("row 1:", diagrams.draw_perceptron(ax, w0, b0, X[0], title="The perceptron on row 1, with the starting weights"),
      f"  (y = {Y[0]})")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The picture is the perceptron as the slides draw a neuron: the inputs and a constant 1 (for the bias)
# come in along arrows weighted w₁, w₂ and b; the Σ node adds them into z; the step turns z into ŷ.

# %%
trace = pc.train_trace(X, Y, w0, b0, alpha)
n = len(Y)
first_epoch = {key: values[:n] for key, values in trace.items()}
Table(first_epoch, caption="epoch 1, row by row (w1, w2, b after the update)")

# %% [markdown]
# The slides fill in the ŷ column one row at a time. The same, computed — each column is the ŷ column
# after one more row:

# %% slideshow={"slide_type": "subslide"}
Table({"y": Y, **{f"after row {k}": pc.y_hat_column(trace, k, n) for k in range(1, n + 1)}},
      caption="the ŷ column of epoch 1 filling in")

# %%
compare_with_slides({f"ŷ of row {k}": (trace["ŷ"][k - 1], "0") for k in (1, 2, 3)})

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Epochs until no mistakes
#
# One pass is not enough: the perceptron keeps going over the table, epoch after epoch, until it
# gets every row right. Then y − ŷ = 0 everywhere and the weights stop changing.

# %%
mistakes = pc.mistakes_per_epoch(trace)
clean = pc.first_clean_epoch(trace)
Table({"epoch": list(range(1, len(mistakes) + 1)), "mistakes": mistakes}, caption="mistakes per epoch")

# %% slideshow={"slide_type": "subslide"}
w, b = pc.weights_after(trace, len(trace["row"]), w0, b0)
print(f"epoch {clean} is the first with no mistakes ({clean - 1} epochs with mistakes, "
      f"{sum(mistakes)} updates in all)")
print(f"learned: w1 = {w[0]:.4f}, w2 = {w[1]:.4f}, b = {b:.4f}")
print(f"predictions {pc.predict(X, w, b).tolist()}  labels {Y.tolist()}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Only the mistakes move the weights. Every update of the whole run (epoch 1's rows are in the table
# above):

# %%
updates = [k for k, error in enumerate(trace["y − ŷ"]) if error]
Table({key: [values[k] for k in updates] for key, values in trace.items()},
      caption="the rows that changed the weights (w1, w2, b after the update)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# That the perceptron stops is no accident. The **perceptron convergence theorem** (Rosenblatt 1958,
# Novikoff 1962) says: if the rows are **linearly separable** (선형 분리 가능) — some straight line has every
# y = 1 on one side and every y = 0 on the other — the rule makes only finitely many mistakes, from
# any start and with any α > 0, and then stops. If they are not, no line is right on every row, so every
# epoch has a mistake and the rule never stops. The perceptron stops making mistakes **if and only if**
# the data are linearly separable. The next section, and lesson 04's XOR, meet data that are not.

# %% [markdown]
# ### The learned decision line
#
# The perceptron says "rain" where z = w₁x₁ + w₂x₂ + b > 0. The border, z = 0, is a straight line:
# x₂ = −(w₁x₁ + b) / w₂. Everything on the shaded side is forecast as rain.

# %% slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(7.5, 4.5))
print(pc.draw_decision(fig, X, Y, w, b, title="The learned decision line"))
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What the bias does here
#
# Without the bias the perceptron computes z = w₁x₁ + w₂x₂: its line always passes through the
# origin (0, 0). Train it the same way, with b fixed at 0, for 20 epochs:

# %%
no_bias = pc.train_trace(X, Y, w0, 0.0, alpha, use_bias=False, epochs=20)
print(f"mistakes per epoch without a bias: {pc.mistakes_per_epoch(no_bias)}")
print(f"first epoch with no mistakes: {pc.first_clean_epoch(no_bias)}")
print(f"the same number of mistakes in every epoch: {len(set(pc.mistakes_per_epoch(no_bias))) == 1}")

# %% [markdown]
# It never gets there: every epoch makes the same number of mistakes (printed above), and each epoch
# ends where it began:

# %% slideshow={"slide_type": "subslide"}
ends = np.array([pc.weights_after(no_bias, e * n, w0, 0.0)[0] for e in range(1, 21)])
print(f"after every one of the 20 epochs the weights are back at (0, 0): {np.allclose(ends, 0.0)}"
      f"   (largest leftover {np.abs(ends).max():.0e}: floating-point rounding, not a real weight)")

# %% [markdown]
# The perceptron goes round in circles. The reason is in the data itself: row 6, a **dry** morning
# (0.4, 0.3), is exactly **half** of row 1, a **rainy** morning (0.8, 0.6):

# %%
print(f"row 6 = 0.5 × row 1: {np.allclose(X[5], 0.5 * X[0])}")
random_weights = rng.normal(size=(5, 2))
same_sign = [np.sign(pc.weighted_sum(X[5], wr, 0.0)) == np.sign(pc.weighted_sum(X[0], wr, 0.0))
             for wr in random_weights]
print(f"without a bias, z(row 6) has the sign of z(row 1) for 5 random weight pairs: {all(same_sign)}")

# %% [markdown]
# Without a bias, z(row 6) = w₁·0.4 + w₂·0.3 = ½·(w₁·0.8 + w₂·0.6) = ½·z(row 1) for *any* weights, so
# both mornings always land on the same side of the line: one of them is always wrong, and the
# rule keeps pushing the weights back and forth. Both points lie on one ray from the origin (dashed),
# and every line through the origin leaves a whole ray on one side:

# %% slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(7.5, 4.5))
print(pc.draw_decision(fig, X, Y, title="Rows 1 and 6 on one ray from the origin", ray_through=0))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The bias lets the line leave the origin. In this data rain is about *how much* cloud and wind
# there is — small values mean dry, large values mean rain — so the rule needs a **threshold**:
# "rain when w₁x₁ + w₂x₂ > −b". The learned −b is that threshold; a line through the origin can only
# compare the *ratio* of wind to cloud, and rows 1 and 6 have the same ratio.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it: one sample, one epoch at a time
#
# Press **▶ 1 sample** to apply the rule to the next row: the red frame marks the row, the ŷ column
# fills in (green right, red wrong), and the line moves after each mistake. **▶▶ 1 epoch** runs a whole
# pass. Change the learning rate α, or untick *train the bias b* to watch the perceptron without a bias
# go round in circles.
#
# While the whole view lies on one side of the line — as at the start, where z < 0 for every morning —
# the line itself is outside the picture, and the plot says so.

# %%
visible = pc.first_sample_line_in_view(pc.train_trace(X, Y, w0, b0, alpha, epochs=8), w0, b0)
print(f"at α = {alpha} the decision line first enters the view after sample {visible}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# *(Where no widget can run — on GitHub, or in a static copy — the picture shows the state after that
# sample.)*

# %%
explorer = pc.perceptron_explorer(X, Y, w0, b0, alpha)
explorer.set(samples=visible)
explorer

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why an activation function? Step vs sigmoid
#
# The slides (seed 002) motivate the activation function (활성화 함수) with the brain:
#
# * a network does not pass one layer's signal on as it is, but through an activation function;
# * the neurons of the brain, too, do not pass on every stimulus — only a stimulus **above a threshold**
#   (역치) makes a neuron fire;
# * and to solve classification problems with models built from linear parts, a **non-linear**
#   activation function is needed.
#
# The step function is that threshold exactly: below it, silence (0); above it, a spike (1). The
# **sigmoid** (시그모이드) σ(z) = 1 / (1 + e^(−z)) is a smooth version of the same step:

# %% slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(7, 3.6))
print(pc.draw_activations(fig))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# With the learned weights, the two activations side by side on every row:

# %%
z = pc.weighted_sum(X, w, b)
Table({"x₁": X[:, 0], "x₂": X[:, 1], "y": Y, "z": z, "step(z)": pc.step(z), "σ(z)": pc.sigmoid(z)},
      caption=f"learned w1 = {w[0]:.2f}, w2 = {w[1]:.2f}, b = {b:.2f}")

# %% [markdown]
# %%
sigmas = pc.sigmoid(z)
print(f"σ(z) on the seven rows lies between {sigmas.min():.3f} and {sigmas.max():.3f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The step answers only yes or no; σ(z) answers *how far* a morning is from the line, on a 0–1
# scale (with these small weights every z is small, so σ(z) stays in the narrow range printed above).
# More important for training: the step is
# flat everywhere (its slope is 0, and at 0 it jumps), so its derivative tells gradient descent nothing,
# while the sigmoid has a slope at every z. That is why the networks of the next lessons use sigmoid-like
# activations and learn by gradient descent (lesson 02) instead of the perceptron rule.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Recap
#
# * A **perceptron** computes z = w₁x₁ + w₂x₂ + b and answers ŷ = step(z): 1 (rain) if z > 0, else 0.
# * The **perceptron rule** wᵢ := wᵢ + α(y − ŷ)xᵢ — error × input, the shape of lesson 02's update —
#   changes the weights only after a mistake, one row at a time; epoch after epoch, until an epoch has no
#   mistakes (computed above for the chosen start). By the convergence theorem that happens if and only
#   if the data are linearly separable.
# * The learned weights define a **decision line** z = 0 between the rainy and the dry mornings.
# * The **bias** moves that line away from the origin. Without it this table cannot be learned: a dry
#   morning is exactly half of a rainy one, so no line through the origin separates them.
# * The step is a threshold, like a neuron's; the **sigmoid** is its smooth cousin, with a slope that
#   gradient descent can use.
#
# **Your turn:** `exercises/03_perceptron.ipynb` — write the step function and the perceptron update,
# train on the weather table, derive the decision line and decide which side means rain, predict
# whether the learning rate changes the forecasts, and forecast a new morning.
