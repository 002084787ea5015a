"""Benchmarks (not tests): how long each notebook takes, and how fast every widget redraws.

    python -m tools.benchmark [--repeats N] [--widgets-only] [NAME ...]

Executes every notebook in notebooks/ and solutions/ (or those whose path contains a NAME) in a
fresh kernel, one after the other, and prints each one's wall time (with what its cells tagged
``benchmark`` print: accuracy and training time) and the total; then moves every widget of the
course as a student does (N changes each: dragging a slider, stepping a counter) and prints each
one's median and 90th-percentile redraw latency, measured in the kernel (``Explorer.set``: the
update, repaint and PNG encoding, no browser). The results are quoted in the README.

Only the results are printed: what the kernels and TensorFlow write to stderr (start-up warnings,
log lines, shutdown messages) goes to test-artifacts/benchmark-stderr.log.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from tools.notebooks import ROOT, execute, notebook_from_source, rel, sources

STDERR_LOG = ROOT / "test-artifacts" / "benchmark-stderr.log"


def time_notebooks(names=()) -> list[tuple[str, float]]:
    """Wall time of a top-to-bottom run of every notebook, or of those matching ``names`` (kernel start included).

    The printed results of cells tagged ``benchmark`` (accuracy and training-time targets) are
    printed under the notebook's time.
    """
    timings = []
    for source in sources(names=names):
        notebook = notebook_from_source(source)
        start = time.perf_counter()
        execute(notebook, source.parent)
        timings.append((rel(source), time.perf_counter() - start))
        print(f"  {rel(source):<45} {timings[-1][1]:7.1f} s", flush=True)
        for line in benchmark_results(notebook):
            print(f"      {line}", flush=True)
    return timings


def benchmark_results(notebook) -> list[str]:
    """The text lines that the notebook's cells tagged ``benchmark`` print or return (not progress
    bars on stderr, not figures)."""
    lines = []
    for cell in notebook.cells:
        if "benchmark" in cell.metadata.get("tags", ()):
            for output in cell.get("outputs", ()):
                if output.output_type == "stream" and output.name == "stdout":
                    text = output.text
                elif output.output_type == "execute_result":
                    text = output.data.get("text/plain", "")
                else:
                    continue
                lines += [line for line in text.splitlines() if line.strip()]
    return lines


def widget_changes(repeats: int) -> dict[str, tuple[Callable, list[dict]]]:
    """Every widget of the course with ``repeats`` changes a student makes: (make the explorer, changes).

    Sliders are dragged across their range (half the changes on each of two controls where a
    widget has a slider and a counter); counters are stepped one by one, as the ▶ buttons do.
    """
    from course_lib import data, gradient_descent as gd, linear_fit, optimizer_race, perceptron, xor_network

    line = data.load_table("line_two_points")
    weather = data.load_table("weather")
    weather_x = np.column_stack([weather["cloud"], weather["wind"]])
    half = max(repeats // 2, 1)

    def drag(low: float, high: float, count: int, decimals: int = 2) -> list[float]:
        return [float(v) for v in np.round(np.linspace(low, high, count), decimals)]

    def steps(low: int, high: int, count: int) -> list[int]:
        return [low + k % (high - low + 1) for k in range(1, count + 1)]

    xor_run = xor_network.train(seed=0)
    return {
        "01 line fit (m, b sliders)": (
            lambda: linear_fit.line_fit_explorer(line["x"], line["y"]),
            [{"m": m} for m in drag(-3, 5, half)] + [{"b": b} for b in drag(7, -3, repeats - half)]),
        "02 gradient descent (steps, λ)": (
            lambda: gd.descent_explorer(line["x"], line["y"]),
            [{"steps": k} for k in steps(0, 150, half)]
            + [{"learning_rate": lr} for lr in drag(0.005, 0.35, repeats - half, 3)]),
        "03 perceptron stepper (samples, α)": (
            lambda: perceptron.perceptron_explorer(weather_x, weather["rain"]),
            [{"samples": k} for k in steps(0, 56, half)]
            + [{"learning_rate": lr} for lr in drag(0.05, 1.0, repeats - half)]),
        "04 XOR training (snapshot)": (
            lambda: xor_network.training_explorer(*xor_run),
            [{"snapshot": k} for k in steps(0, len(xor_run[1]) - 1, repeats)]),
        "06 optimizer race (steps, momentum)": (
            lambda: optimizer_race.race_explorer("valley"),
            [{"steps": k} for k in steps(1, 300, half)] + [{"momentum": v} for v in drag(0.0, 0.99, repeats - half)]),
    }


def redraw_latencies(make: Callable, changes: list[dict]) -> list[float]:
    """Seconds per change of the explorer ``make()`` builds: one ``Explorer.set`` (one redraw) each."""
    explorer = make()
    latencies = []
    for change in changes:
        start = time.perf_counter()
        explorer.set(**change)
        latencies.append(time.perf_counter() - start)
    return latencies


@contextlib.contextmanager
def stderr_to(log: Path) -> Iterator[None]:
    """Send what this process and every process it starts write to stderr into ``log``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with open(log, "w") as file:
        os.dup2(file.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=60, help="changes per widget (default 60)")
    parser.add_argument("--widgets-only", action="store_true", help="time the widgets, not the notebooks")
    parser.add_argument("names", nargs="*", help="only the notebooks whose path contains one of these")
    args = parser.parse_args(argv)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}", flush=True)
    with stderr_to(STDERR_LOG):
        if not args.widgets_only:
            print("notebooks (wall time, fresh kernel each):", flush=True)
            total = sum(seconds for _, seconds in time_notebooks(args.names))
            print(f"  {'total':<45} {total:7.1f} s", flush=True)
        print(f"widget redraw in the kernel (Explorer.set: update, repaint, PNG; {args.repeats} changes each):",
              flush=True)
        for name, (make, changes) in widget_changes(args.repeats).items():
            latencies = redraw_latencies(make, changes)
            print(f"  {name:<45} median {1000 * statistics.median(latencies):5.0f} ms, "
                  f"90th percentile {1000 * np.percentile(latencies, 90):5.0f} ms", flush=True)
    return 0


if __name__ == "__main__":
    code = main()
    # whatever the kernels still print while the interpreter shuts down goes to the log too
    os.dup2(os.open(STDERR_LOG, os.O_WRONLY | os.O_APPEND), 2)
    raise SystemExit(code)
