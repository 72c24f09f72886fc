"""Actor references: what a name, alias, code or id a user types denotes, as an SQL filter.

* a number: the stored actor with that id;
* a country code (``IRN``) or a country's name (``Iran``): every actor of that country;
* an actor code (``IRNGOV``, ``IGOUNO``): every actor coded so (persons included);
* a person's or organisation's name or alias (``Raisi``, ``Ebrahim Raisi``): that actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from tacitus.datafiles import read_rows
from tacitus.errors import OptionError, UnknownActorSuggestionError
from tacitus.identity import normalize_name
from tacitus.query.sql import like_literal
from tacitus.store import Store


@dataclass(frozen=True)
class ActorRef:
    """What an actor reference denotes, as an SQL filter on events.

    ``kind`` is ``country`` (``values`` = ISO codes), ``code`` (CAMEO actor codes) or
    ``actors`` (stored actor ids as strings).
    """

    reference: str
    kind: Literal["country", "code", "actors"]
    values: tuple[str, ...]
    label: str

    def condition(self, role: Literal["source", "target"]) -> tuple[str, list[Any]]:
        """The SQL condition (on table alias ``e``) that the event's ``role`` actor is this one."""
        column = {"country": f"{role}_country", "code": f"{role}_code", "actors": f"{role}_actor_id"}[self.kind]
        params: list[Any] = [int(v) for v in self.values] if self.kind == "actors" else list(self.values)
        if len(params) == 1:
            return f"e.{column} = ?", params
        return f"e.{column} IN ({','.join('?' * len(params))})", params


@cache
def country_names() -> dict[str, str]:
    """ISO alpha-3 -> country name, from the built-in countries table."""
    return {row["iso3"].upper(): row["name"] for _, row in read_rows("countries.csv", ("iso3", "name"))}


def resolve_actor(store: Store, reference: str | int) -> ActorRef:
    """What ``reference`` (an actor id, country code, actor code, name or alias) denotes.

    Raises :class:`UnknownActorError` (with the closest names as suggestions) if nothing matches.
    """
    text = str(reference).strip()
    if not text:
        raise OptionError("actor", "empty actor reference; give a name, alias, country code or actor code")
    db = store.db
    if text.isascii() and text.isdigit():
        number = int(text)
        # SQLite integers are 64-bit: a larger number is no stored id (and would overflow).
        row = db.execute("SELECT id, name FROM actors WHERE id = ?", (number,)).fetchone() if number < 2**63 else None
        if row is None:
            raise UnknownActorSuggestionError(text)
        return ActorRef(text, "actors", (str(row["id"]),), row["name"])
    upper = text.upper()
    countries = country_names()
    if len(text) == 3 and text.isalpha() and upper in countries and (text.isupper() or not _alias_ids(store, text)):
        return ActorRef(text, "country", (upper,), f"{countries[upper]} ({upper})")
    if text.isupper() and text.isalnum():
        row = db.execute("SELECT 1 FROM actors WHERE code = ? LIMIT 1", (text,)).fetchone()
        if row is not None:
            return ActorRef(text, "code", (text,), text)
    ids = _alias_ids(store, text)
    if ids:
        rows = db.execute(
            f"SELECT id, name, kind, country, code, sector FROM actors WHERE id IN ({','.join('?' * len(ids))}) ORDER BY id",
            ids,
        ).fetchall()
        if all(r["kind"] == "country" and r["country"] for r in rows):
            codes = tuple(sorted({r["country"] for r in rows}))
            # "China" may be several stored actors (China, its military...): one country, named once.
            names = {r["country"]: r["name"] for r in rows if not r["sector"]} 
            label = " / ".join(f"{names.get(c) or countries.get(c, c)} ({c})" for c in codes)
            return ActorRef(text, "country", codes, label)
        return ActorRef(text, "actors", tuple(str(r["id"]) for r in rows), " / ".join(r["name"] for r in rows))
    row = db.execute("SELECT 1 FROM actors WHERE code = ? LIMIT 1", (upper,)).fetchone()
    if row is not None:
        return ActorRef(text, "code", (upper,), upper)
    if len(text) == 3 and upper in countries:
        return ActorRef(text, "country", (upper,), f"{countries[upper]} ({upper})")
    raise UnknownActorSuggestionError(text, _suggest(store, text))


def _alias_ids(store: Store, text: str) -> list[int]:
    """Actors with ``text`` as name or alias; failing that, persons whose name holds it as whole words.

    So "Raisi" finds "Ebrahim Raisi" even when the coder stored no short alias.
    """
    key = normalize_name(text)
    if not key:
        return []
    rows = store.db.execute(
        "SELECT actor_id FROM actor_aliases WHERE normalized = ?"
        " UNION SELECT id FROM actors WHERE name = ? COLLATE NOCASE",
        (key, text),
    ).fetchall()
    if not rows:
        escaped = like_literal(key)
        rows = store.db.execute(
            "SELECT DISTINCT x.actor_id FROM actor_aliases x JOIN actors a ON a.id = x.actor_id"
            " WHERE a.kind = 'person' AND (x.normalized LIKE ? ESCAPE '\\' OR x.normalized LIKE ? ESCAPE '\\'"
            " OR x.normalized LIKE ? ESCAPE '\\')",
            ("% " + escaped, escaped + " %", "% " + escaped + " %"),
        ).fetchall()
    return sorted({int(r[0]) for r in rows})


def _suggest(store: Store, text: str, limit: int = 3) -> list[str]:
    """The stored names closest to ``text`` (by alias prefix first, then fuzzy similarity)."""
    from rapidfuzz import fuzz, process

    key = normalize_name(text)
    rows = store.db.execute(
        "SELECT DISTINCT a.name FROM actor_aliases x JOIN actors a ON a.id = x.actor_id"
        " WHERE x.normalized LIKE ? ESCAPE '\\' LIMIT ?",
        (like_literal(key[:3]) + "%", limit),
    ).fetchall()
    found = [r[0] for r in rows]
    if len(found) < limit:
        names = [r[0] for r in store.db.execute("SELECT DISTINCT alias FROM actor_aliases LIMIT 50000")]
        for name, score, _ in process.extract(text, names, scorer=fuzz.WRatio, limit=limit * 2):
            if score >= 60 and name not in found:
                found.append(name)
    return found[:limit]


def describe_actor(store: Store, reference: str | int) -> dict[str, Any]:
    """A JSON-ready description of what ``reference`` denotes: reference, kind, values, label."""
    ref = resolve_actor(store, reference)
    return {"reference": ref.reference, "kind": ref.kind, "values": list(ref.values), "label": ref.label}
