"""objectiv_modelhub: product-analytics models over Objectiv event data, on Bach."""

from objectiv_modelhub.metrics import Metrics
from objectiv_modelhub.modelhub import Aggregate, Map, ModelHub
from objectiv_modelhub.models.funnel_discovery import FunnelDiscovery
from objectiv_modelhub.models.logistic_regression import LogisticRegression
from objectiv_modelhub.series import SeriesGlobalContext, SeriesLocationStack

__all__ = [
    "Aggregate",
    "FunnelDiscovery",
    "LogisticRegression",
    "Map",
    "Metrics",
    "ModelHub",
    "SeriesGlobalContext",
    "SeriesLocationStack",
]
