"""Generate the student exercises in exercises/ from the worked solutions in solutions/.

    python -m tools.exercises generate [--force]   # write exercises/NN_*.py and .ipynb
    python -m tools.exercises check                # fail when an exercise is stale

In a solution, the code between ``### BEGIN SOLUTION KEY`` and ``### END SOLUTION`` is replaced by
a ``# TODO`` line and ``raise NotImplementedError``; everything else is copied as it is. KEY names
the step (``ex.KEY`` in ``course_lib.exercises.<module>``). Inside a block, ``### HINT: …`` lines
(continued by further ``### …`` lines) are the step's hints, from the idea to the code. The hints
and the worked solution (the block's cell without its markers) go to
``course_lib/exercises/NN_name.json``, never onto the exercise's page; ``ex.KEY.hint()`` and
``ex.KEY.solution()`` show them on request.

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
HELP = ROOT / "course_lib" / "exercises"
BLOCK = re.compile(r"^(?P<indent>[ \t]*)### BEGIN SOLUTION(?:[ \t]+(?P<key>\w+))?(?::?[ \t]*(?P<prompt>.*?))[ \t]*\n"
                   r"(?P<body>.*?)^[ \t]*### END SOLUTION[ \t]*\n", re.M | re.S)
HINT = re.compile(r"^[ \t]*### HINT:[ \t]?(?P<text>.*)$")
CONTINUATION = re.compile(r"^[ \t]*###(?: (?P<text>.*))?$")
DEFAULT_PROMPT = "write your code here"


def strip_solutions(text: str) -> str:
    """Replace every solution block by a ``# TODO`` line and a ``raise NotImplementedError``."""
    def placeholder(match: re.Match) -> str:
        indent, key, prompt = match["indent"], match["key"], match["prompt"] or DEFAULT_PROMPT
        if key:
            return (f"{indent}# TODO: your code here. Stuck? Run ex.{key}.hint()\n"
                    f"{indent}raise NotImplementedError(\"step '{key}'\")\n")
        return f"{indent}# TODO: {prompt}\n{indent}raise NotImplementedError({prompt!r})\n"

    stripped = BLOCK.sub(placeholder, text)
    if "### BEGIN SOLUTION" in stripped or "### END SOLUTION" in stripped:
        raise ValueError("a '### BEGIN SOLUTION' has no matching '### END SOLUTION' (or the reverse)")
    return stripped


def step_help(text: str) -> dict[str, dict]:
    """Every keyed step's hints and worked solution: ``{key: {"hints": [...], "solution": code}}``.

    The worked solution is the code of the cell that holds the block, without the solution and
    hint markers and without the check that follows in a later cell.
    """
    steps: dict[str, dict] = {}
    for cell in re.split(r"^# %%.*\n", text, flags=re.M):
        for match in BLOCK.finditer(cell):
            if not match["key"]:
                continue
            step = steps.setdefault(match["key"], {"hints": [], "solution": ""})
            step["hints"] += _hints(match["body"])
            code = _without_markers(cell)
            if code not in step["solution"]:
                step["solution"] = f"{step['solution']}\n\n{code}".strip("\n")
    return steps


def _hints(body: str) -> list[str]:
    hints: list[str] = []
    for line in body.splitlines():
        if hint := HINT.match(line):
            hints.append(hint["text"])
        elif hints and (more := CONTINUATION.match(line)) and "SOLUTION" not in line:
            hints[-1] += "\n" + (more["text"] or "")
        elif line.strip() and hints and not line.lstrip().startswith("###"):
            break
    return hints


def _without_markers(cell: str) -> str:
    lines, in_hint = [], False
    for line in cell.splitlines():
        stripped = line.strip()
        if stripped.startswith("### HINT:"):
            in_hint = True
            continue
        if in_hint and CONTINUATION.match(line) and "SOLUTION" not in line:
            continue
        in_hint = False
        if not stripped.startswith(("### BEGIN SOLUTION", "### END SOLUTION")):
            lines.append(line)
    return "\n".join(lines).strip("\n")


def help_file(solution: Path) -> tuple[Path, str]:
    """The JSON file of ``solution``'s hints and worked solutions, and its text."""
    steps = step_help(solution.read_text(encoding="utf-8"))
    return HELP / f"{solution.stem}.json", json.dumps(steps, indent=1, ensure_ascii=False) + "\n"


def exercise_files(solution: Path, exercises: Path = EXERCISES) -> dict[Path, str]:
    """The exercise .py and .ipynb that ``solution`` generates in ``exercises``, as file → text."""
    py_text = strip_solutions(solution.read_text(encoding="utf-8"))
    target = exercises / solution.name
    notebook = jupytext.writes(notebook_from_text(py_text), fmt="ipynb")
    return {target.with_suffix(".py"): py_text, target.with_suffix(".ipynb"): notebook}


def write_help(solutions: list[Path]) -> None:
    """Write every solution's hints and worked solutions where ``course_lib.exercises`` reads them."""
    for solution in solutions:
        path, text = help_file(solution)
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        if step_help(solution.read_text(encoding="utf-8")) and changed:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {rel(path)}")


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
    if solutions is None:
        solutions = sources(("solutions",))
        write_help(solutions)
    for solution in solutions:
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
        files = exercise_files(solution)
        if step_help(solution.read_text(encoding="utf-8")):
            files.update([help_file(solution)])
        for path, text in files.items():
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


TOKEN = re.compile(r"[A-Za-z_]\w*|\d+(?:\.\d*)?|\"[^\"\n]*\"|'[^'\n]*'|\*\*|//|[-+*/%<>!=@]=?|[()\[\]{}.,:]")


def _trigrams(text: str) -> set[tuple[str, ...]]:
    tokens = TOKEN.findall(text)
    return {tuple(tokens[i:i + 3]) for i in range(len(tokens) - 2)}


def _code_of(body: str) -> str:
    """A solution block's code without comment lines and hint markers."""
    return "\n".join(line for line in body.splitlines() if not line.strip().startswith("#"))


def shown_before_writing(text: str) -> list[tuple[str, float]]:
    """For every solution block: (step, share of its code's token trigrams a student sees first).

    What a student sees for a step is the markdown since the previous step's code, the block's
    ``# TODO`` line, the step's first hint, and the code cells after it up to the next markdown (the
    check, with any hint written there). Trigrams of the step's interface (the rest of the block's
    cell: a ``def`` line with its arguments) are not counted: they are the question, not the
    answer. A share near 1 means the answer's code is on the page; a formula in the prompt gives a
    little overlap even in a well-posed step.
    """
    cells = jupytext.reads(text, fmt="py:percent").cells
    hints = step_help(text)
    shares, markdown = [], []
    for index, cell in enumerate(cells):
        if cell.cell_type == "markdown":
            markdown.append(cell.source)
            continue
        blocks = list(BLOCK.finditer(cell.source + "\n"))
        after = []
        for later in cells[index + 1:]:
            if later.cell_type == "markdown" or BLOCK.search(later.source + "\n"):
                break
            after.append(later.source)
        for match in blocks:
            key = match["key"] or (match["prompt"] or DEFAULT_PROMPT)
            first_hint = hints.get(match["key"], {}).get("hints", [""])[:1]
            seen = _trigrams("\n".join(markdown + [match["prompt"] or ""] + first_hint + after))
            code = _trigrams(_code_of(match["body"])) - _trigrams(BLOCK.sub("", cell.source + "\n"))
            shares.append((key, len(code & seen) / len(code) if code else 0.0))
        if blocks:
            markdown = []
    return shares
