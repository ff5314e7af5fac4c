"""objectiv_bach: pandas-like DataFrames on a dialect-neutral SQLGlot plan.

Runs on DuckDB (embedded default), PostgreSQL and BigQuery.
"""

from objectiv_bach import options
from objectiv_bach.dataframe import DataFrame
from objectiv_bach.display import display_sql_as_markdown
from objectiv_bach.errors import (
    BachError,
    ColumnNotFoundError,
    DtypeError,
    InvalidArgumentError,
    UnsupportedOperationError,
)
from objectiv_bach.partitioning import GroupBy, SortColumn, Window
from objectiv_bach.series import (
    Series,
    SeriesAbstractNumeric,
    SeriesBoolean,
    SeriesDate,
    SeriesFloat64,
    SeriesInt64,
    SeriesJson,
    SeriesString,
    SeriesTime,
    SeriesTimedelta,
    SeriesTimestamp,
    SeriesUuid,
)

from_pandas = DataFrame.from_pandas
from_table = DataFrame.from_table

__all__ = [
    "BachError", "ColumnNotFoundError", "DataFrame", "DtypeError", "GroupBy",
    "InvalidArgumentError", "Series", "SeriesAbstractNumeric", "SeriesBoolean", "SeriesDate",
    "SeriesFloat64", "SeriesInt64", "SeriesJson", "SeriesString", "SeriesTime",
    "SeriesTimedelta", "SeriesTimestamp", "SeriesUuid", "SortColumn", "UnsupportedOperationError",
    "Window", "display_sql_as_markdown", "from_pandas", "from_table", "options",
]
