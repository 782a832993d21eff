"""pyproject.toml and environment.yml name the same dependencies; the wheel carries the embedded data."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

# PyPI name -> conda-forge name, where the two differ.
CONDA_NAMES = {
    "matplotlib": "matplotlib-base",
    "duckdb": "python-duckdb",
    "types-pyyaml": "types-pyyaml",
}
# On PyPI only: these live in the pip: section of environment.yml.
PIP_ONLY = {"duckdb-ext-spatial"}


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        wanted += extra
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda: dict[str, str] = {}
    pip: dict[str, str] = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for item in dep["pip"]:
                name, spec = _split(item)
                pip[name] = spec
        else:
            name, spec = _split(dep)
            conda[name] = spec
    problems = []
    for requirement in wanted:
        name, spec = _split(requirement)
        if name in PIP_ONLY:
            if pip.get(name) != spec:
                problems.append(f"pip: {name}{spec} (environment.yml has {pip.get(name)!r})")
            continue
        conda_name = CONDA_NAMES.get(name, name)
        if conda.get(conda_name) != spec:
            problems.append(f"{conda_name}{spec} (environment.yml has {conda.get(conda_name)!r})")
    known = {CONDA_NAMES.get(_split(r)[0], _split(r)[0]) for r in wanted} | {"python", "pip"}
    problems += [f"{name} is in environment.yml only" for name in conda if name not in known]
    assert not problems, "environment.yml is out of step with pyproject.toml:\n" + "\n".join(
        problems
    )


def test_wheel_ships_the_embedded_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"] == {
        "data": "wijkassets/_data"
    }
    assert (ROOT / "data" / "SOURCES.md").is_file()


def test_data_sources_name_every_embedded_file() -> None:
    sources = (ROOT / "data" / "SOURCES.md").read_text()
    assert "Bron: CBS" in sources
    for path in (ROOT / "data").rglob("*"):
        if path.is_file() and path.name != "SOURCES.md":
            stem = path.parent.name if path.parent.name.endswith("_buurten") else path.name
            # files named as a {a,b} pattern in the table count too
            pattern = re.sub(r"_(buurt|wijk|gemeente)_", "_{buurt,wijk,gemeente}_", stem)
            assert stem in sources or pattern in sources, (
                f"data/SOURCES.md does not describe {path.relative_to(ROOT)}"
            )


def test_project_never_reads_shared() -> None:
    for path in [
        *ROOT.glob("wijkassets/**/*.py"),
        *ROOT.glob("tests/**/*.py"),
        *ROOT.glob("notebooks/*.ipynb"),
        *ROOT.glob("bench/**/*.py"),
        ROOT / "Makefile",
    ]:
        text = path.read_text(encoding="utf-8")
        assert "../" + "shared" not in text, path


def test_sdist_ships_what_make_test_reads() -> None:
    """An unpacked sdist runs `make test` like a clone: every folder lint and the tests read is included."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = set(config["tool"]["hatch"]["build"]["targets"]["sdist"]["include"])
    makefile = (ROOT / "Makefile").read_text()
    lint = re.search(r"ruff check (.+)", makefile)
    assert lint, "Makefile has no 'ruff check' line"
    folders = {*lint.group(1).split(), "tests", "notebooks", "data"}
    missing = sorted(f for f in folders if f"/{f}" not in include)
    assert not missing, (
        f"the sdist leaves out {missing}; add them to [tool.hatch.build.targets.sdist]"
    )


def test_ci_installs_the_tools_the_tests_require() -> None:
    """.ci/run installs each Debian package the tool fixtures name, and the emoji font the print tests check."""
    ci = (ROOT / ".ci" / "run").read_text()
    packages = re.search(r"PACKAGES=\(([^)]*)\)", ci)
    assert packages, ".ci/run has no PACKAGES=(...) list"
    installed = set(packages.group(1).split())
    conftest = (ROOT / "tests" / "conftest.py").read_text()
    needed = set(re.findall(r'_need_tool\("[^"]+", "([^"]+)"\)', conftest))
    assert needed >= {"chromium", "poppler-utils"}, needed
    needed |= {"fonts-symbola", "python3-venv", "make"}
    assert not needed - installed, f".ci/run does not install {sorted(needed - installed)}"
    assert "export WIJKASSETS_REQUIRE_TOOLS=1" in ci
    assert re.search(r"^(exec )?make test$", ci, re.MULTILINE)
