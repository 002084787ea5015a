"""The course's data: the slides' small tables, MNIST and Sign Language MNIST.

``load_table("weather")`` reads one of the small tables shipped with the course.
``load_mnist()`` and ``load_sign_language_mnist()`` return
``(x_train, y_train), (x_test, y_test)`` like ``keras.datasets.mnist.load_data()``.

Each data file is looked for, in this order, in

1. ``$COURSE_DATA_DIR/<dataset>/`` (a folder you choose, e.g. a shared copy),
2. the project's ``data/<dataset>/`` folder (when the course is a cloned repository),
3. the download cache (``pooch.os_cache("course_lib")/<dataset>/``),

and otherwise downloaded into the cache from the mirrors listed below. Every file is checked
against its SHA-256 checksum before it is read, so a damaged or wrong file is never used.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from importlib import resources
from pathlib import Path

import numpy as np

DATA_ENV_VAR = "COURSE_DATA_DIR"

# The one registry: every file the loaders read, its sha256, and the mirrors tried in order.
DATASETS: dict[str, dict] = {
    "mnist": {
        "title": "MNIST",
        "files": {
            "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
        },
        "mirrors": [
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
        ],
        "by_hand": "download the four files in a web browser from one of the mirror addresses above",
    },
    "sign_language_mnist": {
        "title": "Sign Language MNIST",
        "files": {
            "sign_mnist_train.csv.gz": "be7a610565cfb0a558aa2625d554674629aa03f94e6061376b128114dd5acf6a",
            "sign_mnist_train.csv": "b7ff39ad5f1210fa765ce11aa5f20c2e97fe467ffc22231aac923c863eef75c4",
            "sign_mnist_test.csv.gz": "6421b0f6bfb368d698d9afc66892e004430ab5fe6d3f340663eb4b78567c273a",
            "sign_mnist_test.csv": "178c0dd21c4b0e86d58df12f14ea1e9efa795ad19d146802b3b28094a16d56ae",
        },
        # A public GitHub repository that keeps Kaggle's two CSV files in Git LFS (same sha256).
        "mirrors": [
            "https://media.githubusercontent.com/media/shivangi-1412/"
            "Detection-of-American-Sign-language-Machine-Learning/"
            "ef539cef5c10d6d8c21f24d66598989cc6dc4b87/",
        ],
        "by_hand": (
            "download the dataset from Kaggle (https://www.kaggle.com/datasets/datamunge/"
            "sign-language-mnist, free account), unzip it and keep sign_mnist_train.csv and "
            "sign_mnist_test.csv (plain .csv or gzip-compressed .csv.gz: either one of each pair)"
        ),
    },
}

# Where downloads go; None means pooch.os_cache("course_lib"). Read at call time.
CACHE_DIR: str | Path | None = None

PROJECT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
TABLES_PACKAGE = "course_lib.tables"

_IDX_MAGIC_BASE = 0x800  # idx files of unsigned bytes: 0x801 = 1-D (labels), 0x803 = 3-D (images)
_SIGN_COLUMNS = 1 + 28 * 28  # label, pixel1 ... pixel784
_hash_memo: dict[tuple[str, int, int], str] = {}


class DataFileError(RuntimeError):
    """A data file is missing, damaged or not the expected file; the message says what to do."""

    def _render_traceback_(self) -> list[str]:
        """In Jupyter, show the message alone: no traceback for the student to decode."""
        return [f"{type(self).__name__}: {line}" if i == 0 else line
                for i, line in enumerate(str(self).splitlines())]


class ChecksumError(DataFileError):
    """A data file's SHA-256 checksum differs from the expected one: damaged or a different file."""


class DataNotFoundError(DataFileError):
    """A data file is in none of the folders searched and could not be downloaded."""


# --- The slides' small tables ------------------------------------------------------------------

def table_names() -> list[str]:
    """The names of the slides' small tables, for ``load_table``."""
    files = resources.files(TABLES_PACKAGE).iterdir()
    return sorted(f.name.removesuffix(".csv") for f in files if f.name.endswith(".csv"))


def load_table(name: str) -> dict[str, np.ndarray]:
    """One of the slides' small tables, as ``{column name: array}`` in the file's column order.

    A column of whole numbers is an int64 array, any other column a float64 array::

        weather = load_table("weather")
        weather["cloud"]   # array([0.8, 0.6, 0.1, ...])
    """
    if name not in table_names():
        raise ValueError(f"There is no table called {name!r}. "
                         f"The tables are: {', '.join(table_names())}.")
    text = (resources.files(TABLES_PACKAGE) / f"{name}.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header, *rows = [line.split(",") for line in lines]
    return {title.strip(): _column_array(values) for title, values in zip(header, zip(*rows))}


def _column_array(values: tuple[str, ...]) -> np.ndarray:
    try:
        return np.array([int(v) for v in values], dtype=np.int64)
    except ValueError:
        return np.array([float(v) for v in values], dtype=np.float64)


# --- The two image datasets --------------------------------------------------------------------

def load_mnist() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The MNIST handwritten digits, like ``keras.datasets.mnist.load_data()``.

    Returns ``(x_train, y_train), (x_test, y_test)``: uint8 images of shape (60000, 28, 28)
    and (10000, 28, 28), pixels 0 (black) to 255 (white), and uint8 labels 0-9.
    The first call may download about 11 MB.
    """
    names = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
             "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
    x_train, y_train, x_test, y_test = [fetch("mnist", name) for name in names]
    return ((_read_idx(x_train, (28, 28)), _read_idx(y_train, ())),
            (_read_idx(x_test, (28, 28)), _read_idx(y_test, ())))


def load_sign_language_mnist() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Sign Language MNIST (American Sign Language letters), shaped like MNIST.

    Returns ``(x_train, y_train), (x_test, y_test)``: uint8 images of shape (27455, 28, 28)
    and (7172, 28, 28), pixels 0-255, and uint8 labels 0-24 where 0 = A, 1 = B, ... 24 = Y.
    There is no 9 (J) and no 25 (Z): those letters need a movement, not a still hand.
    Reads Kaggle's ``sign_mnist_train.csv`` / ``sign_mnist_test.csv``, plain or as ``.csv.gz``;
    the first call may download about 105 MB.
    """
    train = fetch("sign_language_mnist", "sign_mnist_train.csv.gz", "sign_mnist_train.csv")
    test = fetch("sign_language_mnist", "sign_mnist_test.csv.gz", "sign_mnist_test.csv")
    return _read_sign_csv(train), _read_sign_csv(test)


def _read_idx(path: Path, item_shape: tuple[int, ...]) -> np.ndarray:
    """The uint8 array in an idx file: labels (``item_shape=()``) or images of ``item_shape``."""
    data = _gunzip(path)
    ndim = 1 + len(item_shape)
    start = 4 * (1 + ndim)  # the header: magic number, then one uint32 size per dimension
    magic, *dims = [int.from_bytes(data[i:i + 4], "big") for i in range(0, start, 4)]
    shape = tuple(dims)
    if (magic != _IDX_MAGIC_BASE + ndim or shape[1:] != item_shape
            or len(data) != start + int(np.prod(shape))):
        kind = "images of {}x{} pixels".format(*item_shape) if item_shape else "labels"
        raise DataFileError(f"{path} is not an idx file of {kind} (magic number "
                            f"{_IDX_MAGIC_BASE + ndim:#06x}): its header or size is wrong.\n"
                            "Delete it and run again to get a fresh copy.")
    return np.frombuffer(data, dtype=np.uint8, offset=start).reshape(shape).copy()


def _gunzip(path: Path) -> bytes:
    try:
        return gzip.decompress(path.read_bytes())
    except (OSError, EOFError, zlib.error) as error:
        raise DataFileError(f"{path} could not be unpacked ({error}).\n"
                            "Delete it and run again to get a fresh copy.") from None


def _read_sign_csv(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Images (N, 28, 28) and labels (N,) from a Sign Language MNIST CSV (plain or .gz)."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as file:
            table = np.loadtxt(file, delimiter=",", skiprows=1, dtype=np.uint8, ndmin=2)
    except (ValueError, OSError, EOFError, zlib.error) as error:
        raise DataFileError(f"{path} could not be read as a Sign Language MNIST CSV ({error}).\n"
                            "Delete it and run again to get a fresh copy.") from None
    if table.shape[1] != _SIGN_COLUMNS:
        raise DataFileError(f"{path} has {table.shape[1]} columns, not {_SIGN_COLUMNS} "
                            "(label, pixel1 ... pixel784).\nDelete it and run again.")
    return np.ascontiguousarray(table[:, 1:]).reshape(-1, 28, 28), table[:, 0].copy()


# --- Finding, checking and downloading files ---------------------------------------------------

def fetch(dataset: str, *filenames: str) -> Path:
    """The path of a checked local copy of one data file, downloaded first if needed.

    ``filenames`` are other names for the same data, preferred first (e.g. ``.csv.gz``, then
    ``.csv``). Raises ``ChecksumError`` for a damaged file, ``DataNotFoundError`` when the file
    is nowhere and cannot be downloaded.
    """
    for folder, _ in _search_folders(dataset):
        for name in filenames:
            path = folder / name
            if path.is_file():
                _verify(path, DATASETS[dataset]["files"][name])
                return path
    return _download(dataset, filenames)


def _cache_dir(dataset: str) -> Path:
    """The folder where the files of ``dataset`` are downloaded to."""
    if CACHE_DIR is not None:
        return Path(CACHE_DIR) / dataset
    import pooch

    return Path(pooch.os_cache("course_lib")) / dataset


def _search_folders(dataset: str) -> list[tuple[Path, str]]:
    """(folder, why it is searched), in search order."""
    folders = []
    if os.environ.get(DATA_ENV_VAR):
        folders.append((Path(os.environ[DATA_ENV_VAR]).expanduser().resolve() / dataset,
                        f"from {DATA_ENV_VAR}"))
    if PROJECT_DATA_DIR.is_dir():
        folders.append((PROJECT_DATA_DIR / dataset, "the project's data folder"))
    folders.append((_cache_dir(dataset), "the download cache"))
    return folders


def _verify(path: Path, expected: str) -> None:
    actual = _sha256(path)
    if actual != expected:
        raise ChecksumError(
            f"{path} is damaged or not the expected file: its checksum is wrong.\n"
            f"  expected sha256: {expected}\n"
            f"  actual sha256:   {actual}\n"
            "Delete this file (or replace it with a good copy) and run again: the loader then "
            "looks in the other folders and downloads a fresh copy if needed.")


def _sha256(path: Path) -> str:
    """The file's sha256, computed once per (path, size, modification time) in this session."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _hash_memo:
        with open(path, "rb") as file:
            _hash_memo[key] = hashlib.file_digest(file, "sha256").hexdigest()
    return _hash_memo[key]


def _download(dataset: str, filenames: tuple[str, ...]) -> Path:
    """Download the first of ``filenames`` that a mirror serves, verified, into the cache."""
    import pooch

    entry, cache = DATASETS[dataset], _cache_dir(dataset)
    damaged, failed = [], []
    for mirror in entry["mirrors"]:
        for name in filenames:
            url = mirror.rstrip("/") + "/" + name
            try:
                return Path(pooch.retrieve(url, known_hash=f"sha256:{entry['files'][name]}",
                                           fname=name, path=cache, progressbar=True))
            except ValueError as error:  # pooch: wrong checksum; it has deleted the download
                damaged.append(f"  {url}:\n    {error}")
            except OSError as error:  # no connection, HTTP error (requests' errors are OSErrors)
                failed.append(f"  {url}: {_reason(error)}")
    if damaged:
        raise ChecksumError(
            f"The downloaded {' / '.join(filenames)} was damaged or not the expected file, "
            "so nothing was kept:\n" + "\n".join(damaged + failed)
            + "\nRun again to retry. " + _by_hand(dataset))
    raise DataNotFoundError(_not_found_message(dataset, filenames, failed))


def _reason(error: OSError) -> str:
    response = getattr(error, "response", None)
    if response is not None:
        return f"HTTP {response.status_code} {response.reason}"
    return f"{type(error).__name__} (no internet connection, or the server is down)"


def _not_found_message(dataset: str, filenames: tuple[str, ...], failed: list[str]) -> str:
    entry = DATASETS[dataset]
    searched = [f"  {folder}  ({why})" for folder, why in _search_folders(dataset)]
    if not os.environ.get(DATA_ENV_VAR):
        searched.insert(0, f"  ({DATA_ENV_VAR} is not set)")
    tried = failed or ["  (no download mirror is known for this dataset)"]
    return "\n".join([
        f"Could not find or download {' or '.join(filenames)} ({entry['title']} dataset).",
        "Folders searched:", *searched,
        "Mirrors tried:", *tried,
        _by_hand(dataset),
    ])


def _by_hand(dataset: str) -> str:
    entry = DATASETS[dataset]
    where = [f"  {_cache_dir(dataset)}  (the download cache)"]
    if PROJECT_DATA_DIR.is_dir():
        where.insert(0, f"  {PROJECT_DATA_DIR / dataset}  (the project's data folder)")
    files = [f"  {name:<28} sha256 {sha}" for name, sha in entry["files"].items()]
    return "\n".join([
        f"To get the files by hand: {entry['by_hand']}. Put them into",
        *where,
        f"  or <folder>/{dataset}/ for a folder of your choice, with the environment variable "
        f"{DATA_ENV_VAR}=<folder>.",
        f"The {entry['title']} files and their sha256 checksums:", *files,
    ])
