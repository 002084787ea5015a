# %% [markdown]
# # Exercise 04 · Gates, XOR by stacking, and an activation function
#
# Companion to `notebooks/04_xor_stacking.ipynb`. Fill in each cell marked `TODO`, run it, then
# run the check under it: ✅ means the step is right; ❌ says what is off and gives a hint.
# Run the cells in order — a step that is not finished stops the notebook with a short note.
#
# The four inputs (x1, x2) are 00, 10, 01, 11, in the slides' order, as two NumPy arrays `x1` and `x2`.

# %% tags=["colab-bootstrap"]
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %%
import numpy as np

from course_lib import activations, checks, logic_gates

checks.friendly_errors()
x1, x2 = logic_gates.INPUTS.T


# %% [markdown]
# ## Step 1 · The perceptron
#
# Write `perceptron(x1, x2, w1, w2, b)`: 1 where b + w1·x1 + w2·x2 > 0, else 0. It must work when
# x1 and x2 are NumPy arrays (all four rows at once) and return integers 0/1 — compare the weighted
# sum with 0 and turn the True/False array into integers with `.astype(int)`.

# %%
def perceptron(x1, x2, w1, w2, b):
    """The step perceptron on arrays x1, x2: an array of 0s and 1s."""
    # TODO: the weighted sum plus bias, compared with 0, as integers
    raise NotImplementedError('the weighted sum plus bias, compared with 0, as integers')


perceptron(x1, x2, 0.5, 0.5, -0.7)  # try it with the AND weights

# %%
checks.check_function(perceptron, logic_gates.perceptron,
                      [(x1, x2, 0.5, 0.5, -0.7), (x1, x2, -0.5, -0.5, 0.7), (x1, x2, 0.5, 0.5, -0.5),
                       (np.array([0.2, 0.9]), np.array([0.4, 0.1]), 1.0, -2.0, 0.1)],
                      hint="the output is 1 only where the weighted sum is strictly greater than 0 "
                           "(at exactly 0 it is 0).")

# %% [markdown]
# ## Step 2 · AND, NAND and OR
#
# Use your `perceptron` with the slides' weights (w1, w2, b): AND (0.5, 0.5, −0.7),
# NAND (−0.5, −0.5, 0.7), OR (0.5, 0.5, −0.2).

# %%
# TODO: three one-line functions that call perceptron with the slides' weights
raise NotImplementedError("three one-line functions that call perceptron with the slides' weights")


# %%
checks.check_function(and_gate, logic_gates.AND, [(x1, x2)], hint="AND is 1 only for the input 11.")
checks.check_function(nand_gate, logic_gates.NAND, [(x1, x2)], hint="NAND is AND with every sign flipped.")
checks.check_function(or_gate, logic_gates.OR, [(x1, x2)], hint="OR is 1 unless both inputs are 0.")

# %% [markdown]
# ## Step 3 · XOR by stacking
#
# No single perceptron computes XOR. Stack your gates as the slides do: s1 = NAND(x1, x2),
# s2 = OR(x1, x2), y = AND(s1, s2).

# %%
def xor_gate(x1, x2):
    """XOR of x1 and x2 from two layers of perceptrons."""
    # TODO: s1 = nand_gate(...), s2 = or_gate(...), return and_gate(s1, s2)
    raise NotImplementedError('s1 = nand_gate(...), s2 = or_gate(...), return and_gate(s1, s2)')


# %%
checks.check_function(xor_gate, logic_gates.XOR, [(x1, x2)],
                      hint="the second layer's inputs are the *outputs* s1 and s2 of the first layer.")
print("x1 x2 | XOR")
for a, b, y in zip(x1, x2, xor_gate(x1, x2)):
    print(f" {a}  {b} |  {y}")


# %% [markdown]
# ## Step 4 · An activation function and its derivative: ELU
#
# The ELU (exponential linear unit) with parameter α is
#
# $$\text{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}
#   \qquad \text{ELU}'(x) = \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & x \le 0 \end{cases}$$
#
# Write both for NumPy arrays, without a loop: `np.where(condition, value_if_true, value_if_false)`
# picks element by element.

# %%
def elu(x, alpha=1.0):
    """ELU of every element of the array x."""
    # TODO: one np.where: x where x > 0, the exponential branch elsewhere
    raise NotImplementedError('one np.where: x where x > 0, the exponential branch elsewhere')


def elu_derivative(x, alpha=1.0):
    """The derivative of ELU at every element of the array x."""
    # TODO: one np.where with the derivative of each branch
    raise NotImplementedError('one np.where with the derivative of each branch')


# %%
xs = np.linspace(-4, 3, 15)
checks.check_function(elu, activations.elu, [(xs,), (xs, 0.5)],
                      hint="for x ≤ 0 it is alpha * (e^x − 1), which tends to −alpha for very negative x.")
checks.check_function(elu_derivative, activations.elu_derivative, [(xs,), (xs, 0.5)],
                      hint="differentiate each branch: x gives 1, alpha·(e^x − 1) gives alpha·e^x.")

# %% [markdown]
# A derivative you wrote yourself should agree with a **numerical** derivative of your own function,
# (f(x + h) − f(x − h)) / 2h, away from the kink at 0:

# %%
h = 1e-6
smooth = xs[np.abs(xs) > 0.1]
numerical = (elu(smooth + h) - elu(smooth - h)) / (2 * h)
largest_gap = float(np.max(np.abs(numerical - elu_derivative(smooth))))
checks.check_value("largest gap below 1e-6", largest_gap < 1e-6, True,
                   hint="if elu passes but this fails, recheck elu_derivative's formula.")

# %% [markdown]
# ## Done
#
# You wrote a perceptron, turned it into three logic gates, stacked them into XOR — the problem no
# single line can solve — and implemented an activation function with its derivative. Lesson 05 shows
# how those derivatives are chained together to train every weight of a network: **backpropagation**.
