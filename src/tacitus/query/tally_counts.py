"""Events per value of a dimension (QuadClass, CAMEO root, country, actor, country pair), read
from the store's running tallies when they can be trusted, else counted along an index."""

from __future__ import annotations

from collections.abc import Sequence

from tacitus.query.sql import has_table, indexed
from tacitus.store import Store
from tacitus.tallies import tally_queries


def tally_counts(
    store: Store, events: int | None = None, dimensions: Sequence[str] | None = None
) -> dict[str, dict[str, int]]:
    """Events per value of each dimension (see ``event_tallies``; every dimension by default):
    from the tally table when it agrees with the number of events (``events``, counted if not
    given), else counted from the indexes."""
    queries = tally_queries()
    dimensions = tuple(queries) if dimensions is None else tuple(dimensions)
    out: dict[str, dict[str, int]] = {dimension: {} for dimension in dimensions}
    if has_table(store, "event_tallies"):
        if events is None:
            events = int(store.db.execute("SELECT count(*) FROM events").fetchone()[0])
        marks = ",".join("?" * len(dimensions))
        for dimension, value, n in store.db.execute(
            f"SELECT dimension, value, events FROM event_tallies WHERE dimension IN ('quad_class', {marks})",
            list(dimensions),
        ):
            if dimension in out or dimension == "quad_class":
                out.setdefault(dimension, {})[str(value)] = int(n)
        if sum(out.get("quad_class", {}).values()) == events:
            return {dimension: out[dimension] for dimension in dimensions}
    for dimension in dimensions:
        index, sql = queries[dimension]
        hint = indexed(store, index)
        out[dimension] = {str(value): int(n) for value, n, _ in store.db.execute(sql.format(hint=hint))}
    return {dimension: out[dimension] for dimension in dimensions}
