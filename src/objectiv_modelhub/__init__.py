"""objectiv_modelhub: product-analytics models over Objectiv event data, on Bach."""

from objectiv_bach import display_sql_as_markdown
from objectiv_modelhub.metabase import MetaBase
from objectiv_modelhub.metrics import Metrics
from objectiv_modelhub.modelhub import Aggregate, Map, ModelHub
from objectiv_modelhub.models.funnel_discovery import FunnelDiscovery
from objectiv_modelhub.models.logistic_regression import LogisticRegression
from objectiv_modelhub.pipelines.classes import (
    BaseExtractedContextsPipeline,
    BigQueryExtractedContextsPipeline,
    IdentityResolutionPipeline,
    NativeObjectivExtractedContextsPipeline,
    SessionizedDataPipeline,
    get_extracted_context_pipeline,
)
from objectiv_modelhub.series import SeriesGlobalContext, SeriesLocationStack

__all__ = [
    "Aggregate",
    "BaseExtractedContextsPipeline",
    "BigQueryExtractedContextsPipeline",
    "FunnelDiscovery",
    "IdentityResolutionPipeline",
    "LogisticRegression",
    "Map",
    "MetaBase",
    "Metrics",
    "ModelHub",
    "NativeObjectivExtractedContextsPipeline",
    "SeriesGlobalContext",
    "SeriesLocationStack",
    "SessionizedDataPipeline",
    "display_sql_as_markdown",
    "get_extracted_context_pipeline",
]
