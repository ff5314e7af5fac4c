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
), with_x AS (
  SELECT
    _index_0,
    user_id,
    n,
    f,
    ts,
    j,
    n + 1 AS x
  FROM loaded_data
), aggregated_1 AS (
  SELECT
    user_id,
    COALESCE(CAST(SUM(x) AS BIGINT), 0) AS x_sum
  FROM with_x
  GROUP BY
    user_id
)
SELECT
  l._index_0,
  l.user_id,
  l.n,
  l.f,
  l.ts,
  l.j,
  l.x,
  r.x_sum
FROM with_x AS l
JOIN aggregated_1 AS r
  ON l.user_id = r.user_id

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
), with_x AS (
  SELECT
    _index_0,
    user_id,
    n,
    f,
    ts,
    j,
    n + 1 AS x
  FROM loaded_data
), aggregated_1 AS (
  SELECT
    user_id,
    COALESCE(CAST(SUM(x) AS BIGINT), 0) AS x_sum
  FROM with_x
  GROUP BY
    user_id
)
SELECT
  l._index_0,
  l.user_id,
  l.n,
  l.f,
  l.ts,
  l.j,
  l.x,
  r.x_sum
FROM with_x AS l
JOIN aggregated_1 AS r
  ON l.user_id = r.user_id

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
), with_x AS (
  SELECT
    _index_0,
    user_id,
    n,
    f,
    ts,
    j,
    n + 1 AS x
  FROM loaded_data
), aggregated_1 AS (
  SELECT
    user_id,
    COALESCE(CAST(SUM(x) AS INT64), 0) AS x_sum
  FROM with_x
  GROUP BY
    user_id
)
SELECT
  l._index_0,
  l.user_id,
  l.n,
  l.f,
  l.ts,
  l.j,
  l.x,
  r.x_sum
FROM with_x AS l
JOIN aggregated_1 AS r
  ON l.user_id = r.user_id
