"""Benchmarks (not tests): how long each notebook takes, and how fast a slider redraws.

    python -m tools.benchmark [--repeats N]

Executes every notebook in notebooks/ and solutions/ in a fresh kernel, one after the other,
and prints each one's wall time (with what its cells tagged ``benchmark`` print: accuracy and
training time) and the total; then moves lesson 01's sliders N times and prints the median and
90th-percentile redraw latency, measured in the kernel (``Explorer.set``: redraw and PNG, no
browser). The results are quoted in the README.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import numpy as np

from tools.notebooks import execute, notebook_from_source, rel, sources


def time_notebooks() -> list[tuple[str, float]]:
    """Wall time of a top-to-bottom run of every notebook (kernel start included).

    The printed results of cells tagged ``benchmark`` (accuracy and training-time targets) are
    printed under the notebook's time.
    """
    timings = []
    for source in sources():
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


def redraw_latencies(repeats: int) -> list[float]:
    """Seconds per slider change of lesson 01's explorer, one redraw each."""
    from course_lib import data, linear_fit

    points = data.load_table("line_two_points")
    explorer = linear_fit.line_fit_explorer(points["x"], points["y"])
    latencies = []
    for m in np.linspace(-3, 5, repeats):
        start = time.perf_counter()
        explorer.set(m=float(m))
        latencies.append(time.perf_counter() - start)
    return latencies


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=50, help="slider changes to time (default 50)")
    args = parser.parse_args(argv)
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print("notebooks (wall time, fresh kernel each):")
    total = sum(seconds for _, seconds in time_notebooks())
    print(f"  {'total':<45} {total:7.1f} s")
    latencies = redraw_latencies(args.repeats)
    print(f"widget redraw, lesson 01 sliders ({args.repeats} changes): "
          f"median {1000 * statistics.median(latencies):.0f} ms, "
          f"90th percentile {1000 * np.percentile(latencies, 90):.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
