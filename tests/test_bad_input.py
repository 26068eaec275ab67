"""Bad input gets one line and a non-zero exit, never a traceback: each case runs the real ``humas``
command in a subprocess (exit 2 for a usage mistake, 1 for a failure of the machine).

Read-only cases must be read-only for root too (root writes through file modes), so the command
runs, from inside its folder, in a private mount namespace where that folder is bind-mounted
read-only: ``unshare --map-root-user --mount`` needs no privilege, and a read-only mount holds for
every user (the kernel refuses the write before looking at who asks). Each case also
names a fragment of the expected line, so a wrapper that failed on its own (one line, exit 1) can
never pass for the command's answer.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from humas_crawler.corpus import open_corpus

# "$0" is the folder, the rest the command: bind it onto itself, make that read-only, enter it (the
# working directory held from before would still be the writable one), run the command
READ_ONLY = ["unshare", "--map-root-user", "--mount", "sh", "-c",
             'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && cd "$0" && exec "$@"']
BINARY = bytes(range(256)) * 8  # NUL bytes and every control character, as in an image


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A corpus of the two sites the 0.1 fixture holds (humas_ntt, porosnusantara), upgraded."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    shutil.copy(DATA / "corpus-v0.db", path)
    open_corpus(path).close()
    return path


def dead_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read_only_copy(corpus: Path, tmp_path: Path) -> Path:
    """A copy of the corpus in a folder of its own, which the command will see read-only."""
    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copy(corpus, folder / "corpus.db")
    return folder


def file_with(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


# Each case: (exit code, a fragment of the one line, how to build it). A build gets the temporary
# folder and the corpus and returns the command's arguments, or them and {"env": ...} or
# {"read_only": the folder to run in}.
CASES = {
    "extract an empty file": (2, "is empty", lambda tmp, db: ["extract", file_with(tmp, "empty.html", b"")]),
    "extract a binary file": (2, "binary file", lambda tmp, db: ["extract", file_with(tmp, "photo.jpg", BINARY)]),
    "extract a SQLite file": (2, "binary file", lambda tmp, db: ["extract", str(db)]),
    "extract a whitespace-only file": (2, "is empty", lambda tmp, db: ["extract", file_with(tmp, "blank.html", b" \n\t\n")]),
    "extract a JSON file": (
        2, "no HTML markup", lambda tmp, db: ["extract", file_with(tmp, "post.json", b'{"title": "Rapat", "n": 1}')]),
    "sites add a malformed URL": (2, "not a valid URL", lambda tmp, db: ["sites", "add", "http://[::1/"]),
    "sites list a binary registry": (
        2, "not UTF-8", lambda tmp, db: ["sites", "list", "--registry", file_with(tmp, "sites.toml", BINARY)]),
    "crawl with HUMAS_REGISTRY missing": (
        2, "cannot read site registry",
        lambda tmp, db: (["crawl", "--all", "--db", str(tmp / "new.db")],
                         {"env": {"HUMAS_REGISTRY": str(tmp / "missing.toml")}})),
    "export from a read-only working directory": (
        1, "cannot write exports",
        lambda tmp, db: (["export", "--db", str(db)], {"read_only": tmp})),
    "dedupe --rebuild a read-only corpus": (
        1, "is read-only",
        lambda tmp, db: (["dedupe", "--rebuild", "--db", str(read_only_copy(db, tmp) / "corpus.db")],
                         {"read_only": tmp / "ro"})),
    "crawl a read-only corpus": (
        1, "is read-only",
        lambda tmp, db: (["crawl", "kaltimprov", "--db", str(read_only_copy(db, tmp) / "corpus.db")],
                         {"read_only": tmp / "ro"})),
    "search --since notadate": (2, "is not a date", lambda tmp, db: ["search", "x", "--since", "notadate", "--db", str(db)]),
    "search --since 2023-13-45": (
        2, "is not a date", lambda tmp, db: ["search", "x", "--since", "2023-13-45", "--db", str(db)]),
    "clusters --since notadate": (2, "is not a date", lambda tmp, db: ["clusters", "--since", "notadate", "--db", str(db)]),
    "search a corpus that does not exist": (
        2, "does not exist", lambda tmp, db: ["search", "x", "--db", str(tmp / "typo.db")]),
    "search an unknown site": (
        2, "known: humas_ntt, porosnusantara", lambda tmp, db: ["search", "x", "--site", "unknown", "--db", str(db)]),
    "sites check a dead origin": (
        1, "kaltimprov: no article could be stored: fetched no page",
        lambda tmp, db: ["sites", "check", "kaltimprov", "--base-url", f"http://127.0.0.1:{dead_port()}"]),
}


def run_case(args: list[str], env: dict | None = None, cwd: Path = ROOT, read_only: Path | None = None):
    """The real ``humas`` in a fresh interpreter, in ``cwd``; with ``read_only``, inside its mount namespace."""
    command = [sys.executable, "-m", "humas_crawler", *args]
    if read_only is not None:
        command = [*READ_ONLY, str(read_only), *command]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


@pytest.mark.parametrize("case", CASES)
def test_bad_input_gets_one_line(case, tmp_path, corpus):
    code, fragment, build = CASES[case]
    built = build(tmp_path, corpus)
    args, options = built if isinstance(built, tuple) else (built, {})
    result = run_case(args, **options)
    output = result.stdout + result.stderr
    lines = [line for line in output.splitlines() if line.strip()]
    assert "Traceback" not in output, output
    assert result.returncode == code and len(lines) == 1 and fragment in lines[0], output


@pytest.mark.parametrize("command", [["search", "x"], ["export"], ["clusters"], ["dedupe"]])
def test_a_reading_command_never_creates_a_corpus(command, tmp_path):
    result = run_case([*command, "--db", str(tmp_path / "typo.db")], cwd=tmp_path)
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []
