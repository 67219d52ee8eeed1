"""`scripts/system-packages`, which `./scripts/start` and `./scripts/test` run first: as root it
installs the missing Debian packages with apt-get; otherwise it names them and fails."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "system-packages"


def _run(tmp_path: Path, kind: str, uid: int, installed: set[str]) -> subprocess.CompletedProcess[str]:
    """The script with fake dpkg-query, id and apt-get in front of PATH; apt-get logs its arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fakes = {
        "dpkg-query": 'case " ' + " ".join(installed) + ' " in *" ${@: -1} "*) echo \'install ok installed\';; '
        "*) exit 1;; esac",
        "id": f"echo {uid}",
        "apt-get": f'echo "$*" >> {tmp_path}/apt.log',
    }
    for name, body in fakes.items():
        (bin_dir / name).write_text(f"#!/usr/bin/env bash\n{body}\n")
        (bin_dir / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    env.pop("SYSTEM_PACKAGES", None)
    return subprocess.run(["bash", str(SCRIPT), kind], env=env, capture_output=True, text=True)


def test_root_installs_what_the_tests_miss(tmp_path: Path) -> None:
    done = _run(tmp_path, "test", 0, {"libpango-1.0-0", "libpangoft2-1.0-0", "fontconfig"})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "apt.log").read_text().splitlines() == [
        "update -q",
        "install -y -q --no-install-recommends chromium fonts-noto-cjk",
    ]


def test_nothing_is_installed_when_nothing_is_missing(tmp_path: Path) -> None:
    done = _run(tmp_path, "run", 0, {"libpango-1.0-0", "libpangoft2-1.0-0", "fontconfig"})
    assert done.returncode == 0 and not (tmp_path / "apt.log").exists()


@pytest.mark.parametrize(("kind", "missing"), [("run", "libpango-1.0-0"), ("test", "chromium fonts-noto-cjk")])
def test_not_root_it_says_what_to_install_and_fails(tmp_path: Path, kind: str, missing: str) -> None:
    installed = {"fontconfig", "libpangoft2-1.0-0"} | ({"libpango-1.0-0"} if kind == "test" else set())
    done = _run(tmp_path, kind, 1000, installed)
    assert done.returncode == 1 and not (tmp_path / "apt.log").exists()
    assert f"sudo apt-get install -y --no-install-recommends {missing}" in done.stderr
