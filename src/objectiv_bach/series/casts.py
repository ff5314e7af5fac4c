"""``astype``: the neutral expression that converts one dtype to another.

Which casts exist and how each is expressed is stated in the dtype table
(:data:`objectiv_bach.types.DTYPES`, the ``casts`` of each row).
"""

from __future__ import annotations

from objectiv_bach.conversions import DATE_FORMAT, TIMESTAMP_FORMAT
from objectiv_bach.types import cast

__all__ = ["DATE_FORMAT", "TIMESTAMP_FORMAT", "cast"]
