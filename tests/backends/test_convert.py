"""Result conversion (``backends/convert.py``): what it leaves behind besides the frame."""

from __future__ import annotations

import gc
import uuid

import pyarrow as pa
import pytest

from objectiv_bach.backends.convert import arrow_to_pandas
from objectiv_bach.errors import DtypeError


def _uuids() -> pa.Table:
    values = [str(uuid.UUID(int=i)) for i in range(1000)] + [None]
    return pa.table({"u": pa.array(values, pa.string())})


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_left_as_it_was(enabled: bool) -> None:
    # the conversion pauses the cyclic collector while it makes objects (one uuid.UUID a row)
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        result = arrow_to_pandas(_uuids(), ["uuid"])
        assert gc.isenabled() is enabled
        assert result["u"].tolist() == [uuid.UUID(int=i) for i in range(1000)] + [None]
        # a conversion that fails half-way also leaves it as it was
        bad = pa.table({"u": pa.array([str(uuid.UUID(int=1)), "not a uuid"])})
        with pytest.raises(DtypeError, match="'u'"):
            arrow_to_pandas(bad, ["uuid"])
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
