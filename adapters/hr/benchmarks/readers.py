"""Compare xlsx readers on an HR export: every row of every sheet, cells as Python values.

    python adapters/hr/benchmarks/readers.py EXPORT.xlsx [calamine|openpyxl|fastexcel ...]

Each reader runs in its own process (so peak memory is its own); prints wall and CPU
seconds (CPU is the fairer figure on a shared machine), rows and peak RSS per reader.
openpyxl and fastexcel are not dependencies of the adapter: install them to compare
(``pip install openpyxl fastexcel pyarrow``).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from collections.abc import Callable


def _calamine(path: str) -> int:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(path)
    rows = 0
    for name in book.sheet_names:
        for _ in book.get_sheet_by_name(name).iter_rows():
            rows += 1
    return rows


def _openpyxl(path: str) -> int:
    import openpyxl  # type: ignore[import-untyped,import-not-found,unused-ignore]

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = 0
    for sheet in book.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            rows += 1
    book.close()
    return rows


def _fastexcel(path: str) -> int:
    import fastexcel  # type: ignore[import-untyped,import-not-found,unused-ignore]

    reader = fastexcel.read_excel(path)
    rows = 0
    for name in reader.sheet_names:
        sheet = reader.load_sheet_by_name(name, header_row=None)
        table = sheet.to_arrow()  # columnar; rows as Python values would cost more
        rows += table.num_rows
    return rows


READERS: dict[str, Callable[[str], int]] = {
    "calamine": _calamine,
    "openpyxl": _openpyxl,
    "fastexcel": _fastexcel,
}


def _one(name: str, path: str) -> None:
    start = time.perf_counter()
    cpu_start = time.process_time()
    rows = READERS[name](path)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{name:10} {seconds:7.1f} s wall {cpu:7.1f} s CPU {rows:>10,} rows "
        f"{peak_mib:6.0f} MiB peak RSS",
        flush=True,
    )


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "--one":
        _one(argv[1], argv[2])
        return 0
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    path, names = argv[0], argv[1:] or list(READERS)
    for name in names:
        subprocess.run([sys.executable, __file__, "--one", name, path], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
