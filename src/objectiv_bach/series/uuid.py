"""uuid Series (stored as UUID, or STRING on BigQuery)."""

from __future__ import annotations

import uuid
from typing import Any

from objectiv_bach.series.base import Series
from objectiv_bach.types import register_dtype


@register_dtype()
class SeriesUuid(Series):
    """A UUID Series (native UUID on DuckDB and PostgreSQL, STRING on BigQuery)."""

    dtype = "uuid"

    def _literal_dtype(self, value: Any) -> str:
        if isinstance(value, (str, uuid.UUID)) or value is None:
            return "uuid"
        return super()._literal_dtype(value)

    def _binary_operation(self, other: Series, op: str, what: str) -> Series:
        if op in ("==", "!=") and other.dtype == "uuid":
            return self._compare(other, op)
        return NotImplemented
