"""objectiv_modelhub: product-analytics models over Objectiv event data, on Bach."""

from objectiv_bach import display_sql_as_markdown
from objectiv_modelhub.modelhub import Aggregate, Map, ModelHub
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
    "IdentityResolutionPipeline",
    "Map",
    "ModelHub",
    "NativeObjectivExtractedContextsPipeline",
    "SeriesGlobalContext",
    "SeriesLocationStack",
    "SessionizedDataPipeline",
    "display_sql_as_markdown",
    "get_extracted_context_pipeline",
]
