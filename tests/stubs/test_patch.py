"""SDK patches: git apply takes them, byte for byte, both ways, with files added and removed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from specdiff.cli import app
from specdiff.loaders import load
from specdiff.model import Spec
from specdiff.stubs import render_stubs
from specdiff.stubs.patch import diff_files, render_patch, stub_diffs, stubs_patch

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "stubs" / "sagemaker-1.13.1-1.13.2.patch"
OLD = FIXTURES / "models" / "sagemaker-1.13.1.json.gz"
NEW = FIXTURES / "models" / "sagemaker-1.13.2.json.gz"
HOSTILE = FIXTURES / "models" / "hostile" / "hostile.json"


@pytest.fixture(scope="module")
def stubs() -> dict[str, dict[str, str]]:
    return {
        "old": render_stubs(load(OLD)),
        "new": render_stubs(load(NEW)),
        "hostile": render_stubs(load(HOSTILE)),
    }


def checkout(folder: Path, files: dict[str, str]) -> Path:
    """A git folder holding files."""
    folder.mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return folder


def git_apply(folder: Path, patch: str) -> None:
    (folder.parent / "change.patch").write_bytes(patch.encode("utf-8"))
    result = subprocess.run(
        ["git", "apply", "--whitespace=nowarn", str(folder.parent / "change.patch")],
        cwd=folder, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr


def contents(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(folder).parts
    }


def as_bytes(files: dict[str, str]) -> dict[str, bytes]:
    return {path: text.encode("utf-8") for path, text in files.items()}


def test_git_apply_turns_old_stubs_into_new_and_back(tmp_path: Path, stubs: dict[str, dict[str, str]]) -> None:
    folder = checkout(tmp_path / "repo", stubs["old"])
    forward = render_patch(diff_files(stubs["old"], stubs["new"]))
    git_apply(folder, forward)
    assert contents(folder) == as_bytes(stubs["new"])
    git_apply(folder, render_patch(diff_files(stubs["new"], stubs["old"])))
    assert contents(folder) == as_bytes(stubs["old"])


def test_stubs_patch_reverse_is_the_way_back(stubs: dict[str, dict[str, str]]) -> None:
    old, new = load(OLD), load(NEW)
    # without black too: the emitted text is already black's
    assert stubs_patch(old, new, reverse=True, format=False) == render_patch(diff_files(stubs["new"], stubs["old"]))


def test_sagemaker_patch_matches_golden(stubs: dict[str, dict[str, str]]) -> None:
    patch = render_patch(diff_files(stubs["old"], stubs["new"]))
    if os.environ.get("SPECDIFF_REGEN_GOLDEN") == "1":
        GOLDEN.write_bytes(patch.encode("utf-8"))
    assert patch.encode("utf-8") == GOLDEN.read_bytes()
    # what 1.13.2 added: instance types (one alias) and accelerator types, nothing removed
    assert patch.count('+    "ml.m5d.large",') == 1 and patch.count('+    "ml.eia2.medium",') == 2
    assert not [line for line in patch.splitlines() if line.startswith("-") and not line.startswith("---")]


def test_whole_packages_added_and_removed(tmp_path: Path, stubs: dict[str, dict[str, str]]) -> None:
    folder = checkout(tmp_path / "repo", stubs["hostile"])
    patch = render_patch(diff_files(stubs["hostile"], stubs["old"]))
    new, gone = "specdiff-stubs-sagemaker/sagemaker_stubs", "specdiff-stubs-etc-x/etc_x_stubs"
    assert f"new file mode 100644\n--- /dev/null\n+++ b/{new}/client.pyi\n" in patch
    assert f"deleted file mode 100644\n--- a/{gone}/client.pyi\n+++ /dev/null\n" in patch
    # an empty file (py.typed) has a header and no hunk, as git writes it
    assert f"diff --git a/{new}/py.typed b/{new}/py.typed\nnew file mode 100644\ndiff" in patch
    git_apply(folder, patch)
    assert contents(folder) == as_bytes(stubs["old"])


def test_last_line_without_line_end(tmp_path: Path) -> None:
    old, new = {"pkg/a.pyi": "x = 1\ny = 2"}, {"pkg/a.pyi": "x = 1\ny = 3\nz = 4"}
    patch = render_patch(diff_files(old, new))
    assert "-y = 2\n\\ No newline at end of file\n+y = 3\n+z = 4\n" in patch
    folder = checkout(tmp_path / "repo", old)
    git_apply(folder, patch)
    assert contents(folder) == as_bytes(new)


def test_same_stubs_give_an_empty_patch(stubs: dict[str, dict[str, str]]) -> None:
    assert diff_files(stubs["old"], stubs["old"]) == []
    assert render_patch([]) == ""


def test_patch_is_deterministic() -> None:
    assert stubs_patch(load(HOSTILE), load(OLD), format=False) == stubs_patch(load(HOSTILE), load(OLD), format=False)


# ---- the command line

runner = CliRunner()


def test_cli_patch_to_file_and_reverse(tmp_path: Path, stubs: dict[str, dict[str, str]]) -> None:
    out = tmp_path / "out.patch"
    result = runner.invoke(app, ["patch", str(OLD), str(NEW), "--reverse", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    folder = checkout(tmp_path / "repo", stubs["new"])
    git_apply(folder, out.read_text(encoding="utf-8"))
    assert contents(folder) == as_bytes(stubs["old"])


def test_cli_patch_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"metadata": ', encoding="utf-8")
    out = tmp_path / "out.patch"
    result = runner.invoke(app, ["patch", str(OLD), str(bad), "-o", str(out)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"specdiff: error: {bad}:1:") and "invalid JSON" in lines[0]
    assert not out.exists()


def test_catalog_patch_renders_only_changed_services(
    stubs: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import specdiff.stubs

    old, new, hostile = load(OLD), load(NEW), load(HOSTILE)
    catalog_old = Spec(kind="catalog", source="old", services={**old.services, **hostile.services})
    catalog_new = Spec(kind="catalog", source="new", services={**new.services, **hostile.services})
    rendered: list[str] = []
    real = specdiff.stubs.render_package
    monkeypatch.setattr(
        specdiff.stubs, "render_package", lambda model, folder: rendered.append(model.package) or real(model, folder)
    )
    diffs = stub_diffs(catalog_old, catalog_new, format=False)  # the text is black's already
    assert rendered == ["sagemaker_stubs", "sagemaker_stubs"]  # old and new; etc_x is the same
    monkeypatch.undo()
    assert diffs == diff_files(render_stubs(catalog_old, format=False), render_stubs(catalog_new, format=False))


def test_the_distribution_set_patch_carries_versions_and_applies_both_ways(tmp_path: Path) -> None:
    from dataclasses import replace

    old, new = replace(load(OLD), version="1.13.1"), replace(load(NEW), version="1.13.2")
    before, after = render_stubs(old, format=False), render_stubs(new, format=False)
    patch = stubs_patch(old, new, format=False)
    # every distribution's version moves, the boto3 one's included
    for folder in ("specdiff-stubs-sagemaker", "specdiff-stubs-boto3"):
        assert f'--- a/{folder}/pyproject.toml\n' in patch
    assert '-version = "1.13.1"\n+version = "1.13.2"\n' in patch
    folder = checkout(tmp_path / "repo", before)
    git_apply(folder, patch)
    assert contents(folder) == as_bytes(after)
    git_apply(folder, stubs_patch(old, new, reverse=True, format=False))
    assert contents(folder) == as_bytes(before)


def test_cli_patch_labels_version_the_distributions(tmp_path: Path) -> None:
    result = runner.invoke(app, ["patch", str(OLD), str(NEW), "--old-label", "1.13.1", "--new-label", "1.13.2"])
    assert result.exit_code == 0, result.output
    assert '+version = "1.13.2"' in result.stdout
    written = runner.invoke(app, ["stubs", str(NEW), "-o", str(tmp_path), "--label", "1.13.2", "--no-black"])
    assert written.exit_code == 0, written.output
    assert 'version = "1.13.2"' in (tmp_path / "specdiff-stubs-sagemaker" / "pyproject.toml").read_text(encoding="utf-8")
