"""What an instructor relies on: slide decks build, slide metadata survives pairing, presenter mode."""

import jupytext
import nbformat
import pytest
from nbconvert import SlidesExporter

from course_lib import presenter
from tools import notebooks

# Every lesson, and the capstone (lesson 08 is an exercise; its solution is presented as well).
LESSONS = sorted((notebooks.ROOT / "notebooks").glob("[0-9]*.ipynb")) + [
    notebooks.ROOT / folder / "08_sign_language.ipynb" for folder in ("exercises", "solutions")]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_each_lesson_builds_a_slide_deck(lesson, tmp_path):
    notebook = nbformat.read(lesson, 4)
    slides = [c for c in notebook.cells if c.metadata.get("slideshow", {}).get("slide_type") == "slide"]
    assert len(slides) >= 3, "section headers carry slideshow metadata (slide_type: slide)"
    body, _ = SlidesExporter().from_notebook_node(notebook)
    assert body.count("<section") >= len(slides)
    (tmp_path / f"{lesson.stem}.slides.html").write_text(body)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_slide_metadata_survives_the_jupytext_pairing(lesson):
    def slide_types(nb):
        return [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]

    paired = jupytext.read(lesson.with_suffix(".py"))
    assert slide_types(paired) == slide_types(nbformat.read(lesson, 4))
    round_trip = jupytext.reads(jupytext.writes(paired, fmt="py:percent"), fmt="py:percent")
    assert slide_types(round_trip) == slide_types(paired)


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
