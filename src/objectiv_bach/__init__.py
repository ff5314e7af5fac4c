"""objectiv_bach: pandas-like DataFrames on a dialect-neutral SQLGlot plan.

Runs on DuckDB (embedded default), PostgreSQL and BigQuery.
"""

from typing import Union

from objectiv_bach import display_formats, options
from objectiv_bach.backends import get_backend
from objectiv_bach.dataframe import DataFrame
from objectiv_bach.display import display_sql_as_markdown
from objectiv_bach.errors import (
    BachError,
    ColumnNotFoundError,
    DtypeError,
    InvalidArgumentError,
    UnsupportedOperationError,
)
from objectiv_bach.grouping_sets import Cube, GroupingList, GroupingSet, Rollup
from objectiv_bach.partitioning import (
    GroupBy,
    SortColumn,
    Window,
    WindowFrameBoundary,
    WindowFrameMode,
    WindowFunction,
)
from objectiv_bach.plan.naming import ident as sql_identifier
from objectiv_bach.series import (
    Series,
    SeriesAbstractMultiLevel,
    SeriesAbstractNumeric,
    SeriesBoolean,
    SeriesDate,
    SeriesDict,
    SeriesFloat64,
    SeriesInt64,
    SeriesJson,
    SeriesList,
    SeriesNumericInterval,
    SeriesString,
    SeriesTime,
    SeriesTimedelta,
    SeriesTimestamp,
    SeriesUuid,
)
from objectiv_bach.series.datetime import SeriesAbstractDateTime
from objectiv_bach.series.json import JsonAccessor
from objectiv_bach.types import register_dtype
from objectiv_bach.types import series_type as get_series_type_from_dtype

from_pandas = DataFrame.from_pandas
from_table = DataFrame.from_table
from_model = DataFrame.from_model

#: a DataFrame or a Series (the original's type alias)
DataFrameOrSeries = Union[DataFrame, Series]  # noqa: UP007 - a runtime alias, as the original
#: a list of column names (the original's type alias)
ColumnNames = list[str]

__all__ = [
    "BachError",
    "ColumnNames",
    "ColumnNotFoundError",
    "Cube",
    "DataFrame",
    "DataFrameOrSeries",
    "DtypeError",
    "GroupBy",
    "GroupingList",
    "GroupingSet",
    "InvalidArgumentError",
    "JsonAccessor",
    "Rollup",
    "Series",
    "SeriesAbstractDateTime",
    "SeriesAbstractMultiLevel",
    "SeriesAbstractNumeric",
    "SeriesBoolean",
    "SeriesDate",
    "SeriesDict",
    "SeriesFloat64",
    "SeriesInt64",
    "SeriesJson",
    "SeriesList",
    "SeriesNumericInterval",
    "SeriesString",
    "SeriesTime",
    "SeriesTimedelta",
    "SeriesTimestamp",
    "SeriesUuid",
    "SortColumn",
    "UnsupportedOperationError",
    "Window",
    "WindowFrameBoundary",
    "WindowFrameMode",
    "WindowFunction",
    "display_sql_as_markdown",
    "from_model",
    "from_pandas",
    "from_table",
    "get_backend",
    "get_series_type_from_dtype",
    "display_formats",
    "options",
    "register_dtype",
    "sql_identifier",
]
