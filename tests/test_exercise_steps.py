"""Every exercise step states the goal, not the code: hints escalate, the solution is one call away."""

import importlib
import re
from pathlib import Path

import pytest

from course_lib.exercises import Step, load_help
from tools import exercises, notebooks

SOLUTIONS = notebooks.sources(("solutions",))
# Share of a solution block's token trigrams a student may see before writing it (the markdown
# above, the TODO line, the first hint, the check cell). Measured on the exercises as they were
# before this rule: 22 of 52 blocks were above 0.35 (the code of the answer stood in the prompt or
# in the check's hint), and no block of a well-posed step is above 0.20 (a formula such as
# ŷ = m·x + b in the prompt shares "x + b"). 0.30 lets a formula through and stops transcription.
MAX_SHOWN = 0.30


def exercise_module(solution):
    """The ``course_lib.exercises`` module a solution imports as ``ex``."""
    found = re.search(r"^from course_lib\.exercises import (\w+) as ex$", solution.read_text(), re.M)
    return importlib.import_module(f"course_lib.exercises.{found[1]}") if found else None


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_no_step_shows_the_code_of_its_answer_before_the_student_writes_it(solution):
    shown = exercises.shown_before_writing(solution.read_text())
    assert [(step, round(share, 2)) for step, share in shown if share > MAX_SHOWN] == []


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_every_exercise_asks_for_a_decision_or_a_derivation(solution):
    """At least one step per exercise is a choice (check_choice) the student makes before computing."""
    module = exercise_module(solution)
    assert "check_choice(" in Path(module.__file__).read_text(), f"{module.__name__} has no decision step"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_every_step_has_a_check_escalating_hints_and_a_worked_solution(solution):
    module = exercise_module(solution)
    steps = load_help(solution.stem)
    assert module is not None, "import the exercise's steps: from course_lib.exercises import <name> as ex"
    assert steps, "run `python dev.py exercises`"
    text = solution.read_text()
    for key, help_ in steps.items():
        assert isinstance(getattr(module, key, None), Step), f"{module.__name__} has no step {key!r}"
        assert f"ex.{key}.check(" in text, f"no cell runs ex.{key}.check"
        assert len(help_["hints"]) >= 2, f"{key}: hints go from the idea to the code, at least two levels"
        assert help_["solution"].strip()
    unkeyed = [m["prompt"] for m in exercises.BLOCK.finditer(text) if not m["key"]]
    assert unkeyed == [], "every solution block names its step: ### BEGIN SOLUTION key"


def test_a_step_check_adds_the_first_hint_and_points_to_the_next(capsys):
    from course_lib.checks import CheckFailed
    from course_lib.exercises import linear_fit_mse as ex

    with pytest.raises(CheckFailed) as failed:
        ex.mse.check(lambda x, y, m, b: ((y - (m * x + b)) ** 2).sum())
    message = str(failed.value)
    assert "did not divide by the number of points" in message
    assert f"💡 Hint: {load_help('01_linear_fit_mse')['mse']['hints'][0]}" in message
    assert message.endswith("More help: ex.mse.hint()")
    ex.mse.hint()  # the second level, since the failure showed the first
    assert "Hint 2 of 3" in capsys.readouterr().out
    ex.mse.hint()
    assert "That was the last hint" in capsys.readouterr().out
    ex.mse.solution()
    assert "np.mean((y - (m * x + b)) ** 2)" in capsys.readouterr().out


def test_a_check_never_crashes_on_an_answer_it_cannot_read():
    from course_lib.checks import CheckFailed
    from course_lib.exercises import linear_fit_mse as ex

    class Weird:
        def __array__(self, *args, **kwargs):
            raise RuntimeError("no")

    with pytest.raises(CheckFailed) as failed:
        ex.best_line.check(Weird(), object())
    assert str(failed.value).startswith("❌")


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_the_opening_cells_explain_check_hint_and_solution(solution):
    """The markdown before the first code cell (a long opening is split into sub-slides) says how to work."""
    cells = solution.read_text().split("# %%")[1:]
    opening = "".join(cells[:next(i for i, cell in enumerate(cells) if not cell.startswith(" [markdown]"))])
    assert all(word in opening for word in ("check", ".hint()", ".solution()")), \
        "the opening cells tell the student how to check a step, ask for a hint and see the solution"
