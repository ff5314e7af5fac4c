"""Sampling: ``get_sample`` writes a sample to a permanent table, ``get_unsampled`` undoes it.

The sampled frame reads a :class:`~objectiv_bach.plan.nodes.SampledTable`, which remembers the
node the sample was taken from. Every later operation builds on that node as usual;
``get_unsampled`` puts the original node back in its place
(:func:`~objectiv_bach.plan.rewrite.replace_nodes`), so the same operations run on all the data.

Which rows: ``filter`` keeps the rows where it is True; ``sample_percentage`` keeps a random
share. With a ``seed`` the share is deterministic on every engine: a row is kept when a hash of
the seed and the row's values falls below the percentage (:class:`~objectiv_bach.expressions.
SampleBucket`; BigQuery's ``TABLESAMPLE`` takes no seed, and a hash works everywhere). Without a
seed, a random seed is drawn for each call, so each call samples anew.
"""

from __future__ import annotations

import dataclasses
import secrets
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.errors import (
    InvalidArgumentError,
    InvalidArgumentTypeError,
    TableExistsError,
)
from objectiv_bach.plan.naming import col
from objectiv_bach.plan.nodes import SampledTable
from objectiv_bach.plan.rewrite import find_nodes, replace_nodes

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame
    from objectiv_bach.series.base import Series

#: resolution of a seeded sample: buckets per 100 percent
BUCKETS = 1_000_000


def _check_args(filter: Any, sample_percentage: Any, seed: Any, df: DataFrame) -> None:
    from objectiv_bach.series.base import Series

    if filter is None and sample_percentage is None:
        msg = "get_sample() needs a filter (a bool Series) or a sample_percentage, or both."
        raise InvalidArgumentError(msg)
    if filter is not None:
        if not isinstance(filter, Series) or filter.dtype != "bool":
            msg = (
                f"get_sample(filter=...) takes a bool Series of the frame, got {filter!r} "
                f"({type(filter).__name__})."
            )
            raise InvalidArgumentTypeError(msg)
        if filter.base_node != df.base_node:
            msg = "get_sample(filter=...) takes a bool Series of this frame (e.g. df.x > 3)."
            raise InvalidArgumentError(msg)
    if sample_percentage is not None and (
        isinstance(sample_percentage, bool)
        or not isinstance(sample_percentage, Real)
        or not 0 < float(sample_percentage) <= 100
    ):
        msg = (
            f"sample_percentage must be a number in (0, 100], got {sample_percentage!r}. "
            "Pass e.g. sample_percentage=10 for a tenth of the rows."
        )
        raise InvalidArgumentError(msg)
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, Integral)):
        msg = f"seed must be an int (or None for a new random sample), got {seed!r}."
        raise InvalidArgumentTypeError(msg)


def sample_frame(
    df: DataFrame, filter: Series | None = None, sample_percentage: Any = None, seed: Any = None
) -> tuple[DataFrame, DataFrame]:
    """``(source, sample)``: the frame as one node, and the rows ``get_sample`` writes.

    Runs nothing. ``source`` has the same columns as ``sample``; its base node is what
    ``get_unsampled`` restores.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> from objectiv_bach.sample import sample_frame
    >>> df = bach.from_pandas(None, pd.DataFrame({'x': range(10)}))
    >>> _, sample = sample_frame(df, sample_percentage=50, seed=1)
    >>> print(' '.join(sample.view_sql(dialect='duckdb').split('WHERE')[-1].split()))
    ( HASH(1, (_index_0, x)) % 1000000 ) < 500000
    """
    _check_args(filter, sample_percentage, seed, df)
    source = df._on_node(df._state_select(step="before_sample"))
    rows = source
    if filter is not None:
        filtered = df[filter]
        rows = filtered._on_node(filtered._state_select(step="sample_filter"))
    if sample_percentage is None:
        return source, rows
    if seed is None:  # a new sample on every call: a random seed, drawn here
        seed = secrets.randbelow(2**31)
    columns = [col(name) for name in rows.base_node.columns]
    condition = exp.LT(
        this=bx.SampleBucket(expressions=columns, seed=exp.Literal.number(int(seed))),
        expression=exp.Literal.number(round(float(sample_percentage) * BUCKETS / 100)),
    )
    mask = rows._template().copy_override(expression=condition, dtype="bool", name="sample")
    return source, rows[mask]


def get_sample(
    df: DataFrame,
    table_name: str,
    filter: Series | None = None,
    sample_percentage: Any = None,
    *,
    overwrite: bool = False,
    seed: int | None = None,
) -> DataFrame:
    """See :meth:`objectiv_bach.DataFrame.get_sample`."""
    from objectiv_bach.backends import get_backend
    from objectiv_bach.progress import track_query

    if not isinstance(table_name, str) or not table_name:
        msg = f"get_sample() needs table_name, a non-empty str; got {table_name!r}."
        raise InvalidArgumentError(msg)
    source, rows = sample_frame(df, filter, sample_percentage, seed)
    backend = get_backend(df.engine)
    try:
        with track_query(backend):
            table = backend.create_table_as(
                table_name,
                str(rows.view_sql(dialect=backend.name)),
                if_exists="replace" if overwrite else "fail",
            )
    except TableExistsError as error:
        msg = (
            f"get_sample(): table {table_name!r} already exists. Pass overwrite=True to "
            "replace it with the new sample, or choose another table_name."
        )
        raise TableExistsError(msg) from error
    node = source.base_node
    sampled = SampledTable(table=table, column_names=node.columns, previous=node)
    return rebase(source, sampled)


def rebase(df: DataFrame, node: Any) -> DataFrame:
    """``df`` with every Series (and its grouping) on ``node`` instead of the base node.

    ``node`` has the columns of the base node; the expressions stay as they are.
    """

    def move(series: Series) -> Series:
        return series.copy_override(base_node=node)

    group_by = df.group_by
    if group_by is not None:
        group_by = dataclasses.replace(
            group_by,
            index={n: move(s) for n, s in group_by.index.items()},
            row_index={n: move(s) for n, s in group_by.row_index.items()},
        )
    index = {n: move(s) for n, s in df.index.items()}
    data = {
        n: s.copy_override(
            base_node=node,
            index={k: move(i) for k, i in s.index.items()},
            group_by=group_by if s.group_by is not None else None,
        )
        for n, s in df.data.items()
    }
    return df.copy_override(base_node=node, index=index, series=data, group_by=group_by)


def get_unsampled(df: DataFrame) -> DataFrame:
    """See :meth:`objectiv_bach.DataFrame.get_unsampled`."""
    frame = df
    samples = find_nodes(frame.base_node, lambda n: isinstance(n, SampledTable))
    if not samples:
        msg = (
            "get_unsampled(): this DataFrame is not based on a sample. Call it on a frame "
            "derived from df.get_sample(...)."
        )
        raise InvalidArgumentError(msg)
    root = frame.base_node
    while samples:  # a sample of a sample: undo both
        root = replace_nodes(root, {s: s.previous for s in samples})  # type: ignore[attr-defined]
        samples = find_nodes(root, lambda n: isinstance(n, SampledTable))
    return rebase(frame, root)
