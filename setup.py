"""Build hook: ship the top-level rules/ and knowledge/ data inside the package (selector/_data/).

Everything else about the package is declared in setup.cfg.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_DIRS = ("rules", "knowledge")


class BuildWithData(build_py):
    def run(self):
        super().run()
        here = Path(__file__).resolve().parent
        for name in DATA_DIRS:
            target = Path(self.build_lib) / "selector" / "_data" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(here / name, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithData})
