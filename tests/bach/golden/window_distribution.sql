-- duckdb
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS BIGINT) AS _index_0,
    CAST(user_id AS TEXT) AS user_id,
    CAST(n AS BIGINT) AS n,
    CAST(f AS DOUBLE) AS f
  FROM (VALUES
    (0, 'u1', 1, '0.5', '2022-01-01 10:00:00.000000', '{"a": 1}'),
    (1, 'u2', 2, CAST(NULL AS TEXT), '2022-01-02 11:00:00.000000', '{"a": [1, 2]}'),
    (2, 'u1', 3, '2.0', '2022-01-03 12:00:00.000000', '{"b": "x"}')) AS _bach_values(_index_0, user_id, n, f, ts, j)
)
SELECT
  _index_0,
  user_id,
  n,
  f,
  PERCENT_RANK() OVER (PARTITION BY user_id ORDER BY n ASC) AS pct,
  CUME_DIST() OVER (PARTITION BY user_id ORDER BY n ASC) AS cume,
  NTILE(2) OVER (PARTITION BY user_id ORDER BY n ASC) AS tile,
  NTH_VALUE(f, 2) OVER (
    PARTITION BY user_id
    ORDER BY n ASC
    RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS second,
  LAST_VALUE(f) OVER (
    PARTITION BY user_id
    ORDER BY n ASC
    RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS last
FROM loaded_data

-- postgres
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS BIGINT) AS _index_0,
    CAST(user_id AS TEXT) AS user_id,
    CAST(n AS BIGINT) AS n,
    CAST(f AS DOUBLE PRECISION) AS f
  FROM (VALUES
    (0, 'u1', 1, '0.5', '2022-01-01 10:00:00.000000', '{"a": 1}'),
    (1, 'u2', 2, CAST(NULL AS TEXT), '2022-01-02 11:00:00.000000', '{"a": [1, 2]}'),
    (2, 'u1', 3, '2.0', '2022-01-03 12:00:00.000000', '{"b": "x"}')) AS _bach_values(_index_0, user_id, n, f, ts, j)
)
SELECT
  _index_0,
  user_id,
  n,
  f,
  PERCENT_RANK() OVER (PARTITION BY user_id ORDER BY n ASC) AS pct,
  CUME_DIST() OVER (PARTITION BY user_id ORDER BY n ASC) AS cume,
  NTILE(2) OVER (PARTITION BY user_id ORDER BY n ASC) AS tile,
  NTH_VALUE(f, 2) OVER (
    PARTITION BY user_id
    ORDER BY n ASC
    RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS second,
  LAST_VALUE(f) OVER (
    PARTITION BY user_id
    ORDER BY n ASC
    RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS last
FROM loaded_data

-- bigquery
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS INT64) AS _index_0,
    CAST(user_id AS STRING) AS user_id,
    CAST(n AS INT64) AS n,
    CAST(f AS FLOAT64) AS f
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
  user_id,
  n,
  f,
  PERCENT_RANK() OVER (PARTITION BY user_id ORDER BY n IS NULL, n) AS pct,
  CUME_DIST() OVER (PARTITION BY user_id ORDER BY n IS NULL, n) AS cume,
  NTILE(2) OVER (PARTITION BY user_id ORDER BY n IS NULL, n) AS tile,
  NTH_VALUE(f, 2) OVER (
    PARTITION BY user_id
    ORDER BY n IS NULL, n
    RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS second,
  LAST_VALUE(f) OVER (
    PARTITION BY user_id
    ORDER BY n IS NULL, n
    RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS last
FROM loaded_data
