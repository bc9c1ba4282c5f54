"""Four coders applying codings at once to a big PostgreSQL project (issue 15, team scale).

    PYTHONPATH=src python bench/team_scale.py                      # 500,000 + 4 x 5,000
    PYTHONPATH=src python bench/team_scale.py --codings 50000 --calls 500
    PYTHONPATH=src python bench/team_scale.py --project postgresql://.../db   # reuse one

Without ``--project`` it builds a project in a temporary database on ``THEMEWORK_BENCH_PG``
(as bench/run.py does; dropped at the end): a bench/corpus.py corpus imported in-process,
then ``--codings`` span codings in one ``apply_many`` call (the bulk path of
``coding apply --from``). Then ``--coders`` forked processes, each its own Workbench as its
own coder, make ``--calls`` single ``wb.coding.apply`` calls each, all at once. Every coder
codes the same ``--calls`` distinct spans in its own shuffled order, so the coders meet on
the same transcripts and rows, as a team coding one corpus does.

Printed: throughput (codings per second of wall time, all coders together), p50/p95/p99
latency of one call, errors by kind (a refusal a user can act on, or an internal error),
each coder's CPU time, and the check afterwards: the number of codings is exactly the
number before plus coders x calls, and no (coder, transcript, code, start, end) appears
twice. The exit status is 1 when the check fails or any call met an internal error.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from run import PG_ADMIN, PgDatabases, coding_requests, new_project, open_project  # noqa: E402

FORK = multiprocessing.get_context("fork")


def distinct(requests: list[Any], count: int) -> list[Any]:
    """The first ``count`` requests with no (transcript, code, span) twice."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for r in requests:
        key = (r.transcript, r.code, r.target.span)
        if key not in seen:
            seen.add(key)
            out.append(r)
            if len(out) == count:
                break
    return out


def build(url: str, tmp: Path, codings: int, transcripts: int) -> None:
    root = tmp / "corpus"
    info = corpus.write_corpus(root, transcripts, 60, 60)
    started = time.perf_counter()
    with new_project(url) as wb:
        files = sorted((root / "transcripts").glob("*.txt"))
        wb.transcripts.import_files(files, attributes=root / "participants.csv")
        wb.codebook.load(Path(str(info["codebook"])))
        print(f"imported {len(files):,} transcripts in {time.perf_counter() - started:.1f} s")
        requests = distinct(coding_requests(wb, codings + codings // 10 + 100), codings)
        started = time.perf_counter()
        wb.coding.apply_many(requests)
        print(f"preloaded {len(requests):,} codings (apply_many) in "
              f"{time.perf_counter() - started:.1f} s")


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def coder(url: str, name: str, requests: list[Any], seed: int, go: Any, out: Connection) -> None:
    from themework.domain.errors import ThemeworkError
    from themework.services.workbench import Workbench
    from themework.store.location import from_string

    mine = list(requests)
    random.Random(seed).shuffle(mine)
    latencies: list[float] = []
    errors: list[str] = []
    with Workbench.open(from_string(url), coder=name) as wb:
        go.wait()
        cpu0 = cpu_seconds()
        for request in mine:
            started = time.perf_counter()
            try:
                wb.coding.apply(request)
            except ThemeworkError as exc:
                errors.append(f"refused: {type(exc).__name__}: {exc}")
            except Exception:
                errors.append("internal error: " + traceback.format_exc(limit=4))
            latencies.append(time.perf_counter() - started)
        cpu = cpu_seconds() - cpu0
    out.send((name, latencies, errors, cpu))
    out.close()


def counts(url: str) -> tuple[int, int, Counter[str]]:
    """(codings, duplicated (coder, transcript, code, start, end) rows, codings per coder)."""
    from sqlalchemy import text

    with open_project(url) as wb, wb.store.read() as s:
        total = s.execute(text("SELECT count(*) FROM coding")).scalar_one()
        dups = s.execute(text(
            'SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM coding '
            'GROUP BY coder_id, transcript_id, code_id, start, "end" HAVING count(*) > 1) d'
        )).scalar_one()
        per = Counter({k: n for k, n in s.execute(text(
            "SELECT k.name, count(*) FROM coding c JOIN coder k ON k.id = c.coder_id "
            "GROUP BY k.name"
        )).all()})
    return int(total), int(dups), per


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def race(url: str, coders: int, calls: int) -> bool:
    with open_project(url) as wb:
        requests = distinct(coding_requests(wb, calls * 2 + 100, seed=2024), calls)
    assert len(requests) == calls, len(requests)
    before, dups_before, _ = counts(url)
    go = FORK.Event()
    pipes, procs = [], []
    for i in range(coders):
        mine, theirs = FORK.Pipe(duplex=False)
        p = FORK.Process(target=coder, args=(url, f"coder{i + 1}", requests, i, go, theirs))
        p.start()
        pipes.append(mine)
        procs.append(p)
    time.sleep(2.0)  # every coder has opened its project and waits
    started = time.perf_counter()
    go.set()
    results = [pipe.recv() for pipe in pipes]
    wall = time.perf_counter() - started
    for p in procs:
        p.join(60)
    latencies = [t for r in results for t in r[1]]
    errors = Counter(e.split(":", 2)[0] + ": " + e.split(":", 2)[1].strip()
                     for r in results for e in r[2])
    made = coders * calls - sum(len(r[2]) for r in results)
    print(f"\n{coders} coders x {calls:,} single `coding apply` calls at once, "
          f"{before:,} codings before")
    print(f"  wall {wall:.1f} s, {made / wall:.1f} codings/s overall")
    print(f"  latency per call: p50 {pct(latencies, .5) * 1000:.1f} ms, "
          f"p95 {pct(latencies, .95) * 1000:.1f} ms, p99 {pct(latencies, .99) * 1000:.1f} ms, "
          f"max {max(latencies) * 1000:.1f} ms, mean {statistics.fmean(latencies) * 1000:.1f} ms")
    print("  CPU per coder process: "
          + ", ".join(f"{r[0]} {r[3]:.1f} s" for r in results)
          + f"; load average {os.getloadavg()[0]:.2f} (machine shared)")
    print("  errors: " + (", ".join(f"{n} x {k}" for k, n in errors.items()) or "none"))
    for r in results:
        for e in r[2]:
            if e.startswith("internal"):
                print(e)
                break
    after, dups_after, per = counts(url)
    expected = before + made
    lost_or_extra = after - expected
    ok = lost_or_extra == 0 and dups_after == dups_before and not any(
        k.startswith("internal") for k in errors)
    print(f"  check: {after:,} codings after, expected {expected:,} "
          f"({'exact' if lost_or_extra == 0 else f'{lost_or_extra:+,} off'}); "
          f"duplicated rows {dups_after - dups_before}; per coder "
          + ", ".join(f"{r[0]} {per.get(r[0], 0):,}" for r in results))
    print("  " + ("OK: no write lost or duplicated" if ok else "FAILED"))
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--project", help="an existing PostgreSQL project URL to reuse (kept)")
    ap.add_argument("--codings", type=int, default=500_000, help="codings preloaded")
    ap.add_argument("--transcripts", type=int, default=1_000, help="transcripts of 60 turns")
    ap.add_argument("--coders", type=int, default=4)
    ap.add_argument("--calls", type=int, default=5_000, help="single apply calls per coder")
    args = ap.parse_args(argv)
    cpu0 = os.times()
    wall0 = time.perf_counter()
    pg = None
    url = args.project
    try:
        if url is None:
            pg = PgDatabases(PG_ADMIN)
            print(f"PostgreSQL {pg.version}")
            url = pg.create()
            with tempfile.TemporaryDirectory(prefix="tw-team-") as tmp:
                build(url, Path(tmp), args.codings, args.transcripts)
        ok = race(url, args.coders, args.calls)
    finally:
        if pg is not None:
            pg.drop_all()
    t = os.times()
    print(f"\nwhole run: wall {time.perf_counter() - wall0:.0f} s; CPU of this process "
          f"{t.user + t.system - cpu0.user - cpu0.system:.0f} s, of its coder processes "
          f"{t.children_user + t.children_system:.0f} s (PostgreSQL's own not included)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
