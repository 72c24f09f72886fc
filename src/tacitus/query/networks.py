"""The actor network: who acts on whom, as a networkx graph of actors (or countries) and dyads,
its most central nodes, and the graph written as GraphML or GEXF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import networkx as nx
import pandas as pd

from tacitus.errors import OptionError
from tacitus.query.filters import QUAD_CLASS_COLUMNS, EventFilter, check_limit
from tacitus.query.references import country_names, resolve_actor
from tacitus.query.sql import Where, indexed
from tacitus.query.tally_counts import tally_counts
from tacitus.store import Store


def _edge_colour(goldstein_mean: float) -> str:
    if goldstein_mean >= 1:
        return "#2b8a3e"
    if goldstein_mean <= -1:
        return "#c92a2a"
    return "#868e96"


DEFAULT_NETWORK_TOP = 100


def network(
    store: Store,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    level: str = "actor",
    *,
    actor: str | int | None = None,
    min_events: int = 1,
    limit: int | None = None,
    top: int | None = DEFAULT_NETWORK_TOP,
) -> nx.DiGraph:
    """Who acts on whom: a directed graph with actors (or countries) as nodes and dyads as edges.

    Nodes carry ``label``, ``kind``, ``code``, ``country``, ``sector``, ``events``; edges carry
    ``weight`` (event count), ``goldstein_mean``, ``goldstein_sum``, one count per QuadClass
    and a ``color`` (green cooperative, red conflictual, grey neutral). ``actor`` keeps only
    that actor's edges; ``limit`` keeps the heaviest edges. ``top`` keeps the ``top`` busiest
    nodes (by events in the period, as source or target) and the edges among them, so that a
    network over millions of events stays readable and quick; ``top=None`` keeps every node.
    The graph's ``nodes_total`` attribute tells how many nodes there were before that cut.
    """
    if level not in ("actor", "country"):
        raise OptionError("level", f"{level!r} is not a network level; use actor or country")
    if top is not None and (not isinstance(top, int) or top < 1):
        raise OptionError("top", f"{top!r} must be a whole number >= 1 (or None for every node)")
    filters = EventFilter(actor=actor, start=start, end=end).where(store)
    where = Where(list(filters.clauses), list(filters.params))
    if level == "actor":
        where.add("e.target_actor_id IS NOT NULL")
        columns = ("e.source_actor_id", "e.target_actor_id")
        index = "events_pair"
    else:
        where.add("e.source_country IS NOT NULL AND e.target_country IS NOT NULL")
        columns = ("e.source_country", "e.target_country")
        index = "events_dyad"
    # Over the whole store, read the pair index in order: grouping needs no sort and no table.
    narrowed = any(v is not None and str(v).strip() for v in (actor, start, end))
    hint = "" if narrowed else indexed(store, index)
    nodes_total: int | None = None
    busiest_kept: list[Any] = []
    if top is not None and level == "actor":
        only_dates = actor is None or not str(actor).strip()
        busiest, nodes_total = _busiest_nodes(store, where, top, whole_store=not narrowed, scan=only_dates)
        busiest_kept = busiest
        if nodes_total > top:
            # Pairs of busy actors: one step into the pair index per pair, dates checked there.
            marks = ",".join("?" * len(busiest))
            where = Where(list(filters.clauses), list(filters.params))
            where.add(f"{columns[0]} IN ({marks}) AND {columns[1]} IN ({marks})", *busiest, *busiest)
            hint = "" if actor is not None and str(actor).strip() else indexed(store, index)
    sql = (
        f"SELECT {columns[0]}, {columns[1]}, count(*) AS weight, avg(e.goldstein), sum(e.goldstein),"
        " sum(e.quad_class = 1), sum(e.quad_class = 2), sum(e.quad_class = 3), sum(e.quad_class = 4)"
        f" FROM events e {hint} WHERE {where.sql()} GROUP BY 1, 2 HAVING count(*) >= ?"
        " ORDER BY weight DESC, 1, 2 LIMIT ?"
    )
    params = [*where.params, max(1, int(min_events))]
    pairs = _country_pairs(store) if level == "country" and not narrowed else None
    only_actor = actor is not None and str(actor).strip() and not any(v is not None and str(v).strip() for v in (start, end))
    if level == "country" and only_actor:
        ref = resolve_actor(store, str(actor))
        if ref.kind == "country":
            # One country's network over the whole store: its pairs in the tallies, no pass over its events.
            every = _country_pairs(store)
            if every is not None:
                pairs = [p for p in every if p[0] in ref.values or p[1] in ref.values]
    if pairs is not None:
        # The whole store's country network, from the tallies: no pass over the events.
        rows = sorted((p for p in pairs if p[2] >= max(1, int(min_events))), key=lambda p: (-p[2], p[0], p[1]))
        if top is not None:
            rows, nodes_total, busiest_kept = _among_busiest(rows, top)
        rows = rows[: check_limit("limit", limit)] if limit is not None else rows
    elif top is not None and level == "country":
        # At most a few hundred countries: group every pair, then keep the busiest countries.
        rows = store.db.execute(sql, [*params, -1]).fetchall()
        rows, nodes_total, busiest_kept = _among_busiest(rows, top)
        rows = rows[: check_limit("limit", limit)] if limit is not None else rows
    else:
        rows = store.db.execute(sql, [*params, check_limit("limit", limit)]).fetchall()
    graph = nx.DiGraph(level=level)
    quad_names = list(QUAD_CLASS_COLUMNS.values())
    actor_level = level == "actor"

    def edge(row: Sequence[Any]) -> tuple[Any, Any, dict[str, Any]]:
        # The mean from the sum rounded to 6 places: the same whether SQL or the tallies summed it.
        mean = round(float(row[4]), 6) / int(row[2])
        return (
            f"actor:{row[0]}" if actor_level else row[0],
            f"actor:{row[1]}" if actor_level else row[1],
            {
                "weight": int(row[2]),
                "goldstein_mean": round(mean, 3),
                "goldstein_sum": round(float(row[4]), 3),
                **{name: int(row[5 + i]) for i, name in enumerate(quad_names)},
                "color": _edge_colour(mean),
            },
        )

    graph.add_edges_from(edge(row) for row in rows)
    if busiest_kept:  # the busiest nodes, even those without an edge among them
        graph.add_nodes_from(f"actor:{key}" if actor_level else key for key in busiest_kept)
    graph.graph["nodes_total"] = nodes_total if nodes_total is not None else graph.number_of_nodes()
    _annotate_nodes(store, graph, level)
    return graph


def _country_pairs(store: Store) -> list[tuple[Any, ...]] | None:
    """Rows of the whole country network (source, target, events, Goldstein mean and sum, one
    count per QuadClass) from the tallies, or None when the store has none or they disagree
    with its event count."""
    db = store.db
    columns = {row[1] for row in db.execute("PRAGMA table_info(event_tallies)")}
    if "goldstein" not in columns:  # no tallies, or those of an early schema-4 draft
        return None
    events = int(db.execute("SELECT count(*) FROM events").fetchone()[0])
    quads = db.execute("SELECT sum(events) FROM event_tallies WHERE dimension = 'quad_class'").fetchone()[0]
    if int(quads or 0) != events:
        return None
    pairs: dict[tuple[str, str], list[float]] = {}
    for value, n, goldstein in db.execute(
        "SELECT value, events, goldstein FROM event_tallies WHERE dimension = 'country_pair'"
    ):
        source, target, quad = str(value).split(">")
        tally = pairs.setdefault((source, target), [0, 0.0, 0, 0, 0, 0])
        tally[0] += int(n)
        tally[1] += float(goldstein)
        tally[1 + int(quad)] += int(n)
    return [
        (source, target, int(t[0]), t[1] / t[0], t[1], int(t[2]), int(t[3]), int(t[4]), int(t[5]))
        for (source, target), t in pairs.items()
    ]


def _among_busiest(rows: list[Any], top: int) -> tuple[list[Any], int, list[Any]]:
    """The edge rows (source, target, weight, ...) among the ``top`` busiest nodes, how many
    nodes there were, and the busiest nodes."""
    totals: dict[Any, int] = {}
    for row in rows:
        for node in (row[0], row[1]):
            totals[node] = totals.get(node, 0) + int(row[2])
    ranked = sorted(totals.items(), key=lambda item: (-item[1], str(item[0])))
    busiest = [key for key, _ in ranked[:top]]
    keep = set(busiest)
    return [row for row in rows if row[0] in keep and row[1] in keep], len(ranked), busiest


def _busiest_nodes(
    store: Store, where: Where, top: int, *, whole_store: bool = False, scan: bool = False
) -> tuple[list[int], int]:
    """The ``top`` actors with the most events (as source plus as target, events with a target)
    under ``where``, and how many there are.

    Over the ``whole_store`` they come from its tallies. With ``scan`` (only simple conditions
    on the event's own columns, such as dates) the covering pair indexes are read whole, in
    order, with the conditions checked on the index entries: cheaper than a date range that
    looks up every row, and than the skip-scan SQLite would otherwise pick.
    """
    totals: dict[int, int] = {}
    if whole_store:
        for counts in tally_counts(store, dimensions=("source_actor", "target_actor")).values():
            for key, n in counts.items():
                totals[int(key)] = totals.get(int(key), 0) + n
    else:
        clauses = where.sql()
        if scan:
            clauses = " AND ".join("+" + c if c.startswith("e.") else c for c in where.clauses) or "1"
        for column, index in (("source_actor_id", "events_pair"), ("target_actor_id", "events_target_pair")):
            hint = indexed(store, index) if scan else ""
            for key, n in store.db.execute(
                f"SELECT e.{column}, count(*) FROM events e {hint} WHERE {clauses} GROUP BY 1", where.params
            ):
                totals[int(key)] = totals.get(int(key), 0) + int(n)
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return [key for key, _ in ranked[:top]], len(ranked)


def _annotate_nodes(store: Store, graph: nx.DiGraph, level: str) -> None:
    countries = country_names()
    if level == "actor":
        ids = [int(str(n).split(":", 1)[1]) for n in graph.nodes]
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for row in store.db.execute(
                f"SELECT id, name, kind, code, country, sector FROM actors WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                graph.nodes[f"actor:{row['id']}"].update(
                    label=row["name"],
                    kind=row["kind"],
                    code=row["code"],
                    country=row["country"] or "",
                    sector=row["sector"] or "",
                )
    else:
        for node in graph.nodes:
            graph.nodes[node].update(label=countries.get(str(node), str(node)), kind="country", code=node, country=node, sector="")
    for node in graph.nodes:
        data = graph.nodes[node]
        data["events"] = int(graph.in_degree(node, weight="weight") + graph.out_degree(node, weight="weight"))
        data["color"] = _node_colour(str(data.get("country") or data.get("code") or node))


def _node_colour(key: str) -> str:
    palette = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
    return palette[sum(key.encode()) % len(palette)]


BETWEENNESS_SAMPLE = 300


def centrality(graph: nx.DiGraph) -> pd.DataFrame:
    """Per node: label, events, in/out degree (by event count) and betweenness, most central first.

    Betweenness is exact up to :data:`BETWEENNESS_SAMPLE` nodes and estimated from that many
    sampled nodes in bigger graphs.
    """
    columns = ["node", "label", "events", "in_events", "out_events", "partners", "betweenness"]
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=columns)
    # Exact betweenness costs nodes x edges; past a few hundred nodes, estimate it from a sample
    # of source nodes (fixed seed, so the same graph always ranks the same way).
    sample = min(graph.number_of_nodes(), BETWEENNESS_SAMPLE) if graph.number_of_nodes() > BETWEENNESS_SAMPLE else None
    betweenness = nx.betweenness_centrality(graph, k=sample, seed=0 if sample else None)
    rows = [
        (
            node,
            graph.nodes[node].get("label", node),
            int(graph.nodes[node].get("events", 0)),
            int(graph.in_degree(node, weight="weight")),
            int(graph.out_degree(node, weight="weight")),
            len(set(graph.predecessors(node)) | set(graph.successors(node))),
            round(betweenness[node], 6),
        )
        for node in graph.nodes
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["events", "betweenness", "node"], ascending=[False, False, True]).reset_index(drop=True)


def write_graph(graph: nx.DiGraph, path: str | Path, fmt: Literal["graphml", "gexf"] | None = None) -> Path:
    """Write ``graph`` as GraphML or GEXF (chosen by ``fmt`` or by the file's suffix)."""
    target = Path(path)
    kind = fmt or target.suffix.lower().lstrip(".")
    if kind not in ("graphml", "gexf"):
        raise OptionError("format", f"{target}: write a .graphml or .gexf file (or pass fmt)")
    clean = nx.DiGraph()
    clean.graph.update({k: v for k, v in graph.graph.items() if v is not None})
    for node, data in graph.nodes(data=True):
        clean.add_node(str(node), **{k: v for k, v in data.items() if v is not None})
    for source, target_node, data in graph.edges(data=True):
        clean.add_edge(str(source), str(target_node), **{k: v for k, v in data.items() if v is not None})
    target.parent.mkdir(parents=True, exist_ok=True)
    if kind == "graphml":
        nx.write_graphml(clean, target)
    else:
        nx.write_gexf(clean, target)
    return target


def graph_records(graph: nx.DiGraph) -> dict[str, Any]:
    """A JSON-ready ``{"nodes": [...], "edges": [...]}`` view of a :func:`network` graph."""
    return {
        "level": graph.graph.get("level"),
        "nodes": [{"id": str(node), **data} for node, data in graph.nodes(data=True)],
        "edges": [{"source": str(s), "target": str(t), **data} for s, t, data in graph.edges(data=True)],
    }
