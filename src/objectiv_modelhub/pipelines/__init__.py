"""The pipelines that turn the native Objectiv table into the model hub's DataFrame."""

from objectiv_modelhub.pipelines.classes import (
    BaseExtractedContextsPipeline,
    BigQueryExtractedContextsPipeline,
    IdentityResolutionPipeline,
    NativeObjectivExtractedContextsPipeline,
    SessionizedDataPipeline,
    get_extracted_context_pipeline,
)
from objectiv_modelhub.pipelines.extracted_contexts import extract_contexts, global_context_type
from objectiv_modelhub.pipelines.identity_resolution import (
    anonymize_user_ids_without_identity,
    resolve_identities,
)
from objectiv_modelhub.pipelines.sessionized_data import sessionize

__all__ = [
    "BaseExtractedContextsPipeline",
    "BigQueryExtractedContextsPipeline",
    "IdentityResolutionPipeline",
    "NativeObjectivExtractedContextsPipeline",
    "SessionizedDataPipeline",
    "get_extracted_context_pipeline",
    "anonymize_user_ids_without_identity",
    "extract_contexts",
    "global_context_type",
    "resolve_identities",
    "sessionize",
]
