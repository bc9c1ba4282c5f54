"""Import workers end with the importing process, even when it is killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="parent-death signals are Linux's"
)

# The importing process as the import runs it: a fork pool with the import's initializer,
# one file prepared, then a long wait (as if storing a large chunk) in which it is killed.
PARENT = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from themework.services import importing

settings = importing.PrepareOptions(speaker_map={}, known=frozenset(), default_speaker=None)
pool = ProcessPoolExecutor(
    1, mp_context=multiprocessing.get_context("fork"),
    initializer=importing._start_worker, initargs=(settings, os.getpid()),
)
print(pool.submit(os.getpid).result(), flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    states = [line.split()[1] for line in state.splitlines() if line.startswith("State:")]
    return states != ["Z"]  # a zombie has ended; only its exit status is left


def test_a_worker_does_not_outlive_a_killed_import(tmp_path: Path) -> None:
    """8 of 13 kill -9s left a worker blocked forever, holding the project file open."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True, env=env
    )
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    try:
        assert _alive(worker)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 30
        while _alive(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(worker), "the import's worker outlived it"
    finally:
        if _alive(worker):
            os.kill(worker, signal.SIGKILL)
