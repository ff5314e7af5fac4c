"""The model hub uses only Bach's public API (issue 6, DESIGN.md "Layers and extension").

"Public" means:

* a name in ``objectiv_bach.__all__`` (``from objectiv_bach import DataFrame``);
* a name in the ``__all__`` of a documented public module: :mod:`objectiv_bach.extension` (the
  extension API), :mod:`objectiv_bach.partitioning` and :mod:`objectiv_bach.errors`, or one of
  the dialect registry's names (the ``__all__`` of :mod:`objectiv_bach.dialects`), and the
  progress helpers of :mod:`objectiv_bach.progress` (see docs/extending.md).

Everything else (``objectiv_bach.plan``, ``.expressions``, ``.types``, ``.backends``,
``.series.*``, any ``_name``) is internal: the model hub must not import it, nor reach into
Bach objects' private attributes (``._derived``, ``._from_node``, ``.fget``), nor build windows
from raw ``.expression``.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import objectiv_bach
import objectiv_bach.dialects
import objectiv_bach.extension
import objectiv_bach.progress
import objectiv_modelhub

MODELHUB = Path(objectiv_modelhub.__file__).resolve().parent
BACH = Path(objectiv_bach.__file__).resolve().parent

#: documented public modules of Bach besides the package itself, and their public names
PUBLIC_MODULES: dict[str, set[str]] = {
    "objectiv_bach": set(objectiv_bach.__all__),
    "objectiv_bach.extension": set(objectiv_bach.extension.__all__),
    "objectiv_bach.partitioning": {
        "GroupBy",
        "SortColumn",
        "Window",
        "WindowFrameBoundary",
        "WindowFrameMode",
    },
    "objectiv_bach.errors": {
        n for n in dir(importlib.import_module("objectiv_bach.errors")) if n.endswith("Error")
    },
    "objectiv_bach.dialects": set(objectiv_bach.dialects.__all__),
    "objectiv_bach.progress": set(objectiv_bach.progress.__all__),
}

#: internal names the model hub still imports, each until the public replacement lands. The
#: test fails when an entry is no longer used, so the list only shrinks.
PENDING: dict[tuple[str, str], str] = {}

#: attributes that are never the public way, whatever object they are read from
FORBIDDEN_ATTRIBUTES = {
    "fget": "a property's getter: use the property",
    "expression": "a Series' raw SQL expression: use Series methods, and windows from "
    "df.sort_values(...).groupby(...).window()",
}


def _bach_private_attributes() -> set[str]:
    """``_name`` attributes and methods that Bach's own classes define."""
    names: set[str] = set()
    for path in BACH.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                name = node.name
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                name = node.attr
            else:
                continue
            if name.startswith("_") and not name.startswith("__"):
                names.add(name)
    return names


def _violations(source: str, where: str, private: set[str]) -> tuple[list[str], set]:
    problems: list[str] = []
    pending_used: set[tuple[str, str]] = set()
    tree = ast.parse(source)
    own = {
        n.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store)
    }
    own |= {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("objectiv_bach") and alias.name not in PUBLIC_MODULES:
                    problems.append(
                        f"{where}:{node.lineno}: import {alias.name} (not a public module)"
                    )
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("objectiv_bach"):
            module = node.module or ""
            for alias in node.names:
                if (module, alias.name) in PENDING:
                    pending_used.add((module, alias.name))
                elif module not in PUBLIC_MODULES:
                    problems.append(
                        f"{where}:{node.lineno}: from {module} import {alias.name} "
                        "(not a public module)"
                    )
                elif alias.name not in PUBLIC_MODULES[module]:
                    problems.append(
                        f"{where}:{node.lineno}: from {module} import {alias.name} "
                        f"(not a public name of {module})"
                    )
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            if node.attr in FORBIDDEN_ATTRIBUTES:
                problems.append(
                    f"{where}:{node.lineno}: .{node.attr}: {FORBIDDEN_ATTRIBUTES[node.attr]}"
                )
            elif node.attr in private and node.attr not in own:
                problems.append(
                    f"{where}:{node.lineno}: .{node.attr} (a private attribute of Bach)"
                )
    return problems, pending_used


def test_modelhub_imports_only_public_bach_names():
    private = _bach_private_attributes()
    problems: list[str] = []
    pending_used: set[tuple[str, str]] = set()
    for path in sorted(MODELHUB.rglob("*.py")):
        found, used = _violations(path.read_text(), str(path.relative_to(MODELHUB.parent)), private)
        problems += found
        pending_used |= used
    assert problems == []
    stale = sorted(set(PENDING) - pending_used)
    assert stale == [], f"no longer imported: remove {stale} from PENDING"


def test_the_check_finds_what_it_must():
    """The checker itself: each kind of violation in a made-up module is reported."""
    source = "\n".join(
        [
            "from objectiv_bach import DataFrame, Series",
            "from objectiv_bach.extension import apply_function",
            "from objectiv_bach.plan.nodes import TableSource",
            "from objectiv_bach import expressions as bx",
            "from objectiv_bach.errors import InvalidArgumentError, _helper",
            "import objectiv_bach.types",
            "df = DataFrame._from_node(None, node, [], [])",
            "s = series._derived(node, 'json')",
            "t = SeriesJson.json.fget(s)",
            "w = Window(partition=(df.user_id.expression,))",
        ]
    )
    problems, _ = _violations(source, "m.py", _bach_private_attributes())
    text = "\n".join(problems)
    assert len(problems) == 8, text
    for expected in (
        "plan.nodes import TableSource",
        "import expressions",
        "import _helper",
        "import objectiv_bach.types",
        "._from_node",
        "._derived",
        ".fget",
        ".expression",
    ):
        assert expected in text, expected
    assert "DataFrame" not in text and "apply_function" not in text


def test_objectiv_bach_knows_nothing_about_objectiv():
    words = (
        "objectiv_modelhub",
        "nice_name",
        "nicename",
        "location_stack",
        "locationstack",
        "global_context",
        "globalcontext",
        "feature_stack",
        "objectivnicename",
    )
    offenders = []
    for path in sorted(BACH.rglob("*.py")):
        text = path.read_text().lower()
        # the package's own name is not an Objectiv concept
        text = text.replace("objectiv_bach", "")
        offenders += [f"{path.name}: {w}" for w in words if w in text]
    assert offenders == []


def test_modelhub_functions_have_a_rendering_for_every_dialect():
    from objectiv_bach.extension import missing_renderings

    missing = [(f, d) for f, d in missing_renderings() if f.startswith("objectiv_modelhub.")]
    assert missing == []
