"""The models: pure functions over the model hub frame."""

from objectiv_modelhub.models import aggregate, map

__all__ = ["aggregate", "map"]
