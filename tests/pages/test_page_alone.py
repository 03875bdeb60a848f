"""``specdiff PAGE`` on every fixture page: the page's additions and nothing else, with
the exit status ``--fail-on`` documents (1 when a change at or above it was found)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from specdiff.cli import app
from tests.pagekit import FIXTURES, PAGES

SITE = PAGES / "site"
ALL_PAGES = [PAGES / name for name in FIXTURES] + sorted(SITE.glob("*.gz"))
ADDITIONS = {"operation-added", "member-added", "enum-value-added"}
RANK = {"info": 0, "warning": 1, "breaking": 2}


@pytest.mark.parametrize("path", ALL_PAGES, ids=lambda p: p.name)
def test_a_page_alone_reports_only_additions_and_exits_by_fail_on(path: Path) -> None:
    threshold = "warning"
    result = CliRunner().invoke(app, ["compare", str(path), "--format", "json", "--fail-on", threshold])
    report = json.loads(result.stdout)
    rules = {c["rule"] for c in report["changes"]}
    assert rules <= ADDITIONS, rules
    # a request member the page shows [REQUIRED] is breaking; nothing else can be
    for change in report["changes"]:
        if change["severity"] == "breaking":
            assert (change["rule"], change["direction"]) == ("member-added", "request"), change
    found = any(RANK[c["severity"]] >= RANK[threshold] for c in report["changes"])
    assert result.exit_code == (1 if found else 0), result.output[-300:]
    assert "type-changed" in report["unobservable"]


@pytest.mark.parametrize("fail_on,status", [("never", 0), ("breaking", 0), ("warning", 1), ("info", 1)])
def test_the_complete_widget_page_alone_exits_by_each_threshold(fail_on: str, status: int) -> None:
    # 20 info and 3 warning additions, no breaking one: no "type changed from string to string"
    result = CliRunner().invoke(app, ["compare", str(PAGES / "widgets-2020-01-15.txt"), "--fail-on", fail_on])
    assert result.exit_code == status, result.output
    assert "0 breaking, 3 warning, 20 info" in result.output


def test_watch_over_a_folder_of_real_pages_reports_what_they_say(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for path in sorted(SITE.glob("*.main.dedup.txt.gz")) + sorted(SITE.glob("*.html.gz"))[:4]:
        (pages / path.name).write_bytes(path.read_bytes())
    result = CliRunner().invoke(app, ["watch", str(pages), "--state", str(tmp_path / "state"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    reports = sorted((tmp_path / "out").rglob("changes.json"))
    assert len(reports) == len(list(pages.iterdir()))
    for report_path in reports:
        report = json.loads(report_path.read_text(encoding="utf-8"))
        assert {c["rule"] for c in report["changes"]} <= ADDITIONS
        assert report["summary"]["breaking"] == 0 or all(
            c["rule"] == "member-added" and c["direction"] == "request" for c in report["changes"] if c["severity"] == "breaking"
        )


@pytest.mark.parametrize("form", ["html", "main"])
def test_a_required_member_inside_one_that_may_have_been_added_whole_warns(form: str) -> None:
    # CreateFleet's delta shows ContainerGroupsConfiguration as a dict of sketches: members
    # added to it, or (as the generator knew) the optional member added whole, in which
    # case its required members break nothing; a page alone cannot tell, so they warn
    name = f"gamelift-1.34.90-1.34.91.{form}" + (".gz" if form == "html" else ".txt.gz")
    result = CliRunner().invoke(app, ["compare", str(SITE / name), "--format", "json"])
    assert result.exit_code == 0, result.output
    inside = [
        c for c in json.loads(result.stdout)["changes"]
        if c["operation"] == "CreateFleet" and c["path"].startswith("ContainerGroupsConfiguration.")
    ]
    assert {c["path"] for c in inside} >= {
        "ContainerGroupsConfiguration.ConnectionPortRange.FromPort",
        "ContainerGroupsConfiguration.ContainerGroupDefinitionNames",
    }
    required = [c for c in inside if c["direction"] == "request" and "required" in c["message"]]
    assert len(required) == 3 and {c["severity"] for c in required} == {"warning"}
