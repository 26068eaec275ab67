"""Shared fixtures: a real mirror server on 127.0.0.1, temporary corpora, the humas command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = Path(__file__).resolve().parent / "expected"
SEED_TITLES = {
    "000": "Paser Tuan Rumah Raker Kehumasan se-Kaltim",
    "001": "Hasil Raker Kehumasan Kaltim dan Kaltara",
}


@pytest.fixture(scope="session")
def mirror():
    from humas_mirror import MirrorServer

    with MirrorServer(port=0) as server:
        yield server


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "corpus.db"


def expected_body(seed: str) -> str:
    return (EXPECTED / f"{seed}.txt").read_text(encoding="utf-8").strip()


def run_humas(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the real ``humas`` command in a fresh interpreter (Twisted's reactor starts once per process)."""
    return subprocess.run(
        [sys.executable, "-m", "humas_crawler", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout,
    )
