# %% [markdown]
# # Exercise 04 · Gates, XOR by stacking, and an activation function
#
# Companion to `notebooks/04_xor_stacking.ipynb`. Each step says what to compute and why; the code
# is yours to write. How to work:
#
# 1. Write your code in the cell marked `TODO` (replace `raise NotImplementedError`) and run it.
# 2. Run the check under it: ✅ means the step is right; ❌ names what is off and gives a first hint.
# 3. Stuck? `ex.<step>.hint()` gives the next hint — first the idea, then the formula or the NumPy
#    function to use, then code. `ex.<step>.solution()` shows the worked solution of that one step.
#
# Run the cells in order: a step that is not finished stops the notebook with a short note.
# The four inputs (x1, x2) are the rows 00, 10, 01, 11, in the slides' order, as two NumPy
# arrays `x1` and `x2`.

# %% tags=["colab-bootstrap"]
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %%
import numpy as np

from course_lib import checks
from course_lib.exercises import xor_stacking as ex

checks.friendly_errors(ex.EXPLAINERS)
x1, x2 = ex.inputs()
print("x1 =", x1, " x2 =", x2)
print("the slides' truth tables on these rows:")
for gate, column in ex.truth_tables().items():
    print(f"{gate:>5}: {column}")

# %% [markdown]
# ## Step 1 · The perceptron (퍼셉트론)
#
# **Goal:** `perceptron(x1, x2, w1, w2, b)`, the step perceptron of the lesson:
#
# $$y = \begin{cases} 1 & \text{if } b + w_1 x_1 + w_2 x_2 > 0 \\ 0 & \text{otherwise} \end{cases}$$
#
# * `x1`, `x2`: either NumPy arrays (all four rows at once) or single Python numbers (one input,
#   such as `perceptron(1, 0, …)`); `w1`, `w2`, `b`: numbers.
# * It returns the **numbers** 0 and 1 (integers or floats such as 0.0 and 1.0, but not True/False),
#   in the shape of the inputs.
# * Use NumPy operations on whole arrays, without a loop (`for`, `while`, a comprehension, or
#   `np.vectorize`, which runs Python code once per element): the check sends a loop back.
# * A point exactly on the line (a weighted sum of 0) gives 0: the comparison is strict.

# %%
def perceptron(x1, x2, w1, w2, b):
    """The step perceptron: 1 where b + w1·x1 + w2·x2 > 0, else 0, for arrays or single numbers."""
    # TODO: your code here. Stuck? Run ex.perceptron.hint()
    raise NotImplementedError("step 'perceptron'")


perceptron(x1, x2, 1.0, -1.0, 0.0)  # try it: which rows give 1 with these weights?

# %%
ex.perceptron.check(perceptron)

# %% [markdown]
# ## Step 2 · Weights for AND, NAND and OR
#
# **Goal:** three weight triples `(w1, w2, b)` that make your perceptron an AND, a NAND and an OR
# gate: `and_weights`, `nand_weights`, `or_weights` (tuples of three numbers, written without quotes). Their truth tables
# are printed at the top. **Any** weights that give the right table pass; the slides chose one set,
# but find yours by reasoning, row by row: the row 00 leaves only b, the row 10 gives w1 + b, the
# row 01 gives w2 + b, the row 11 gives w1 + w2 + b, and each must be > 0 exactly where the gate is 1.
# Try them with your `perceptron(x1, x2, …)` before you check.

# %%
# TODO: your code here. Stuck? Run ex.gate_weights.hint()
raise NotImplementedError("step 'gate_weights'")

# %%
ex.gate_weights.check(and_weights, nand_weights, or_weights)

# %% [markdown]
# ## Step 3 · The gates as functions
#
# **Goal:** `and_gate(x1, x2)`, `nand_gate(x1, x2)` and `or_gate(x1, x2)`: each gate calls your
# `perceptron` of step 1 with its inputs and with its own weights from step 2 (`and_weights` for
# `and_gate`, and so on), in the perceptron's argument order, and returns what the perceptron gives.
# Like the perceptron, each takes arrays or single numbers and returns 0s and 1s. The check watches
# the calls your gates make: a formula of its own that gives the right table is sent back. The next
# steps build XOR out of these three.

# %%
def and_gate(x1, x2):
    """AND of x1 and x2: 1 only when both are 1."""
    # TODO: your code here. Stuck? Run ex.gates.hint()
    raise NotImplementedError("step 'gates'")


def nand_gate(x1, x2):
    """NAND (NOT AND) of x1 and x2: 0 only when both are 1."""
    # TODO: your code here. Stuck? Run ex.gates.hint()
    raise NotImplementedError("step 'gates'")


def or_gate(x1, x2):
    """OR of x1 and x2: 1 when at least one is 1."""
    # TODO: your code here. Stuck? Run ex.gates.hint()
    raise NotImplementedError("step 'gates'")


# %%
ex.gates.check(and_gate, nand_gate, or_gate)

# %% [markdown]
# ## Step 4 · Predict: XOR with one perceptron
#
# XOR (exclusive or) is 1 when exactly one input is 1 (its column is printed at the top). Before
# building it, decide: **can a single perceptron, with some weights (w1, w2, b), compute XOR?**
# Set `one_perceptron_xor` to `"yes"` or `"no"`; the check explains either answer.

# %%
# TODO: your code here. Stuck? Run ex.one_perceptron_xor.hint()
raise NotImplementedError("step 'one_perceptron_xor'")

# %%
ex.one_perceptron_xor.check(one_perceptron_xor)

# %% [markdown]
# ## Step 5 · XOR by stacking (층을 쌓는 것으로 해결!)
#
# **Goal:** `xor_gate(x1, x2)` built by stacking your gates: gates of the first layer read x1 and
# x2; a gate of a later layer reads outputs of earlier gates. Two layers are enough — two gates,
# then one that reads their outputs (not x1 and x2) — but any stack of your gates that computes XOR
# passes, however deep. Only your three gates `and_gate`, `nand_gate` and `or_gate` are allowed: no
# new weights, no arithmetic or comparisons on their outputs — the check watches which gates your
# function calls and what each one reads (it checks those gates first). Say first, in words, when
# XOR is 1, and look for first-layer gates that each capture half of that sentence.

# %%
def xor_gate(x1, x2):
    """XOR of x1 and x2 from a stack of your gates."""
    # TODO: your code here. Stuck? Run ex.xor_gate.hint()
    raise NotImplementedError("step 'xor_gate'")


# %%
ex.xor_gate.check(xor_gate)
print("x1 x2 | XOR")
for a, b, y in zip(x1, x2, xor_gate(x1, x2)):
    print(f" {a}  {b} |  {y}")

# %% [markdown]
# ## Step 6 · Derive: three linear layers are one
#
# The step between the layers matters. Without it, a layer is *linear*. The lesson wrote a layer for
# a row of inputs, x·W + b, and collapsed two such layers. Here you derive the collapse yourself, in
# the other common way of writing a layer — for a **column** x, with the matrix on the left — and for
# **three** layers:
#
# $$h_1 = W_1 x + b_1, \qquad h_2 = W_2 h_1 + b_2, \qquad y = W_3 h_2 + b_3,$$
#
# where a layer from $n_{k-1}$ to $n_k$ units has $W_k$ of shape $(n_k, n_{k-1})$ (one row per output)
# and $b_k$ of shape $(n_k,)$; the input x has shape $(n_0,)$.
#
# **Goal:** `collapse(W1, b1, W2, b2, W3, b3)` returns the single layer `(W, b)` — a matrix of shape
# $(n_3, n_0)$, then a bias vector of shape $(n_3,)$ — with $W x + b = y$ for every x. Derive W and b
# on paper first (put $h_1$ into $h_2$, then $h_2$ into y, and sort the terms), then write them. The
# check uses layers of several sizes, so the shapes must work for any $n_0 \to n_1 \to n_2 \to n_3$.

# %%
def collapse(W1, b1, W2, b2, W3, b3):
    """The one linear layer (W, b), in the column convention, equal to the three layers one after the other."""
    # TODO: your code here. Stuck? Run ex.collapse.hint()
    raise NotImplementedError("step 'collapse'")


# %%
ex.collapse.check(collapse)
rng = np.random.default_rng(0)
sizes = (2, 5, 3, 1)
layers = [(rng.normal(size=(n_out, n_in)), rng.normal(size=n_out)) for n_in, n_out in zip(sizes, sizes[1:])]
W, b = collapse(*(part for layer in layers for part in layer))
x = rng.normal(size=(2, 1000))  # 1000 inputs, one per column
y = x
for W_k, b_k in layers:
    y = W_k @ y + b_k[:, None]
difference = np.abs(y - (W @ x + b[:, None])).max()
print(f"three layers {' → '.join(map(str, sizes))} = one layer with W of shape {W.shape}; "
      f"largest difference over {x.shape[1]} random inputs below 1e-12: {difference < 1e-12}")
print(f"parameters: {sum(W_k.size + b_k.size for W_k, b_k in layers)} in the three layers, "
      f"{W.size + b.size} in the one layer they collapse to")

# %% tags=["nbval-ignore-output"]
print(f"the largest difference itself: {difference:.0e} (floating-point rounding; its digits vary by machine)")

# %% [markdown]
# ## Step 7 · Predict: XOR with linear layers
#
# Stack as many linear layers as you like, as wide as you like, with **no activation** between them,
# and read the output with a threshold. **Can such a stack compute XOR?** Set `linear_stack_xor` to
# `"yes"`, `"no"`, `"with enough layers"` or `"with enough units"`; the check explains every answer.

# %%
# TODO: your code here. Stuck? Run ex.linear_stack_xor.hint()
raise NotImplementedError("step 'linear_stack_xor'")

# %%
ex.linear_stack_xor.check(linear_stack_xor)

# %% [markdown]
# ## Step 8 · An activation function: ELU
#
# So the layers need a bend. The ELU (exponential linear unit) with parameter α > 0 is
#
# $$\mathrm{ELU}(x) = \begin{cases} x & \text{if } x > 0 \\ \alpha\,(e^{x} - 1) & \text{if } x \le 0 \end{cases}$$
#
# **Goal:** `elu(x, alpha=1.0)` for a NumPy array `x` of any shape (integers too), element by element
# and without a loop (as in step 1), returning floats. Do not change `x` itself.

# %%
def elu(x, alpha=1.0):
    """ELU of every element of the array x."""
    # TODO: your code here. Stuck? Run ex.elu.hint()
    raise NotImplementedError("step 'elu'")


# %%
ex.elu.check(elu)

# %% [markdown]
# ## Step 9 · Its derivative
#
# Backpropagation (lesson 05) multiplies by each unit's derivative. **Goal:** `elu_derivative(x,
# alpha=1.0)`, the derivative of ELU at every element of `x`. Derive it yourself, branch by branch,
# from the definition in step 8 (at x = 0 take the left branch's value).

# %%
def elu_derivative(x, alpha=1.0):
    """The derivative of ELU at every element of the array x."""
    # TODO: your code here. Stuck? Run ex.elu_derivative.hint()
    raise NotImplementedError("step 'elu_derivative'")


# %%
ex.elu_derivative.check(elu_derivative)

# %% [markdown]
# ## Step 10 · Check a derivative numerically
#
# A derivative written by hand is easy to get wrong; a **numerical derivative** checks it, as in the
# gradient checks of lesson 05. **Goal:** `numerical_derivative(f, x, h)`: for a function `f` of
# arrays, an array `x` and a small step `h`, the **central difference** at every element of `x`:
# the slope of the chord (할선) through the curve's points a step h to the left and a step h to the
# right of x. It looks both ways, so it is far more accurate than a one-sided slope. Use the
# argument `h` you are given (the check tries several) and no loop (as in step 1).

# %%
def numerical_derivative(f, x, h=1e-5):
    """The central-difference estimate of f'(x) at every element of the array x."""
    # TODO: your code here. Stuck? Run ex.numerical_derivative.hint()
    raise NotImplementedError("step 'numerical_derivative'")


# %%
ex.numerical_derivative.check(numerical_derivative)

# %% [markdown]
# Now let your numerical derivative check your ELU derivative, at points away from the kink at 0
# (there the two sides of the central difference sit on different branches):

# %%
xs = ex.curve_points()
smooth = xs[np.abs(xs) > 0.1]


def elu_gap(alpha):
    """The largest gap between the numerical and your ELU derivative at the smooth points."""
    return np.abs(numerical_derivative(lambda v: elu(v, alpha), smooth, 1e-6) - elu_derivative(smooth, alpha)).max()


gaps = {alpha: elu_gap(alpha) for alpha in (1.0, 0.5)}
for alpha, gap in gaps.items():
    print(f"alpha = {alpha}: largest gap at {len(smooth)} points below 1e-6: {gap < 1e-6}")

# %% tags=["nbval-ignore-output"]
print("the largest gaps themselves:", ", ".join(f"alpha = {a}: {g:.0e}" for a, g in gaps.items()))

# %% [markdown]
# ## Done
#
# You wrote a perceptron, found weights for three logic gates, predicted that no single perceptron
# computes XOR and built it by stacking your gates, showed that linear layers collapse into one (so a
# network needs a bend between its layers), and wrote the ELU activation with a derivative you derived
# and checked numerically. Lesson 05 chains such derivatives through a whole network:
# **backpropagation** (오차 역전파).
