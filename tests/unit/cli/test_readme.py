"""The README runs as written: every ``sh`` block of README.md, verbatim and in order, in one shell in a
temporary home (password from the environment), as a person pasting them into a terminal would. A block that
needs a person or a screen is marked in the README with ``<!-- readme-test: skip (why) -->`` right before it
and is reported here as skipped with that reason."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
README = ROOT / "README.md"
FENCE = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)
MARK = re.compile(r"<!--\s*readme-test:\s*skip\s*\((.*)\)\s*-->\s*$")


@dataclass(frozen=True)
class Block:
    number: int
    line: int
    code: str
    skip: str | None


def blocks(text: str) -> list[Block]:
    out = []
    for n, m in enumerate(FENCE.finditer(text), 1):
        before = text[: m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        mark = MARK.search(before)
        out.append(Block(n, text.count("\n", 0, m.start()) + 1, m.group(1), mark.group(1) if mark else None))
    return out


BLOCKS = blocks(README.read_text(encoding="utf-8"))


def test_the_readme_has_its_blocks_and_keeps_its_two_top_commands() -> None:
    assert len(BLOCKS) >= 8
    first = BLOCKS[0].code.splitlines()
    assert first[0].startswith("./scripts/run-app.sh ") and first[1].startswith("./scripts/test.sh ")
    assert sum(b.skip is None for b in BLOCKS) >= 3


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[bool, str]]:
    """Run every unmarked block in one bash, in order; per block: (ran to the end, output so far)."""
    home = tmp_path_factory.mktemp("readme-home")
    work = home / "work"
    work.mkdir()
    runnable = [b for b in BLOCKS if b.skip is None]
    script = ["set -eo pipefail"]
    for b in runnable:
        (home / f"block{b.number}.sh").write_text(b.code)
        script += [f"echo '>>> README block {b.number} (line {b.line})'", f"source {home}/block{b.number}.sh",
                   f"echo '<<< done {b.number}'"]
    bin_dir = str(Path(sys.executable).parent)  # pdvault-cli and pdvault-org of this checkout's venv
    env = {k: v for k, v in os.environ.items() if not k.startswith("PDVAULT")}
    env.update(HOME=str(home), PATH=bin_dir + os.pathsep + env.get("PATH", ""), LANG="C.UTF-8",
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CONFIG_HOME=str(home / ".config"),
               PDVAULT_CONFIG=str(home / ".config/pdvault"), PDVAULT_PASSWORD="correct horse battery staple")
    proc = subprocess.run(["bash", "-c", "\n".join(script)], cwd=work, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    assert "correct horse battery staple" not in out
    return {b.number: (f"<<< done {b.number}" in proc.stdout, out) for b in runnable}


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{b.number}-line{b.line}" for b in BLOCKS])
def test_readme_block_runs_as_written(block: Block, run: dict[int, tuple[bool, str]]) -> None:
    if block.skip is not None:
        pytest.skip(f"README block {block.number} (line {block.line}): {block.skip}")
    done, out = run[block.number]
    assert done, f"README block {block.number} (line {block.line}) failed:\n{out[-4000:]}"


def test_the_readme_example_does_what_it_says(run: dict[int, tuple[bool, str]]) -> None:
    out = next(iter(run.values()))[1]
    assert "Preview (nothing signed, nothing written)" in out
    assert '"valid": true' in out  # the shop opened the grant before the revocation...
    assert "the shop sees that the grant is revoked (exit code 12)" in out  # ...and saw it revoked after
    assert "profile" in out and "Signed revocation notice" in out
