"""What every exercise's catalogue of mistakes asks of a check: name a mistake, refuse a bad value, wait for a step."""

import pytest

from course_lib.checks import CheckFailed, StepNotFinished


def caught(step, *answer):
    """The message of a failed check (it must fail, start with ❌ and carry a hint)."""
    with pytest.raises(CheckFailed) as failed:
        step.check(*answer)
    message = str(failed.value)
    assert message.startswith("❌") and "💡 Hint:" in message and "More help: ex." in message
    return message


def refused(step, *answer) -> str:
    """The message of a check that turns down a value it cannot use: a ❌, never a crash."""
    with pytest.raises(CheckFailed) as failed:
        step.check(*answer)
    message = str(failed.value)
    assert message.startswith("❌")
    return message


def unfinished(*args):
    """A step the student has not written yet: its body still raises NotImplementedError."""
    raise NotImplementedError("step")


def waits_for(*steps) -> None:
    """Each step's check of an unfinished function is a ⏳ "not written yet" note, not a ❌."""
    for step in steps:
        with pytest.raises(StepNotFinished, match="not written yet"):
            step.check(unfinished)
