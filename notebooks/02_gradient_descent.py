# ---
# jupyter:
#   rise:
#     scroll: true
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # 02 · Gradient descent: walking downhill on the loss
#
# *How neural networks are trained*, lesson 2 of 8 · sources: seed slides 001 (the loss curve and the
# appendix "부록: 그래디언트 하강법"), 002 (the optimizer section), 003 (the learning rate), 004
# (numerical differentiation)
#
# In lesson 01 we moved the slope *m* and the intercept *b* by hand until the MSE was small.
# **Gradient descent** (경사 하강법) does the same automatically: it measures which way the loss
# goes *up* fastest — the **gradient** — and takes a small step the other way, again and again.

# %% [markdown] slideshow={"slide_type": "subslide"}
# | term | 한국어 | meaning |
# |---|---|---|
# | loss | 손실 | one number saying how wrong the model is (here the MSE) |
# | gradient | 그래디언트 (경사, 기울기) | the partial derivatives of the loss, one per parameter: the direction of steepest *increase* |
# | learning rate λ (or α) | 학습률 | how far one step moves, as a multiple of the gradient |
# | partial derivative ∂MSE/∂m | 편미분 | how the loss changes when only *m* moves |
# | numerical differentiation | 수치 미분 | a derivative estimated from function values (against **analytic** differentiation, 해석적 미분, by formulas — seed 004) |
# | forward / central difference | 전진 차분 / 중앙 차분 | (f(x+h) − f(x)) / h and (f(x+h) − f(x−h)) / 2h |
# | step | 단계 | one update of the parameters: *parameter := parameter − λ · gradient* |
# | batch | 배치 | the samples one step looks at: all of them, one, or a few |
# | epoch | 에포크 | one pass over the whole data set |
#
# Every number below is computed by a code cell; where a slide prints a number, the notebook
# checks it. The slides of this lesson contain several arithmetic mistakes; they are gathered, with
# the computations that show them, in one **Errata** section at the end, so the main thread stays short.

# %% tags=["colab-bootstrap"] slideshow={"slide_type": "skip"}
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %% slideshow={"slide_type": "subslide"}
import matplotlib.pyplot as plt
import numpy as np

from course_lib import data, gradient_descent as gd
from course_lib.display import Table, compare_with_slides
from course_lib.gradient_check import numerical_gradient, relative_error
from course_lib.seeding import set_seeds

rng = set_seeds(0)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The loss curve (손실 곡선)
#
# The data and the first guess are lesson 01's: the points (1, 3), (2, 5) and the line
# ŷ = m·x + b with **m = −1, b = 5** (its MSE is printed with the plot below).
#
# Hold *b* at 5 and let only *m* vary: the MSE traces a curve, the **loss curve**. At our guess the
# curve slopes *down* to the right (the dashed tangent): increasing *m* lowers the loss. The slope
# of the tangent is the derivative ∂MSE/∂m; a step moves *m* against it, by the learning rate
# times the slope.

# %% slideshow={"slide_type": "subslide"}
points = data.load_table("line_two_points")
x, y = points["x"], points["y"]
m, b = -1.0, 5.0

fig = plt.figure(figsize=(8, 3.8))
print(gd.draw_loss_curve(fig, x, y, m, b, learning_rate=0.1))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The slides name the parts of this picture (seed 001, "손실 곡선"):
#
# | slide term | the slide says | in the picture |
# |---|---|---|
# | gradient (그래디언트) | "in which direction the loss decreases most" (어떤 방향으로 손실이 가장 많이 감소하는가) | the slope of the tangent |
# | learning rate λ (학습률) | "the distance moved" (이동 거리) | the length of the arrow is λ × slope |
# | epoch (에포크) | "updating the model with the whole data set" (전체 데이터세트로 모델 업데이트) | — |
# | batch (배치) | "particular samples of the whole data set" — on the next slide "the whole data set's samples" | here both points |
# | step (단계) | "an update of the weight parameters" (가중치 매개변수에 대한 업데이트) | one arrow |

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Erratum (seed 001, slide "손실 곡선", gradient).** The slide defines the gradient as the direction in
# > which the loss *decreases* most. It is the opposite: the gradient points where the loss *increases*
# > fastest, and the direction of steepest decrease — the one we *move* in — is **minus** the gradient.
# > That is why every update below *subtracts* λ × gradient.
#
# The two batch slides describe the two ends of a range: a step may look at the whole data set
# (batch gradient descent) or at a part of it (stochastic / mini-batch). The section "Batch, stochastic and
# mini-batch gradient descent" compares them.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The gradient of the MSE, derived by hand
#
# A **partial derivative** (편미분) ∂MSE/∂m is the derivative in *m* with *b* held fixed. With two points (n = 2) the slides write the loss out in full:
#
# $$\text{MSE}(m, b) = \tfrac{1}{2}\left((3 - (m\cdot 1 + b))^2 + (5 - (m\cdot 2 + b))^2\right)$$
#
# For each point the error is e = y − (m·x + b). The chain rule gives ∂(e²)/∂m = 2e · ∂e/∂m = −2e·x and
# ∂(e²)/∂b = −2e, so, averaged over the n points,
#
# $$\frac{\partial\,\text{MSE}}{\partial m} = -\frac{2}{n}\sum_i (y_i - m x_i - b)\,x_i
#   = \Big(\tfrac{2}{n}\textstyle\sum x_i^2\Big) m + \Big(\tfrac{2}{n}\textstyle\sum x_i\Big) b - \tfrac{2}{n}\textstyle\sum x_i y_i$$
#
# $$\frac{\partial\,\text{MSE}}{\partial b} = -\frac{2}{n}\sum_i (y_i - m x_i - b)
#   = \Big(\tfrac{2}{n}\textstyle\sum x_i\Big) m + 2b - \tfrac{2}{n}\textstyle\sum y_i$$

# %% [markdown] slideshow={"slide_type": "subslide"}
# The sums come from the data, so the code can write the two formulas out for our points:

# %%
coefficients = gd.gradient_coefficients(x, y)
print(f"MSE(−1, 5)  = {gd.mse(x, y, m, b):.4f}")
print(f"∂MSE/∂m     = {gd.linear_formula(*coefficients['m'])}")
print(f"∂MSE/∂b     = {gd.linear_formula(*coefficients['b'])}")
gradient = gd.mse_gradient(x, y, m, b)
print(f"at m = {m:g}, b = {b:g}: ∂MSE/∂m = {gradient[0]:.4f}, ∂MSE/∂b = {gradient[1]:.4f}")

# %% [markdown]
# ### Checking the derivative without calculus: a finite difference
#
# This is **numerical differentiation** (수치 미분), against the **analytic** (해석적 미분) formulas above.
# Nudge one parameter by a tiny *h* in both directions and see how much the MSE changes:
# (MSE(m + h, b) − MSE(m − h, b)) / 2h approximates ∂MSE/∂m (the *central difference*, below).
# `numerical_gradient` does this for every parameter. The **relative error**
# |a − b| / (|a| + |b|) says how well two gradients agree: ~1e-7 or less means "the same".

# %% slideshow={"slide_type": "subslide"}
def loss(params):
    return gd.mse(x, y, params[0], params[1])


numerical = numerical_gradient(loss, [m, b])
Table({"": ["∂MSE/∂m", "∂MSE/∂b"], "analytic (formula)": gradient, "numerical (h = 1e-5)": numerical},
      digits=6, caption="the gradient at m = −1, b = 5")

# %%
print(f"relative error at (−1, 5): {relative_error(gradient, numerical):.0e}")
test_points = rng.uniform(-3, 3, size=(5, 2))
errors = [relative_error(gd.mse_gradient(x, y, *p), numerical_gradient(loss, p)) for p in test_points]
print(f"largest relative error at 5 random (m, b): {max(errors):.0e}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ### Finite differences as *h* shrinks
#
# The slides of seed 004 define the derivative as the limit of the **forward difference** (전진 차분)
# (f(x + h) − f(x)) / h as h → 0, with the example y = x², dy/dx = 2x. On a computer h cannot go to 0:
#
# * the **truncation error** of the formula shrinks with h — like h for the forward difference, like h²
#   for the **central difference** (중앙 차분) (f(x + h) − f(x − h)) / 2h, which is why gradient checks use it;
# * the **rounding error** grows as h shrinks: f(x + h) and f(x) agree in more and more digits,
#   and their difference keeps fewer and fewer correct ones (about 1e-16 / h).
#
# For the slides' y = x² the central difference has *no* truncation error at all (a parabola's secant
# through x − h and x + h is parallel to its tangent at x), so we also try y = x³.

# %% slideshow={"slide_type": "subslide"}
powers = np.array([1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13])
square = gd.difference_errors(lambda v: v * v, lambda v: 2 * v, 3.0, powers)
cube = gd.difference_errors(lambda v: v * v * v, lambda v: 3 * v * v, 1.0, powers)
Table({"h": powers, "x²: forward": square["forward error"], "x²: central": square["central error"],
       "x³: forward": cube["forward error"], "x³: central": cube["central error"]},
      caption="|finite difference − true derivative|: y = x² at x = 3 (dy/dx = 6), y = x³ at x = 1 (dy/dx = 3)")

# %% slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(10, 3.8))
gd.draw_difference_errors(fig, {"y = x² at x = 3": square, "y = x³ at x = 1": cube})
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Read the plot from left (large h) to right (tiny h). The forward difference's error falls along a
# line of slope 1 (error ≈ h·f''/2), the central one's along slope 2 for x³ (error ≈ h²·f'''/6) —
# until rounding takes over and both rise again. A step of about h = 1e-5 keeps the central
# difference very close to the truth here (checked below), which is why it is `numerical_gradient`'s default:

# %%
for name, errors in {"x²": square, "x³": cube}.items():
    at = {h: e for h, e in zip(errors["h"], errors["central error"])}
    print(f"{name}: central error at h = 1e-5: {at[1e-5]:.0e};  at h = 1e-13: {at[1e-13]:.0e}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## One step for each of the slides' learning rates
#
# The update rule (seed 001): **m := m − λ·∂MSE/∂m** and **b := b − λ·∂MSE/∂b**. The slides try
# λ = 0.5, λ = 0.005 and λ = 0.1. Here is one step with each, from m = −1, b = 5, with the correct gradient:

# %%
Table(gd.update_columns(x, y, m, b, [0.5, 0.005, 0.1]), caption="one gradient-descent step from (−1, 5)")

# %% [markdown]
# λ = 0.1 lowers the MSE clearly; λ = 0.005 barely moves; λ = 0.5 jumps *past* the valley and
# makes the MSE **worse** than before — the section on learning rates below shows why.
#
# (The appendix works this step out for λ = 0.1 with its own, wrong, gradient and a flipped sign: see
# the Errata section at the end.)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it: learning rate and steps
#
# Pick a **learning rate λ**, then press **▶ 1 step** or the play button (or drag *steps taken*) and
# watch the path on the MSE contours (left) and the MSE after each step (right, log scale). Try the slides'
# λ = 0.5, a λ just below and just above 0.29 (the next section computes this limit), and a tiny λ like 0.01.
# When a run diverges, the summary says **DIVERGED** and the plots say when the path leaves them.

# %% [markdown] slideshow={"slide_type": "subslide"}
# *(Where no widget can run — on GitHub, or in a static copy — the picture shows λ = 0.1 after 30 steps.)*

# %%
explorer = gd.descent_explorer(x, y, m0=m, b0=b, learning_rate=0.1)
explorer.set(steps=30)
explorer

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How large may the learning rate be? *(optional depth)*
#
# *This section explains the limit you met in the widget; skip it on a first reading — the batch/SGD
# section after it does not depend on it.*
#
# Seed 003: a learning rate that is too large **overshoots** (→ overshooting); one that is too small
# takes a long time. For our MSE this can be computed exactly. The second derivatives of the MSE do
# not depend on m or b (the MSE is a quadratic bowl):
#
# $$H = \begin{pmatrix} \partial^2/\partial m^2 & \partial^2/\partial m\,\partial b \\ \cdot & \partial^2/\partial b^2\end{pmatrix}
#     = \begin{pmatrix} \tfrac{2}{n}\sum x^2 & \tfrac{2}{n}\sum x \\ \tfrac{2}{n}\sum x & 2\end{pmatrix}$$
#
# An **eigenvalue** (고윳값) of H is the curvature along one special direction, its **eigenvector** (고유벡터):
# a direction in which the gradient points straight along the direction itself. H has two, drawn as grey lines
# (dashed: steep, dotted: flat) in the figure below: they are the bowl's steepest and its flattest direction. Along a
# direction of curvature c, one step multiplies the distance to the minimum by **(1 − λ·c)**: for
# 0 < λ < 2/c that factor lies between −1 and 1 and the distance shrinks; above 2/c it is below −1 and
# every step overshoots further than the last.

# %% slideshow={"slide_type": "subslide"}
H = gd.hessian(x)
flat, steep = gd.curvatures(x)
limit = gd.max_stable_learning_rate(x)
print(f"H = {H.tolist()}")
print(f"curvatures: flattest {flat:.4f}, steepest {steep:.4f} (ratio {steep / flat:.1f})")
print(f"largest stable learning rate 2 / {steep:.4f} = {limit:.4f}")

# %% slideshow={"slide_type": "subslide"}
best_rate = 2 / (flat + steep)  # both directions shrink by the same factor |1 − λ·c|
rates = [0.5, 1.02 * limit, 0.98 * limit, best_rate, 0.1, 0.005]
names = ["slides' λ", "2% above the limit", "2% below the limit", "fastest: 2 / (sum of curvatures)",
         "slides' λ", "slides' λ"]
Table({"": names, "λ": rates, "factor, steep direction": [1 - r * steep for r in rates],
       "factor, flat direction": [1 - r * flat for r in rates],
       "verdict": ["diverges" if abs(1 - r * steep) > 1 else "converges" for r in rates]},
      caption="what one step does to the distance from the minimum, per direction")

# %% [markdown] slideshow={"slide_type": "subslide"}
# So the slides' **λ = 0.5 is above the limit**: gradient descent with it does not settle, it blows up.
# Just below the limit the steep direction zig-zags with a factor near −1. The fastest λ, 2 / (sum of
# the two curvatures), gives both directions the same factor — but because the bowl is much flatter in
# one direction than in the other (the ratio printed above), that factor is still close to 1, and the
# flat direction shrinks only slowly. Counting steps:

# %%
Table({"": names, **gd.learning_rate_columns(x, y, m, b, rates, steps=100, target=1e-4)},
      caption="from (−1, 5): MSE after 100 steps, and steps until the MSE is at most 0.0001")

# %% slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(10, 5.2))
print(gd.draw_learning_rates(fig, x, y, m, b, {"2% above the limit": 1.02 * limit,
                                                "2% below the limit": 0.98 * limit,
                                                "slides' 0.1": 0.1, "slides' 0.005": 0.005}, steps=40))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Just above the limit the path zig-zags across the valley (along the steep direction) with ever larger
# swings; just below it the same zig-zag slowly dies out; λ = 0.005 crawls: after 40 steps it has barely
# left the start. The run 2 % above the limit first *falls* and only then rises. The start's offset from the
# lowest point, split along the two directions, explains it:
# (For this two-parameter bowl the best λ is easy to compute; for a real network it is not, which is why
# learning rates are tuned by trying — and why lesson 06's adaptive optimizers exist.)

# %%
above_path, above_losses = gd.descend(x, y, m, b, 1.02 * limit, 40)
offsets = gd.eigen_offsets(x, y, above_path)
lowest = int(np.argmin(above_losses))
back_up = int(np.argmax(above_losses[1:] > above_losses[0])) + 1
print(f"start: {abs(offsets[0, 0]):.3f} from the lowest point along the flat direction, "
      f"{abs(offsets[0, 1]):.3f} along the steep one")
print(f"per step the flat offset is multiplied by {1 - 1.02 * limit * flat:.3f}, "
      f"the steep one by {1 - 1.02 * limit * steep:.3f}")
print(f"the MSE is lowest at step {lowest} ({above_losses[lowest]:.4f}) and above its start again from step {back_up}")

# %% [markdown]
# The steep part of the error grows only slowly (by the factor's size just above 1) from a small start,
# while the flat part shrinks: at first the shrinking part wins and the MSE falls; once the growing
# zig-zag is larger, it rises without end. Divergence can hide behind a few good steps.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Batch, stochastic and mini-batch gradient descent
#
# The optimizer slides (seed 002, "경사하강법") fit a line through the origin, **ŷ = w·x**, to six
# points, starting at **w = 0.2** with learning rate **α = 0.01**.

# %%
six = data.load_table("regression_six_points")
x6, y6 = six["x"].astype(float), six["y"]
w, alpha = 0.2, 0.01
Table({"x": x6, "y": y6, "ŷ = 0.2·x": w * x6, "(y − ŷ)²": (y6 - w * x6) ** 2},
      caption="the six points and the first guess")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Batch gradient descent: one step uses all six samples
#
# $$L(w) = \frac{1}{n}\sum_i (y_i - w x_i)^2 \qquad \frac{dL}{dw} = -\frac{2}{n}\sum_i (y_i - w x_i)\,x_i
#   \qquad w := w - \alpha\,\frac{dL}{dw}$$

# %%
batch_gradient = gd.gradient_w(x6, y6, w)
w_batch = gd.batch_step(x6, y6, w, alpha)
print(f"MSE at w = {w}: {gd.mse_w(x6, y6, w):.4f}")
print(f"dL/dw = {batch_gradient:.4f}   →   new w = {w} − {alpha}·({batch_gradient:.4f}) = {w_batch:.4f}")
compare_with_slides({"MSE at w = 0.2": (gd.mse_w(x6, y6, w), "5.66"),
                     "w after one batch step": (w_batch, "0.343")})

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Stochastic gradient descent (SGD): one step per sample
#
# SGD (확률적 경사 하강법) updates after **every single sample**, with that sample's gradient
# −2·(yᵢ − w·xᵢ)·xᵢ. The slides take the sample x = 2 and then the sample x = 4. Each step must use
# the prediction of the **current** w — after the first step, w is no longer 0.2:

# %%
slides_sgd = gd.sgd_columns(x6, y6, w, alpha, order=[2, 4])
Table(slides_sgd, caption="the slides' two SGD steps, each with the current w")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The slides' first result, 0.272, agrees; their second, 0.552, was computed with the old prediction
# (Errata, item 5). Continuing sample by sample through all six points, in order, is one epoch of SGD —
# six steps:

# %%
Table(gd.sgd_columns(x6, y6, w, alpha, order=range(6)), caption="one epoch of SGD in order, α = 0.01")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Mini-batch gradient descent, and the three side by side
#
# **Mini-batch** gradient descent (미니배치 경사하강법) averages the gradient over a few samples per step —
# here 2, so 3 steps per epoch. SGD and mini-batch shuffle the samples at the start of every epoch
# (the slides: "확률적으로 선택된 일부 데이터" — randomly chosen data). All three use α = 0.01 and start at w = 0.2.

# %%
epochs = 10
histories = {
    "batch GD (6 samples per step)": gd.train_history(x6, y6, w, alpha, epochs, batch_size=6),
    "mini-batch GD (2 per step)": gd.train_history(x6, y6, w, alpha, epochs, batch_size=2, rng=rng),
    "SGD (1 per step)": gd.train_history(x6, y6, w, alpha, epochs, batch_size=1, rng=rng),
}
best_w = np.sum(x6 * y6) / np.sum(x6 * x6)
Table({"method": list(histories), "steps per epoch": [(len(h[1]) - 1) // epochs for h in histories.values()],
       f"MSE after {epochs} epochs": [h[1][-1] for h in histories.values()]},
      caption=f"lowest possible MSE: {gd.mse_w(x6, y6, best_w):.4f} at w = {best_w:.4f}")

# %% slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(8, 4))
gd.draw_histories(fig, histories, best=gd.mse_w(x6, y6, best_w), learning_rate=alpha)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# At α = 0.01, per **epoch**, SGD makes six times as many steps as batch gradient descent and gets close
# to the best line sooner; its curve wobbles because every sample pulls w towards its *own* best value.
# Batch GD takes one smooth step per pass over the data.

# %% [markdown]
# ### The comparison above is at one α
#
# All three methods used α = 0.01, and that choice, not the method, makes batch gradient descent look
# slow. Batch GD on these six points is stable up to α = 2 / (2·mean x²) (the same rule as in the optional
# section, with one weight); one sample's step is stable only up to 2 / (2·x²), which for the largest x is
# far smaller. Here each method gets its **own best α** (the lowest MSE after 3 epochs, α tried from
# 0.002 to 0.2 in steps of 0.002, same shuffling seed):

# %% slideshow={"slide_type": "subslide"}
batch_limit = 2 / (2 * np.mean(x6 ** 2))
sample_limit = 2 / (2 * np.max(x6) ** 2)
print(f"batch GD stable up to α = {batch_limit:.4f};  one step on the sample x = {np.max(x6):g} stable up to α = {sample_limit:.4f}")
trial_rates = np.round(np.arange(0.002, 0.2001, 0.002), 3)
lowest_mse = gd.mse_w(x6, y6, best_w)
best_rates = {name: gd.best_learning_rate(x6, y6, w, trial_rates, 3, size)
              for name, size in {"batch GD": 6, "mini-batch GD (2)": 2, "SGD": 1}.items()}
Table({"method": list(best_rates), "best α": [r for r, _ in best_rates.values()],
       "MSE after 3 epochs": [e for _, e in best_rates.values()],
       "above the lowest MSE by": [f"{e - lowest_mse:.0e}" for _, e in best_rates.values()]},
      caption=f"each method at its own best α; lowest possible MSE {lowest_mse:.4f}")

# %% slideshow={"slide_type": "subslide"}
batch_gap = best_rates["batch GD"][1] - lowest_mse
sgd_gap = best_rates["SGD"][1] - lowest_mse
print(f"at its best α, batch GD ends {'closer to' if batch_gap < sgd_gap else 'farther from'} the lowest MSE than SGD "
      f"after 3 epochs ({batch_gap:.0e} against {sgd_gap:.0e}) — with 3 steps against SGD's 18")

# %% [markdown]
# So "batch GD is slow" is not a property of the method: with a λ suited to it, batch GD on six points
# does at least as well per epoch as SGD (the last line above). SGD's real advantage is the **cost of one
# step**: it needs one sample's gradient, not all n. With six samples that saves nothing; with many
# thousands of images (lesson 07) batch GD would read the whole data set before moving once, while SGD — or,
# as Keras does by default, mini-batches of 32 — moves many times per epoch. Its price is the noise, and a
# learning rate limited by the hardest single sample. Lesson 06 builds on this with momentum, Adam and
# the other optimizers.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Errata: the slides' arithmetic, checked (정오표)
#
# > **Errata**
# >
# > 1. **The gradient's direction** (seed 001, "손실 곡선"): the gradient points where the loss
# >    *increases* fastest; we move along **minus** the gradient.
# > 2. **The appendix's derivatives** (seed 001, "에러를 통한 학습"): 9m + 5b − 23 and 5m + 3b − 13 are not
# >    the derivatives of its MSE, so the gradient (−7, −3) is wrong too (the rows marked "real error" in
# >    "Checking the slides' appendix").
# > 3. **The step with λ = 0.1** (seed 001, appendix): m := −1 − 7λ flips the sign of the update, and
# >    b is written as 5 − 3λ but printed as 5 + 3λ = 5.3.
# > 4. **The first batch slide** (seed 002): ∂ŷ/∂w = x written outside the sum; its numbers are right.
# > 5. **SGD's second step** (seed 002): it uses the prediction of the old w = 0.2, so its 0.552 is wrong.
# >    (Its `(2.2 * 0.4)` and `(4.3 * 0.8)` for y − ŷ may be the text extraction's × for a −.)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Every other slide number in this lesson agrees with the computed value. The computations behind
# items 2–5 follow.

# %% [markdown]
# ### 2. Checking the slides' appendix
#
# The appendix (seed 001, "에러를 통한 학습") writes the same MSE, then
# ∂MSE/∂m = 9m + 5b − 23 = −7 and ∂MSE/∂b = 5m + 3b − 13 = −3 at m = −1, b = 5.

# %% slideshow={"slide_type": "subslide"}
compare_with_slides({
    "MSE at (−1, 5)": (gd.mse(x, y, m, b), "2.5"),
    "∂MSE/∂m: coefficient of m": (coefficients["m"][0], "9"),
    "∂MSE/∂m: coefficient of b": (coefficients["m"][1], "5"),
    "∂MSE/∂m: constant": (coefficients["m"][2], "-23"),
    "∂MSE/∂b: coefficient of m": (coefficients["b"][0], "5"),
    "∂MSE/∂b: coefficient of b": (coefficients["b"][1], "3"),
    "∂MSE/∂b: constant": (coefficients["b"][2], "-13"),
    "∂MSE/∂m at (−1, 5)": (gradient[0], "-7"),
    "∂MSE/∂b at (−1, 5)": (gradient[1], "-3"),
})

# %% [markdown] slideshow={"slide_type": "subslide"}
# The slide's two formulas are not the derivatives of its own MSE. A finite difference settles it
# without any algebra: here are the slide's formulas, typed as the slide prints them, next to the
# numerical gradient.

# %%
def slide_gradient(params):
    m, b = params
    return np.array([9 * m + 5 * b - 23, 5 * m + 3 * b - 13])  # as printed on the slide


print(f"slide's formulas at (−1, 5): {slide_gradient([m, b])}   numerical: {np.round(numerical, 6)}")
print(f"relative error of the slide's formulas: {relative_error(slide_gradient([m, b]), numerical):.4f}")
print(f"largest difference, slide's ∂MSE/∂b formula − true ∂MSE/∂m, at 5 random points: "
      f"{max(abs(slide_gradient(p)[1] - gd.mse_gradient(x, y, *p)[0]) for p in test_points):.0e}")
print(f"correct formulas: ∂MSE/∂m = {gd.linear_formula(*coefficients['m'])},  "
      f"∂MSE/∂b = {gd.linear_formula(*coefficients['b'])};  at (−1, 5): ({gradient[0]:g}, {gradient[1]:g})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Erratum (seed 001, appendix "에러를 통한 학습").** The MSE is written correctly, but both
# > derivatives are wrong. The correct ∂MSE/∂m and ∂MSE/∂b are the formulas printed on the last line above;
# > the slide's ∂MSE/∂m, 9m + 5b − 23, is not, and its ∂MSE/∂b, 5m + 3b − 13, is in fact the formula of
# > ∂MSE/∂m. At m = −1, b = 5 the gradient is therefore the one printed above, not (−7, −3) as the slide
# > prints (its numbers do follow from its formulas). The finite-difference check above disagrees with the
# > slide's formulas and agrees with the corrected ones at every point tried.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 3. The appendix's step with λ = 0.1
#
# The last slide of the appendix works out λ = 0.1: "m := −1 − 7λ = −1.7, b := 5 − 3λ = 5.3".

# %%
step_m, step_b = gd.gd_step(x, y, m, b, learning_rate=0.1)
compare_with_slides({"m after one step, λ = 0.1": (step_m, "-1.7"),
                     "b after one step, λ = 0.1": (step_b, "5.3")})

# %% [markdown] slideshow={"slide_type": "subslide"}
# Four versions of that step, to see exactly what the slide did: its own gradient (−7, −3) with the
# sign the update rule asks for, the two lines as the slide writes them, and the correct step.

# %%
lr = 0.1
versions = {
    "the rule with the slide's gradient: m − λ(−7), b − λ(−3)": (m - lr * -7, b - lr * -3),
    "as the slide writes it: m := −1 − 7λ, b := 5 − 3λ": (-1 - 7 * lr, 5 - 3 * lr),
    "the slide's printed results, = (−1 − 7λ, 5 + 3λ)": (-1 - 7 * lr, 5 + 3 * lr),
    f"the rule with the correct gradient ({gradient[0]:g}, {gradient[1]:g})": (step_m, step_b),
}
Table({"version": list(versions), "m": [v[0] for v in versions.values()], "b": [v[1] for v in versions.values()],
       "MSE": [gd.mse(x, y, *v) for v in versions.values()]},
      caption=f"one step with λ = 0.1 from (−1, 5), where the MSE is {gd.mse(x, y, m, b):g}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Erratum (seed 001, appendix, slide "λ = .1").** The update subtracts λ × gradient, and the
# > slide's own gradient is negative, so *m* should *grow*: m := −1 − λ·(−7) = −1 + 7λ. The slide writes
# > **m := −1 − 7λ = −1.7** — the sign is flipped, and the step goes uphill (its MSE in the table is
# > higher than the one we started from, in the caption). Its b line is inconsistent in the other
# > direction: it *writes* 5 − 3λ (the table's second row) but *prints* 5.3, which is 5 + 3λ (the third
# > row). With the correct gradient the step lowers the MSE (the last row of the table).

# %% [markdown]
# ### 4. The first batch slide
#
# > **Erratum (seed 002, first batch slide).** Its first version of the update writes
# > ((1/n)·(−2)·Σ(yᵢ − ŷᵢ))·∂ŷ/∂w, with the factor ∂ŷ/∂w = x *outside* the sum; since x differs from sample
# > to sample, it belongs inside, as the following slides write it: (1/n)·(−2)·Σ(yᵢ − ŷᵢ)·xᵢ. The slides'
# > numbers use the correct form (they agree with the values checked in the batch section).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 5. The SGD slides

# %%
compare_with_slides({"w after the SGD step on x = 2": (slides_sgd["w after"][0], "0.272"),
                     "w after the SGD step on x = 4": (slides_sgd["w after"][1], "0.552")})

# %% [markdown] slideshow={"slide_type": "subslide"}
# What the slides' two lines compute, typed as printed, next to two ways of reading them:

# %%
as_printed_1 = 0.2 - 0.01 * ((1 / 1) * (-2) * (2.2 * 0.4) * 2)
as_printed_2 = 0.272 - 0.01 * ((1 / 1) * (-2) * (4.3 * 0.8) * 4)
stale_prediction = 0.272 - 0.01 * ((1 / 1) * (-2) * (4.3 - 0.2 * 4) * 4)
print(f"step 1 as printed, with y·ŷ = 2.2·0.4:              {as_printed_1:.4f}")
print(f"step 2 as printed, with y·ŷ = 4.3·0.8:              {as_printed_2:.4f}")
print(f"step 2 with y − ŷ but the OLD prediction ŷ = 0.2·4:  {stale_prediction:.4f}")
print(f"step 2 correct, ŷ = {slides_sgd['w before'][1]:.3f}·4 = {slides_sgd['ŷ = w·x'][1]:.4f}:         "
      f"{slides_sgd['w after'][1]:.4f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Erratum (seed 002, SGD slides "new w = 0.272" and "new w = 0.552").** In the extracted slide text
# > both formulas read y·ŷ — "(2.2 * 0.4)", "(4.3 * 0.8)" — where the gradient needs the error **y − ŷ**;
# > taken literally they would give the first two values above, not the slides' results. The × may well be
# > an artefact of the text extraction for a minus sign: the batch slide writes its error terms correctly
# > (0.6, 1.8, …), and the slides' results follow from y − ŷ. Either way the real mistake is in the second
# > step: the first result, 0.272, is right (it is what y − ŷ = 2.2 − 0.4 gives), but the second still uses
# > ŷ = 0.8, the prediction of the *old* w = 0.2, although w is already 0.272 — that is what gives 0.552
# > (the third line above). With the current prediction (last line above) the step gives the correct new w
# > printed there.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Recap
#
# * The **gradient** (그래디언트) collects the partial derivatives of the loss; it points uphill, so a
#   **step** (단계) moves the parameters by **−λ × gradient**, λ being the **learning rate** (학습률).
# * For the two-point line, the hand-derived ∂MSE/∂m and ∂MSE/∂b (printed above) pass a finite-difference
#   check; the slide's formulas and its sign of the update fail it.
# * The **central difference** is accurate to about h²; rounding spoils any difference when h is tiny.
# * A learning rate above **2 / (steepest curvature)** makes gradient descent diverge — for this data
#   the slides' λ = 0.5 is above that limit and blows up; a tiny λ is safe but slow.
# * A **batch** (배치) is what one step looks at: all samples (batch GD), one (SGD, each step with the
#   *current* weight's prediction) or a few (mini-batch); an **epoch** (에포크) is one pass over all samples.
# * Comparing methods at one α compares the α as much as the method: at its own best α batch GD is not
#   slow on six points; SGD's advantage is the cost of a step when n is large.
#
# **Your turn:** `exercises/02_gradient_descent.ipynb` — derive the gradient's coefficients, write the
# MSE gradient and check it numerically, find the stability bound 2/λmax and pick a learning rate from
# it, predict what happens above it, then run SGD and mini-batch epochs.
