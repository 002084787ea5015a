"""The notebook pipeline's own rules: pairs agree, exercises are fresh, students' edits are kept."""

import json
import re
import textwrap

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from tools import benchmark, exercises, notebooks

ROOT = notebooks.ROOT


def test_every_notebook_has_its_py_percent_twin_and_they_agree():
    problems = notebooks.unpaired() + [d for s in notebooks.sources(notebooks.PAIRED_FOLDERS)
                                       if (d := notebooks.drift(s))]
    assert not problems, "\n".join(problems) + "\nrun `python dev.py build`"


def test_every_executed_notebook_is_committed_with_outputs_and_in_order():
    for source in notebooks.sources():
        cells = [c for c in nbformat.read(source.with_suffix(".ipynb"), 4).cells if c.cell_type == "code"]
        counts = [c.execution_count for c in cells]
        assert counts == list(range(1, len(cells) + 1)), f"{source.name}: run it top to bottom"
        assert not any(o.output_type == "error" for c in cells for o in c.outputs), source.name
        assert not any("execution" in c.metadata for c in cells), f"{source.name}: timestamps make rebuilds noisy"


def test_exercises_are_what_the_solutions_generate():
    problems = exercises.stale()
    assert not problems, "\n".join(problems) + "\nrun `python dev.py exercises`"


SOLUTION = textwrap.dedent('''\
    # %%
    def f(x):
        """Double x."""
        ### BEGIN SOLUTION: return twice x
        y = 2 * x
        return y
        ### END SOLUTION

    # %%
    ### BEGIN SOLUTION
    answer = 42
    ### END SOLUTION
    ''')


def test_solution_blocks_become_prompts_and_not_implemented():
    text = exercises.strip_solutions(SOLUTION)
    assert "2 * x" not in text and "42" not in text
    assert "    # TODO: return twice x\n    raise NotImplementedError('return twice x')\n" in text
    assert "# TODO: write your code here\nraise NotImplementedError('write your code here')\n" in text


def test_an_unclosed_solution_block_is_an_error():
    with pytest.raises(ValueError, match="no matching"):
        exercises.strip_solutions("### BEGIN SOLUTION\nx = 1\n")


@pytest.fixture
def demo(tmp_path):
    """(solution, exercises folder) of a one-exercise course in a temporary folder, not yet generated."""
    solution = tmp_path / "solutions" / "09_demo.py"
    solution.parent.mkdir()
    solution.write_text(SOLUTION)
    out = tmp_path / "exercises"
    out.mkdir()
    return solution, out


def test_regenerating_never_overwrites_a_students_edit_unless_forced(demo):
    solution, out = demo
    assert exercises.generate(solutions=[solution], exercises=out) == []
    generated = (out / "09_demo.py").read_text()
    assert "raise NotImplementedError" in generated
    assert set(json.loads((out / ".generated.json").read_text())) == {"09_demo.py", "09_demo.ipynb"}

    (out / "09_demo.py").write_text(generated.replace("raise NotImplementedError('return twice x')", "return x + x"))
    solution.write_text(SOLUTION.replace("Double x.", "Twice x."))
    kept = exercises.generate(solutions=[solution], exercises=out)
    assert kept == ["kept your edited 09_demo.py (use --force to replace it with a fresh copy)"]
    assert "return x + x" in (out / "09_demo.py").read_text()
    assert "Twice x." not in (out / "09_demo.ipynb").read_text()  # the twin is kept too: jupytext pairs them

    assert exercises.generate(force=True, solutions=[solution], exercises=out) == []
    assert "return x + x" not in (out / "09_demo.py").read_text()
    assert "Twice x." in (out / "09_demo.ipynb").read_text()


def test_an_exercise_edited_only_as_a_notebook_is_kept_whole(demo):
    """A student working in Colab edits the .ipynb alone; regenerating must not rewrite its .py twin."""
    solution, out = demo
    exercises.generate(solutions=[solution], exercises=out)
    py_before = (out / "09_demo.py").read_text()
    notebook = out / "09_demo.ipynb"
    notebook.write_text(notebook.read_text().replace("raise NotImplementedError('return twice x')", "return x + x"))
    solution.write_text(SOLUTION.replace("Double x.", "Twice x."))
    kept = exercises.generate(solutions=[solution], exercises=out)
    assert kept == ["kept your edited 09_demo.ipynb (use --force to replace it with a fresh copy)"]
    assert (out / "09_demo.py").read_text() == py_before
    assert "return x + x" in notebook.read_text()


@pytest.mark.parametrize("exercise", sorted((ROOT / "exercises").glob("[0-9]*.ipynb")), ids=lambda p: p.stem)
def test_an_untouched_exercise_stops_at_its_first_step_with_a_short_note(exercise):
    notebook = nbformat.read(exercise, 4)
    NotebookClient(notebook, kernel_name="python3", allow_errors=True, timeout=600,
                   resources={"metadata": {"path": str(exercise.parent)}}).execute()
    errors = [(i, o) for i, c in enumerate(notebook.cells) if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    first_todo = next(i for i, c in enumerate(notebook.cells)
                      if c.cell_type == "code" and "raise NotImplementedError" in c.source)
    assert errors and errors[0][0] <= first_todo
    for _, error in errors:  # every message is a short note, never a traceback
        assert error.traceback[0].startswith(("⏳", "❌")), error.traceback
        assert not any("Traceback" in line for line in error.traceback)


@pytest.mark.parametrize("source", notebooks.sources(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_notebook_starts_with_the_same_colab_bootstrap_cell(source):
    code = [c for c in jupytext.read(source).cells if c.cell_type == "code"]
    assert code[0].metadata.get("tags") == [notebooks.BOOTSTRAP_TAG], "the first code cell installs course_lib"
    assert code[0].source == notebooks.BOOTSTRAP_SOURCE, "copy tools.notebooks.BOOTSTRAP_SOURCE exactly"


def test_readme_course_map_is_generated_from_the_lessons_and_the_repository_address():
    from tools import course_map

    assert course_map.updated_readme() == course_map.README.read_text(encoding="utf-8"), \
        "run `python -m tools.course_map`"


def test_the_conda_environment_installs_the_course_from_its_one_package_list():
    """environment.yml (conda, Binder) installs the course with [dev] extras: no second list to drift."""
    environment = (ROOT / "environment.yml").read_text()
    assert "- -e .[dev]" in environment
    python = re.search(r"- python=(3\.\d+)", environment)[1]
    assert 11 <= int(python.split(".")[1]) <= 13, "Python 3.11-3.13, as pyproject.toml's requires-python"


def test_the_readme_names_every_course_lib_module():
    readme = (ROOT / "README.md").read_text()
    modules = sorted(p.stem for p in (ROOT / "course_lib").glob("[a-z]*.py"))
    assert [m for m in modules if f"`{m}`" not in readme] == []


def test_the_benchmark_reports_what_cells_tagged_benchmark_print():
    notebook = notebooks.notebook_from_text('# %% tags=["benchmark"]\nprint("test accuracy 0.98")\n\n'
                                            '# %%\nprint("other")\n')
    notebook.cells[0].outputs = [nbformat.v4.new_output("stream", name="stderr", text="0epoch [00:00]\n"),
                                 nbformat.v4.new_output("stream", name="stdout", text="test accuracy 0.98\n\n"),
                                 nbformat.v4.new_output("display_data", data={"text/plain": "<Figure>"})]
    notebook.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="other\n")]
    assert benchmark.benchmark_results(notebook) == ["test accuracy 0.98"]
    tagged = [s for s in notebooks.sources() if '"benchmark"]' in s.read_text()]
    assert [s.name for s in tagged] == ["07_mnist.py", "08_sign_language.py"]  # the README's targets


KEYED = textwrap.dedent('''\
    # %% [markdown]
    # Goal: double x.

    # %%
    def double(x):
        """Twice x."""
        ### BEGIN SOLUTION double
        ### HINT: Add x to itself.
        ### HINT: Two lines:
        ###     y = x + x
        ###     return y
        y = x + x
        return y
        ### END SOLUTION

    # %%
    ex.double.check(double)
    ''')


def test_a_keyed_block_becomes_a_todo_and_its_hints_and_solution_leave_the_page():
    text = exercises.strip_solutions(KEYED)
    assert "x + x" not in text and "HINT" not in text
    assert ("    # TODO: your code here. Stuck? Run ex.double.hint()\n"
            "    raise NotImplementedError(\"step 'double'\")\n") in text
    assert exercises.step_help(KEYED) == {"double": {
        "hints": ["Add x to itself.", "Two lines:\n    y = x + x\n    return y"],
        "solution": 'def double(x):\n    """Twice x."""\n    y = x + x\n    return y'}}


def test_the_share_of_an_answer_shown_first_counts_prompt_and_check_but_not_the_interface():
    leaky = KEYED.replace("# Goal: double x.", "# Goal: double x with `y = x + x` and `return y`.")
    assert exercises.shown_before_writing(KEYED) == [("double", 0.0)]
    assert exercises.shown_before_writing(leaky)[0][1] > 0.5
