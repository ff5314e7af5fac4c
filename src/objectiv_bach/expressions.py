"""Neutral SQL concepts that sqlglot lacks, or renders wrongly for one of our dialects.

Each class here is a small ``exp.Func`` with *no* generic rendering: every Bach dialect renders it
explicitly (``dialects/<name>.py``), and ``tests/dialects/test_expressions.py`` checks that each
dialect has a rendering for each class. sqlglot's generic fallback (``NAME(args)``) would be a
silent wrong transpile, so :func:`objectiv_bach.dialects.render` refuses any class of this module
that a dialect does not know.
"""

from __future__ import annotations

from sqlglot import exp


class BachFunc(exp.Expression, exp.Func):
    """Base of our own functions (so that the renderer can recognise them)."""


class JsonGetKey(BachFunc):
    """``this[key]`` on a JSON object, giving JSON (NULL when absent). ``key`` is a string literal."""

    arg_types = {"this": True, "key": True}


class JsonGetKeyText(BachFunc):
    """``this[key]`` as text: strings unquoted, other scalars as their JSON text."""

    arg_types = {"this": True, "key": True}


class JsonGetIndex(BachFunc):
    """``this[index]`` on a JSON array, giving JSON. ``index`` is an int literal; negative counts from
    the end (-1 is the last element)."""

    arg_types = {"this": True, "index": True}


class JsonArrayLength(BachFunc):
    """Number of elements of a JSON array."""

    arg_types = {"this": True}


class JsonToString(BachFunc):
    """The JSON text of a JSON value."""

    arg_types = {"this": True}


class StringToJson(BachFunc):
    """Parse JSON text into a JSON value."""

    arg_types = {"this": True}


class IntervalTotalSeconds(BachFunc):
    """Length of an interval in seconds (float); a day is 86400 s, a month 30 days."""

    arg_types = {"this": True}


class IntervalFromMicros(BachFunc):
    """An interval of ``this`` (an integer) microseconds."""

    arg_types = {"this": True}


class TimestampDiff(BachFunc):
    """``this - expression`` for two timestamps, as an interval."""

    arg_types = {"this": True, "expression": True}


class Strftime(BachFunc):
    """Format a date or timestamp. ``format`` is a string literal of portable C codes
    (see :data:`objectiv_bach.dialects.base.STRFTIME_CODES`)."""

    arg_types = {"this": True, "format": True}


class DateTruncTo(BachFunc):
    """Truncate a timestamp to ``unit`` (a string literal: second, minute, hour, day, week, month,
    quarter, year). Weeks start on Monday on every dialect."""

    arg_types = {"this": True, "unit": True}


class RoundTo(BachFunc):
    """Round a float to ``decimals`` (an int literal) digits, half away from zero."""

    arg_types = {"this": True, "decimals": True}


class JsonColumn(BachFunc):
    """A JSON column read from a table, in the dialect's working JSON type (PostgreSQL: a
    ``json`` column becomes ``jsonb``; elsewhere the column as it is)."""

    arg_types = {"this": True}


class JsonArrayFilter(BachFunc):
    """The elements of JSON array ``this`` whose ``key`` (a string literal) has text ``value``
    (a string literal), as a JSON array in their original order ('[]' when none match)."""

    arg_types = {"this": True, "key": True, "value": True}


class JsonArraySliceFrom(BachFunc):
    """The elements of JSON array ``this`` from the first one that contains every key/value of
    the JSON object ``match`` (a StringToJson literal) to the end; '[]' when none does."""

    arg_types = {"this": True, "match": True}


class JsonArrayContains(BachFunc):
    """True when JSON array ``this`` has the string ``item`` (a string literal) as an element."""

    arg_types = {"this": True, "item": True}


class ObjectivNiceName(BachFunc):
    """The Objectiv location stack's readable name: ``'<Type>: <id>'`` of the last element,
    then ``' located at '`` and the others' labels joined with ``' => '``. ``<Type>`` is the
    ``_type`` without its ``Context`` suffix, CamelCase split into words."""

    arg_types = {"this": True}


class JsonArrayProject(BachFunc):
    """Every object of JSON array ``this`` reduced to ``keys`` (a tuple of string literals)."""

    arg_types = {"this": True, "keys": True}


class PartitionKey(BachFunc):
    """A float used as a window partition key. BigQuery cannot partition by FLOAT64, so it
    partitions by the value's text there; elsewhere the value itself."""

    arg_types = {"this": True}


# ---------------------------------------------------------------- statistics (quantile)
class QuantileCont(BachFunc, exp.AggFunc):
    """Exact quantile ``quantile`` (a float literal in [0, 1]) of the non-NULL values of
    ``this`` (a double), interpolated linearly between the two nearest ranks (pandas'
    ``interpolation='linear'``). An aggregate; NULL when there are no values. BigQuery has no
    exact aggregate for it: it indexes the sorted ``ARRAY_AGG`` there."""

    arg_types = {"this": True, "quantile": True}

