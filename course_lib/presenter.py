"""Presenter mode: one switch that makes long cells quick for a live demo.

Set the environment variable ``COURSE_PRESENTER=1`` before starting Jupyter (or call
``presenter.enable()`` in the first cell). Lessons then ask for their sizes through
:func:`choose`, so the *same code* runs with, e.g., fewer epochs or a smaller data slice::

    epochs = presenter.choose(full=20, quick=3)

Outside presenter mode every lesson runs at full size, which is what CI checks.
"""

from __future__ import annotations

import os
from typing import TypeVar

ENV_VAR = "COURSE_PRESENTER"
T = TypeVar("T")


def active() -> bool:
    """True when presenter mode is on (``COURSE_PRESENTER`` is 1, true, yes or on)."""
    return os.environ.get(ENV_VAR, "").strip().lower() in {"1", "true", "yes", "on"}


def enable(on: bool = True) -> None:
    """Switch presenter mode on (or off) for this kernel."""
    os.environ[ENV_VAR] = "1" if on else "0"


def choose(full: T, quick: T) -> T:
    """``quick`` in presenter mode, ``full`` otherwise."""
    return quick if active() else full
