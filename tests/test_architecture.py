"""The package boundaries the README's Architecture section promises: imports run one way
(cli → crawl → extraction / corpus), the engine never imports the mirror or reads test data or
anything outside the repository, and
every module of the engine is named in the README's tree."""

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT

ENGINE = ROOT / "humas_crawler"
# What each package may import from the project (besides itself and the leaf modules).
LEAVES = {"humas_crawler", "humas_crawler.fields", "humas_crawler.items",
          "humas_crawler.settings"}
ALLOWED = {
    "extraction": set(),
    "corpus": set(),
    "crawl": {"extraction", "corpus"},
    "evaluation": {"extraction", "crawl", "corpus"},
    "cli": {"crawl", "extraction", "corpus", "evaluation"},
}
# Top-level modules that are entry points rather than leaves: the Python API and `python -m`.
ENTRY_POINTS = {"__init__.py": {"extraction"}, "__main__.py": {"cli"}}


def engine_modules():
    return sorted(p for p in ENGINE.rglob("*.py") if "__pycache__" not in p.parts)


def package_of(path: Path) -> str | None:
    parts = path.relative_to(ENGINE).parts
    return parts[0] if len(parts) > 1 else None


def project_imports(path: Path) -> set[str]:
    """Absolute module names of the project's own that the module imports, anywhere in it."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n.split(".")[0] in ("humas_crawler", "humas_mirror", "spiders", "tests")}


@pytest.mark.parametrize("path", engine_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_run_one_way(path):
    own = package_of(path)
    for name in project_imports(path):
        assert not name.startswith(("humas_mirror", "spiders", "tests")), f"{path.name} imports {name}"
        parts = name.split(".")
        target = parts[1] if len(parts) > 1 and (ENGINE / parts[1]).is_dir() else None
        if target is None or target == own:
            continue
        if own is None and target in ENTRY_POINTS.get(path.name, ()):
            continue
        if own is None:  # a leaf module: it may import no package
            assert name in LEAVES or name.rsplit(".", 1)[0] in LEAVES, f"leaf {path.name} imports {name}"
            continue
        assert target in ALLOWED[own], f"{own}/{path.name} imports {name}: {own} may import {ALLOWED[own] or 'none'}"


def string_constants(path: Path) -> list[str]:
    return [node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


@pytest.mark.parametrize("path", engine_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_engine_reads_no_test_data_and_nothing_outside_the_repository(path):
    """An installed engine finds neither tests/ nor a folder beside the checkout: data comes in as
    arguments (humas eval --data PATH)."""
    for text in string_constants(path):
        assert "../" not in text and text != "..", f"{path.name} names a path outside the repository: {text!r}"
        assert text != "tests" and not text.startswith("tests/"), f"{path.name} names tests/: {text!r}"


def architecture_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    return section.split("```", 2)[1]


@pytest.mark.parametrize(
    "path", [p for p in engine_modules() if p.name != "__init__.py"] + sorted(ENGINE.rglob("*.toml")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_every_engine_module_is_in_the_readme_tree(path):
    assert re.search(rf"(?<![\w.]){re.escape(path.name)}\b", architecture_block()), \
        f"{path.relative_to(ROOT)} is not in README's Architecture tree"


def test_the_readme_tree_names_only_files_that_exist():
    block = architecture_block()
    named = set(re.findall(r"[\w]+\.(?:py|toml)\b", block))
    existing = {p.name for p in ROOT.rglob("*") if p.suffix in (".py", ".toml") and ".venv" not in p.parts}
    assert named <= existing, f"README names files that do not exist: {sorted(named - existing)}"
