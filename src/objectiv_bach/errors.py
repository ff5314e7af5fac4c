"""The BachError hierarchy.

Every error Bach raises on purpose is a :class:`BachError`. Subclasses also inherit the matching
builtin (``KeyError``, ``TypeError``, ...) so that code written against pandas keeps working.
Messages name the offending value with ``!r``, list the valid options and suggest the fix.
"""

from __future__ import annotations


class BachError(Exception):
    """Base class of all errors raised by objectiv_bach."""


class UnsupportedOperationError(BachError, NotImplementedError):
    """An operation that a dialect (or Bach) cannot express.

    Parameters
    ----------
    operation : str
        What the user asked for, e.g. ``"Series.median"``.
    dialect : str, optional
        The dialect that lacks it.
    alternative : str, optional
        What to do instead.
    """

    def __init__(self, operation: str, dialect: str | None = None, alternative: str | None = None):
        self.operation = operation
        self.dialect = dialect
        self.alternative = alternative
        where = f" on {dialect!r}" if dialect else ""
        if operation.rstrip().endswith((".", "!", "?")):
            # a full sentence already (callers should pass an operation name, but a sentence
            # must not read "... compare. is not supported.")
            msg = operation.rstrip()
            if dialect and repr(dialect) not in msg:
                msg += f" (dialect {dialect!r})"
        else:
            msg = f"{operation} is not supported{where}."
        if alternative:
            msg += f" {alternative}"
        super().__init__(msg)


class DtypeError(BachError, TypeError):
    """A value or Series has a dtype that the operation does not accept."""


class ColumnNotFoundError(BachError, KeyError):
    """A column (Series) name that the DataFrame does not have."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class InvalidArgumentError(BachError, ValueError):
    """An argument value that is not one of the accepted ones."""


class InvalidArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument of the wrong type (``groupby(123)``, ``str.contains(5)``).

    Both a ``ValueError`` (as :class:`InvalidArgumentError`) and a ``TypeError`` (what pandas
    raises for a wrong type).
    """


class DtypeAttributeError(DtypeError, AttributeError):
    """A method or accessor that exists for other dtypes only.

    For example ``.str`` on an int64 Series, ``sum()`` on a string Series. Also an
    ``AttributeError``, as in pandas, so ``hasattr()`` keeps working.
    """

    def __str__(self) -> str:  # AttributeError would otherwise show only the first argument
        return str(self.args[0]) if self.args else ""


class TableExistsError(BachError, ValueError):
    """A table that already exists and that Bach was not told to replace."""


class TableNotFoundError(BachError, LookupError):
    """A table that does not exist (or that this connection cannot see)."""


class BackendError(BachError, RuntimeError):
    """The database rejected or failed a statement that Bach sent."""


class EngineNotSupportedError(BachError, ValueError):
    """An ``engine`` argument of a kind or dialect Bach cannot use."""


class MissingDependencyError(BachError, ImportError):
    """An optional package that a feature needs is not installed (the message names the extra)."""
