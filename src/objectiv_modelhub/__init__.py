"""objectiv_modelhub: product-analytics models over Objectiv event data, on Bach."""

from objectiv_modelhub.metabase import MetaBase
from objectiv_modelhub.modelhub import Aggregate, Map, ModelHub
from objectiv_modelhub.series import SeriesGlobalContext, SeriesLocationStack

__all__ = ["Aggregate", "Map", "MetaBase", "ModelHub", "SeriesGlobalContext", "SeriesLocationStack"]
