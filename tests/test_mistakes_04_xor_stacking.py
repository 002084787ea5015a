"""Exercise 04's catalogue of real mistakes: each is caught by its step's check, named, with a hint."""

import math
import textwrap

import numpy as np
import pytest
from mistakes import caught, unfinished, waits_for

from course_lib import activations, logic_gates
from course_lib.checks import StepNotFinished
from course_lib.exercises import xor_stacking as ex

AND_W, NAND_W, OR_W = (0.5, 0.5, -0.7), (-0.5, -0.5, 0.7), (0.5, 0.5, -0.2)


# --- the perceptron, as students write it ----------------------------------------------------------

def perceptron_with_if(x1, x2, w1, w2, b):
    if b + w1 * x1 + w2 * x2 > 0:
        return 1
    return 0


def perceptron_without_asarray(x1, x2, w1, w2, b):
    return (b + w1 * x1 + w2 * x2 > 0).astype(int)


def perceptron_with_int(x1, x2, w1, w2, b):
    return int(b + w1 * np.asarray(x1) + w2 * np.asarray(x2) > 0)


def perceptron_scaling_in_place(x1, x2, w1, w2, b):
    x1 *= w1
    x2 *= w2
    return (x1 + x2 + b > 0).astype(int)


def perceptron_returning_floats(x1, x2, w1, w2, b):
    return np.where(b + w1 * np.asarray(x1) + w2 * np.asarray(x2) > 0, 1.0, 0.0)


def perceptron_as_loop(x1, x2, w1, w2, b):
    x1, x2 = np.atleast_1d(x1), np.atleast_1d(x2)
    out = np.zeros(x1.shape, dtype=int)
    for i in range(len(x1)):
        out[i] = 1 if b + w1 * x1[i] + w2 * x2[i] > 0 else 0
    return out if np.ndim(x1) and out.size > 1 else out[0]


# --- gates and XOR, as students write them -----------------------------------------------------------

def gate(weights):  # a gate of step 3: the student's perceptron (a global name) with fixed weights
    return lambda x1, x2: perceptron(x1, x2, *weights)


# the student's perceptron, weights and gates, as the notebook's global names the checks look up
perceptron = logic_gates.perceptron
and_weights, nand_weights, or_weights = AND_W, NAND_W, OR_W
and_gate, nand_gate, or_gate = gate(AND_W), gate(NAND_W), gate(OR_W)

STEPS_1_AND_2 = """
    import numpy as np
    def perceptron(x1, x2, w1, w2, b):
        return (b + w1 * np.asarray(x1) + w2 * np.asarray(x2) > 0).astype(int)
    and_weights, nand_weights, or_weights = (0.5, 0.5, -0.7), (-0.5, -0.5, 0.7), (0.5, 0.5, -0.2)
    x1, x2 = np.array([0, 1, 0, 1]), np.array([0, 0, 1, 1])
"""
STEP_3 = """
    def and_gate(x1, x2):
        return perceptron(x1, x2, *and_weights)
    def nand_gate(x1, x2):
        return perceptron(x1, x2, *nand_weights)
    def or_gate(x1, x2):
        return perceptron(x1, x2, *or_weights)
"""


def notebook(*cells) -> dict:
    """The student's cells (steps 1 and 2 first), run in a namespace of their own, as in a notebook."""
    namespace = {}
    exec(textwrap.dedent(STEPS_1_AND_2) + "".join(textwrap.dedent(c) for c in cells), namespace)
    return namespace


def three_gates(*cells):
    ns = notebook(STEP_3, *cells)
    return ns["and_gate"], ns["nand_gate"], ns["or_gate"]


def xor_from_the_gates(x1, x2):
    return and_gate(nand_gate(x1, x2), or_gate(x1, x2))


def xor_from_nand_only(x1, x2):  # another circuit of the student's gates: four NANDs
    s = nand_gate(x1, x2)
    return nand_gate(nand_gate(x1, s), nand_gate(x2, s))


def xor_by_comparison(x1, x2):
    return (np.asarray(x1) != np.asarray(x2)).astype(int)


def xor_by_remainder(x1, x2):
    return (np.asarray(x1) + np.asarray(x2)) % 2


def xor_by_subtraction(x1, x2):
    return or_gate(x1, x2) - and_gate(x1, x2)


def xor_with_new_perceptrons(x1, x2):
    return or_gate(perceptron(x1, x2, 1, -1, -0.5), perceptron(x1, x2, -1, 1, -0.5))


def xor_reading_a_comparison(x1, x2):
    return and_gate(np.asarray(x1) != np.asarray(x2), or_gate(x1, x2))


def hard_coded_and(x1, x2):
    return np.array([0, 0, 0, 1])


def and_in_a_tuple(x1, x2):
    return (logic_gates.AND(x1, x2),)


def xor_or_of_and_nand(x1, x2):
    return logic_gates.OR(logic_gates.AND(x1, x2), logic_gates.NAND(x1, x2))


def xor_nand_last(x1, x2):
    return logic_gates.NAND(logic_gates.NAND(x1, x2), logic_gates.OR(x1, x2))


def xor_and_first(x1, x2):
    return logic_gates.AND(logic_gates.AND(x1, x2), logic_gates.OR(x1, x2))


def xor_booleans(x1, x2):
    return logic_gates.XOR(x1, x2).astype(bool)


# --- collapse, as students write it ----------------------------------------------------------------

def collapse_changing_b3(W1, b1, W2, b2, W3, b3):
    b3 += W3 @ (W2 @ b1 + b2)
    return W3 @ W2 @ W1, b3


def collapse_row_convention(W1, b1, W2, b2, W3, b3):  # the lesson's formula, copied for three layers
    return W1 @ W2 @ W3, (b1 @ W2 + b2) @ W3 + b3


def collapse_as_two_layers(W1, b1, W2, b2):  # last exercise's signature
    return W2 @ W1, W2 @ b1 + b2


def collapse_by_substitution(W1, b1, W2, b2, W3, b3):  # right, in steps
    W12, b12 = W2 @ W1, W2 @ b1 + b2
    return np.matmul(W3, W12), np.dot(W3, b12) + b3


def collapse_from_the_zero_input(W1, b1, W2, b2, W3, b3):  # right: b is what x = 0 gives
    W = np.linalg.multi_dot([W3, W2, W1])
    b = W3 @ (W2 @ (W1 @ np.zeros(W1.shape[1]) + b1) + b2) + b3
    return [W, b]


def elu_with_a_comprehension(x, alpha=1.0):
    values = [v if v > 0 else alpha * (math.exp(v) - 1) for v in np.ravel(x)]
    return np.reshape(values, np.shape(x))


def central_difference_in_a_loop(f, x, h=1e-5):
    return np.array([(f(v + h) - f(v - h)) / (2 * h) for v in x])


@pytest.mark.parametrize("step, answer, words", [
    # step 1: the perceptron
    (ex.perceptron, (lambda x1, x2, w1, w2, b: (b + w1 * x1 + w2 * x2 >= 0).astype(int),),
     "≥ 0 where the step needs > 0"),
    (ex.perceptron, (lambda x1, x2, w1, w2, b: np.asarray(b + w1 * x1 + w2 * x2 > 0),), "gives True/False"),
    (ex.perceptron, (lambda x1, x2, w1, w2, b: b + w1 * np.asarray(x1) + w2 * np.asarray(x2),), "weighted sum itself"),
    (ex.perceptron, (lambda x1, x2, w1, w2, b: (w1 * np.asarray(x1) + w2 * np.asarray(x2) > 0).astype(int),),
     "bias b is left out"),
    (ex.perceptron, (lambda x1, x2, w1, w2, b: (w1 * np.asarray(x1) + w2 * np.asarray(x2) - b > 0).astype(int),),
     "bias is subtracted"),
    (ex.perceptron, (lambda x1, x2, w1, w2, b: (b + w2 * np.asarray(x1) + w1 * np.asarray(x2) > 0).astype(int),),
     "w1 and w2 are swapped"),
    (ex.perceptron, (lambda x1, x2, w1, w2, b: np.sign(b + w1 * np.asarray(x1) + w2 * np.asarray(x2)),), "np.sign"),
    (ex.perceptron, (perceptron_with_if,), "an `if`"),
    (ex.perceptron, (perceptron_scaling_in_place,), "write into the array itself"),
    (ex.perceptron, (lambda x1, x2, w1, w2, b: logic_gates.perceptron(x1, x2, 0.5, 0.5, -0.7),),
     "use its arguments w1, w2 and b"),
    (ex.perceptron, (lambda x1, x2, w1, w2, b: logic_gates.perceptron(*ex.inputs(), w1, w2, b),),
     "notebook's four rows"),
    (ex.perceptron, (perceptron_without_asarray,), "no `.astype`"),
    (ex.perceptron, (perceptron_with_int,), "take one number, not an array"),
    (ex.perceptron, (np.array([0, 0, 0, 1]),), "expected a function"),  # the result, not the function
    (ex.perceptron, (perceptron_as_loop,), "with a loop"),
    (ex.perceptron, (lambda x1, x2, w1, w2, b: np.array([int(b + w1 * u + w2 * v > 0) for u, v in zip(x1, x2)]),),
     "stopped"),
    # step 2: weights
    (ex.gate_weights, (AND_W, AND_W, OR_W), "NAND is NOT AND: flip the sign"),
    (ex.gate_weights, (AND_W, (-0.5, -0.5, -0.7), OR_W), "always 0"),
    (ex.gate_weights, (OR_W, NAND_W, OR_W), "AND must stay 0 when only one input is 1"),
    (ex.gate_weights, (AND_W, NAND_W, AND_W), "OR must fire when only one input is 1"),
    (ex.gate_weights, (AND_W, NAND_W, (0.5, 0.5, -0.5)), "exactly 0: a point on the line gives 0"),
    (ex.gate_weights, (AND_W, NAND_W, (0.5, 0.5)), "give three numbers (w1, w2, b)"),
    (ex.gate_weights, (AND_W, "-0.5, -0.5, 0.7", OR_W), "give three numbers"),
    (ex.gate_weights, (AND_W, NAND_W, (0.5, np.nan, -0.2)), "NaN or infinity"),
    (ex.gate_weights, (("0.5", "0.5", "-0.7"), NAND_W, OR_W), "and_weights holds the text '0.5'"),
    (ex.gate_weights, (AND_W, NAND_W, (0.5, 0.5, "-0.2")), "without quotes"),
    (ex.gate_weights, (AND_W, NAND_W, (True, True, -0.2)), "or_weights holds a bool"),
    # step 3: gate functions
    (ex.gates, (gate(AND_W), gate(AND_W), gate(OR_W)),
     "passes your `and_weights` to `perceptron`: the weights of NAND"),
    (ex.gates, (gate(AND_W), gate(NAND_W), lambda x1, x2: logic_gates.OR(x1, x2).astype(bool)), "gives True/False"),
    (ex.gates, (gate(AND_W), gate(NAND_W), lambda x1, x2: (0.5 * x1 + 0.5 * x2 - 0.2 > 0).astype(int)), "no `.astype`"),
    (ex.gates, (gate(AND_W), gate(NAND_W), lambda x1, x2: logic_gates.OR(x1, x1)), "these rows are x1, not OR"),
    (ex.gates, (hard_coded_and, gate(NAND_W), gate(OR_W)), "the same column whatever its inputs"),
    (ex.gates, (and_in_a_tuple, gate(NAND_W), gate(OR_W)), "a tuple holding one item"),
    # step 5: XOR
    (ex.xor_gate, (xor_or_of_and_nand,), "every row gives 1"),
    (ex.xor_gate, (xor_nand_last,), "XNOR"),
    (ex.xor_gate, (xor_and_first,), "you get AND"),
    (ex.xor_gate, (logic_gates.OR,), "you get OR"),
    (ex.xor_gate, (xor_booleans,), "gives True/False"),
    (ex.xor_gate, (lambda a, b: logic_gates.XOR(*ex.inputs()),), "notebook's four rows"),
    (ex.gates, (lambda a, b: logic_gates.AND(*ex.inputs()), gate(NAND_W), gate(OR_W)), "notebook's four rows"),
    (ex.xor_gate, (lambda a, b: np.array([0, 1, 1, 0]),), "the same column whatever its inputs"),
    (ex.xor_gate, (lambda x1, x2: [0, 1, 1, 0],), "Python list"),
    (ex.xor_gate, (xor_by_comparison,), "without calling your gates `and_gate`, `nand_gate`, `or_gate`:"),
    (ex.xor_gate, (xor_by_remainder,), "not by computing it another way"),
    (ex.xor_gate, (logic_gates.XOR,), "none of them exists where `xor_gate` was defined"),
    (ex.xor_gate, (xor_by_subtraction,), "is not the output of any of them"),
    (ex.xor_gate, (xor_with_new_perceptrons,), "calls `perceptron` itself, with weights of its own (1, -1, -0.5)"),
    (ex.xor_gate, (xor_reading_a_comparison,), "`and_gate` inside xor_gate reads [False,  True,  True, False]"),
    # step 6: three linear layers are one (column convention)
    (ex.collapse, (lambda W1, b1, W2, b2, W3, b3: (W1 @ W2 @ W3, W3 @ (W2 @ b1 + b2) + b3),),
     "the row convention's order"),
    (ex.collapse, (collapse_row_convention,), "W = W1·W2·W3"),
    (ex.collapse, (collapse_row_convention,), "b = (b1·W2 + b2)·W3 + b3: that is the row convention"),
    (ex.collapse, (lambda W1, b1, W2, b2, W3, b3: (W3 @ W2 @ W1, b1 + b2 + b3),), "b = b1 + b2 + b3"),
    (ex.collapse, (lambda W1, b1, W2, b2, W3, b3: (W3 @ W2 @ W1, b3),), "b = b3 alone"),
    (ex.collapse, (lambda W1, b1, W2, b2, W3, b3: (W3 @ W2 @ W1, W3 @ W2 @ b1 + b2 + b3),),
     "b2 did not pass through W3"),
    (ex.collapse, (lambda W1, b1, W2, b2, W3, b3: (W3 @ W2 @ W1, W2 @ b1 + W3 @ b2 + b3),), "b1 skipped W3"),
    (ex.collapse, (lambda W1, b1, W2, b2, W3, b3: (W3 @ W2 @ W1, W3 @ (W2 @ b1 + b2)),), "b3 is missing"),
    (ex.collapse, (lambda W1, b1, W2, b2, W3, b3: (W3 @ W1, W3 @ b2 + b3),), "W3·W2·W1; and b1 is missing"),
    (ex.collapse, (lambda W1, b1, W2, b2, W3, b3: (W3 * W2 * W1, W3 @ (W2 @ b1 + b2) + b3),), "not `*`"),
    (ex.collapse, (lambda W1, b1, W2, b2, W3, b3: ((W3 @ W2 @ W1).T, W3 @ (W2 @ b1 + b2) + b3),), "W is transposed"),
    (ex.collapse, (lambda W1, b1, W2, b2, W3, b3: (W3 @ (W2 @ b1 + b2) + b3, W3 @ W2 @ W1),), "you returned (b, W)"),
    (ex.collapse, (lambda W1, b1, W2, b2, W3, b3: W3 @ W2 @ W1,), "a tuple of 2 items"),
    (ex.collapse, (collapse_changing_b3,), "changed its input `b3` in place"),
    (ex.collapse, (collapse_as_two_layers,), "takes 4 positional arguments but 6 were given"),
    # steps 4 and 7: predictions
    (ex.one_perceptron_xor, ("yes",), "gets 3 of 4 rows right"),
    (ex.one_perceptron_xor, (True,), "no line puts XOR's 1s"),
    (ex.one_perceptron_xor, ("perhaps",), "answer with one of 'yes', 'no'"),
    (ex.linear_stack_xor, ("yes",), "predicts 0.5, 0.5, 0.5, 0.5"),
    (ex.linear_stack_xor, ("with enough layers",), "depth does not help"),
    (ex.linear_stack_xor, ("With enough units",), "width does not help"),
    (ex.linear_stack_xor, (None,), "answer with one of"),
    # step 8: ELU
    (ex.elu, (lambda x, alpha=1.0: np.where(x > 0, alpha * (np.exp(x) - 1), x),), "branches are swapped"),
    (ex.elu, (lambda x, alpha=1.0: np.where(x > 0, x, alpha * np.exp(x)),), "the − 1 is missing"),
    (ex.elu, (lambda x, alpha=1.0: np.where(x > 0, x, alpha * np.exp(x) - 1),), "α multiplies only eˣ"),
    (ex.elu, (lambda x, alpha=1.0: np.where(x > 0, x, np.exp(x) - 1),), "α is ignored"),
    (ex.elu, (lambda x, alpha=1.0: np.maximum(x, 0),), "that is ReLU"),
    (ex.elu, (lambda x, alpha=1.0: np.where(x > 0, x, alpha * x),), "leaky ReLU"),
    (ex.elu, (lambda x, alpha=1.0: alpha * (math.exp(x) - 1) if x <= 0 else x,), "an `if`"),
    (ex.elu, (lambda x, alpha=1.0: np.where(x > 0, x, alpha * (math.exp(x) - 1)),), "take one number"),
    (ex.elu, (elu_with_a_comprehension,), "with a loop"),
    # step 9: its derivative
    (ex.elu_derivative, (lambda x, alpha=1.0: np.where(x > 0, 1.0, alpha),), "you gave α"),
    (ex.elu_derivative, (lambda x, alpha=1.0: np.where(x > 0, 1.0, alpha * (np.exp(x) - 1)),),
     "not its derivative α·eˣ"),
    (ex.elu_derivative, (lambda x, alpha=1.0: np.where(x > 0, 1.0, np.exp(x)),), "α is ignored"),
    (ex.elu_derivative, (lambda x, alpha=1.0: np.where(x > 0, alpha * np.exp(x), 1.0),), "branches are swapped"),
    (ex.elu_derivative, (lambda x, alpha=1.0: np.where(x > 0, x, alpha * np.exp(x)),), "the derivative of x is 1"),
    (ex.elu_derivative, (activations.elu,), "ELU itself"),
    (ex.elu_derivative, (lambda x, alpha=1.0: (x > 0).astype(float),), "ReLU's derivative"),
    (ex.elu_derivative, (lambda x, alpha=1.0: np.where(x >= 0, 1.0, alpha * np.exp(x)),),
     "the prompt takes the left branch's value at 0"),
    # step 10: the numerical derivative
    (ex.numerical_derivative, (lambda f, x, h=1e-5: (f(x + h) - f(x)) / h,), "forward difference"),
    (ex.numerical_derivative, (lambda f, x, h=1e-5: (f(x) - f(x - h)) / h,), "backward difference"),
    (ex.numerical_derivative, (lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / h,), "2h apart"),
    (ex.numerical_derivative, (lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / 2 * h,), "put 2h in brackets"),
    (ex.numerical_derivative, (lambda f, x, h=1e-5: (f(x + 1e-6) - f(x - 1e-6)) / 2e-6,), "argument h is ignored"),
    (ex.numerical_derivative, (lambda f, x, h=1e-5: f(x + h) - f(x - h),), "did not divide"),
    (ex.numerical_derivative, (central_difference_in_a_loop,), "with a loop"),
])
def test_each_mistake_is_named(step, answer, words):
    assert words in caught(step, *answer)


def elu_in_place(x, alpha=1.0):
    x[x <= 0] = alpha * (np.exp(x[x <= 0]) - 1)
    return x


def elu_from_a_copy_of_x(x, alpha=1.0):
    out = x.copy()
    out[x <= 0] = alpha * (np.exp(x[x <= 0]) - 1)
    return out


def test_elu_changing_its_input_or_keeping_an_integer_dtype_is_named():
    assert "changed its input `x` in place" in caught(ex.elu, elu_in_place)
    assert "kept the input's integer dtype" in caught(ex.elu, elu_from_a_copy_of_x)


def test_a_wrong_row_is_named_by_its_inputs_and_its_weighted_sum():
    message = caught(ex.gate_weights, AND_W, AND_W, OR_W)
    assert "nand_weights = (0.5, 0.5, -0.7): on (x1, x2) = (0, 0), b + w1·x1 + w2·x2 = -0.7 ≤ 0" in message
    assert "but NAND is 1 there" in message
    message = caught(ex.perceptron, lambda x1, x2, w1, w2, b: (b + w1 * x1 + w2 * x2 >= 0).astype(int))
    assert "first at (x1, x2) = (1, 0): got 1, expected 0" in message and "index" not in message
    assert "at x = " in caught(ex.elu, lambda x, alpha=1.0: np.where(x > 0, x, alpha * np.exp(x)))


def test_right_answers_written_differently_pass():
    ex.perceptron.check(perceptron_returning_floats)  # 0.0 and 1.0 are numbers 0 and 1, as the prompt says
    ex.perceptron.check(lambda x1, x2, w1, w2, b:
                        np.where(np.add(b, np.multiply(w1, x1) + np.multiply(w2, x2)) > 0, 1, 0))
    ex.perceptron.check(lambda x1, x2, w1, w2, b:
                        np.heaviside(b + w1 * np.asarray(x1, float) + w2 * np.asarray(x2, float), 0))
    ex.gate_weights.check([1, 1, -1.5], np.array([-2.0, -2.0, 3.0]), (1, 1, -0.5))  # not the slides' weights
    ex.gate_weights.check(AND_W, NAND_W, OR_W)
    ex.gates.check(*three_gates(
        "and_weights, nand_weights, or_weights = [1, 1, -1.5], np.array([-2., -2, 3]), (1, 1, -.5)"))
    ex.gates.check(*three_gates("""
        def and_gate(a, b):
            return perceptron(x1=a, x2=b, w1=and_weights[0], w2=and_weights[1], b=and_weights[2])
        def nand_gate(a, b):
            w1, w2, bias = nand_weights
            return perceptron(b, a, w1, w2, bias)
        or_gate = lambda a, b: perceptron(a, b, 0.5, 0.5, -0.2)  # its weights written out
    """))
    ex.xor_gate.check(xor_from_the_gates)
    ex.xor_gate.check(lambda x1, x2: and_gate(or_gate(x1, x2), nand_gate(x1, x2)))
    ex.xor_gate.check(xor_from_nand_only)
    for answer in ("no", "No", " NO ", False):
        ex.one_perceptron_xor.check(answer)
        ex.linear_stack_xor.check(answer)
    ex.collapse.check(collapse_by_substitution)
    ex.collapse.check(collapse_from_the_zero_input)
    ex.collapse.check(lambda W1, b1, W2, b2, W3, b3: ((W1.T @ W2.T @ W3.T).T, ((b1 @ W2.T + b2) @ W3.T) + b3))
    ex.elu.check(lambda x, alpha=1.0: np.where(np.asarray(x) > 0, x, alpha * np.expm1(np.minimum(x, 0))))
    ex.elu.check(elu_from_a_copy_of_x_float)
    ex.elu_derivative.check(lambda x, alpha=1.0: np.where(x > 0, 1, activations.elu(x, alpha) + alpha))
    ex.elu_derivative.check(lambda x, alpha=1.0: np.vectorize(lambda v: 1.0 if v > 0 else alpha * math.exp(v))(x))
    ex.numerical_derivative.check(lambda f, x, h=1e-5: (f(x + h) - f(x - h)) * (0.5 / h))


def elu_from_a_copy_of_x_float(x, alpha=1.0):
    out = np.array(x, dtype=float)
    out[out <= 0] = alpha * (np.exp(out[out <= 0]) - 1)
    return out


def test_unfinished_steps_say_so():
    waits_for(ex.perceptron, ex.xor_gate, ex.collapse, ex.elu, ex.numerical_derivative)
    with pytest.raises(StepNotFinished, match="not written yet"):
        ex.gates.check(unfinished, unfinished, unfinished)


@pytest.mark.parametrize("step, answer", [
    (ex.perceptron, (lambda *a: None,)), (ex.perceptron, (lambda *a: "1",)),
    (ex.perceptron, (lambda *a: np.full(4, np.nan),)),
    (ex.perceptron, (lambda *a: np.zeros((4, 1), int),)), (ex.gate_weights, (None, None, None)),
    (ex.gate_weights, ("abc", 1, {})), (ex.gates, (None, 1, "x")), (ex.xor_gate, ("xor",)),
    (ex.collapse, (lambda *a: ("W", "b"),)), (ex.collapse, (lambda *a: (np.nan, None),)),
    (ex.gate_weights, ((1, 2, 3), ["a", "b", "c"], np.array(["1", "2", "3"]))), (ex.xor_gate, (lambda a, b: None,)),
    (ex.elu, (lambda x, alpha=1.0: x[:3],)), (ex.elu_derivative, (lambda x, alpha=1.0: None,)),
    (ex.numerical_derivative, (lambda f, x, h=1e-5: f,)), (ex.one_perceptron_xor, (np.nan,)),
    (ex.linear_stack_xor, ([1, 2],)),
])
def test_a_check_never_crashes_on_a_bad_answer(step, answer):
    message = caught(step, *answer)
    assert "could not read your answer" not in message


def test_a_check_leaves_the_students_data_alone():
    x1, x2 = ex.inputs()
    ex.xor_gate.check(xor_from_the_gates)
    np.testing.assert_array_equal(x1, [0, 1, 0, 1])
    weights = [0.5, 0.5, -0.7]
    ex.gate_weights.check(weights, NAND_W, OR_W)
    assert weights == [0.5, 0.5, -0.7]


def test_the_stacking_check_puts_the_students_gates_back():
    before = (and_gate, nand_gate, or_gate, perceptron)
    ex.xor_gate.check(xor_from_the_gates)
    caught(ex.xor_gate, xor_with_new_perceptrons)
    assert (and_gate, nand_gate, or_gate, perceptron) == before
    assert globals()["and_gate"] is before[0]


# --- the second trial's findings ---------------------------------------------------------------------

def test_a_line_through_a_corner_is_named_as_such():
    for weights, label, point in (((1, 1, -2), "and", "(1, 1)"), ((-1, -1, 0), "nand", "(0, 0)")):
        given = {"and": AND_W, "nand": NAND_W, "or": OR_W} | {label: weights}
        message = caught(ex.gate_weights, *given.values())
        assert f"passes exactly through {point}: z = b + w1·x1 + w2·x2 = 0 there, and > 0 is strict" in message
        assert "misses all four" not in message


def test_weights_written_bias_first_are_named():
    message = caught(ex.gate_weights, (-0.7, 0.5, 0.5), NAND_W, OR_W)
    assert "These look like (b, w1, w2), the bias first" in message and "(w1, w2, b)" in message


def test_a_gate_passing_the_weights_before_the_inputs_is_named():
    message = caught(ex.gates, *three_gates("""
        def and_gate(a, b):
            return perceptron(*and_weights, a, b)
    """))
    assert "calls `perceptron(0.5, 0.5, -0.7, x1, x2)`" in message
    assert "interface is perceptron(x1, x2, w1, w2, b)" in message and "OR, not AND" not in message


@pytest.mark.parametrize("cell, words", [
    ("and_gate = lambda a, b: a * b", "without calling your `perceptron`"),
    ("nand_gate = lambda a, b: 1 - a * b", "without calling your `perceptron`"),
    ("or_gate = lambda a, b: np.maximum(a, b)", "not a formula of its own"),
    ("nand_gate = lambda a, b: 1 - and_gate(a, b)", "NAND's rows through your `and_gate`"),
    ("nand_gate = lambda a, b: 1 - perceptron(a, b, 1, 1, -1.5)", "returns something else than its output"),
    ("and_gate = lambda a, b: perceptron(a, b, 1, 1, -1.5)", "not your `and_weights` = (0.5, 0.5, -0.7)"),
    ("nand_gate = lambda a, b: perceptron(a, b, *and_weights)", "passes your `and_weights`"),
])
def test_each_gate_must_be_the_students_perceptron_with_the_students_weights(cell, words):
    assert words in caught(ex.gates, *three_gates(cell))


def test_a_gate_where_no_perceptron_exists_is_sent_to_step_1():
    namespace = {"np": np}
    exec("and_gate = lambda a, b: np.minimum(a, b)", namespace)
    message = caught(ex.gates, namespace["and_gate"], gate(NAND_W), gate(OR_W))
    assert "no `perceptron` exists where it was written: run step 1's cell first" in message


def test_xor_names_a_broken_gate_before_the_composition():
    ns = notebook(STEP_3, "def and_gate(a, b):\n    return perceptron(a, b, 1, 1, -0.5)\n",  # computes OR
                  "def xor_gate(a, b):\n    return and_gate(nand_gate(a, b), or_gate(a, b))\n")
    message = caught(ex.xor_gate, ns["xor_gate"])
    assert "your `xor_gate` calls your `and_gate`, which is not right yet" in message
    assert "these rows are OR, not AND" in message and "ex.gates.check" in message
    assert "every row gives 1" not in message


def test_xor_reading_the_notebooks_rows_is_named():
    ns = notebook(STEP_3, "def xor_gate(a, b):\n    return and_gate(nand_gate(a, b), or_gate(x1, x2))\n")
    message = caught(ex.xor_gate, ns["xor_gate"])
    assert "reads the notebook's four rows through the global names `x1`, `x2`" in message
    assert "(a, b)" in message


def test_any_stack_of_the_students_gates_passes():
    ns = notebook(STEP_3, """
        def xor_gate(a, b):  # three layers of NANDs
            s = nand_gate(a, b)
            return nand_gate(nand_gate(a, s), nand_gate(b, s))
    """)
    ex.xor_gate.check(ns["xor_gate"])


def test_np_vectorize_counts_as_a_loop():
    def perceptron_vectorized(x1, x2, w1, w2, b):
        return np.vectorize(lambda u, v: int(b + w1 * u + w2 * v > 0))(x1, x2)

    assert "`np.vectorize`" in caught(ex.perceptron, perceptron_vectorized)
    assert "loop in disguise" in caught(ex.elu, lambda x, alpha=1.0: np.vectorize(
        lambda v: v if v > 0 else alpha * math.expm1(v))(np.asarray(x, float)).astype(float))
