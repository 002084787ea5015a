"""Presenter mode: one switch gives the quick sizes, and the long lessons still run at those sizes."""

import pytest

from course_lib import presenter
from tools import notebooks


def test_presenter_mode_switches_sizes(monkeypatch):
    monkeypatch.delenv(presenter.ENV_VAR, raising=False)
    assert not presenter.active() and presenter.choose(full=20, quick=2) == 20
    monkeypatch.setenv(presenter.ENV_VAR, "1")
    assert presenter.active() and presenter.choose(full=20, quick=2) == 2
    presenter.enable(False)
    assert presenter.choose(full=20, quick=2) == 20


@pytest.mark.parametrize("lesson", notebooks.sources(("notebooks",), names=("04_", "07_")), ids=lambda p: p.stem)
def test_presenter_mode_runs_the_long_lessons_quickly_without_errors(lesson, monkeypatch):
    """The same code path with the quick sizes: every cell runs, every check cell still passes."""
    monkeypatch.setenv(presenter.ENV_VAR, "1")
    notebook = notebooks.notebook_from_source(lesson)
    notebooks.execute(notebook, lesson.parent)  # raises on the first failing cell
    assert not any(o.output_type == "error" for c in notebook.cells for o in c.get("outputs", []))
