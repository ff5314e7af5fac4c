"""Write Objectiv events in the native format to any backend.

``data(event_id uuid, day date, moment timestamp, cookie_id uuid, value json)``: DuckDB through
Arrow, PostgreSQL through COPY, BigQuery through a load job (see ``objectiv_bach.backends``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from objectiv_bach import get_backend
from objectiv_modelhub.pipelines.extracted_contexts import NATIVE_DTYPES


def write_events(
    engine: Any,
    events: pd.DataFrame | Iterable[pd.DataFrame],
    *,
    table_name: str = "data",
    if_exists: str = "fail",
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write one frame, or an iterable of chunks, of native events to ``table_name``.

    ``if_exists`` applies to the first chunk ('fail', 'replace' or 'append'); later chunks are
    appended. Returns the number of rows written; ``progress`` is called with the running total.
    """
    chunks = [events] if isinstance(events, pd.DataFrame) else events
    backend = get_backend(engine)
    written = 0
    mode = if_exists
    for chunk in chunks:
        frame = chunk[list(NATIVE_DTYPES)].reset_index(drop=True)
        backend.create_table(table_name, frame, NATIVE_DTYPES, if_exists=mode)
        mode = "append"
        written += len(frame)
        if progress is not None:
            progress(written)
    return written
