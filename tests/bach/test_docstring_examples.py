"""Every public member of DataFrame, the Series classes and their accessors has a ``>>>`` example.

The examples themselves run as doctests (``--doctest-modules`` over ``src``, DuckDB); this test
only makes sure none is missing, so a new public method without one fails here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pytest

import objectiv_bach as bach
import objectiv_bach.series
from objectiv_bach.types import series_classes

# (class name, member) -> why it has no example of its own
ALLOWED: dict[tuple[str, str], str] = {
    ("*", "dtype"): "a plain str class attribute ('int64' ...): a str cannot carry a docstring",
}


def _accessor_classes() -> list[type]:
    found = []
    for info in pkgutil.iter_modules(objectiv_bach.series.__path__):
        module = importlib.import_module(f"objectiv_bach.series.{info.name}")
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and name.endswith("Accessor")
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


def checked_classes() -> list[type]:
    """DataFrame, every Series class of Bach and every accessor (``.str``, ``.dt`` ...)."""
    own_series = [c for c in series_classes() if c.__module__.startswith("objectiv_bach.")]
    classes = [bach.DataFrame, bach.Series, bach.SeriesAbstractNumeric, *own_series]
    classes += _accessor_classes()
    return list(dict.fromkeys(classes))


def _raw_doc(raw: Any) -> str:
    """The docstring that documents a class member as written (not the value it computes)."""
    if isinstance(raw, property):
        raw = raw.fget
    elif isinstance(raw, (classmethod, staticmethod)):
        raw = raw.__func__
    return getattr(raw, "__doc__", None) or ""


def members_without_example(cls: type) -> list[str]:
    """The public members of ``cls`` defined in objectiv_bach whose docstring lacks ``>>>``."""
    missing = []
    for name in dir(cls):
        if name.startswith("_"):
            continue
        owner = next((k for k in cls.__mro__ if name in vars(k)), None)
        if owner is None or not owner.__module__.startswith("objectiv_bach"):
            continue
        raw = vars(owner)[name]
        if isinstance(raw, str):
            doc = ""  # a str attribute's __doc__ is str's own
        else:
            doc = _raw_doc(raw)
        if ">>>" not in doc:
            missing.append(f"{owner.__name__}.{name}")
    return missing


def _allowed(qualname: str) -> bool:
    owner, name = qualname.rsplit(".", 1)
    return (owner, name) in ALLOWED or ("*", name) in ALLOWED


def test_the_checked_classes_include_dataframe_series_and_accessors():
    names = {c.__name__ for c in checked_classes()}
    expected = {
        "DataFrame",
        "Series",
        "SeriesInt64",
        "SeriesFloat64",
        "SeriesString",
        "SeriesTimestamp",
        "SeriesTimedelta",
        "SeriesList",
        "SeriesDict",
        "SeriesJson",
        "SeriesBoolean",
        "StringAccessor",
        "DateTimeAccessor",
        "TimedeltaAccessor",
        "ListAccessor",
        "DictAccessor",
        "JsonAccessor",
    }
    assert expected <= names, sorted(expected - names)


@pytest.mark.parametrize("cls", checked_classes(), ids=lambda c: c.__name__)
def test_every_public_member_has_a_doctest_example(cls):
    missing = [m for m in members_without_example(cls) if not _allowed(m)]
    assert not missing, (
        f"{cls.__name__}: public members without a '>>>' example in their docstring: {missing}. "
        "Add a numpy-style docstring with a runnable DuckDB example (see DataFrame.sort_values)."
    )


def test_the_allow_list_is_not_stale():
    every_missing = {m for cls in checked_classes() for m in members_without_example(cls)}
    for owner, name in ALLOWED:
        hits = [
            m
            for m in every_missing
            if m.endswith(f".{name}") and owner in ("*", m[: -len(name) - 1])
        ]
        assert hits, f"{owner}.{name} is allow-listed but has an example (or is gone): drop it."


def test_the_check_finds_a_member_without_example():
    class Probe(bach.Series):
        def documented(self) -> None:
            """Documented.

            >>> 1
            1
            """

        def bare(self) -> None:
            """No example."""

    Probe.__module__ = "objectiv_bach.probe"
    missing = members_without_example(Probe)
    assert "Probe.bare" in missing
    assert "Probe.documented" not in missing
