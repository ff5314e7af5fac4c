"""Series: one column expression over a base node, with the pandas operator protocol.

A Series is immutable. It holds the engine, the base node, its index (name -> Series), one sqlglot
expression over the base node's columns, a name and a dtype, plus the grouping and sort order it
was taken from. Every operation returns a new Series whose expression wraps the old one: no SQL
runs until ``to_pandas()``.

Missing values: Bach has one missing value, SQL ``NULL`` (``from_pandas`` turns NaN/None/NaT into
NULL). Operations follow SQL, which is also pandas' rule for its nullable dtypes (``Int64``,
``boolean``): NULL in, NULL out; comparisons with NULL are NULL; ``&``/``|`` use Kleene logic;
a filter keeps the rows where the mask is True.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd
from sqlglot import exp

from objectiv_bach.errors import (
    DtypeAttributeError,
    DtypeError,
    InvalidArgumentError,
    UnsupportedOperationError,
)
from objectiv_bach.partitioning import GroupBy, SortColumn, Window
from objectiv_bach.plan.measure import SERIES_MAX_SIZE, measure, too_big_for_series
from objectiv_bach.plan.nodes import Node
from objectiv_bach.series import class_facts, literals
from objectiv_bach.types import (
    base_dtype,
    dtype_of_value,
    series_classes,
    series_type,
    validate_dtype,
    validate_instance_dtype,
)
from objectiv_bach.validation import AGGREGATIONS, check_bool, check_int, check_list_like

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame

#: expressions bigger than this (in sqlglot nodes, as rendered) are materialized before growing
#: further, so that e.g. ``s = s * s`` repeated stays linear in SQL size; the depth limit and the
#: lower limits a DataFrame applies to assigned columns are in :mod:`objectiv_bach.plan.measure`
MAX_EXPRESSION_SIZE = SERIES_MAX_SIZE


#: what ``copy_override`` sets without calling the constructor (``size`` is ignored, as there)
_COPIED_FIELDS = frozenset(
    ("base_node", "index", "name", "group_by", "order_by", "expression", "size")
)


def series_class(dtype: Any) -> type[Series]:
    """The Series class of a dtype value (``'int64'``, ``['int64']``, ``{'a': 'int64'}``).

    Examples
    --------
    >>> from objectiv_bach.series.base import series_class
    >>> series_class('int64').__name__, series_class(['int64']).__name__
    ('SeriesInt64', 'SeriesList')
    """
    return series_type(dtype)  # type: ignore[no-any-return]


def has_aggregate(expression: exp.Expression) -> bool:
    """True when ``expression`` has an aggregate outside of any window.

    Walks down from ``expression`` (no parent pointers: subtrees are shared between Series).
    """
    stack = [expression]
    while stack:
        node = stack.pop()
        if isinstance(node, exp.Window):
            continue
        if isinstance(node, exp.AggFunc):
            return True
        stack.extend(v for v in node.iter_expressions())
    return False


def has_window(expression: exp.Expression) -> bool:
    """Whether ``expression`` contains a window function."""
    return expression.find(exp.Window) is not None


def paren(expression: exp.Expression) -> exp.Expression:
    """Parenthesize composite operands so the rendered SQL keeps the tree's meaning."""
    if isinstance(expression, (exp.Binary, exp.Not, exp.Neg, exp.Is, exp.In, exp.Case)):
        return exp.Paren(this=expression)
    return expression


def expression_size(expression: exp.Expression) -> int:
    """Number of nodes of ``expression`` as rendered (see :func:`~objectiv_bach.plan.measure`)."""
    return measure(expression)[0]


class Series:
    """A column of a DataFrame, or a stand-alone expression over its base node.

    Create Series by selecting from a :class:`~objectiv_bach.DataFrame` (``df['a']``), not with
    the constructor.

    Operators (``+ - * / // % **``, comparisons, ``& | ~`` on bool) work with Series of the same
    frame and with literals, and build SQL; nothing runs until ``to_pandas()``. ``//`` and ``%``
    follow Python (floor division; the remainder has the sign of the divisor), not SQL's
    truncation. Division (``/``, ``//``, ``%``) by zero gives a missing value (NULL), where
    pandas gives ``inf`` / NaN.

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> df = bach.from_pandas(None, pd.DataFrame({'a': [7, -7, 7, 5], 'b': [2, 2, -2, 0]}))
    >>> df['floor'] = df.a // df.b
    >>> df['mod'] = df.a % df.b
    >>> df['ratio'] = df.a / df.b
    >>> df['big'] = (df.a * 2 > 10) & (df.b != 0)
    >>> print(df.sort_index().to_pandas().to_string(index=False))
     a  b  floor  mod  ratio   big
     7  2    3.0  1.0    3.5  True
    -7  2   -4.0  1.0   -3.5 False
     7 -2   -4.0 -1.0   -3.5  True
     5  0    NaN  NaN    NaN False
    """

    dtype: ClassVar[str] = ""
    # the original API's class attributes, read from the dtype table (series/class_facts.py)
    #: other names of the dtype
    dtype_aliases = class_facts.dtype_aliases
    #: the Python/numpy types whose values are literals of the dtype
    supported_value_types = class_facts.supported_value_types
    #: dtypes that ``astype`` converts to this dtype
    supported_source_dtypes = class_facts.supported_source_dtypes
    #: registered dialect name -> the storage type of the dtype there
    supported_db_dtype = class_facts.supported_db_dtype

    def __init__(
        self,
        *,
        engine: Any,
        base_node: Node,
        index: dict[str, Series],
        expression: exp.Expression,
        name: str,
        group_by: GroupBy | None = None,
        order_by: tuple[SortColumn, ...] = (),
        size: int | None = None,
        instance_dtype: Any = None,
    ) -> None:
        self._instance_dtype = (
            type(self).dtype
            if instance_dtype is None
            else validate_instance_dtype(type(self).dtype, instance_dtype)
        )
        self._engine = engine
        self._base_node = base_node
        self._index = index
        self._expression = expression
        self._name = name
        self._group_by = group_by
        self._order_by = order_by
        # the tree as built (``size`` is accepted for compatibility and not needed: measuring
        # visits only the nodes not measured before)
        self._size, self._depth = measure(expression)
        self._flags: tuple[bool, bool] | None = None

    # ------------------------------------------------------------------ properties
    @property
    def instance_dtype(self) -> Any:
        """The dtype value of this Series.

        Its ``dtype``, or for lists and dicts the structured dtype
        (``['int64']``, ``{'a': 'string'}``).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> df.x.instance_dtype
        'float64'
        >>> lists = pd.DataFrame({'l': [[1, 2]]})
        >>> bach.from_pandas(None, lists, dtypes={'l': ['int64']}).l.instance_dtype
        ['int64']
        """
        return self._instance_dtype

    @property
    def engine(self) -> Any:
        """The engine this Series runs on (as given to ``from_pandas``/``from_table``).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> df.x.engine is None  # the default in-memory DuckDB
        True
        """
        return self._engine

    @property
    def base_node(self) -> Node:
        """The plan node whose columns :attr:`expression` refers to.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> df.x.base_node == df.base_node
        True
        """
        return self._base_node

    @property
    def index(self) -> dict[str, Series]:
        """The index Series, by name (a copy).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> list(df.x.index)
        ['_index_0']
        """
        return dict(self._index)

    @property
    def expression(self) -> exp.Expression:
        """The sqlglot expression of this Series over :attr:`base_node`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> (df.x + 1).expression.sql()
        'x + 1'
        """
        return self._expression

    @property
    def name(self) -> str:
        """The name of this Series (its column name in a DataFrame).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> df.x.name, (df.x + 1).name, df.x.rename('y').name
        ('x', 'x', 'y')
        """
        return self._name

    @property
    def group_by(self) -> GroupBy | None:
        """The grouping this Series is aggregated under, or None.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> df.x.group_by is None, df.groupby('g').x.sum().group_by is None
        (True, False)
        """
        return self._group_by

    @property
    def order_by(self) -> tuple[SortColumn, ...]:
        """The sort order of this Series' rows (empty: unordered).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> df.x.order_by
        ()
        >>> df.x.sort_values().order_by
        (SortColumn('x', ascending),)
        """
        return self._order_by

    def _analysis(self) -> tuple[bool, bool]:
        """(has an aggregate outside windows, has a window), computed once per Series."""
        if self._flags is None:
            if isinstance(self._expression, exp.Column):
                self._flags = (False, False)
            else:
                self._flags = (has_aggregate(self._expression), has_window(self._expression))
        return self._flags

    @property
    def is_aggregated(self) -> bool:
        """Whether the expression aggregates (outside window functions).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> df.x.is_aggregated, df.x.sum().is_aggregated
        (False, True)
        """
        return self._analysis()[0]

    @property
    def has_window(self) -> bool:
        """Whether the expression contains a window function.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> df.x.has_window, df.x.sort_values().window_row_number().has_window
        (False, True)
        """
        return self._analysis()[1]

    def __repr__(self) -> str:
        from objectiv_bach.display import frame_repr

        return frame_repr(self)

    def _repr_html_(self) -> str:
        from objectiv_bach.display import frame_repr_html

        return frame_repr_html(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        from objectiv_bach.display import frame_mimebundle

        return frame_mimebundle(self)

    def __getattr__(self, attr: str) -> Any:
        """Only called for a name this Series' class lacks.

        A method or accessor of other dtypes (``.str`` on int64, ``sum()`` on string) raises a
        DtypeAttributeError saying so.
        """
        if not attr.startswith("_"):
            owners = sorted({str(cls.dtype) for cls in series_classes() if hasattr(cls, attr)})
            if owners:
                what = f".{attr}" if attr in ("str", "dt", "json") else f"{attr}()"
                msg = (
                    f"{what} is not defined for Series {self.__dict__.get('_name')!r} of dtype "
                    f"{self.dtype!r}; it is for dtypes {owners}. Cast first, e.g. "
                    f".astype({owners[0]!r}), if that is what you mean."
                )
                raise DtypeAttributeError(msg)
        msg = f"{type(self).__name__!r} object has no attribute {attr!r}"
        raise AttributeError(msg)

    # ------------------------------------------------------------------ copying
    def copy_override(self, **overrides: Any) -> Series:
        """A copy with some attributes replaced (``dtype=`` picks another Series class).

        Parameters
        ----------
        **overrides
            The constructor's arguments to replace (``name``, ``expression``, ``index``,
            ``group_by``, ``order_by`` ...), and ``dtype``.

        Returns
        -------
        Series
            The copy, of the Series class of ``dtype``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> renamed = df.x.copy_override(name='y')
        >>> renamed.name, type(df.g.copy_override(dtype='float64')).__name__
        ('y', 'SeriesFloat64')
        """
        dtype = overrides.pop("dtype", self._instance_dtype)
        if isinstance(dtype, str) and dtype == self.dtype:  # same class: keep the instance dtype
            dtype = self._instance_dtype
        cls = series_class(dtype)
        if overrides.keys() <= _COPIED_FIELDS and cls.__init__ is Series.__init__:
            # what the constructor would do, without re-validating what is already valid
            result = self._copy_fields(cls, dtype, overrides)
        else:
            args = {
                "engine": self._engine,
                "base_node": self._base_node,
                "index": self._index,
                "expression": self._expression,
                "name": self._name,
                "group_by": self._group_by,
                "order_by": self._order_by,
                "instance_dtype": dtype if isinstance(dtype, (list, dict)) else None,
            }
            if "expression" not in overrides:
                args["size"] = self._size
            args.update(overrides)
            result = cls(**args)
            if "expression" not in overrides:
                result._flags = self._flags
        if "expression" in overrides and too_big_for_series(result._expression):
            # too deep or too big to render in one piece: continue from a new node
            return result.materialize(node_name="large_expression")
        return result

    def _copy_fields(self, cls: type[Series], dtype: Any, overrides: dict[str, Any]) -> Series:
        """``cls`` with this Series' fields and ``overrides``, set without the constructor."""
        result = cls.__new__(cls)
        if dtype is self._instance_dtype and cls is type(self):
            result._instance_dtype = dtype
        elif isinstance(dtype, (list, dict)):
            result._instance_dtype = validate_instance_dtype(cls.dtype, dtype)
        else:
            result._instance_dtype = cls.dtype
        result._engine = self._engine
        result._base_node = overrides.get("base_node", self._base_node)
        result._index = overrides.get("index", self._index)
        result._name = overrides.get("name", self._name)
        result._group_by = overrides.get("group_by", self._group_by)
        result._order_by = overrides.get("order_by", self._order_by)
        if "expression" in overrides:
            result._expression = overrides["expression"]
            result._size, result._depth = measure(result._expression)
            result._flags = None
        else:  # kept: so are its measures and flags
            result._expression = self._expression
            result._size, result._depth = self._size, self._depth
            result._flags = self._flags
        return result

    def copy(self) -> Series:
        """A copy of this Series (Series are immutable: the copy shares the plan).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> copied = df.x.copy()
        >>> copied.name, copied.expression == df.x.expression
        ('x', True)
        """
        return self.copy_override()

    def equals(self, other: Any, recursion: str | None = None) -> bool:
        """Whether ``other`` is structurally the same Series as this one (a bool, no query).

        ``==`` builds a SQL comparison, so this is the identity check: the same Series class
        and dtype, engine, base node, name, expression, sort order, grouping and index.

        Parameters
        ----------
        other : Any
            Anything; only a Series of the same class can be equal.
        recursion : str, optional
            ``'GroupBy'`` leaves the grouping out of the comparison (for a caller that compares
            the grouping itself).

        Returns
        -------
        bool

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 2]}))
        >>> df.x.equals(df.x.copy()), df.x.equals(df.x + 1), df.x.equals(df.x.astype('float64'))
        (True, False, False)
        """
        from objectiv_bach.series.identity import series_equals

        return series_equals(self, other, recursion=recursion)

    def _derived(
        self,
        expression: exp.Expression,
        dtype: str | None = None,
        *,
        size: int | None = None,
        name: str | None = None,
    ) -> Series:
        return self.copy_override(
            expression=expression,
            dtype=dtype or self.dtype,
            size=size,
            name=name if name is not None else self._name,
        )

    # ------------------------------------------------------------------ literals and operands
    @classmethod
    def from_value(
        cls,
        base: DataFrame | Series,
        value: Any,
        name: str = "new_series",
        dtype: str | None = None,
    ) -> Series:
        """A constant Series on the base node and index of ``base``.

        Parameters
        ----------
        base : DataFrame or Series
            The frame (or Series) whose base node and index the constant gets.
        value : scalar
            The value.
        name : str, default 'new_series'
            The name of the new Series.
        dtype : str, optional
            The dtype (default: that of ``value``).

        Returns
        -------
        Series
            The constant, one value per row of ``base``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> five = bach.SeriesInt64.from_value(df, 5, name='five')
        >>> five.name, five.to_pandas().tolist()
        ('five', [5, 5, 5])
        """
        dtype = (
            validate_dtype(dtype)
            if dtype
            else (cls.dtype if cls.dtype and value is None else dtype_of_value(value))
        )
        template = base if isinstance(base, Series) else base._template()
        return template.copy_override(
            expression=literals.to_expression(value, dtype),
            dtype=dtype,
            name=name,
            group_by=template.group_by if isinstance(base, Series) else base.group_by,
        )

    def _operand(self, other: Any, what: str) -> Series:
        """``other`` as a Series on this base node (literals become constants)."""
        if isinstance(other, Series):
            if other._base_node != self._base_node:
                msg = (
                    f"Cannot {what} Series {self._name!r} and {other._name!r}: they come from "
                    "different DataFrames (base nodes). Merge the frames first, or assign one to "
                    "the other's frame (df['x'] = other_series aligns on the index)."
                )
                raise InvalidArgumentError(msg)
            return other
        is_collection = isinstance(other, (pd.Series, set)) or (
            isinstance(other, (list, tuple)) and base_dtype(self.dtype) not in ("json", "list")
        )
        if is_collection:
            msg = (
                f"Cannot {what} Series {self._name!r} and a {type(other).__name__}; use a "
                "scalar or a Series (isin() takes a list)."
            )
            raise DtypeError(msg)
        dtype = self._literal_dtype(other)
        return self.copy_override(
            expression=literals.to_expression(other, dtype), dtype=dtype, size=1
        )

    def _literal_dtype(self, value: Any) -> str:
        """The dtype a literal takes when it meets this Series (None takes this dtype)."""
        if value is None:
            return self.dtype
        return dtype_of_value(value)

    def _combine(self, other: Series, expression: exp.Expression, dtype: str) -> Series:
        group_by = self._group_by if self._group_by is not None else other._group_by
        return self.copy_override(expression=expression, dtype=dtype, group_by=group_by)

    def _binary(self, other: Any, op: str, what: str) -> Series:
        from objectiv_bach.series.subquery import SubqueryValues

        if isinstance(other, SubqueryValues) and op in _COMPARISONS:
            return other.compare(self, op)
        right = self._operand(other, what)
        result = self._binary_operation(right, op, what)
        if result is NotImplemented:
            msg = (
                f"Cannot {what} Series {self._name!r} (dtype {self.dtype!r}) and "
                f"{_describe(other)} (dtype {right.dtype!r})."
            )
            raise DtypeError(msg)
        return result

    def _binary_operation(self, other: Series, op: str, what: str) -> Series:
        """Subclasses implement their operator table; NotImplemented means not allowed."""
        if op in _COMPARISONS and (other.dtype == self.dtype):
            return self._compare(other, op)
        return NotImplemented

    def _compare(self, other: Series, op: str) -> Series:
        node = _COMPARISONS[op](this=paren(self._expression), expression=paren(other._expression))
        return self._combine(other, node, "bool")

    # comparison operators -> SeriesBoolean
    def __eq__(self, other: Any) -> Series:  # type: ignore[override]
        return self._binary(other, "==", "compare")

    def __ne__(self, other: Any) -> Series:  # type: ignore[override]
        return self._binary(other, "!=", "compare")

    def __lt__(self, other: Any) -> Series:
        return self._binary(other, "<", "compare")

    def __le__(self, other: Any) -> Series:
        return self._binary(other, "<=", "compare")

    def __gt__(self, other: Any) -> Series:
        return self._binary(other, ">", "compare")

    def __ge__(self, other: Any) -> Series:
        return self._binary(other, ">=", "compare")

    __hash__ = None  # type: ignore[assignment]
    #: not iterable (``s[label]`` is a label lookup, not a position): use ``to_pandas()``
    __iter__ = None

    def __bool__(self) -> bool:
        msg = (
            f"The truth value of Series {self._name!r} is not known until the query runs. Use "
            "& | ~ instead of and/or/not, and .to_pandas() or .value to get data."
        )
        raise InvalidArgumentError(msg)

    # arithmetic: subclasses decide what is allowed
    def __add__(self, other: Any) -> Series:
        return self._binary(other, "+", "add")

    def __radd__(self, other: Any) -> Series:
        return self._operand(other, "add")._binary(self, "+", "add")

    def __sub__(self, other: Any) -> Series:
        return self._binary(other, "-", "subtract")

    def __rsub__(self, other: Any) -> Series:
        return self._operand(other, "subtract")._binary(self, "-", "subtract")

    def __mul__(self, other: Any) -> Series:
        return self._binary(other, "*", "multiply")

    def __rmul__(self, other: Any) -> Series:
        return self._operand(other, "multiply")._binary(self, "*", "multiply")

    def __truediv__(self, other: Any) -> Series:
        return self._binary(other, "/", "divide")

    def __rtruediv__(self, other: Any) -> Series:
        return self._operand(other, "divide")._binary(self, "/", "divide")

    def __floordiv__(self, other: Any) -> Series:
        return self._binary(other, "//", "floor-divide")

    def __rfloordiv__(self, other: Any) -> Series:
        return self._operand(other, "floor-divide")._binary(self, "//", "floor-divide")

    def __mod__(self, other: Any) -> Series:
        return self._binary(other, "%", "take the modulo of")

    def __rmod__(self, other: Any) -> Series:
        return self._operand(other, "take the modulo of")._binary(self, "%", "take the modulo of")

    def __pow__(self, other: Any) -> Series:
        return self._binary(other, "**", "raise to a power")

    def __rpow__(self, other: Any) -> Series:
        return self._operand(other, "raise to a power")._binary(self, "**", "raise to a power")

    def __and__(self, other: Any) -> Series:
        return self._binary(other, "&", "and")

    def __rand__(self, other: Any) -> Series:
        return self._operand(other, "and")._binary(self, "&", "and")

    def __or__(self, other: Any) -> Series:
        return self._binary(other, "|", "or")

    def __ror__(self, other: Any) -> Series:
        return self._operand(other, "or")._binary(self, "|", "or")

    def __xor__(self, other: Any) -> Series:
        return self._binary(other, "^", "xor")

    def __rxor__(self, other: Any) -> Series:
        return self._operand(other, "xor")._binary(self, "^", "xor")

    def __lshift__(self, other: Any) -> Series:
        return self._binary(other, "<<", "shift")

    def __rlshift__(self, other: Any) -> Series:
        return self._operand(other, "shift")._binary(self, "<<", "shift")

    def __rshift__(self, other: Any) -> Series:
        return self._binary(other, ">>", "shift")

    def __rrshift__(self, other: Any) -> Series:
        return self._operand(other, "shift")._binary(self, ">>", "shift")

    def __invert__(self) -> Series:
        msg = f"~ is defined for bool Series, not for {self._name!r} (dtype {self.dtype!r})."
        raise DtypeError(msg)

    def __neg__(self) -> Series:
        msg = f"Unary minus is defined for numeric Series, not for {self._name!r} ({self.dtype!r})."
        raise DtypeError(msg)

    def __abs__(self) -> Series:
        msg = f"abs() is defined for numeric Series, not for {self._name!r} ({self.dtype!r})."
        raise DtypeError(msg)

    # ------------------------------------------------------------------ missing values
    def isnull(self) -> Series:
        """True where the value is missing (NULL). ``isna`` is the same method.

        Returns
        -------
        Series
            A bool Series.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> df.x.isnull().sort_index().to_pandas().tolist()
        [False, False, True]
        >>> df.x.isna().sort_index().to_pandas().tolist()
        [False, False, True]
        """
        return self.copy_override(
            expression=exp.Is(this=paren(self._expression), expression=exp.null()),
            dtype="bool",
            size=self._size + 1,
        )

    isna = isnull

    def notnull(self) -> Series:
        """True where the value is not missing. ``notna`` is the same method.

        Returns
        -------
        Series
            A bool Series.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> df.x.notnull().sort_index().to_pandas().tolist()
        [True, True, False]
        >>> df.x.notna().sort_index().to_pandas().tolist()
        [True, True, False]
        """
        return self.copy_override(
            expression=exp.Not(this=exp.Is(this=paren(self._expression), expression=exp.null())),
            dtype="bool",
            size=self._size + 2,
        )

    notna = notnull

    def fillna(self, other: Any) -> Series:
        """Replace missing values with ``other`` (a literal or a Series of the same dtype).

        Parameters
        ----------
        other : scalar or Series
            The replacement: a literal, or a Series of the same frame. int64 and float64 mix
            (the result is float64).

        Returns
        -------
        Series

        Raises
        ------
        DtypeError
            When ``other`` has another dtype.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': ['x', None, 'z'], 'b': ['?', '!', None]}))
        >>> df.a.fillna('-').sort_index().to_pandas().tolist()
        ['x', '-', 'z']
        >>> df.a.fillna(df.b).sort_index().to_pandas().tolist()
        ['x', '!', 'z']
        """
        right = self._operand(other, "fill with")
        if right.dtype != self.dtype and not {right.dtype, self.dtype} <= {"int64", "float64"}:
            msg = (
                f"fillna value {_describe(other)} has dtype {right.dtype!r}; Series "
                f"{self._name!r} has dtype {self.dtype!r}. Cast one of them with astype()."
            )
            raise DtypeError(msg)
        dtype = "float64" if "float64" in (right.dtype, self.dtype) else self.dtype
        return self._combine(
            right, exp.Coalesce(this=self._expression, expressions=[right._expression]), dtype
        )

    def isin(self, other: Any) -> Series:
        """True where the value is one of the literals in ``other`` (a list).

        As in pandas, ``None`` in ``other`` matches missing values; other values never match a
        missing value (the result is False there, never missing).

        Parameters
        ----------
        other : list-like or Series
            Literals of this Series' dtype (int64 and float64 mix), or a Series of any frame
            (the original's subquery form): its values. The result of a Series is a Series of
            a new frame with this Series' index (a join): assign it to this Series' frame
            before filtering on it.

        Returns
        -------
        Series
            A bool Series.

        Raises
        ------
        DtypeError
            For a value of another dtype.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Drylts', None]}))
        >>> df.city.isin(['Snits', 'Sneek']).sort_index().to_pandas().tolist()
        [True, False, False]
        >>> df.city.isin(['Snits', None]).sort_index().to_pandas().tolist()
        [True, False, True]
        >>> df[df.city.isin(['Drylts'])].city.to_pandas().tolist()
        ['Drylts']
        >>> towns = bach.from_pandas(None, pd.DataFrame({'name': ['Drylts', 'Sneek']}))
        >>> df['known'] = df.city.isin(towns.name)
        >>> df.known.sort_index().to_pandas().tolist()
        [False, True, False]
        """
        if isinstance(other, Series):
            from objectiv_bach.series.subquery import isin

            return isin(self, other)
        values = check_list_like(other, f"isin() of Series {self._name!r}")
        if not values:
            return self.copy_override(expression=exp.false(), dtype="bool", size=1)
        items = [self._operand(v, "test membership of") for v in values if v is not None]
        for item in items:
            if item.dtype != self.dtype and not {item.dtype, self.dtype} <= {"int64", "float64"}:
                msg = (
                    f"isin value of dtype {item.dtype!r} cannot match Series {self._name!r} "
                    f"of dtype {self.dtype!r}."
                )
                raise DtypeError(msg)
        # IN is NULL only for a missing value (None is not among the items): that is in the
        # list exactly when None is, as pandas (SQL's IN would give NULL). The value appears once.
        has_none = any(v is None for v in values)
        if not items:
            return (
                self.isnull()
                if has_none
                else self.copy_override(expression=exp.false(), dtype="bool", size=1)
            )
        condition = exp.Coalesce(
            this=exp.In(this=paren(self._expression), expressions=[i._expression for i in items]),
            expressions=[exp.true() if has_none else exp.false()],
        )
        return self.copy_override(expression=condition, dtype="bool", size=self._size + len(items))

    def where(self, cond: Series, other: Any = None) -> Series:
        """The value where ``cond`` is True, else ``other`` (default: missing), as pandas.

        Parameters
        ----------
        cond : Series
            A bool Series of the same frame; where it is False or missing, ``other`` is used.
        other : scalar or Series, optional
            The alternative, of this Series' dtype (default: missing).

        Returns
        -------
        Series

        Raises
        ------
        DtypeError
            When ``cond`` is not a bool Series, or ``other`` has another dtype.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'n': [1, 5, 10]}))
        >>> df.n.where(df.n > 2).sort_index().to_pandas().tolist()
        [nan, 5.0, 10.0]
        >>> df.n.where(df.n > 2, 0).sort_index().to_pandas().tolist()
        [0, 5, 10]
        """
        if not isinstance(cond, Series) or cond.dtype != "bool":
            msg = f"where(cond=...) takes a bool Series, got {_describe(cond)}."
            raise DtypeError(msg)
        condition = self._operand(cond, "use as condition")
        alternative = self._operand(other, "use as alternative")
        if alternative.dtype != self.dtype:
            msg = (
                f"where(other={_describe(other)}) has dtype {alternative.dtype!r}; Series "
                f"{self._name!r} has dtype {self.dtype!r}."
            )
            raise DtypeError(msg)
        case = exp.Case(
            ifs=[exp.If(this=condition.expression, true=self._expression)],
            default=alternative.expression,
        )
        return self._combine(condition, case, self.dtype)

    # ------------------------------------------------------------------ casting
    def astype(self, dtype: Any) -> Any:
        """Cast to another dtype.

        Typed ``Any``: the concrete Series class (``SeriesString``, ``SeriesInt64`` ...) of the
        result depends on ``dtype`` at run time.

        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1, 2]}))
        >>> df.a.astype('string').to_pandas().tolist()
        ['1', '2']
        """
        target = validate_dtype(dtype)
        if target == self._instance_dtype:
            return self
        from objectiv_bach.series import casts

        return self._derived(
            casts.cast(self._expression, self._instance_dtype, target), target, size=self._size + 2
        )

    # ------------------------------------------------------------------ aggregation
    def _aggregate(
        self,
        function: exp.Expression,
        dtype: str,
        func_name: str,
        partition: Any = None,
        skipna: bool = True,
        post: Callable[[exp.Expression], exp.Expression] | None = None,
    ) -> Series:
        """``function`` (an aggregate) per group, over everything, or over a window.

        The window is given by ``partition=``. ``post`` wraps the result (outside any OVER clause).
        """
        finish = post or (lambda e: e)
        if not skipna:
            if partition is not None or func_name in ("count", "nunique"):
                msg = f"{func_name}(skipna=False{', partition=...' if partition else ''})"
                raise UnsupportedOperationError(msg, None, "Drop or fill missing values first.")
            from objectiv_bach.stats import not_skipping

            inner = finish
            finish = lambda e: not_skipping(self, inner(e))  # noqa: E731
        if partition is None and self._group_by is not None and self._group_by.is_window:
            partition = self._group_by.window  # type: ignore[attr-defined]
        if partition is not None:
            window = _as_window(partition, self)
            window.check_node(self._base_node, f"{self._name}.{func_name}(partition=...)")
            index = window.row_index if window.row_index is not None else self._index
            return self.copy_override(
                expression=finish(window.over(function, with_frame=True)),
                dtype=dtype,
                group_by=None,
                index=index,
            )
        if self._group_by is None:
            # aggregate everything: a single value
            group_by = GroupBy(index={}, row_index=self._index)
            return self.copy_override(
                expression=finish(function), dtype=dtype, index={}, group_by=group_by, order_by=()
            )
        return self.copy_override(expression=finish(function), dtype=dtype, order_by=())

    def _agg_input(self, func_name: str) -> exp.Expression:
        if self.is_aggregated:
            msg = f"{func_name}() of the already aggregated Series {self._name!r}"
            raise UnsupportedOperationError(
                msg, None, "Call .materialize() first to aggregate the aggregate."
            )
        return self._expression

    def count(self, partition: Any = None, skipna: bool = True) -> Series:
        """Number of non-missing values (per group).

        Parameters
        ----------
        partition : grouped DataFrame, GroupBy or Window, optional
            Count per partition, for every row.
        skipna : bool, default True
            Only True (SQL skips NULLs).

        Returns
        -------
        Series
            An int64 Series: one value, or one per group.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> df.x.count().value
        np.int64(2)
        >>> df.groupby('g').x.count().sort_index().to_pandas().to_dict()
        {'a': 1, 'b': 1}
        """
        return self._aggregate(
            exp.Count(this=self._agg_input("count")), "int64", "count", partition, skipna
        )

    def nunique(self, partition: Any = None, skipna: bool = True) -> Series:
        """Number of distinct non-missing values (per group, or per partition).

        Parameters
        ----------
        partition : grouped DataFrame, GroupBy or unordered Window, optional
            Count per partition, for every row (as pandas' ``groupby().transform('nunique')``):
            ``COUNT(DISTINCT x) OVER (PARTITION BY ...)``.
        skipna : bool, default True
            Only True (SQL skips NULLs).

        Returns
        -------
        Series
            An int64 Series.

        Raises
        ------
        UnsupportedOperationError
            With ``partition=`` an ordered window; and, when the SQL is made, on a dialect
            without ``SUPPORTS_DISTINCT_WINDOW_AGGREGATE`` (PostgreSQL): aggregate with
            ``groupby()`` and merge the result back instead.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'a', 'b'], 'v': [1, 2, 2]}))
        >>> df.groupby('g').v.nunique().sort_index().to_pandas().tolist()
        [2, 1]
        >>> df.v.nunique(partition=df.groupby('g')).sort_index().to_pandas().tolist()
        [2, 2, 1]
        """
        if isinstance(partition, Window) and partition.order_by:
            msg = "nunique(partition=...) over an ordered window (COUNT(DISTINCT) with ORDER BY)"
            raise UnsupportedOperationError(
                msg, None, "Pass the grouped frame df.groupby(...) (no sort order) instead."
            )
        return self._aggregate(
            exp.Count(this=exp.Distinct(expressions=[self._agg_input("nunique")])),
            "int64",
            "nunique",
            partition,
            skipna,
        )

    def min(self, partition: Any = None, skipna: bool = True) -> Series:
        """The minimum, per group when grouped; NULLs are skipped.

        Parameters
        ----------
        partition : GroupBy, Window or grouped DataFrame, optional
            Aggregate per group, or per window (a window function).
        skipna : bool, default True
            Only True: SQL skips NULLs.

        Returns
        -------
        Series
            An aggregated Series.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> x = pd.array([3, 1, None], dtype='Int64')
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'a', 'b'], 'x': x}))
        >>> int(df.x.min().value)
        1
        >>> df.groupby('g').x.min().sort_index().to_pandas().tolist()
        [1.0, nan]
        """
        return self._aggregate(
            exp.Min(this=self._agg_input("min")), self.dtype, "min", partition, skipna
        )

    def max(self, partition: Any = None, skipna: bool = True) -> Series:
        """The maximum, per group when grouped; NULLs are skipped.

        Parameters
        ----------
        partition : GroupBy, Window or grouped DataFrame, optional
            Aggregate per group, or per window (a window function).
        skipna : bool, default True
            Only True: SQL skips NULLs.

        Returns
        -------
        Series
            An aggregated Series.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [3, 1, None]}))
        >>> int(df.x.max().value)
        3
        """
        return self._aggregate(
            exp.Max(this=self._agg_input("max")), self.dtype, "max", partition, skipna
        )

    def agg(self, func: Any, group_by: Any = None, *args: Any, **kwargs: Any) -> Any:
        """Aggregate with one function name (a Series) or a list of names (a DataFrame).

        ``aggregate`` is the same method.

        Parameters
        ----------
        func : str, list of str or callable
            The aggregation name(s) (``'sum'``, ``'count'`` ...), or a function called with this
            Series.
        group_by : optional
            Not used (group the frame first).
        *args, **kwargs
            Passed on to the aggregation.

        Returns
        -------
        Series or DataFrame
            A Series for one name, a DataFrame with a column per name for a list.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> df.x.agg('sum').value
        np.float64(3.0)
        >>> df.x.aggregate('max').value
        np.float64(2.0)
        >>> print(df.x.agg(['sum', 'count']).to_pandas().to_string(index=False))
         x_sum  x_count
           3.0        2
        """
        if isinstance(func, (list, tuple)):
            frame = self.to_frame()
            return frame.agg({self._name: list(func)})
        if callable(func):
            return func(self, *args, **kwargs)
        if not isinstance(func, str) or func not in AGGREGATIONS or not hasattr(type(self), func):
            msg = (
                f"Unknown aggregation {func!r} for Series {self._name!r} of dtype "
                f"{self.dtype!r}; pass the name of one of its aggregations (sum, count, "
                "mean, min, max, nunique, ...) or a function."
            )
            raise InvalidArgumentError(msg)
        return getattr(self, func)(*args, **kwargs)

    aggregate = agg

    # ------------------------------------------------------------------ windows
    def _window(self, window: Any, what: str) -> Window:
        if window is None and self._group_by is not None and self._group_by.is_window:
            window = self._group_by.window  # type: ignore[attr-defined]
        if window is not None:
            window = _as_window(window, self)
            if not window.order_by and window.node is not None:
                msg = (
                    f"{what}: Window must be sorted. Sort the frame before making the window: "
                    "df.sort_values(...).groupby(...).window()."
                )
                raise InvalidArgumentError(msg)
            return window
        order = self._order_by
        if not order:
            msg = f"{what} needs a sorted frame: call sort_values() before it, or pass window=."
            raise InvalidArgumentError(msg)
        partition = self._group_by.partition if self._group_by is not None else ()
        row_index = self._group_by.row_index if self._group_by is not None else None
        return Window(
            partition=partition, order_by=order, row_index=row_index, node=self._base_node
        )

    def _windowed(
        self,
        function: exp.Expression,
        dtype: str,
        window: Window | DataFrame | None,
        what: str,
        with_frame: bool,
    ) -> Series:
        w = self._window(window, what)
        w.check_node(self._base_node, f"{self._name}.{what}")
        index = w.row_index if w.row_index is not None else self._index
        return self.copy_override(
            expression=w.over(function, with_frame=with_frame),
            dtype=dtype,
            group_by=None,
            index=index,
        )

    def window_row_number(self, window: Window | DataFrame | None = None) -> Series:
        """Number of the row within its window, from 1.

        Parameters
        ----------
        window : Window, optional
            The window; default: this Series' grouping (partition) and sort order, as on a
            Series of ``df.sort_values(...).groupby(...)``, or pass
            ``df.sort_values(...).groupby(...).window()``.

        Returns
        -------
        Series
            An int64 Series, indexed as the rows (not the groups).

        Raises
        ------
        InvalidArgumentError
            When no window is given and the Series is not sorted.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'user': ['a', 'a', 'b', 'a', 'b'],
        ...                                            'day': [2, 1, 1, 3, 2]}))
        >>> window = df.sort_values('day').groupby('user').window()
        >>> df['visit'] = df.day.window_row_number(window=window)
        >>> print(df.sort_values(['user', 'day']).to_pandas().to_string(index=False))
        user  day  visit
           a    1      1
           a    2      2
           a    3      3
           b    1      1
           b    2      2
        """
        return self._windowed(exp.RowNumber(), "int64", window, "window_row_number", False)

    def window_rank(self, window: Window | DataFrame | None = None) -> Series:
        """``RANK()`` over ``window``: equal sort values share a rank, with gaps after.

        Parameters
        ----------
        window : Window, optional
            Default: the frame's sort order and grouping (``df.sort_values(...).groupby(...).window()``).

        Returns
        -------
        Series
            An int64 Series, one value per row.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [10, 20, 10, 30]}))
        >>> ranked = df.sort_values('x')
        >>> ranked['rank'] = ranked.x.window_rank(window=ranked.window())
        >>> ranked.sort_values(['x', 'rank']).rank.to_pandas().tolist()
        [1, 1, 3, 4]
        """
        return self._windowed(exp.Anonymous(this="RANK"), "int64", window, "window_rank", False)

    def window_dense_rank(self, window: Window | DataFrame | None = None) -> Series:
        """``DENSE_RANK()`` over ``window``: equal sort values share a rank, no gaps.

        Parameters
        ----------
        window : Window, optional
            Default: the frame's sort order and grouping.

        Returns
        -------
        Series
            An int64 Series, one value per row.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'user': ['a', 'a', 'b', 'a', 'b'],
        ...                                            'day': [2, 1, 1, 3, 2],
        ...                                            'clicks': [3, 5, 4, 6, 1]}))
        >>> df['dense'] = df.clicks.window_dense_rank(window=df.sort_values('clicks').window())
        >>> df.sort_values('clicks').dense.to_pandas().tolist()
        [1, 2, 3, 4, 5]
        """
        return self._windowed(
            exp.Anonymous(this="DENSE_RANK"), "int64", window, "window_dense_rank", False
        )

    def window_lag(
        self, offset: int = 1, default: Any = None, window: Window | DataFrame | None = None
    ) -> Series:
        """The value ``offset`` rows before this one in the window (``default`` if none).

        Parameters
        ----------
        offset : int, default 1
            How many rows back.
        default : scalar, optional
            The value where there is no such row (default: missing).
        window : Window, optional
            The window; default: this Series' grouping (partition) and sort order, as on a
            Series of ``df.sort_values(...).groupby(...)``.

        Returns
        -------
        Series
            A Series of this dtype, indexed as the rows (not the groups).

        Raises
        ------
        InvalidArgumentError
            When no window is given and the Series is not sorted.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'user': ['a', 'a', 'b', 'a', 'b'],
        ...                                            'day': [2, 1, 1, 3, 2],
        ...                                            'clicks': [3, 5, 4, 6, 1]}))
        >>> window = df.sort_values('day').groupby('user').window()
        >>> df['previous'] = df.clicks.window_lag(window=window)
        >>> df['before'] = df.clicks.window_lag(2, default=0, window=window)
        >>> print(df.sort_values(['user', 'day']).to_pandas().to_string(index=False))
        user  day  clicks  previous  before
           a    1       5       NaN       0
           a    2       3       5.0       0
           a    3       6       3.0       5
           b    1       4       NaN       0
           b    2       1       4.0       0
        """
        check_int(offset, "window_lag(offset=...)", minimum=0)
        args = {"this": self._expression, "offset": exp.Literal.number(offset)}
        if default is not None:
            args["default"] = self._operand(default, "use as default")._expression
        return self._windowed(exp.Lag(**args), self.dtype, window, "window_lag", False)

    def window_lead(
        self, offset: int = 1, default: Any = None, window: Window | DataFrame | None = None
    ) -> Series:
        """The value ``offset`` rows after this one in the window (``default`` if none).

        Parameters
        ----------
        offset : int, default 1
            How many rows ahead.
        default : scalar, optional
            The value where there is no such row (default: missing).
        window : Window, optional
            Default: the frame's sort order and grouping.

        Returns
        -------
        Series
            A Series of this dtype, indexed as the rows.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'user': ['a', 'a', 'b', 'a', 'b'],
        ...                                            'day': [2, 1, 1, 3, 2],
        ...                                            'clicks': [3, 5, 4, 6, 1]}))
        >>> window = df.sort_values('day').groupby('user').window()
        >>> df['next'] = df.clicks.window_lead(window=window)
        >>> df['after'] = df.clicks.window_lead(2, default=0, window=window)
        >>> print(df.sort_values(['user', 'day']).to_pandas().to_string(index=False))
        user  day  clicks  next  after
           a    1       5   3.0      6
           a    2       3   6.0      0
           a    3       6   NaN      0
           b    1       4   1.0      0
           b    2       1   NaN      0
        """
        check_int(offset, "window_lead(offset=...)", minimum=0)
        args = {"this": self._expression, "offset": exp.Literal.number(offset)}
        if default is not None:
            args["default"] = self._operand(default, "use as default")._expression
        return self._windowed(exp.Lead(**args), self.dtype, window, "window_lead", False)

    def window_first_value(self, window: Window | DataFrame | None = None) -> Series:
        """The first value of the window frame (``FIRST_VALUE``), per row.

        Parameters
        ----------
        window : Window, optional
            Default: the frame's sort order and grouping.

        Returns
        -------
        Series
            A Series of this dtype, one value per row.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'user': ['a', 'a', 'b', 'a', 'b'],
        ...                                            'day': [2, 1, 1, 3, 2],
        ...                                            'clicks': [3, 5, 4, 6, 1]}))
        >>> window = df.sort_values('day').groupby('user').window()
        >>> df['first'] = df.clicks.window_first_value(window=window)
        >>> print(df.sort_values(['user', 'day']).to_pandas().to_string(index=False))
        user  day  clicks  first
           a    1       5      5
           a    2       3      5
           a    3       6      5
           b    1       4      4
           b    2       1      4
        """
        return self._windowed(
            exp.FirstValue(this=self._expression), self.dtype, window, "window_first_value", True
        )

    def window_last_value(self, window: Window | DataFrame | None = None) -> Series:
        """The last value of the window frame (``LAST_VALUE``), per row.

        With the default frame (up to the current row) that is the current row's value; pass a window
        with ``end_boundary=None`` for the last value of the whole partition.

        Parameters
        ----------
        window : Window, optional
            Default: the frame's sort order and grouping.

        Returns
        -------
        Series
            A Series of this dtype, one value per row.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'user': ['a', 'a', 'b', 'a', 'b'],
        ...                                            'day': [2, 1, 1, 3, 2],
        ...                                            'clicks': [3, 5, 4, 6, 1]}))
        >>> window = df.sort_values('day').groupby('user').window(end_boundary=None)
        >>> df['last'] = df.clicks.window_last_value(window=window)
        >>> print(df.sort_values(['user', 'day']).to_pandas().to_string(index=False))
        user  day  clicks  last
           a    1       5     6
           a    2       3     6
           a    3       6     6
           b    1       4     1
           b    2       1     1
        """
        return self._windowed(
            exp.LastValue(this=self._expression), self.dtype, window, "window_last_value", True
        )

    def window_nth_value(self, n: int, window: Window | DataFrame | None = None) -> Series:
        """The value of the ``n``-th row (from 1) of the window frame (``NTH_VALUE``), per row.

        With the default frame (up to the current row and its peers) the rows before the
        ``n``-th have no such row: missing. Pass a window with ``end_boundary=None`` for the
        ``n``-th value of the whole partition on every row.

        Parameters
        ----------
        n : int
            The position in the frame, 1 or more.
        window : Window, optional
            Default: the frame's sort order and grouping.

        Returns
        -------
        Series
            A Series of this dtype, one value per row.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'a', 'a', 'b'],
        ...                                            't': [1, 2, 3, 1], 'x': [10, 20, 30, 40]}))
        >>> window = df.sort_values('t').groupby('g').window()
        >>> df['second'] = df.x.window_nth_value(2, window=window)
        >>> df.sort_index().second.to_pandas().tolist()
        [nan, 20.0, 20.0, nan]
        """
        from objectiv_bach.series import windows

        return windows.nth_value(self, n, window)

    def window_percent_rank(self, window: Window | DataFrame | None = None) -> Series:
        """The relative rank of the row: ``(rank - 1) / (rows in the partition - 1)``.

        0 for the first row (and for a partition of one row); equal sort values share it.

        Parameters
        ----------
        window : Window, optional
            Default: the frame's sort order and grouping.

        Returns
        -------
        Series
            A float64 Series, one value per row.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [10, 20, 20, 40, 50]}))
        >>> window = df.sort_values('x').window()
        >>> df.x.window_percent_rank(window=window).sort_index().to_pandas().tolist()
        [0.0, 0.25, 0.25, 0.75, 1.0]
        """
        from objectiv_bach.series import windows

        return windows.percent_rank(self, window)

    def window_cume_dist(self, window: Window | DataFrame | None = None) -> Series:
        """The cumulative distribution: (rows up to the row's last peer) / (rows in the partition).

        Parameters
        ----------
        window : Window, optional
            Default: the frame's sort order and grouping.

        Returns
        -------
        Series
            A float64 Series in (0, 1], one value per row.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [10, 20, 20, 40]}))
        >>> window = df.sort_values('x').window()
        >>> df.x.window_cume_dist(window=window).sort_index().to_pandas().tolist()
        [0.25, 0.75, 0.75, 1.0]
        """
        from objectiv_bach.series import windows

        return windows.cume_dist(self, window)

    def window_ntile(
        self, num_buckets: int = 1, window: Window | DataFrame | None = None
    ) -> Series:
        """The bucket (1 to ``num_buckets``) of the row, the partition split as evenly as possible.

        With ``n`` rows the first ``n % num_buckets`` buckets hold one row more (SQL ``NTILE``).

        Parameters
        ----------
        num_buckets : int, default 1
            The number of buckets, 1 or more.
        window : Window, optional
            Default: the frame's sort order and grouping.

        Returns
        -------
        Series
            An int64 Series, one value per row.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [5, 1, 4, 2, 3]}))
        >>> window = df.sort_values('x').window()
        >>> df.x.window_ntile(2, window=window).sort_index().to_pandas().tolist()
        [2, 1, 2, 1, 1]
        """
        from objectiv_bach.series import windows

        return windows.ntile(self, num_buckets, window)

    # ------------------------------------------------------------------ sorting, frame
    def sort_values(self, *, ascending: bool = True) -> Series:
        """Sort the rows by this Series' values (NULLs last).

        Parameters
        ----------
        ascending : bool, default True
            Sort ascending or descending.

        Returns
        -------
        Series
            The same values, in that order when run.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [2.5, None, 3.0, 1.0]}))
        >>> df.x.sort_values(ascending=False).to_pandas().tolist()
        [3.0, 2.5, 1.0, nan]
        """
        check_bool(ascending, "sort_values(ascending=...)")
        return self.copy_override(order_by=(SortColumn(self._expression, ascending),))

    def sort_index(self, *, ascending: bool = True) -> Series:
        """Sort the rows by the index (NULLs last).

        Parameters
        ----------
        ascending : bool, default True
            Sort ascending or descending.

        Returns
        -------
        Series
            The same values, in index order when run.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> df.x.sort_index(ascending=False).to_pandas().tolist()
        [nan, 2.0, 1.0]
        """
        return self.copy_override(
            order_by=tuple(SortColumn(s.expression, ascending) for s in self._index.values())
        )

    def to_frame(self) -> DataFrame:
        """A DataFrame with this Series as its one column (and the same index).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> frame = (df.x * 2).to_frame()
        >>> frame.columns, frame.index_columns
        (['x'], ['_index_0'])
        """
        from objectiv_bach.dataframe import DataFrame

        return DataFrame._from_series(self)

    def materialize(
        self,
        node_name: str = "manual_materialize",
        limit: Any = None,
        distinct: bool = False,
        materialization: str = "cte",
    ) -> Series:
        """Make this Series' current state a named step of the plan (a CTE or a table).

        As :meth:`DataFrame.materialize` on :meth:`to_frame`; returns the Series of the result.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> plus_one = (df.x + 1).materialize(node_name='plus_one')
        >>> plus_one.expression.sql(), plus_one.sort_index().to_pandas().tolist()
        ('x', [2.0, 3.0, nan])
        """
        frame = self.to_frame().materialize(
            node_name=node_name, limit=limit, distinct=distinct, materialization=materialization
        )
        return frame[self._name]

    def to_pandas(self, limit: Any = None, *, dtype_backend: str = "numpy") -> pd.Series:
        """Run the query and return the values as a pandas Series (index set).

        Parameters
        ----------
        limit : int or slice, optional
            Only the first ``limit`` rows, or a slice of rows (in the sort order).
        dtype_backend : {'numpy', 'numpy_nullable', 'pyarrow'}, default 'numpy'
            The pandas dtypes, as :meth:`DataFrame.to_pandas`.

        Returns
        -------
        pandas.Series
            The values, with the dtypes of :meth:`DataFrame.to_pandas` (``int64``; ``float64``
            for an int Series with NULLs, ``object`` for a bool Series with NULLs).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [3, 1, 2]}))
        >>> (df.x * 10).sort_values().to_pandas(limit=2).tolist()
        [10, 20]
        """
        return self.to_frame().to_pandas(limit=limit, dtype_backend=dtype_backend)[self._name]

    def head(self, n: int = 5) -> pd.Series:
        """The first ``n`` values as pandas, in the current sort order (runs a query).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [3, 1, 2]}))
        >>> df.x.sort_values().head(1).tolist()
        [1]
        """
        return self.to_pandas(limit=n)

    def to_numpy(self) -> Any:
        """The values as a numpy array (runs the query).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> df.g.sort_values().to_numpy()
        array(['a', 'b', 'b'], dtype=object)
        """
        return self.to_pandas().to_numpy()

    @property
    def array(self) -> Any:
        """The values as a pandas ExtensionArray (runs the query).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> values = df.g.sort_values().array
        >>> len(values), values[0]
        (3, 'a')
        """
        return self.to_pandas().array

    @property
    def value(self) -> Any:
        """The single value of an aggregated Series (runs the query).

        Raises
        ------
        InvalidArgumentError
            When the Series does not have exactly one value.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> df.x.sum().value
        np.float64(3.0)
        """
        result = self.to_pandas()
        if len(result) != 1:
            msg = f"Series {self._name!r} has {len(result)} values; .value needs exactly one."
            raise InvalidArgumentError(msg)
        return result.iloc[0]

    def view_sql(self, dialect: Any = None) -> str:
        """The SQL that :meth:`to_pandas` runs, for ``dialect`` (default: the engine's).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [3, 1, 2]}))
        >>> print(df.x.max().view_sql(dialect='bigquery').splitlines()[-2])
          MAX(x) AS x
        """
        return self.to_frame().view_sql(dialect=dialect)

    def rename(self, name: str) -> Series:
        """The same Series under another name.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [3]}))
        >>> (df.x + 1).rename('y').name
        'y'
        """
        return self.copy_override(name=name)

    def reset_index(self, level: Any = None, drop: bool = False) -> Any:
        """Turn the index into columns (a DataFrame), or drop it (``drop=True``: a Series).

        Parameters
        ----------
        level : str or list of str, optional
            Only these index levels (default: all).
        drop : bool, default False
            Drop the levels instead of keeping them as columns.

        Returns
        -------
        DataFrame or Series

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'a': [1], 'b': [2], 'x': [3]}))
        >>> s = df.set_index(['a', 'b']).x
        >>> list(s.reset_index(level='a', drop=True).index)
        ['b']
        >>> s.reset_index(level='b').columns
        ['b', 'x']
        """
        from objectiv_bach.series import series_ops

        return series_ops.reset_index(self, level, drop)

    def drop_duplicates(self, keep: str = "first") -> Series:
        """The distinct values (``keep='first'``: one row per value).

        Parameters
        ----------
        keep : {'first', 'last', False}, default 'first'
            As :meth:`DataFrame.drop_duplicates`.

        Returns
        -------
        Series

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'b', 'b'], 'x': [1, 2, None]}))
        >>> df.g.drop_duplicates().sort_values().to_pandas().tolist()
        ['a', 'b']
        """
        return self.to_frame().drop_duplicates(keep=keep)[self._name]

    def dropna(self) -> Series:
        """The rows whose value is not NULL.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': pd.array([3, None, 2], dtype='Int64')}))
        >>> df.x.dropna().sort_values().to_pandas().tolist()
        [2, 3]
        """
        frame = self.to_frame()
        return frame[self.notnull()][self._name]

    # ------------------------------------------------------------------ original API: labels,
    # subqueries, frame operations (series_ops.py, subquery.py, class_facts.py)
    def __getitem__(self, key: Any) -> Series:
        """The rows whose index label is ``key`` (a single-level index), as the original.

        Raises
        ------
        UnsupportedOperationError
            For a slice, or an index of more or fewer than one level.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Drylts'],
        ...                                            'km2': [30, 3]})).set_index('city')
        >>> df.km2['Drylts'].to_pandas().tolist()
        [3]
        """
        from objectiv_bach.series import series_ops

        return series_ops.get_label(self, key)

    def all_values(self) -> Any:
        """The values of this Series as the right side of ``<op> ALL``: ``x > s.all_values()``.

        True where the comparison holds for every value (also when there are none), NULL where
        it is unknown because of a NULL, as SQL. See :mod:`objectiv_bach.series.subquery`.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5, 9]}))
        >>> limits = bach.from_pandas(None, pd.DataFrame({'y': [2, 4]}))
        >>> df['above_all'] = df.x > limits.y.all_values()
        >>> df.above_all.sort_index().to_pandas().tolist()
        [False, True, True]
        """
        from objectiv_bach.series.subquery import SubqueryValues

        return SubqueryValues(self, "all")

    def any_value(self) -> Any:
        """The values of this Series as the right side of ``<op> ANY``: ``x == s.any_value()``.

        True where the comparison holds for at least one value (False when there are none),
        NULL where it is unknown because of a NULL, as SQL.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 3, 9]}))
        >>> limits = bach.from_pandas(None, pd.DataFrame({'y': [2, 4]}))
        >>> df['above_one'] = df.x > limits.y.any_value()
        >>> df['listed'] = df.x == limits.y.any_value()
        >>> df.above_one.sort_index().to_pandas().tolist(), df.listed.to_pandas().tolist()
        ([False, True, True], [False, False, False])
        """
        from objectiv_bach.series.subquery import SubqueryValues

        return SubqueryValues(self, "any")

    def exists(self) -> Series:
        """Whether this Series has rows (per group when grouped): a bool aggregate.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 5]}))
        >>> bool(df[df.x > 3].x.exists().value), bool(df[df.x > 8].x.exists().value)
        (True, False)
        """
        from objectiv_bach.series.subquery import exists

        return exists(self)

    def unique(self, partition: Any = None, skipna: bool = True) -> Series:
        """The distinct values (without an index; missing values left out with ``skipna``).

        Raises
        ------
        UnsupportedOperationError
            Per group or partition: use ``drop_duplicates`` on the frame.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [3, 1, 3, None]}))
        >>> sorted(df.x.unique().to_pandas().tolist())
        [1.0, 3.0]
        """
        from objectiv_bach.series import series_ops

        return series_ops.unique(self, partition, skipna)

    def append(self, other: Any, ignore_index: bool = False) -> Series:
        """The rows of this Series, then those of ``other`` (a Series or a list of them).

        ``UNION ALL`` under this Series' name; int64 and float64 give float64.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 2], 'y': [5, 6]}))
        >>> df.x.append(df.y, ignore_index=True).sort_values().to_pandas().tolist()
        [1, 2, 5, 6]
        """
        from objectiv_bach.series import series_ops

        return series_ops.append(self, other, ignore_index)

    def apply_func(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        """Apply ``func``: a method name or a callable taking the Series; a list gives a frame.

        With a list, the frame has one column ``<name>_<function name>`` per function.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 4]}))
        >>> print(df.x.apply_func('max').value)
        4
        >>> df.x.apply_func(['min', 'max']).to_pandas().to_dict('records')
        [{'x_min': 1, 'x_max': 4}]
        """
        from objectiv_bach.series import series_ops

        return series_ops.apply_func(self, func, *args, **kwargs)

    def unstack(
        self, level: Any = -1, fill_value: Any = None, aggregation: str = "max"
    ) -> DataFrame:
        """Pivot an index level to columns, one per value of the level (sorted).

        As :meth:`DataFrame.unstack` (which names columns ``<value>__<column>``), with the
        columns named by the level's values, as pandas. Runs one query for the values.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Snits', 'Drylts'],
        ...                                            'year': [2021, 2022, 2022],
        ...                                            'visitors': [3, 5, 8]}))
        >>> wide = df.set_index(['city', 'year']).visitors.unstack(fill_value=0)
        >>> print(wide.sort_index().to_pandas().reset_index().to_string(index=False))
          city  2021  2022
        Drylts     0     8
         Snits     3     5
        """
        from objectiv_bach.series import series_ops

        return series_ops.unstack(self, level, fill_value, aggregation)

    def sort_by_series(self, by: Any, *, ascending: Any = True) -> Series:
        """Sort the rows by other Series of the same frame (one or a list; NULLs last).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 2, 3], 'k': [2, 3, 1]}))
        >>> df.x.sort_by_series(df.k, ascending=False).to_pandas().tolist()
        [2, 1, 3]
        """
        from objectiv_bach.series import series_ops

        return series_ops.sort_by_series(self, by, ascending)

    @classmethod
    def get_db_dtype(cls, dialect: Any) -> str | None:
        """The database type that stores values of this class's dtype on ``dialect``.

        ``dialect`` is a registered name ('postgres'), a Bach dialect class or a SQLAlchemy
        engine or dialect. None for list and dict dtypes (their type follows the instance).

        Examples
        --------
        >>> import objectiv_bach as bach
        >>> bach.SeriesInt64.get_db_dtype('bigquery'), bach.SeriesJson.get_db_dtype('postgres')
        ('INT64', 'JSONB')
        """
        return class_facts.db_dtype(cls.dtype, dialect)

    @property
    def is_materialized(self) -> bool:
        """Whether this Series is a plain column of its base node, ungrouped and unsorted.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1]}))
        >>> df.x.is_materialized, (df.x + 1).is_materialized
        (True, False)
        >>> (df.x + 1).materialize().is_materialized
        True
        """
        return isinstance(self._expression, exp.Column) and self._group_by is None

    # ------------------------------------------------------------------ statistics (stats.py)
    def value_counts(
        self,
        normalize: bool = False,
        sort: bool = True,
        ascending: bool = False,
        bins: Any = None,
        method: str = "pandas",
        dropna: bool = True,
    ) -> Series:
        """Number of rows of each distinct value.

        A Series named ``value_counts`` indexed by the values (with ``bins``: by the bins).

        Parameters
        ----------
        normalize : bool, default False
            Give the share of the counted rows (float64) instead of the number.
        sort : bool, default True
            Sort by the count.
        ascending : bool, default False
            The sort direction.
        bins : int or list of numbers, optional
            Count per bin instead of per value (numeric Series only), as pandas: the number of
            equal-width bins over the range of the values (as :meth:`cut`), or the bin edges.
            The index is the bins (dtype ``numeric_interval``, ``pandas.Interval`` in
            ``to_pandas()``, right-closed; the first bin includes its left edge, as pandas'
            ``include_lowest=True``); every bin is listed, an empty one with 0; missing values
            and values in no bin are not counted. ``normalize`` then divides by the number of
            all rows (pandas: "regardless of dropna"), and ``sort=False`` orders by bin.
        method : {'pandas', 'bach'}, default 'pandas'
            Accepted for compatibility; both give the same result.
        dropna : bool, default True
            Leave out missing values; ``False`` counts them as a value (a NULL index). With
            ``bins``, as pandas: True gives no rows when no value is in a bin.

        Returns
        -------
        Series

        Raises
        ------
        DtypeError
            For ``bins`` of a non-numeric Series (a TypeError, as pandas).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'city': ['Snits', 'Snits', None, 'Drylts']}))
        >>> df.city.value_counts().to_pandas().to_dict()
        {'Snits': 2, 'Drylts': 1}
        >>> df.city.value_counts(normalize=True, dropna=False).sort_index().to_pandas().to_dict()
        {'Drylts': 0.25, 'Snits': 0.5, nan: 0.25}

        Counting per bin, the empty bin included, in the order of the bins:

        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1.0, 2.0, 10.0, None]}))
        >>> print(df.x.value_counts(bins=3, sort=False).to_pandas().to_string())
        x
        (0.99, 4.0]    2
        (4.0, 7.0]     0
        (7.0, 10.0]    1
        """
        from objectiv_bach.stats import series_value_counts

        return series_value_counts(
            self,
            normalize=normalize,
            sort=sort,
            ascending=ascending,
            bins=bins,
            method=method,
            dropna=dropna,
        )

    def quantile(self, partition: Any = None, q: Any = 0.5) -> Series:
        """The exact quantile(s) of the non-missing values (per group).

        Interpolated linearly as pandas' default. For int64, float64 (float64 result) and timedelta.

        Parameters
        ----------
        partition : None
            Only None: an exact quantile is an aggregate (use ``groupby()``).
        q : float or list of float, default 0.5
            Between 0 and 1. A list gives a Series with an extra index level ``q``.

        Returns
        -------
        Series

        Raises
        ------
        DtypeError
            For another dtype.
        InvalidArgumentError
            For a ``q`` outside [0, 1].

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'a', 'a', 'b'],
        ...                                            'x': [1, 2, 10, 4]}))
        >>> print(df.x.quantile(q=0.25).value)
        1.75
        >>> df.groupby('g').x.quantile().sort_index().to_pandas().to_dict()
        {'a': 2.0, 'b': 4.0}
        >>> df.x.quantile(q=[0.5, 1]).sort_index().to_pandas().to_dict()
        {0.5: 3.0, 1.0: 10.0}
        """
        from objectiv_bach.stats import series_quantile

        return series_quantile(self, q=q, partition=partition)

    def median(self, partition: Any = None, skipna: bool = True) -> Series:
        """The exact median of the non-missing values (per group), as pandas.

        The mean of the two middle values for an even count (the original took the lower one).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 2, 10, 4]}))
        >>> print(df.x.median().value)
        3.0
        """
        from objectiv_bach.stats import series_median

        if not skipna:
            msg = "median(skipna=False)"
            raise UnsupportedOperationError(msg, None, "Drop the missing values first.")
        return series_median(self, partition=partition)

    def mode(self, partition: Any = None, skipna: bool = True) -> Series:
        """The most frequent non-missing value (per group); on a tie the smallest one.

        pandas returns every tied value; Bach returns one value per group, deterministically
        the smallest (PostgreSQL's ``mode()`` rule, which the original used).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'g': ['a', 'a', 'a', 'b', 'b'],
        ...                                            'x': [3, 3, 1, 7, 5]}))
        >>> print(df.x.mode().value)
        3
        >>> df.groupby('g').x.mode().sort_index().to_pandas().to_dict()
        {'a': 3, 'b': 5}
        """
        from objectiv_bach.stats import series_mode

        if not skipna:
            msg = "mode(skipna=False)"
            raise UnsupportedOperationError(msg, None, "Drop the missing values first.")
        return series_mode(self, partition=partition)

    def describe(self, percentiles: Any = None, datetime_is_numeric: bool = False) -> Series:
        """Descriptive statistics (one query), as pandas' ``Series.describe``.

        Count, mean, std, min, percentiles, max for numbers (float64); count, unique, top, freq (as
        text) for other values.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [1, 2, 10, None]}))
        >>> df.x.describe().to_pandas().round(3).to_dict()
        {'count': 3.0, 'mean': 4.333, 'std': 4.933, 'min': 1.0, '25%': 1.5, '50%': 2.0, '75%': 6.0, 'max': 10.0}
        """
        from objectiv_bach.describe import describe_series

        return describe_series(
            self, percentiles=percentiles, datetime_is_numeric=datetime_is_numeric
        )


_COMPARISONS: dict[str, type[exp.Expression]] = {
    "==": exp.EQ,
    "!=": exp.NEQ,
    "<": exp.LT,
    "<=": exp.LTE,
    ">": exp.GT,
    ">=": exp.GTE,
}


def _describe(value: Any) -> str:
    if isinstance(value, Series):
        return f"Series {value.name!r}"
    return f"value {value!r}"


def _as_window(partition: Any, series: Any) -> Window:
    from objectiv_bach.dataframe import DataFrame

    if isinstance(partition, Window):
        return partition
    if (
        isinstance(partition, DataFrame)
        and partition.group_by is not None
        and (partition.group_by.is_window)
    ):
        return partition.group_by.window  # type: ignore[attr-defined]
    if isinstance(partition, GroupBy):
        return Window(partition=partition.partition, row_index=partition.row_index)
    if isinstance(partition, DataFrame) and partition.group_by is not None:
        return Window(
            partition=partition.group_by.partition, row_index=partition.group_by.row_index
        )
    msg = f"partition= must be a Window, a GroupBy or a grouped DataFrame, got {partition!r}."
    raise InvalidArgumentError(msg)
