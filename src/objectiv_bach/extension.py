"""Bach's public extension API: SQL functions of your own, rendered on purpose for every dialect.

A package built on Bach (a library of models, say) adds a concept that SQL spells differently
per engine in three steps, exactly as Bach adds its own:

1. declare a **function node**: a subclass of :class:`FunctionNode` (a sqlglot ``exp.Func``)
   with its ``arg_types``;
2. give it a **rendering for every registered dialect** with :func:`register_rendering` (a
   function ``(generator, node) -> str``) or :func:`template_rendering` (SQL text of that dialect
   with ``:argument`` placeholders, parsed once);
3. build Series from it with :func:`apply_function`.

Rendering a node for a dialect that has no rendering for it raises
:class:`~objectiv_bach.errors.UnsupportedOperationError` naming the function and the dialect,
the same rule as for Bach's own functions: sqlglot's generic ``NAME(args)`` fallback would be a
silent wrong transpile. :func:`missing_renderings` lists what is missing (use it in a test).

Renderings are stored here, per Bach dialect class (``BachDuckDB`` ...); neither sqlglot's nor
Bach's dialect classes are changed by a registration.

Examples
--------
>>> import pandas as pd, objectiv_bach as bach
>>> from objectiv_bach.extension import (FunctionNode, apply_function, register_rendering,
...                                      template_rendering)
>>> class Initial(FunctionNode):
...     '''The first character of a string, upper-cased.'''
...     arg_types = {"this": True}
>>> register_rendering(Initial, "duckdb", template_rendering("UPPER(:this[1])", "duckdb"))
>>> register_rendering(Initial, "postgres",
...                    template_rendering("UPPER(LEFT(:this, 1))", "postgres"))
>>> register_rendering(Initial, "bigquery",
...                    lambda gen, node: gen.func("UPPER", gen.func("LEFT", node.this, "1")))
>>> df = bach.from_pandas(None, pd.DataFrame({'city': ['snits', 'drylts']}))
>>> df['initial'] = apply_function(Initial, df.city)
>>> df.sort_values('city').initial.to_pandas().tolist()
['D', 'S']
>>> print(df.initial.view_sql(dialect='postgres').splitlines()[-2].strip())
UPPER(LEFT(city, 1)) AS initial
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import sqlglot
from sqlglot import exp

from objectiv_bach.errors import DtypeError, InvalidArgumentError, UnsupportedOperationError
from objectiv_bach.series.base import Series

__all__ = [
    "FunctionNode",
    "apply_function",
    "has_rendering",
    "missing_renderings",
    "register_rendering",
    "template_rendering",
]

#: a rendering: ``(generator, node) -> SQL text`` (``generator`` is the dialect's sqlglot
#: Generator: ``generator.sql(node.this)``, ``generator.func(name, *args)`` ...)
Rendering = Callable[[Any, "FunctionNode"], str]

_RENDERINGS: dict[tuple[type, type[FunctionNode]], Rendering] = {}
_FUNCTIONS: list[type[FunctionNode]] = []


class FunctionNode(exp.Expression, exp.Func):
    """Base class of extension function nodes.

    Subclass it with ``arg_types`` (``{"this": True, "key": True, "default": False}``: the
    argument names in order, and whether each is required). Every subclass is listed by
    :func:`missing_renderings` until it has a rendering for each registered dialect.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _FUNCTIONS.append(cls)


def _dialect_class(dialect: Any) -> type:
    from objectiv_bach.dialects import get_dialect

    return get_dialect(dialect)


def register_rendering(
    function: type[FunctionNode], dialect: Any, render: Rendering, *, replace: bool = False
) -> None:
    """Make ``render`` the SQL of ``function`` nodes for ``dialect``.

    Parameters
    ----------
    function : type
        A subclass of :class:`FunctionNode`.
    dialect : str or dialect class
        A registered Bach dialect: ``'duckdb'``, ``'postgres'``, ``'bigquery'`` (or its class).
    render : callable
        ``(generator, node) -> str``; see :func:`template_rendering` for SQL text.
    replace : bool, default False
        Replace an existing rendering (otherwise registering twice raises).

    Raises
    ------
    InvalidArgumentError
        For an unknown dialect, a ``function`` that is not a :class:`FunctionNode` subclass, or
        a second rendering without ``replace=True``.

    Examples
    --------
    >>> from objectiv_bach.extension import FunctionNode, register_rendering, has_rendering
    >>> class Twice(FunctionNode):
    ...     arg_types = {"this": True}
    >>> register_rendering(Twice, 'duckdb', lambda gen, node: gen.sql(node.this) + ' * 2')
    >>> has_rendering(Twice, 'duckdb'), has_rendering(Twice, 'postgres')
    (True, False)
    """
    if not (isinstance(function, type) and issubclass(function, FunctionNode)):
        msg = (
            f"register_rendering needs a subclass of objectiv_bach.extension.FunctionNode, "
            f"got {function!r}."
        )
        raise InvalidArgumentError(msg)
    if not callable(render):
        msg = f"The rendering of {function.__name__} must be callable, got {render!r}."
        raise InvalidArgumentError(msg)
    key = (_dialect_class(dialect), function)
    if key in _RENDERINGS and not replace:
        msg = (
            f"{function.__name__} already has a rendering for {key[0].__name__}; pass "
            "replace=True to replace it."
        )
        raise InvalidArgumentError(msg)
    _RENDERINGS[key] = render


def has_rendering(function: type[FunctionNode], dialect: Any) -> bool:
    """Whether ``function`` has a rendering for ``dialect`` (see :func:`register_rendering`)."""
    return _find(function, _dialect_class(dialect)) is not None


def missing_renderings() -> list[tuple[str, str]]:
    """``(function, dialect)`` for every FunctionNode subclass and dialect without a rendering.

    Covers every :class:`FunctionNode` subclass and registered dialect; a package asserts in its
    tests that its functions have none missing.

    Examples
    --------
    >>> from objectiv_bach.extension import FunctionNode, missing_renderings
    >>> class Unrendered(FunctionNode):
    ...     arg_types = {"this": True}
    >>> sorted(d for f, d in missing_renderings() if f.endswith('.Unrendered'))
    ['bigquery', 'duckdb', 'postgres']
    """
    from objectiv_bach.dialects import DIALECTS

    return [
        (f"{f.__module__}.{f.__qualname__}", name)
        for f in _FUNCTIONS
        for name, cls in sorted(DIALECTS.items())
        if _find(f, cls) is None
    ]


def _find(function: type, dialect_class: type) -> Rendering | None:
    for cls in dialect_class.__mro__:
        render = _RENDERINGS.get((cls, function))
        if render is not None:
            return render
    return None


def render_function(generator: Any, node: FunctionNode) -> str:
    """The SQL of ``node`` for the dialect of ``generator``.

    Called by the Bach dialects' generators; raises :class:`UnsupportedOperationError` when it has
    no rendering there.
    """
    dialect_class = type(generator.dialect)
    render = _find(type(node), dialect_class)
    if render is None:
        name = getattr(dialect_class, "BACH_NAME", dialect_class.__name__)
        msg = f"Function {type(node).__name__}"
        raise UnsupportedOperationError(
            msg,
            name,
            f"Register a rendering with objectiv_bach.extension.register_rendering"
            f"({type(node).__name__}, {name!r}, ...).",
        )
    return render(generator, node)


@functools.cache
def _parsed(sql: str, dialect: type) -> exp.Expr:
    return sqlglot.parse_one(sql, read=dialect)


def template_rendering(sql: str, dialect: Any, **fixed: exp.Expr) -> Rendering:
    """A rendering from SQL text of ``dialect`` with ``:name`` placeholders.

    The text is parsed once (by sqlglot, in that dialect); each ``:name`` is replaced by the
    node's argument ``name`` (or by ``fixed[name]``) as an expression, never as text, and the
    result is rendered by the dialect.

    Parameters
    ----------
    sql : str
        One SQL expression, e.g. ``"COALESCE(:this, :default)"``.
    dialect : str or dialect class
        The dialect whose syntax ``sql`` is written in.
    **fixed : sqlglot expression
        Expressions for placeholders that are not arguments of the node (built with sqlglot's
        builders, for parts that should not be re-parsed).

    Returns
    -------
    callable
        A rendering for :func:`register_rendering`.

    Raises
    ------
    InvalidArgumentError
        When rendering a node that lacks an argument the template uses.

    Examples
    --------
    >>> from objectiv_bach.extension import FunctionNode, register_rendering, template_rendering
    >>> class OrZero(FunctionNode):
    ...     arg_types = {"this": True}
    >>> register_rendering(OrZero, 'duckdb', template_rendering('COALESCE(:this, 0)', 'duckdb'))
    """
    parsed = _parsed(sql, _dialect_class(dialect))

    def render(generator: Any, node: FunctionNode) -> str:
        def replace(part: exp.Expr) -> exp.Expr:
            if isinstance(part, exp.Placeholder) and part.name:
                value = node.args.get(part.name, fixed.get(part.name))
                if value is None:
                    msg = (
                        f"The template of {type(node).__name__} uses :{part.name}, which the "
                        f"node does not have; its arguments: {sorted(node.args)}, fixed: "
                        f"{sorted(fixed)}."
                    )
                    raise InvalidArgumentError(msg)
                return value.copy()
            return part

        return generator.sql(parsed.transform(replace))

    return render


def _argument(value: Any, first: Series, function: type[FunctionNode]) -> tuple[exp.Expr, int]:
    if isinstance(value, Series):
        if value.base_node != first.base_node:
            msg = (
                f"apply_function({function.__name__}, ...): Series {value.name!r} comes from "
                f"another frame than {first.name!r}. Merge the frames first."
            )
            raise InvalidArgumentError(msg)
        return value.expression, value._size
    if isinstance(value, exp.Expression):
        return value, sum(1 for _ in value.walk())
    if value is None or isinstance(value, (bool, int, float, str)):
        return exp.convert(value), 1
    msg = (
        f"apply_function({function.__name__}, ...): arguments are Series or scalars "
        f"(str, int, float, bool, None), got {value!r}."
    )
    raise DtypeError(msg)


def apply_function(
    function: type[FunctionNode],
    *args: Any,
    dtype: str | None = None,
    name: str | None = None,
    **kwargs: Any,
) -> Any:
    """A Series computing ``function`` on Series (and scalar arguments).

    Parameters
    ----------
    function : type
        A :class:`FunctionNode` subclass.
    *args : Series or scalar
        The arguments in the order of ``function.arg_types``; the first is a Series, and
        every Series comes from the same frame.
    dtype : str, optional
        The result's dtype (default: the first Series' dtype).
    name : str, optional
        The result's name (default: the first Series' name).
    **kwargs : Series or scalar
        Arguments by name.

    Returns
    -------
    Series
        A Series of ``dtype`` on the frame, index and grouping of the first Series. Typed
        ``Any``: its class depends on ``dtype``.

    Raises
    ------
    InvalidArgumentError
        For an unknown or missing argument, or Series of different frames.
    DtypeError
        When the first argument is not a Series, or an argument is neither a Series nor a
        scalar.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> from objectiv_bach.extension import (FunctionNode, apply_function, register_rendering,
    ...                                      template_rendering)
    >>> class Clip(FunctionNode):
    ...     arg_types = {"this": True, "low": True, "high": True}
    >>> register_rendering(Clip, 'duckdb',
    ...                    template_rendering('LEAST(GREATEST(:this, :low), :high)', 'duckdb'))
    >>> df = bach.from_pandas(None, pd.DataFrame({'x': [-5, 3, 50]}))
    >>> apply_function(Clip, df.x, 0, high=10).sort_index().to_pandas().tolist()
    [0, 3, 10]
    """
    if not (isinstance(function, type) and issubclass(function, FunctionNode)):
        msg = f"apply_function needs a FunctionNode subclass, got {function!r}."
        raise InvalidArgumentError(msg)
    names = list(function.arg_types)
    if len(args) > len(names):
        msg = (
            f"{function.__name__} takes the arguments {names}; got {len(args)} positional "
            "arguments."
        )
        raise InvalidArgumentError(msg)
    values = dict(zip(names, args, strict=False))
    for key, value in kwargs.items():
        if key not in names or key in values:
            msg = (
                f"{function.__name__}: unexpected or repeated argument {key!r}; its arguments "
                f"are {names}."
            )
            raise InvalidArgumentError(msg)
        values[key] = value
    missing = [n for n, required in function.arg_types.items() if required and n not in values]
    if missing:
        msg = f"{function.__name__} needs the arguments {missing}."
        raise InvalidArgumentError(msg)
    first = values.get(names[0]) if names else None
    if not isinstance(first, Series):
        msg = (
            f"The first argument of apply_function({function.__name__}, ...) must be a "
            f"Series, got {first!r}."
        )
        raise DtypeError(msg)
    built: dict[str, Any] = {}
    size = 1
    group_by = first.group_by
    for key, value in values.items():
        built[key], part = _argument(value, first, function)
        size += part
        if isinstance(value, Series) and group_by is None:
            group_by = value.group_by
    node = function(**built)
    return first.copy_override(
        expression=node,
        dtype=dtype or first.dtype,
        size=size,
        name=name if name is not None else first.name,
        group_by=group_by,
    )
