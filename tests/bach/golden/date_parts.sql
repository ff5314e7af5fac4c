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
  EXTRACT(YEAR FROM ts) AS year,
  EXTRACT(QUARTER FROM ts) AS quarter,
  EXTRACT(MONTH FROM ts) AS month,
  EXTRACT(DAY FROM ts) AS day,
  EXTRACT(HOUR FROM ts) AS hour,
  EXTRACT(MINUTE FROM ts) AS minute,
  EXTRACT(SECOND FROM ts) AS second,
  EXTRACT(MICROSECOND FROM ts) % 1000000 AS microsecond,
  EXTRACT(ISODOW FROM ts) - 1 AS dayofweek,
  EXTRACT(DAYOFYEAR FROM ts) AS dayofyear,
  EXTRACT(WEEK FROM ts) AS week,
  CAST(ts AS DATE) AS "date",
  EXTRACT(WEEK FROM CAST(ts AS DATE)) AS date_week
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
  CAST(EXTRACT(YEAR FROM ts) AS BIGINT) AS year,
  CAST(EXTRACT(QUARTER FROM ts) AS BIGINT) AS quarter,
  CAST(EXTRACT(MONTH FROM ts) AS BIGINT) AS month,
  CAST(EXTRACT(DAY FROM ts) AS BIGINT) AS day,
  CAST(EXTRACT(HOUR FROM ts) AS BIGINT) AS hour,
  CAST(EXTRACT(MINUTE FROM ts) AS BIGINT) AS minute,
  CAST(FLOOR(EXTRACT(SECOND FROM ts)) AS BIGINT) AS second,
  CAST(EXTRACT(MICROSECONDS FROM ts) % 1000000 AS BIGINT) AS microsecond,
  CAST(EXTRACT(ISODOW FROM ts) - 1 AS BIGINT) AS dayofweek,
  CAST(EXTRACT(DOY FROM ts) AS BIGINT) AS dayofyear,
  CAST(EXTRACT(WEEK FROM ts) AS BIGINT) AS week,
  CAST(ts AS DATE) AS "date",
  CAST(EXTRACT(WEEK FROM CAST(ts AS DATE)) AS BIGINT) AS date_week
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
  EXTRACT(YEAR FROM ts) AS year,
  EXTRACT(QUARTER FROM ts) AS quarter,
  EXTRACT(MONTH FROM ts) AS month,
  EXTRACT(DAY FROM ts) AS day,
  EXTRACT(HOUR FROM ts) AS hour,
  EXTRACT(MINUTE FROM ts) AS minute,
  EXTRACT(SECOND FROM ts) AS second,
  MOD(EXTRACT(MICROSECOND FROM ts), 1000000) AS microsecond,
  MOD(EXTRACT(DAYOFWEEK FROM ts) + 5, 7) AS dayofweek,
  EXTRACT(DAYOFYEAR FROM ts) AS dayofyear,
  EXTRACT(ISOWEEK FROM ts) AS week,
  CAST(ts AS DATE) AS `date`,
  EXTRACT(ISOWEEK FROM CAST(ts AS DATE)) AS date_week
FROM loaded_data
