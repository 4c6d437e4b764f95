"""Ratio: jcp-controls' learning.csv load against a bare stdlib csv.reader pass, same process.

Usage: python benchmarks/learning_load.py [--rows N] [--repeat R] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import random
import statistics
import tempfile
import time
from pathlib import Path

from jcp_controls.evidence.csv import read_folder

COURSES = ("dwp_foundation", "security_awareness", "lms_user_guide_chapter_b", "data_handling")


def write_folder(folder: Path, rows: int, seed: int = 7) -> None:
    """A folder with offices, staff and a learning.csv of ``rows`` rows (100k-staff shape)."""
    rng = random.Random(seed)
    staff_count = max(1, rows // 50)
    with (folder / "offices.csv").open("w", newline="") as handle:
        handle.write("office_id,name\nOF001,Leeds\n")
    with (folder / "staff.csv").open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["staff_id", "name", "office_id", "grade", "job_role"])
        for n in range(staff_count):
            writer.writerow([f"S{n:06d}", f"Person {n}", "OF001", "ao", "work_coach"])
    start = dt.date(2019, 1, 1).toordinal()
    with (folder / "learning.csv").open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["staff_id", "course", "completed_on", "job_role"])
        for _ in range(rows):
            staff = f"S{rng.randrange(staff_count):06d}"
            day = dt.date.fromordinal(start + rng.randrange(7 * 365)).isoformat()
            if rng.random() < 0.2:
                writer.writerow([staff, "lms_core", day, "work_coach"])
            else:
                writer.writerow([staff, rng.choice(COURSES), day, ""])


def baseline(folder: Path) -> int:
    """Iterate learning.csv with csv.reader, doing nothing with the rows."""
    count = 0
    with (folder / "learning.csv").open(newline="", encoding="utf-8") as handle:
        for _ in csv.reader(handle):
            count += 1
    return count


def library(folder: Path) -> int:
    """Read the whole folder with the csv source (learning becomes facts)."""
    batch = read_folder(folder)
    assert not batch.issues, batch.issues[:3]
    assert batch.learning is not None
    return batch.learning.rows


def timed(function: object, folder: Path) -> float:
    gc.collect()
    began = time.perf_counter()
    function(folder)  # type: ignore[operator]
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the folder here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        write_folder(folder, args.rows)
        ratios = []
        for run in range(args.repeat):
            base = timed(baseline, folder)
            mine = timed(library, folder)
            ratios.append(mine / base)
            print(
                f"run {run + 1}: baseline {base:.2f} s, jcp-controls {mine:.2f} s, "
                f"ratio {mine / base:.2f}"
            )
        print(
            f"rows={args.rows} median ratio (jcp-controls / csv.reader pass): "
            f"{statistics.median(ratios):.2f}"
        )


if __name__ == "__main__":
    main()
