"""A build killed at any moment leaves only complete files, and the next build finishes the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.builder.test_build import tree
from tests.conftest import SHARED

GENERATOR = SHARED / "tools" / "gen_corpus.py"
KILL_AFTER = (1.0, 3.0, 6.0)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not GENERATOR.is_file(), reason="the shared site generator is not present"),
]


def _build(site: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsfmt", "build", str(site), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so that the kill reaches the worker processes too
    )


def test_sigkill_at_several_moments(tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, str(GENERATOR), "-n", "3000", "-o", str(site), "--seed", "7"],
        check=True,
        capture_output=True,
    )
    reference = tmp_path / "reference"
    assert _build(site, reference).wait(timeout=900) == 0
    expected = tree(reference)

    out = tmp_path / "out"
    for delay in KILL_AFTER:
        process = _build(site, out)
        time.sleep(delay)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        if not out.exists():
            continue
        for name, digest in tree(out).items():
            if Path(name).name.startswith(".") and name.endswith(".tmp"):
                continue  # an atomic write cut short: the next build clears it
            assert expected.get(name) == digest, f"{name} is incomplete or wrong after a kill at {delay} s"

    assert _build(site, out).wait(timeout=900) == 0
    assert tree(out) == expected
    assert not list(out.rglob("*.tmp"))
