"""The distributions: valid pyproject.toml whatever the input's names, versions from labels, one folder each."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from specdiff.loaders import load
from specdiff.model import Service, Spec
from specdiff.stubs import render_stubs
from specdiff.stubs.distribution import toml_str, version_of

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HOSTILE = Path(__file__).resolve().parents[2] / "fixtures" / "models" / "hostile" / "hostile.json"


@pytest.mark.parametrize(
    ("label", "version"),
    [("1.44.8", "1.44.8"), ("2.0rc1", "2.0rc1"), ("2019-10-24", "2019.10.24"), ("", "0"), ("../x", "0"), ("1.0 beta", "0")],
)
def test_version_of_a_label(label: str, version: str) -> None:
    assert version_of(label) == version


@pytest.mark.parametrize("text", ['a "b" \\ c', "line\nbreak", "tab\there", "del\x7f", "ﬁ unicode", "\x00"])
def test_toml_str_round_trips(text: str) -> None:
    assert tomllib.loads(f"x = {toml_str(text)}")["x"] == text


def test_every_pyproject_is_valid_toml_naming_its_package() -> None:
    spec = replace(load(HOSTILE), version="1.2.3")
    hostile = Service(name='x"\n[tool.evil]\ny = "', title="t", api_version="")
    spec = replace(spec, services={**spec.services, hostile.name: hostile})
    files = render_stubs(spec, format=False)
    projects = {path: tomllib.loads(text) for path, text in files.items() if path.endswith("pyproject.toml")}
    assert len(projects) == 3  # two services and boto3
    for path, project in projects.items():
        folder = path.split("/")[0]
        assert project["project"]["name"] == folder and project["project"]["version"] == "1.2.3"
        assert "tool" in project and set(project["tool"]) == {"hatch"}  # no table smuggled in
        (package,) = project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
        assert f"{folder}/{package}/py.typed" in files
    assert {p.split("/")[0] for p in files} == {p.split("/")[0] for p in projects}  # one folder, one distribution
