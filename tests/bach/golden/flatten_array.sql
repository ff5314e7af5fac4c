-- duckdb
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS BIGINT) AS _index_0,
    CAST(j AS JSON) AS j
  FROM (VALUES
    (0, 'u1', 1, '0.5', '2022-01-01 10:00:00.000000', '{"a": 1}'),
    (1, 'u2', 2, CAST(NULL AS TEXT), '2022-01-02 11:00:00.000000', '{"a": [1, 2]}'),
    (2, 'u1', 3, '2.0', '2022-01-03 12:00:00.000000', '{"b": "x"}')) AS _bach_values(_index_0, user_id, n, f, ts, j)
), flatten_input_1 AS (
  SELECT
    _index_0,
    JSON_EXTRACT(j, '$."a"') AS arr
  FROM loaded_data
)
SELECT
  l._index_0,
  _bach_item AS arr,
  _bach_ord - 1 AS arr_offset
FROM flatten_input_1 AS l
CROSS JOIN UNNEST(TRY_CAST(l.arr AS JSON[])) WITH ORDINALITY AS _bach_flat(_bach_item, _bach_ord)

-- postgres
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS BIGINT) AS _index_0,
    CAST(j AS JSONB) AS j
  FROM (VALUES
    (0, 'u1', 1, '0.5', '2022-01-01 10:00:00.000000', '{"a": 1}'),
    (1, 'u2', 2, CAST(NULL AS TEXT), '2022-01-02 11:00:00.000000', '{"a": [1, 2]}'),
    (2, 'u1', 3, '2.0', '2022-01-03 12:00:00.000000', '{"b": "x"}')) AS _bach_values(_index_0, user_id, n, f, ts, j)
), flatten_input_1 AS (
  SELECT
    _index_0,
    j -> 'a' AS arr
  FROM loaded_data
)
SELECT
  l._index_0,
  _bach_item AS arr,
  _bach_ord - 1 AS arr_offset
FROM flatten_input_1 AS l
CROSS JOIN JSONB_ARRAY_ELEMENTS(CASE WHEN JSONB_TYPEOF(l.arr) = 'array' THEN l.arr END) WITH ORDINALITY AS _bach_flat(_bach_item, _bach_ord)

-- bigquery
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS INT64) AS _index_0,
    PARSE_JSON(j) AS j
  FROM UNNEST([
    STRUCT(
      0 AS _index_0,
      'u1' AS user_id,
      1 AS n,
      '0.5' AS f,
      '2022-01-01 10:00:00.000000' AS ts,
      '{"a": 1}' AS j
    ),
    STRUCT(
      1 AS _index_0,
      'u2' AS user_id,
      2 AS n,
      CAST(NULL AS STRING) AS f,
      '2022-01-02 11:00:00.000000' AS ts,
      '{"a": [1, 2]}' AS j
    ),
    STRUCT(
      2 AS _index_0,
      'u1' AS user_id,
      3 AS n,
      '2.0' AS f,
      '2022-01-03 12:00:00.000000' AS ts,
      '{"b": "x"}' AS j
    )
  ]) AS _bach_values
), flatten_input_1 AS (
  SELECT
    _index_0,
    JSON_QUERY(j, '$."a"') AS arr
  FROM loaded_data
)
SELECT
  l._index_0,
  _bach_item AS arr,
  _bach_ord AS arr_offset
FROM flatten_input_1 AS l
CROSS JOIN UNNEST(JSON_QUERY_ARRAY(l.arr, '$')) AS _bach_item WITH OFFSET AS _bach_ord
