"""Tests of course_lib.data: the tables, the two real datasets and the download path.

Nothing here touches the network: the real datasets are read from the offline copy at
``<repo>/../shared/datasets`` (or from an already-set COURSE_DATA_DIR), and downloads go to a
local HTTP server on 127.0.0.1 serving a temporary folder.
"""

import gzip
import hashlib
import http.server
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from course_lib import data

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get(data.DATA_ENV_VAR) or REPO.parent / "shared" / "datasets").resolve()
needs_shared = pytest.mark.skipif(
    not (SHARED / "mnist").is_dir() or not (SHARED / "sign_language_mnist").is_dir(),
    reason=f"the offline datasets folder {SHARED} (mnist/, sign_language_mnist/) is missing")

TINY = b"a tiny fake data file\n" * 50
TINY_SHA = hashlib.sha256(TINY).hexdigest()


@pytest.fixture(autouse=True)
def offline(monkeypatch, tmp_path):
    """Every test: an empty download cache in tmp, no project data folder, no real mirrors."""
    monkeypatch.setattr(data, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(data, "PROJECT_DATA_DIR", tmp_path / "no_project_data")
    monkeypatch.delenv(data.DATA_ENV_VAR, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    for name in data.DATASETS:
        monkeypatch.setitem(data.DATASETS[name], "mirrors", [])


# --- The slides' small tables ------------------------------------------------------------------

@pytest.mark.parametrize("name, dtypes", [
    ("line_two_points", {"x": np.int64, "y": np.int64}),
    ("weather", {"cloud": np.float64, "wind": np.float64, "rain": np.int64}),
    ("logic_gates", {c: np.int64 for c in ["x1", "x2", "and", "nand", "or", "xor"]}),
    ("regression_six_points", {"x": np.int64, "y": np.float64}),
])
def test_tables_load_with_their_columns_and_dtypes(name, dtypes):
    table = data.load_table(name)
    assert list(table) == list(dtypes)
    assert {column: values.dtype for column, values in table.items()} == dtypes
    assert len({len(values) for values in table.values()}) == 1


def test_table_values():
    assert data.load_table("line_two_points")["y"].tolist() == [3, 5]
    assert data.load_table("logic_gates")["xor"].tolist() == [0, 1, 1, 0]
    assert data.load_table("regression_six_points")["y"].tolist() == [0, 0.8, 2.2, 2.3, 4.3, 4.9]


def test_unknown_table_names_the_available_ones():
    assert data.table_names() == ["line_two_points", "logic_gates", "regression_six_points", "weather"]
    with pytest.raises(ValueError, match="no table called 'wether'.*line_two_points, logic_gates"):
        data.load_table("wether")


# --- The real datasets, from the offline copy --------------------------------------------------

@pytest.fixture(scope="module")
def real_env(tmp_path_factory):
    """COURSE_DATA_DIR -> the offline datasets; no mirrors, so nothing can be downloaded."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(data.DATA_ENV_VAR, str(SHARED))
        mp.setattr(data, "CACHE_DIR", tmp_path_factory.mktemp("cache"))
        for name in data.DATASETS:
            mp.setitem(data.DATASETS[name], "mirrors", [])
        yield


@pytest.fixture(scope="module")
def mnist(real_env):
    return data.load_mnist()


@pytest.fixture(scope="module")
def sign(real_env):
    return data.load_sign_language_mnist()


@needs_shared
def test_mnist(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert set(np.unique(y_train)) == set(range(10)) == set(np.unique(y_test))
    assert x_train.min() == 0 and x_train.max() == 255
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9]  # the well-known first training labels


@needs_shared
def test_sign_language_mnist(sign):
    (x_train, y_train), (x_test, y_test) = sign
    assert x_train.shape == (27455, 28, 28) and x_test.shape == (7172, 28, 28)
    assert y_train.shape == (27455,) and y_test.shape == (7172,)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    for labels in (y_train, y_test):
        assert set(np.unique(labels)) == set(range(25)) - {9}  # 24 letters: no J (9), no Z
        assert labels.max() == 24
    assert x_train.min() == 0 and x_train.max() == 255
    assert x_train.flags.c_contiguous


@needs_shared
def test_plain_csv_gives_the_same_arrays(sign, tmp_path, monkeypatch):
    folder = tmp_path / "datasets" / "sign_language_mnist"
    folder.mkdir(parents=True)
    shared = SHARED / "sign_language_mnist"
    (folder / "sign_mnist_train.csv.gz").symlink_to(shared / "sign_mnist_train.csv.gz")
    with gzip.open(shared / "sign_mnist_test.csv.gz") as packed:
        (folder / "sign_mnist_test.csv").write_bytes(packed.read())
    monkeypatch.setenv(data.DATA_ENV_VAR, str(folder.parent))
    (x_train, y_train), (x_test, y_test) = data.load_sign_language_mnist()
    (gz_x_train, _), (gz_x_test, gz_y_test) = sign
    np.testing.assert_array_equal(x_test, gz_x_test)
    np.testing.assert_array_equal(y_test, gz_y_test)
    np.testing.assert_array_equal(x_train, gz_x_train)


def test_damaged_file_in_data_dir_is_refused_and_never_parsed(tmp_path, monkeypatch):
    folder = tmp_path / "datasets" / "mnist"
    folder.mkdir(parents=True)
    (folder / "train-images-idx3-ubyte.gz").write_bytes(b"not the MNIST images")
    monkeypatch.setenv(data.DATA_ENV_VAR, str(folder.parent))
    monkeypatch.setattr(data, "_read_idx", lambda *args: pytest.fail("a damaged file was parsed"))
    with pytest.raises(data.ChecksumError) as caught:
        data.load_mnist()
    message = str(caught.value)
    assert str(folder / "train-images-idx3-ubyte.gz") in message
    assert data.DATASETS["mnist"]["files"]["train-images-idx3-ubyte.gz"] in message
    assert hashlib.sha256(b"not the MNIST images").hexdigest() in message
    assert "Delete" in message


def test_missing_dataset_says_what_to_get_and_where(tmp_path, monkeypatch):
    monkeypatch.setitem(data.DATASETS["sign_language_mnist"], "mirrors", [closed_port_url()])
    with pytest.raises(data.DataNotFoundError) as caught:
        data.load_sign_language_mnist()
    message = str(caught.value)
    for name, sha in data.DATASETS["sign_language_mnist"]["files"].items():
        assert name in message and sha in message
    assert "kaggle.com/datasets/datamunge/sign-language-mnist" in message
    assert data.DATA_ENV_VAR in message
    assert str(tmp_path / "cache" / "sign_language_mnist") in message


# --- The idx reader ----------------------------------------------------------------------------

def write_idx(path, magic, dims, body):
    header = b"".join(v.to_bytes(4, "big") for v in (magic, *dims))
    path.write_bytes(gzip.compress(header + bytes(body)))
    return path


def test_idx_reader(tmp_path):
    labels = data._read_idx(write_idx(tmp_path / "labels.gz", 0x801, [3], [7, 0, 9]), ())
    assert labels.tolist() == [7, 0, 9] and labels.dtype == np.uint8
    pixels = [i % 256 for i in range(2 * 28 * 28)]
    images = data._read_idx(write_idx(tmp_path / "images.gz", 0x803, [2, 28, 28], pixels), (28, 28))
    assert images.shape == (2, 28, 28) and images.flags.writeable
    assert images[0, 1, :3].tolist() == [28, 29, 30]


@pytest.mark.parametrize("magic, dims, body", [
    (0x803, [3], [7, 0, 9]),          # wrong magic number for labels
    (0x801, [4], [7, 0, 9]),          # fewer bytes than the header says
    (0x801, [3], [7, 0, 9, 1]),       # more bytes than the header says
])
def test_idx_reader_refuses_a_bad_header(tmp_path, magic, dims, body):
    path = write_idx(tmp_path / "bad-labels.gz", magic, dims, body)
    with pytest.raises(data.DataFileError, match="bad-labels.gz"):
        data._read_idx(path, ())


def test_idx_reader_refuses_a_file_that_is_not_gzip(tmp_path):
    path = tmp_path / "plain.gz"
    path.write_bytes(b"plain bytes")
    with pytest.raises(data.DataFileError, match="plain.gz"):
        data._read_idx(path, ())


# --- Finding and downloading files (a fake dataset, a local server) ----------------------------

@pytest.fixture
def server(tmp_path):
    """An HTTP server on 127.0.0.1 serving tmp_path/served; it records each requested path."""
    root = tmp_path / "served"
    root.mkdir()
    requested = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def do_GET(self):
            requested.append(self.path)
            super().do_GET()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{httpd.server_port}/", root=root, requested=requested)
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def fake(monkeypatch, server, tmp_path):
    """A registered one-file dataset "fake" whose mirror is the local server."""
    entry = {"title": "Fake", "files": {"tiny.bin": TINY_SHA}, "mirrors": [server.url],
             "by_hand": "there is no other source"}
    monkeypatch.setitem(data.DATASETS, "fake", entry)
    return SimpleNamespace(entry=entry, cached=tmp_path / "cache" / "fake" / "tiny.bin")


def files_in(folder):
    return sorted(p for p in Path(folder).rglob("*") if p.is_file())


def test_download_into_empty_cache_then_found_there(fake, server):
    (server.root / "tiny.bin").write_bytes(TINY)
    assert data.fetch("fake", "tiny.bin") == fake.cached
    assert fake.cached.read_bytes() == TINY
    assert server.requested == ["/tiny.bin"]
    assert data.fetch("fake", "tiny.bin") == fake.cached
    assert server.requested == ["/tiny.bin"]  # the second load made no request


@pytest.mark.parametrize("served", [TINY.replace(b"tiny", b"tidy"), TINY[:100]],
                         ids=["corrupt", "truncated"])
def test_damaged_download_is_refused_and_nothing_is_kept(fake, server, tmp_path, served):
    (server.root / "tiny.bin").write_bytes(served)
    with pytest.raises(data.ChecksumError) as caught:
        data.fetch("fake", "tiny.bin")
    message = str(caught.value)
    assert "tiny.bin" in message and TINY_SHA in message
    assert hashlib.sha256(served).hexdigest() in message
    assert files_in(tmp_path / "cache") == []


def test_missing_on_first_mirror_found_on_second(fake, server):
    (server.root / "second").mkdir()
    (server.root / "second" / "tiny.bin").write_bytes(TINY)
    fake.entry["mirrors"] = [server.url + "first/", server.url + "second/"]
    assert data.fetch("fake", "tiny.bin").read_bytes() == TINY
    assert server.requested == ["/first/tiny.bin", "/second/tiny.bin"]


def test_alternative_name_is_downloaded_when_the_first_is_missing(fake, server):
    fake.entry["files"] = {"tiny.csv.gz": hashlib.sha256(gzip.compress(TINY)).hexdigest(),
                           "tiny.csv": TINY_SHA}
    (server.root / "tiny.csv").write_bytes(TINY)
    assert data.fetch("fake", "tiny.csv.gz", "tiny.csv") == fake.cached.with_name("tiny.csv")
    assert server.requested == ["/tiny.csv.gz", "/tiny.csv"]


def test_no_mirror_reachable(fake, tmp_path):
    fake.entry["mirrors"] = [closed_port_url(), closed_port_url()]
    with pytest.raises(data.DataNotFoundError) as caught:
        data.fetch("fake", "tiny.bin")
    message = str(caught.value)
    assert "tiny.bin" in message and TINY_SHA in message
    assert all(url in message for url in fake.entry["mirrors"])
    assert str(tmp_path / "cache" / "fake") in message and data.DATA_ENV_VAR in message
    assert files_in(tmp_path / "cache") == []


def test_damaged_file_in_cache_is_refused_not_replaced(fake, server):
    (server.root / "tiny.bin").write_bytes(TINY)
    fake.cached.parent.mkdir(parents=True)
    fake.cached.write_bytes(b"damaged")
    with pytest.raises(data.ChecksumError, match="tiny.bin"):
        data.fetch("fake", "tiny.bin")
    assert server.requested == [] and fake.cached.read_bytes() == b"damaged"


def test_search_order_env_dir_then_project_data_then_cache(fake, server, tmp_path, monkeypatch):
    folders = {where: tmp_path / where / "fake" for where in ["env", "project", "cache"]}
    for folder in folders.values():
        folder.mkdir(parents=True)
        (folder / "tiny.bin").write_bytes(TINY)
    monkeypatch.setattr(data, "PROJECT_DATA_DIR", tmp_path / "project")
    monkeypatch.setenv(data.DATA_ENV_VAR, str(tmp_path / "env"))
    assert data.fetch("fake", "tiny.bin") == folders["env"] / "tiny.bin"
    monkeypatch.delenv(data.DATA_ENV_VAR)
    assert data.fetch("fake", "tiny.bin") == folders["project"] / "tiny.bin"
    monkeypatch.setattr(data, "PROJECT_DATA_DIR", tmp_path / "no_project_data")
    assert data.fetch("fake", "tiny.bin") == folders["cache"] / "tiny.bin"
    assert server.requested == []


def test_each_file_is_hashed_once_while_unchanged(fake, tmp_path, monkeypatch):
    calls = []
    file_digest = hashlib.file_digest
    monkeypatch.setattr(hashlib, "file_digest", lambda *a: calls.append(a) or file_digest(*a))
    fake.cached.parent.mkdir(parents=True)
    fake.cached.write_bytes(TINY)
    data.fetch("fake", "tiny.bin")
    data.fetch("fake", "tiny.bin")
    assert len(calls) == 1
    fake.cached.write_bytes(TINY + b"changed")
    with pytest.raises(data.ChecksumError):
        data.fetch("fake", "tiny.bin")


# --- What a student sees -----------------------------------------------------------------------

def test_errors_are_runtime_errors_shown_without_traceback():
    error = data.DataNotFoundError("first line\nsecond line")
    assert isinstance(error, RuntimeError) and isinstance(error, data.DataFileError)
    assert error._render_traceback_() == ["DataNotFoundError: first line", "second line"]


def test_import_is_cheap():
    code = "import sys, course_lib.data; print(sorted({'tensorflow', 'pooch'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
