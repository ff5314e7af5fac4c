"""Variables: named values that a plan refers to and that are bound when the SQL is rendered.

``df.create_variable(name, value)`` gives a Series whose expression is a
:class:`VariablePlaceholder` (a name and a dtype, no value). The values live on the DataFrame
(``df.variables``, keyed by :class:`DtypeNamePair`) and are put in place of the placeholders
only when the SQL is rendered (``view_sql``, ``to_pandas``, ``database_create_table``). So
``df.set_variable(name, value)`` returns a frame with the same plan (nothing is rebuilt) whose
SQL holds the new value.

A Series does not carry variable values: run a Series that uses a variable through its frame
(``df['x'] = series``), or give the value with ``series.to_frame().set_variable(...)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from sqlglot import exp

from objectiv_bach.errors import DtypeError, InvalidArgumentError
from objectiv_bach.plan.cache import node_cached
from objectiv_bach.plan.nodes import Node
from objectiv_bach.plan.render import render_plan
from objectiv_bach.types import dtype_of_value, literal, validate_dtype

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame
    from objectiv_bach.series.base import Series


class DtypeNamePair(NamedTuple):
    """The key of a variable: its dtype and name (as the original ``df.variables``)."""

    dtype: str
    name: str


class DefinedVariable(NamedTuple):
    """A variable that the values of a DataFrame depend on (``get_all_variable_usage``).

    ``value`` is the frame's value (None when unset). Values are never stored in the plan, so
    ``ref_path`` and ``old_value`` (the original's place and value of a variable inside its
    graph) are always None.
    """

    name: str
    dtype: str
    value: Any
    ref_path: Any
    old_value: Any


class VariablePlaceholder(exp.Expression):
    """The place of variable ``this`` (a string literal) of dtype ``dtype`` (a string literal).

    It has no SQL of its own: :func:`bind` replaces it by the frame's value before rendering,
    and rendering one that is left raises.
    """

    arg_types = {"this": True, "dtype": True}

    @property
    def pair(self) -> DtypeNamePair:
        """The variable's key."""
        return DtypeNamePair(self.args["dtype"].this, self.this.this)


def _dtype(value: Any, dtype: Any) -> str:
    result = validate_dtype(dtype) if dtype is not None else dtype_of_value(value)
    if not isinstance(result, str):
        msg = (
            f"A variable holds one value of a scalar dtype, not {result!r}. Use dtype='json' "
            "for a structured value."
        )
        raise DtypeError(msg)
    literal(value, result)  # raises DtypeError for a value that is not of the dtype
    return result


def _check_name(name: Any) -> str:
    if not isinstance(name, str) or not name:
        msg = f"A variable name must be a non-empty str, got {name!r}."
        raise InvalidArgumentError(msg)
    return name


def create_variable(
    df: DataFrame, name: str, value: Any, dtype: Any = None
) -> tuple[DataFrame, Series]:
    """See :meth:`objectiv_bach.DataFrame.create_variable`."""
    from objectiv_bach.series.base import series_class

    dtype = _dtype(value, dtype)
    placeholder = VariablePlaceholder(
        this=exp.Literal.string(_check_name(name)), dtype=exp.Literal.string(dtype)
    )
    series = series_class(dtype).from_value(df, None, name=name, dtype=dtype)
    return set_variable(df, name, value, dtype), series.copy_override(expression=placeholder)


def set_variable(df: DataFrame, name: str, value: Any, dtype: Any = None) -> DataFrame:
    """See :meth:`objectiv_bach.DataFrame.set_variable`."""
    dtype = _dtype(value, dtype)
    variables = {**df.variables, DtypeNamePair(dtype, _check_name(name)): value}
    return df.copy_override(variables=variables)


@node_cached(maxsize=512)
def used_variables(node: Node) -> tuple[DtypeNamePair, ...]:
    """The variables the SQL of ``node`` refers to, in order of first use."""
    pairs: dict[DtypeNamePair, None] = {}
    for placeholder in render_plan(node).find_all(VariablePlaceholder):
        pairs.setdefault(placeholder.pair)
    return tuple(pairs)


def bound_values(
    node: Node, variables: dict[DtypeNamePair, Any]
) -> tuple[tuple[DtypeNamePair, exp.Expression], ...]:
    """The literal of each variable that the SQL of ``node`` uses; raises for a missing value."""
    result = []
    for pair in used_variables(node):
        if pair not in variables:
            known = sorted(f"{p.name} ({p.dtype})" for p in variables)
            msg = (
                f"Variable {pair.name!r} of dtype {pair.dtype!r} has no value in this "
                f"DataFrame (its variables: {known}). A Series does not carry its frame's "
                f"variables: set it with df.set_variable({pair.name!r}, value), or run the "
                "Series through the frame it came from."
            )
            raise InvalidArgumentError(msg)
        expression = literal(variables[pair], pair.dtype)
        if not isinstance(expression, (exp.Literal, exp.Cast, exp.Null, exp.Boolean)):
            expression = exp.Paren(this=expression)
        result.append((pair, expression))
    return tuple(result)


def bind(tree: exp.Query, values: tuple[tuple[DtypeNamePair, exp.Expression], ...]) -> exp.Expr:
    """A copy of ``tree`` with each placeholder replaced by its value's literal."""
    if not values:
        return tree
    by_pair = dict(values)

    def replace(node: exp.Expression) -> exp.Expression:
        if isinstance(node, VariablePlaceholder):
            return by_pair[node.pair].copy()
        return node

    return tree.transform(replace)


def variable_usage(df: DataFrame) -> list[DefinedVariable]:
    """See :meth:`objectiv_bach.DataFrame.get_all_variable_usage`."""
    variables = df.variables
    return [
        DefinedVariable(pair.name, pair.dtype, variables.get(pair), None, None)
        for pair in used_variables(df._final_node())
    ]


def bound_tree(df: DataFrame) -> exp.Expr:
    """The dialect-neutral SQL tree of ``df`` with its variables' values in place."""
    node = df._final_node()
    values = bound_values(node, df.variables)
    return bind(render_plan(node), values) if values else render_plan(node).copy()
