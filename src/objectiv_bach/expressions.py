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
    """``this[index]`` on a JSON array, giving JSON.

    ``index`` is an int literal; negative counts from the end (-1 is the last element).
    """

    arg_types = {"this": True, "index": True}


class JsonArrayLength(BachFunc):
    """Number of elements of a JSON array; NULL for NULL and for a value that is not an array."""

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
    """The interval ``this - expression`` between two timestamps."""

    arg_types = {"this": True, "expression": True}


class Strftime(BachFunc):
    """Format a date or timestamp.

    ``format`` is a string literal of portable C codes (see :data:`objectiv_bach.dialects.base.STRFTIME_CODES`).
    """

    arg_types = {"this": True, "format": True}


class DateTruncTo(BachFunc):
    """Truncate a timestamp to ``unit``.

    ``unit`` is a string literal: second, minute, hour, day, week, month, quarter, year. Weeks
    start on Monday on every dialect.
    """

    arg_types = {"this": True, "unit": True}


class TruncatedGroupKey(DateTruncTo):
    """:class:`DateTruncTo` as a group key that is only formatted (``plan.render.cheap_group_keys``).

    Only its groups and its date parts count, so a dialect may render it as another type: a
    ``DATE`` for 'day' on DuckDB and PostgreSQL (cheaper to compute and hash than a truncated
    timestamp).
    """


class InlineValues(BachFunc):
    """The inline rows of a ``from_pandas`` frame: ``(VALUES ...) AS alias(columns)`` in a FROM.

    ``this`` is a :class:`objectiv_bach.plan.values.ValuesText`, not a child expression: walking,
    copying and binding a query does not visit the rows, and every dialect renders them through
    the holder, which generates their text once per dialect (``plan.values``).
    """

    arg_types = {"this": True}


class RoundTo(BachFunc):
    """Round a float to ``decimals`` (an int literal) digits, half away from zero."""

    arg_types = {"this": True, "decimals": True}


class JsonColumn(BachFunc):
    """A JSON column read from a table, in the dialect's working JSON type.

    PostgreSQL: a ``json`` column becomes ``jsonb``; elsewhere the column as it is.
    """

    arg_types = {"this": True}


class JsonArrayFilter(BachFunc):
    """The elements of JSON array ``this`` that contain every key/value of JSON object ``match``.

    Here and in the other JSON-array functions below, a value of ``this`` that is not an array
    (an object, a scalar, JSON null) is a missing array, as NULL: no elements, never an error.

    ``match`` is a string literal of a JSON object of scalars, compared as text. The result is a
    JSON array in their original order ('[]' when none match).
    """

    arg_types = {"this": True, "match": True}


class JsonArraySlice(BachFunc):
    """The elements of JSON array ``this`` at positions ``start <= p < stop``.

    The positions are 0-based int literals, negative counting from the end, each optional, as
    Python's ``list[start:stop]``; '[]' when none.
    """

    arg_types = {"this": True, "start": False, "stop": False}


class JsonArraySliceFrom(BachFunc):
    """The elements of JSON array ``this`` from the first one that matches ``match``.

    An element matches when it contains every key/value of the JSON object ``match`` (a
    StringToJson literal); the result runs to the end, '[]' when none matches.
    """

    arg_types = {"this": True, "match": True}


class JsonArrayContains(BachFunc):
    """True when JSON array ``this`` has the string ``item`` (a string literal) as an element."""

    arg_types = {"this": True, "item": True}


class PartitionKey(BachFunc):
    """A float used as a window partition key.

    BigQuery cannot partition by FLOAT64, so it partitions by the value's text there; elsewhere
    the value itself.
    """

    arg_types = {"this": True}


# ---------------------------------------------------------------------------------------------
# lists and dicts (structured dtypes). ``to`` arguments are neutral sqlglot DataTypes: ARRAY
# (one element type) and STRUCT (ColumnDefs of field name and type); each dialect maps them to
# its storage (PostgreSQL: arrays, and JSONB objects for STRUCT).


class StructPack(BachFunc):
    """A dict value: ``keys`` (a Tuple of string literals) paired with ``expressions``."""

    arg_types = {"keys": True, "expressions": True}


class Log10(BachFunc):
    """The base-10 logarithm of a double (BigQuery's one-argument ``LOG`` is the natural one)."""

    arg_types = {"this": True}


class StructField(BachFunc):
    """Field ``field`` (a string literal) of dict ``this``; ``to`` is the field's DataType."""

    arg_types = {"this": True, "field": True, "to": True}


class ListGet(BachFunc):
    """Element ``index`` of list ``this``; NULL when out of range.

    ``index`` is an int literal, 0-based; negative counts from the end.
    """

    arg_types = {"this": True, "index": True}


class ListSlice(BachFunc):
    """Elements ``start`` up to ``stop`` of list ``this``, as a list.

    ``start`` and ``stop`` are int literals or NULL for open ends (Python slice rules, negative
    counts from the end).
    """

    arg_types = {"this": True, "start": True, "stop": True}


class ListLength(BachFunc):
    """Number of elements of list ``this`` (NULL for a NULL list)."""

    arg_types = {"this": True}


class ValuesEqual(BachFunc):
    """Equality ``this = expression`` of two lists or two dicts of the same dtype.

    NULL when either is NULL.
    """

    arg_types = {"this": True, "expression": True}


class ToJson(BachFunc):
    """A list or dict value as JSON."""

    arg_types = {"this": True}


class JsonTo(BachFunc):
    """JSON ``this`` as a value of DataType ``to`` (a list or dict).

    Elements and fields are converted from their JSON form; a JSON value of the wrong shape gives
    NULL.
    """

    arg_types = {"this": True, "to": True}


# ---------------------------------------------------------------------------------------------
# Floor division and modulo, as Python. Every rendering names the dividend ``this`` once (so a
# chain ``s = s // t`` grows linearly); see ``docs/adding_a_dialect.md`` for the divisor.


class IntFloorDiv(BachFunc):
    """Floor division ``this // expression`` of two integers, as Python.

    The quotient is rounded toward minus infinity, exact for every int64; NULL when
    ``expression`` is 0.
    """

    arg_types = {"this": True, "expression": True}


class IntFloorMod(BachFunc):
    """Modulo ``this % expression`` of two integers, as Python.

    The remainder has the sign of ``expression``; NULL when ``expression`` is 0.
    """

    arg_types = {"this": True, "expression": True}


class FloatFloorMod(BachFunc):
    """Modulo ``this % expression`` of floats, as Python.

    That is ``this - expression * floor(this / expression)``, with the sign of ``expression``;
    NULL when ``expression`` is 0.
    """

    arg_types = {"this": True, "expression": True}


class ShiftLeft(BachFunc):
    """Left shift ``this << expression`` of two integers: ``this * 2 ** expression`` (0 to 62).

    Every engine multiplies (DuckDB cannot shift negative numbers left), so a result beyond
    int64 raises everywhere (pandas wraps around).
    """

    arg_types = {"this": True, "expression": True}


class ShiftRight(BachFunc):
    """Right shift ``this >> expression`` of two integers, as Python: floor of ``this / 2 ** n``.

    Counts 0 to 62. The sign is kept (BigQuery's own ``>>`` would shift zeros in).
    """

    arg_types = {"this": True, "expression": True}


class HashFraction(BachFunc):
    """A float in [0, 1) from text ``this``: the first 32 bits of its MD5, divided by 2**32.

    The same value on every engine (and in Python: ``int(md5(text)[:8], 16) / 2**32``).
    """

    arg_types = {"this": True}


class HashUuid(BachFunc):
    """The UUID whose 32 hex digits are the MD5 of text ``this`` (a uuid; text on BigQuery)."""

    arg_types = {"this": True}


# ---------------------------------------------------------------- statistics (quantile)
class QuantileCont(BachFunc, exp.AggFunc):
    """Exact quantile ``quantile`` of the non-NULL values of ``this`` (a double).

    ``quantile`` is a float literal in [0, 1]; the result is interpolated linearly between the two
    nearest ranks (pandas' ``interpolation='linear'``). An aggregate; NULL when there are no values.
    BigQuery has no exact aggregate for it: it indexes the sorted ``ARRAY_AGG`` there.
    """

    arg_types = {"this": True, "quantile": True}


class FirstInOrder(BachFunc, exp.AggFunc):
    """An aggregate: ``this`` of the first row in ``order`` among the rows where ``keep`` holds.

    ``order`` is an ``exp.Order`` of ``Ordered`` terms over scalar values (BigQuery cannot order
    by a struct), ``keep`` a condition; NULL when no row is kept. For values without an SQL
    ordering of their own, e.g. the min/max of a numeric interval (a struct/JSONB of levels).
    Not a window function: no engine takes an ordered ``ARRAY_AGG`` with ``OVER``.
    """

    arg_types = {"this": True, "order": True, "keep": True}


# ---------------------------------------------------------------- sampling (get_sample)
class SampleBucket(BachFunc):
    """A deterministic bucket in ``[0, 1000000)`` of a row, for a seeded sample.

    ``expressions`` are the row's columns and ``seed`` an int literal; the same row content and
    seed give the same bucket on every run of the same engine (equal rows share a bucket).
    ``bucket < percentage * 10000`` keeps about ``percentage`` percent of the rows. Each dialect
    hashes the row its own way, so the chosen rows differ between engines.
    """

    arg_types = {"expressions": True, "seed": True}
    is_var_len_args = True


# ---------------------------------------------------------------- strings, dates, text forms
class RegexSearch(BachFunc):
    """True where string ``this`` contains a match of ``pattern``.

    ``pattern`` is a string literal in the portable syntax of :mod:`objectiv_bach.regex`, which
    each dialect writes for its own engine; ``case`` a boolean literal (False: ignore case).
    """

    arg_types = {"this": True, "pattern": True, "case": True}


class RegexReplace(BachFunc):
    """String ``this`` with every match of ``pattern`` replaced by the text ``replacement``.

    ``pattern`` is a string literal in the portable syntax of :mod:`objectiv_bach.regex`
    (validated for replacing); ``replacement`` a string literal inserted literally; ``case`` a
    boolean literal.
    """

    arg_types = {"this": True, "pattern": True, "replacement": True, "case": True}


class StrSplit(BachFunc):
    """String ``this`` split on the string literal ``delimiter``: a list of strings.

    As Python's ``str.split(sep)``: the empty string gives ``['']``, NULL gives NULL.
    """

    arg_types = {"this": True, "delimiter": True}


class DatePart(BachFunc):
    """An int64 part of a date, time or timestamp, as pandas' ``.dt`` properties.

    ``part`` is a string literal: year, month, day, hour, minute, second, microsecond (0-999999),
    quarter, dayofweek (Monday 0), week (the ISO week) or dayofyear.
    """

    arg_types = {"this": True, "part": True}


class TimeToTimestamp(BachFunc):
    """Time of day ``this`` as a timestamp on 1970-01-01 (to format it)."""

    arg_types = {"this": True}


class FloatToText(BachFunc):
    """A float as Python's ``repr``: ``'10.0'``, ``'1.5'``, ``'1e+20'``, ``'nan'``, ``'inf'``."""

    arg_types = {"this": True}


class JsonArrayElements(BachFunc):
    """A FROM item: the elements of JSON array ``this``, one row each (a lateral unnest).

    Each dialect writes the whole item with its aliases: the element as column ``_bach_item``
    and its position as ``_bach_ord`` (read it through :class:`FlattenOffset`). Only the
    renderer builds it, for a ``plan.nodes.Flatten``.
    """

    arg_types = {"this": True}


class FlattenOffset(BachFunc):
    """The 0-based position of a flattened element: column ``this`` (``_bach_ord``).

    The dialects that count from 1 (WITH ORDINALITY) subtract 1.
    """

    arg_types = {"this": True}


class JsonArrayAgg(BachFunc, exp.AggFunc):
    """An aggregate: the non-NULL values of ``this`` as a JSON array ('[]' when there are none).

    ``order`` (an ``exp.Order`` of ``Ordered`` terms, optional) sorts the elements.
    """

    arg_types = {"this": True, "order": False}
