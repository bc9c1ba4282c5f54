"""Survey import: 50,000 answers (10,000 respondents by 5 open questions) from CSV and XLSX.

    python bench/survey.py                  # full size, SQLite
    python bench/survey.py --respondents 2000
    python bench/survey.py --backend postgresql://127.0.0.1/DB

Writes the survey with the bench corpus's fictional sentences (about one answer in ten left
empty, as surveys have), then times ``import survey`` of the CSV into a new project and of
the same table as XLSX into another, in process; targets 10 s each. Everything lives in a
temporary directory.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from run import new_project  # noqa: E402

TARGET = 10.0
QUESTIONS = 5
SITES = ["North", "South", "East", "West"]


def write_survey(path: Path, respondents: int, seed: int = 11) -> tuple[list[str], int]:
    rng = random.Random(seed)
    header = ["respondent", "site", "years", *(f"Q{i + 1}" for i in range(QUESTIONS))]
    rows: list[list[str]] = []
    answers = 0
    for n in range(1, respondents + 1):
        texts = [
            "" if rng.random() < 0.1 else corpus._turn_text(rng, rng.randint(40, 400))
            for _ in range(QUESTIONS)
        ]
        answers += sum(bool(t) for t in texts)
        rows.append([f"S{n:05d}", rng.choice(SITES), str(rng.randint(1, 30)), *texts])
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return header, answers


def as_xlsx(src: Path, out: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    with src.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            sheet.append(row)
    book.save(out)


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _timed(where: str, path: Path) -> tuple[float, float, float, int]:
    """Wall and CPU seconds of the import, and wall seconds of reading the table alone."""
    from themework.ingest.survey import read_survey

    started = time.perf_counter()
    read_survey(path)
    reading = time.perf_counter() - started
    with new_project(where) as wb:
        started, cpu = time.perf_counter(), _cpu()
        r = wb.transcripts.import_survey(
            path, id_column="respondent", text_columns=[f"Q{i + 1}" for i in range(QUESTIONS)],
            attribute_columns=["site", "years"],
        )
        took, cpu = time.perf_counter() - started, _cpu() - cpu
    assert not r.imported.failed, [f.message[:200] for f in r.imported.failed]
    return took, cpu, reading, r.answers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=11_112)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="themework-survey-bench-"))
    try:
        src = tmp / "survey.csv"
        _, answers = write_survey(src, args.respondents)
        as_xlsx(src, tmp / "survey.xlsx")
        results = {
            "csv": _timed(str(tmp / "csv.themework"), src),
            "xlsx": _timed(str(tmp / "xlsx.themework"), tmp / "survey.xlsx"),
        }
        assert {r[3] for r in results.values()} == {answers}
        print(f"survey import: {args.respondents:,} respondents, {answers:,} answers "
              f"in {QUESTIONS} sources (load average {os.getloadavg()[0]:.1f})")
        for label, (took, cpu, reading, _) in results.items():
            verdict = "ok" if took < TARGET else f"over the {TARGET:.0f} s target"
            print(f"  {label:5} {took:6.2f} s wall, {cpu:6.2f} s CPU (reading the table "
                  f"{reading:.2f} s); {answers / took:,.0f} answers/s; {verdict}")
        return 0 if max(r[0] for r in results.values()) < TARGET else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
