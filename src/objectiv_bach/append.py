"""``DataFrame.append``: the rows of other frames after this frame's (SQL ``UNION ALL``).

Columns are aligned by name (as ``pandas.concat``): a column a frame lacks is a typed NULL
there; a column with dtypes int64 in one frame and float64 in another becomes float64; other
dtype mismatches raise (cast first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from objectiv_bach.errors import DtypeError, InvalidArgumentError, InvalidArgumentTypeError
from objectiv_bach.plan.naming import col
from objectiv_bach.plan.nodes import Union
from objectiv_bach.types import common_dtype

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame
    from objectiv_bach.series.base import Series


def _common_dtype(name: str, dtypes: list[str]) -> str:
    common = common_dtype(dtypes)
    if common is not None:
        return common  # type: ignore[no-any-return]
    unique = list(dict.fromkeys(dtypes))
    msg = (
        f"Cannot append: column {name!r} has the dtypes {unique} in the frames. Cast it to "
        "one dtype first, e.g. df[name] = df[name].astype('string')."
    )
    raise DtypeError(msg)


def append(
    frame: DataFrame, other: Any, ignore_index: bool = False, sort: bool = False
) -> DataFrame:
    """``frame`` with the rows of ``other`` (a DataFrame or a list of them) appended."""
    from objectiv_bach.dataframe import DataFrame
    from objectiv_bach.series.base import Series

    if isinstance(other, (DataFrame, Series)):
        others = [other]
    elif isinstance(other, (list, tuple)):
        others = list(other)
    else:
        msg = f"append() takes DataFrames (or a list of them), got {other!r}."
        raise InvalidArgumentTypeError(msg)
    frames = [frame] + [o.to_frame() if isinstance(o, Series) else o for o in others]
    for item in frames:
        if not isinstance(item, DataFrame):
            msg = f"append() takes DataFrames (or a list of them), got {item!r}."
            raise InvalidArgumentError(msg)
    if not others:
        return frame
    if ignore_index:
        frames = [f.reset_index(drop=True) for f in frames]
    index_names = frames[0].index_columns
    for item in frames[1:]:
        if item.index_columns != index_names:
            msg = (
                f"Cannot append a frame with index {item.index_columns} to one with index "
                f"{index_names}: the indexes must have the same names. Pass "
                "ignore_index=True, or set_index()/reset_index() first."
            )
            raise InvalidArgumentError(msg)
    names: list[str] = []
    for item in frames:
        names.extend(n for n in item.columns if n not in names)
    if sort:
        names = sorted(names)
    index_dtypes = {n: _common_dtype(n, [f.index_dtypes[n] for f in frames]) for n in index_names}
    dtypes = {n: _common_dtype(n, [f.dtypes[n] for f in frames if n in f.columns]) for n in names}

    parts = []
    for item in frames:

        def typed(series: Series, dtype: str) -> Series:
            return series if series.dtype == dtype else series.astype(dtype)

        index = {n: typed(s, index_dtypes[n]) for n, s in item.index.items()}
        aligned = item.copy_override(index=index)
        data = {
            n: typed(aligned.data[n], dtypes[n])
            if n in item.columns
            else Series.from_value(aligned, None, name=n, dtype=dtypes[n])
            for n in names
        }
        parts.append(aligned.copy_override(series=data)._state_select(step="append_part"))
    union = Union(parts=tuple(parts))
    sql_names = dict(zip([*index_names, *names], union.columns, strict=True))
    first_index = frames[0].index
    new_index = {
        n: first_index[n].copy_override(
            base_node=union,
            expression=col(sql_names[n]),
            index={},
            group_by=None,
            order_by=(),
            dtype=index_dtypes[n],
            size=1,
        )
        for n in index_names
    }
    templates: dict[str, Series] = {}
    for item in frames:
        for n in item.columns:
            templates.setdefault(n, item.data[n])
    data = {
        n: templates[n].copy_override(
            base_node=union,
            expression=col(sql_names[n]),
            index=new_index,
            group_by=None,
            order_by=(),
            dtype=dtypes[n],
            size=1,
        )
        for n in names
    }
    return DataFrame(
        engine=frame._engine,
        base_node=union,
        index=new_index,
        series=data,
        **frame._carried(*frames[1:]),
    )
