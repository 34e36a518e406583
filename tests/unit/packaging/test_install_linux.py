"""packaging/install-linux.sh installs a bundle with its desktop integration and removes just that again."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "packaging" / "install-linux.sh"
APP_ID = "org.pdvault.PersonalDataVault"


def fake_bundle(path: Path) -> Path:
    """A folder shaped like dist/pdvault whose programs only print their name."""
    (path / "_internal").mkdir(parents=True)
    (path / "_internal" / "marker").write_text("x", encoding="utf-8")
    for name in ("pdvault", "pdvault-cli", "pdvault-org"):
        exe = path / name
        exe.write_text(f"#!/bin/sh\necho {name}\n", encoding="utf-8")
        exe.chmod(0o755)
    return path


def run_script(*args: str | Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HOME=str(home))
    return subprocess.run(
        ["bash", str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_install_then_uninstall(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "dist" / "pdvault")
    prefix = tmp_path / "prefix"
    r = run_script("--bundle", bundle, "--prefix", prefix, home=tmp_path)
    assert r.returncode == 0, r.stderr
    share = prefix / "share"
    for name in ("pdvault", "pdvault-cli", "pdvault-org"):
        link = prefix / "bin" / name
        assert link.is_symlink()
        assert subprocess.run([str(link)], capture_output=True, text=True, check=True).stdout.strip() == name
    assert (prefix / "lib" / "pdvault" / "_internal" / "marker").is_file()
    desktop = (share / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f"Exec={prefix}/bin/pdvault %U" in desktop.splitlines()
    assert f"TryExec={prefix}/bin/pdvault" in desktop.splitlines()
    assert f"Exec={prefix}/bin/pdvault --demo" in desktop.splitlines()  # the desktop action
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (share / "mime" / "packages" / f"{APP_ID}.xml").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (share / "icons" / "hicolor" / "48x48" / "mimetypes" / f"{APP_ID}-request.png").is_file()
    if shutil.which("update-mime-database"):
        assert "*.pdvreq" in (share / "mime" / "globs2").read_text(encoding="utf-8")
    if shutil.which("desktop-file-validate"):
        v = subprocess.run(
            ["desktop-file-validate", str(share / "applications" / f"{APP_ID}.desktop")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert v.returncode == 0, v.stdout
    if shutil.which("update-desktop-database"):
        cache = (share / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
        assert f"x-scheme-handler/pdv={APP_ID}.desktop" in cache

    # Someone else's program of the same name in bin/ (say, from pip) must survive the uninstall.
    (prefix / "bin" / "pdvault-org").unlink()
    (prefix / "bin" / "pdvault-org").write_text("#!/bin/sh\n", encoding="utf-8")
    r = run_script("--prefix", prefix, "--uninstall", home=tmp_path)
    assert r.returncode == 0, r.stderr
    assert not (prefix / "lib" / "pdvault").exists()
    assert not (prefix / "bin" / "pdvault").exists() and not (prefix / "bin" / "pdvault-cli").exists()
    assert (prefix / "bin" / "pdvault-org").is_file()
    assert not (share / "applications" / f"{APP_ID}.desktop").exists()
    assert not list((share / "icons").rglob(f"{APP_ID}*"))
    assert not (share / "mime" / "packages" / f"{APP_ID}.xml").exists()


def test_install_refuses_a_missing_bundle(tmp_path: Path) -> None:
    r = run_script("--bundle", tmp_path / "nothing", "--prefix", tmp_path / "p", home=tmp_path)
    assert r.returncode == 1 and "build it first" in r.stderr
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize("arg", ["--bogus", "-x"])
def test_install_rejects_unknown_options(tmp_path: Path, arg: str) -> None:
    r = run_script(arg, home=tmp_path)
    assert r.returncode == 2 and "usage" in r.stderr
