"""Rebuild the course's notebooks from their py:percent sources and check that pairs agree.

    python -m tools.notebooks build [NAME ...]   # sync .py → .ipynb, execute top to bottom, save outputs
    python -m tools.notebooks check              # fail when a .py and its .ipynb have drifted apart

The ``.py`` file is the source a developer edits; the ``.ipynb`` is what students open and
what nbval re-executes in CI. Exercises are generated separately (``tools.exercises``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tomllib
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

from tools.environment import EXECUTION_ENV  # also set by conftest.py for nbval's kernels

ROOT = Path(__file__).resolve().parents[1]
EXECUTED_FOLDERS = ("notebooks", "solutions")
PAIRED_FOLDERS = ("notebooks", "solutions", "exercises")
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
CELL_TIMEOUT_S = 900
REPOSITORY = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
BOOTSTRAP_TAG = "colab-bootstrap"
BOOTSTRAP_SOURCE = f"""\
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+{REPOSITORY}")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {{source}}"], check=True)"""


def sources(folders=EXECUTED_FOLDERS, names=()) -> list[Path]:
    """The py:percent sources in ``folders``, or those whose path (``solutions/01_…``) contains one of ``names``."""
    found = sorted(p for folder in folders for p in (ROOT / folder).glob("[0-9]*.py"))
    return [p for p in found if not names or any(n in rel(p) for n in names)]


def notebook_from_source(source: Path) -> nbformat.NotebookNode:
    """Read a py:percent file as a notebook with the course's kernel and language metadata."""
    return notebook_from_text(source.read_text(encoding="utf-8"))


def notebook_from_text(text: str) -> nbformat.NotebookNode:
    """A notebook from py:percent text, with the course's kernel and language metadata."""
    notebook = jupytext.reads(text, fmt="py:percent")
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index:03d}"  # stable ids: rebuilding a notebook changes only what changed
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.metadata["jupytext"] = {"formats": "ipynb,py:percent"}
    return notebook


def execute(notebook: nbformat.NotebookNode, cwd: Path) -> float:
    """Run every cell top to bottom in a fresh kernel (in ``cwd``); return the wall time in seconds."""
    os.environ.update(EXECUTION_ENV)
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}}, store_widget_state=False,
                            record_timing=False,  # no timestamps: a rebuild changes only what changed
                            # C-level output (TensorFlow's start-up log) stays out of the notebook,
                            # as it does when nbval runs the kernel under pytest.
                            extra_arguments=["--IPKernelApp.capture_fd_output=False"])
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def build(source: Path) -> float:
    """Sync ``source`` into its .ipynb, execute it, save it with outputs; return the run time."""
    notebook = notebook_from_source(source)
    seconds = execute(notebook, source.parent)
    nbformat.write(notebook, source.with_suffix(".ipynb"))
    return seconds


def drift(source: Path) -> str | None:
    """Describe how ``source`` and its .ipynb differ (cell types, sources, tags); None if they agree."""
    target = source.with_suffix(".ipynb")
    if not target.exists():
        return f"{rel(source)} has no {target.name}"
    ours, theirs = jupytext.read(source).cells, jupytext.read(target).cells
    if len(ours) != len(theirs):
        return f"{rel(source)} has {len(ours)} cells but {target.name} has {len(theirs)}"
    for index, (a, b) in enumerate(zip(ours, theirs)):
        if (a.cell_type, a.source.strip(), _tags(a)) != (b.cell_type, b.source.strip(), _tags(b)):
            return (f"{rel(source)} and {target.name} differ at cell {index + 1}:\n"
                    f"  {a.source[:120]!r}\n  {b.source[:120]!r}")
    return None


def unpaired() -> list[str]:
    """Notebooks with no py:percent twin, and py files with no notebook."""
    problems = []
    for folder in PAIRED_FOLDERS:
        for path in sorted((ROOT / folder).glob("[0-9]*.*")):
            twin = path.with_suffix(".py" if path.suffix == ".ipynb" else ".ipynb")
            if path.suffix in (".py", ".ipynb") and not twin.exists():
                problems.append(f"{rel(path)} has no paired {twin.name}")
    return problems


def _tags(cell) -> tuple:
    return tuple(cell.metadata.get("tags", ())), cell.metadata.get("slideshow", {}).get("slide_type")


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("build", "check"))
    parser.add_argument("names", nargs="*", help="only notebooks whose file name contains one of these")
    args = parser.parse_args(argv)
    if args.command == "build":
        for source in sources(names=args.names):
            print(f"building {rel(source)} ...", flush=True)
            print(f"  done in {build(source):.1f} s", flush=True)
        return 0
    problems = unpaired() + [d for s in sources(PAIRED_FOLDERS) if (d := drift(s))]
    for problem in problems:
        print(problem)
    print("all notebook pairs agree" if not problems else "run `python dev.py build` to resync")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
