"""The line of each operation and shape definition in a pretty-printed model file."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from specdiff.render.locations import _definition_lines
from tests.reportkit import REPO

MODEL = REPO / "fixtures" / "models" / "sagemaker-1.13.2.json.gz"


def _expected(text: str, indent: str) -> dict[tuple[str, str], int]:
    """Read independently: a definition is a line of two indents and its name, after its section's line."""
    lines = text.split("\n")
    found = {}
    for section in ("operations", "shapes"):
        start = lines.index(f'{indent}"{section}": {{')
        end = next(n for n in range(start, len(lines)) if lines[n] in (indent + "}", indent + "},"))  # its closing line
        for number in range(start + 1, end):
            line = lines[number]
            if line.startswith(indent * 2 + '"'):
                name, _ = json.JSONDecoder().raw_decode(line[len(indent * 2) :])
                found[(section, name)] = number + 1
    return found


@pytest.mark.parametrize("indent", [" ", "  ", "    ", "\t"])
def test_every_definition_of_a_real_model_is_found_however_it_is_indented(tmp_path: Path, indent: str) -> None:
    model = json.loads(gzip.decompress(MODEL.read_bytes()))
    model["metadata"]["shapes"] = {"NotASection": {"operations": 1}}  # names of sections, nested elsewhere
    text = json.dumps(model, indent=indent)
    path = tmp_path / "service-2.json"
    path.write_text(text, encoding="utf-8")
    lines = _definition_lines(path)
    expected = _expected(text, indent)
    assert lines == expected
    assert len(expected) == len(model["operations"]) + len(model["shapes"])
    assert ("shapes", "NotASection") not in lines


def test_a_gzipped_or_one_line_model_has_no_lines(tmp_path: Path) -> None:
    assert _definition_lines(MODEL) is None
    flat = tmp_path / "flat.json"
    flat.write_text(json.dumps(json.loads(gzip.decompress(MODEL.read_bytes()))), encoding="utf-8")
    assert _definition_lines(flat) is None


def test_a_data_folder_outside_the_repository_is_not_even_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every finding of two far-apart catalogs outside the repository asked for its service's
    model files: now the folder is found outside once, and never listed."""
    from specdiff.compare.changes import Comparison, InputInfo
    from specdiff.render.findings import find
    from specdiff.render.locations import Locator
    from tests.notekit import change

    data = tmp_path / "data" / "svc" / "2020-01-01"
    data.mkdir(parents=True)
    (data / "service-2.json").write_text("{}\n", encoding="utf-8")
    side = InputInfo("catalog", str(tmp_path / "data"), ("svc",))
    subject = Comparison(side, side, (change(service="svc"),))
    (finding,) = find(subject.changes)
    assert Locator(subject, root=tmp_path)(finding) is not None  # inside: its model file
    monkeypatch.setattr(Path, "glob", lambda *a, **k: pytest.fail("the folder was listed"))
    (tmp_path / "repo").mkdir()
    assert Locator(subject, root=tmp_path / "repo")(finding) is None
