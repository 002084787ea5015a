# %% [markdown]
# # Exercise 05 · The backward pass, by hand and in matrix form
#
# Companion to `notebooks/05_backprop_by_hand.ipynb`. Each step says what to compute and why; the code
# is yours to write. How to work:
#
# 1. Write your code in the cell marked `TODO` (replace `raise NotImplementedError`) and run it.
# 2. Run the check under it: ✅ means the step is right; ❌ names what is off and gives a first hint.
# 3. Stuck? `ex.<step>.hint()` gives the next hint — first the idea, then the formula, then code.
#    `ex.<step>.solution()` shows the worked solution of that one step.
#
# Run the cells in order: a step that is not finished stops the notebook with a short note.
#
# The network is the slides' 2-2-1 sigmoid network (seed 002), with no biases. Two inputs x1, x2 feed
# two hidden units h1, h2 through four weights, and h1, h2 feed one output ŷ through w5 and w6:
#
# | weight | carries | into |
# |---|---|---|
# | w1 | x1 | h1 |
# | w2 | x1 | h2 |
# | w3 | x2 | h1 |
# | w4 | x2 | h2 |
# | w5 | h1 | ŷ |
# | w6 | h2 | ŷ |
#
# Mind w2 and w3: w2 crosses over to the *second* hidden unit. Every unit adds up its weighted inputs
# and squashes the sum with the sigmoid σ; the error of one example is the squared difference between
# the target y and ŷ, with no ½ in front. At the end you write the backward pass of a whole dense
# layer, for a batch, in matrix form, and check it with finite differences the way cs231n does.

# %% tags=["colab-bootstrap"]
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %%
import numpy as np

from course_lib import checks
from course_lib.exercises import backprop_by_hand as ex

checks.friendly_errors(ex.EXPLAINERS)
w, x1, x2, y, alpha = ex.slide_example()


def sigmoid(a):
    """σ(a) = 1 / (1 + e^(−a)), for a number or an array."""
    return 1 / (1 + np.exp(-a))


print("weights w =", w)
print(f"inputs x1 = {x1}, x2 = {x2}   target y = {y}   learning rate α = {alpha}")

# %% [markdown]
# ## Step 1 · The forward pass
#
# **Goal:** `forward(w, x1, x2)` returns the tuple `(a1, a2, h1, h2, a3, y_hat)` for *any* weights
# (a dict with keys `"w1"` … `"w6"`) and inputs: a1 and a2 are the hidden units' weighted sums, h1 and
# h2 their outputs after the sigmoid, a3 the output unit's weighted sum of h1 and h2, and ŷ = σ(a3).
# Use the table above for which weight goes where, and the `sigmoid` defined above. At the slides' point
# w2 and w3 happen to be equal, so a mix-up of the two cannot show there: the check also tries other weights.

# %%
def forward(w, x1, x2):
    """The forward pass of the 2-2-1 network: (a1, a2, h1, h2, a3, y_hat)."""
    ### BEGIN SOLUTION forward
    ### HINT: Go from left to right. A hidden unit's sum uses the two weights that point INTO that unit
    ### (read the table's "into" column), then the sigmoid squashes it; the output unit does the same
    ### with h1 and h2.
    ### HINT: $a_1 = w_1 x_1 + w_3 x_2$, $a_2 = w_2 x_1 + w_4 x_2$, $h_i = \sigma(a_i)$,
    ### $a_3 = w_5 h_1 + w_6 h_2$, $\hat y = \sigma(a_3)$; the weights are `w["w1"]` … `w["w6"]`.
    ### HINT: ```python
    ### a1 = w["w1"] * x1 + w["w3"] * x2
    ### a2 = w["w2"] * x1 + w["w4"] * x2
    ### h1, h2 = sigmoid(a1), sigmoid(a2)
    ### a3 = w["w5"] * h1 + w["w6"] * h2
    ### return a1, a2, h1, h2, a3, sigmoid(a3)
    ### ```
    a1 = w["w1"] * x1 + w["w3"] * x2
    a2 = w["w2"] * x1 + w["w4"] * x2
    h1 = sigmoid(a1)
    h2 = sigmoid(a2)
    a3 = w["w5"] * h1 + w["w6"] * h2
    y_hat = sigmoid(a3)
    return a1, a2, h1, h2, a3, y_hat
    ### END SOLUTION


values = forward(w, x1, x2)  # at the slides' point; used below, once the check has looked at forward

# %%
ex.forward.check(forward)
a1, a2, h1, h2, a3, y_hat = values
print(f"a1 = {a1:.6f}  a2 = {a2:.6f}  h1 = {h1:.6f}  h2 = {h2:.6f}  a3 = {a3:.6f}  y_hat = {y_hat:.6f}")

# %% [markdown]
# ## Step 2 · The error
#
# **Goal:** the number `E`, the slides' error of this one example at the slides' point: the squared
# difference between the target `y` and the prediction `y_hat` of Step 1. (Seed 004 writes the loss with a
# ½ in front; the 2-2-1 slides do not, and this exercise follows them.)

# %%
### BEGIN SOLUTION error
### HINT: One example, so there is nothing to average: take the gap between target and prediction and
### square it, and put nothing in front.
### HINT: $E = (y - \hat y)^2$, with `y` and the `y_hat` of Step 1; `** 2` squares.
### HINT: `E = (y - y_hat) ** 2`
E = (y - y_hat) ** 2
### END SOLUTION
print(f"E = {E:.6f}")

# %%
ex.error.check(E)

# %% [markdown]
# ## Step 3 · Predict the signs
#
# Before computing any gradient, look at the numbers printed so far. At the slides' point, what sign do
# the six gradients ∂E/∂w1 … ∂E/∂w6 have? Set `gradient_signs` to `"negative"`, `"positive"`, `"mixed"`
# or `"zero"`. Reason from the factors of each chain (∂E/∂ŷ, the sigmoids' slopes, the weights, the inputs
# and hidden outputs): the check explains every answer, and Steps 4 and 6 will show you the numbers.

# %%
### BEGIN SOLUTION gradient_signs
### HINT: Every gradient is a product of factors. Which of them can be negative here? Start with ∂E/∂ŷ:
### is ŷ above or below the target?
### HINT: ∂E/∂ŷ = −2(y − ŷ) with ŷ < y; the sigmoid's slope σ(1 − σ) is always positive, and so are all
### the weights, inputs and hidden outputs of the slides' network.
### HINT: One negative factor times positive ones: `gradient_signs = "negative"`.
gradient_signs = "negative"
### END SOLUTION

# %%
ex.gradient_signs.check(gradient_signs)

# %% [markdown]
# ## Step 4 · The output weights
#
# **Goal:** three numbers at the slides' point: `delta_out` = ∂E/∂a3, how the error changes with the
# output unit's sum, and from it `dE_dw5` = ∂E/∂w5 and `dE_dw6` = ∂E/∂w6. The chain rule splits each
# output weight's gradient into three local derivatives:
#
# $$\frac{\partial E}{\partial w_5} = \underbrace{\frac{\partial E}{\partial \hat y}\cdot
#   \frac{\partial \hat y}{\partial a_3}}_{\delta_{out}}\cdot\frac{\partial a_3}{\partial w_5}$$
#
# Differentiate E with respect to ŷ, the sigmoid with respect to its input (σ′ can be written with
# σ's output alone), and a3 with respect to the weight. Use `y`, `y_hat`, `h1`, `h2` from Steps 1–2.

# %%
### BEGIN SOLUTION output_gradients
### HINT: delta_out is shared by both output weights: it is how E reacts to a3. After it, each weight
### only needs ∂a3/∂w — the value that weight multiplies in a3.
### HINT: $\partial E/\partial \hat y = -2(y - \hat y)$, $\partial\hat y/\partial a_3 = \hat y(1 - \hat y)$,
### $\partial a_3/\partial w_5 = h_1$ and $\partial a_3/\partial w_6 = h_2$.
### HINT: ```python
### delta_out = -2 * (y - y_hat) * y_hat * (1 - y_hat)
### dE_dw5, dE_dw6 = delta_out * h1, delta_out * h2
### ```
delta_out = -2 * (y - y_hat) * y_hat * (1 - y_hat)
dE_dw5 = delta_out * h1
dE_dw6 = delta_out * h2
### END SOLUTION
print(f"delta_out = {delta_out:.6f}   ∂E/∂w5 = {dE_dw5:.6f}   ∂E/∂w6 = {dE_dw6:.6f}")

# %%
ex.output_gradients.check(delta_out, dE_dw5, dE_dw6)

# %% [markdown]
# ## Step 5 · Decide: which w5?
#
# A hidden weight's chain passes through the output unit, e.g.
#
# $$\frac{\partial E}{\partial w_1} = \delta_{out}\cdot\frac{\partial a_3}{\partial h_1}\cdot
#   \frac{\partial h_1}{\partial a_1}\cdot\frac{\partial a_1}{\partial w_1},
#   \qquad \frac{\partial a_3}{\partial h_1} = w_5 .$$
#
# Gradient descent will soon move w5 to w5 − α·∂E/∂w5. In ∂E/∂w1, which w5 belongs: the `"old"` one
# (before the update), the `"new"` one (after it), or `"either"` (if you think it makes no difference)?
# Set `which_w5`.

# %%
### BEGIN SOLUTION which_w5
### HINT: A gradient is a slope at one point. At which weights was the error E — whose slope you are
### computing — measured?
### HINT: E was computed in Steps 1–2 with the weights as they are now; every ∂E/∂w is the slope there,
### before anything moves.
### HINT: `which_w5 = "old"`
which_w5 = "old"
### END SOLUTION

# %%
ex.which_w5.check(which_w5)

# %% [markdown]
# ## Step 6 · All six gradients, as a function
#
# **Goal:** `backward(w, x1, x2, y)` returns the tuple **(∂E/∂w1, ∂E/∂w2, ∂E/∂w3, ∂E/∂w4, ∂E/∂w5,
# ∂E/∂w6)**, in that order, for *any* weights, inputs and target: run the forward pass inside (your
# `forward` is there to call), then the chain rule. Each hidden unit gets its own delta, δ1 = ∂E/∂a1
# and δ2 = ∂E/∂a2, and each hidden weight's gradient is its unit's delta times the input that weight
# carries — the table at the top says which unit and which input.

# %%
def backward(w, x1, x2, y):
    """(∂E/∂w1, …, ∂E/∂w6) of the 2-2-1 sigmoid network at weights w, inputs x1, x2, target y."""
    ### BEGIN SOLUTION backward
    ### HINT: Three stages: the forward pass, then delta_out as in Step 4, then one delta per hidden unit
    ### (delta_out passed back through that unit's outgoing weight and its sigmoid). Then every gradient
    ### is "delta of the unit the weight points into" times "the value the weight carries".
    ### HINT: $\delta_1 = \delta_{out}\, w_5\, h_1(1 - h_1)$, $\delta_2 = \delta_{out}\, w_6\, h_2(1 - h_2)$;
    ### $\partial E/\partial w_1 = \delta_1 x_1$, $\partial E/\partial w_2 = \delta_2 x_1$,
    ### $\partial E/\partial w_3 = \delta_1 x_2$, $\partial E/\partial w_4 = \delta_2 x_2$,
    ### $\partial E/\partial w_5 = \delta_{out} h_1$, $\partial E/\partial w_6 = \delta_{out} h_2$.
    ### HINT: ```python
    ### a1, a2, h1, h2, a3, y_hat = forward(w, x1, x2)
    ### delta_out = -2 * (y - y_hat) * y_hat * (1 - y_hat)
    ### delta_1 = delta_out * w["w5"] * h1 * (1 - h1)
    ### delta_2 = delta_out * w["w6"] * h2 * (1 - h2)
    ### return (delta_1 * x1, delta_2 * x1, delta_1 * x2, delta_2 * x2, delta_out * h1, delta_out * h2)
    ### ```
    _, _, h1, h2, _, y_hat = forward(w, x1, x2)
    delta_out = -2 * (y - y_hat) * y_hat * (1 - y_hat)
    delta_1 = delta_out * w["w5"] * h1 * (1 - h1)
    delta_2 = delta_out * w["w6"] * h2 * (1 - h2)
    return (delta_1 * x1, delta_2 * x1, delta_1 * x2, delta_2 * x2, delta_out * h1, delta_out * h2)
    ### END SOLUTION


grads = backward(w, x1, x2, y)  # at the slides' point; printed below, once the check has looked at backward

# %%
ex.backward.check(backward)
for number, gradient in enumerate(grads, start=1):
    print(f"∂E/∂w{number} = {gradient:.6f}")

# %% [markdown]
# ### The gradient check
#
# Lesson 05's safety net: nudge one weight by ±h, see how E changes, (E(w + h) − E(w − h)) / 2h, and
# compare with `backward` by the relative error, the largest |a − b| / (|a| + |b|) over the six weights.
# Below about 1e-7 means right, about 1e-2 or more means wrong. The exact value is rounding noise and
# differs a little between computers, so only its size matters; the cell after it checks the bound.

# %% tags=["nbval-ignore-output"]
from course_lib import backprop, gradient_check

numerical = backprop.as_vector(backprop.numerical_gradients(w, x1, x2, y))
ours = np.array(backward(w, x1, x2, y), dtype=float)
relative = gradient_check.relative_error(ours, numerical) if ours.shape == numerical.shape else np.inf
print(f"relative error between backward and central differences: {relative:.0e}")

# %%
print("below 1e-7 (the gradients agree):", relative < 1e-7)

# %% [markdown]
# ## Step 7 · One gradient-descent step
#
# **Goal:** a **new** dict `new_w` with all six weights moved one gradient-descent step with learning
# rate `alpha`, using the gradients of your `backward` at the current weights — leave `w` itself as it is.
# Then `new_E`, the error of the network with the weights `new_w` (your `forward` and Step 2's formula).
# The check also looks at `w`, to make sure the update did not change it.

# %%
### BEGIN SOLUTION update
### HINT: Compute all six gradients first, at the current weights; then move every weight a small
### step against its gradient, into a fresh dict. Then run the forward pass again with the new weights.
### HINT: $w_i := w_i - \alpha\,\partial E/\partial w_i$ for i = 1 … 6; `zip` pairs the names "w1" … "w6" with
### the tuple `backward` returns; a dict comprehension builds the new dict.
### HINT: ```python
### names = ["w1", "w2", "w3", "w4", "w5", "w6"]
### new_w = {name: w[name] - alpha * g for name, g in zip(names, backward(w, x1, x2, y))}
### new_E = (y - forward(new_w, x1, x2)[-1]) ** 2
### ```
names = ["w1", "w2", "w3", "w4", "w5", "w6"]
new_w = {name: w[name] - alpha * gradient for name, gradient in zip(names, backward(w, x1, x2, y))}
new_E = (y - forward(new_w, x1, x2)[-1]) ** 2
### END SOLUTION
print(f"error before: {E:.6f}   after one step: {new_E:.6f}   change: {new_E - E:+.6f}")

# %%
ex.update.check(new_w, new_E, w)

# %% [markdown]
# ## Step 8 · Why not always use finite differences?
#
# The gradient check needs no calculus, so why bother with backprop? Count the cost. A dense network with
# layer sizes `sizes` — e.g. `(784, 100, 10)`: 784 inputs, 100 hidden units, 10 outputs — has a weight for
# every pair of units in neighbouring layers and a bias for every unit after the input layer.
#
# **Goal:** `loss_evaluations(sizes)` returns how many times the loss must be evaluated to get the *whole*
# gradient (every weight and bias) by central differences, (E(θ + h) − E(θ − h)) / 2h, one parameter at a
# time. Backprop gets the same gradient from one forward and one backward pass.

# %%
def loss_evaluations(sizes):
    """Loss evaluations for one gradient by central differences, for a dense network with layer sizes `sizes`."""
    ### BEGIN SOLUTION loss_evaluations
    ### HINT: Count the parameters first (weights between every pair of neighbouring layers, plus one
    ### bias per unit after the input), then ask how many losses one central difference needs.
    ### HINT: weights $= \sum_\ell n_\ell\, n_{\ell+1}$, biases $= \sum_{\ell \ge 1} n_\ell$; each parameter needs
    ### E(θ + h) and E(θ − h). `zip(sizes, sizes[1:])` walks over neighbouring layers.
    ### HINT: ```python
    ### weights = sum(a * b for a, b in zip(sizes, sizes[1:]))
    ### biases = sum(sizes[1:])
    ### return 2 * (weights + biases)
    ### ```
    weights = sum(n_in * n_out for n_in, n_out in zip(sizes, sizes[1:]))
    biases = sum(sizes[1:])
    return 2 * (weights + biases)
    ### END SOLUTION


print(f"784-100-10: {loss_evaluations((784, 100, 10)):,} loss evaluations by central differences; "
      "backprop: 1 forward and 1 backward pass")

# %%
ex.loss_evaluations.check(loss_evaluations)

# %% [markdown]
# ## Step 9 · A dense layer's backward pass, in matrix form
#
# Real networks do the chain rule for a whole layer and a whole batch at once. A dense layer (as
# `course_lib.layers.Affine`) computes, for a batch `X` of N rows (one example per row, shape (N, in)),
# weights `W` of shape (in, out) and biases `b` of shape (out,):
#
# $$\text{out}_{nj} = \sum_i X_{ni} W_{ij} + b_j \qquad (\text{shape } (N, \text{out}))$$
#
# The backward pass receives `dout` = ∂L/∂out (shape (N, out), written δ) from the layers above.
#
# **Goal:** `affine_backward(dout, X, W)` returns the tuple `(dX, dW, db)` = (∂L/∂X, ∂L/∂W, ∂L/∂b),
# each with the shape of what it differentiates: (N, in), (in, out), (out,). The loss L may be anything
# downstream — only `dout` matters. Derive each from the formula above: which entries of out does
# W_ij touch, which does b_j touch, which does X_ni touch? Then let the shapes tell you how to write
# the sums as matrix products. The check compares with central differences on random batches.

# %%
def affine_backward(dout, X, W):
    """Gradients (dX, dW, db) of out = X @ W + b, given dout = ∂L/∂out of shape (N, out)."""
    ### BEGIN SOLUTION affine_backward
    ### HINT: Each gradient adds up, over every entry of out that its parameter touches, the upstream
    ### gradient times the local derivative. W_ij touches column j in every row n (local derivative X_ni);
    ### b_j touches column j in every row (local derivative 1); X_ni touches row n in every column
    ### (local derivative W_ij). No averaging: if L has a 1/N, dout already carries it.
    ### HINT: $\partial L/\partial W = X^\top \delta$ (in × out), $\partial L/\partial b = \sum_n \delta_{n\cdot}$
    ### (a sum over the batch axis 0), $\partial L/\partial X = \delta\, W^\top$ (N × in); `@` multiplies
    ### matrices and `.T` transposes.
    ### HINT: ```python
    ### dX = dout @ W.T
    ### dW = X.T @ dout
    ### db = dout.sum(axis=0)
    ### return dX, dW, db
    ### ```
    dX = dout @ W.T
    dW = X.T @ dout
    db = dout.sum(axis=0)
    return dX, dW, db
    ### END SOLUTION


# %% tags=["nbval-ignore-output"]
ex.affine_backward.check(affine_backward)

# %% [markdown]
# The check printed its gradient check's relative error, which is rounding noise. Do one yourself, for
# dW on the first of the check's random batches: the loss L = Σ out ⊙ dout has exactly ∂L/∂out = dout.

# %% tags=["nbval-ignore-output"]
dout, X, W = ex.affine_cases()[0]
print(f"dout {dout.shape}, X {X.shape}, W {W.shape}")
numerical_dW = gradient_check.numerical_gradient(lambda W_try: np.sum((X @ W_try) * dout), W)
dW = np.asarray(affine_backward(dout, X, W)[1])
relative_dW = gradient_check.relative_error(dW, numerical_dW) if dW.shape == W.shape else np.inf
print(f"dW {dW.shape}: relative error to central differences {relative_dW:.0e}")

# %%
print("dW agrees with central differences (relative error below 1e-7):", relative_dW < 1e-7)

# %% [markdown]
# ## Done
#
# You ran the forward pass of the slides' network, computed its error, predicted the signs of its
# gradients and which w5 the hidden chains use, wrote `backward` for all six weights — confirmed by
# finite differences — and took one gradient-descent step that lowered the error. You counted why
# finite differences are only a check, never the way to train, and wrote the backward pass of a dense
# layer for a whole batch: ∂L/∂W, ∂L/∂b and ∂L/∂X in three matrix expressions. Those three lines are
# what `course_lib.layers.Affine.backward` does in lessons 04 and 07; lesson 06 is about better ways
# to take the step.
