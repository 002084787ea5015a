"""The one helper every exercise's catalogue of mistakes uses: the message of a check that must fail."""

import pytest

from course_lib.checks import CheckFailed


def caught(step, *answer):
    """The message of a failed check (it must fail, start with ❌ and carry a hint)."""
    with pytest.raises(CheckFailed) as failed:
        step.check(*answer)
    message = str(failed.value)
    assert message.startswith("❌") and "💡 Hint:" in message and "More help: ex." in message
    return message
