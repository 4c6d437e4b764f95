"""The policy reaches the engine one way: ``evaluate(policy=...)``, built by
``jc.load_policy`` from the evidence folders' ``policy.toml`` and an override file."""

from __future__ import annotations

from pathlib import Path

import pytest

import jcp_controls as jc


def _folder(tmp_path: Path, name: str, policy: str | None) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "offices.csv").write_text("office_id,name\nOF1,Leeds\n", encoding="utf-8")
    if policy is not None:
        (folder / "policy.toml").write_text(policy, encoding="utf-8")
    return folder


def test_a_folders_policy_is_not_evidence(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "evidence", "warn_days = 10\n")
    evidence = jc.load(folder)
    assert not hasattr(evidence, "policy_settings")
    assert jc.evaluate(evidence, as_of="2026-11-22", only=["SEC-001"]).policy.warn_days == 30


def test_load_policy_takes_the_folders_policy_and_the_override_over_it(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "evidence", "warn_days = 10\nlookback_months = 6\n")
    override = tmp_path / "override.toml"
    override.write_text("warn_days = 14\n", encoding="utf-8")
    assert jc.load_policy(folder).warn_days == 10
    layered = jc.load_policy(folder, override=override)
    assert (layered.warn_days, layered.lookback_months) == (14, 6)
    assert jc.load_policy(override=override).lookback_months == 12
    assert jc.load_policy() == jc.Policy()


def test_later_folders_win(tmp_path: Path) -> None:
    first = _folder(tmp_path, "first", "warn_days = 10\n")
    second = _folder(tmp_path, "second", "warn_days = 20\n")
    assert jc.load_policy(first, second).warn_days == 20


def test_an_invalid_folder_policy_names_its_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "evidence", "warn_days = -1\n")
    jc.load(folder)  # loading the evidence does not judge the policy
    with pytest.raises(jc.PolicyError, match=r"policy\.toml.*warn_days"):
        jc.load_policy(folder)


def test_the_cli_applies_the_folders_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from jcp_controls.cli import main

    folder = _folder(tmp_path, "evidence", "warn_days = 7\n")
    main(["evaluate", str(folder), "--as-of", "2026-11-22", "--only", "SEC-001",
          "--format", "json"])  # fmt: skip
    assert json.loads(capsys.readouterr().out)["policy"]["warn_days"] == 7
