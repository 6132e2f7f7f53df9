"""The layers, checked: every import (lazy ones inside functions included) between the project's
packages must be an edge of ``ALLOWED``, and no two modules may import each other, directly or
around a loop. The picture (bottom up) is in docs/ARCHITECTURE.md.

A new package or a new module of the worker runtime gets a line here: the failure message says
which edge or module is missing."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# the packages, bottom up
PACKAGES = ("streams", "index", "teacher", "workers", "standin", "training", "mentionflow", "bench", "eval")

# what a worker process runs: settings -> component configs -> model loading -> the faust app. It
# never imports a command module (the rest of ``mentionflow``: the CLI, benches, demo, stack).
RUNTIME = frozenset({
    "mentionflow", "mentionflow.settings", "mentionflow.configs", "mentionflow.logs", "mentionflow.retrieval_embedded", "mentionflow.retrieval_opensearch",
    "mentionflow.registry", "mentionflow.pipeline", "mentionflow.app", "mentionflow.metrics", "mentionflow.ops", "mentionflow.components",
})

_BELOW_WIRING = {"streams", "index", "teacher", "workers", "training"}
ALLOWED: dict[str, set[str]] = {
    "streams": set(),                                        # the contract: schemas, codec, topics, DLQ
    "index": {"streams"},                                    # KB, sources, retrieval backends, cache
    "teacher": {"streams"},                                  # the teacher client (pure + HTTP shell)
    "workers": {"streams", "index", "teacher"},              # models and stages (transforms + agents)
    "standin": {"streams", "index", "teacher", "workers"},   # the stand-in teacher server (uses the models)
    "training": {"streams", "index", "teacher", "workers"},  # datasets, students, calibration
    "mentionflow.runtime": _BELOW_WIRING,                     # wiring: settings turned into components
    "mentionflow.commands": _BELOW_WIRING | {"standin", "mentionflow.runtime"},  # the CLI and its commands
    "bench": {"index"},                                      # engine comparisons (standalone scripts)
    "eval": {"index", "training", "mentionflow.runtime"},    # the annotators' tools (read the KB by settings; the
                                                             # newswire body cleaner training shares)
}


def _modules() -> dict[str, Path]:
    mods = {}
    for pkg in PACKAGES:
        for f in (ROOT / pkg).rglob("*.py"):
            parts = f.relative_to(ROOT).with_suffix("").parts
            mods[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = f
    return mods


def _type_only(tree: ast.Module) -> set[int]:
    """Ids of the import nodes under ``if TYPE_CHECKING:`` (annotations only: never run)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            out.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return out


def _imports(path: Path, known: dict[str, Path], runtime_only: bool = False) -> set[str]:
    """The project modules ``path`` imports (``from a import b`` counts ``a.b`` when it is a module);
    ``runtime_only``: leave out the imports for annotations (``if TYPE_CHECKING:``)."""
    out = set()
    tree = ast.parse(path.read_text(), str(path))
    skip = _type_only(tree) if runtime_only else set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        out.update(n for n in names if n in known)
    return out


def layer_of(module: str) -> str:
    top = module.split(".")[0]
    if top != "mentionflow":
        return top
    return "mentionflow.runtime" if module in RUNTIME else "mentionflow.commands"


MODULES = _modules()
GRAPH = {m: _imports(f, MODULES) - {m} for m, f in MODULES.items()}  # layers: every import counts
RUNTIME_GRAPH = {m: _imports(f, MODULES, runtime_only=True) - {m} for m, f in MODULES.items()}


def test_layers_every_package_is_in_the_table():
    assert set(PACKAGES) <= {k.split(".")[0] for k in ALLOWED}
    assert {m.split(".")[0] for m in MODULES} == set(PACKAGES)
    assert set(MODULES) >= RUNTIME, f"RUNTIME names modules that do not exist: {sorted(RUNTIME - set(MODULES))}"


def test_layers_imports_follow_the_allowed_edges():
    bad = defaultdict(list)
    for m, targets in GRAPH.items():
        for t in targets:
            a, b = layer_of(m), layer_of(t)
            if a != b and b not in ALLOWED[a]:
                bad[f"{a} -> {b}"].append(f"{m} imports {t}")
    assert not bad, "imports against the layers (tests/unit/test_layers.py ALLOWED):\n" + "\n".join(
        f"  {edge}: {', '.join(sorted(why))}" for edge, why in sorted(bad.items()))


def test_layers_allowed_edges_form_no_cycle():
    seen: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, f"ALLOWED has a cycle: {' -> '.join(path + (node,))}"
        if node in seen:
            return
        for nxt in ALLOWED[node]:
            visit(nxt, path + (node,))
        seen.add(node)

    for node in ALLOWED:
        visit(node, ())


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    x = stack.pop()
                    on.discard(x)
                    comp.append(x)
                    if x == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def test_layers_no_module_import_cycle():
    # a package imports its own submodules from __init__; that is a parent-child edge, not a loop.
    # An annotation-only import (a protocol naming the value its methods return) is no loop either.
    graph = {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in RUNTIME_GRAPH.items()}
    assert not _cycles(graph), f"modules importing each other: {_cycles(graph)}"


@pytest.mark.parametrize("graph, cycles", [
    ({"a": {"b"}, "b": {"a"}, "c": set()}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
])
def test_layers_cycle_finder_finds_loops(graph, cycles):
    assert _cycles(graph) == cycles


def test_layers_checker_sees_an_upward_import():
    assert "workers" not in ALLOWED["teacher"] and "mentionflow.commands" not in ALLOWED["mentionflow.runtime"]
    assert layer_of("mentionflow.cli") == "mentionflow.commands" and layer_of("mentionflow.app") == "mentionflow.runtime"
