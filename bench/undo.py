"""Undo and redo of one bulk coding batch, at growing sizes: the time should grow linearly.

    python bench/undo.py                      # 1,000 / 5,000 / 20,000 codings, SQLite
    python bench/undo.py --sizes 20000 --pg   # also PostgreSQL (the server at 127.0.0.1)

Each size: a fresh project of 100 interviews x 60 turns (bench/corpus.py) and 60 codes, one
``apply_many`` of N codings, then one undo and one redo, each timed (wall and CPU).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus
from run import coding_requests, new_project, transcript_files

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _timed(fn: object) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()  # type: ignore[operator]
    return time.perf_counter() - wall, time.process_time() - cpu


def one(where: str, root: Path, size: int) -> str:
    wb = new_project(where)
    try:
        wb.transcripts.import_files(transcript_files(root), attributes=root / "participants.csv")
        wb.codebook.load(root / "codebook-60.yaml")
        wb.coding.apply_many(coding_requests(wb, size))
        undo = _timed(wb.history.undo)
        redo = _timed(wb.history.redo)
    finally:
        wb.close()
    return (
        f"{size:>7,} codings: undo {undo[0]:6.2f} s wall {undo[1]:6.2f} s CPU · "
        f"redo {redo[0]:6.2f} s wall {redo[1]:6.2f} s CPU"
    )


def _pg_database() -> tuple[str, object]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"tw_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False), drop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--pg", action="store_true", help="PostgreSQL as well as SQLite")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        write_corpus(root, transcripts=100, turns=60, codes=60)
        for size in sizes:
            print("sqlite    ", one(str(Path(tmp) / f"u{size}.themework"), root, size), flush=True)
            if args.pg:
                url, drop = _pg_database()
                try:
                    print("postgresql", one(url, root, size), flush=True)
                finally:
                    drop()  # type: ignore[operator]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
