"""date, time, timestamp and timedelta Series, and the ``.dt`` accessor."""

from __future__ import annotations

import datetime
from typing import Any

import pandas as pd
from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.dialects.base import DATE_TRUNC_UNITS
from objectiv_bach.errors import DtypeError, InvalidArgumentError
from objectiv_bach.series import literals
from objectiv_bach.series.base import _COMPARISONS, Series, paren
from objectiv_bach.types import register_dtype, sql_type
from objectiv_bach.validation import check_str


def _as_timestamp(series: Series) -> exp.Expression:
    if series.dtype == "date":
        return exp.Cast(this=series.expression, to=sql_type("timestamp"))
    return series.expression


class SeriesAbstractDateTime(Series):
    """Shared: comparisons (also with ISO strings), ``.dt``."""

    def _operand(self, other: Any, what: str) -> Series:
        if isinstance(other, str):
            try:
                parsed = (
                    pd.Timestamp(other)
                    if self.dtype in ("date", "timestamp")
                    else datetime.time.fromisoformat(other)
                )
            except ValueError as error:
                # a TypeError, as pandas raises for a date compared or combined with such a string
                msg = f"Cannot {what} {self.dtype} Series {self.name!r} and string {other!r}: it is not an ISO date/time."
                raise DtypeError(msg) from error
            return self.copy_override(expression=literals.to_expression(parsed, self.dtype), size=1)
        return super()._operand(other, what)

    @property
    def dt(self) -> DateTimeAccessor:
        """The ``.dt`` accessor: ``strftime``, ``date_trunc``, ``date``, ..."""
        return DateTimeAccessor(self)


@register_dtype()
class SeriesTimestamp(SeriesAbstractDateTime):
    """A timestamp Series: a naive date and time (UTC by convention) to the microsecond.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'t': pd.to_datetime(['2022-01-02 10:30'])}))
    >>> df.t.dt.strftime('%Y-%m').to_pandas().tolist()
    ['2022-01']
    """

    dtype = "timestamp"

    def _binary_operation(self, other: Series, op: str, what: str) -> Series:
        if op in _COMPARISONS and other.dtype in ("timestamp", "date"):
            return (
                self._compare(other, op)
                if other.dtype == "timestamp"
                else self._combine(
                    other,
                    _COMPARISONS[op](this=paren(self.expression), expression=_as_timestamp(other)),
                    "bool",
                )
            )
        if op == "-" and other.dtype in ("timestamp", "date"):
            return self._combine(
                other,
                bx.TimestampDiff(this=self.expression, expression=_as_timestamp(other)),
                "timedelta",
            )
        if op in ("+", "-") and other.dtype == "timedelta":
            cls = exp.Add if op == "+" else exp.Sub
            return self._combine(
                other,
                cls(this=paren(self.expression), expression=paren(other.expression)),
                "timestamp",
            )
        return NotImplemented

    def _literal_dtype(self, value: Any) -> str:
        if isinstance(value, (datetime.date, pd.Timestamp)) and not isinstance(
            value, datetime.datetime
        ):
            return "date"
        return super()._literal_dtype(value)


@register_dtype()
class SeriesDate(SeriesAbstractDateTime):
    """A date Series (a calendar day, no time)."""

    dtype = "date"

    def _binary_operation(self, other: Series, op: str, what: str) -> Series:
        if op in _COMPARISONS and other.dtype == "date":
            return self._compare(other, op)
        if op in _COMPARISONS and other.dtype == "timestamp":
            return self._combine(
                other,
                _COMPARISONS[op](this=_as_timestamp(self), expression=paren(other.expression)),
                "bool",
            )
        if op == "-" and other.dtype in ("date", "timestamp"):
            return self._combine(
                other,
                bx.TimestampDiff(this=_as_timestamp(self), expression=_as_timestamp(other)),
                "timedelta",
            )
        if op in ("+", "-") and other.dtype == "timedelta":
            cls = exp.Add if op == "+" else exp.Sub
            moved = cls(this=_as_timestamp(self), expression=paren(other.expression))
            return self._combine(other, exp.Cast(this=moved, to=sql_type("date")), "date")
        return NotImplemented


@register_dtype()
class SeriesTime(SeriesAbstractDateTime):
    """A time-of-day Series (no date), to the microsecond."""

    dtype = "time"


@register_dtype()
class SeriesTimedelta(Series):
    """A timedelta Series: a duration (an INTERVAL in SQL), to the microsecond.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'d': pd.to_timedelta(['1h', '30min'])}))
    >>> float(df.d.sum().dt.total_seconds.value)
    5400.0
    """

    dtype = "timedelta"

    def _binary_operation(self, other: Series, op: str, what: str) -> Series:
        if op in _COMPARISONS and other.dtype == "timedelta":
            return self._compare(other, op)
        if op in ("+", "-") and other.dtype == "timedelta":
            cls = exp.Add if op == "+" else exp.Sub
            return self._combine(
                other,
                cls(this=paren(self.expression), expression=paren(other.expression)),
                "timedelta",
            )
        return NotImplemented

    def _aggregate_seconds(self, name: str, partition: Any) -> Series:
        seconds = self.dt.total_seconds
        result = getattr(seconds, name)(partition=partition)
        micros = exp.Cast(
            this=exp.func(
                "ROUND",
                exp.Mul(this=paren(result.expression), expression=exp.Literal.number(1000000)),
            ),
            to=sql_type("int64"),
        )
        return result.copy_override(
            expression=bx.IntervalFromMicros(this=micros), dtype="timedelta", name=self.name
        )

    def sum(self, partition: Any = None, skipna: bool = True, **kwargs: Any) -> Series:
        """The total duration, per group when grouped."""
        return self._aggregate_seconds("sum", partition)

    def mean(self, partition: Any = None, skipna: bool = True) -> Series:
        """The mean duration, per group when grouped."""
        return self._aggregate_seconds("mean", partition)

    @property
    def dt(self) -> TimedeltaAccessor:
        """The ``.dt`` accessor of durations: ``total_seconds``, ``days``."""
        return TimedeltaAccessor(self)


class DateTimeAccessor:
    """``.dt`` on date, time and timestamp Series.

    It has ``strftime`` (portable codes) and ``date_trunc``.

    Examples
    --------
    >>> import datetime, pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({
    ...     'moment': pd.to_datetime(['2022-01-05 10:15:00', '2022-02-17 08:00:30'])}))
    >>> df.moment.dt.strftime('%d %b %Y, %H:%M').sort_index().to_pandas().tolist()
    ['05 Jan 2022, 10:15', '17 Feb 2022, 08:00']
    """

    def __init__(self, series: Series):
        self._series = series

    def strftime(self, format_str: str) -> Series:
        """Format with C codes that mean the same on every dialect.

        Supported: %Y %y %m %d %H %I %M %S %f (BigQuery: only as %S.%f) %j %V %G %a %A %b %B
        %p %F %T %R %%.

        Parameters
        ----------
        format_str : str
            The format, with the codes above (names are English on every dialect).

        Returns
        -------
        Series
            A string Series.

        Raises
        ------
        InvalidArgumentError
            On a time Series.
        UnsupportedOperationError
            When a code is not supported; raised when the SQL is made (``view_sql()``,
            ``to_pandas()``) and naming the dialect.

        Examples
        --------
        >>> import datetime, pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({
        ...     'moment': pd.to_datetime(['2022-01-05 10:15:00', '2022-02-17 08:00:30']),
        ...     'day': [datetime.date(2022, 1, 5), datetime.date(2022, 2, 17)]}))
        >>> df.moment.dt.strftime('%Y-%m-%d %H:%M:%S').sort_index().to_pandas().tolist()
        ['2022-01-05 10:15:00', '2022-02-17 08:00:30']
        >>> df.day.dt.strftime('%a %d %B (day %j)').sort_index().to_pandas().tolist()
        ['Wed 05 January (day 005)', 'Thu 17 February (day 048)']
        """
        check_str(format_str, "dt.strftime(format_str=...)", hint="E.g. '%Y-%m-%d'.")
        if self._series.dtype == "time":
            msg = "strftime on time Series is not supported yet."
            raise InvalidArgumentError(msg)
        return self._series._derived(
            bx.Strftime(this=_as_timestamp(self._series), format=exp.Literal.string(format_str)),
            "string",
            size=self._series._size + 2,
        )

    def date_trunc(self, date_part: str) -> Series:
        """Truncate to ``date_part``, keeping the dtype (date stays date).

        ``date_part`` is second, minute, hour, day, week (from Monday), month, quarter or year.

        Parameters
        ----------
        date_part : str
            One of the units above (case-insensitive).

        Returns
        -------
        Series
            A Series of the same dtype.

        Raises
        ------
        InvalidArgumentError
            For another unit.

        Examples
        --------
        >>> import datetime, pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({
        ...     'moment': pd.to_datetime(['2022-01-05 10:15:00', '2022-02-17 08:00:30']),
        ...     'day': [datetime.date(2022, 1, 5), datetime.date(2022, 2, 17)]}))
        >>> df['hour'] = df.moment.dt.date_trunc('hour')
        >>> df['week'] = df.day.dt.date_trunc('week')
        >>> df['quarter'] = df.day.dt.date_trunc('quarter')
        >>> df.dtypes
        {'moment': 'timestamp', 'day': 'date', 'hour': 'timestamp', 'week': 'date', 'quarter': 'date'}
        >>> print(df[['hour', 'week', 'quarter']].sort_index().to_pandas().to_string(index=False))
                       hour       week    quarter
        2022-01-05 10:00:00 2022-01-03 2022-01-01
        2022-02-17 08:00:00 2022-02-14 2022-01-01
        """
        unit = str(date_part).lower()
        if unit not in DATE_TRUNC_UNITS:
            msg = f"date_trunc(date_part={date_part!r}): choose one of {DATE_TRUNC_UNITS}."
            raise InvalidArgumentError(msg)
        truncated: exp.Expression = bx.DateTruncTo(
            this=_as_timestamp(self._series), unit=exp.Literal.string(unit)
        )
        if self._series.dtype == "date":
            truncated = exp.Cast(this=truncated, to=sql_type("date"))
        else:
            truncated = exp.Cast(this=truncated, to=sql_type("timestamp"))
        return self._series._derived(truncated, size=self._series._size + 3)


class TimedeltaAccessor:
    """``.dt`` on timedelta: ``total_seconds``, ``days``, ``seconds``, ``microseconds``."""

    def __init__(self, series: Series):
        self._series = series

    @property
    def total_seconds(self) -> Series:
        """The duration in seconds (a float64 Series)."""
        return self._series._derived(
            bx.IntervalTotalSeconds(this=self._series.expression),
            "float64",
            size=self._series._size + 1,
        )

    @property
    def days(self) -> Series:
        """The whole days of the duration, rounded down (an int64 Series)."""
        seconds = self.total_seconds
        return seconds._derived(
            exp.Cast(
                this=exp.Floor(
                    this=exp.Div(
                        this=paren(seconds.expression), expression=exp.Literal.number(86400)
                    )
                ),
                to=sql_type("int64"),
            ),
            "int64",
        )
