"""Types shared by the models and the :class:`~objectiv_modelhub.ModelHub` facade.

Both import this module (and never each other), so there is no facade <-> model import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from objectiv_bach import DataFrame, Series


@dataclass(frozen=True)
class ConversionEvent:
    """A conversion: an event type, a location-stack condition, or both.

    ``location_stack`` is a json Series of the frame (e.g.
    ``df.location_stack.ls.slice_from({'id': 'sign-up'})``: an event converts when it is not
    empty), or a function of the frame that gives one.
    """

    location_stack: Series | Callable[[DataFrame], Series] | None
    event_type: str | None
