"""The Objectiv Series types: location stacks and global contexts (JSON arrays of contexts)."""

from __future__ import annotations

from typing import Any

from objectiv_bach import JsonAccessor, Series, SeriesJson, register_dtype
from objectiv_bach.extension import apply_function
from objectiv_modelhub.series.functions import ObjectivFeatureStack, ObjectivNiceName


class LocationStack(JsonAccessor):
    """``.ls`` / ``.location_stack``: the json accessor plus Objectiv helpers."""

    def __init__(self, series: Series):
        super().__init__(series)
        self._stack = series

    @property
    def navigation_features(self) -> Series:
        """The stack from its first NavigationContext on ('[]' when it has none)."""
        return self.slice_from({"_type": "NavigationContext"})

    def slice_from(self, match: dict[str, Any]) -> Series:
        """The stack from the first element that has every key/value of ``match`` on.

        As ``json[match:]``.
        """
        return self[match:]

    @property
    def feature_stack(self) -> Series:
        """The stack with every element reduced to its ``_type`` and ``id``."""
        return apply_function(ObjectivFeatureStack, self._stack)

    @property
    def nice_name(self) -> Series:
        """A readable name: the last element, then the others from the root.

        E.g. ``'Link: docs located at Root Location: home => Navigation: main'``.
        """
        return apply_function(ObjectivNiceName, self._stack, dtype="string")

    def get_from_context_with_type_series(
        self, type: str, key: str, dtype: str = "string"
    ) -> Series:
        """``key`` of the first context of ``type`` in the stack (a string, or json)."""
        contexts: Any = self.filter({"_type": type}).astype("json")
        first: Any = contexts.json[0]
        return first.json.get_value(key, as_str=dtype == "string")


@register_dtype(value_types=[], override_registered_types=True)
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
        self._contexts = series

    def __getattr__(self, name: str) -> Series:
        if name.startswith("_"):
            raise AttributeError(name)
        first = self._contexts.astype("json").json[0]
        return first.json.get_value(name, as_str=True).rename(name)


@register_dtype(value_types=[], override_registered_types=True)
class SeriesGlobalContext(SeriesJson):
    """All global contexts of one type on an event (dtype ``objectiv_global_context``)."""

    dtype = "objectiv_global_context"

    @property
    def context(self) -> GlobalContext:
        """The ``.context`` accessor of a global context column."""
        return GlobalContext(self)

    c = context
