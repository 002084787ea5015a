# ---
# jupyter:
#   rise:
#     scroll: true
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # 05 · Backpropagation by hand
#
# *How neural networks are trained*, lesson 5 of 8 · sources: seed slides 002 (the 2-2-1 worked
# example, "수치 미분의 한계"), 003 (chain rule, add and multiply gates, the sigmoid and vectorised
# examples), 004 (the shopping-bill graph, z = (x + y)²)
#
# Lesson 04's network learned XOR by gradient descent, which needs ∂E/∂w for every weight.
# **Backpropagation** (오차 역전파) computes all of them in one backward sweep, using nothing but the
# **chain rule** (연쇄 법칙). We will
#
# 1. build the chain-rule intuition on small **computational graphs** (계산 그래프), gate by gate;
# 2. work the slides' 2-2-1 sigmoid network through by hand — forward pass, error, every factor of every
#    chain, the updated weights, the new (smaller) error — checking each slide number;
# 3. confirm all six gradients three other ways: finite differences, the course's layer classes and
#    TensorFlow's `GradientTape`;
# 4. write backprop in **matrix form** (행렬 형태) for a whole batch — the affine layer and
#    softmax + cross-entropy — as lesson 07's MNIST network uses it;
# 5. see *why* backprop matters: the slides' estimate for numerical differentiation on MNIST, then a
#    measurement.

# %% [markdown] slideshow={"slide_type": "subslide"}
# Every diagram below is drawn by code (`course_lib.diagrams`) from the layer objects that did the
# computing, so the numbers on the pictures are the computed ones. Every slide number is checked; the
# slides' real errors are collected in the **Errata** box at the end.

# %% [markdown] slideshow={"slide_type": "subslide"}
# | term | 한국어 | meaning |
# |---|---|---|
# | forward propagation | 순전파 | inputs → outputs → error, left to right |
# | backpropagation | 오차 역전파 | ∂error/∂(everything), right to left |
# | chain rule | 연쇄 법칙 | dz/dx = dz/dy · dy/dx |
# | computational graph | 계산 그래프 | a calculation drawn as nodes (operations) and edges (values) |
# | local / upstream gradient | 국소 / 상류 기울기 | a node's own derivative / the gradient arriving from the output side |
# | learning rate α | 학습률 | the step size in w := w − α·∂E/∂w |
# | affine (fully connected) layer | 완전연결 계층 | Y = X·W + b for a batch X |
# | transpose Xᵀ | 전치 행렬 | rows and columns swapped |

# %% tags=["colab-bootstrap"] slideshow={"slide_type": "skip"}
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %%
import matplotlib.pyplot as plt
import numpy as np

import inspect

from course_lib import backprop, diagrams, gradient_check, layers
from course_lib.display import Slide, Table, compare_with_slides
from course_lib.seeding import set_seeds

rng = set_seeds(0, tensorflow=True)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The chain rule: rates multiply
#
# Seed 002's fruit example: an apple ripens 2× as fast as an orange, the orange 2× as fast as a banana,
# the banana 1.5× as fast as a lemon. How much faster than the lemon is the apple?
#
# $$\frac{d\,\text{apple}}{d\,\text{lemon}} = \frac{d\,\text{apple}}{d\,\text{orange}}\cdot
#   \frac{d\,\text{orange}}{d\,\text{banana}}\cdot\frac{d\,\text{banana}}{d\,\text{lemon}}$$

# %%
rates = {"apple/orange": 2, "orange/banana": 2, "banana/lemon": 1.5}
apple_per_lemon = np.prod(list(rates.values()))
compare_with_slides({"d apple / d lemon": (apple_per_lemon, "6")})

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A computational graph: the shopping bill
#
# Seed 004 ("1986 오차역전파"): 2 apples at 100, 3 mandarins at 150, and 10 % tax:
# **price = (100 × 2 + 150 × 3) × 1.1**. Each operation is a node — `course_lib.layers.Multiply` and
# `Add` — that remembers its inputs on the way forward. On the way back, each node receives the
# gradient from its output side (upstream) and passes on *upstream × its local derivative*:
#
# * a **multiply** node z = x·y passes dout·y to x and dout·x to y — it *swaps* its inputs
#   ("곱셈 게이트에서는 상대방을 곱한다");
# * an **add** node z = x + y passes dout to both inputs unchanged ("덧셈 게이트에서는 그대로 넘긴다").

# %% slideshow={"slide_type": "subslide"}
apple_node, mandarin_node, add_node, tax_node = layers.Multiply(), layers.Multiply(), layers.Add(), layers.Multiply()
# forward, left to right
apple_total = apple_node.forward(100, 2)
mandarin_total = mandarin_node.forward(150, 3)
subtotal = add_node.forward(apple_total, mandarin_total)
price = tax_node.forward(subtotal, 1.1)
# backward, right to left, starting from ∂price/∂price = 1
d_subtotal, d_tax = tax_node.backward(1.0)
d_apple_total, d_mandarin_total = add_node.backward(d_subtotal)
d_apple, d_apples = apple_node.backward(d_apple_total)
d_mandarin, d_mandarins = mandarin_node.backward(d_mandarin_total)
print(f"price = {price:.1f}")
Table({"input": ["apple price", "number of apples", "mandarin price", "number of mandarins", "tax"],
       "value": [100, 2, 150, 3, 1.1],
       "∂price/∂input": [d_apple, d_apples, d_mandarin, d_mandarins, d_tax]}, caption="the backward pass")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same graph drawn from the layer nodes — `backprop.traced_apple_graph()` records each `Multiply`
# and `Add` node as it computes and then runs their `backward`; the forward value is written above each
# arrow (green), the gradient ∂price/∂(that value) below it (red):

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(8, 4.8), layout="constrained")
print(backprop.traced_apple_graph().draw(ax, title="price = (100 × 2 + 150 × 3) × 1.1: forward above, gradient below"))
plt.show()

# %% slideshow={"slide_type": "subslide"}
compare_with_slides({"price": (price, "715")})

# %% [markdown]
# The slide marks "+1" above the apple: if an apple cost 1 more, the bill would rise by ∂price/∂apple.
# Checked directly:

# %%
print(f"price with a 101 apple − price = {backprop.apple_graph(apple=101)['price'] - price:.4f}"
      f"   ∂price/∂apple = {d_apple:.4f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Add and multiply gates: f = (x + y)·z
#
# Seed 003's example, at x = −2, y = 5, z = −4: an add gate q = x + y feeds a multiply gate f = q·z.

# %%
add_gate, multiply_gate = layers.Add(), layers.Multiply()
x, y, z = -2.0, 5.0, -4.0
q = add_gate.forward(x, y)
f = multiply_gate.forward(q, z)
df_dq, df_dz = multiply_gate.backward(1.0)  # multiply: swap → ∂f/∂q = z, ∂f/∂z = q
df_dx, df_dy = add_gate.backward(df_dq)     # add: pass on → ∂f/∂x = ∂f/∂y = ∂f/∂q
print(f"forward:  q = x + y = {q:g},  f = q·z = {f:g}")
print(f"backward: ∂f/∂z = q = {df_dz:g},  ∂f/∂q = z = {df_dq:g},  ∂f/∂x = {df_dx:g},  ∂f/∂y = {df_dy:g}")

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
print(backprop.traced_add_multiply_graph(x, y, z).draw(ax, title="f = (x + y)·z: forward above, gradient below"))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### z = (x + y)²
#
# Seed 004 splits z = (x + y)² into t = x + y and z = t²: ∂z/∂t = 2t, and the add gate hands 2t to both
# x and y, so ∂z/∂x = ∂z/∂y = 2(x + y). The slide gives no values; we reuse x = −2, y = 5:

# %%
square = backprop.square_of_sum_graph(x, y)
print(f"t = {square['t']:g}, z = {square['z']:g}, ∂z/∂t = 2t = {square['∂z/∂t']:g}, "
      f"∂z/∂x = {square['∂z/∂x']:g}, ∂z/∂y = {square['∂z/∂y']:g}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The sigmoid gate
#
# Seed 003's "another example", f(w, x) = 1 / (1 + e^−(w0·x0 + w1·x1 + w2)), comes from Stanford's
# cs231n. The slide text keeps only some of its numbers (w2 = −3.00, 2.00, 0.20, 0.40 and
# "(0.73)·(1 − 0.73) = 0.2"), so we use cs231n's values **w = (2, −3, −3), x = (−1, −2)**, which
# match those. Split into elementary gates — each one a layer object of `course_lib.layers` with
# `forward` and `backward`: `Multiply` and `Add` for the products, the sums, ×(−1) and +1, then
# `Exp` and `Reciprocal` (1/x) — each node's forward value and the gradient that reaches it:

# %% slideshow={"slide_type": "subslide"}
gate_table = backprop.sigmoid_gate_graph(w=(2.0, -3.0, -3.0), x=(-1.0, -2.0))
Table(gate_table, digits=4, caption="forward values and gradients ∂f/∂node, gate by gate")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Drawn as cs231n draws it, from the same layer nodes (`backprop.traced_sigmoid_gate_graph`):

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(12, 5.2), layout="constrained")
sigmoid_summary = backprop.traced_sigmoid_gate_graph(w=(2.0, -3.0, -3.0), x=(-1.0, -2.0)).draw(
    ax, title="f(w, x) = 1 / (1 + exp(−(w0·x0 + w1·x1 + w2))), gate by gate: forward above, gradient below")
print("\n".join(sigmoid_summary.splitlines()[:5]))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The last four gates (×(−1), exp, +1, 1/x) are the sigmoid σ(s). Its derivative has the short form
# σ′(s) = σ(s)·(1 − σ(s)), so the whole sigmoid can be one node with local gradient f·(1 − f):

# %% slideshow={"slide_type": "subslide"}
f_value = gate_table["forward value"][-1]
sum_gradient = gate_table["gradient ∂f/∂node"][gate_table["node"].index("sum + w2")]
print(f"f·(1 − f) = {f_value:.4f} × {1 - f_value:.4f} = {f_value * (1 - f_value):.4f}"
      f"   (gate by gate: {sum_gradient:.4f})")
sigmoid_node = layers.Sigmoid()  # the same, as one course_lib.layers node
sigmoid_node.forward(gate_table["forward value"][gate_table["node"].index("sum + w2")])
print(f"one Sigmoid node: forward {sigmoid_node.out:.4f}, backward(1) = {sigmoid_node.backward(1.0):.4f}")
gradient_of = dict(zip(gate_table["node"], gate_table["gradient ∂f/∂node"]))
w0 = gate_table["forward value"][gate_table["node"].index("w0")]
print(f"∂f/∂x0 = w0 × upstream: with the upstream rounded to 0.2, {w0:g} × 0.2 = {w0 * 0.2:.2f};"
      f"  unrounded, {w0:g} × {sum_gradient:.4f} = {gradient_of['x0']:.4f}")
slide_upstream = float("0.20")  # the gradient the slide writes on the sum, rounded
compare_with_slides({"f = σ(1)": (f_value, "0.73"),
                     "σ′ = (0.73)·(1 − 0.73)": (f_value * (1 - f_value), "0.2"),
                     "∂f/∂w2": (gradient_of["w2"], "0.20"),
                     "∂f/∂x0": (gradient_of["x0"], Slide("0.40", from_inputs=w0 * slide_upstream))})

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Rounding note (seed 003, sigmoid-gate example).** The slide's 0.40 on x0 is w0 × 0.20: it
# > multiplies by the upstream gradient *after* rounding it to 0.20 (the column "from the slide's
# > inputs"). With the unrounded upstream gradient, ∂f/∂x0 is the value printed above (and on the
# > diagram), which rounds to 0.39. Not a mistake of method — rounding
# > carried forward.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A vectorised example: f(x, W) = ‖W·x‖²
#
# The same rules work on whole arrays (seed 003, from cs231n): q = W·x, f = ‖q‖² = Σ qᵢ².
# Then ∂f/∂q = 2q, ∂f/∂W = 2q·xᵀ (an outer product, the shape of W) and ∂f/∂x = Wᵀ·2q (the shape of x).
# `backprop.vectorised_graph` builds it from layer objects: q = W·x is a `layers.Affine` layer (it
# computes a row x·Wᵀ, so its weight is Wᵀ and its bias 0), each qᵢ² a `layers.Multiply` gate with q on
# both inputs — its two gradients add up to 2q — and the sum an add gate that passes 1 on to every qᵢ².

# %%
W = np.array([[0.1, 0.5], [-0.3, 0.8]])
x_vec = np.array([0.2, 0.4])
vec = backprop.vectorised_graph(W, x_vec)
print(f"q = W·x = {vec['q']},  f = ‖q‖² = {vec['f']:.4f}")
print(f"∂f/∂q = 2q = {vec['∂f/∂q']}")
print(f"∂f/∂W = 2q·xᵀ =\n{vec['∂f/∂W']}")
print(f"∂f/∂x = Wᵀ·2q = {vec['∂f/∂x']}")

# %% slideshow={"slide_type": "subslide"}
compare_with_slides({"q1": (vec["q"][0], "0.22"), "q2": (vec["q"][1], "0.26"),
                     "∂f/∂W11": (vec["∂f/∂W"][0, 0], "0.088"), "∂f/∂W12": (vec["∂f/∂W"][0, 1], "0.176"),
                     "∂f/∂W21": (vec["∂f/∂W"][1, 0], "0.104"), "∂f/∂W22": (vec["∂f/∂W"][1, 1], "0.208"),
                     "∂f/∂x1": (vec["∂f/∂x"][0], Slide("0.2", extraction=("x1", x_vec[0]))),
                     "∂f/∂x2": (vec["∂f/∂x"][1], "0.636")})

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Extraction note (seed 003, vectorised example, ∂f/∂x1).** The slide's gradient column for x reads
# > "0.2, 0.636" in the extracted text; the computed ∂f/∂x1 (above) is negative and nowhere near 0.2.
# > The 0.2 is x1's own value, which comes right before it in the extracted text (the verdict checks that
# > it equals x1), so it is most likely the text extraction's doing, not the slide's; ∂f/∂x2 agrees.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The slides' 2-2-1 network
#
# Seed 002 trains one step of this network on a single example:
#
# $$a_1 = w_1 x_1 + w_3 x_2,\quad a_2 = w_2 x_1 + w_4 x_2,\quad h_i = \sigma(a_i),\quad
#   a_3 = w_5 h_1 + w_6 h_2,\quad \hat y = \sigma(a_3),\quad E = (y - \hat y)^2$$
#
# The loss is the slides' MSE, E = 1/N·Σ(y − ŷ)², with N = 1 example — no ½ in front, so ∂E/∂ŷ = −2(y − ŷ).
# (Seed 004 writes the MSE with a ½, which would halve every gradient below.) The values, as the slides
# give them:
#
# > **Extraction note (seed 002, "x2 = 0.3").** The extracted slide text shows "0.7 ⇒ x2 = 0.3" in the
# > network diagram. This is not a slide mistake but the text extraction merging the input arrow "0.7 → x2"
# > with the neighbouring weight label "= 0.3" (the same extraction also produces "0.5 ⇒ x1 = 0.3", and x1
# > is 0.5 everywhere). The slide's own arithmetic, a1 = 0.5 × 0.5 + 0.3 × 0.7, uses x2 = 0.7.

# %% slideshow={"slide_type": "subslide"}
w = dict(backprop.SLIDE_WEIGHTS)
x1, x2 = backprop.SLIDE_INPUTS["x1"], backprop.SLIDE_INPUTS["x2"]
y, alpha = backprop.TARGET, backprop.LEARNING_RATE
print(f"inputs x1 = {x1}, x2 = {x2};  target y = {y};  learning rate α = {alpha}")
print("weights: " + ", ".join(f"{name} = {value}" for name, value in w.items()))

# %% [markdown]
# **Which weight joins which unit.** The numbering is a trap: w2 does *not* join x2 to h1. In
# a1 = w1·x1 + w3·x2 and a2 = w2·x1 + w4·x2, **w2 carries x1 into h2** and **w3 carries x2 into h1** —
# the two arrows that cross. As the layers store it, W1 has one row per input and one column per hidden
# unit, so W1 = [[w1, w2], [w3, w4]]: row x1 holds w1 (→ h1) and w2 (→ h2). The diagram below reads its
# wiring from the `Affine` layers of `backprop.slide_network` (their W), and each unit shows its forward
# value from the `Sigmoid` layers:

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
print(diagrams.draw_network(ax, w, backprop.SLIDE_INPUTS,
                            title="the slides' 2-2-1 network: which weight joins which unit"))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Step 1 · Forward pass (순전파)

# %%
a1 = w["w1"] * x1 + w["w3"] * x2
a2 = w["w2"] * x1 + w["w4"] * x2
h1 = 1 / (1 + np.exp(-a1))
h2 = 1 / (1 + np.exp(-a2))
a3 = w["w5"] * h1 + w["w6"] * h2
y_hat = 1 / (1 + np.exp(-a3))
print(f"a1 = w1·x1 + w3·x2 = {w['w1']}·{x1} + {w['w3']}·{x2} = {a1:.6f}")
print(f"a2 = w2·x1 + w4·x2 = {w['w2']}·{x1} + {w['w4']}·{x2} = {a2:.6f}")
print(f"h1 = σ(a1) = {h1:.6f}")
print(f"h2 = σ(a2) = {h2:.6f}")
print(f"a3 = w5·h1 + w6·h2 = {w['w5']}·{h1:.6f} + {w['w6']}·{h2:.6f} = {a3:.6f}")
print(f"ŷ  = σ(a3) = {y_hat:.6f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The slides round every intermediate value and carry the rounded value on. To tell that rounding from
# a real mistake, each comparison below also recomputes the slide's step **from the slide's own rounded
# inputs** (the printed strings, turned into numbers) — the column "from the slide's inputs":

# %%
slide = {name: float(text) for name, text in {   # the slides' rounded intermediates, as printed
    "h1": "0.613", "h2": "0.638", "a3": "0.5298", "ŷ": "0.629", "∂E/∂ŷ": "-0.742", "∂ŷ/∂a3": "0.233",
    "∂h1/∂a1": "0.237"}.items()}
slide_a3 = w["w5"] * slide["h1"] + w["w6"] * slide["h2"]
compare_with_slides({"a1": (a1, "0.46"), "a2": (a2, "0.57"), "h1": (h1, "0.613"),
                     "h2": (h2, "0.638"), "a3": (a3, Slide("0.5298", from_inputs=slide_a3)),
                     "ŷ": (y_hat, Slide("0.629", from_inputs=1 / (1 + np.exp(-slide["a3"]))))})

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Rounding note (seed 002, step 1).** The slide *truncates* h2 to 0.638 (rounded, it is the value
# > printed below). It then computes a3 from its rounded h1 and h2, which gives its 0.5298 instead of the
# > exact a3, and σ of that instead of the exact ŷ (the exact ŷ does not round to the slide's 0.629).
# > From here on the slides carry these rounded values along; the notebook carries exact ones.

# %%
a3_from_rounded = 0.5 * 0.613 + 0.35 * 0.638
print(f"h2 truncated to 3 decimals: {np.floor(h2 * 1000) / 1000:.3f}   rounded: {h2:.3f}")
print(f"slide's a3 from its rounded h:  0.5·0.613 + 0.35·0.638 = {a3_from_rounded:.4f},"
      f"  σ of that = {1 / (1 + np.exp(-a3_from_rounded)):.4f}")
print(f"exact:  a3 = {a3:.6f},  ŷ = {y_hat:.6f}  (ŷ rounded to 3 decimals: {y_hat:.3f})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Step 2 · The error (오차 계산)

# %%
E = (y - y_hat) ** 2
print(f"E = (y − ŷ)² = (1 − {y_hat:.6f})² = {E:.6f}")
print(f"the slide's (1 − 0.629)² = {(1 - slide['ŷ']) ** 2:.6f}")
compare_with_slides({"E": (E, Slide("0.1376", from_inputs=(y - slide["ŷ"]) ** 2))})

# %% [markdown]
# The slide's E ≈ 0.1376 comes from its rounded ŷ = 0.629 (the second line printed above); the exact
# error is the first line, E computed from the exact ŷ.

# %% [markdown] slideshow={"slide_type": "slide"}
# ### Step 3 · The chain rule, one factor at a time: w5
#
# $$\frac{\partial E}{\partial w_5} = \frac{\partial E}{\partial \hat y}\cdot
#   \frac{\partial \hat y}{\partial a_3}\cdot\frac{\partial a_3}{\partial w_5}$$
#
# **Factor 1.** E = (y − ŷ)², so ∂E/∂ŷ = −2(y − ŷ):

# %%
dE_dyhat = -2 * (y - y_hat)
print(f"∂E/∂ŷ = −2(y − ŷ) = −2 × (1 − {y_hat:.6f}) = {dE_dyhat:.6f}")

# %% [markdown]
# **Factor 2.** ŷ = σ(a3), and σ′ = σ(1 − σ), so ∂ŷ/∂a3 = ŷ(1 − ŷ):

# %%
dyhat_da3 = y_hat * (1 - y_hat)
print(f"∂ŷ/∂a3 = ŷ(1 − ŷ) = {y_hat:.6f} × {1 - y_hat:.6f} = {dyhat_da3:.6f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Factor 3.** a3 = w5·h1 + w6·h2, so ∂a3/∂w5 = h1. Multiply the three, then update
# w5 := w5 − α·∂E/∂w5:

# %%
da3_dw5 = h1
dE_dw5 = dE_dyhat * dyhat_da3 * da3_dw5
new_w5 = w["w5"] - alpha * dE_dw5
print(f"∂a3/∂w5 = h1 = {da3_dw5:.6f}")
print(f"∂E/∂w5 = {dE_dyhat:.6f} × {dyhat_da3:.6f} × {da3_dw5:.6f} = {dE_dw5:.6f}")
print(f"new w5 = {w['w5']} − {alpha} × ({dE_dw5:.6f}) = {new_w5:.6f}")
slide_dE_dw5 = slide["∂E/∂ŷ"] * slide["∂ŷ/∂a3"] * slide["h1"]
print(f"the slide's rounded factors: −0.742 × 0.233 × 0.613 = {slide_dE_dw5:.6f}")

# %% slideshow={"slide_type": "subslide"}
compare_with_slides({"∂E/∂ŷ": (dE_dyhat, Slide("-0.742", from_inputs=-2 * (y - slide["ŷ"]))),
                     "∂ŷ/∂a3": (dyhat_da3, "0.233"),
                     "∂a3/∂w5 = h1": (da3_dw5, "0.613"), "∂E/∂w5": (dE_dw5, "-0.1059"),
                     "new w5": (new_w5, "0.51059")})

# %% [markdown]
# > **Rounding note (seed 002, ∂E/∂ŷ).** The slide's −0.742 = −2 × (1 − 0.629) uses the rounded ŷ; the
# > exact ∂E/∂ŷ is the one printed under Factor 1 above. The product ∂E/∂w5 still rounds to the slide's
# > −0.1059 — by luck: the slide's own rounded factors give the last value printed above, which does not.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### w6: the same chain, ending in h2

# %%
dE_dw6 = dE_dyhat * dyhat_da3 * h2
new_w6 = w["w6"] - alpha * dE_dw6
print(f"∂E/∂w6 = {dE_dyhat:.6f} × {dyhat_da3:.6f} × {h2:.6f} = {dE_dw6:.6f}")
print(f"new w6 = {w['w6']} − {alpha} × ({dE_dw6:.6f}) = {new_w6:.6f}")
slide_dE_dw6 = slide["∂E/∂ŷ"] * slide["∂ŷ/∂a3"] * slide["h2"]
print(f"the slide's rounded factors: −0.742 × 0.233 × 0.638 = {slide_dE_dw6:.6f}")
compare_with_slides({"∂a3/∂w6 = h2": (h2, "0.638"),
                     "∂E/∂w6": (dE_dw6, Slide("-0.1103", from_inputs=slide_dE_dw6)),
                     "new w6": (new_w6, Slide("0.36103", from_inputs=w["w6"] - alpha * slide_dE_dw6))})

# %% [markdown] slideshow={"slide_type": "subslide"}
# With the exact factors, ∂E/∂w6 and the new w6 are the values printed above, which round differently
# from the slide's −0.1103 and 0.36103; the slide's numbers follow from its rounded factors
# −0.742 × 0.233 × 0.638.

# %% [markdown] slideshow={"slide_type": "slide"}
# ### Hidden weights: w1 goes on through h1
#
# $$\frac{\partial E}{\partial w_1} = \frac{\partial E}{\partial \hat y}\cdot
#   \frac{\partial \hat y}{\partial a_3}\cdot\frac{\partial a_3}{\partial h_1}\cdot
#   \frac{\partial h_1}{\partial a_1}\cdot\frac{\partial a_1}{\partial w_1}$$

# %% [markdown] slideshow={"slide_type": "subslide"}
# The first two factors are the ones above. ∂a3/∂h1 = w5 — the **old** w5 = 0.5, not the updated one
# ("※수정 되기 전 w5의 값"): every gradient is taken at the same point, before any weight moves.
# ∂h1/∂a1 = h1(1 − h1), and ∂a1/∂w1 = x1.

# %%
da3_dh1 = w["w5"]  # the old w5
dh1_da1 = h1 * (1 - h1)
da1_dw1 = x1
dE_dw1 = dE_dyhat * dyhat_da3 * da3_dh1 * dh1_da1 * da1_dw1
new_w1 = w["w1"] - alpha * dE_dw1
print(f"∂a3/∂h1 = w5 (old) = {da3_dh1}")
print(f"∂h1/∂a1 = h1(1 − h1) = {h1:.6f} × {1 - h1:.6f} = {dh1_da1:.6f}")
print(f"∂a1/∂w1 = x1 = {da1_dw1}")
print(f"∂E/∂w1 = {dE_dyhat:.6f} × {dyhat_da3:.6f} × {da3_dh1} × {dh1_da1:.6f} × {da1_dw1} = {dE_dw1:.6f}")
print(f"new w1 = {w['w1']} − {alpha} × ({dE_dw1:.6f}) = {new_w1:.6f}")

# %% slideshow={"slide_type": "subslide"}
compare_with_slides({"∂a3/∂h1 = w5": (da3_dh1, "0.5"), "∂h1/∂a1": (dh1_da1, "0.237"),
                     "∂a1/∂w1 = x1": (da1_dw1, "0.5"), "∂E/∂w1": (dE_dw1, "-0.0102"),
                     "new w1": (new_w1, "0.50102")})

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### All six chains
#
# w2 and w4 go through h2 (so their third factor is the old w6 = 0.35), w3 through h1; w3 and w4 end in
# x2 instead of x1. `course_lib.backprop.chain_factors` lists every factor of every chain:

# %%
for name, factors in backprop.chain_factors(w, x1, x2, y).items():
    print(backprop.chain_line(name, factors))

# %% slideshow={"slide_type": "subslide"}
grads = backprop.gradients(w, x1, x2, y)
rounded_w3 = slide["∂E/∂ŷ"] * slide["∂ŷ/∂a3"] * w["w5"] * slide["∂h1/∂a1"] * x2
rounded_w4 = slide["∂E/∂ŷ"] * slide["∂ŷ/∂a3"] * w["w6"] * (slide["h2"] * (1 - slide["h2"])) * x2
compare_with_slides({"∂E/∂w2": (grads["w2"], "-0.00698"),
                     "∂E/∂w3": (grads["w3"], Slide("-0.01433", from_inputs=rounded_w3)),
                     "∂E/∂w4": (grads["w4"], Slide("-0.00978", from_inputs=rounded_w4))})

# %% slideshow={"slide_type": "subslide"}
print(f"with the slide's rounded factors: ∂E/∂w3 = −0.742 × 0.233 × 0.5 × 0.237 × 0.7 = {rounded_w3:.6f}"
      f" ≈ {rounded_w3:.5f}")
print(f"                                  ∂E/∂w4 = −0.742 × 0.233 × 0.35 × 0.638(1 − 0.638) × 0.7 = {rounded_w4:.6f}"
      f" ≈ {rounded_w4:.5f}")
print(f"exact:                            ∂E/∂w3 = {grads['w3']:.6f} ≈ {grads['w3']:.5f},"
      f"  ∂E/∂w4 = {grads['w4']:.6f} ≈ {grads['w4']:.5f}")

# %% [markdown]
# > **Erratum (seed 002, ∂E/∂w3).** The exact ∂E/∂w3 and ∂E/∂w4 (last line above) round to neither of
# > the slide's values. The slide's −0.00978 follows from its rounded factors (computed above) — rounding,
# > not an error. Its −0.01433 follows from neither the exact nor the rounded factors (the first line
# > above): a slip in the last digit, small, but a real error.

# %% [markdown] slideshow={"slide_type": "subslide"}
# The network again, now with each weight's gradient under its value — w2's and w3's on the crossing
# arrows, as the wiring above says:

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
_ = diagrams.draw_network(ax, w, backprop.SLIDE_INPUTS, gradients=grads, title="∂E/∂w for every connection")
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ### The update and the new forward pass
#
# All six weights move at once, each by −α·∂E/∂w:

# %%
Table(backprop.chain_columns(w, x1, x2, y, alpha), digits=6, caption="one gradient-descent step (output layer first)")

# %% slideshow={"slide_type": "subslide"}
new_w = backprop.update(w, grads, alpha)
new = backprop.forward(new_w, x1, x2)
new_E = backprop.error(y, new["y_hat"])
for name in ("a1", "a2", "h1", "h2", "a3", "y_hat"):
    print(f"{name:>5} = {new[name]:.6f}")
print(f"new error E = {new_E:.6f}   before the step: {E:.6f}   change: {new_E - E:+.6f}")

# %% slideshow={"slide_type": "subslide"}
compare_with_slides({"new a1": (new["a1"], "0.4604"), "new a2": (new["a2"], "0.5710"),
                     "new h1": (new["h1"], "0.613089"), "new h2": (new["h2"], "0.639466"),
                     "new a3": (new["a3"], "0.543653"), "new ŷ": (new["y_hat"], "0.6327"),
                     "new E": (new_E, "0.1349")})

# %% slideshow={"slide_type": "subslide"}
w3_needed = (0.4604 - new_w["w1"] * x1) / x2
print(f"σ(0.4604) = {1 / (1 + np.exp(-0.4604)):.6f}   σ(0.5710) = {1 / (1 + np.exp(-0.5710)):.6f}")
print(f"0.51059 × 0.613089 + 0.36103 × 0.639466 = {0.51059 * 0.613089 + 0.36103 * 0.639466:.6f}")
print(f"a1 = 0.4604 would need w3 = {w3_needed:.6f}; the update gives w3 = {new_w['w3']:.6f}")

# %% [markdown]
# > **Erratum (seed 002, the new forward pass).** The slide's final ŷ ≈ 0.6327 and E ≈ 0.1349 are right,
# > but its intermediate values do not follow from the updated weights, nor from each other: the
# > updated weights give the new a1 printed above (0.4604 would need w3 to have moved *down*, computed above);
# > h1 = 0.613089 is not σ(0.4604), h2 = 0.639466 is not σ(0.5710), and a3 = 0.543653 is not
# > w5·h1 + w6·h2 of the slide's own numbers. The correct values are the ones printed above.
#
# One step lowered the error. Repeating the step keeps lowering it — this is training:

# %% slideshow={"slide_type": "subslide"}
errors = backprop.train_steps(w, steps=200, x1=x1, x2=x2, y=y, learning_rate=alpha)
print("E after 0, 1, 10, 100, 200 steps: " + ", ".join(f"{errors[k]:.4f}" for k in (0, 1, 10, 100, 200)))
fig, ax = plt.subplots(figsize=(6, 3.2))
ax.plot(errors, marker=".", markersize=3)
ax.set(xlabel="gradient-descent step", ylabel="error E = (y − ŷ)²", title="The slides' network, step after step")
ax.grid(alpha=0.3)
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Checking the six gradients three other ways
#
# **Finite differences.** Nudge one weight by ±h and see how E changes:
# ∂E/∂w ≈ (E(w + h) − E(w − h)) / 2h. No calculus — and a check on ours.
#
# **The layer classes.** The same network as `course_lib.layers`: Affine (W1 = [[w1, w2], [w3, w4]])
# → Sigmoid → Affine (W2 = [[w5], [w6]]) → Sigmoid → MeanSquaredError. An `Affine` layer always carries a
# bias vector b; the slides' network has no biases, so here both are **zero** — which adds nothing to
# any sum — and only the gradients of W1 and W2 are used. Each layer does its own small backward step;
# chained, they give ∂E/∂W.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **TensorFlow's `GradientTape`.** Automatic differentiation, as Keras uses it, in float64.

# %%
numerical = backprop.numerical_gradients(w, x1, x2, y, h=1e-6)
from_layers = backprop.layer_gradients(w, x1, x2, y)
from_tape = backprop.tape_gradients(w, x1, x2, y)
Table({"weight": list(backprop.WEIGHT_NAMES),
       "chain rule": [grads[n] for n in backprop.WEIGHT_NAMES],
       "finite differences": [numerical[n] for n in backprop.WEIGHT_NAMES],
       "layer classes": [from_layers[n] for n in backprop.WEIGHT_NAMES],
       "GradientTape": [from_tape[n] for n in backprop.WEIGHT_NAMES]}, digits=8,
      caption="∂E/∂w by four routes")

# %% slideshow={"slide_type": "subslide"}
ours = backprop.as_vector(grads)
for route, other, bound in (("finite differences", numerical, 1e-8), ("layer classes", from_layers, 1e-12),
                            ("GradientTape", from_tape, 1e-12)):
    error = gradient_check.relative_error(ours, backprop.as_vector(other))
    print(f"relative error vs {route:<18} below {bound:.0e}: {error < bound}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The relative error here is the course's gradient check (`course_lib.gradient_check.relative_error`):
# the largest |a − b| / (|a| + |b|) over the six weights. The layer classes and the tape agree with the
# hand-made chain rule to the last few bits of a float64; finite differences agree less closely, because
# (E(w + h) − E(w − h)) / 2h carries its own error from h.
#
# The network as layers, for reference — each Affine layer shows its weight W and its (zero) bias b;
# lesson 07 builds an MNIST network from the same classes:

# %%
W1, W2 = backprop.weight_matrices(w)
slide_net = backprop.slide_network(w)
print(f"W1 =\n{W1}\nW2 =\n{W2}")
print(f"biases b1 = {slide_net.layers[0].b}, b2 = {slide_net.layers[2].b}: all zero, as the slides' network has none")
print(slide_net)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Backprop in matrix form (행렬 형태의 역전파)
#
# The 2-2-1 network took one example and six named weights. Real networks take a **batch** of N examples
# at once, as matrices, and the chain rule has to come out as matrix products. Lesson 07's MNIST network
# is exactly this: affine layers, then softmax + cross-entropy.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The affine layer (완전연결 계층): ∂L/∂W = Xᵀδ, ∂L/∂b = Σδ, ∂L/∂X = δWᵀ
#
# An affine layer computes **H = X·W + b**: X is (N × in), one example per row; W is (in × out); b (out,)
# is added to every row; H is (N × out). Say the loss's gradient with respect to H has arrived from above:
# **δ = ∂L/∂H**, also (N × out). Write one entry: H_nj = Σᵢ X_ni·W_ij + b_j.
#
# * W_ij appears in H_nj for *every* example n, multiplied by X_ni, so
#   ∂L/∂W_ij = Σₙ X_ni·δ_nj — that is the (i, j) entry of **Xᵀ·δ**: (in × N)·(N × out) = (in × out),
#   the shape of W.
# * b_j is added to H_nj for every n with factor 1 (an add gate passes the gradient on), so
#   ∂L/∂b_j = Σₙ δ_nj: **δ summed over the batch** (the rows).
# * X_ni appears in H_nj for every output j, multiplied by W_ij, so ∂L/∂X_ni = Σⱼ δ_nj·W_ij — the entry of
#   **δ·Wᵀ**: (N × out)·(out × in) = (N × in), the shape of X. This is what goes on to the layer below.
#
# A quick rule to remember them: the gradient of a matrix always has that matrix's shape, and there is
# only one way to multiply X or W with δ that gives it. The multiply gate's "swap the inputs" is still
# there — ∂L/∂W uses X and ∂L/∂X uses W — only transposed so that the shapes fit.

# %% [markdown] slideshow={"slide_type": "subslide"}
# `course_lib.layers.Affine.backward` is those three rules, line by line (the last line gives ∂L/∂X the
# input's own shape again, e.g. for images):

# %%
print(inspect.getsource(layers.Affine.backward))

# %% [markdown]
# ### Softmax + cross-entropy: δ = (P − Y)/N
#
# On top of the scores H sit softmax, $P_{nk} = e^{H_{nk}} / \sum_m e^{H_{nm}}$, and the mean cross-entropy
# $L = -\frac{1}{N}\sum_n \sum_k Y_{nk} \ln P_{nk}$ with one-hot labels Y. For one example (drop n):
# $\ln P_k = H_k - \ln \sum_m e^{H_m}$, so $\partial \ln P_k / \partial H_j = [k = j] - P_j$. Then
#
# $$\frac{\partial L}{\partial H_j} = -\sum_k Y_k\,([k=j] - P_j) = -Y_j + P_j\sum_k Y_k = P_j - Y_j,$$

# %% [markdown] slideshow={"slide_type": "subslide"}
# because the one-hot Y sums to 1. With the mean over the batch: **δ = ∂L/∂H = (P − Y)/N**. Everything
# the exponentials and logarithms did cancels — which is why softmax and cross-entropy are one layer
# in the course (and in Keras's `from_logits=True`). `SoftmaxCrossEntropy.backward`:

# %%
print(inspect.getsource(layers.SoftmaxCrossEntropy.backward))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Checked numerically
#
# A random batch of N = 5 examples with 4 features and 3 classes (the shapes of the slides' iris
# example): one forward and one backward pass through `Affine` and `SoftmaxCrossEntropy`
# (`backprop.matrix_form_gradients`), compared with the formulas and with central differences that
# use no backward pass at all (`backprop.matrix_form_numerical`):

# %% slideshow={"slide_type": "subslide"}
batch = backprop.matrix_form_example(rng, n=5, features=4, classes=3)
X_b, W_b, b_b, T_b, Y_b = (batch[k] for k in ("X", "W", "b", "T", "Y"))
ours = backprop.matrix_form_gradients(X_b, W_b, b_b, T_b)
numeric = backprop.matrix_form_numerical(X_b, W_b, b_b, T_b)
delta = ours["δ"]
by_formula = {"δ": (ours["P"] - Y_b) / len(T_b), "∂L/∂W": X_b.T @ delta, "∂L/∂b": delta.sum(axis=0),
              "∂L/∂X": delta @ W_b.T}
Table({"gradient": list(by_formula), "formula": ["(P − Y)/N", "Xᵀδ", "Σ δ (over rows)", "δWᵀ"],
       "shape": [str(ours[k].shape) for k in by_formula],
       "layer = formula (relative error < 1e-12)": [gradient_check.relative_error(ours[k], by_formula[k])
                                                    < 1e-12 for k in by_formula],
       "layer = finite differences (< 1e-7)": [gradient_check.relative_error(ours[k], numeric[k]) < 1e-7
                                               for k in by_formula]},
      caption=f"N = {len(T_b)} examples, W of shape {W_b.shape}, loss L = {ours['loss']:.4f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Seed 003's slide: "dL/dH = P − y … = Xᵀ(P − y)"
#
# Seed 003 (H = XW, P = Softmax(H), L = −loglikelihood(P)) writes
#
# $$\frac{dL}{dH} = P - y,\qquad \frac{dH}{dW} = X^T,\qquad
#   \frac{dL}{dH} = \frac{dL}{dH}\frac{dH}{dW} = X^T(P - y)$$
#
# The first line is the rule derived above (for the summed loss; the mean divides by N). The last line
# has a **typo**: its left side should be **dL/dW** — dL/dH cannot equal itself times something else,
# and the shapes say which it is:

# %%
print(f"P − Y: {(ours['P'] - Y_b).shape} = the shape of H;   Xᵀ(P − Y): {(X_b.T @ (ours['P'] - Y_b)).shape} "
      f"= the shape of W {W_b.shape}")
print(f"Xᵀ(P − Y)/N equals the layer's ∂L/∂W: {np.allclose(X_b.T @ (ours['P'] - Y_b) / len(T_b), ours['∂L/∂W'])}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Note also the order: the chain is written dL/dH · dH/dW, but the matrix product is **Xᵀ on the left**
# — in matrix form the factors go wherever the shapes allow, (in × N)·(N × out).
#
# The slide's gradient-descent code ("GD 코드 예시", for the iris layer: 4 features, 3 classes):
#
# ```python
# grads['W'] = np.zeros((4, 3))
# grads['b'] = np.zeros(10)
# grads['W'] = (1/len(T)) * np.dot(X.T, p-t)
# grads['b'] = (1/len(T)) * np.sum(p-t, axis = 0)
# ```

# %% [markdown] slideshow={"slide_type": "subslide"}
# The two lines that matter are the rules above, Xᵀ(P − Y)/N and Σ(P − Y)/N. But `np.zeros(10)` is a
# bias gradient for **10** classes (MNIST's) in a 3-class model. It does no harm here only because the
# next line overwrites it; used as it stands, the update `b -= learning_rate * grads['b']` fails:

# %%
b_iris = np.zeros(3)
stale_b_gradient = np.zeros(10)  # the slide's line
try:
    b_iris -= 0.0001 * stale_b_gradient
except ValueError as error:
    print(f"b {b_iris.shape} − lr · grads['b'] {stale_b_gradient.shape}: ValueError: {error}")
print(f"the bias gradient must have b's shape: Σ(P − Y)/N has shape {(ours['P'] - Y_b).sum(axis=0).shape}")

# %% [markdown]
# (The same code also builds `dp = p.copy(); dp[np.arange(len(T)), T] = 1` and never uses it; had it been
# meant as P − Y, the line would need `-= 1`, not `= 1`.)
#
# Lesson 07 trains its MNIST network from these two layers (with ReLU layers between the affine ones)
# and these rules.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why backpropagation? The cost of numerical differentiation
#
# Finite differences are simple, so why not train with them? Seed 002 ("수치 미분의 한계") estimates one
# update of a 784-100-10 network on MNIST: each loss of one image costs one operation per weight; each
# parameter's difference needs the loss over all the training images (80 % of 70,000); that is
# needed once per weight and bias, plus once for the base loss; and the computer does 850 million
# operations per second. Recomputed (the slide's numbers with their thousands separators removed):

# %% slideshow={"slide_type": "subslide"}
cost = backprop.numerical_cost_estimate(sizes=(784, 100, 10), n_images=70_000, train_fraction=0.8,
                                        operations_per_second=850e6)
for name, value in cost.items():
    print(f"{name:>25}: {value:,}" if isinstance(value, int) else f"{name:>25}: {value:,.1f}")
print(f"{'days':>25}: {cost['hours'] / 24:.1f}")
print(f"seconds and hours rounded to whole units: {round(cost['seconds']):,} s, {round(cost['hours'])} h")

# %% slideshow={"slide_type": "subslide"}
compare_with_slides({"weights": (cost["weights"], "79400"), "biases": (cost["biases"], "110"),
                     "operations per parameter": (cost["operations per parameter"], "4446400000"),
                     "loss evaluations": (cost["loss evaluations"], "79511"),
                     "total operations": (cost["total operations"], "353537710400000")}, digits=15)

# %%
compare_with_slides({"seconds": (cost["seconds"], "415926"), "hours": (cost["hours"], "115")}, digits=1)

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Rounding note (seed 002, "수치 미분의 한계").** The arithmetic is right; both times are *truncated*
# > ("약 115h", about 115 h): rounded to whole units they are the values printed last above, one more
# > than the slide's. The point stands: the number of days printed above, for **one** update of the
# > weights.
#
# Backpropagation gets the same gradient from one forward and one backward pass. Measured on this
# computer — a small 30-20-10 sigmoid network (every parameter differenced), then the slides'
# 784-100-10 network (50 randomly chosen parameters differenced, the time scaled up to all of them),
# both on random inputs. Timings differ from run to run and machine to machine, so this cell's text is
# not compared; the cell after it checks the results are in range.

# %% tags=["nbval-ignore-output"] slideshow={"slide_type": "subslide"}
small = backprop.time_gradients((30, 20, 10), batch=32, rng=rng)
mnist_sized = backprop.time_gradients((784, 100, 10), batch=10, rng=rng, numerical_parameters=50)
for label, result in (("30-20-10, batch 32", small), ("784-100-10, batch 10", mnist_sized)):
    print(f"{label}: {result['parameters']:,} parameters   backprop {result['backprop seconds'] * 1e3:.2f} ms   "
          f"numerical {result['numerical seconds']:.2f} s   → backprop is {result['speed-up']:,.0f}× faster")
scale = cost["training images"] / mnist_sized["batch"]
print(f"extrapolated to all {cost['training images']:,} training images: numerical "
      f"{mnist_sized['numerical seconds'] * scale / 3600:,.1f} h per update, "
      f"backprop {mnist_sized['backprop seconds'] * scale:.1f} s per update")

# %%
assert small["relative error"] < 1e-5 and mnist_sized["relative error"] < 1e-5
assert small["speed-up"] > 30 and mnist_sized["speed-up"] > 1000
print("numerical and backprop gradients agree (relative error < 1e-5) on both networks;")
print("backprop is more than 30× faster on the small network and more than 1000× on the 784-100-10 one.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The gap grows with the network: numerical differentiation needs a forward pass *per parameter*, so its
# cost grows like (number of parameters)², while backprop's grows like the number of parameters.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Errata: the slides' real errors in this lesson (정오표)
#
# Most differences from the slides above are the slides' rounding carried forward (verdict
# "≈ follows from the slide's rounded inputs") or a number cut off instead of rounded ("slide
# truncates"); one is the text extraction's. Those are not mistakes. These are — each shown where it
# occurs, with the correct value computed next to it:
#
# > **Errata**
# >
# > 1. **∂E/∂w3 (seed 002).** The slide's −0.01433 follows from neither the exact nor its own rounded
# >    factors (section "All six chains").
# > 2. **The new forward pass (seed 002).** The slide's new a1, h1, h2 and a3 do not follow from the
# >    updated weights nor from each other; its final ŷ and E are right (section "The update and the new
# >    forward pass").
# > 3. **"dL/dH = … = Xᵀ(P − y)" (seed 003).** The left side should be dL/dW (section "Backprop in
# >    matrix form").
# > 4. **`grads['b'] = np.zeros(10)` (seed 003's GD code).** A bias gradient for 10 classes in a 3-class
# >    model; harmless only because the next line overwrites it (same section).

# %% [markdown] slideshow={"slide_type": "subslide"}
# Not errors: "x2 = 0.3" in seed 002's diagram and the 0.2 in seed 003's ∂f/∂x column are text
# extraction artefacts; seed 003's 0.40 on x0, and seed 002's a3, ŷ, E, ∂E/∂ŷ, ∂E/∂w6, the new w6 and
# ∂E/∂w4 follow from the slides' rounded inputs; h2 and the "약 115h" estimate are truncated.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Recap
#
# * The chain rule multiplies local derivatives along a path. In a computational graph an **add** node
#   passes the upstream gradient on unchanged and a **multiply** node swaps its inputs; a sigmoid node
#   multiplies by σ(1 − σ).
# * Backprop for the slides' 2-2-1 network: forward pass, error E = (y − ŷ)², then for each weight the
#   product of its chain — output weights first, hidden weights through the **old** output weights —
#   and w := w − α·∂E/∂w. One step lowered the error, and repeated steps keep lowering it.
# * Most slide numbers that differ were computed from the slides' rounded intermediates; recomputing the
#   slide's chain from its own rounded inputs tells that rounding apart from the few real errors, which
#   the Errata box lists.
# * Finite differences, the layer classes and TensorFlow's GradientTape give the same six gradients.

# %% [markdown] slideshow={"slide_type": "subslide"}
# * In matrix form, for a batch: an affine layer H = XW + b passes back ∂L/∂W = Xᵀδ, ∂L/∂b = Σδ and
#   ∂L/∂X = δWᵀ; softmax + cross-entropy gives δ = (P − Y)/N. The layers implement exactly these, and
#   finite differences confirm them.
# * Numerical differentiation would take days per update on MNIST, by the slides' estimate. Measured here on
#   the same 784-100-10 network, backprop computes the same gradient more than a thousand times faster
#   than differencing — three orders of magnitude or more (the speed-up printed and checked above). It
#   is not free, though: one update over all the training images still takes a measurable time (the
#   extrapolation above).
#
# **Your turn:** `exercises/05_backprop_by_hand.ipynb` — the forward pass, predictions about the
# gradients' signs and the old w5, a function that returns all six gradients of the 2-2-1 network, the
# cost of numerical gradients, and the affine layer's backward pass in matrix form, checked against
# finite differences.
