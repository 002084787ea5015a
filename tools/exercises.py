"""Generate the student exercises in exercises/ from the worked solutions in solutions/.

    python -m tools.exercises generate [--force]   # write exercises/NN_*.py and .ipynb
    python -m tools.exercises check                # fail when an exercise is stale

In a solution, the code between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` is replaced by
a prompt and ``raise NotImplementedError``; text after the BEGIN marker (``### BEGIN SOLUTION:
sum the squared errors``) becomes the prompt. Everything else is copied as it is.

A student's work is never lost: ``exercises/.generated.json`` records the hash of every file
as it was generated, and an exercise whose ``.py`` or ``.ipynb`` no longer matches (the student
edited it) is kept, both files, unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

import jupytext

from tools.notebooks import ROOT, notebook_from_text, rel, sources

EXERCISES = ROOT / "exercises"
MANIFEST = EXERCISES / ".generated.json"
BLOCK = re.compile(r"^(?P<indent>[ \t]*)### BEGIN SOLUTION:?[ \t]*(?P<prompt>.*?)[ \t]*\n"
                   r".*?^[ \t]*### END SOLUTION[ \t]*\n", re.M | re.S)
DEFAULT_PROMPT = "write your code here"


def strip_solutions(text: str) -> str:
    """Replace every solution block by its prompt and a ``raise NotImplementedError``."""
    def placeholder(match: re.Match) -> str:
        indent, prompt = match["indent"], match["prompt"] or DEFAULT_PROMPT
        return f"{indent}# TODO: {prompt}\n{indent}raise NotImplementedError({prompt!r})\n"

    stripped = BLOCK.sub(placeholder, text)
    if "### BEGIN SOLUTION" in stripped or "### END SOLUTION" in stripped:
        raise ValueError("a '### BEGIN SOLUTION' has no matching '### END SOLUTION' (or the reverse)")
    return stripped


def exercise_files(solution: Path, exercises: Path = EXERCISES) -> dict[Path, str]:
    """The exercise .py and .ipynb that ``solution`` generates in ``exercises``, as file → text."""
    py_text = strip_solutions(solution.read_text(encoding="utf-8"))
    target = exercises / solution.name
    notebook = jupytext.writes(notebook_from_text(py_text), fmt="ipynb")
    return {target.with_suffix(".py"): py_text, target.with_suffix(".ipynb"): notebook}


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def generate(force: bool = False, solutions: list[Path] | None = None,
             exercises: Path = EXERCISES) -> list[str]:
    """Write every exercise whose files are missing, unchanged since generation, or forced.

    An exercise's ``.py`` and ``.ipynb`` are one exercise (jupytext pairs them, and a student may
    edit either, in JupyterLab, Colab or an editor): when either was edited, both are kept.
    Returns a message for each edited exercise that was kept.
    """
    manifest_file = exercises / MANIFEST.name
    manifest = json.loads(manifest_file.read_text()) if manifest_file.exists() else {}
    kept = []
    for solution in sources(("solutions",)) if solutions is None else solutions:
        files = exercise_files(solution, exercises)
        edited = [path.name for path in files if _edited(path, manifest)]
        if edited and not force:
            kept.append(f"kept your edited {' and '.join(edited)} (use --force to replace it with a fresh copy)")
            continue
        for path, text in files.items():
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.name}")
            manifest[path.name] = digest(text)
    manifest_file.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return kept


def _edited(path: Path, manifest: dict[str, str]) -> bool:
    """Whether ``path`` differs from the file last generated there (a student changed it)."""
    return path.exists() and digest(path.read_text(encoding="utf-8")) != manifest.get(path.name)


def stale() -> list[str]:
    """Exercises that differ from what their solution generates now."""
    problems = []
    for solution in sources(("solutions",)):
        for path, text in exercise_files(solution).items():
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                problems.append(f"{rel(path)} is stale: it is not what {rel(solution)} generates")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("generate", "check"))
    parser.add_argument("--force", action="store_true", help="overwrite exercises a student has edited")
    args = parser.parse_args(argv)
    if args.command == "generate":
        for message in generate(force=args.force):
            print(message)
        return 0
    problems = stale()
    for problem in problems:
        print(problem)
    print("all exercises are up to date" if not problems else "run `python dev.py exercises` to regenerate")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
