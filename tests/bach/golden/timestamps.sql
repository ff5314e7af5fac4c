-- duckdb
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS BIGINT) AS _index_0,
    CAST(ts AS TIMESTAMP) AS ts
  FROM (VALUES
    (0, 'u1', 1, '0.5', '2022-01-01 10:00:00.000000', '{"a": 1}'),
    (1, 'u2', 2, CAST(NULL AS TEXT), '2022-01-02 11:00:00.000000', '{"a": [1, 2]}'),
    (2, 'u1', 3, '2.0', '2022-01-03 12:00:00.000000', '{"b": "x"}')) AS _bach_values(_index_0, user_id, n, f, ts, j)
)
SELECT
  _index_0,
  ts,
  CAST(DATE_TRUNC('week', ts) AS TIMESTAMP) AS day,
  STRFTIME(ts, '%Y-%m-%d %H:%M') AS "text",
  ts - CAST('2022-01-01 00:00:00.000000' AS TIMESTAMP) AS age,
  EXTRACT(EPOCH FROM ts - CAST('2022-01-01 00:00:00.000000' AS TIMESTAMP)) AS secs
FROM loaded_data

-- postgres
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS BIGINT) AS _index_0,
    CAST(ts AS TIMESTAMP) AS ts
  FROM (VALUES
    (0, 'u1', 1, '0.5', '2022-01-01 10:00:00.000000', '{"a": 1}'),
    (1, 'u2', 2, CAST(NULL AS TEXT), '2022-01-02 11:00:00.000000', '{"a": [1, 2]}'),
    (2, 'u1', 3, '2.0', '2022-01-03 12:00:00.000000', '{"b": "x"}')) AS _bach_values(_index_0, user_id, n, f, ts, j)
)
SELECT
  _index_0,
  ts,
  CAST(DATE_TRUNC('week', ts) AS TIMESTAMP) AS day,
  TO_CHAR(ts, 'YYYY-MM-DD HH24:MI') AS "text",
  ts - CAST('2022-01-01 00:00:00.000000' AS TIMESTAMP) AS age,
  CAST(EXTRACT(EPOCH FROM ts - CAST('2022-01-01 00:00:00.000000' AS TIMESTAMP)) AS DOUBLE PRECISION) AS secs
FROM loaded_data

-- bigquery
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS INT64) AS _index_0,
    CAST(ts AS DATETIME) AS ts
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
)
SELECT
  _index_0,
  ts,
  CAST(DATETIME_TRUNC(ts, WEEK(MONDAY)) AS DATETIME) AS day,
  FORMAT_DATETIME('%Y-%m-%d %H:%M', ts) AS `text`,
  INTERVAL (DATETIME_DIFF(ts, CAST('2022-01-01 00:00:00.000000' AS DATETIME), MICROSECOND)) MICROSECOND AS age,
  DATETIME_DIFF(ts, CAST('2022-01-01 00:00:00.000000' AS DATETIME), MICROSECOND) / 1000000.0 AS secs
FROM loaded_data
