"""REFI-QDA export and import of the bench project (1,000 transcripts, 50,000 codings).

    python bench/refi.py                # full size, SQLite
    python bench/refi.py --transcripts 100 --codings 5000

Builds the project as run.py does (corpus, import with attributes, the 60-code codebook,
codings by ``apply_many``), then times ``export qdpx`` and ``import qdpx`` into a new
project, in process; targets 5 s each. Everything lives in a temporary directory.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from run import coding_requests, new_project  # noqa: E402

TARGET = 5.0


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the import's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=int, default=1000)
    parser.add_argument("--turns", type=int, default=60)
    parser.add_argument("--codings", type=int, default=50_000)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="themework-refi-bench-"))
    try:
        root = tmp / "corpus"
        info = corpus.write_corpus(root, args.transcripts, args.turns, 60)
        files = sorted((root / "transcripts").glob("*.txt"))
        with new_project(str(tmp / "source.themework")) as wb:
            wb.transcripts.import_files(files, attributes=root / "participants.csv")
            wb.codebook.load(Path(str(info["codebook"])))
            wb.coding.apply_many(coding_requests(wb, args.codings))
            out = tmp / "bench.qdpx"
            started, cpu = time.perf_counter(), _cpu()
            exported = wb.refi.export_qdpx(out)
            t_export, c_export = time.perf_counter() - started, _cpu() - cpu
        with new_project(str(tmp / "copy.themework")) as wb:
            started, cpu = time.perf_counter(), _cpu()
            imported = wb.refi.import_qdpx(out)
            t_import, c_import = time.perf_counter() - started, _cpu() - cpu
        size = out.stat().st_size / 1e6
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"export qdpx: {t_export:.2f} s wall, {c_export:.2f} s CPU "
              f"({exported.sources} sources, {exported.codings} codings, {size:.1f} MB)  "
              f"target {TARGET:.0f} s")
        print(f"import qdpx: {t_import:.2f} s wall, {c_import:.2f} s CPU with workers "
              f"({imported.sources} sources, {imported.codings} codings, "
              f"{len(imported.unplaced)} unplaced)  "
              f"target {TARGET:.0f} s")
        return 0 if max(t_export, t_import) <= TARGET else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
