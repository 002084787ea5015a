"""A real JupyterLab on 127.0.0.1 and a headless Debian Chromium driven by Playwright.

The server runs in a temporary root holding copies of the notebooks, with a random token and
a throwaway settings folder; every process it starts is ended after the tests. Chromium is
never downloaded: the tests use /usr/bin/chromium (`apt-get install chromium`) and are skipped,
with that instruction, where it is missing.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tools.browser import CHROMIUM, MISSING, launch

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("JupyterLab exited before it was ready")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"JupyterLab did not answer at {url} within {seconds} s")


@pytest.fixture(scope="package")
def lab(tmp_path_factory):
    """(base URL, token) of a JupyterLab serving a temporary copy of notebooks/."""
    _skip_without_a_browser()
    root = tmp_path_factory.mktemp("lab-root")
    for notebook in (ROOT / "notebooks").glob("[0-9]*.ipynb"):
        shutil.copy(notebook, root)
    settings = tmp_path_factory.mktemp("lab-settings")
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false"}))
    # Lab 4 detaches cells scrolled out of view ("windowing"); a detached readout reads as "".
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    port, token = _free_port(), secrets.token_hex(16)
    log = open(root.parent / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings),
             # A throwaway workspace: no tab (and no kernel) restored from an earlier test or run.
             "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path_factory.mktemp("lab-workspaces"))})
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/api/status?token={token}", server)
        yield base, token
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the server and every kernel it started
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


def _skip_without_a_browser() -> None:
    if not CHROMIUM.exists():
        pytest.skip(MISSING)
    pytest.importorskip("playwright", reason="pip install playwright (it is in the [dev] extras)")


@pytest.fixture(scope="package")
def chromium():
    """Chromium, driven by Playwright's sync API: one for every browser test, package-scoped, so that
    the event loop Playwright keeps running in this thread is gone before the unit tests after
    tests/e2e run (an explorer inside a running loop schedules its redraws on it, as in a kernel)."""
    _skip_without_a_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def browser(lab, chromium):
    """The Chromium of the widget tests, once JupyterLab is up."""
    return chromium


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
