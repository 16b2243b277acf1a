"""The server's shape (docs/architecture.md): layers without cycles, no borrowed private names,
no imports hidden inside functions in the domain layer, and only `actions` publish events."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = [ROOT / "server", ROOT / "moderation"]


def _modules() -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
        for package in PACKAGES
        for path in sorted(package.rglob("*.py"))
        if "migrations" not in path.parts
    ]


def test_import_linter_contracts_hold() -> None:
    """The contracts in pyproject.toml ([tool.importlinter]): transport -> actions -> db, the
    domain's modules in layers, moderation independent of the server."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "3 kept, 0 broken" in done.stdout, done.stdout[-2000:]


def test_no_module_imports_another_modules_private_names() -> None:
    borrowed = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.module}.{alias.name}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert borrowed == []


def test_no_imports_inside_functions_in_the_domain_layer() -> None:
    hidden = [
        f"{path.relative_to(ROOT)}:{inner.lineno}"
        for path, tree in _modules()
        if "actions" in path.parts
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for inner in ast.walk(node)
        if isinstance(inner, ast.Import | ast.ImportFrom)
    ]
    assert hidden == []


def test_only_the_events_module_publishes() -> None:
    """Events reach sockets through server/actions/events.py only (after the commit)."""
    publishers = sorted(
        str(path.relative_to(ROOT))
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in ("publish", "emit_local", "emit")
        and isinstance(node.value, ast.Attribute)
        and node.value.attr in ("bus", "sio")
    )
    assert set(publishers) <= {"server/actions/events.py", "server/bus.py"}, publishers


def test_message_new_is_built_in_one_place() -> None:
    builders = sorted(
        {
            str(path.relative_to(ROOT))
            for path, tree in _modules()
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value == "message.new"
        }
    )
    assert builders == ["server/actions/messages.py", "server/protocol.py"]
