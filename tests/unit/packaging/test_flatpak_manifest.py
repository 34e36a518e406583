"""The Flatpak manifest is not built here, so these checks keep it honest: IDs, files, permissions, pins."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[3]
FLATPAK = ROOT / "packaging" / "flatpak"
MANIFEST = FLATPAK / "org.pdvault.PersonalDataVault.yml"
APP_ID = "org.pdvault.PersonalDataVault"


def manifest_text() -> str:
    # PyYAML is not a project dependency; the manifest is simple enough to check line by line.
    return MANIFEST.read_text(encoding="utf-8")


def top(key: str) -> str:
    m = re.search(rf"^{re.escape(key)}: *'?([^'\n]+)'?$", manifest_text(), re.MULTILINE)
    assert m, f"{key} missing"
    return m.group(1).strip()


def finish_args() -> list[str]:
    block = manifest_text().split("finish-args:", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\s*- (--\S+)", block, re.MULTILINE)


def pins(name: str) -> dict[str, str]:
    out = {}
    for line in (FLATPAK / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            req = Requirement(line)
            (spec,) = req.specifier
            assert spec.operator == "==", f"{line}: flatpak sources need exact pins"
            out[req.name.lower()] = spec.version
    return out


def test_manifest_ids_and_command_match_the_app() -> None:
    assert top("id") == APP_ID
    assert top("command") == "pdvault"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "pdvault" in project["gui-scripts"]
    # The base app's branch must match the runtime's: it is PySide6 built against exactly that Qt.
    assert top("runtime") == "org.kde.Platform" and top("base") == "io.qt.PySide.BaseApp"
    assert top("runtime-version") == top("base-version")


def test_sandbox_permissions_stay_minimal() -> None:
    args = finish_args()
    assert set(args) == {
        "--share=ipc",
        "--socket=wayland",
        "--socket=fallback-x11",
        "--device=dri",
    }
    assert not [a for a in args if a.startswith(("--filesystem", "--share=network", "--socket=x11"))]


def test_files_the_manifest_installs_exist() -> None:
    text = manifest_text().replace("${FLATPAK_ID}", APP_ID)
    for rel in re.findall(r"\b(resources/[\w./-]+)", text):
        assert (ROOT / rel).exists(), f"manifest installs {rel}, which does not exist"
    assert "/app/cleanup-BaseApp.sh" in text  # required by the base app


def test_pins_cover_every_runtime_dependency_and_satisfy_pyproject() -> None:
    pure, native = pins("requirements-pure.txt"), pins("requirements-native.txt")
    assert not set(pure) & set(native)
    pinned = pure | native
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for dep in map(Requirement, project["dependencies"]):
        name = dep.name.lower()
        if name.startswith("pyside6"):
            # provided by io.qt.PySide.BaseApp, whose branch is the PySide6 (and Qt) minor version
            base = top("base-version")
            assert dep.specifier.contains(f"{base}.0"), f"io.qt.PySide.BaseApp {base} does not satisfy {dep}"
            continue
        assert name in pinned, f"{dep.name} is a dependency but not in the Flatpak requirements"
        assert dep.specifier.contains(pinned[name]), f"{dep.name}=={pinned[name]} does not satisfy {dep}"
    # The native packages are the ones shipped as wheels; their pure dependencies are pinned too.
    assert {"cryptography", "cffi", "sqlcipher3", "orjson"} == set(native)
    assert {"pycparser"} <= set(pure)
