"""The self-checks explain each usual slip in words, and pass quietly when the answer is right."""

import numpy as np
import pytest

from course_lib import checks


def square(x):
    return np.asarray(x, dtype=float) ** 2


def failure(func, cases=((np.array([1.0, 2.0]),),)):  # noqa: B008 (never changed)
    with pytest.raises(checks.CheckFailed) as info:
        checks.check_function(func, square, cases, hint="square every element")
    return str(info.value)


def test_a_right_function_passes_with_one_line(capsys):
    checks.check_function(lambda x: np.asarray(x) ** 2, square, [(np.arange(3.0),), (2.0,)])
    assert capsys.readouterr().out == "✅ <lambda>: 2 of 2 cases pass.\n"


def test_unfinished_function_is_a_step_to_do_not_an_error():
    def mine(x):
        raise NotImplementedError

    with pytest.raises(checks.StepNotFinished) as info:
        checks.check_function(mine, square, [(1.0,)])
    assert "mine is not written yet" in str(info.value)
    assert info.value._render_traceback_() == str(info.value).splitlines()


@pytest.mark.parametrize("answer, words", [
    (lambda x: None, "returned None: did you forget the `return`"),
    (lambda x: [1.0, 4.0], "is a Python list, but a NumPy array was expected"),
    (lambda x: np.array([[1.0, 4.0]]), "has shape (1, 2), but shape (2,) was expected"),
    (lambda x: np.array([1.0, np.nan]), "contains NaN (not a number), first at index (1,)"),
    (lambda x: "1, 4", "is a str ('1, 4'), but a NumPy array of shape (2,) was expected"),
    (lambda x: np.array([1.0, 5.0]),
     "differs from the expected array in 1 of 2 entries; first at index (1,): got 5, expected 4"),
])
def test_each_slip_gets_its_own_explanation(answer, words):
    message = failure(answer)
    assert words in message
    assert message.startswith("❌ <lambda>([1., 2.]) ")
    assert message.endswith("💡 Hint: square every element")


def test_an_exception_in_student_code_is_one_line_naming_the_line():
    def mine(x):
        total = x / 0.0 if False else x["key"]
        return total

    message = failure(mine)
    assert "stopped with IndexError" in message
    assert "(at `total = x / 0.0 if False else x[\"key\"]`)" in message
    assert "Traceback" not in message


@pytest.mark.parametrize("value, expected, words", [
    (np.float64(2.5), 2.5, None),
    (np.array(2.5), 2.5, None),
    (3.0, 2.5, "is 3, but 2.5 was expected."),
    (np.array([2.5]), 2.5, "is an array of shape (1,) holding one number, but the number itself was expected"),
    (float("nan"), 2.5, "is NaN"),
    (float("inf"), 2.5, "is infinite"),
    ("2.5", 2.5, "is a str ('2.5'), but a number was expected."),
    (True, 1.0, "is a bool (True), but a number was expected."),
    ((2.0, 1.0), (2.0, 1.0000000001), None),
    ((2.0,), (2.0, 1.0), "has 1 items, but 2 were expected."),
    ((2.0, 3.0), (2.0, 1.0), "— item 2 (of 2) is 3, but 1 was expected."),
    (1, True, "is an int (1), but True or False was expected."),
])
def test_explain_mismatch(value, expected, words):
    problem = checks.explain_mismatch(value, expected)
    assert problem == words if words is None else words in problem


def test_check_value_prints_or_stops(capsys):
    checks.check_value("MSE", 2.5, 2.5)
    assert capsys.readouterr().out == "✅ MSE is right.\n"
    with pytest.raises(checks.CheckFailed, match="MSE is 3, but 2.5 was expected.\n💡 Hint: divide by n"):
        checks.check_value("MSE", 3.0, 2.5, hint="divide by n")


def test_something_that_is_not_a_function_is_explained():
    with pytest.raises(checks.CheckFailed, match="expected a function to check, got a float"):
        checks.check_function(2.5, square, [(1.0,)])


@pytest.mark.parametrize("code, words", [
    ("np.ones(3) + np.ones(2)", "arrays of shapes (3,) and (2,)"),
    ("np.ones((2, 3)) @ np.ones((2, 3))", "as many columns in A as rows in B"),
    ("np.dot(np.ones((2, 3)), np.ones((2, 3)))", "np.dot cannot multiply shapes (2,3) and (2,3)"),
    ("[1.0, 2.0] * 0.5", "make it an array with np.array"),
    ("np.ones(5)[5]", "index 5 is past the end of axis 0, which has 5 entries"),
    ("np.ones(6).reshape(4, 2)", "an array of 6 numbers cannot be reshaped to (4,2)"),
])
def test_numpy_errors_in_a_students_cell_are_one_sentence(code, words):
    with pytest.raises(Exception) as raised:
        eval(code)
    note = checks.explain_numpy_error(raised.value)
    assert note.startswith("❌") and words in note and "\n" not in note


def test_other_errors_keep_their_traceback():
    assert checks.explain_numpy_error(ValueError("something else")) is None


@pytest.mark.parametrize("name, words", [
    ("X", "if you meant `x`, check the spelling"),
    ("y_hatt", "if you meant `y_hat`"),
    ("No", 'put it in quotes: "No"'),
])
def test_a_missing_name_is_explained_as_a_cell_not_run_a_typo_or_missing_quotes(name, words):
    note = checks.missing_name_note(name, {"x": 1, "y_hat": 2, "_private": 3})
    assert note.startswith(f"⏳ `{name}` does not exist yet") and words in note


def test_a_list_of_the_right_values_is_a_type_problem_not_a_mistake_in_the_values():
    assert checks.generic_mistake([1.0, 2.0, 3.0], np.array([1.0, 2.0, 3.0])) is None
    assert "wrong order" in checks.generic_mistake(np.array([3.0, 2.0, 1.0]), np.array([1.0, 2.0, 3.0]))


def test_items_in_the_wrong_places_are_named_as_such():
    problem = checks.explain_mismatch((np.zeros(2), np.eye(2)), (np.eye(2), np.zeros(2)), names=("W", "b"))
    assert "the right values, but in the wrong places" in problem


def test_a_step_left_unfinished_inside_a_helper_is_named_by_that_helper():
    def helper(x):
        raise NotImplementedError("step 'helper'")

    def outer(x):
        return helper(x) + 1

    with pytest.raises(checks.StepNotFinished, match="helper is not written yet"):
        checks.check_function(outer, lambda x: x, [(1.0,)])


def test_a_choice_accepts_aliases_without_listing_them():
    choices = {"diverges": "right", "converges": "no"}
    checks.check_choice("above", "blows up", choices, right="diverges", aliases={"blows up": "diverges"})
    with pytest.raises(checks.CheckFailed) as failed:
        checks.check_choice("above", "maybe", choices, right="diverges", aliases={"blows up": "diverges"})
    assert "'diverges', 'converges'" in str(failed.value) and "blows up" not in str(failed.value)


def test_a_swapped_pair_of_letters_is_preferred_over_a_longer_lookalike():
    note = checks.missing_name_note("and_weights", {"and_weigths": 1, "nand_weights": 2})
    assert "if you meant `and_weigths`" in note


def test_an_integer_result_is_named_as_cut_off_fractions_not_rounding():
    assert "fractions were cut off" in checks.generic_mistake(np.array([1, 0, 0]), np.array([1.0, 0.63, 0.86]))


def test_flipped_signs_are_not_called_a_reordering_when_the_values_repeat_up_to_sign():
    assert "wrong places" not in checks.explain_mismatch((0.95, -0.95), (-0.95, 0.95))
