"""Exercise 05's catalogue of real mistakes: each is caught by its step's check, named, with a hint."""

import math
from pathlib import Path

import numpy as np
import pytest
from mistakes import caught, refused, waits_for

from course_lib.exercises import backprop_by_hand as ex

W, X1, X2, Y, ALPHA = ex.slide_example()


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


# --- a correct solution, and the slips a student makes on the way to it ---------------------------

def forward(w, x1, x2, wiring=("w1", "w3", "w2", "w4"), squash_hidden=True, squash_output=True):
    a1 = w[wiring[0]] * x1 + w[wiring[1]] * x2
    a2 = w[wiring[2]] * x1 + w[wiring[3]] * x2
    h1, h2 = (sigmoid(a1), sigmoid(a2)) if squash_hidden else (a1, a2)
    a3 = w["w5"] * h1 + w["w6"] * h2
    return a1, a2, h1, h2, a3, sigmoid(a3) if squash_output else a3


def forward_storing_in_w(w, x1, x2):
    w["a1"] = w["w1"] * x1 + w["w3"] * x2  # keeps its intermediate values in the weights' dict
    return forward(w, x1, x2)


def forward_a3_from_a(w, x1, x2):
    a1, a2, h1, h2, _, _ = forward(w, x1, x2)
    a3 = w["w5"] * a1 + w["w6"] * a2
    return a1, a2, h1, h2, a3, sigmoid(a3)


def backward(w, x1, x2, y, *, wiring=("w1", "w3", "w2", "w4"), two=2.0, hidden_slope="h", order=None,
             output_weights=None, update_first=False):
    a1, a2, h1, h2, _, y_hat = forward(w, x1, x2, wiring)
    delta = -two * (y - y_hat) * y_hat * (1 - y_hat)
    w5, w6 = (w["w5"], w["w6"]) if output_weights is None else (w[output_weights[0]], w[output_weights[1]])
    if update_first:  # the output layer first, then the hidden chains with the NEW w5 and w6
        w5, w6 = w5 - 0.1 * delta * h1, w6 - 0.1 * delta * h2
    s1, s2 = {"h": (h1 * (1 - h1), h2 * (1 - h2)), "a": (a1 * (1 - a1), a2 * (1 - a2)), "none": (1, 1)}[hidden_slope]
    d1, d2 = delta * w5 * s1, delta * w6 * s2
    grads = {"w1": d1 * x1, "w2": d2 * x1, "w3": d1 * x2, "w4": d2 * x2, "w5": delta * h1, "w6": delta * h2}
    if wiring != ("w1", "w3", "w2", "w4"):  # the student's own (wrong) names for the weights
        grads = {"w1": grads["w1"], "w2": grads["w3"], "w3": grads["w2"], "w4": grads["w4"],
                 "w5": grads["w5"], "w6": grads["w6"]}
    return tuple(grads[name] for name in (order or ("w1", "w2", "w3", "w4", "w5", "w6")))


def backward_with_step_1_values(w, x1, x2, y):
    delta = -2 * (y - Y_HAT) * Y_HAT * (1 - Y_HAT)  # the notebook's y_hat, h1, h2 of Step 1
    d1, d2 = delta * w["w5"] * H1 * (1 - H1), delta * w["w6"] * H2 * (1 - H2)
    return d1 * x1, d2 * x1, d1 * x2, d2 * x2, delta * H1, delta * H2


def backward_w2_w4_inputs_mixed(w, x1, x2, y):  # δ2·x2 for w2 and δ2·x1 for w4
    g1, g2, g3, g4, g5, g6 = backward(w, x1, x2, y)
    return g1, g4, g3, g2, g5, g6


def backward_updating_w(w, x1, x2, y):
    grads = backward(w, x1, x2, y)
    w["w5"] -= 0.1 * grads[4]  # "update as you go"
    return grads


SWAPPED = ("w1", "w2", "w3", "w4")  # a1 = w1·x1 + w2·x2: the slides' wiring misread
_, _, H1, H2, A3, Y_HAT = forward(W, X1, X2)
DELTA = -2 * (Y - Y_HAT) * Y_HAT * (1 - Y_HAT)
GRADS = backward(W, X1, X2, Y)
NAMES = ("w1", "w2", "w3", "w4", "w5", "w6")


def stepped(grads, sign=-1.0, alpha=ALPHA):
    return {name: W[name] + sign * alpha * g for name, g in zip(NAMES, grads)}


def error_of(weights):
    return (Y - forward(weights, X1, X2)[-1]) ** 2


NEW_W = stepped(GRADS)
NEW_E = error_of(NEW_W)
SEQUENTIAL_W = stepped(backward(W, X1, X2, Y, update_first=True))


def parameters(sizes):
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes, sizes[1:]))


def affine(dout, X, W_):
    return dout @ W_.T, X.T @ dout, dout.sum(axis=0)


def affine_mean(dout, X, W_):
    return dout @ W_.T, X.T @ dout / len(X), dout.mean(axis=0)


def affine_scaling_dout_in_place(dout, X, W_):
    dout /= len(X)  # "average over the batch", on the caller's array
    return dout @ W_.T, X.T @ dout, dout.sum(axis=0)


@pytest.mark.parametrize("step, answer, words", [
    # Step 1 · forward
    (ex.forward, (lambda w, x1, x2: forward(w, x1, x2, SWAPPED),), "w2 and w3 are swapped"),
    (ex.forward, (lambda w, x1, x2: forward(w, x1, x2, squash_hidden=False),), "hidden units are not squashed"),
    (ex.forward, (lambda w, x1, x2: forward(w, x1, x2, squash_output=False),), "ŷ is a3 without the sigmoid"),
    (ex.forward, (forward_a3_from_a,), "a3 adds up a1 and a2"),
    (ex.forward, (lambda w, x1, x2: forward(w, x2, x1),), "x1 and x2 are swapped"),
    (ex.forward, (forward_storing_in_w,), "changed its input `w` in place"),
    (ex.forward, (lambda w, x1, x2: dict(zip(("a1", "a2", "h1", "h2", "a3", "y_hat"), forward(w, x1, x2))),),
     "returned a dict (keys 'a1', 'a2', 'h1', …): return a tuple in the order (a1, a2, h1, h2, a3, y_hat)"),
    (ex.forward, (lambda w, x1, x2: forward(w, x1, x2)[2:],), "has 4 items, but 6"),
    # Step 2 · the error
    (ex.error, (0.5 * (Y - Y_HAT) ** 2,), "you put ½ in front"),
    (ex.error, (Y - Y_HAT,), "was not squared"),
    (ex.error, ((Y - A3) ** 2,), "you used a3"),
    (ex.error, (np.mean([(Y - 0.5) ** 2]),), "E is 0.25, but 0.13727"),
    # Step 3 · predict the signs
    (ex.gradient_signs, ("positive",), "a larger weight raises ŷ towards y"),
    (ex.gradient_signs, ("mixed",), "Mixed signs need a negative weight or input"),
    (ex.gradient_signs, ("zero",), "a gradient is zero only if a factor is"),
    (ex.gradient_signs, ("minus",), "answer with one of 'negative', 'positive', 'mixed', 'zero'"),
    # Step 4 · the output weights
    (ex.output_gradients, (DELTA / 2, DELTA / 2 * H1, DELTA / 2 * H2), "you differentiated ½(y − ŷ)²"),
    (ex.output_gradients, (-DELTA, -DELTA * H1, -DELTA * H2), "the sign of ∂E/∂ŷ is flipped"),
    (ex.output_gradients, ((d := -2 * (Y - Y_HAT) * A3 * (1 - A3)), d * H1, d * H2),
     "of the pre-activation, a3(1 − a3)"),
    (ex.output_gradients, ((d := -2 * (Y - Y_HAT)), d * H1, d * H2), "∂ŷ/∂a3 = ŷ(1 − ŷ) is missing"),
    (ex.output_gradients, ((d := -2 * (Y - Y_HAT) * sigmoid(Y_HAT) * (1 - sigmoid(Y_HAT))), d * H1, d * H2),
     "the sigmoid was applied twice"),
    (ex.output_gradients, (DELTA, DELTA * H2, DELTA * H1), "h1 and h2 are swapped"),
    (ex.output_gradients, (DELTA, DELTA * 0.5, DELTA * 0.35), "you multiplied by the weights"),
    (ex.output_gradients, (DELTA, "-0.1059", DELTA * H2), "∂E/∂w5 is a str"),
    (ex.output_gradients, (DELTA * H1, DELTA * H2, DELTA), "in another order"),
    # Step 5 · which w5
    (ex.which_w5, ("new",), "a gradient is the slope at the point where E was computed"),
    (ex.which_w5, ("either",), "it does make a difference: the old w5 is"),
    (ex.which_w5, ("doesn't matter",), "it does make a difference"),
    (ex.which_w5, ("after the update",), "a gradient is the slope at the point where E was computed"),
    (ex.which_w5, (True,), "answer with one of 'old', 'new', 'either'."),
    # Step 6 · backward
    (ex.backward, (lambda *case: backward(*case, update_first=True),), "used the UPDATED w5 and w6"),
    (ex.backward, (lambda *case: backward(*case, wiring=SWAPPED),), "w2 and w3 are wired the other way"),
    (ex.backward, (lambda *case: backward(*case, order=("w1", "w3", "w2", "w4", "w5", "w6")),),
     "∂E/∂w2 and ∂E/∂w3 are swapped"),
    (ex.backward, (lambda *case: backward(*case, order=("w5", "w6", "w1", "w2", "w3", "w4")),),
     "the slides' table order"),
    (ex.backward, (lambda *case: backward(*case, hidden_slope="a"),),
     "derivative was taken of the pre-activation, a1(1 − a1)"),
    (ex.backward, (lambda *case: backward(*case, hidden_slope="none"),), "lack ∂h/∂a = h(1 − h)"),
    (ex.backward, (lambda *case: backward(*case, output_weights=("w6", "w5")),), "h1's chain used w6"),
    (ex.backward, (lambda *case: backward(*case, two=1.0),), "you differentiated ½(y − ŷ)²"),
    (ex.backward, (lambda *case: tuple(-g for g in backward(*case)),), "the sign is flipped"),
    (ex.backward, (backward_updating_w,), "changed its input `w` in place"),
    (ex.backward, (backward_with_step_1_values,), "stale values from Step 1"),
    (ex.backward, (lambda *case: backward(*case)[:5],), "has 5 items, but 6"),
    (ex.backward, (lambda *case: None,), "returned None"),
    (ex.backward, (lambda *case: dict(zip(NAMES, backward(*case))),),
     "returned a dict (keys 'w1', 'w2', 'w3', …): return a tuple in the order (∂E/∂w1, ∂E/∂w2, ∂E/∂w3, "
     "∂E/∂w4, ∂E/∂w5, ∂E/∂w6)"),
    (ex.backward, (backward_w2_w4_inputs_mixed,), "∂E/∂w2 and ∂E/∂w4 took each other's input"),
    (ex.backward, (lambda *case: backward(*case, order=("w3", "w2", "w1", "w4", "w5", "w6")),),
     "∂E/∂w1 and ∂E/∂w3 took each other's input"),
    # Step 7 · the update
    (ex.update, (stepped(GRADS, sign=+1), error_of(stepped(GRADS, sign=+1)), W), "gradient descent subtracts it"),
    (ex.update, (stepped(GRADS, alpha=1.0), error_of(stepped(GRADS, alpha=1.0)), W), "the learning rate α is missing"),
    (ex.update, (SEQUENTIAL_W, error_of(SEQUENTIAL_W), W), "used the updated w5 and w6"),
    (ex.update, (NEW_W, error_of(W), W), "still the error before the step"),
    (ex.update, (NEW_W, 0.5 * NEW_E, W), "new_E has a ½ in front"),
    (ex.update, (NEW_W, NEW_E, NEW_W), "changed it in place"),
    (ex.update, (list(NEW_W.values()), NEW_E, W), "but a dict with the keys 'w1' … 'w6' was expected"),
    (ex.update, ({k: v for k, v in NEW_W.items() if k != "w6"}, NEW_E, W), "no key 'w6'"),
    (ex.update, ({**W, "w5": NEW_W["w5"], "w6": NEW_W["w6"]}, NEW_E, W), "only w5 and w6 moved"),
    (ex.update, ({**NEW_W, "b": 0.0}, NEW_E, W), "new_w has the extra key 'b'"),
    # Step 8 · the cost of finite differences
    (ex.loss_evaluations, (lambda sizes: parameters(sizes),), "one evaluation per parameter"),
    (ex.loss_evaluations, (lambda sizes: parameters(sizes) + 1,), "forward difference's count"),
    (ex.loss_evaluations, (lambda sizes: 2 * sum(a * b for a, b in zip(sizes, sizes[1:])),), "the biases are missing"),
    (ex.loss_evaluations, (lambda sizes: 2 * parameters(sizes) + 1,), "the base loss E(w) too"),
    (ex.loss_evaluations, (lambda sizes: 159_020,), "ignores its argument `sizes`"),
    (ex.loss_evaluations, (lambda sizes: 2 * (784 * 100 + 100 * 10 + 110),), "ignores its argument `sizes`"),
    # Step 9 · the affine layer's backward pass
    (ex.affine_backward, (lambda d, X, W_: (d @ W_.T, d.T @ X, d.sum(axis=0)),), "dW is transposed"),
    (ex.affine_backward, (lambda d, X, W_: (d @ W_.T, X.T @ d, d),), "db was not summed over the batch"),
    (ex.affine_backward, (lambda d, X, W_: (d @ W_.T, X.T @ d, d.sum(axis=1)),), "summed over the wrong axis"),
    (ex.affine_backward, (lambda d, X, W_: (d @ W_.T, X.T @ d, d.sum()),), "into one number"),
    (ex.affine_backward, (lambda d, X, W_: (d @ W_.T, X.T @ d, d.sum(axis=0, keepdims=True)),), "keepdims=True"),
    (ex.affine_backward, (lambda d, X, W_: (d @ W_.T, X @ d, d.sum(axis=0)),), "ValueError"),
    (ex.affine_backward, (lambda d, X, W_: (X @ W_, X.T @ d, d.sum(axis=0)),), "dX is X·W, the forward pass"),
    (ex.affine_backward, (affine_mean,), "you averaged over the batch"),
    (ex.affine_backward, (lambda d, X, W_: (d @ W_.T, X.T @ d, d.mean(axis=0)),), "db is a mean over the batch"),
    (ex.affine_backward, (lambda d, X, W_: (X.T @ d, d @ W_.T, d.sum(axis=0)),), "dX and dW are swapped"),
    (ex.affine_backward, (lambda d, X, W_: (d @ W_.T, d.sum(axis=0), X.T @ d),), "in the wrong places"),
    (ex.affine_backward, (lambda d, X, W_: (d @ W_, X.T @ d, d.sum(axis=0)),), "ValueError"),
    (ex.affine_backward, (affine_scaling_dout_in_place,), "changed its input `dout` in place"),
    (ex.affine_backward, (lambda d, X, W_: (-(d @ W_.T), -(X.T @ d), -d.sum(axis=0)),), "the sign is flipped"),
    (ex.affine_backward, (lambda d, X, W_: [d @ W_.T, X.T @ d],), "has 2 items, but 3"),
])
def test_each_mistake_is_named(step, answer, words):
    assert words in caught(step, *answer)


def test_right_answers_written_differently_pass():
    def forward_math(w, x1, x2):
        s = lambda a: 1 / (1 + math.exp(-a))  # noqa: E731
        hidden = [w["w1"] * x1 + w["w3"] * x2, w["w2"] * x1 + w["w4"] * x2]
        h = [s(a) for a in hidden]
        a3 = w["w5"] * h[0] + w["w6"] * h[1]
        return [hidden[0], hidden[1], h[0], h[1], a3, s(a3)]  # a list, plain floats

    ex.forward.check(forward_math)
    ex.error.check((Y_HAT - Y) ** 2)
    ex.error.check(np.float32((Y - Y_HAT) ** 2))
    for answer in ("negative", "Negative", " NEGATIVE "):
        ex.gradient_signs.check(answer)
    ex.output_gradients.check(np.float64(DELTA), np.array(DELTA * H1), DELTA * H2)
    for answer in ("old", "Old", "OLD "):
        ex.which_w5.check(answer)

    def backward_with_matrices(w, x1, x2, y):  # the layers' way: W1 = [[w1, w2], [w3, w4]]
        x = np.array([[x1, x2]])
        W1, W2 = np.array([[w["w1"], w["w2"]], [w["w3"], w["w4"]]]), np.array([[w["w5"]], [w["w6"]]])
        h = sigmoid(x @ W1)
        y_hat = sigmoid(h @ W2)
        d_out = -2 * (y - y_hat) * y_hat * (1 - y_hat)
        d_hidden = d_out @ W2.T * h * (1 - h)
        g1, g2 = x.T @ d_hidden, h.T @ d_out
        return np.array([g1[0, 0], g1[0, 1], g1[1, 0], g1[1, 1], g2[0, 0], g2[1, 0]])

    ex.backward.check(backward_with_matrices)
    new_w = {}
    for name, g in zip(NAMES, backward_with_matrices(W, X1, X2, Y)):
        new_w[name] = W[name] - ALPHA * g
    ex.update.check(new_w, error_of(new_w), dict(W))
    ex.update.check(new_w, error_of(new_w))

    def evaluations_by_loop(sizes):
        count = 0
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            count += n_in * n_out + n_out
        return np.int64(count) * 2

    ex.loss_evaluations.check(evaluations_by_loop)

    def affine_by_loops(dout, X, W_):
        dX, dW, db = np.zeros(X.shape), np.zeros(W_.shape), np.zeros(W_.shape[1])
        for n in range(X.shape[0]):
            db += dout[n]
            dW += np.outer(X[n], dout[n])
            dX[n] = W_ @ dout[n]
        return dX, dW, db

    ex.affine_backward.check(affine_by_loops)
    ex.affine_backward.check(lambda d, X, W_: (np.einsum("nj,ij->ni", d, W_), np.einsum("ni,nj->ij", X, d),
                                               np.einsum("nj->j", d)))
    ex.affine_backward.check(affine)


@pytest.mark.parametrize("step, answer", [
    (ex.forward, (None,)), (ex.forward, ("forward",)), (ex.forward, (lambda w, x1, x2: float("nan"),)),
    (ex.error, (None,)), (ex.error, ("0.137",)), (ex.error, (float("nan"),)), (ex.error, (np.zeros(3),)),
    (ex.gradient_signs, (None,)), (ex.gradient_signs, (np.nan,)),
    (ex.output_gradients, (None, None, None)), (ex.output_gradients, (np.nan, np.zeros(2), "x")),
    (ex.which_w5, (None,)), (ex.which_w5, (0.5,)),
    (ex.backward, (42,)), (ex.backward, (lambda *case: (np.nan,) * 6,)), (ex.backward, (lambda *case: "grads",)),
    (ex.update, (None, None, None)), (ex.update, ("new_w", "E", "w")),
    (ex.update, ({n: np.nan for n in NAMES}, NEW_E, W)), (ex.update, ({n: "x" for n in NAMES}, NEW_E, W)),
    (ex.update, (NEW_W, np.array([NEW_E, NEW_E]), W)),
    (ex.loss_evaluations, (None,)), (ex.loss_evaluations, (lambda sizes: "many",)),
    (ex.affine_backward, (None,)), (ex.affine_backward, (lambda d, X, W_: None,)),
    (ex.affine_backward, (lambda d, X, W_: (np.full(X.shape, np.nan), X.T @ d, d.sum(axis=0)),)),
    (ex.affine_backward, (lambda d, X, W_: {"dX": 0, "dW": 0, "db": 0},)),
    (ex.affine_backward, (lambda d, X, W_: (d @ W_.T, X.T @ d, "db"),)),
])
def test_a_check_never_crashes_on_a_bad_value(step, answer):
    refused(step, *answer)


def test_unfinished_steps_say_so():
    waits_for(ex.forward, ex.backward, ex.loss_evaluations, ex.affine_backward)


def test_a_check_leaves_the_students_data_alone():
    w = dict(W)
    ex.forward.check(forward)
    ex.backward.check(backward)
    ex.update.check(dict(NEW_W), NEW_E, w)
    assert w == ex.slide_example()[0]
    cases = ex.affine_cases()
    copies = [tuple(a.copy() for a in case) for case in cases]
    ex.affine_backward.check(affine)
    assert all(np.array_equal(a, b) for case, copy in zip(ex.affine_cases(), copies) for a, b in zip(case, copy))


def test_the_affine_check_is_a_gradient_check_and_prints_its_relative_error(capsys):
    ex.affine_backward.check(affine)
    out = capsys.readouterr().out
    assert "3 of 3 cases pass" in out and "relative error to central differences" in out
    for dout, X, W_ in ex.affine_cases():  # batch > 1, W not square, N, in and out all different
        assert len(X) > 1 and W_.shape[0] != W_.shape[1] and len({len(X), *W_.shape}) == 3
        numerical = ex.numerical_affine(dout, X, W_)
        assert all(np.allclose(a, b, rtol=1e-7, atol=1e-9) for a, b in zip(affine(dout, X, W_), numerical))


def test_the_hidden_gradients_messages_name_the_weights():
    message = caught(ex.backward, lambda *case: backward(*case, update_first=True))
    assert "∂E/∂w1" in message and "index 0" not in message and "item 1" not in message


def test_mixed_up_inputs_are_named_not_just_misordered():
    message = caught(ex.backward, backward_w2_w4_inputs_mixed)
    assert "which input each one is computed from" in message.splitlines()[0]
    assert "δ2·x1" in message and "wrong order" not in message


def test_swapped_affine_gradients_say_so_on_the_first_line():
    first = caught(ex.affine_backward, lambda d, X, W_: (X.T @ d, d @ W_.T, d.sum(axis=0))).splitlines()[0]
    assert "right values, but in the wrong places" in first and "axis" not in first


def test_the_choices_listed_are_the_prompts():
    message = caught(ex.which_w5, "maybe")
    assert "answer with one of 'old', 'new', 'either'." in message
    prompt = (Path(__file__).parents[1] / "solutions/05_backprop_by_hand.py").read_text(encoding="utf-8")
    section = prompt.split("## Step 5", 1)[1].split("BEGIN SOLUTION", 1)[0]
    assert all(f'`"{choice}"`' in section for choice in ("old", "new", "either"))
    for answer in ("before", "Before the update"):
        ex.which_w5.check(answer)


def _error_of(code: str, namespace: dict) -> BaseException:
    with pytest.raises(Exception) as raised:
        exec(compile(code, "<cell>", "exec"), namespace)
    return raised.value


def test_a_dict_from_forward_or_backward_gets_one_line_in_the_given_cells():
    """The cells around the TODOs, run with a dict returned: each error gets a ❌ line naming the dict."""
    def forward_dict(w, x1, x2):
        return dict(zip(("a1", "a2", "h1", "h2", "a3", "y_hat"), forward(w, x1, x2)))

    def backward_dict(w, x1, x2, y):
        return dict(zip(NAMES, backward(w, x1, x2, y)))

    namespace = {"np": np, "w": dict(W), "x1": X1, "x2": X2, "y": Y, "alpha": ALPHA, "names": list(NAMES),
                 "forward": forward_dict, "backward": backward_dict}
    cells = {
        'a1, a2, h1, h2, a3, y_hat = forward(w, x1, x2)\nprint(f"a1 = {a1:.6f}")': "a number's format",
        'grads = backward(w, x1, x2, y)\nfor number, gradient in enumerate(grads, start=1):\n'
        '    print(f"{gradient:.6f}")': "looping over it gives its keys",
        "ours = np.array(backward(w, x1, x2, y), dtype=float)": "a dict reached a place where numbers belong",
        "new_w = {name: w[name] - alpha * gradient for name, gradient in zip(names, backward(w, x1, x2, y))}":
            "zip pairs them with the dict's keys, which are strings",
        "new_E = (y - forward(w, x1, x2)[-1]) ** 2": "[-1] asks for the key -1",
    }
    for code, words in cells.items():
        error = _error_of(code, namespace)
        note = ex.EXPLAINERS[type(error)](error)
        assert note and note.startswith("❌") and words in note, (code, note)
    assert ex.EXPLAINERS[TypeError](TypeError("unsupported operand type(s) for +: 'int' and 'NoneType'")) is None
