# ---
# jupyter:
#   rise:
#     scroll: true
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # 06 · Optimizers: from SGD to Adam, from scratch and in Keras
#
# *How neural networks are trained*, lesson 6 of 8 · source: seed slides 002 ("최적화 함수
# (Optimizer)") and 001 ("옵티마이저 (OPTIMIZERS)")
#
# Gradient descent says *which way* is downhill. An **optimizer** (최적화 함수, 옵티마이저) decides
# *how far* to step, and how to use the gradients it has seen before. In this lesson we
#
# 1. feed one update rule the data in three ways: **batch**, **stochastic** and **mini-batch**
#    gradient descent, on the slides' six points and on a larger problem,
# 2. write the slides' seven optimizers in NumPy — SGD, momentum, NAG, AdaGrad, RMSProp, AdaDelta,
#    Adam — and check every one against `keras.optimizers`, step by step,
# 3. see where the slides write a rule differently from Keras, and when the two agree,
# 4. race the optimizers on 2-D loss surfaces, and use them in Keras as the slides do.

# %% [markdown] slideshow={"slide_type": "subslide"}
# | term | 한국어 | meaning |
# |---|---|---|
# | optimizer | 최적화 함수 / 옵티마이저 | the rule that turns gradients into weight updates |
# | batch gradient descent | 배치 경사 하강법 | one update per pass over *all* the data |
# | stochastic gradient descent (SGD) | 확률적 경사 하강법 | one update per single example |
# | mini-batch gradient descent | 미니배치 경사 하강법 | one update per small random batch |
# | learning rate α | 학습률 | the step size |
# | momentum, velocity *v* | 모멘텀, 속도 벡터 | a running memory of past steps |
# | exponential moving average | 지수 이동 평균 | an average that weights recent values more |
# | bias correction | 편향 보정 | Adam's fix for averages that start at zero |
# | learning-rate decay, schedule | 학습률 감쇠, 학습률 스케줄 | lowering the learning rate as training goes on |
#
# Every number below is computed by the code cell above it; where the slides print a number, the
# notebook checks it.

# %% tags=["colab-bootstrap"] slideshow={"slide_type": "skip"}
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %% slideshow={"slide_type": "subslide"}
import inspect

import keras
import matplotlib.pyplot as plt
import numpy as np

from course_lib import data, keras_parity, minibatch, optimizer_race, optimizers, schedules, slide_optimizers
from course_lib.display import Table, compare_with_slides
from course_lib.seeding import set_seeds

rng = set_seeds(0, tensorflow=True)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The slides' example: one update rule, fed three ways
#
# The slides fit the six points below with the line **ŷ = w·x** (no intercept), starting from
# **w = 0.2**, with learning rate **α = 0.01** and the mean squared error as the loss L. The update
# rule is always the same,
#
# $$w \leftarrow w - \alpha\,\frac{\partial L}{\partial w}, \qquad
#   \frac{\partial L}{\partial w} = \frac{1}{n}\,(-2)\sum_{i=1}^{n}(y_i - \hat y_i)\,x_i ,$$

# %% [markdown] slideshow={"slide_type": "subslide"}
# and what changes is *which* examples the sum runs over: all six (batch gradient descent), one at
# a time (stochastic), or a few (mini-batch).

# %%
six = data.load_table("regression_six_points")
x, y = six["x"].astype(float), six["y"]
w0, alpha = 0.2, 0.01
Table({"x": x, "y": y, "ŷ = 0.2x": w0 * x, "y − ŷ": y - w0 * x, "(y − ŷ)·x": (y - w0 * x) * x},
      caption="the six points and the first guess w = 0.2")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Batch gradient descent**: the gradient over all six points, then one update.

# %%
loss0, grads = minibatch.linear_loss_and_grads({"w": np.array([w0])}, x, y)
w_batch = w0 - alpha * grads["w"][0]
print(f"MSE at w = 0.2: {loss0:.4f}   ∂L/∂w = {grads['w'][0]:.4f}   new w = {w_batch:.4f}")

# %% [markdown]
# **Stochastic gradient descent**: the slides pick the example x = 2, update, then x = 4 and update
# again. Each step uses the prediction of the weight *as it is now*.

# %%
w, sgd_weights = w0, []
for i in (2, 4):
    _, grads = minibatch.linear_loss_and_grads({"w": np.array([w])}, x[[i]], y[[i]])
    new_w = w - alpha * grads["w"][0]
    print(f"example x = {x[i]:g}, y = {y[i]:g}: prediction ŷ = {w:.3f}·{x[i]:g} = {w * x[i]:.3f}, new w = {new_w:.4f}")
    w = new_w
    sgd_weights.append(w)

# %% slideshow={"slide_type": "subslide"}
compare_with_slides({
    "MSE at w = 0.2": (loss0, "5.66"),
    "batch GD: new w": (w_batch, "0.343"),
    "SGD, x = 2: new w": (sgd_weights[0], "0.272"),
    "SGD, then x = 4: new w": (sgd_weights[1], "0.552"),
})

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Erratum (slide "Stochastic Gradient Descent", second update).** The slide computes
# > `w := 0.272 − 0.01·((1/1)·(−2)·(4.3 * 0.8)·4)`: its prediction 0.8 is that of the *old* weight
# > 0.2 (0.2·4), not of the current w = 0.272 (0.272·4 = 1.088). With the current weight the
# > residual is 4.3 − 1.088 and the new w is the computed value above, not 0.552.
# >
# > **Erratum (same slides, misprint).** Both SGD lines print the residual as a product,
# > `(2.2 * 0.4)` and `(4.3 * 0.8)`, where they mean the difference y − ŷ: `(2.2 − 0.4)` and
# > `(4.3 − 0.8)`. Read as printed, the first step gives a different w (computed below); the
# > slide's 0.272 is what the difference gives.

# %%
as_printed_step1 = w0 - alpha * (1 / 1 * (-2) * (2.2 * 0.4) * 2)
stale_step2 = sgd_weights[0] - alpha * (1 / 1 * (-2) * (4.3 - 0.8) * 4)
print(f"step 1 read as printed (2.2 * 0.4): w = {as_printed_step1:.4f}")
print(f"step 2 with the stale prediction 0.8: w = {stale_step2:.4f}   (the slide's number)")
print(f"step 2 with the current prediction {sgd_weights[0] * 4:.3f}: w = {sgd_weights[1]:.4f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Batch, stochastic and mini-batch, side by side
#
# Now many updates. `minibatch.fit_linear` cuts the data into batches (`minibatch.minibatches`,
# a new random order every epoch), updates with plain `SGD` after each batch, and records the loss
# on *all* the data after every update. Batch size 6 is batch gradient descent, 1 is stochastic,
# 2 is mini-batch. Ten epochs (에포크: passes over the data) each:

# %% slideshow={"slide_type": "subslide"}
def compare_batch_sizes(X, targets, start, sizes, epochs, learning_rate):
    """One run of plain SGD per batch size, each from the same start and with its own shuffling."""
    return {label: minibatch.fit_linear(X, targets, start, optimizers.SGD(learning_rate=learning_rate),
                                        batch_size=size, epochs=epochs, rng=np.random.default_rng(1))
            for label, size in sizes.items()}


six_runs = compare_batch_sizes(x, y, {"w": np.array([w0])},
                               {"batch (6)": 6, "stochastic (1)": 1, "mini-batch (2)": 2}, epochs=10,
                               learning_rate=alpha)
best_w = (x @ y) / (x @ x)
best_loss = float(np.mean((y - best_w * x) ** 2))
fig = plt.figure(figsize=(11, 3.8))
print(minibatch.draw_gd_variants(fig, six_runs, "the slides' six points, learning rate 0.01, 10 epochs",
                                 best_loss=best_loss))
print(f"least squares: w = {best_w:.4f}, MSE = {best_loss:.4f}")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Per **update** (left), batch gradient descent is the smoothest; per **example seen** (right) —
# the real cost, since every example costs one gradient computation — stochastic and mini-batch
# get much further on the same budget. On six points the noise is small. A larger problem shows
# it: 1,000 examples, 10 features, y = X·w + 1 + noise, a weight vector and a bias to learn.

# %% slideshow={"slide_type": "subslide"}
X_big, y_big, w_true = minibatch.make_regression(n=1000, features=10, noise=0.5, rng=rng)
big_runs = compare_batch_sizes(X_big, y_big, {"w": np.zeros(10), "b": np.asarray(0.0)},
                               {"batch (1000)": 1000, "stochastic (1)": 1, "mini-batch (32)": 32}, epochs=5,
                               learning_rate=0.01)
fit = np.linalg.lstsq(np.column_stack([X_big, np.ones(len(y_big))]), y_big, rcond=None)[0]
big_best = float(np.mean((y_big - X_big @ fit[:-1] - fit[-1]) ** 2))
fig = plt.figure(figsize=(11, 3.8))
print(minibatch.draw_gd_variants(fig, big_runs, "1,000 examples, 10 features, learning rate 0.01, 5 epochs",
                                 best_loss=big_best))
print(f"least-squares MSE (the noise floor): {big_best:.4f}")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The stochastic curve is ragged: each update follows one example's gradient, which points only
# roughly downhill, so the loss jumps up and down around the floor instead of settling on it.
# Mini-batches of 32 average that noise away enough and still make over a hundred updates in five
# epochs; batch gradient descent has made five. This is why deep learning trains on mini-batches
# (the slides: "확률적 장점 + 배치 장점"), and why the *batch size* (배치 크기) is a hyperparameter.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Seven optimizers, one interface
#
# `course_lib.optimizers` has one small class per optimizer of the slides. They all work the same
# way (the way lesson 07's NumPy network will use them):
#
# ```python
# opt = optimizers.Adam(learning_rate=0.001)      # Keras's argument names and defaults
# opt.update(params, grads)                       # dicts name → array; params change in place
# ```
#
# Each keeps its memory (velocity, accumulated squares…) per parameter name in `opt.state`. Here
# is momentum on the bowl L = w₁² + w₂², three steps, watching the velocity build up:

# %%
params = {"w": np.array([1.0, -2.0])}
opt = optimizers.Momentum(learning_rate=0.1, momentum=0.9)
for step in range(1, 4):
    grads = {"w": 2 * params["w"]}  # ∂L/∂w of w₁² + w₂²
    opt.update(params, grads)
    print(f"step {step}: w = {np.round(params['w'], 4)}   velocity = {np.round(opt.state['w']['velocity'], 4)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **The update rules, as you would write them.** Plain SGD is one line, `w -= learning_rate * g`.
# The others keep a little memory per weight. Here is each rule as the slides write it, one line of
# NumPy per line of the formula: a pure function of the weights w, their memory (the velocity v,
# the sums G and E, Adam's m and v) and g = ∂L/∂w, returning the new ones; `learning_rate` is the
# slides' α. They are in `course_lib.slide_optimizers`, whose `Slide…` classes call them; the
# section "Where the slides write it differently" runs those next to Keras's forms.

# %% slideshow={"slide_type": "subslide"}
readable = {
    "Momentum (모멘텀)": [slide_optimizers.momentum_step],
    "NAG (네스테로프 가속 경사), and where SlideNesterov takes g":
        [slide_optimizers.nesterov_step, slide_optimizers.SlideNesterov.gradient_point],
    "AdaGrad": [slide_optimizers.adagrad_step],
    "RMSProp": [slide_optimizers.rmsprop_step],
    "AdaDelta": [slide_optimizers.adadelta_step],
    "Adam": [slide_optimizers.adam_step],
}
for name, functions in readable.items():
    print(f"# ── {name}")
    for function in functions:
        print(inspect.getsource(function))

# %% [markdown] slideshow={"slide_type": "subslide"}
# The classes the rest of the course uses (`optimizers.SGD`, `Momentum`, `Nesterov`, `Adagrad`,
# `RMSprop`, `Adadelta`, `Adam`) do the same arithmetic, but in Keras's conventions and written for
# speed: in place (`out=`, `-=`), so float32 weights stay float32 and no array is copied, in the
# order Keras does it, so the next section can match Keras to the last bit. Each writes its rule in
# its docstring (`help(optimizers.Adam)`); the code is in `course_lib/optimizers.py`.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Matched against Keras, bit for bit
#
# Is the NumPy code really what Keras does? `keras_parity.compare_with_keras` starts our optimizer
# and Keras's from the same weights of a small 3-8-1 tanh network (four weight arrays), computes
# the gradient at our weights at every step, hands *the same* gradient to `opt.update` and to
# Keras's `apply_gradients`, and records the largest relative difference of any weight over 100
# steps (float32, Keras's defaults).

# %% [markdown] slideshow={"slide_type": "subslide"}
# *(The exact differences can depend on the machine, so the next cell's output is not compared in
# CI; the cell after it checks that every one is within 1e-6.)*

# %% tags=["nbval-ignore-output"]
parity = {cls.title: keras_parity.compare_with_keras(cls(), steps=100) for cls in optimizers.OPTIMIZERS}
Table({"optimizer": list(parity), "Keras": [f"keras.optimizers.{c.keras_call()}" for c in optimizers.OPTIMIZERS],
       "largest relative difference (100 steps)": [f"{v:.1e}" for v in parity.values()]},
      caption="our NumPy optimizers against keras.optimizers")

# %% slideshow={"slide_type": "subslide"}
assert max(parity.values()) <= 1e-6
print(f"all {len(parity)} optimizers agree with Keras to 1e-6 relative over 100 steps ✓")

# %% [markdown]
# Where a difference shows 0.0e+00 the two agree to the last bit: the NumPy code performs Keras's
# float32 operations in Keras's order. (`tests/test_keras_parity.py` runs the same check with other
# hyperparameters, and in float64.)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Where the slides write it differently
#
# The slides write several rules in another *convention* than Keras. Neither is wrong — but the
# same hyperparameters give different weights. For each rule, `keras_parity.CONVENTIONS` holds the
# slides' form (classes `SlideMomentum`, `SlideNesterov`, … with the slides' α, β, ε) and Keras's,
# and `convention_gap` runs both for 200 steps on the network above and reports the largest
# difference of any weight: first as each source sets them up, then under the matching setting.

# %% slideshow={"slide_type": "subslide"}
start, gradient = keras_parity.parity_problem(np.float64)
conventions = keras_parity.CONVENTIONS
usual = [keras_parity.convention_gap(c, gradient, start, matched=False) for c in conventions]
matched = [keras_parity.convention_gap(c, gradient, start) for c in conventions]
Table({
    "rule": [c.name for c in conventions],
    "slides vs Keras": [c.difference for c in conventions],
    "largest gap, usual settings": [keras_parity.format_gap(gap) for gap in usual],
    "they coincide when": [c.coincide_when for c in conventions],
    "largest gap, matched": [keras_parity.format_gap(gap) for gap in matched],
}, caption="slides' form vs Keras's form, 200 steps on the 3-8-1 network")

# %% [markdown] slideshow={"slide_type": "subslide"}
# What each row says:
#
# * **Momentum.** The slides' v is an *average* of gradients, v ← βv + (1−β)·∂L/∂w, and the step is
#   −αv. Keras's v is the *step itself*, v ← βv − lr·g. Unrolled, the slides' step is
#   α(1−β)·Σβᵏg and Keras's is lr·Σβᵏg: the same when **lr = α(1 − β)** — with β = 0.9, Keras's
#   learning rate 0.01 moves like the slides' α = 0.1.
# * **Momentum in PyTorch and optax** is a third form: they store a decaying *sum of gradients*,
#   m ← μm + g, and step −lr·m (`torch.optim.SGD(momentum=…)`, `optax.sgd(momentum=…)`; here
#   `schedules.GradientSumMomentum`). Keras (and this course) store the *step*, v ← μv − lr·g.
#   While lr is constant, v = −lr·m and the weights are the same. They agree **only while lr is
#   constant**: when lr changes, Keras's v still carries the steps taken at the old lr, while PyTorch
#   multiplies the whole sum by the new lr at once. Lesson 07 lowers lr every epoch, so there the two
#   libraries' "momentum 0.9" are not the same optimizer. (Demonstration below the list.)

# %% [markdown] slideshow={"slide_type": "subslide"}
# * **NAG.** The slides take the gradient at the look-ahead point w − βv. Keras rewrites the rule so
#   that the weights it stores *are* that look-ahead point; the gradient is then taken at the
#   stored weights. Same path, read at a shifted point.
# * **AdaGrad.** Keras starts the sum of squares at 0.1, the slides at 0; with a zero start they agree.
# * **RMSProp.** Both put ε inside the square root; only the usual ε differs (slides 1e-8, Keras 1e-7).
# * **AdaDelta.** The original rule, and the slides', has no learning rate at all (its point!).
#   Keras multiplies the step by `learning_rate`, default **0.001** — a thousand times smaller —
#   so Keras's default AdaDelta barely moves; `learning_rate=1.0` is the slides' rule. The decay
#   differs too: the slides' usual β is **0.9** ("일반적으로 0.9"), Keras's `rho` defaults to
#   **0.95** (the AdaDelta paper's value). The table's "usual settings" row runs each with its own
#   (`SlideAdadelta()` has β = 0.9); the matched row uses 0.95 on both sides, and so does the race below.
# * **Adam.** Keras folds the bias corrections into the learning rate,
#   α_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ), and adds ε to √v instead of √v̂: its ε is the slides' ε times
#   √(1−β₂ᵗ), a different amount at every step. They coincide exactly only for ε = 0, and differ
#   noticeably only while √v is as small as ε.

# %% [markdown]
# **Momentum's two conventions, computed.** L = w²/2 (so g = w), w starts at 1, momentum 0.9. First
# the same learning rate 0.1 at every step, then 0.1 for three steps and 0.01 after (a *step decay*
# of the learning rate, 학습률 감쇠):

# %% slideshow={"slide_type": "subslide"}
steady = schedules.momentum_forms(lambda step: 0.1, steps=6)
print(f"lr = 0.1 throughout: largest |w_Keras − w_PyTorch| over 6 steps = "
      f"{np.max(np.abs(steady['keras'] - steady['pytorch'])):.1e}")
dropped = schedules.momentum_forms(lambda step: 0.1 if step < 3 else 0.01, steps=6)
moves = {form: dropped[form][3] - dropped[form][2] for form in ("keras", "pytorch")}
print(f"step 4, the first at lr = 0.01: Keras moves w by {moves['keras']:+.4f}, PyTorch/optax by {moves['pytorch']:+.4f}")
Table({"step": list(range(1, 7)), "learning rate": dropped["learning_rate"],
       "Keras: v ← μv − lr·g": dropped["keras"], "PyTorch/optax: m ← μm + g, w −= lr·m": dropped["pytorch"],
       "difference (rounded to 1e-12)": np.round(dropped["keras"] - dropped["pytorch"], 12) + 0.0},
      caption="w after each step when the learning rate drops from 0.1 to 0.01 after step 3")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Up to step 3 the two columns are the same. From step 4 on, Keras's step still contains the velocity
# built at lr = 0.1 (each past step keeps the lr it was taken with), while PyTorch's step is the new
# lr times the whole sum of gradients: the same "momentum 0.9 with this schedule" gives different
# weights in the two libraries.
#
# > **Erratum (slides "RMSProp" and the summary "RMSProp" box).** Both write
# > E[g²]ₜ = E[g²]ₜ₋₁ + (1−β)·(∂L/∂w)², without the factor β on E[g²]ₜ₋₁. As printed, E is a
# > growing *sum*, like AdaGrad's, and RMSProp would slow down and stall like AdaGrad — the very
# > problem the slide says it solves. The exponential moving average the slide describes
# > ("지수 이동 평균"), and the one Keras uses, is E[g²]ₜ = **β**·E[g²]ₜ₋₁ + (1−β)·g² (the AdaDelta
# > slide writes it correctly). Below, a constant gradient g = 1 for 100 steps:

# %%
constant_gradient = lambda p: {"w": np.ones(1)}  # noqa: E731
as_printed, as_meant = slide_optimizers.SlideRMSprop(as_printed=True), slide_optimizers.SlideRMSprop()
for rule in (as_printed, as_meant):
    slide_optimizers.trajectory(rule, constant_gradient, {"w": np.zeros(1)}, steps=100)
print(f"E[g²] after 100 steps of g = 1:  as printed {as_printed.state['w']['E'][0]:.4f}   "
      f"as meant {as_meant.state['w']['E'][0]:.4f}   (the average of g² is 1)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Erratum (summary slide "Adam").** It writes v_t = β₂v_{t−1} + (1−β₂)·∂L²/∂w; the second moment
# > is the moving average of the *squared gradient*, (∂L/∂w)², as the earlier Adam slide writes.
# > Both Adam slides also label β₂ "1차 모멘트의 감쇠 계수" (decay of the *first* moment); β₂ is the
# > decay of the **second** moment (2차 모멘트), v.
# >
# > **Erratum (summary slide "Momentum", typo).** "수도 벡터" should read "속도 벡터" (velocity vector).
#
# The exercise's self-check recognises the Adam slide's misprint: a v that averages g instead of g²
# is named as that mistake.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The optimizer race
#
# The same seven optimizers, each from the same start, on four 2-D loss surfaces
# (`course_lib.optimizer_race`): a round bowl, a long narrow valley (40 times steeper across than
# along), a saddle point between two minima (starting almost exactly on the ridge), and a
# Rosenbrock-like curved valley. SGD, momentum and NAG step by learning rate × gradient, while
# AdaGrad, RMSProp and Adam step by about one learning rate whatever the gradient's size, so each
# family gets its own learning rate; AdaDelta runs as the slides write it, without one (but with
# Keras's decay ρ = 0.95, see above).
#
# One column per optimizer: its path on each surface (★ the minimum, ● the start), the final
# f − f_min in the corner, and at the bottom its loss on all four surfaces, each divided by its
# value at the start so that the four fit on one axis.

# %% slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(14, 10.5))
overview = optimizer_race.draw_race_by_optimizer(fig, steps=100)
plt.show()
optimizer_race.race_table(steps=100)

# %% [markdown] slideshow={"slide_type": "subslide"}
# What to look for:
#
# * **Valley:** plain SGD crawls along the shallow direction (its step there is 0.1 × a tiny
#   gradient). Momentum and NAG pile up speed along the valley; NAG's look-ahead damps the swinging.
#   RMSProp and Adam divide each direction by its own gradient size and head almost straight in.
# * **Saddle:** at the ridge the gradient across is almost zero, so SGD waits there until the tiny
#   offset grows; Adam's per-direction scaling makes even a tiny gradient a full-size step.
# * **AdaGrad** keeps adding squared gradients, so its steps shrink and it slows down everywhere
#   (the slides' "감쇠"). **AdaDelta** starts with steps of about √ε and, on these short runs,
#   barely leaves the start.
# * No optimizer wins everywhere, and every one of them depends on its learning rate.
#
# Try it: pick a surface, change the learning rates, the momentum and the number of steps.
# Can you make NAG diverge on the valley? Make plain SGD beat Adam on the bowl?
#
# *(Where no widget can run — on GitHub, or in a static copy — the picture shows the starting settings.)*

# %% slideshow={"slide_type": "subslide"}
optimizer_race.race_explorer("valley")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why RMSProp jumps back, and learning-rate decay (학습률 감쇠)
#
# Look at RMSProp (orange) in the race: on the bowl its loss falls far below 1e-10 and then climbs
# back; on the banana it spikes. The rule explains it. A step is
#
# $$w \leftarrow w - \frac{\text{lr}}{\sqrt{E[g^2] + \epsilon}}\,g, \qquad
#   E[g^2] \leftarrow \rho\,E[g^2] + (1-\rho)\,g^2 ,$$
#
# so the step is lr times g/√E[g²]: a gradient divided by its own recent size, **about lr long
# whatever the gradient**. On the bowl, g = w, so each step multiplies each coordinate by
# 1 − lr/√(E[g²] + ε). While the *multiplier* lr/√(E[g²] + ε) is below 2, |w| shrinks; above 2,
# every step overshoots by more than it corrects and |w| grows. E[g²] remembers the large early
# gradients, so at first the multiplier is small and w collapses towards 0. But then E[g²] forgets
# (× ρ every step) and the tiny new gradients cannot refill it: E[g²] shrinks with g, the multiplier
# climbs past 2, and w grows back until its g² refills E[g²]. RMSProp ends up hovering around the
# minimum with steps of about lr in each coordinate. With a **constant** learning rate it cannot
# settle closer.
#
# The cure is to make the learning rate itself shrink: **learning-rate decay** (학습률 감쇠), with a
# **schedule** (학습률 스케줄) such as Keras's
# `keras.optimizers.schedules.ExponentialDecay(lr, decay_steps=1, decay_rate=0.98)`: lr·0.98^step.
# `optimizer_race.rmsprop_decay_study` runs RMSProp from the race's start for 300 steps with the
# race's learning rate, once constant and once decayed, and records E[g²] at every step:

# %% slideshow={"slide_type": "subslide"}
bowl_study = optimizer_race.rmsprop_decay_study("bowl", decay_rate=0.98)
banana_study = optimizer_race.rmsprop_decay_study("rosenbrock", decay_rate=0.98)
fig = plt.figure(figsize=(12, 8.5))
print(optimizer_race.draw_rmsprop_decay(fig, bowl_study, banana_study))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# What the trace says, read from the runs above:

# %% slideshow={"slide_type": "subslide"}
loss, multiplier = bowl_study.loss["constant"], bowl_study.multiplier["constant"].max(axis=1)
lr = bowl_study.learning_rate
lowest = int(np.argmin(loss))
grows = lowest + int(np.argmax(multiplier[lowest:] > 2)) + 1  # multiplier[k] belongs to step k + 1
back = lowest + int(np.argmax(loss[lowest:] > 1e-3))
print(f"bowl, constant lr = {lr:g}: f − f_min first below 1e-10 at step {int(np.argmax(loss < 1e-10))}, "
      f"lowest {loss[lowest]:.1e} at step {lowest};")
print(f"  the multiplier passes 2 at step {grows}, and the loss is back above 1e-3 at step {back};")
tail = slice(-100, None)
step_x, step_y = np.median(np.abs(bowl_study.traces["constant"].steps[tail]), axis=0)
print(f"  over the last 100 steps the median step is {step_x:.3f} in x and {step_y:.3f} in y (lr = {lr:g}), "
      f"and f − f_min stays between {loss[tail].min():.1e} and {loss[tail].max():.1e}")
print(f"  (hovering with multiplier ≈ 2 means √E[g²] ≈ lr/2 ≈ |w| per coordinate: f ≈ lr²/4 = {lr ** 2 / 4:.1e})")
decayed = bowl_study.loss["decayed"]
print(f"bowl, lr decayed to {bowl_study.traces['decayed'].learning_rates[-1]:.1e}: final f − f_min "
      f"{decayed[-1]:.1e} against {loss[-1]:.1e} with the constant lr")
for name in ("constant", "decayed"):
    rise, at = banana_study.largest_rise(name)
    print(f"banana, {name:<8}: largest climb above the lowest loss so far ×{rise:.1f} (at step {at}), "
          f"final f − f_min {banana_study.loss[name][-1]:.1e}")

# %% slideshow={"slide_type": "subslide"}
assert loss.min() < 1e-10 < 1e-3 < loss[-1] and decayed[-1] < loss[-1] / 100
assert banana_study.largest_rise("decayed")[0] < banana_study.largest_rise("constant")[0]
assert banana_study.loss["decayed"][-1] < banana_study.loss["constant"][-1]
print("RMSProp with a constant lr climbs back on the bowl and spikes on the banana; with lr·0.98^step "
      "it ends lower on both ✓")

# %% [markdown]
# On the bowl the decayed run dips and climbs back too — the same mechanism — but the level it climbs
# back to follows the learning rate down (bottom left: after the climb, the step length tracks lr in
# both runs). On the banana, the constant run's steps stay about lr long at the bottom of a narrow
# curved valley whose walls are steep, so a step across the valley lands high on the opposite wall:
# the spikes. As the decayed lr shrinks, those steps shrink with it. Adam divides by √v in the same
# Adam's step, lr·m̂/√v̂, is built the same way, about lr long whatever the gradient's size. This is
# why training is usually run with a schedule that lowers the learning rate; lesson 07 lowers it
# every epoch.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## In Keras, as the slides use it
#
# The slides build an optimizer object and pass it to `compile`:
#
# ```python
# from tensorflow.keras import optimizers
# opti = optimizers.SGD(learning_rate=0.01, momentum=0.9)                   # momentum
# opti = optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True)    # NAG
# model.compile(loss='mse', optimizer=opti, metrics=['acc'])
# model.compile(loss="mse", optimizer="Adam", metrics=["acc"])              # by name
# ```
#
# "Adagrad, RMSprop, Adam 등은 이름으로 지정 가능": by name, an optimizer gets Keras's defaults.
# (`tensorflow.keras.optimizers` is `keras.optimizers`. We leave out `metrics=['acc']`: accuracy
# counts exact matches, which means nothing for a regression with MSE loss.)
#
# A small network (1 → 16 tanh → 1) learns the wavy curve y = sin(1.5x) + noise; every model starts
# from the same weights, trains 25 epochs on mini-batches of 64, and we record the MSE on all the data
# after each epoch (`keras_parity.train_keras_model` does what `model.fit` does, batch by batch).

# %% slideshow={"slide_type": "subslide"}
x_wave, y_wave = keras_parity.wavy_regression(n=256, seed=0)


def build_model():
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((1,)), keras.layers.Dense(16, activation="tanh"), keras.layers.Dense(1)])


initial_weights = build_model().get_weights()
choices = {
    "SGD(learning_rate=0.01)": keras.optimizers.SGD(learning_rate=0.01),
    "SGD(0.01, momentum=0.9)": keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
    "SGD(0.01, momentum=0.9, nesterov=True)": keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True),
    '"adagrad"': "adagrad",
    '"rmsprop"': "rmsprop",
    '"Adam"': "Adam",
    "Adam(learning_rate=0.01)": keras.optimizers.Adam(learning_rate=0.01),
}
curves, fitted = {}, {}
for label, opti in choices.items():
    model = build_model()
    model.set_weights(initial_weights)
    model.compile(loss="mse", optimizer=opti)
    curves[label] = keras_parity.train_keras_model(model, x_wave, y_wave, epochs=25, batch_size=64, seed=0)
    fitted[label] = model.predict_on_batch(x_wave)
    print(f"{label:<40} → {type(model.optimizer).__name__}, learning rate {float(model.optimizer.learning_rate):g}")

# %% slideshow={"slide_type": "subslide"}
fig, (loss_ax, fit_ax) = plt.subplots(1, 2, figsize=(12, 4), gridspec_kw={"width_ratios": (1.3, 1)})
colors = dict(zip(curves, plt.rcParams["axes.prop_cycle"].by_key()["color"]))
for label, curve in curves.items():
    loss_ax.plot(curve, marker=".", color=colors[label], label=label)
loss_ax.set(yscale="log", xlabel="epoch", ylabel="MSE on all data (log scale)",
            title=f"the same network, {len(curves)} optimizers")
loss_ax.legend(fontsize="small")
fit_ax.scatter(x_wave, y_wave, s=6, color="0.6", label="data")
for label in ("SGD(0.01, momentum=0.9)", '"Adam"', "Adam(learning_rate=0.01)"):
    fit_ax.plot(x_wave, fitted[label], color=colors[label], label=label)
fit_ax.set(xlabel="x", ylabel="y", title="the fitted curves after 25 epochs")
fit_ax.legend(fontsize="small")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# *(Keras's arithmetic can differ in the last digits between machines, so the table of final losses
# is not compared in CI; the cell after it checks its shape.)*

# %% tags=["nbval-ignore-output"]
Table({"optimizer": list(curves), "MSE at start": [c[0] for c in curves.values()],
       "MSE after 25 epochs": [c[-1] for c in curves.values()]}, caption="the Keras runs")

# %% slideshow={"slide_type": "subslide"}
final = {label: curve[-1] for label, curve in curves.items()}
assert final["SGD(0.01, momentum=0.9)"] < 0.5 * final["SGD(learning_rate=0.01)"]
assert final["SGD(0.01, momentum=0.9, nesterov=True)"] < 0.5 * final["SGD(learning_rate=0.01)"]
assert final["Adam(learning_rate=0.01)"] < 0.5 * final['"Adam"']
assert all(np.isfinite(c).all() and c[-1] < c[0] for c in curves.values())
print("momentum, NAG and Adam at 0.01 end well below plain SGD and default Adam; every optimizer lowered the loss ✓")

# %% [markdown]
# With the slides' settings, momentum and NAG (learning rate 0.01, momentum 0.9) fit the curve
# within 25 epochs. The optimizers chosen by name use Keras's default learning rate **0.001**, ten
# times smaller, and are still on their way; the same Adam with `learning_rate=0.01` catches up.
# "adam" by name is a good start on large networks, but its defaults are not magic on every
# problem. AdaGrad at 0.001 also pays for its ever-shrinking steps.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary: the seven optimizers
#
# The slides' summary table, generated from the classes in `course_lib.optimizers` (their rules,
# defaults and Keras calls; the prose sits next to `summary_table`), so the table and the code cannot
# drift apart. First, a check that every default in the table *is* Keras's default, read from Keras
# itself:

# %%
for cls in optimizers.OPTIMIZERS:
    keras_side = keras_parity.keras_defaults(cls)
    assert keras_side == cls.keras_equivalent().hyperparameters(), (cls, keras_side)
print("every default matches keras.optimizers:", ", ".join(f"{c.keras_class}" for c in optimizers.OPTIMIZERS), "✓")

# %% slideshow={"slide_type": "subslide"}
optimizers.summary_table()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Errata: the slides' real errors in this lesson (정오표)
#
# > **Errata**
# >
# > 1. **SGD's second update uses the old prediction** (slide "Stochastic Gradient Descent"): 0.8 is the
# >    prediction of w = 0.2, not of the current w = 0.272, so its 0.552 is wrong (the row marked
# >    "real error" in the first comparison).
# > 2. **`(2.2 * 0.4)`, `(4.3 * 0.8)`** (same slides): the residual y − ŷ printed as a product — possibly
# >    the text extraction's × for a −; the slide's 0.272 follows from the difference.
# > 3. **RMSProp without β** (slides "RMSProp" and the summary box): E[g²]ₜ = E[g²]ₜ₋₁ + (1−β)·g² is a
# >    growing sum; the moving average is β·E[g²]ₜ₋₁ + (1−β)·g².
# > 4. **Adam's v_t** (summary slide): the second moment averages (∂L/∂w)², not ∂L²/∂w; β₂ decays the
# >    *second* moment, not the first.
# > 5. **"수도 벡터"** (summary slide "Momentum"): a typo for "속도 벡터" (velocity vector).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Recap
#
# * One update rule, three ways to feed it: **batch** (all data per update: smooth, few updates),
#   **stochastic** (one example: many noisy updates), **mini-batch** (the usual compromise).
#   The slides' second SGD update used a stale prediction (erratum above).
# * **Momentum** and **NAG** remember past steps; **AdaGrad**, **RMSProp** and **AdaDelta** give
#   every weight its own step size; **Adam** does both, with bias correction.
# * Our NumPy classes reproduce `keras.optimizers` to the last bit. Where the slides write a rule
#   differently (momentum as an average, NAG's look-ahead, AdaGrad's start, AdaDelta's ρ and missing
#   learning rate, Adam's ε), both forms agree under the setting in the table — and the slides'
#   RMSProp and Adam formulas each carry a misprint.
# * Momentum is stored in two ways: Keras stores the step (v ← μv − lr·g), PyTorch and optax a sum of
#   gradients (m ← μm + g, step −lr·m); they agree only while the learning rate is constant.
# * No optimizer wins on every surface; learning rates still matter, and Keras's defaults
#   (e.g. 0.001 for "adam") are a starting point.
# * RMSProp's (and Adam's) step is about lr long whatever the gradient: with a constant lr, RMSProp
#   climbs back on the bowl and spikes on the banana; **learning-rate decay** lets it settle.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Your turn:** `exercises/06_optimizers.ipynb` — write the momentum, RMSProp and Adam updates
# yourself, and predict two results before you run them; the self-checks compare your steps with the
# reference, one step and over a 30-step run, and name the usual mistakes.
