"""Several years of learning history make the demo a national-volume folder (about five
million rows at 640 offices, most of them ``learning.csv``) without changing any answer:
the earlier completions fall between a course's first and latest completion, which are all
the rules read, and they are drawn from a generator of their own."""

from __future__ import annotations

import collections
import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import jcp_controls as jc
from jcp_controls.demo import write_demo
from jcp_controls.demo.learning import Learning
from jcp_controls.evidence.schema import SCHEMAS
from jcp_controls.models import RecordKind

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same demo with its learning history and without it."""
    with_history = tmp_path_factory.mktemp("with")
    without = tmp_path_factory.mktemp("without")
    write_demo(with_history, offices=3, seed=11, as_of=AS_OF)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Learning, "history", lambda self, sid, written, end: None)
        write_demo(without, offices=3, seed=11, as_of=AS_OF)
    return with_history, without


def _learning(folder: Path) -> collections.Counter[tuple[str, ...]]:
    with (folder / RecordKind.LEARNING.filename).open(encoding="utf-8", newline="") as handle:
        return collections.Counter(tuple(row) for row in csv.reader(handle))


def _document(folder: Path) -> dict[str, Any]:
    report = jc.evaluate(jc.load(str(folder)), as_of=AS_OF, plugins=jc.Plugins(entry_points=False))
    document = report.to_dict(include_passes=True)
    document.pop("sources")
    return document


def test_history_adds_only_learning_rows(folders: tuple[Path, Path]) -> None:
    with_history, without = folders
    for schema in SCHEMAS.values():
        if schema.kind is not RecordKind.LEARNING:
            name = schema.filename
            assert (with_history / name).read_bytes() == (without / name).read_bytes(), name
    full, bare = _learning(with_history), _learning(without)
    assert not bare - full  # every row of the folder without history is still there
    assert sum(full.values()) > 3 * sum(bare.values())  # years of history: the bulk


def test_history_spans_years_and_stays_before_as_of(folders: tuple[Path, Path]) -> None:
    years: dict[tuple[str, str], set[int]] = collections.defaultdict(set)
    for staff_id, course, completed_on, _role in _learning(folders[0]):
        if staff_id == "staff_id":
            continue
        day = dt.date.fromisoformat(completed_on)
        assert day <= AS_OF
        years[staff_id, course].add(day.year)
    assert max(len(found) for found in years.values()) >= 10


def test_history_changes_no_result(folders: tuple[Path, Path]) -> None:
    with_history, without = folders
    assert _document(with_history) == _document(without)
