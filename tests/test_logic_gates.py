"""Lesson 04's gates: the slides' weights give the slides' truth tables; XOR needs the stack; linear stacks collapse."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import data, logic_gates

TABLE = data.load_table("logic_gates")  # the slides' truth tables, shipped with the package


@pytest.mark.parametrize("name", ["AND", "NAND", "OR", "XOR"])
def test_each_gate_reproduces_the_slides_truth_table(name):
    table = logic_gates.gate_columns(logic_gates.GATES[name])
    np.testing.assert_array_equal(table["x1"], TABLE["x1"])
    np.testing.assert_array_equal(table["x2"], TABLE["x2"])
    np.testing.assert_array_equal(table["y"], TABLE[name.lower()])


def test_perceptron_is_a_step_of_the_weighted_sum():
    assert logic_gates.perceptron(1, 1, 0.5, 0.5, -0.7) == 1
    assert logic_gates.perceptron(1, 0, 0.5, 0.5, -0.5) == 0  # exactly 0 is not > 0
    out = logic_gates.perceptron(np.array([0, 1]), np.array([1, 1]), 0.5, 0.5, -0.7)
    np.testing.assert_array_equal(out, [0, 1])


def test_the_xor_stack_table_matches_the_slide():
    table = logic_gates.xor_stack_columns()
    assert list(table) == ["x1", "x2", "s1", "s2", "y"]
    np.testing.assert_array_equal(table["s1"], [1, 1, 1, 0])
    np.testing.assert_array_equal(table["s2"], [0, 1, 1, 1])
    np.testing.assert_array_equal(table["y"], [0, 1, 1, 0])
    np.testing.assert_array_equal(logic_gates.xor_targets(), TABLE["xor"])


@pytest.mark.parametrize("name, best", [("and", 4), ("nand", 4), ("or", 4), ("xor", 3)])
def test_a_single_line_separates_every_gate_but_xor(name, best):
    correct, (w1, w2, b) = logic_gates.best_single_line(TABLE[name])
    assert correct == best
    right = logic_gates.perceptron(TABLE["x1"], TABLE["x2"], w1, w2, b) == TABLE[name]
    assert int(right.sum()) == best


def test_the_proof_names_the_four_conditions():
    proof = logic_gates.xor_has_no_line_proof()
    assert proof.count("needs") == 4 and "contradicts" in proof


def test_a_linear_stack_is_one_linear_map():
    rng = np.random.default_rng(0)
    stack = logic_gates.random_linear_stack(rng, (2, 5, 3, 1))
    W, b = logic_gates.collapse_linear_stack(stack)
    assert W.shape == (2, 1) and b.shape == (1,)
    x = rng.normal(size=(50, 2))
    np.testing.assert_allclose(logic_gates.apply_linear_stack(stack, x), x @ W + b, rtol=1e-12, atol=1e-12)


def test_the_best_linear_model_of_xor_says_one_half_everywhere():
    coef, y_hat = logic_gates.best_linear_fit_to_xor()
    np.testing.assert_allclose(coef, [0, 0, 0.5], atol=1e-12)
    np.testing.assert_allclose(y_hat, 0.5)


def test_drawings_report_what_they_draw():
    fig = Figure(figsize=(12, 3.5))
    summary = logic_gates.draw_gates(fig)
    assert summary.splitlines() == ["AND: y = [0, 0, 0, 1]", "NAND: y = [1, 1, 1, 0]", "OR: y = [0, 1, 1, 1]",
                                    "XOR: best single line gets 3 of 4"]
    assert [ax.get_xlabel() for ax in fig.axes] == ["x1"] * 4
    fig = Figure()
    assert logic_gates.draw_xor_stack(fig) == "XOR by the stack: [0, 1, 1, 0]"
    assert fig.axes[0].get_title().startswith("XOR = AND(NAND, OR)")
