-- duckdb
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS BIGINT) AS _index_0,
    CAST(user_id AS TEXT) AS user_id,
    CAST(n AS BIGINT) AS n,
    CAST(f AS DOUBLE) AS f,
    CAST(ts AS TIMESTAMP) AS ts,
    CAST(j AS JSON) AS j
  FROM (VALUES
    (0, 'u1', 1, '0.5', '2022-01-01 10:00:00.000000', '{"a": 1}'),
    (1, 'u2', 2, CAST(NULL AS TEXT), '2022-01-02 11:00:00.000000', '{"a": [1, 2]}'),
    (2, 'u1', 3, '2.0', '2022-01-03 12:00:00.000000', '{"b": "x"}')) AS _bach_values(_index_0, user_id, n, f, ts, j)
), filtered_1 AS (
  SELECT
    _index_0,
    user_id,
    n,
    f,
    ts,
    j
  FROM loaded_data
  WHERE
    n > 1
)
SELECT
  _index_0,
  user_id,
  n,
  f,
  ts,
  j
FROM filtered_1
WHERE
  (
    HASH(7, (_index_0, user_id, n, f, ts, j)) % 1000000
  ) < 500000

-- postgres
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS BIGINT) AS _index_0,
    CAST(user_id AS TEXT) AS user_id,
    CAST(n AS BIGINT) AS n,
    CAST(f AS DOUBLE PRECISION) AS f,
    CAST(ts AS TIMESTAMP) AS ts,
    CAST(j AS JSONB) AS j
  FROM (VALUES
    (0, 'u1', 1, '0.5', '2022-01-01 10:00:00.000000', '{"a": 1}'),
    (1, 'u2', 2, CAST(NULL AS TEXT), '2022-01-02 11:00:00.000000', '{"a": [1, 2]}'),
    (2, 'u1', 3, '2.0', '2022-01-03 12:00:00.000000', '{"b": "x"}')) AS _bach_values(_index_0, user_id, n, f, ts, j)
), filtered_1 AS (
  SELECT
    _index_0,
    user_id,
    n,
    f,
    ts,
    j
  FROM loaded_data
  WHERE
    n > 1
)
SELECT
  _index_0,
  user_id,
  n,
  f,
  ts,
  j
FROM filtered_1
WHERE
  (
    CAST(CAST('x' || SUBSTRING(MD5(CAST((7, _index_0, user_id, n, f, ts, j) AS TEXT)) FROM 1 FOR 8) AS BIT(32)) AS BIGINT) % 1000000
  ) < 500000

-- bigquery
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS INT64) AS _index_0,
    CAST(user_id AS STRING) AS user_id,
    CAST(n AS INT64) AS n,
    CAST(f AS FLOAT64) AS f,
    CAST(ts AS DATETIME) AS ts,
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
), filtered_1 AS (
  SELECT
    _index_0,
    user_id,
    n,
    f,
    ts,
    j
  FROM loaded_data
  WHERE
    n > 1
)
SELECT
  _index_0,
  user_id,
  n,
  f,
  ts,
  j
FROM filtered_1
WHERE
  ABS(
    MOD(
      FARM_FINGERPRINT(
        TO_JSON_STRING(
          STRUCT(7 AS c0, _index_0 AS c1, user_id AS c2, n AS c3, f AS c4, ts AS c5, j AS c6)
        )
      ),
      1000000
    )
  ) < 500000
