"""Type checkers run over generated stub distributions, for the stub tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def pyright_errors(folder: Path) -> list[str]:
    """basedpyright in strict mode over every distribution under folder; its error lines."""
    dists = sorted(str(p) for p in folder.iterdir() if p.is_dir())
    (folder / "pyrightconfig.json").write_text(
        json.dumps({"typeCheckingMode": "strict", "pythonVersion": "3.10", "extraPaths": dists, "include": dists}),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "basedpyright", "--pythonpath", sys.executable, "-p", str(folder), "--outputjson"],
        capture_output=True, text=True, check=False,
    )
    report = json.loads(result.stdout)
    assert report["summary"]["filesAnalyzed"] > 0
    return [
        f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']}"
        for d in report["generalDiagnostics"]
        if d["severity"] == "error"
    ]
