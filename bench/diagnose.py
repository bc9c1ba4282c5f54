"""Where the time of a slow bulk path goes: per SQL statement and per themework function.

    python bench/diagnose.py import  [--pg] [--transcripts 1000]
    python bench/diagnose.py codings [--pg] [--transcripts 1000] [--codings 50000]
    python bench/diagnose.py extracts [--transcripts 1000] [--codings 50000]
    python bench/diagnose.py apply [--transcripts 1000] [--codings 50000]

Runs the operation once on a fresh corpus and project (temporary directory, temporary
PostgreSQL database dropped at the end) with two instruments:

- SQLAlchemy cursor events: count and total time per distinct SQL statement (driver round
  trip plus server work), so the database's share is separated from Python's;
- cProfile: the top 15 by cumulative time restricted to themework's own functions, and the
  top 15 by internal ("tottime") time overall.

``extracts`` (one code, after one warm-up call) and ``apply`` (20 single ``coding.apply``
calls) run on a project that already holds the bulk codings, as in ``run.py``.

The instruments add overhead; compare shares, not absolute times, with ``run.py``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import run as bench  # noqa: E402


class SqlTimer:
    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.stats: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0])
        self.engine = engine
        self._event = event
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn: Any, cursor: Any, statement: str, params: Any, context: Any,
                executemany: bool) -> None:
        conn.info.setdefault("_t0", []).append(time.perf_counter())

    def _after(self, conn: Any, cursor: Any, statement: str, params: Any, context: Any,
               executemany: bool) -> None:
        elapsed = time.perf_counter() - conn.info["_t0"].pop()
        key = " ".join(statement.split())
        key = key[:90] + ("..." if len(key) > 90 else "")
        if executemany:
            key = "[many] " + key
        rows = len(params) if isinstance(params, list | tuple) and executemany else 1
        entry = self.stats[key]
        entry[0] += 1
        entry[1] += elapsed
        entry[2] += rows

    def report(self, wall: float, top: int = 15) -> str:
        total = sum(v[1] for v in self.stats.values())
        calls = sum(v[0] for v in self.stats.values())
        lines = [f"SQL: {calls:,} cursor executions, {total:.2f} s of {wall:.2f} s wall "
                 f"({100 * total / wall:.0f}%)",
                 f"{'calls':>8} {'rows':>8} {'seconds':>8}  statement"]
        for key, (n, secs, rows) in sorted(self.stats.items(), key=lambda kv: -kv[1][1])[:top]:
            lines.append(f"{n:>8,} {rows:>8,} {secs:>8.2f}  {key}")
        return "\n".join(lines)


def own_functions(prof: cProfile.Profile, top: int = 15) -> str:
    out = io.StringIO()
    st = pstats.Stats(prof, stream=out)
    st.sort_stats("cumulative").print_stats(r"themework/", top)
    out.write("\n-- overall, by internal time --\n")
    st.sort_stats("tottime").print_stats(top)
    return bench._trim_stats(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("import", "codings", "extracts", "apply"))
    ap.add_argument("--pg", action="store_true", help="PostgreSQL instead of SQLite")
    ap.add_argument("--transcripts", type=int, default=1000)
    ap.add_argument("--codings", type=int, default=50_000)
    a = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="themework-diag-"))
    pg = bench.PgDatabases(bench.PG_ADMIN) if a.pg else None
    try:
        info = corpus.write_corpus(tmp / "corpus", a.transcripts, 60, 60)
        files = bench.transcript_files(tmp / "corpus")
        attrs = tmp / "corpus" / "participants.csv"
        loc = pg.create() if pg else str(tmp / "diag.themework")
        with bench.new_project(loc) as wb:
            if a.what == "import":
                op = lambda: wb.transcripts.import_files(files, attributes=attrs)  # noqa: E731
            else:
                wb.transcripts.import_files(files, attributes=attrs)
                wb.codebook.load(Path(info["codebook"]))
                reqs = bench.coding_requests(wb, a.codings)
                if a.what == "codings":
                    op = lambda: wb.coding.apply_many(reqs)  # noqa: E731
                elif a.what == "extracts":
                    wb.coding.apply_many(reqs)
                    code = sorted(bench.corpus_codes(Path(info["codebook"])))[0]
                    wb.coding.extracts([code])  # warm-up, as run.py's median of 5
                    op = lambda: wb.coding.extracts([code])  # noqa: E731
                else:
                    wb.coding.apply_many(reqs)
                    singles = bench.coding_requests(wb, 20, seed=11)
                    op = lambda: [wb.coding.apply(r) for r in singles]  # noqa: E731
            timer = SqlTimer(wb.store.engine)
            prof = cProfile.Profile()
            wall, _ = bench.timed(op, prof)
        print(f"== {a.what} on {'PostgreSQL' if pg else 'SQLite'}: {wall:.2f} s "
              f"(profiled and SQL-timed) ==")
        print(timer.report(wall))
        print()
        print(own_functions(prof))
    finally:
        if pg is not None:
            pg.drop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
