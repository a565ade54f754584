"""The layers and import rule of ARCHITECTURE.md, checked by import-linter's contracts in pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"


def _contracts() -> list[dict[str, Any]]:
    contracts: list[dict[str, Any]] = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"][
        "contracts"]
    return contracts


def test_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    code = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert code == 0, f"import-linter found a broken contract:\n{report}"
    assert "KEPT" in report


def test_contracts_cover_the_import_rule() -> None:
    """Deleting a contract must not make the architecture test pass vacuously."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for c in _contracts():
        by_type.setdefault(c["type"], []).append(c)
    layers = by_type["layers"][0]["layers"]
    flat = " ".join(layers)
    for package in ("wuye_desktop.ui", "wuye_desktop.services", "wuye_desktop.storage", "wuye_desktop.domain"):
        assert package in flat
    assert flat.index("wuye_desktop.ui") < flat.index("wuye_desktop.services") < flat.index(
        "wuye_desktop.storage") < flat.index("wuye_desktop.domain")
    forbidden = {(tuple(c["source_modules"]), tuple(c["forbidden_modules"])) for c in by_type["forbidden"]}
    ui_rule = next(f for s, f in forbidden if s == ("wuye_desktop.ui",))
    assert {"wuye_desktop.storage", "sqlalchemy", "openpyxl", "reportlab"} <= set(ui_rule)
    qt_rule = next(f for s, f in forbidden if "PySide6" in f)
    assert qt_rule and any("wuye_desktop.services" in s for s, f in forbidden if f == qt_rule)
    domain_rule = next(f for s, f in forbidden if s == ("wuye_desktop.domain",))
    assert "sqlalchemy" in domain_rule
    assert by_type["independence"], "the tabs must be declared independent of each other"


def test_a_broken_contract_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The linter really fails on a violation: services do import storage, so forbidding it breaks."""
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "wuye_desktop"\n\n'
        '[[tool.importlinter.contracts]]\nname = "deliberately broken"\ntype = "forbidden"\n'
        'source_modules = ["wuye_desktop.services"]\nforbidden_modules = ["wuye_desktop.storage"]\n',
        encoding="utf-8")
    code = lint_imports(config_filename=str(config), no_cache=True, no_logo=True)
    out = capsys.readouterr().out
    assert code != 0
    assert "wuye_desktop.services" in out and "wuye_desktop.storage" in out
