# %% [markdown]
# # Exercise 05 · The backward pass of the 2-2-1 network
#
# Companion to `notebooks/05_backprop_by_hand.ipynb`. Fill in each cell marked `TODO`, run it, then
# run the check under it: ✅ means the step is right; ❌ says what is off and gives a hint.
# Run the cells in order — a step that is not finished stops the notebook with a short note.
#
# The network is the slides' (seed 002), with no biases:
#
# $$a_1 = w_1 x_1 + w_3 x_2,\quad a_2 = w_2 x_1 + w_4 x_2,\quad h_i = \sigma(a_i),\quad
#   a_3 = w_5 h_1 + w_6 h_2,\quad \hat y = \sigma(a_3),\quad E = (y - \hat y)^2$$
#
# with x1 = 0.5, x2 = 0.7, target y = 1, learning rate α = 0.1 and the weights in the dict `w`.

# %% tags=["colab-bootstrap"]
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %%
import numpy as np

from course_lib import backprop, checks

checks.friendly_errors()
w = dict(backprop.SLIDE_WEIGHTS)
x1, x2 = backprop.SLIDE_INPUTS["x1"], backprop.SLIDE_INPUTS["x2"]
y, alpha = backprop.TARGET, backprop.LEARNING_RATE


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


print(w)

# %% [markdown]
# ## Step 1 · The forward pass
#
# Compute a1, a2, h1, h2, a3, y_hat and the error E, using `w["w1"]` … `w["w6"]`, `x1`, `x2`, `y` and
# the `sigmoid` above.

# %%
# TODO: seven lines, one per quantity, in the order of the formulas
raise NotImplementedError('seven lines, one per quantity, in the order of the formulas')

# %%
reference = backprop.forward(w, x1, x2)
checks.check_value("(a1, a2)", (a1, a2), (reference["a1"], reference["a2"]),
                   hint="a1 uses w1 and w3 (the weights *into* hidden unit 1), a2 uses w2 and w4.")
checks.check_value("(h1, h2, a3, y_hat)", (h1, h2, a3, y_hat),
                   (reference["h1"], reference["h2"], reference["a3"], reference["y_hat"]),
                   hint="h = sigmoid(a); a3 = w5·h1 + w6·h2; y_hat = sigmoid(a3).")
checks.check_value("E", E, backprop.error(y, reference["y_hat"]), hint="E = (y − y_hat)², no ½ and no mean needed.")

# %% [markdown]
# ## Step 2 · The output weights
#
# Chain rule: ∂E/∂w5 = ∂E/∂ŷ · ∂ŷ/∂a3 · ∂a3/∂w5 with ∂E/∂ŷ = −2(y − ŷ), ∂ŷ/∂a3 = ŷ(1 − ŷ),
# ∂a3/∂w5 = h1 (and h2 for w6). Compute `delta_out` = ∂E/∂a3 = ∂E/∂ŷ · ∂ŷ/∂a3 first, then `dE_dw5` and `dE_dw6`.

# %%
# TODO: delta_out = ∂E/∂ŷ · ∂ŷ/∂a3 from y and y_hat; then dE_dw5 and dE_dw6
raise NotImplementedError('delta_out = ∂E/∂ŷ · ∂ŷ/∂a3 from y and y_hat; then dE_dw5 and dE_dw6')

# %%
expected = backprop.gradients(w, x1, x2, y)
checks.check_value("delta_out", delta_out, -2 * (y - reference["y_hat"]) * reference["y_hat"] * (1 - reference["y_hat"]),
                   hint="∂E/∂ŷ = −2(y − ŷ) (mind the sign) times the sigmoid's derivative ŷ(1 − ŷ).")
checks.check_value("(dE_dw5, dE_dw6)", (dE_dw5, dE_dw6), (expected["w5"], expected["w6"]),
                   hint="∂a3/∂w5 = h1 and ∂a3/∂w6 = h2.")


# %% [markdown]
# ## Step 3 · All six gradients, as a function
#
# Write `backward(w, x1, x2, y)` that returns the tuple **(∂E/∂w1, ∂E/∂w2, ∂E/∂w3, ∂E/∂w4, ∂E/∂w5, ∂E/∂w6)**
# for *any* weights and inputs: do the forward pass inside, then the chain rule. A hidden weight's
# chain goes on through its hidden unit, e.g.
# ∂E/∂w1 = delta_out · w5 · h1(1 − h1) · x1 — with the **old** w5. Remember which hidden unit each weight
# feeds: w1, w3 → h1; w2, w4 → h2; and which input it carries: w1, w2 ← x1; w3, w4 ← x2.

# %%
def backward(w, x1, x2, y):
    """∂E/∂w1 … ∂E/∂w6 of the 2-2-1 sigmoid network at weights w, inputs x1, x2, target y."""
    # TODO: forward pass, delta_out, then the hidden deltas delta_out·w5·h1(1−h1) and delta_out·w6·h2(1−h2)
    raise NotImplementedError('forward pass, delta_out, then the hidden deltas delta_out·w5·h1(1−h1) and delta_out·w6·h2(1−h2)')


np.array(backward(w, x1, x2, y))  # try it at the slides' point


# %%
def reference_backward(w, x1, x2, y):
    return tuple(backprop.gradients(w, x1, x2, y)[name] for name in backprop.WEIGHT_NAMES)


other_weights = {"w1": -1.2, "w2": 0.8, "w3": 0.4, "w4": -0.5, "w5": 1.5, "w6": -2.0}
checks.check_function(backward, reference_backward,
                      [(w, x1, x2, y), (w, 1.0, -0.3, 0.0), (other_weights, 0.2, 0.9, 1.0)],
                      hint="check the order (w1, w2, w3, w4, w5, w6), and which hidden unit and input each weight "
                           "belongs to; the third case has negative weights.")

# %% [markdown]
# ### The relative-error check
#
# Gradients are checked in practice by comparing with **finite differences** (f(w + h) − f(w − h)) / 2h,
# using the relative error: the largest |a − b| / (|a| + |b|) over the entries. Below about 1e-7 means
# right; around 1e-2 or more means wrong.

# %%
numerical = backprop.as_vector(backprop.numerical_gradients(other_weights, 0.2, 0.9, 1.0))
relative = backprop.relative_error(np.array(backward(other_weights, 0.2, 0.9, 1.0)), numerical)
checks.check_value("relative error below 1e-7", relative < 1e-7, True,
                   hint="a relative error near 1 means at least one gradient is wrong: compare each entry with `numerical`.")

# %% [markdown]
# ## Step 4 · One gradient-descent step
#
# Update every weight, w := w − α·∂E/∂w, into a new dict `new_w` (keep `w` as it is), then compute the
# new error `new_E` with the forward pass. It should be smaller than `E`.

# %%
# TODO: a dict comprehension over zip(names, backward(...)), then the forward pass again
raise NotImplementedError('a dict comprehension over zip(names, backward(...)), then the forward pass again')

# %%
expected_w = backprop.update(w, backprop.gradients(w, x1, x2, y), alpha)
checks.check_value("new_w (w1 … w6)", tuple(new_w[n] for n in backprop.WEIGHT_NAMES),
                   tuple(expected_w[n] for n in backprop.WEIGHT_NAMES),
                   hint="subtract α times the gradient; every gradient comes from the *old* weights.")
checks.check_value("new_E", new_E, backprop.error(y, backprop.forward(expected_w, x1, x2)["y_hat"]),
                   hint="run the forward pass again with new_w.")
print(f"error before: {E:.6f}   after one step: {new_E:.6f}")

# %% [markdown]
# ## Done
#
# You computed the forward pass, the output-layer gradients, a `backward` function for all six weights —
# agreeing with the reference and with finite differences — and one step of gradient descent that
# lowered the error. That is backpropagation: lesson 06 is about better ways to take the step.
