"""Random values: ``SeriesFloat64.random`` and ``SeriesUuid.random``, unseeded or seeded.

Unseeded, they are the engine's own random functions (``RANDOM()``/``RAND()``,
``GEN_RANDOM_UUID()``/``UUID()``/``GENERATE_UUID()``): new values every time the query runs.

Seeded, each row's value is a hash of the seed and the row's index values: the MD5 of the text
``'<seed>|<index value>|...'`` (index values as ``astype('string')`` gives them, a missing one as
the empty text). So a seeded value is reproducible over the seed and the index: the same row
gives the same value in every run, on every engine (for int64 and string indexes, whose text is
the same everywhere), and can be computed in Python::

    h = hashlib.md5(f'{seed}|{index}'.encode()).hexdigest()
    fraction, uuid_value = int(h[:8], 16) / 2**32, uuid.UUID(h)

Rows with the same index values get the same value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.errors import InvalidArgumentError
from objectiv_bach.validation import check_int

if TYPE_CHECKING:
    from objectiv_bach.series.base import Series


def _key_text(template: Series, seed: int) -> exp.Expression:
    """``'<seed>|<index value>|...'`` over the index of ``template``."""
    if not template.index:
        msg = (
            "A seeded random value hashes the row's index, and this frame has none. Give it "
            "an index first (df.set_index(...), or keep the one from_pandas makes)."
        )
        raise InvalidArgumentError(msg)
    parts: list[exp.Expression] = [exp.Literal.string(str(seed))]
    for level in template.index.values():
        text = level.astype("string").expression
        parts += [
            exp.Literal.string("|"),
            exp.Coalesce(this=text, expressions=[exp.Literal.string("")]),
        ]
    return exp.Concat(expressions=parts)


def random_series(cls: type[Series], base: Any, seed: int | None, name: str) -> Series:
    """A Series of class ``cls`` (float64 or uuid) of random values on ``base``'s rows."""
    template = base if hasattr(base, "expression") else base._template()
    if seed is None:
        function: exp.Expression = exp.Rand() if cls.dtype == "float64" else exp.Uuid()
    else:
        check_int(seed, "random(seed=...)")
        key = _key_text(template, seed)
        function = bx.HashFraction(this=key) if cls.dtype == "float64" else bx.HashUuid(this=key)
    group_by = template.group_by if hasattr(base, "expression") else base.group_by
    return template.copy_override(
        expression=function, dtype=cls.dtype, name=name, group_by=group_by
    )
