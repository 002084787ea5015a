# ---
# jupyter:
#   rise:
#     scroll: true
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # 04 · XOR: stacking perceptrons
#
# *How neural networks are trained*, lesson 4 of 8 · sources: seed slides 003 (AND/NAND/OR/XOR,
# "층을 쌓는 것으로 해결!", activation functions), 001 and 002 ("모든 회귀가 선형이면 출력 결과도
# 선형 회귀", the vanishing gradient)
#
# Lesson 03 trained one perceptron: one straight line through the input plane. Here we
#
# 1. build the logic gates AND, NAND and OR as perceptrons with the slides' weights,
# 2. show that **XOR** cannot be done by any single line — the problem behind the first "AI winter" —
#    and solve it by **stacking** perceptrons into two layers,
# 3. see why the layers need a *non-linear* activation: linear layers stacked are still one linear map,
# 4. let a small 2-2-1 sigmoid network **learn** XOR by gradient descent, and see that it sometimes gets stuck
#    on a **plateau** of saturated units,
# 5. meet the gallery of activation functions and the **vanishing gradient** of stacked sigmoids.

# %% [markdown] slideshow={"slide_type": "subslide"}
# | term | 한국어 | meaning |
# |---|---|---|
# | perceptron | 퍼셉트론 | weighted sum of the inputs plus a bias, then a step |
# | step function | 계단 함수 | 1 if the input is > 0, else 0 |
# | linearly separable | 선형 분리 가능 | one straight line puts all 1s on one side, all 0s on the other |
# | hidden layer | 은닉층 | a layer between the inputs and the output |
# | multi-layer perceptron (MLP) | 다층 퍼셉트론 | perceptrons stacked in layers, each layer feeding the next |
# | activation function | 활성화 함수 | the function applied to each unit's weighted sum |
# | saturated unit | 포화된 유닛 | a sigmoid unit whose input is far from 0: flat, so its derivative is near 0 |
# | plateau | 고원 (평탄 구간) | a nearly flat region of the loss: tiny gradient, slow progress, but not a minimum |
# | vanishing gradient | 기울기 소실 | gradients shrinking layer by layer on the way back to the input |

# %% tags=["colab-bootstrap"] slideshow={"slide_type": "skip"}
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %% slideshow={"slide_type": "subslide"}
import matplotlib.pyplot as plt
import numpy as np

from course_lib import activations, data, diagrams, logic_gates, presenter, vanishing_gradient, xor_network
from course_lib.display import Table
from course_lib.seeding import set_seeds

rng = set_seeds(0)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Logic gates as perceptrons
#
# A perceptron with weights w1, w2 and bias b outputs
#
# $$y = \begin{cases} 0 & (b + w_1 x_1 + w_2 x_2 \le 0) \\ 1 & (b + w_1 x_1 + w_2 x_2 > 0) \end{cases}$$
#
# The slides choose weights that turn it into three logic gates:

# %%
Table({"gate": list(logic_gates.GATE_WEIGHTS),
       "w1": [w[0] for w in logic_gates.GATE_WEIGHTS.values()],
       "w2": [w[1] for w in logic_gates.GATE_WEIGHTS.values()],
       "b": [w[2] for w in logic_gates.GATE_WEIGHTS.values()]}, caption="the slides' weights")


# %% [markdown] slideshow={"slide_type": "subslide"}
# The perceptron itself is one line of NumPy (`course_lib.logic_gates.perceptron` is exactly this):

# %%
def perceptron(x1, x2, w1, w2, b):
    return (b + w1 * x1 + w2 * x2 > 0).astype(int)


x1, x2 = logic_gates.INPUTS.T  # the four inputs in the slides' row order: 00, 10, 01, 11
slide_tables = data.load_table("logic_gates")  # the slides' truth tables
for gate, (w1, w2, b) in logic_gates.GATE_WEIGHTS.items():
    y = perceptron(x1, x2, w1, w2, b)
    print(f"{gate:>4}: y = {y}   same as the slide's table: {np.array_equal(y, slide_tables[gate.lower()])}")

# %% [markdown]
# Each gate is a straight **decision line** (결정 경계) b + w1·x1 + w2·x2 = 0: the perceptron says 1 on one
# side and 0 on the other. AND and OR differ only in where the line sits (the bias); NAND is AND with
# every sign flipped, so the sides swap.

# %% slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(12, 3.6))
print(logic_gates.draw_gates(fig))
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## XOR: no single line will do
#
# XOR (exclusive or) is 1 when exactly one input is 1. In the plane, its 1s sit on one diagonal and its
# 0s on the other: "어떤 선형으로도 XOR 문제를 풀 수 없다" — no straight line can split them. Two ways
# to see it:
#
# **By search.** Try lines in every direction (360 angles) and position (401 offsets), and count how
# many of the four inputs each gets right:

# %%
for gate in ("and", "nand", "or", "xor"):
    correct, _ = logic_gates.best_single_line(slide_tables[gate])
    print(f"{gate.upper():>4}: the best of {360 * 401:,} lines gets {correct} of 4 right")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **By algebra.** The four rows of XOR put four conditions on (w1, w2, b), and they cannot all hold:

# %%
print(logic_gates.xor_has_no_line_proof())

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Stacking perceptrons: "층을 쌓는 것으로 해결!"
#
# Two lines can do what one cannot. The slides feed the inputs to a NAND (s1) and an OR (s2)
# perceptron, then feed s1 and s2 to an AND: **y = AND(NAND(x1, x2), OR(x1, x2))**. Drawn as a network —
# each arrow carries the slides' weight, each unit shows its bias and its value for the input (1, 0),
# all computed by `course_lib.logic_gates`:

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(8, 4.6))
print(diagrams.draw_gate_network(ax, (1, 0), title="XOR by stacking, for the input x1 = 1, x2 = 0"))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The inputs form the **input layer**, s1 and s2 a **hidden layer** (은닉층: neither input nor output), and
# y the **output layer**. Perceptrons stacked in layers like this are a **multi-layer perceptron**
# (MLP, 다층 퍼셉트론) — the network the rest of the course trains. The slides' table, computed for all
# four inputs:

# %%
stack = logic_gates.xor_stack_columns()
Table(stack, caption="XOR by stacking: s1 = NAND(x1, x2), s2 = OR(x1, x2), y = AND(s1, s2)")

# %% slideshow={"slide_type": "subslide"}
print("s1 column = the slides' NAND column:", np.array_equal(stack["s1"], slide_tables["nand"]))
print("s2 column = the slides' OR column:  ", np.array_equal(stack["s2"], slide_tables["or"]))
print("y column  = the slides' XOR column: ", np.array_equal(stack["y"], slide_tables["xor"]))

# %% [markdown]
# Geometrically, the first layer draws two lines and the second layer keeps the band between them:

# %% slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(5.2, 4.6))
print(logic_gates.draw_xor_stack(fig))
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why the layers must not be linear
#
# The step between the layers matters. Take it away — every layer just x·W + b, the **linear**
# (identity, 항등함수) activation — and a stack of any depth is still one linear map
# ("모든 회귀가 선형이면 출력 결과도 선형 회귀"):
#
# $$(x W_1 + b_1) W_2 + b_2 = x\,(W_1 W_2) + (b_1 W_2 + b_2)$$
#
# Numerically, with three random linear layers 2 → 5 → 3 → 1:

# %%
linear_stack = logic_gates.random_linear_stack(rng, sizes=(2, 5, 3, 1))
W, b = logic_gates.collapse_linear_stack(linear_stack)
x = rng.normal(size=(1000, 2))
difference = np.abs(logic_gates.apply_linear_stack(linear_stack, x) - (x @ W + b)).max()
print(f"one matrix W of shape {W.shape} and bias b of shape {b.shape} replace the three layers")

# %% tags=["nbval-ignore-output"]
print(f"largest difference over 1000 random inputs: {difference:.0e} (floating-point rounding; its last digits vary by machine)")

# %% slideshow={"slide_type": "subslide"}
print(f"that difference is below 1e-12: {difference < 1e-12}")

# %% [markdown]
# So a linear network can only draw one line, and the best linear model of XOR (least squares) gives up
# completely — it predicts the same value for every input:

# %%
coef, y_hat = logic_gates.best_linear_fit_to_xor()
print(f"best linear model: ŷ = {coef[0]:.4f}·x1 + {coef[1]:.4f}·x2 + {coef[2]:.4f}")
print(f"its predictions for 00, 10, 01, 11: {y_hat}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A 2-2-1 network *learns* XOR
#
# Above, we chose the weights. Now a network finds them by **gradient descent** (경사 하강법). The step
# function has no useful derivative (it is flat everywhere), so the units use the **sigmoid**
# σ(a) = 1 / (1 + e^(−a)) instead: 2 inputs → 2 hidden sigmoid units → 1 sigmoid output, with biases,
# and the MSE over the four rows as the loss. It is built from `course_lib.layers`, the small layer
# classes that lesson 05 explains one by one:

# %%
start = xor_network.initial_weights(seed=0)
print(xor_network.build_network(start))
print(f"learning rate {xor_network.LEARNING_RATE}, {xor_network.EPOCHS} epochs of full-batch gradient descent")

# %% slideshow={"slide_type": "subslide"}
losses, snapshots = xor_network.train(seed=0)
print(f"loss at the start: {losses[0]:.4f}   after {len(losses) - 1} epochs: {losses[-1]:.4f}")
Table(xor_network.hidden_columns(snapshots[-1]), caption="the trained network on the four rows")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Which logic gate has each hidden unit become? Round its four outputs to 0 or 1 and look the
# pattern up among all sixteen gates of two inputs (`xor_network.hidden_gates`); do the same for
# the output unit, fed hidden values of exactly 0 or 1 (`xor_network.output_gate`):

# %%
trained = snapshots[-1]
for unit, info in xor_network.hidden_gates(trained).items():
    print(f"{unit} on 00, 10, 01, 11 rounds to {info['rounded'].tolist()} "
          f"(largest distance from 0/1: {info['largest distance from 0/1']:.4f})")
print(xor_network.gate_reading(trained))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Read the printed lines from the top: each hidden unit's gate, the output unit's gate *of the hidden
# units*, and what the two layers compute together. The last line says whether the hidden units became
# the slides' NAND and OR. Gradient descent finds *a* pair of lines that works, not necessarily the one
# we had in mind; another seed can end in another pair of gates.
#
# Move the slider — it counts epochs in hundreds — or press the buttons ("⟲" goes back to the start) to
# replay the training. The left plot colours the plane by
# the network's output ŷ, with its ŷ = 0.5 boundary in black and each hidden unit's own line
# (where its sigmoid is 0.5) in green (dashed) and yellow (dotted); the right plot shows the loss. For a
# long time almost nothing happens — a plateau, like the ones below — then the two hidden units find their
# two lines, and the loss drops. Once trained, the hidden units' lines lie almost on the black boundary:
# the network's boundary *is* made of them.

# %% slideshow={"slide_type": "subslide"}
xor_network.training_explorer(losses, snapshots)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Sometimes training gets stuck
#
# Seed 0 worked. Does every starting point? Train one network from each of many seeds (same learning
# rate, same number of epochs; all at once, vectorised) and sort them by how they ended:

# %%
n_seeds = presenter.choose(full=100, quick=30)
population = xor_network.train_population(range(n_seeds))
Table(xor_network.outcome_columns(population), caption=f"2-2-1 networks from seeds 0–{n_seeds - 1}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Look inside the first stuck network:

# %%
stuck = int(np.flatnonzero(population["loss"] >= xor_network.LOSS_SOLVED)[0])
stuck_weights = xor_network.pick(population, stuck)
print(f"seed {stuck}: loss {population['loss'][stuck]:.4f}, "
      f"length of the whole gradient {xor_network.gradient_norm(stuck_weights):.1e}")
Table(xor_network.hidden_columns(stuck_weights), caption=f"the stuck network of seed {stuck}")

# %%
print(xor_network.stuck_reading(stuck_weights))

# %% [markdown] slideshow={"slide_type": "subslide"}
# The hidden units give several rows — with *different* targets — (almost) the same pair (h1, h2), so
# the output unit cannot tell them apart and settles on one compromise value for all of them (printed
# above). To separate them, a hidden unit would have to move its line; but on those rows its sigmoid
# sits in a flat part: h is close to 0 or 1, where σ′ = h(1 − h) is close to 0. The unit is
# **saturated** (포화), and almost no gradient reaches it.
#
# Is this a **local minimum** (지역 최솟값), a point where every direction goes uphill and the gradient is
# exactly 0? Train the same seed ten times longer and measure:

# %%
plateau = xor_network.plateau_runs(stuck)
Table(plateau, digits=6, caption=f"seed {stuck}, trained longer")

# %%
(loss_short, loss_long), (grad_short, grad_long) = plateau["loss"], plateau["gradient length"]
print(f"the loss went {'down' if loss_long < loss_short else 'up'} by {loss_short - loss_long:.1e} "
      f"in {plateau['epochs'][1] - plateau['epochs'][0]:,} more epochs")
print(f"the gradient is not 0: {grad_long:.1e}, {grad_short / grad_long:.0f} times shorter than before")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The gradient is tiny but not zero, and the loss still goes down, ever more slowly: the network is on a
# **plateau** (고원, 평탄 구간) — a nearly flat region made by saturated units — not at a minimum. For this
# 2-2-1 sigmoid network on XOR this is always so: Hamey (1998) proved that it has no local minima at
# finite weights; runs that look stuck creep along plateaus whose bottom lies only at infinitely large
# weights. "Local minimum" remains the right word in general — the loss surfaces of other networks do
# have them — but the stuck XOR runs here are plateaus, and the measurement above tells the two apart:
# at a minimum the gradient would be 0. In practice the effect is the same: gradient descent makes no
# visible progress. With only two hidden units there is no spare unit to fix it; with a few more there
# usually is:

# %%
for hidden in (2, 3, 4):
    wider = xor_network.train_population(range(n_seeds), hidden=hidden) if hidden > 2 else population
    table = xor_network.outcome_columns(wider)
    solved = table["networks"][0] if table["outcome"][0].startswith("solved") else 0
    print(f"2-{hidden}-1 networks: {solved} of {n_seeds} seeds solve XOR")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The activation gallery
#
# The slides list the common activation functions. Each is drawn with its derivative — the number
# that backpropagation multiplies by at every unit (lesson 05):
#
# * **linear** h(x) = x: no bend at all, so layers collapse (above);
# * **step**: the perceptron's; its derivative is 0 everywhere, so gradient descent cannot use it;
# * **sigmoid** 1/(1 + e^(−x)) and **tanh**: smooth S-curves; flat — derivative near 0 — for large |x|
#   (saturated, as in the stuck XOR runs). The sigmoid's outputs are all positive — it is not
#   **zero-centred** — so every weight of the next layer gets a gradient of the same sign from one
#   example; tanh, from −1 to 1, is zero-centred;
# * **ReLU** max(0, x): derivative 1 for x > 0, so it never saturates there. At x = 0 it has no
#   derivative; the value used there is a convention (this gallery takes 0, seed 001's slide takes 1).
#   Its weakness is the other side: for x < 0 the derivative is 0, and a unit whose input is negative for
#   every example gets no gradient at all and never recovers — a **dying ReLU** (죽은 ReLU);
# * **leaky ReLU** max(0.1x, x) (the slides' slope) and **ELU** answer it: for x < 0 they keep a slope
#   (0.1, or α·eˣ), so a unit pushed below 0 can still learn its way back.

# %% slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(12, 5.5))
print(activations.draw_gallery(fig))
plt.show()

# %% slideshow={"slide_type": "subslide"}
Table(activations.gallery_columns(), caption="values and derivatives at a few inputs")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The vanishing gradient (기울기 소실)
#
# The sigmoid's derivative σ′(x) = σ(x)(1 − σ(x)) is largest at x = 0 (the gallery's summary above prints
# its maximum). Backpropagation multiplies one such factor per layer, so through n sigmoid layers the
# gradient is multiplied by at most (max σ′)ⁿ (ignoring the weights):

# %%
max_slope = float(activations.sigmoid_derivative(0.0))
print(f"largest sigmoid derivative: σ′(0) = {max_slope:.4f}")
for n in (1, 2, 5, 10):
    print(f"{n:>2} sigmoid layers: at most {max_slope:.2f}^{n} = {max_slope ** n:.2e}")

# %% [markdown]
# Measured in a real stack: 10 layers of 32 units (Affine + activation), one random batch, and the mean
# size of ∂L/∂W in each layer. The starting weights are random but **scaled** to the number n of inputs
# of a unit, so that the signal keeps roughly its size from layer to layer on the way forward:
# **Xavier** scaling (standard deviation √(1/n)) for sigmoid and tanh, **He** scaling (√(2/n), twice the
# variance, because ReLU zeroes about half its inputs) for ReLU (`layers.Affine.init`).

# %% slideshow={"slide_type": "subslide"}
sizes = {name: vanishing_gradient.gradient_per_layer(name, depth=10) for name in ("sigmoid", "tanh", "ReLU")}
Table({"layer": np.arange(1, 11), **sizes}, digits=6, caption="mean |∂L/∂W| per layer (1 = next to the input)")

# %% [markdown]
# The three activations give gradients of different sizes even at the last layer, so the plot divides
# each curve by its own last layer's value: every curve ends at 1, and how far it falls towards layer 1
# shows how much of the gradient survives the way back.

# %% slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(7, 4))
print(vanishing_gradient.draw_gradient_per_layer(fig, sizes, relative=True))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# With sigmoids, the first layers get almost no gradient: they learn far more slowly than the last
# ones. tanh is an S-curve too, yet it loses far less: its slope at 0 is 1, not 0.25, and being
# zero-centred its units sit near 0, where that slope is, so each layer multiplies the gradient by
# nearly 1 (times the weights). ReLU's derivative is exactly 1 wherever a unit is active, so the
# gradient keeps its size; this is the main reason deep networks use ReLU (or its relatives) in their
# hidden layers.
#
# *A note on the slides' words:* seed 001 titles these slides "가중치 소실 문제 (VANISHING GRADIENT)" —
# literally "vanishing **weights**". What vanishes is the **gradient** (기울기), not the weights; the
# usual Korean term is 기울기 소실, used in this lesson.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Recap
#
# * A perceptron is one straight line; with the slides' weights it is AND, NAND or OR. Stacked in layers
#   they form a **multi-layer perceptron** (다층 퍼셉트론).
# * XOR is not linearly separable — the best single line found by the search still gets a row wrong — but
#   two layers, y = AND(NAND, OR), solve it.
# * Without a non-linear activation, any stack of layers collapses into one linear map.
# * A 2-2-1 sigmoid network learns XOR by gradient descent from a seeded start; from some seeds it gets
#   stuck on a **plateau**: its hidden units saturate, the gradient becomes tiny (but not 0, so it is not a
#   local minimum), and a wider hidden layer helps. Its hidden units need not
#   become the slides' NAND and OR: gradient descent finds its own pair of gates.
# * Activation functions: linear, step, sigmoid, tanh, ReLU, leaky ReLU, ELU. Sigmoid's small derivative
#   (its maximum is computed above) makes gradients vanish through deep stacks; tanh's and ReLU's much
#   less. Leaky ReLU and ELU keep a slope below 0, so their units cannot die as ReLU's can.
#
# **Your turn:** `exercises/04_xor_stacking.ipynb` — write the perceptron, find weights for the gates and
# build XOR from them, derive the single layer that three linear layers collapse to, predict what one
# perceptron and a linear stack can do, and implement ELU with its derivative, checked numerically.
