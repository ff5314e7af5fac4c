"""The model hub's own SQL functions, declared through Bach's public extension API.

Bach knows nothing about Objectiv: the location stack's readable name and its feature stack are
function nodes of the model hub, with a rendering for every Bach dialect (see
:mod:`objectiv_bach.extension`). The JSON-array templates iterate over the elements as
``_bach_e`` (position ``_bach_o``).
"""

from __future__ import annotations

from sqlglot import exp

from objectiv_bach.extension import FunctionNode, register_rendering, template_rendering


class ObjectivNiceName(FunctionNode):
    """The Objectiv location stack's readable name.

    ``'<Type>: <id>'`` of the last element, then ``' located at '`` and the others' labels joined
    with ``' => '``. ``<Type>`` is the ``_type`` without its ``Context`` suffix, CamelCase split
    into words.
    """

    arg_types = {"this": True}


class ObjectivFeatureStack(FunctionNode):
    """Every context of location stack ``this`` reduced to its ``_type`` and ``id``."""

    arg_types = {"this": True}


def _object(function: str, extract: str) -> exp.Expr:
    """``function('_type', extract(_bach_e, '$."_type"'), 'id', extract(_bach_e, '$."id"'))``."""
    pairs: list[exp.Expr] = []
    for key in ("_type", "id"):
        pairs += [
            exp.Literal.string(key),
            exp.Anonymous(
                this=extract, expressions=[exp.column("_bach_e"), exp.Literal.string(f'$."{key}"')]
            ),
        ]
    return exp.Anonymous(this=function, expressions=pairs)


# ---------------------------------------------------------------- DuckDB
_DUCKDB_LIST = "CAST(:this AS JSON[])"
_DUCKDB_LABEL = (
    "REGEXP_REPLACE(REGEXP_REPLACE(JSON_EXTRACT_STRING(_bach_e, '$._type'), 'Context$', ''),"
    " '([a-z])([A-Z])', '\\1 \\2', 'g') || ': ' || JSON_EXTRACT_STRING(_bach_e, '$.id')"
)
register_rendering(
    ObjectivNiceName,
    "duckdb",
    template_rendering(
        "(SELECT _bach_l[-1] || COALESCE(' located at ' || NULLIF(ARRAY_TO_STRING("
        "LIST_SLICE(_bach_l, 1, LEN(_bach_l) - 1), ' => '), ''), '')"
        " FROM (SELECT LIST_TRANSFORM("
        + _DUCKDB_LIST
        + ", LAMBDA _bach_e : "
        + _DUCKDB_LABEL
        + ") AS _bach_l))",
        "duckdb",
    ),
)
register_rendering(
    ObjectivFeatureStack,
    "duckdb",
    template_rendering(
        "TO_JSON(LIST_TRANSFORM(" + _DUCKDB_LIST + ", LAMBDA _bach_e : :obj))",
        "duckdb",
        obj=_object("JSON_OBJECT", "JSON_EXTRACT"),
    ),
)

# ---------------------------------------------------------------- PostgreSQL
_PG_ELEMENTS = "JSONB_ARRAY_ELEMENTS(:this) WITH ORDINALITY AS _bach_t(_bach_e, _bach_o)"
_PG_LABEL = (
    "REGEXP_REPLACE(REGEXP_REPLACE(_bach_e ->> '_type', 'Context$', ''),"
    " '([a-z])([A-Z])', '\\1 \\2', 'g') || ': ' || (_bach_e ->> 'id')"
)
register_rendering(
    ObjectivNiceName,
    "postgres",
    template_rendering(
        "(SELECT MAX(CASE WHEN _bach_o = _bach_n THEN _bach_label END)"
        " || COALESCE(' located at ' || STRING_AGG(CASE WHEN _bach_o < _bach_n THEN _bach_label END,"
        " ' => ' ORDER BY _bach_o), '')"
        " FROM (SELECT _bach_o, JSONB_ARRAY_LENGTH(:this) AS _bach_n, "
        + _PG_LABEL
        + " AS _bach_label"
        " FROM " + _PG_ELEMENTS + ") AS _bach_labels)",
        "postgres",
    ),
)
register_rendering(
    ObjectivFeatureStack,
    "postgres",
    template_rendering(
        "COALESCE((SELECT JSONB_AGG(JSONB_BUILD_OBJECT('_type', _bach_e -> '_type', 'id',"
        " _bach_e -> 'id') ORDER BY _bach_o) FROM " + _PG_ELEMENTS + "), CAST('[]' AS JSONB))",
        "postgres",
    ),
)

# ---------------------------------------------------------------- BigQuery
_BQ_ELEMENTS = "UNNEST(JSON_QUERY_ARRAY(:this)) AS _bach_e WITH OFFSET AS _bach_o"
_BQ_LABEL = (
    "REGEXP_REPLACE(REGEXP_REPLACE(JSON_VALUE(_bach_e, '$._type'), 'Context$', ''),"
    " '([a-z])([A-Z])', '\\\\1 \\\\2') || ': ' || JSON_VALUE(_bach_e, '$.id')"
)
register_rendering(
    ObjectivNiceName,
    "bigquery",
    template_rendering(
        "(SELECT MAX(IF(_bach_o = _bach_n - 1, _bach_label, NULL))"
        " || COALESCE(' located at ' || STRING_AGG(IF(_bach_o < _bach_n - 1, _bach_label, NULL),"
        " ' => ' ORDER BY _bach_o), '')"
        " FROM (SELECT _bach_o, ARRAY_LENGTH(JSON_QUERY_ARRAY(:this)) AS _bach_n, "
        + _BQ_LABEL
        + " AS _bach_label FROM "
        + _BQ_ELEMENTS
        + "))",
        "bigquery",
    ),
)
register_rendering(
    ObjectivFeatureStack,
    "bigquery",
    template_rendering(
        "TO_JSON(ARRAY(SELECT :obj FROM " + _BQ_ELEMENTS + " ORDER BY _bach_o))",
        "bigquery",
        obj=_object("JSON_OBJECT", "JSON_QUERY"),
    ),
)
