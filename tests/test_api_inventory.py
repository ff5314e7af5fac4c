"""Every documented name of the original Objectiv Bach / model hub API (0.0.28) exists here.

The names are facts about the original API (its module exports, DataFrame and Series members,
accessors, and the model hub's classes), written out below as data. Each is looked up with
``getattr``: a module attribute, a class attribute (methods and properties, without running a
query), or a member of an accessor of a small Series.

* ``NOT_PROVIDED``: names this project deliberately does not have, each with the reason.
* ``KNOWN_MISSING``: names still to be added. The test fails when one of them exists, so the set
  must shrink as they land: delete a name from it when it is added.
"""

from __future__ import annotations

import importlib
from typing import Any

import pandas as pd
import pytest

# -------------------------------------------------------------------------------------- names
#: module-level names (B.1); "module:name"
MODULE_NAMES = [
    *(
        f"objectiv_bach:{n}"
        for n in (
            "DataFrame",
            "Series",
            "SeriesAbstractNumeric",
            "SeriesInt64",
            "SeriesFloat64",
            "SeriesString",
            "SeriesBoolean",
            "SeriesAbstractDateTime",
            "SeriesDate",
            "SeriesTime",
            "SeriesTimestamp",
            "SeriesTimedelta",
            "SeriesJson",
            "SeriesJsonPostgres",
            "SeriesUuid",
            "SeriesList",
            "SeriesDict",
            "SeriesAbstractMultiLevel",
            "SeriesNumericInterval",
            "from_table",
            "from_model",
            "from_pandas",
            "display_sql_as_markdown",
            "get_series_type_from_dtype",
            "DataFrameOrSeries",
            "ColumnNames",
            "SortColumn",
            "Cube",
            "Rollup",
            "GroupingList",
            "GroupingSet",
            "GroupBy",
            "Window",
            "WindowFrameMode",
            "WindowFrameBoundary",
            "WindowFunction",
        )
    ),
    *(
        f"objectiv_bach.partitioning:{n}"
        for n in (
            "GroupBy",
            "Window",
            "Cube",
            "Rollup",
            "GroupingList",
            "GroupingSet",
            "WindowFrameMode",
            "WindowFrameBoundary",
            "WindowFunction",
        )
    ),
    "objectiv_bach.types:register_dtype",
    "objectiv_bach.display_formats:display_sql_as_graph",
    "objectiv_bach.savepoints:Savepoints",
    "objectiv_bach.preprocessing.scalers:StandardScaler",
    "objectiv_bach.preprocessing.scalers:MinMaxScaler",
    "objectiv_bach.operations.concat:DataFrameConcatOperation",
    "objectiv_bach.operations.cut:CutOperation",
    "objectiv_bach.operations.cut:QCutOperation",
    "objectiv_bach.utils:athena_construct_engine_url",
]

#: DataFrame members (B.2)
DATAFRAME = [
    "__delitem__",
    "__getattr__",
    "__getitem__",
    "__setitem__",
    "agg",
    "aggregate",
    "all_series",
    "append",
    "astype",
    "base_node",
    "bfill",
    "columns",
    "copy",
    "copy_override",
    "copy_override_base_node",
    "count",
    "create_variable",
    "cube",
    "data",
    "data_columns",
    "database_create_table",
    "describe",
    "drop",
    "drop_duplicates",
    "dropna",
    "dtypes",
    "engine",
    "expanding",
    "ffill",
    "fillna",
    "from_model",
    "from_pandas",
    "from_table",
    "get_all_variable_usage",
    "get_current_node",
    "get_dummies",
    "get_instance",
    "get_sample",
    "get_unsampled",
    "group_by",
    "groupby",
    "head",
    "index",
    "index_columns",
    "index_dtypes",
    "is_materialized",
    "loc",
    "materialize",
    "max",
    "mean",
    "median",
    "merge",
    "min",
    "minmax_scale",
    "mode",
    "nunique",
    "order_by",
    "plot",
    "quantile",
    "rename",
    "reset_index",
    "rolling",
    "rollup",
    "round",
    "savepoints",
    "scale",
    "sem",
    "set_index",
    "set_savepoint",
    "set_variable",
    "sort_index",
    "sort_values",
    "stack",
    "std",
    "std_pop",
    "sum",
    "to_numpy",
    "to_pandas",
    "unstack",
    "value_counts",
    "var",
    "variables",
    "view_sql",
    "window",
]

#: the plot handler (A.15)
PLOT = ["hist"]

#: Series base class members (B.3) and the class attributes of every subclass
SERIES = [
    "__getitem__",
    "agg",
    "aggregate",
    "all_values",
    "any_value",
    "append",
    "apply_func",
    "array",
    "as_independent_subquery",
    "assert_engine_dialect_supported",
    "astype",
    "base_node",
    "copy",
    "copy_override",
    "copy_override_dtype",
    "copy_override_type",
    "count",
    "describe",
    "drop_duplicates",
    "dropna",
    "dtype_to_expression",
    "engine",
    "equals",
    "exists",
    "expression",
    "fillna",
    "from_value",
    "get_class_instance",
    "get_column_expression",
    "get_db_dtype",
    "group_by",
    "head",
    "index",
    "instance_dtype",
    "is_materialized",
    "isin",
    "isnull",
    "materialize",
    "max",
    "median",
    "min",
    "mode",
    "name",
    "notnull",
    "nunique",
    "order_by",
    "reset_index",
    "sort_by_series",
    "sort_index",
    "sort_values",
    "supported_literal_to_expression",
    "supported_value_to_literal",
    "to_frame",
    "to_numpy",
    "to_pandas",
    "to_pandas_info",
    "unique",
    "unstack",
    "value",
    "value_counts",
    "value_to_expression",
    "value_to_literal",
    "view_sql",
    "window_cume_dist",
    "window_dense_rank",
    "window_first_value",
    "window_lag",
    "window_last_value",
    "window_lead",
    "window_nth_value",
    "window_ntile",
    "window_percent_rank",
    "window_rank",
    "window_row_number",
    # class attributes
    "dtype",
    "dtype_aliases",
    "supported_db_dtype",
    "supported_value_types",
    "supported_source_dtypes",
]

#: what each Series subclass adds (B.4)
SUBCLASSES = {
    "SeriesAbstractNumeric": [
        "cut",
        "qcut",
        "exp",
        "round",
        "mean",
        "sum",
        "std",
        "var",
        "sem",
        "quantile",
        "scale",
        "minmax_scale",
    ],
    "SeriesInt64": [],
    "SeriesFloat64": ["random"],
    "SeriesString": ["get_dummies", "to_json_array", "str"],
    "SeriesBoolean": ["__and__", "__or__", "__xor__", "__invert__", "min", "max"],
    "SeriesAbstractDateTime": ["dt"],
    "SeriesDate": ["dt"],
    "SeriesTime": ["dt"],
    "SeriesTimestamp": ["dt", "from_total_seconds"],
    "SeriesTimedelta": ["sum", "mean", "mode", "quantile", "from_total_seconds", "dt"],
    "SeriesJson": ["json", "elements"],
    "SeriesJsonPostgres": ["json"],
    "SeriesUuid": ["random"],
    "SeriesList": ["from_value", "elements"],
    "SeriesDict": ["from_value", "elements"],
    "SeriesAbstractMultiLevel": [
        "levels",
        "flatten",
        "isnull",
        "notnull",
        "fillna",
        "append",
        "get_supported_level_dtypes",
    ],
    "SeriesNumericInterval": [],
}

#: accessor members (B.4): "Class.accessor" -> names
ACCESSORS = {
    "SeriesString.str": ["__getitem__", "slice", "replace", "upper", "lower", "len"],
    "SeriesTimestamp.dt": ["strftime", "date_trunc"],
    "SeriesDate.dt": ["strftime", "date_trunc"],
    "SeriesTime.dt": ["strftime"],
    "SeriesTimedelta.dt": ["total_seconds", "days", "seconds", "microseconds", "components"],
    "SeriesJson.json": [
        "__getitem__",
        "get_value",
        "get_array_length",
        "array_contains",
        "flatten_array",
    ],
    "SeriesList.elements": ["__getitem__", "len"],
    "SeriesDict.elements": ["__getitem__"],
}

#: the model hub (C.1 exports, C.2 ModelHub, C.4 Map, C.5 Aggregate, C.6 other models)
MODELHUB_MODULE = [
    f"objectiv_modelhub:{n}"
    for n in (
        "ModelHub",
        "Aggregate",
        "Map",
        "LogisticRegression",
        "FunnelDiscovery",
        "get_extracted_context_pipeline",
        "BaseExtractedContextsPipeline",
        "NativeObjectivExtractedContextsPipeline",
        "BigQueryExtractedContextsPipeline",
        "SessionizedDataPipeline",
        "IdentityResolutionPipeline",
        "SeriesGlobalContext",
        "SeriesLocationStack",
        "MetaBase",
        "display_sql_as_markdown",
        "athena_construct_engine_url",
    )
]
MODELHUB_CLASSES = {
    "ModelHub": [
        "time_aggregation",
        "conversion_events",
        "get_objectiv_dataframe",
        "add_conversion_event",
        "time_agg",
        "to_metabase",
        "map",
        "agg",
        "aggregate",
        "get_logistic_regression",
        "get_funnel_discovery",
        "visualize_location_stack",
    ],
    "Map": [
        "is_first_session",
        "is_new_user",
        "is_conversion_event",
        "conversions_in_time",
        "conversions_counter",
        "pre_conversion_hit_number",
        "conversion_count",
    ],
    "Aggregate": [
        "unique_users",
        "unique_sessions",
        "session_duration",
        "frequency",
        "top_product_features",
        "top_product_features_before_conversion",
        "retention_matrix",
        "drop_off_locations",
        "funnel_conversion",
    ],
    "LogisticRegression": ["fit", "predict_proba", "predict", "score", "get_params", "set_params"],
    "FunnelDiscovery": ["get_navigation_paths", "plot_sankey_diagram"],
}

# ------------------------------------------------------------------------------ exceptions
#: documented names this project deliberately does not have, with the reason
NOT_PROVIDED = {
    "objectiv_bach.utils:athena_construct_engine_url": "Athena is not an engine of this project",
    "objectiv_modelhub:athena_construct_engine_url": "Athena is not an engine of this project",
    "objectiv_bach:SeriesJsonPostgres": (
        "a PostgreSQL json column is read as jsonb (SeriesJson), see dialects/postgres/README.md"
    ),
    "SeriesJsonPostgres.json": "see SeriesJsonPostgres",
    **{
        f"DataFrame.{n}": "INTERNAL in the original: a method of its SqlModel graph"
        for n in ("copy_override_base_node", "get_current_node", "get_instance")
    },
    **{
        f"Series.{n}": "INTERNAL in the original: its string-template SQL generation"
        for n in (
            "as_independent_subquery",
            "assert_engine_dialect_supported",
            "dtype_to_expression",
            "get_class_instance",
            "get_column_expression",
            "supported_literal_to_expression",
            "supported_value_to_literal",
            "to_pandas_info",
            "value_to_expression",
            "value_to_literal",
            "copy_override_dtype",
            "copy_override_type",
        )
    },
}

#: documented names still to be added (the test fails when one exists: then delete it here)
KNOWN_MISSING: set[str] = set()


# ---------------------------------------------------------------------------------- lookup
def _samples() -> dict[str, Any]:
    """A Series of each class with an accessor (no query runs)."""
    import datetime

    import objectiv_bach as bach

    pdf = pd.DataFrame(
        {
            "s": ["a"],
            "ts": [pd.Timestamp("2022-01-01")],
            "d": [datetime.date(2022, 1, 1)],
            "t": [datetime.time(1, 2)],
            "td": [pd.Timedelta(seconds=1)],
            "j": [{"a": 1}],
        }
    )
    df = bach.from_pandas(None, pdf)
    return {
        "SeriesString": df.s,
        "SeriesTimestamp": df.ts,
        "SeriesDate": df.d,
        "SeriesTime": df.t,
        "SeriesTimedelta": df.td,
        "SeriesJson": df.j,
        "SeriesList": bach.SeriesList.from_value(df, [1], name="l", dtype=["int64"]),
        "SeriesDict": bach.SeriesDict.from_value(df, {"a": 1}, name="m", dtype={"a": "int64"}),
    }


def _module_attr(path: str) -> Any:
    module_name, name = path.split(":")
    module = importlib.import_module(module_name)  # ModuleNotFoundError: missing
    return getattr(module, name)


def _exists(key: str, samples: dict[str, Any]) -> bool:
    try:
        if ":" in key:
            _module_attr(key)
            return True
        owner, *rest = key.split(".")
        if len(rest) == 2:  # an accessor member: Class.accessor.name
            accessor = getattr(samples[owner], rest[0])
            return hasattr(type(accessor), rest[1]) or hasattr(accessor, rest[1])
        (name,) = rest
        if owner in MODELHUB_CLASSES:
            cls = _module_attr(f"objectiv_modelhub:{owner}")
        elif owner == "PlotHandler":
            cls = _module_attr("objectiv_bach.plotting:PlotHandler")
        else:
            cls = _module_attr(f"objectiv_bach:{owner}")
        return hasattr(cls, name)
    except (ImportError, AttributeError):
        return False


def _all_keys() -> list[str]:
    keys = [*MODULE_NAMES, *MODELHUB_MODULE]
    keys += [f"DataFrame.{n}" for n in DATAFRAME]
    keys += [f"PlotHandler.{n}" for n in PLOT]
    keys += [f"Series.{n}" for n in SERIES]
    for cls, names in SUBCLASSES.items():
        keys += [f"{cls}.{n}" for n in names]
    for where, names in ACCESSORS.items():
        keys += [f"{where}.{n}" for n in names]
    for cls, names in MODELHUB_CLASSES.items():
        keys += [f"{cls}.{n}" for n in names]
    return keys


def _status() -> tuple[list[str], list[str]]:
    samples = _samples()
    missing, present_but_listed = [], []
    for key in _all_keys():
        if key in NOT_PROVIDED:
            continue
        owner_missing = ":" not in key and key.count(".") == 2 and key.split(".")[0] not in samples
        found = not owner_missing and _exists(key, samples)
        if not found and key not in KNOWN_MISSING:
            missing.append(key)
        if found and key in KNOWN_MISSING:
            present_but_listed.append(key)
    return missing, present_but_listed


def test_every_documented_name_exists():
    missing, _ = _status()
    assert not missing, f"documented names missing (add them, or list them): {missing}"


def test_known_missing_shrinks():
    _, present = _status()
    assert not present, f"these names exist now: delete them from KNOWN_MISSING: {present}"
    stale = sorted(k for k in KNOWN_MISSING | set(NOT_PROVIDED) if k not in _all_keys())
    assert not stale, f"KNOWN_MISSING/NOT_PROVIDED names that are not documented names: {stale}"


def test_the_lists_are_complete():
    # the reference's counts: 80 DataFrame names (plus the 4 dunders), 73 Series base names
    assert len(DATAFRAME) == len(set(DATAFRAME)) == 84
    assert len([n for n in SERIES if n not in {"dtype", "dtype_aliases"}]) == len(set(SERIES)) - 2
    assert len(set(SERIES)) - 5 == 74  # the 73 names of B.3 plus __getitem__


@pytest.mark.parametrize("key", sorted(NOT_PROVIDED))
def test_not_provided_names_are_really_absent(key):
    """A name listed as not provided must not exist (else it is provided: remove it there)."""
    assert not _exists(key, _samples()), f"{key} exists: remove it from NOT_PROVIDED"
