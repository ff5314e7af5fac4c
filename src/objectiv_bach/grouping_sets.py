"""Grouping sets: ``groupby`` with tuples / nested lists, ``cube`` and ``rollup``.

One aggregation query computes several groupings at once (SQL ``GROUP BY GROUPING SETS``,
``CUBE``, ``ROLLUP``). The index of the result holds every key of every set; in a row of a set
that does not group by a key, that key is NULL (the "rolled-up" level), as in the original Bach.

Argument forms of ``groupby(by)`` (as the original):

* a tuple ``(x1, x2, ...)``: the grouping sets ``x1``, ``x2``, ...; each ``xi`` is a key (name
  or Series) or a list of keys (``()`` or ``[]``: the grand total);
* a list that contains lists or tuples: the cross product of its elements, where a key or a
  list of keys is one set and a tuple is a choice of sets (``['a', ('b', 'c')]`` groups by
  ``(a, b)`` and by ``(a, c)``).

``cube`` and ``rollup`` render as SQL ``CUBE`` / ``ROLLUP``; the other forms as the explicit
``GROUPING SETS`` list (portable: every engine reads the same text).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from objectiv_bach.errors import InvalidArgumentError, UnsupportedOperationError
from objectiv_bach.partitioning import GroupBy

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame


@dataclass(frozen=True)
class GroupingSetsBy(GroupBy):
    """A grouping by several sets of the keys in ``index`` at once.

    ``kind`` is ``'cube'``, ``'rollup'`` or ``'sets'``; ``sets`` lists the key names of each
    grouping set (for ``'cube'``/``'rollup'``: the keys, in order).
    """

    kind: str = "sets"
    sets: tuple[tuple[str, ...], ...] = ()

    @property
    def expressions(self) -> tuple[exp.Expression, ...]:
        """The ``GROUP BY`` expression: one ``CUBE``, ``ROLLUP`` or ``GROUPING SETS``."""

        def key(name: str) -> exp.Expression:
            return self.index[name].expression.copy()

        if self.kind == "cube":
            return (exp.Cube(expressions=[key(n) for n in self.sets[0]]),)
        if self.kind == "rollup":
            return (exp.Rollup(expressions=[key(n) for n in self.sets[0]]),)
        return (
            exp.GroupingSets(
                expressions=[exp.Tuple(expressions=[key(n) for n in names]) for names in self.sets]
            ),
        )

    @property
    def partition(self) -> tuple[exp.Expression, ...]:
        """Not available: a window over a grouping by sets raises UnsupportedOperationError."""
        msg = f"A window over a {self.kind} grouping (grouping sets)"
        raise UnsupportedOperationError(
            msg, None, "Aggregate first, then materialize() and group or sort the result."
        )

    @property
    def grouping_sets(self) -> list[tuple[str, ...]]:
        """The key names of every grouping set, in SQL's order."""
        keys = self.sets[0] if self.sets else ()
        if self.kind == "rollup":
            return [keys[:i] for i in range(len(keys), -1, -1)]
        if self.kind == "cube":
            return [
                tuple(k for k, keep in zip(keys, mask, strict=True) if keep)
                for mask in itertools.product((True, False), repeat=len(keys))
            ]
        return list(self.sets)

    def __hash__(self) -> int:
        return hash((super().__hash__(), self.kind, self.sets))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, GroupingSetsBy)
            and super().__eq__(other)
            and (self.kind, self.sets) == (other.kind, other.sets)
        )


@dataclass(frozen=True, eq=False)
class Cube(GroupingSetsBy):
    """The grouping of ``df.cube(by)``: every subset of the keys (SQL ``CUBE``)."""

    kind: str = "cube"


@dataclass(frozen=True, eq=False)
class Rollup(GroupingSetsBy):
    """The grouping of ``df.rollup(by)``: every prefix of the keys (SQL ``ROLLUP``)."""

    kind: str = "rollup"


@dataclass(frozen=True, eq=False)
class GroupingSet(GroupingSetsBy):
    """The grouping of ``df.groupby((x1, x2, ...))``: the grouping sets ``x1``, ``x2``, ..."""


@dataclass(frozen=True, eq=False)
class GroupingList(GroupingSetsBy):
    """The grouping of ``df.groupby([...])`` with nested lists/tuples: their cross product."""


#: the grouping class of each form (the original Bach's names)
_CLASSES: dict[str, type[GroupingSetsBy]] = {
    "cube": Cube,
    "rollup": Rollup,
    "tuple": GroupingSet,
    "list": GroupingList,
}


def is_grouping_sets(by: Any) -> bool:
    """True for the ``groupby`` argument forms that mean grouping sets."""
    return isinstance(by, tuple) or (
        isinstance(by, list) and any(isinstance(b, (list, tuple)) for b in by)
    )


def _key_list(item: Any) -> list[Any]:
    if isinstance(item, (list, tuple)):
        for key in item:
            if isinstance(key, (list, tuple)):
                msg = (
                    f"Grouping set {item!r} nests another list/tuple {key!r}: a grouping set "
                    "is a key or a flat list of keys."
                )
                raise InvalidArgumentError(msg)
        return list(item)
    return [item]


def _expand(by: Any) -> list[list[Any]]:
    """The grouping sets (lists of keys) of a ``groupby`` argument with tuples/nested lists."""
    if isinstance(by, tuple):
        return [_key_list(item) for item in by]
    choices: list[list[list[Any]]] = []
    for element in by:
        if isinstance(element, tuple):
            choices.append([_key_list(item) for item in element])
        else:
            choices.append([_key_list(element)])
    return [[k for part in combo for k in part] for combo in itertools.product(*choices)]


def _key_name(key: Any) -> str:
    from objectiv_bach.series.base import Series

    if isinstance(key, Series):
        return key.name
    if isinstance(key, str):
        return key
    msg = f"Group keys are column names or Series, got {key!r}."
    raise InvalidArgumentError(msg)


def group_by_sets(
    frame: DataFrame, sets: list[list[Any]], kind: str, form: str | None = None
) -> DataFrame:
    """``frame`` grouped by the grouping ``sets`` (lists of keys), as ``kind``.

    ``form`` picks the grouping class (``'tuple'``: :class:`GroupingSet`, ``'list'``:
    :class:`GroupingList`; default: by ``kind``).
    """
    flat: list[Any] = []
    names: list[str] = []
    for keys in sets:
        for key in keys:
            name = _key_name(key)
            if name not in names:
                names.append(name)
                flat.append(key)
    grouped = frame.groupby(flat)
    plain = grouped.group_by
    assert plain is not None
    set_names: tuple[tuple[str, ...], ...]
    if kind == "sets":
        unique: list[tuple[str, ...]] = []
        for keys in sets:
            names_of_set = tuple(dict.fromkeys(_key_name(k) for k in keys))
            if names_of_set not in unique:
                unique.append(names_of_set)
        set_names = tuple(unique)
    else:
        set_names = (tuple(names),)
    group_class = _CLASSES.get(form or kind, GroupingSetsBy)
    group_by = group_class(index=plain.index, row_index=plain.row_index, kind=kind, sets=set_names)
    return grouped.copy_override(group_by=group_by)


def groupby_sets(frame: DataFrame, by: Any) -> DataFrame:
    """``frame.groupby(by)`` for a tuple or a list with nested lists/tuples."""
    return group_by_sets(frame, _expand(by), "sets", "tuple" if isinstance(by, tuple) else "list")


def cube_or_rollup(frame: DataFrame, by: Any, kind: str) -> DataFrame:
    """``frame.cube(by)`` / ``frame.rollup(by)``."""
    keys = [by] if not isinstance(by, (list, tuple)) else list(by)
    if not keys:
        msg = f"{kind}(by={by!r}) needs at least one key: a column name, a Series or a list."
        raise InvalidArgumentError(msg)
    for key in keys:
        if isinstance(key, (list, tuple)):
            msg = f"{kind}(by={by!r}) takes a flat list of keys, got the nested {key!r}."
            raise InvalidArgumentError(msg)
    return group_by_sets(frame, [keys], kind)
