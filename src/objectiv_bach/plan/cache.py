"""Caches keyed by plan node that do not keep the plan, or a registered pandas frame, alive.

The renderer caches what does not change: the sqlglot tree of a plan (``render_plan``), the
variables it uses (``used_variables``) and its SQL text per dialect (``DataFrame`` rendering).
A plain ``functools.lru_cache`` holds its key nodes, so a plan that reads a registered pandas
frame (:class:`~objectiv_bach.plan.nodes.RegisteredSource`, whose ``keepalive`` holds the DuckDB
view) would keep that view registered until the entry is evicted, long after the last DataFrame
on it is gone.

:class:`NodeCache` keys on :attr:`Node.fingerprint <objectiv_bach.plan.nodes.Node.fingerprint>`
instead: equal for equal plans (so a plan built again hits the entry), but referring to no node.
The cached values (sqlglot trees, SQL text, tuples of variable keys) refer to no node either.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from objectiv_bach.plan.nodes import Fingerprint, Node

V = TypeVar("V")

_MISSING = object()


class NodeCache(Generic[V]):
    """A bounded LRU cache of values per (plan node, hashable extra key), holding no node."""

    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self._entries: OrderedDict[tuple[Fingerprint, Hashable], V] = OrderedDict()

    def get(self, node: Node, extra: Hashable = ()) -> V | None:
        """The cached value for ``(node, extra)``, or None."""
        key = (node.fingerprint, extra)
        value = self._entries.get(key, _MISSING)
        if value is _MISSING:
            return None
        self._entries.move_to_end(key)
        return value  # type: ignore[return-value]

    def put(self, node: Node, extra: Hashable, value: V) -> None:
        """Store ``value`` for ``(node, extra)``, evicting the least recently used entry."""
        key = (node.fingerprint, extra)
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        """Drop every entry."""
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def node_cached(maxsize: int) -> Callable[[Callable[[Node], V]], Callable[[Node], V]]:
    """Memoize a function of one plan node in a :class:`NodeCache` (``.cache_clear()`` empties it)."""

    def decorate(fn: Callable[[Node], V]) -> Callable[[Node], V]:
        cache: NodeCache[V] = NodeCache(maxsize)

        @functools.wraps(fn)
        def wrapper(node: Node) -> V:
            value = cache.get(node)
            if value is None:
                value = fn(node)
                cache.put(node, (), value)
            return value

        wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
        wrapper.cache = cache  # type: ignore[attr-defined]
        return wrapper

    return decorate
