"""Progress for long work, through tqdm.

`tqdm <https://tqdm.github.io>`_'s ``tqdm.auto`` shows a widget in Jupyter and a text bar in a
terminal.

* :func:`track_query` wraps a query: when it runs longer than
  ``objectiv_bach.options.display.progress_delay`` seconds (default 2) a bar appears. A backend
  that reports progress (DuckDB: ``query_progress()``) fills it in percent; the others show the
  elapsed time, and the job state where the backend has one (BigQuery: ``query_state()``).
* :func:`bar` is a counting bar for other long work (the demo's event generation uses it).
* Nothing shows when ``objectiv_bach.options.display.progress`` is False, or when the output is
  neither a terminal nor a notebook (piped, redirected, or ``$CI`` set).

Examples
--------
>>> import objectiv_bach as bach
>>> from objectiv_bach.progress import bar, progress_enabled
>>> with bach.options.option_context('display.progress', False):
...     progress_enabled()
False
>>> with bar(total=3, desc='steps') as b:  # prints only in a terminal or notebook
...     for _ in range(3):
...         b.update(1)
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from objectiv_bach import options

__all__ = ["bar", "progress_enabled", "track_query", "write"]

#: seconds between two progress polls of a running query
POLL_SECONDS = 0.25


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    try:
        ip = shell.get_ipython()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - an odd IPython: treat as no notebook
        return False
    return ip is not None and "IPKernelApp" in getattr(ip, "config", {})


def _interactive_output() -> bool:
    """True in a notebook, or when stderr is a terminal and this is not CI."""
    if os.environ.get("CI"):
        return False
    if _in_notebook():
        return True
    stream = sys.stderr
    return bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())


def progress_enabled() -> bool:
    """Whether progress shows: the option is on and the output is a terminal or a notebook.

    Examples
    --------
    >>> from objectiv_bach.progress import progress_enabled
    >>> isinstance(progress_enabled(), bool)
    True
    """
    return bool(options.display.progress) and _interactive_output()


def _tqdm(**kwargs: Any) -> Any:
    from tqdm.auto import tqdm

    kwargs.setdefault("file", sys.stderr)
    return tqdm(**kwargs)


def bar(total: int | None = None, desc: str = "", unit: str = "it") -> Any:
    """A tqdm progress bar for work of ``total`` units; disabled where progress does not show.

    Use as ``with bar(total=n, desc='rows') as b: b.update(k)``; a disabled bar prints nothing.

    Parameters
    ----------
    total : int, optional
        The units of work (None: unknown, a counter shows).
    desc : str
        Shown before the bar.
    unit : str, default 'it'
        The unit's name.

    Returns
    -------
    tqdm.tqdm
        The bar (from ``tqdm.auto``).

    Examples
    --------
    >>> from objectiv_bach.progress import bar
    >>> with bar(total=10, desc='events', unit='event') as b:
    ...     b.update(4)
    ...     b.total
    10
    """
    return _tqdm(
        total=total,
        desc=desc,
        unit=unit,
        disable=not progress_enabled(),
        unit_scale=True,
        dynamic_ncols=True,
    )


def write(line: str) -> None:
    """Print ``line`` to stderr without breaking a progress bar that is showing.

    Examples
    --------
    >>> from objectiv_bach.progress import write
    >>> write('step done')  # on stderr
    """
    from tqdm.auto import tqdm

    tqdm.write(line, file=sys.stderr)


class _QueryTracker:
    """Shows a bar for one running query after ``delay`` seconds, polled from a thread."""

    def __init__(self, backend: Any, delay: float) -> None:
        self.backend = backend
        self.delay = delay
        self.stopped = threading.Event()
        self.lock = threading.Lock()
        self.bar: Any = None
        self.thread: threading.Thread | None = None
        self.progress = getattr(backend, "query_progress", None)
        #: the state of the running job (BigQuery: PENDING, RUNNING, DONE), where there is one
        self.state = getattr(backend, "query_state", None)

    def _open(self) -> None:
        with self.lock:
            if self.bar is None and not self.stopped.is_set():
                name = getattr(self.backend, "name", "database")
                if self.progress is not None:
                    self.bar = _tqdm(
                        total=100,
                        desc=f"{name} query",
                        unit="%",
                        leave=False,
                        bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed} elapsed",
                    )
                else:
                    self.bar = _tqdm(
                        total=None,
                        desc=f"{name} query running",
                        leave=False,
                        bar_format="{desc}: {elapsed} elapsed",
                    )

    def _show_state(self) -> None:
        try:
            state = self.state() if self.state is not None else None
        except Exception:  # noqa: BLE001 - progress is best effort, never fail the query
            state = None
        if state:
            name = getattr(self.backend, "name", "database")
            self.bar.set_description_str(f"{name} query {str(state).lower()}", refresh=False)

    def _poll(self) -> None:
        if self.progress is None:
            self._show_state()
            self.bar.refresh()
            return
        try:
            done = self.progress()
        except Exception:  # noqa: BLE001 - progress is best effort, never fail the query
            done = None
        if done is not None:
            self.bar.n = min(max(float(done), 0.0), 100.0)
        self.bar.refresh()

    def _run(self) -> None:
        if self.stopped.wait(self.delay):
            return
        self._open()
        while not self.stopped.wait(POLL_SECONDS):
            with self.lock:
                if self.bar is not None:
                    self._poll()

    def start(self) -> None:
        if self.delay <= 0:
            self._open()
        self.thread = threading.Thread(target=self._run, name="bach-progress", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        if self.thread is not None:
            self.thread.join()
        if self.bar is not None:
            if self.progress is not None:
                self.bar.n = 100
            else:
                self._show_state()
            self.bar.refresh()
            self.bar.close()


@contextmanager
def track_query(backend: Any) -> Iterator[None]:
    """Show progress for the query that runs inside the ``with`` block, if it takes long.

    Parameters
    ----------
    backend : objectiv_bach.backends.Backend
        The backend that runs the query; if it has ``query_progress()`` (percent done, or None)
        the bar shows percent done, else the elapsed time.

    Examples
    --------
    >>> from objectiv_bach.backends import get_backend
    >>> from objectiv_bach.progress import track_query
    >>> backend = get_backend()
    >>> with track_query(backend):
    ...     backend.run_query('SELECT 42 AS answer', ['int64']).answer[0]
    np.int64(42)
    """
    if not progress_enabled():
        yield
        return
    tracker = _QueryTracker(backend, float(options.display.progress_delay))
    tracker.start()
    try:
        yield
    finally:
        tracker.stop()
