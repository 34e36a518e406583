"""`pip install .` from a clean checkout: the wheel carries the three commands and every runtime resource.

The wheel is built from a copy of the files git would commit (tracked plus untracked-but-not-ignored), which
is what a clean checkout of the current tree holds, so ignored build outputs cannot hide a packaging mistake.
It is built once per test session with pip (the build backend comes from the package index, as for any
user's install).
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
APP_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Tell-tale words of a build that failed only because no package index could be reached.
OFFLINE_HINTS = (
    "No matching distribution found for setuptools",
    "Could not find a version that satisfies",
    "NewConnectionError",
    "Temporary failure in name resolution",
)


def checkout_files() -> list[str]:
    r = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
    )
    if r.returncode != 0:
        pytest.skip("not a git checkout: cannot tell which files a clean checkout holds")
    # Files deleted from the work tree but still in the index would break the copy.
    return [f for f in r.stdout.decode().split("\0") if f and (ROOT / f).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    src = tmp_path_factory.mktemp("checkout")
    for rel in checkout_files():
        dest = src / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest)
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if r.returncode != 0 and any(h in r.stdout + r.stderr for h in OFFLINE_HINTS):
        pytest.skip("no package index reachable to fetch the build backend (setuptools)")
    assert r.returncode == 0, r.stdout + r.stderr
    wheels = list(out.glob("personal_data_vault-*.whl"))
    assert len(wheels) == 1, wheels
    yield wheels[0]


def names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        return set(z.namelist())


def test_wheel_declares_the_three_commands(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        ep_name = next(n for n in z.namelist() if n.endswith(".dist-info/entry_points.txt"))
        cp = configparser.ConfigParser()
        cp.optionxform = str  # type: ignore[assignment,method-assign]
        cp.read_string(z.read(ep_name).decode())
    assert dict(cp["console_scripts"]) == {
        "pdvault-cli": "vault_app.cli.entry:main",
        "pdvault-org": "vault_app.cli.org:main",
    }
    assert dict(cp["gui_scripts"]) == {"pdvault": "vault_app.app:main"}


def test_wheel_ships_icons(wheel: Path) -> None:
    got = names(wheel)
    expected = {"vault_app/resources/icons/app.svg"} | {
        f"vault_app/resources/icons/app-{n}.png" for n in APP_SIZES
    }
    assert expected <= got, sorted(expected - got)


def test_wheel_ships_every_migration(wheel: Path) -> None:
    sql = {
        p.relative_to(ROOT).as_posix() for p in (ROOT / "vault_app" / "storage" / "migrations").glob("*.sql")
    }
    assert sql, "no migrations in the tree"
    assert sql <= names(wheel), sorted(sql - names(wheel))


def test_wheel_ships_every_runtime_resource(wheel: Path) -> None:
    """Whatever lies under vault_app/resources/ (icons, translations, anything added later) is in it."""
    res = {f for f in checkout_files() if f.startswith("vault_app/resources/") and "__pycache__" not in f}
    assert res <= names(wheel), sorted(res - names(wheel))


def test_wheel_ships_compiled_translations(wheel: Path) -> None:
    sources = [Path(f) for f in checkout_files() if f.startswith("vault_app/") and f.endswith((".ts", ".qm"))]
    if not sources:
        pytest.skip("no translations (.ts/.qm) in vault_app/ yet")
    # Qt loads .qm files at run time; a .ts source alone is useless to users, so each needs its .qm shipped.
    want = {p.with_suffix(".qm").as_posix() for p in sources}
    got = names(wheel)
    assert want <= got, f"translations without a compiled .qm in the wheel: {sorted(want - got)}"


def test_installed_wheel_runs_and_finds_its_resources(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    for cmd in ("pdvault", "pdvault-cli", "pdvault-org"):
        assert (target / "bin" / cmd).is_file(), f"{cmd} script not installed"
    # PYTHONPATH puts the installed copy ahead of the development checkout, which the test then confirms; the
    # working directory is elsewhere because `python -c` puts it first on sys.path.
    env = dict(os.environ, PYTHONPATH=str(target))
    probe = (
        "import importlib.resources as r, vault_app; "
        "print(vault_app.__file__); "
        "print(len(r.files('vault_app').joinpath('resources/icons/app-32.png').read_bytes()))"
    )
    r = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    where, size = r.stdout.split()
    assert Path(where).is_relative_to(target) and int(size) > 100
    r = subprocess.run(
        [sys.executable, str(target / "bin" / "pdvault-cli"), "--version"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert r.returncode == 0 and r.stdout.strip() == f"pdvault-cli {version()}", r.stdout + r.stderr
    # The desktop app's entry point from the wheel: imports the GUI package and starts Qt (offscreen).
    r = subprocess.run(
        [sys.executable, str(target / "bin" / "pdvault"), "--version"],
        env=dict(env, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        check=False,
    )
    assert r.returncode == 0 and r.stdout.strip() == f"pdvault {version()}", r.stdout + r.stderr


def test_installed_pdvault_org_runs(wheel: Path, tmp_path: Path) -> None:
    if not (ROOT / "vault_app" / "cli" / "org.py").is_file():
        pytest.skip("vault_app/cli/org.py (pdvault-org) does not exist yet")
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    r = subprocess.run(
        [sys.executable, str(target / "bin" / "pdvault-org"), "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert r.returncode == 0 and "pdvault-org" in r.stdout, r.stdout + r.stderr


def version() -> str:
    import vault_app

    return vault_app.__version__
