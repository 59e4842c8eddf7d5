"""The package's shape: no import cycles between modules, lazy imports included.

import-linter (run by the test command, contracts in pyproject.toml) checks the layers and
cycles between sibling packages; this test adds what it does not: a cycle between two
modules anywhere in the package, whether the imports are at the top of the file, inside a
function or under TYPE_CHECKING.
"""

from __future__ import annotations

import grimp


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    modules = sorted(m for m in graph.modules if m.startswith("station_app"))
    edges = {
        m: sorted(
            i for i in graph.find_modules_directly_imported_by(m) if i.startswith("station_app")
        )
        for m in modules
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for root in modules:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = edges[node]
            if position < len(targets):
                work.append((node, position + 1))
                target = targets[position]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return groups


def test_the_cycle_finder_sees_a_cycle_through_a_lazy_import() -> None:
    graph = grimp.ImportGraph()
    for name in ("station_app", "station_app.a", "station_app.b", "station_app.c"):
        graph.add_module(name)
    graph.add_import(importer="station_app.a", imported="station_app.b")
    graph.add_import(importer="station_app.b", imported="station_app.c")
    graph.add_import(importer="station_app.c", imported="station_app.a")
    assert _cycles(graph) == [["station_app.a", "station_app.b", "station_app.c"]]


def test_no_module_imports_itself_back_through_others() -> None:
    graph = grimp.build_graph("station_app", cache_dir=None)
    assert _cycles(graph) == []
