"""The manifest a demo folder carries, so that a later ``jcp-controls demo`` can tell a folder
it wrote itself (and that nobody has changed since) from any other folder. Internal."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

#: The manifest's file name inside the folder.
MANIFEST = "demo-manifest.json"
_WRITTEN_BY = "jcp-controls demo"


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(
    out: Path, digests: dict[str, str], *, offices: int, seed: int, as_of: dt.date
) -> None:
    """Write the manifest: what was asked for, and the SHA-256 of every file written."""
    document = {
        "written_by": _WRITTEN_BY,
        "offices": offices,
        "seed": seed,
        "as_of": as_of.isoformat(),
        "files": dict(sorted(digests.items())),
    }
    (out / MANIFEST).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def remove_manifest(out: Path) -> None:
    """Remove the manifest (before the files are rewritten, so an interrupted run leaves a
    folder that is not recognised as a finished demo folder)."""
    (out / MANIFEST).unlink(missing_ok=True)


def is_demo_folder(folder: Path) -> bool:
    """Whether ``folder`` holds exactly what a demo run wrote there, unchanged: its manifest,
    and the files the manifest lists with the digests it records, and nothing else."""
    try:
        document = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = document["files"]
        if document.get("written_by") != _WRITTEN_BY or not isinstance(files, dict):
            return False
        present = {entry.name for entry in folder.iterdir()}
        if present != {MANIFEST, *files}:
            return False
        return all(_matches(folder / name, expected) for name, expected in files.items())
    except (OSError, ValueError, TypeError, KeyError):
        return False


def _matches(path: Path, expected: object) -> bool:
    return path.is_file() and not path.is_symlink() and file_digest(path) == expected
