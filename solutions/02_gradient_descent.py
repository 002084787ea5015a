# %% [markdown]
# # Exercise 02 · The MSE gradient and gradient descent
#
# Companion to `notebooks/02_gradient_descent.ipynb`. Each step says what to compute and why;
# the code is yours to write. How to work:
#
# 1. Write your code in the cell marked `TODO` (replace `raise NotImplementedError`) and run it.
# 2. Run the check under it: ✅ means the step is right; ❌ names what is off and gives a first hint.
# 3. Stuck? `ex.<step>.hint()` gives the next hint — first the idea, then the formula or the NumPy
#    function to use, then code. `ex.<step>.solution()` shows the worked solution of that one step.
#
# Run the cells in order: a step that is not finished stops the notebook with a short note.
# You derive the gradient of the MSE by hand, write it as a function and check it numerically, take
# gradient-descent steps, find how large a learning rate may be, and finish with stochastic and
# mini-batch gradient descent. The data are lesson 01's two points with the line ŷ = m·x + b and the
# first guess m = −1, b = 5; at the end, the six points of the optimizer slides.

# %% tags=["colab-bootstrap"]
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %%
import numpy as np

from course_lib import checks
from course_lib.exercises import gradient_descent as ex
from course_lib.gradient_check import relative_error

checks.friendly_errors()
x, y = ex.two_points()
m, b = -1.0, 5.0
loss = ex.loss_on_two_points  # loss([m, b]) is the MSE of the line y = m·x + b on the two points
print("x =", x, " y =", y, f" MSE at the first guess: {loss([m, b]):.4f}")

# %% [markdown]
# ## Step 1 · Derive the gradient by hand (미분)
#
# The loss is the mean squared error over the n points printed above:
#
# $$\mathrm{MSE}(m, b) = \frac{1}{n}\sum_{i=1}^{n} \bigl(y_i - (m x_i + b)\bigr)^2$$
#
# Each partial derivative, worked out for *these* two points, is a linear formula in m and b:
# ∂MSE/∂m = a·m + c·b + d, and ∂MSE/∂b the same with other numbers. **Goal:** derive both on paper
# (chain rule, then collect the terms in m, in b and the rest) and write the three numbers of each
# as `dm_coefficients = (a, c, d)` and `db_coefficients`. Fractions are fine, and the check also reads
# a formula written as a string, e.g. `"2m - b + 0.5"` (but steps 2 and 6 reuse your numbers, and a
# tuple is easier to reuse). The check says which coefficient is off, and why.

# %%
### BEGIN SOLUTION derivation
### HINT: Differentiate each squared error with the chain rule: the outer square gives 2 × the error,
### the inner part y − (m·x + b) gives −x for m and −1 for b. Average over the points, then multiply
### out the brackets and collect what multiplies m, what multiplies b, and what is left.
### HINT: $\frac{\partial\,\mathrm{MSE}}{\partial m} = -\frac{2}{n}\sum_i (y_i - m x_i - b)\,x_i
### = \bigl(\tfrac{2}{n}\sum x_i^2\bigr)m + \bigl(\tfrac{2}{n}\sum x_i\bigr)b - \tfrac{2}{n}\sum x_i y_i$,
### and $\frac{\partial\,\mathrm{MSE}}{\partial b} = -\frac{2}{n}\sum_i (y_i - m x_i - b)$: fill in the sums of
### the two points.
### HINT: ```python
### n = len(x)
### dm_coefficients = (2 * np.sum(x * x) / n, 2 * np.sum(x) / n, -2 * np.sum(x * y) / n)
### db_coefficients = (2 * np.sum(x) / n, 2.0, -2 * np.sum(y) / n)
### ```
n = len(x)
dm_coefficients = (2 * np.sum(x * x) / n, 2 * np.sum(x) / n, -2 * np.sum(x * y) / n)
db_coefficients = (2 * np.sum(x) / n, 2.0, -2 * np.sum(y) / n)
### END SOLUTION

# %%
ex.derivation.check(dm_coefficients, db_coefficients)

# %% [markdown]
# ## Step 2 · The gradient at the first guess
#
# **Goal:** the two numbers `dm` = ∂MSE/∂m and `db` = ∂MSE/∂b at the first guess m = −1, b = 5,
# from your formulas. Their signs tell you which way to move m and b to lower the loss.

# %%
### BEGIN SOLUTION gradient_at_guess
### HINT: Your formulas are a·m + c·b + d: put the first guess in for m and b.
### HINT: Unpack the coefficients (`a, c, d = dm_coefficients`), then evaluate $a m + c b + d$.
### HINT: ```python
### a, c, d = dm_coefficients
### dm = a * m + c * b + d
### a, c, d = db_coefficients
### db = a * m + c * b + d
### ```
a, c, d = dm_coefficients
dm = a * m + c * b + d
a, c, d = db_coefficients
db = a * m + c * b + d
### END SOLUTION

# %%
ex.gradient_at_guess.check(dm, db)
print(f"∂MSE/∂m = {float(dm):g}: a slightly larger m lowers the loss: {loss([m + 0.01, b]) < loss([m, b])}")
print(f"∂MSE/∂b = {float(db):g}: a slightly larger b lowers the loss: {loss([m, b + 0.01]) < loss([m, b])}")

# %% [markdown]
# ## Step 3 · A gradient function for any data
#
# Your coefficients hold for the two points only. **Goal:** `mse_gradient(x, y, m, b)` for arrays
# `x`, `y` of any length n (any numeric dtype): the gradient you derived in step 1, in its general
# form, returned as a NumPy **array** `[∂MSE/∂m, ∂MSE/∂b]` of shape (2,), dtype float. Use the
# function's own `m` and `b` (the check calls it with other lines and other data).

# %%
def mse_gradient(x, y, m, b):
    """The gradient [∂MSE/∂m, ∂MSE/∂b] of the line's MSE on the points (x, y), as an array."""
    ### BEGIN SOLUTION mse_gradient
    ### HINT: Write the formulas of step 1 before you multiplied them out: an average over the points of
    ### the error times the derivative of the prediction, times −2. Compute all the errors at once.
    ### HINT: With $e_i = y_i - (m x_i + b)$: $\partial\mathrm{MSE}/\partial m = -\frac{2}{n}\sum_i e_i x_i$ and
    ### $\partial\mathrm{MSE}/\partial b = -\frac{2}{n}\sum_i e_i$; `np.mean` does the $\frac{1}{n}\sum$, and
    ### `np.array([..., ...])` builds the result.
    ### HINT: ```python
    ### error = y - (m * x + b)
    ### return np.array([-2 * np.mean(error * x), -2 * np.mean(error)])
    ### ```
    error = y - (m * x + b)
    return np.array([-2 * np.mean(error * x), -2 * np.mean(error)])
    ### END SOLUTION


# %%
ex.mse_gradient.check(mse_gradient)

# %% [markdown]
# ## Step 4 · Check it numerically, without calculus
#
# A derivative can be checked by nudging: for each parameter i, move it a tiny h up and down and see
# how the function changes — the **central difference**
#
# $$g_i \approx \frac{f(p + h\,e_i) - f(p - h\,e_i)}{2h},$$
#
# where $e_i$ moves only entry i. **Goal:** `numerical_gradient(f, params, h=1e-5)`: `f` takes an array
# of parameters and returns one number; `params` is a list or a 1-D array of **any** numeric dtype
# (integers too); the result is a float array shaped like `params`. The caller's `params` must be left
# exactly as it was.

# %%
def numerical_gradient(f, params, h=1e-5):
    """The gradient of f at params by central differences; params is not changed."""
    ### BEGIN SOLUTION numerical_gradient
    ### HINT: Work on your own float copy of the parameters. For each entry, make one version moved up by
    ### h and one moved down by h (only that entry), evaluate f on both, and divide the difference by the
    ### distance between the two points.
    ### HINT: `np.array(params, dtype=float)` is a float copy even of an integer array; `.copy()` gives each
    ### moved version; fill `np.zeros_like(...)` entry by entry with $(f(\text{up}) - f(\text{down}))/(2h)$.
    ### HINT: ```python
    ### point = np.array(params, dtype=float)
    ### gradient = np.zeros_like(point)
    ### for i in range(point.size):
    ###     up, down = point.copy(), point.copy()
    ###     up[i] += h
    ###     down[i] -= h
    ###     gradient[i] = (f(up) - f(down)) / (2 * h)
    ### return gradient
    ### ```
    point = np.array(params, dtype=float)
    gradient = np.zeros_like(point)
    for i in range(point.size):
        up, down = point.copy(), point.copy()
        up[i] += h
        down[i] -= h
        gradient[i] = (f(up) - f(down)) / (2 * h)
    return gradient
    ### END SOLUTION


# %%
ex.numerical_gradient.check(numerical_gradient)
agreement = relative_error(mse_gradient(x, y, m, b), numerical_gradient(loss, [m, b]))

# %% tags=["nbval-ignore-output"]
print(f"relative error between your analytic and numerical gradients: {agreement:.0e}")

# %%
print(f"below 1e-7, so they agree: {agreement < 1e-7}")

# %% [markdown]
# ## Step 5 · One gradient-descent step
#
# The gradient points uphill. One step of **gradient descent** (경사 하강법) moves both parameters
# against it, scaled by the learning rate λ (학습률):
#
# $$m_{\text{new}} = m - \lambda\,\frac{\partial\,\mathrm{MSE}}{\partial m}, \qquad
#   b_{\text{new}} = b - \lambda\,\frac{\partial\,\mathrm{MSE}}{\partial b}$$
#
# **Goal:** `gd_step(x, y, m, b, lr)` returns the new `(m, b)`, a tuple of two numbers. Use your
# `mse_gradient`.

# %%
def gd_step(x, y, m, b, lr):
    """One gradient-descent step from (m, b) with learning rate lr: the new (m, b)."""
    ### BEGIN SOLUTION gd_step
    ### HINT: Get the gradient at the current (m, b) from your function, then move each parameter by the
    ### learning rate times its own partial derivative, in the downhill direction.
    ### HINT: Unpack the array into its two entries; the update is the formula above; `return new_m, new_b`
    ### returns a tuple.
    ### HINT: ```python
    ### dm, db = mse_gradient(x, y, m, b)
    ### return m - lr * dm, b - lr * db
    ### ```
    dm, db = mse_gradient(x, y, m, b)
    return m - lr * dm, b - lr * db
    ### END SOLUTION


# %%
ex.gd_step.check(gd_step)
step_m, step_b = gd_step(x, y, m, b, 0.1)
print(f"one step with λ = 0.1: MSE {loss([m, b]):.4f} → {loss([step_m, step_b]):.4f}")

# %% [markdown]
# ## Step 6 · How large may the learning rate be?
#
# Your gradient is linear in (m, b): it is $H \binom{m}{b}$ plus constants, where H is the 2×2 matrix of
# your coefficients of m and b (the rows are ∂MSE/∂m and ∂MSE/∂b). H holds the bowl's curvatures: along
# an eigenvector of H with eigenvalue c, one step multiplies the distance to the minimum by (1 − λ·c).
# A run converges only when that factor lies strictly between −1 and 1 in *every* direction.
#
# **Goal:** `bound`, the largest learning rate below which gradient descent on the two points
# converges, computed from your coefficients (one number).

# %%
### BEGIN SOLUTION stability_bound
### HINT: Build H from the first two numbers of each of your coefficient tuples, find its eigenvalues,
### and ask which one limits λ first when you require |1 − λ·c| < 1 for all of them.
### HINT: H is symmetric, so `np.linalg.eigvalsh(H)` gives its eigenvalues in ascending order; the
### condition |1 − λ·c| < 1 means 0 < λ < 2/c, so the steepest curvature decides: $2/\lambda_{\max}$.
### HINT: ```python
### H = np.array([dm_coefficients[:2], db_coefficients[:2]], dtype=float)
### bound = 2 / np.linalg.eigvalsh(H).max()
### ```
H = np.array([dm_coefficients[:2], db_coefficients[:2]], dtype=float)
bound = 2 / np.linalg.eigvalsh(H).max()
### END SOLUTION

# %%
ex.stability_bound.check(bound)
print(f"largest stable learning rate for the two points: {float(bound):.4f}")

# %% [markdown]
# ## Step 7 · Predict: above the bound
#
# The slides use λ = 0.5; compare it with your `bound` (printed in step 6). Before running anything,
# predict what gradient descent does with a learning rate **above** the bound. Set `prediction` to one
# of `"diverges"`, `"converges slowly"`, `"oscillates but settles"`, `"converges"`.

# %%
### BEGIN SOLUTION above_bound
### HINT: Above the bound, what is the sign and the size of the factor 1 − λ·c in the steepest
### direction? What does multiplying a distance by it, step after step, do?
### HINT: For λ > 2/c the factor 1 − λ·c is below −1: the point jumps to the other side of the
### minimum, and lands further away than it started.
### HINT: `prediction = "diverges"`
prediction = "diverges"
### END SOLUTION

# %%
ex.above_bound.check(prediction)
print(f"the slides' λ = 0.5 is above your bound {float(bound):.4f}: {0.5 > bound}")

# %% [markdown]
# ## Step 8 · Decide: a learning rate that converges
#
# Now the other side of the bound. **Goal:** choose `lr_ok`, a learning rate with which gradient
# descent on the two points converges from any start. There is more than one right answer: any value
# the stability argument allows is accepted, and the check explains a value it does not allow.

# %%
### BEGIN SOLUTION pick_lr
### HINT: Every factor 1 − λ·c must stay strictly between −1 and 1: which interval does that leave
### for λ?
### HINT: Any λ with $0 < \lambda < 2/\lambda_{\max}$ converges — the further from both ends, the
### faster the steep direction settles.
### HINT: `lr_ok = bound / 2` (any number strictly between 0 and `bound` is right).
lr_ok = bound / 2
### END SOLUTION

# %%
ex.pick_lr.check(lr_ok)

# %% [markdown]
# ## Step 9 · Many steps
#
# **Goal:** `run_gd(x, y, m, b, lr, steps)` takes `steps` gradient-descent steps (with your
# `gd_step`), each from where the previous one ended, and returns the final `(m, b)`. With `steps = 0`
# nothing moves.

# %%
def run_gd(x, y, m, b, lr, steps):
    """(m, b) after `steps` gradient-descent steps from (m, b) with learning rate lr."""
    ### BEGIN SOLUTION run_gd
    ### HINT: A loop that runs `steps` times; each pass replaces the current (m, b) by the result of one
    ### step from it.
    ### HINT: `for _ in range(steps):` with your `gd_step`; assign its result back to `m, b`.
    ### HINT: ```python
    ### for _ in range(steps):
    ###     m, b = gd_step(x, y, m, b, lr)
    ### return m, b
    ### ```
    for _ in range(steps):
        m, b = gd_step(x, y, m, b, lr)
    return m, b
    ### END SOLUTION


# %%
ex.run_gd.check(run_gd)

# %% [markdown]
# Your prediction against the run: 100 steps from the first guess with your `lr_ok` and with the
# slides' λ = 0.5.

# %%
for lr in (float(lr_ok), 0.5):
    m_end, b_end = run_gd(x, y, m, b, lr, 100)
    print(f"λ = {lr:.4f} ({'below' if lr < bound else 'above'} the bound): after 100 steps "
          f"m = {m_end:.4g}, b = {b_end:.4g}, MSE = {loss([m_end, b_end]):.4g}")

# %% [markdown]
# ## Step 10 · Stochastic gradient descent, sample by sample
#
# The optimizer slides fit a line through the origin, ŷ = w·x, to six points (printed below), from
# w = 0.2 with the learning rate α = 0.01. **Stochastic** gradient descent (SGD, 확률적 경사 하강법)
# updates w after every single sample, using only that sample's loss
#
# $$L_i(w) = (y_i - w\,x_i)^2 .$$
#
# **Goal:** `sgd_epoch(x, y, w, lr)` goes through the samples **in order**; for each one it takes the
# derivative of $L_i$ at the **current** w (the w after the previous sample) and updates w. It returns a
# float array of the weights after each sample, shape (n,).

# %%
x6, y6 = ex.six_points()
print("x6 =", x6, " y6 =", y6)


def sgd_epoch(x, y, w, lr):
    """One epoch of SGD in order; the weight after each sample, as an array."""
    ### BEGIN SOLUTION sgd_epoch
    ### HINT: Differentiate one sample's loss with the chain rule, as in step 1 but with a single point
    ### and no intercept. In the loop, update w right away, so the next sample sees the new w, and keep
    ### a record of w after each update.
    ### HINT: $\frac{dL_i}{dw} = -2\,(y_i - w x_i)\,x_i$; loop with `for x_i, y_i in zip(x, y):`, append
    ### each new w to a list and return `np.array(...)` of it.
    ### HINT: ```python
    ### weights = []
    ### for x_i, y_i in zip(x, y):
    ###     w = w - lr * (-2 * (y_i - w * x_i) * x_i)
    ###     weights.append(w)
    ### return np.array(weights)
    ### ```
    weights = []
    for x_i, y_i in zip(x, y):
        w = w - lr * (-2 * (y_i - w * x_i) * x_i)
        weights.append(w)
    return np.array(weights, dtype=float)
    ### END SOLUTION


# %%
ex.sgd_epoch.check(sgd_epoch)
print(f"w after one epoch of SGD from w = 0.2: {sgd_epoch(x6, y6, 0.2, 0.01)[-1]:.4f}")

# %% [markdown]
# ## Step 11 · Mini-batch gradient descent
#
# Between one sample per step (SGD) and all of them (batch gradient descent) lies **mini-batch**
# gradient descent (미니배치 경사 하강법): cut the samples, in order, into batches of `batch_size`
# (the last batch is smaller when `batch_size` does not divide n) and take one step per batch, with
# the gradient of that batch's **mean** squared error at the current w.
#
# **Goal:** `minibatch_epoch(x, y, w, lr, batch_size)` returns a float array of the weights after each
# batch, one entry per batch.

# %%
def minibatch_epoch(x, y, w, lr, batch_size):
    """One epoch of mini-batch gradient descent, batches in order; the weight after each batch."""
    ### BEGIN SOLUTION minibatch_epoch
    ### HINT: Walk through the data in strides of batch_size; each slice is one batch, the last one
    ### possibly shorter. Per batch: the average of its samples' gradients at the current w, then one
    ### update, then record w.
    ### HINT: `for start in range(0, len(x), batch_size):` with slices `x[start:start + batch_size]`
    ### (a slice past the end just stops there); the batch gradient is
    ### $-\frac{2}{|B|}\sum_{i \in B}(y_i - w x_i)\,x_i$, i.e. `np.mean` over the batch.
    ### HINT: ```python
    ### weights = []
    ### for start in range(0, len(x), batch_size):
    ###     xb, yb = x[start:start + batch_size], y[start:start + batch_size]
    ###     w = w - lr * (-2 * np.mean((yb - w * xb) * xb))
    ###     weights.append(w)
    ### return np.array(weights)
    ### ```
    weights = []
    for start in range(0, len(x), batch_size):
        xb, yb = x[start:start + batch_size], y[start:start + batch_size]
        w = w - lr * (-2 * np.mean((yb - w * xb) * xb))
        weights.append(w)
    return np.array(weights, dtype=float)
    ### END SOLUTION


# %%
ex.minibatch_epoch.check(minibatch_epoch)
for size in (1, 2, 4, len(x6)):
    weights = minibatch_epoch(x6, y6, 0.2, 0.01, size)
    print(f"batch_size {size}: steps per epoch = {len(weights)}, w after the epoch = {weights[-1]:.4f}")

# %% [markdown]
# ## Done
#
# You derived the MSE gradient by hand and checked it numerically, wrote gradient descent, found the
# largest stable learning rate from the bowl's curvature and saw what happens above it, and ran SGD
# and mini-batch gradient descent. The smaller the batch, the more steps one epoch takes (printed
# above). Lesson 03 trains a perceptron on the weather table.
