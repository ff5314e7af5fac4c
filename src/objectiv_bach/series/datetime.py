"""date, time, timestamp and timedelta Series, and the ``.dt`` accessor."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pandas as pd
from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.dialects.base import DATE_TRUNC_UNITS
from objectiv_bach.errors import DtypeError, InvalidArgumentError
from objectiv_bach.series import literals, timedelta_ops
from objectiv_bach.series.base import _COMPARISONS, Series, paren
from objectiv_bach.types import register_dtype, sql_type
from objectiv_bach.validation import check_str

#: the parts of :class:`DateTimeAccessor`, and the dtypes that have each
_DATE_PARTS = ("year", "month", "day", "quarter", "dayofweek", "dayofyear", "week")
_TIME_PARTS = ("hour", "minute", "second", "microsecond")
#: microseconds per unit of :meth:`SeriesTimestamp.from_epoch`
_EPOCH_UNITS = {"s": 1_000_000, "ms": 1_000, "us": 1}
#: strftime codes of a time of day (a time Series has no date)
_TIME_CODES = ("%H", "%I", "%M", "%S", "%f", "%p", "%T", "%R", "%%")


def _seconds_to_micros(series: Series) -> exp.Expression:
    """A number Series of seconds as microseconds (an expression)."""
    return exp.Mul(
        this=paren(series.expression), expression=exp.Literal.number(timedelta_ops.US_PER_SECOND)
    )


def _check_seconds(series: Any, what: str) -> Series:
    if not isinstance(series, Series) or series.dtype not in ("int64", "float64"):
        msg = (
            f"{what} takes an int64 or float64 Series of seconds, got "
            f"{getattr(series, 'dtype', type(series).__name__)!r}."
        )
        raise DtypeError(msg)
    return series


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
        """The ``.dt`` accessor: ``strftime``, ``date_trunc``, ``date``, ...

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'t': pd.to_datetime(
        ...     ['2021-01-03 23:59:58.25', '2022-12-31 00:00:01.0'])}))
        >>> df.t.dt.strftime('%Y-%m').sort_index().to_pandas().tolist()
        ['2021-01', '2022-12']
        """
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

    @classmethod
    def from_total_seconds(cls, series: Series) -> Series:
        """Timestamps from seconds since 1970-01-01 00:00:00 (UTC), to the microsecond.

        Parameters
        ----------
        series : Series
            An int64 or float64 Series of seconds (a Unix time).

        Returns
        -------
        SeriesTimestamp

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'unix': [0, 1651234567.5]}))
        >>> bach.SeriesTimestamp.from_total_seconds(df.unix).sort_index().to_pandas().tolist()
        [Timestamp('1970-01-01 00:00:00'), Timestamp('2022-04-29 12:16:07.500000')]
        """
        seconds = _check_seconds(series, "SeriesTimestamp.from_total_seconds")
        epoch = exp.cast(exp.Literal.string("1970-01-01 00:00:00"), sql_type("timestamp"))
        moment = exp.Add(
            this=epoch, expression=timedelta_ops.from_micros(_seconds_to_micros(seconds))
        )
        return seconds._derived(exp.cast(moment, sql_type("timestamp")), "timestamp")

    @classmethod
    def from_epoch(cls, series: Series, unit: str = "s") -> Series:
        """Timestamps from a count of ``unit`` since 1970-01-01 00:00:00 (UTC).

        As ``pandas.to_datetime(values, unit=unit)``: an int64 count of milliseconds (the
        ``INT64`` event times some loaders write) converts exactly, with integer arithmetic;
        a float64 count is rounded to the microsecond.

        Parameters
        ----------
        series : Series
            An int64 or float64 Series.
        unit : {'s', 'ms', 'us'}, default 's'
            What one counts: seconds, milliseconds or microseconds.

        Returns
        -------
        SeriesTimestamp

        Raises
        ------
        DtypeError
            For a Series that is not int64 or float64.
        InvalidArgumentError
            For another ``unit``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'ms': [0, 1651234567891]}))
        >>> bach.SeriesTimestamp.from_epoch(df.ms, unit='ms').sort_index().to_pandas().tolist()
        [Timestamp('1970-01-01 00:00:00'), Timestamp('2022-04-29 12:16:07.891000')]
        """
        count = _check_seconds(series, "SeriesTimestamp.from_epoch")
        if unit not in _EPOCH_UNITS:
            msg = f"from_epoch(unit={unit!r}): choose one of {list(_EPOCH_UNITS)}."
            raise InvalidArgumentError(msg)
        factor = exp.Literal.number(_EPOCH_UNITS[unit])
        micros = exp.Mul(this=paren(count.expression), expression=factor)
        epoch = exp.cast(exp.Literal.string("1970-01-01 00:00:00"), sql_type("timestamp"))
        moment = exp.Add(this=epoch, expression=timedelta_ops.from_micros(micros))
        return count._derived(exp.cast(moment, sql_type("timestamp")), "timestamp")

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
        if op in ("*", "/") and other.dtype in ("int64", "float64"):
            return self._combine(
                other,
                timedelta_ops.scaled(self.expression, other.expression, divide=op == "/"),
                "timedelta",
            )
        if op == "/" and other.dtype == "timedelta":  # a ratio (NULL for a zero divisor)
            ratio = exp.Div(
                this=paren(bx.IntervalTotalSeconds(this=self.expression)),
                expression=exp.Nullif(
                    this=bx.IntervalTotalSeconds(this=other.expression),
                    expression=exp.Literal.number(0),
                ),
            )
            return self._combine(other, ratio, "float64")
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
        """The total duration, per group when grouped.

        Returns
        -------
        Series
            A timedelta Series.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'a', 'b'],
        ...                                            'd': pd.to_timedelta(['1 days', '2 hours', '90s'])}))
        >>> df.d.sum().value
        Timedelta('1 days 02:01:30')
        >>> df.groupby('g').d.sum().sort_index().to_pandas().tolist()
        [Timedelta('1 days 02:00:00'), Timedelta('0 days 00:01:30')]
        """
        return self._aggregate_seconds("sum", partition)

    def mean(self, partition: Any = None, skipna: bool = True) -> Series:
        """The mean duration, per group when grouped.

        Returns
        -------
        Series
            A timedelta Series.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'a', 'b'],
        ...                                            'd': pd.to_timedelta(['1 days', '2 hours', '90s'])}))
        >>> df.d.mean().value
        Timedelta('0 days 08:40:30')
        """
        return self._aggregate_seconds("mean", partition)

    @classmethod
    def from_total_seconds(cls, series: Series) -> Series:
        """Durations of the given number of seconds, to the microsecond.

        Parameters
        ----------
        series : Series
            An int64 or float64 Series of seconds.

        Returns
        -------
        SeriesTimedelta

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'s': [90, -1.5]}))
        >>> bach.SeriesTimedelta.from_total_seconds(df.s).sort_index().to_pandas().tolist()
        [Timedelta('0 days 00:01:30'), Timedelta('-1 days +23:59:58.500000')]
        """
        seconds = _check_seconds(series, "SeriesTimedelta.from_total_seconds")
        return seconds._derived(timedelta_ops.from_micros(_seconds_to_micros(seconds)), "timedelta")

    @property
    def dt(self) -> TimedeltaAccessor:
        """The ``.dt`` accessor of durations: ``total_seconds``, ``days``, ``components``...

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'a', 'b'],
        ...                                            'd': pd.to_timedelta(['1 days', '2 hours', '90s'])}))
        >>> df.d.dt.days.sort_index().to_pandas().tolist()
        [1, 0, 0]
        """
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
            On a time Series, for a date code (only %H %I %M %S %f %p %T %R %% apply).
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
        >>> df['clock'] = df.moment.astype('time')
        >>> df.clock.dt.strftime('%I:%M %p').sort_index().to_pandas().tolist()
        ['10:15 AM', '08:00 AM']
        """
        check_str(format_str, "dt.strftime(format_str=...)", hint="E.g. '%Y-%m-%d'.")
        value = _as_timestamp(self._series)
        if self._series.dtype == "time":
            codes = {c for c in re.findall("%.", format_str) if c not in _TIME_CODES}
            if codes:
                msg = (
                    f"dt.strftime({format_str!r}) on the time Series {self._series.name!r}: "
                    f"{sorted(codes)} are date codes; a time has {list(_TIME_CODES)}."
                )
                raise InvalidArgumentError(msg)
            value = bx.TimeToTimestamp(this=self._series.expression)
        return self._series._derived(
            bx.Strftime(this=value, format=exp.Literal.string(format_str)),
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

    def _part(self, part: str) -> Series:
        series = self._series
        allowed = {"date": _DATE_PARTS, "time": _TIME_PARTS}.get(
            series.dtype, _DATE_PARTS + _TIME_PARTS
        )
        if part not in allowed:
            msg = (
                f"dt.{part} of the {series.dtype} Series {series.name!r}: a {series.dtype} has "
                f"{list(allowed)}. Cast it first (astype('timestamp')) if you mean midnight."
            )
            raise DtypeError(msg)
        return series._derived(
            bx.DatePart(this=series.expression, part=exp.Literal.string(part)),
            "int64",
            size=series._size + 2,
        )

    @property
    def year(self) -> Series:
        """The year (int64), as pandas' ``dt.year``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'t': pd.to_datetime(
        ...     ['2021-01-03 23:59:58.25', '2022-12-31 00:00:01.0'])}))
        >>> parts = {p: getattr(df.t.dt, p).sort_index().to_pandas().tolist() for p in
        ...          ['year', 'quarter', 'month', 'day', 'hour', 'minute', 'second', 'microsecond',
        ...           'dayofweek', 'dayofyear', 'week']}
        >>> for name, got in parts.items():
        ...     print(f'{name:12}{got}')
        year        [2021, 2022]
        quarter     [1, 4]
        month       [1, 12]
        day         [3, 31]
        hour        [23, 0]
        minute      [59, 0]
        second      [58, 1]
        microsecond [250000, 0]
        dayofweek   [6, 5]
        dayofyear   [3, 365]
        week        [53, 52]
        """
        return self._part("year")

    @property
    def month(self) -> Series:
        """The month 1-12 (int64), as pandas' ``dt.month``; see :attr:`year` for an example.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'t': pd.to_datetime(
        ...     ['2021-01-03 23:59:58.25', '2022-12-31 00:00:01.0'])}))
        >>> df.t.dt.month.sort_index().to_pandas().tolist()
        [1, 12]
        """
        return self._part("month")

    @property
    def day(self) -> Series:
        """The day of the month 1-31 (int64), as pandas' ``dt.day``; example at :attr:`year`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'t': pd.to_datetime(
        ...     ['2021-01-03 23:59:58.25', '2022-12-31 00:00:01.0'])}))
        >>> df.t.dt.day.sort_index().to_pandas().tolist()
        [3, 31]
        """
        return self._part("day")

    @property
    def hour(self) -> Series:
        """The hour 0-23 (int64), as pandas' ``dt.hour``; example at :attr:`year`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'t': pd.to_datetime(
        ...     ['2021-01-03 23:59:58.25', '2022-12-31 00:00:01.0'])}))
        >>> df.t.dt.hour.sort_index().to_pandas().tolist()
        [23, 0]
        """
        return self._part("hour")

    @property
    def minute(self) -> Series:
        """The minute 0-59 (int64), as pandas' ``dt.minute``; example at :attr:`year`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'t': pd.to_datetime(
        ...     ['2021-01-03 23:59:58.25', '2022-12-31 00:00:01.0'])}))
        >>> df.t.dt.minute.sort_index().to_pandas().tolist()
        [59, 0]
        """
        return self._part("minute")

    @property
    def second(self) -> Series:
        """The whole second 0-59 (int64), as pandas' ``dt.second``; example at :attr:`year`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'t': pd.to_datetime(
        ...     ['2021-01-03 23:59:58.25', '2022-12-31 00:00:01.0'])}))
        >>> df.t.dt.second.sort_index().to_pandas().tolist()
        [58, 1]
        """
        return self._part("second")

    @property
    def microsecond(self) -> Series:
        """The microseconds 0-999999 within the second (int64), as pandas' ``dt.microsecond``.

        See :attr:`year` for an example.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'t': pd.to_datetime(
        ...     ['2021-01-03 23:59:58.25', '2022-12-31 00:00:01.0'])}))
        >>> df.t.dt.microsecond.sort_index().to_pandas().tolist()
        [250000, 0]
        """
        return self._part("microsecond")

    @property
    def quarter(self) -> Series:
        """The quarter 1-4 (int64), as pandas' ``dt.quarter``; example at :attr:`year`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'t': pd.to_datetime(
        ...     ['2021-01-03 23:59:58.25', '2022-12-31 00:00:01.0'])}))
        >>> df.t.dt.quarter.sort_index().to_pandas().tolist()
        [1, 4]
        """
        return self._part("quarter")

    @property
    def dayofweek(self) -> Series:
        """The day of the week, Monday 0 to Sunday 6 (int64), as pandas' ``dt.dayofweek``; ``weekday`` is the same.

        See :attr:`year` for an example.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'t': pd.to_datetime(
        ...     ['2021-01-03 23:59:58.25', '2022-12-31 00:00:01.0'])}))
        >>> df.t.dt.dayofweek.sort_index().to_pandas().tolist()
        [6, 5]
        >>> df.t.dt.weekday.sort_index().to_pandas().tolist()
        [6, 5]
        """
        return self._part("dayofweek")

    weekday = dayofweek

    @property
    def dayofyear(self) -> Series:
        """The day of the year 1-366 (int64), as pandas' ``dt.dayofyear``; example at :attr:`year`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'t': pd.to_datetime(
        ...     ['2021-01-03 23:59:58.25', '2022-12-31 00:00:01.0'])}))
        >>> df.t.dt.dayofyear.sort_index().to_pandas().tolist()
        [3, 365]
        """
        return self._part("dayofyear")

    @property
    def week(self) -> Series:
        """The ISO 8601 week 1-53 (int64), as pandas' ``dt.isocalendar().week``.

        Weeks start on Monday; the first week of a year holds its first Thursday, so 1 January
        may be in week 52 or 53. See :attr:`year` for an example.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'t': pd.to_datetime(
        ...     ['2021-01-03 23:59:58.25', '2022-12-31 00:00:01.0'])}))
        >>> df.t.dt.week.sort_index().to_pandas().tolist()
        [53, 52]
        """
        return self._part("week")

    @property
    def date(self) -> Series:
        """The date of each timestamp (a date Series), as pandas' ``dt.date``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'t': pd.to_datetime(['2022-01-02 23:59'])}))
        >>> df.t.dt.date.to_pandas().tolist()
        [datetime.date(2022, 1, 2)]
        """
        if self._series.dtype not in ("timestamp", "date"):
            msg = f"dt.date of the {self._series.dtype} Series {self._series.name!r}: a time has no date."
            raise DtypeError(msg)
        return self._series.astype("date")


class TimedeltaAccessor:
    """``.dt`` on timedelta: ``total_seconds``, ``days``, ``seconds``, ``microseconds``."""

    def __init__(self, series: Series):
        self._series = series

    @property
    def total_seconds(self) -> Series:
        """The duration in seconds (a float64 Series).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'a', 'b'],
        ...                                            'd': pd.to_timedelta(['1 days', '2 hours', '90s'])}))
        >>> df.d.dt.total_seconds.sort_index().to_pandas().tolist()
        [86400.0, 7200.0, 90.0]
        """
        return self._series._derived(
            bx.IntervalTotalSeconds(this=self._series.expression),
            "float64",
            size=self._series._size + 1,
        )

    @property
    def days(self) -> Series:
        """The whole days of the duration, rounded down (an int64 Series).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'a', 'b'],
        ...                                            'd': pd.to_timedelta(['1 days', '2 hours', '90s'])}))
        >>> df.d.dt.days.sort_index().to_pandas().tolist()
        [1, 0, 0]
        """
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

    @property
    def seconds(self) -> Series:
        """The seconds 0-86399 after the whole days (int64), as pandas' ``dt.seconds``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'d': pd.to_timedelta(
        ...     ['1 days 00:00:03.25', '-1s'])}))
        >>> df.d.dt.seconds.sort_index().to_pandas().tolist()
        [3, 86399]
        >>> df.d.dt.microseconds.sort_index().to_pandas().tolist()
        [250000, 0]
        >>> df.d.dt.days.sort_index().to_pandas().tolist()
        [1, -1]
        """
        return self._int(timedelta_ops.seconds_of_day(self._series.expression))

    @property
    def microseconds(self) -> Series:
        """The microseconds 0-999999 after the whole seconds, as pandas' ``dt.microseconds``.

        See also the example at :attr:`seconds`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'a', 'b'],
        ...                                            'd': pd.to_timedelta(['1 days', '2 hours', '90s'])}))
        >>> df.d.dt.microseconds.sort_index().to_pandas().tolist()
        [0, 0, 0]
        """
        return self._int(timedelta_ops.micros_of_second(self._series.expression))

    def _int(self, expression: exp.Expression) -> Series:
        return self._series._derived(expression, "int64", size=self._series._size + 4)

    @property
    def components(self) -> Any:
        """The parts of each duration as a DataFrame, as pandas' ``dt.components``.

        Columns ``days`` (rounded down, negative for negative durations), ``hours``,
        ``minutes``, ``seconds``, ``milliseconds``, ``microseconds`` and ``nanoseconds``
        (always 0: Bach durations are to the microsecond), all int64, on the Series' index.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'d': pd.to_timedelta(
        ...     ['1 days 02:03:04.005006', '-1us'])}))
        >>> print(df.d.dt.components.sort_index().to_pandas().to_string(index=False))
         days  hours  minutes  seconds  milliseconds  microseconds  nanoseconds
            1      2        3        4             5             6            0
           -1     23       59       59           999           999            0
        """
        frame = self._series.to_frame()
        for name in timedelta_ops.COMPONENTS:
            frame[name] = self._int(timedelta_ops.component(self._series.expression, name))
        zero = exp.Case(
            ifs=[
                exp.If(
                    this=exp.Not(this=exp.Is(this=self._series.expression, expression=exp.null())),
                    true=exp.Literal.number(0),
                )
            ]
        )
        frame["nanoseconds"] = self._int(zero)
        return frame[[*timedelta_ops.COMPONENTS, "nanoseconds"]]
