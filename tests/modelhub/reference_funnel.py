"""An independent pandas/Python implementation of FunnelDiscovery and the sankey links.

Written from the semantics documented on ``FunnelDiscovery.get_navigation_paths`` (and the
original's C.6), not from the Bach code: plain Python lists per group.

Events are ordered per group by (moment, nice name, event_id); a path starts at each event and
takes the next ``steps - 1`` locations (``start_from_end``: ends at each event, with the
previous ones). A one-location path at the end of a group of several events is left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pandas as pd
from reference import nice_name

MISSING = None


def _sort_key(value: Any) -> tuple:
    # SQL: NULLs last in an ascending order
    return (value is None, "" if value is None else value)


def navigation_paths(
    df: pd.DataFrame,
    steps: int,
    by: str | None = None,
    stack: Callable[[list], Any] = lambda s: s,
    start_from_end: bool = False,
    n_examples: int | None = None,
    conversion: pd.Series | None = None,
    only_converted_paths: bool = False,
    labels: pd.Series | None = None,
) -> dict[Any, list[tuple]]:
    """group key -> the group's paths in order; a path is a tuple of steps (then the first
    conversion step when ``conversion`` is given)."""
    if labels is None:
        labels = df.location_stack.map(lambda s: nice_name(stack(s)))
    frame = pd.DataFrame(
        {
            "key": df[by].astype(object) if by else 0,
            "moment": df.moment,
            "name": labels.astype(object),
            "eid": [str(e) for e in df.index],
            "conv": conversion.astype(bool) if conversion is not None else False,
        }
    )
    groups: dict[Any, list[tuple]] = {}
    for key, group in frame.groupby("key", dropna=False, sort=False):
        rows = sorted(
            group.itertuples(index=False),
            key=lambda r: (r.moment, _sort_key(r.name), r.eid),
        )
        if start_from_end:
            rows = rows[::-1]
        paths = []
        for offset, _ in enumerate(rows):
            window = rows[offset : offset + steps]
            names = [r.name for r in window] + [MISSING] * (steps - len(window))
            convs = [r.conv for r in window] + [False] * (steps - len(window))
            if start_from_end:
                names, convs = names[::-1], convs[::-1]
            if steps > 1 and len(window) == 1 and len(rows) > 1:
                continue
            if n_examples is not None and offset >= n_examples:
                continue
            first = next((i + 1 for i, c in enumerate(convs) if c), None)
            if only_converted_paths:
                if first is None or first == 1:
                    continue
                names = [n if i < first else MISSING for i, n in enumerate(names)]
            paths.append((*names, first) if conversion is not None else tuple(names))
        key = None if pd.isna(key) else key
        groups[key] = paths
    return {k: v for k, v in groups.items() if v}


def sankey_links(paths: list[tuple], n_top: int | None = None) -> dict[tuple[str, str], int]:
    """(source, target) -> value over consecutive steps of the paths (of the ``n_top`` most
    frequent distinct paths, ties by the steps in descending order)."""
    counts = Counter(paths)
    chosen = list(counts.items())
    if n_top is not None:
        chosen.sort(key=lambda kv: (kv[1], tuple(_desc(v) for v in kv[0])), reverse=True)
        chosen = chosen[:n_top]
    links: Counter = Counter()
    for path, count in chosen:
        for source, target in zip(path, path[1:], strict=False):
            if source is not None and target is not None:
                links[(source, target)] += count
    return dict(links)


def _desc(value: Any) -> tuple:
    # in a descending SQL order Bach puts NULLs last too: a NULL sorts below every value
    return (value is not None, "" if value is None else value)
