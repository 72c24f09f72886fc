"""Timelines: what an actor did and had done to it (or two actors' dealings), one summary line
per event, as a table, a Markdown list or an HTML fragment with sources and evidence."""

from __future__ import annotations

import datetime as dt
import html
from functools import cache
from typing import Any, Literal

import pandas as pd

from tacitus.datafiles import read_rows
from tacitus.errors import OptionError
from tacitus.query.event_rows import events
from tacitus.query.filters import EventFilter
from tacitus.store import Store

SUMMARY_VERBS_FILE = "summary_verbs.csv"



@cache
def _summary_verbs() -> dict[str, str]:
    """CAMEO code -> past-tense verb phrase for one-line summaries (data/summary_verbs.csv)."""
    return {row["code"]: row["phrase"] for _, row in read_rows(SUMMARY_VERBS_FILE, ("code", "phrase"))}


def verb_phrase(cameo_code: str, cameo_name: str | None = None) -> str:
    """A past-tense phrase for a CAMEO code ("042" -> "visited"), falling back to its root's phrase."""
    verbs = _summary_verbs()
    for code in (cameo_code, cameo_code[:3], cameo_code[:2]):
        if code in verbs:
            return verbs[code]
    return (cameo_name or cameo_code).lower()


def _actor_label(name: str | None, code: str | None) -> str:
    if not name:
        return "(no target)"
    if not code:
        return name
    spaced = code if len(code) <= 3 else f"{code[:3]} {code[3:]}"
    return name if name.upper() == code.upper() else f"{name} ({spaced})"


def summarize(row: Any) -> str:
    """One line for one event row: "Ebrahim Raisi (IRN GOV) met Wei Fenghe (CHN MIL) in Tehran"."""
    verb = verb_phrase(str(row["cameo_code"]), row["cameo_name"])
    if row["negated"]:
        verb = f"did not: {verb}"
    parts = [_actor_label(row["source_name"], row["source_code"]), verb]
    if row["target_name"]:
        parts.append(_actor_label(row["target_name"], row["target_code"]))
    line = " ".join(parts)
    if isinstance(row["place"], str) and row["place"]:
        line += f" in {row['place']}"
    if row["modality"] and row["modality"] != "asserted":
        line += f" ({row['modality']})"
    return line


def timeline(
    store: Store,
    actor: str | int,
    actor2: str | int | None = None,
    *,
    directed: bool = False,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    cameo: str | None = None,
    plover: str | None = None,
    quad_class: int | None = None,
    limit: int | None = 200,
    offset: int = 0,
) -> pd.DataFrame:
    """What ``actor`` did and had done to it (with ``actor2``: between the two), oldest first.

    The columns of :func:`~tacitus.query.event_rows.events` plus ``summary``, a one-line
    sentence per event.
    """
    dyad = (actor, actor2) if actor2 is not None else None
    chosen = EventFilter(
        actor=None if dyad else actor,
        dyad=dyad,
        directed=directed,
        start=start,
        end=end,
        cameo=cameo,
        plover=plover,
        quad_class=quad_class,
    )
    frame = events(store, chosen, order="date", limit=limit, offset=offset)
    summaries = [summarize(row) for row in frame.to_dict(orient="records")]
    frame.insert(3, "summary", pd.Series(summaries, index=frame.index, dtype=object))
    return frame


def render_timeline(frame: pd.DataFrame, fmt: Literal["markdown", "html"] = "markdown", title: str | None = None) -> str:
    """A timeline (from :func:`timeline`) as a Markdown list or an HTML fragment, with sources and evidence."""
    if fmt not in ("markdown", "html"):
        raise OptionError("format", f"{fmt!r} is not a timeline format; use markdown or html")
    heading = title or "Timeline"
    if fmt == "markdown":
        lines = [f"# {heading}", ""]
        if frame.empty:
            lines.append("_No events._")
        for _, row in frame.iterrows():
            lines.append(f"- **{row['date']}** {row['summary']} (CAMEO {row['cameo_code']}, Goldstein {row['goldstein']:+.1f})")
            sources = "; ".join(_source_labels(row))
            if sources:
                lines.append(f"  - sources: {sources}")
            if row["evidence"]:
                lines.append(f"  - > {row['evidence']}")
        return "\n".join(lines) + "\n"
    items = []
    for _, row in frame.iterrows():
        sources = "; ".join(html.escape(s) for s in _source_labels(row))
        evidence = f"<blockquote>{html.escape(row['evidence'])}</blockquote>" if row["evidence"] else ""
        items.append(
            f'<li data-event-id="{html.escape(str(row["event_id"]))}"><time datetime="{row["date"]}">{row["date"]}</time> '
            f"{html.escape(row['summary'])} <small>CAMEO {html.escape(str(row['cameo_code']))}, "
            f"Goldstein {row['goldstein']:+.1f}</small>"
            f"{'<br><small>sources: ' + sources + '</small>' if sources else ''}{evidence}</li>"
        )
    body = "\n".join(items) if items else "<li>No events.</li>"
    return f'<section class="timeline">\n<h1>{html.escape(heading)}</h1>\n<ol>\n{body}\n</ol>\n</section>\n'


def _source_labels(row: Any) -> list[str]:
    titles = list(row["article_titles"]) or list(row["article_ids"])
    outlets = list(row["outlets"]) + [""] * len(titles)
    return [f"{outlet}: {title}" if outlet else str(title) for title, outlet in zip(titles, outlets)]
