"""The Objectiv Series types: location stacks and global contexts (JSON arrays of contexts)."""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from objectiv_bach import expressions as bx
from objectiv_bach.series.base import Series, register
from objectiv_bach.series.json import JsonAccessor, SeriesJson
from objectiv_bach.types import register_extension_dtype

register_extension_dtype("objectiv_location_stack", "json")
register_extension_dtype("objectiv_global_context", "json")


class LocationStack(JsonAccessor):
    """``.ls`` / ``.location_stack``: the json accessor plus Objectiv helpers."""

    @property
    def navigation_features(self) -> Series:
        """The stack from its first NavigationContext on ('[]' when it has none)."""
        return self.slice_from({"_type": "NavigationContext"})

    def slice_from(self, match: dict[str, Any]) -> Series:
        """The stack from the first element that has every key/value of ``match`` on."""
        return self._apply(bx.JsonArraySliceFrom(this=self._series.expression,
                                                 match=_json_literal(match)))

    @property
    def feature_stack(self) -> Series:
        """The stack with every element reduced to its ``_type`` and ``id``."""
        return self._apply(bx.JsonArrayProject(this=self._series.expression,
                                               keys=exp.Tuple(expressions=[
                                                   exp.Literal.string("_type"),
                                                   exp.Literal.string("id")])))

    @property
    def nice_name(self) -> Series:
        """A readable name: the last element, then the others from the root.

        E.g. ``'Link: docs located at Root Location: home => Navigation: main'``.
        """
        return self._apply(bx.ObjectivNiceName(this=self._series.expression), "string")

    def get_from_context_with_type_series(self, type: str, key: str, dtype: str = "string"
                                          ) -> Series:
        """``key`` of the first context of ``type`` in the stack (a string, or json)."""
        first = SeriesJson.json.fget(self._filtered(type))[0]  # type: ignore[attr-defined]
        return first.json.get_value(key, as_str=dtype == "string")

    def _filtered(self, type_name: str) -> Series:
        return self._series._derived(
            bx.JsonArrayFilter(this=self._series.expression, key=exp.Literal.string("_type"),
                               value=exp.Literal.string(type_name)), "json")


def _json_literal(value: dict[str, Any]) -> exp.Literal:
    import json

    return exp.Literal.string(json.dumps(value))


@register
class SeriesLocationStack(SeriesJson):
    """A location stack (dtype ``objectiv_location_stack``), with ``.ls``."""

    dtype = "objectiv_location_stack"

    @property
    def ls(self) -> LocationStack:
        """The ``.ls`` accessor: ``nice_name``, ``feature_stack``, ``slice_from``, ..."""
        return LocationStack(self)

    location_stack = ls


class GlobalContext:
    """``.context.<field>``: the field of the first context in the array, as a string."""

    def __init__(self, series: Series):
        self._series = series

    def __getattr__(self, name: str) -> Series:
        if name.startswith("_"):
            raise AttributeError(name)
        first = self._series.astype("json").json[0]
        return first.json.get_value(name, as_str=True).copy_override(name=name)


@register
class SeriesGlobalContext(SeriesJson):
    """All global contexts of one type on an event (dtype ``objectiv_global_context``)."""

    dtype = "objectiv_global_context"

    @property
    def context(self) -> GlobalContext:
        """The ``.context`` accessor of a global context column."""
        return GlobalContext(self)

    c = context
