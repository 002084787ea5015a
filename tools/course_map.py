"""The README's course map, generated from one list of lessons and the configured repository.

    python -m tools.course_map          # rewrite the map between the markers in README.md
    python -m tools.course_map check    # fail when README.md's map is not what this generates

Each row links the lesson notebook and its exercise when they exist, with an "Open in Colab"
badge built from ``[project.urls] Repository`` in pyproject.toml (the address the notebooks'
bootstrap cell installs from).
"""

from __future__ import annotations

import sys

from tools.notebooks import REPOSITORY, ROOT

README = ROOT / "README.md"
START, END = "<!-- course-map:start -->", "<!-- course-map:end -->"

LESSONS = [
    ("01_linear_fit_mse", "Linear fit and MSE",
     "the model ŷ = m·x + b, prediction vs label (예측값/실제값), MSE and RMSE by loop and by NumPy, "
     "m/b sliders over the MSE landscape"),
    ("02_gradient_descent", "Gradient descent",
     "the loss curve, ∂MSE/∂m and ∂MSE/∂b checked numerically, learning rate (학습률), "
     "epoch/batch/step, SGD and mini-batch on the six-point data"),
    ("03_perceptron", "The perceptron: will it rain?",
     "the weather table, the step activation, the perceptron rule row by row, the decision line, the bias"),
    ("04_xor_stacking", "XOR: stacking perceptrons",
     "AND/NAND/OR, why XOR needs two layers, a 2-2-1 network learning XOR, the activation gallery, "
     "vanishing gradients (기울기 소실)"),
    ("05_backprop_by_hand", "Backpropagation by hand",
     "the slides' 2-2-1 sigmoid network, every chain-rule factor (오차 역전파), checked by finite "
     "differences and GradientTape; layer classes with forward/backward"),
    ("06_optimizers", "Optimizers",
     "SGD, momentum, NAG, AdaGrad, RMSProp, AdaDelta, Adam from scratch, matched against Keras; "
     "an optimizer race"),
    ("07_mnist", "MNIST: from regression to classification",
     "softmax and cross-entropy, a dense network in Keras and from scratch in NumPy, overfitting (과적합)"),
    ("08_sign_language", "Capstone: American Sign Language",
     "the whole pipeline on Sign Language MNIST, by the student, with self-checks"),
]


def colab_url(path: str) -> str:
    """The address that opens ``path`` (relative to the repository root) in Google Colab."""
    return REPOSITORY.replace("https://github.com/", "https://colab.research.google.com/github/") + f"/blob/main/{path}"


def _link(folder: str, stem: str) -> str:
    path = f"{folder}/{stem}.ipynb"
    if not (ROOT / path).exists():
        return "*planned*"
    badge = f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab_url(path)})"
    return f"[`{path}`]({path}) {badge}"


def course_map() -> str:
    """The markdown table of all lessons."""
    rows = ["| # | lesson | what it teaches | lesson notebook | exercise |", "|---|---|---|---|---|"]
    for stem, title, teaches in LESSONS:
        lesson = _link("notebooks", stem) if not stem.startswith("08") else "— (the capstone is an exercise)"
        rows.append(f"| {stem[:2]} | {title} | {teaches} | {lesson} | {_link('exercises', stem)} |")
    return "\n".join(rows)


def updated_readme() -> str:
    text = README.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{course_map()}\n{END}{after}"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["check"]:
        if updated_readme() != README.read_text(encoding="utf-8"):
            print("README.md's course map is out of date: run `python -m tools.course_map`")
            return 1
        print("README.md's course map is up to date")
        return 0
    README.write_text(updated_readme(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
