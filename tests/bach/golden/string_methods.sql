-- duckdb
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS BIGINT) AS _index_0,
    CAST(user_id AS TEXT) AS user_id
  FROM (VALUES
    (0, 'u1', 1, '0.5', '2022-01-01 10:00:00.000000', '{"a": 1}'),
    (1, 'u2', 2, CAST(NULL AS TEXT), '2022-01-02 11:00:00.000000', '{"a": [1, 2]}'),
    (2, 'u1', 3, '2.0', '2022-01-03 12:00:00.000000', '{"b": "x"}')) AS _bach_values(_index_0, user_id, n, f, ts, j)
)
SELECT
  _index_0,
  user_id,
  RIGHT(user_id, 2) AS last2,
  SUBSTRING(user_id, 1 + 1, GREATEST(LENGTH(user_id) + -1 - (
    1
  ), 0)) AS mid,
  REGEXP_MATCHES(user_id, '(?i)^u[0-9]+$') AS has,
  REGEXP_REPLACE(user_id, '[0-9]', '#', 'g') AS swap,
  STRING_SPLIT(user_id, '1') AS parts,
  LIST_EXTRACT(STRING_SPLIT(user_id, '1'), 1) AS "first",
  LPAD(
    RPAD(
      user_id,
      CAST(GREATEST(5 - FLOOR((
        5 - LENGTH(user_id) + 1
      ) / 2), LENGTH(user_id)) AS INT),
      '*'
    ),
    CAST(GREATEST(5, LENGTH(user_id)) AS INT),
    '*'
  ) AS padded,
  CASE
    WHEN SUBSTRING(user_id, 1, 1) IN ('+', '-')
    THEN SUBSTRING(user_id, 1, 1) || LPAD(SUBSTRING(user_id, 2), CAST(GREATEST(3, LENGTH(SUBSTRING(user_id, 2))) AS INT), '0')
    ELSE LPAD(user_id, CAST(GREATEST(4, LENGTH(user_id)) AS INT), '0')
  END AS z
FROM loaded_data

-- postgres
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS BIGINT) AS _index_0,
    CAST(user_id AS TEXT) AS user_id
  FROM (VALUES
    (0, 'u1', 1, '0.5', '2022-01-01 10:00:00.000000', '{"a": 1}'),
    (1, 'u2', 2, CAST(NULL AS TEXT), '2022-01-02 11:00:00.000000', '{"a": [1, 2]}'),
    (2, 'u1', 3, '2.0', '2022-01-03 12:00:00.000000', '{"b": "x"}')) AS _bach_values(_index_0, user_id, n, f, ts, j)
)
SELECT
  _index_0,
  user_id,
  RIGHT(user_id, 2) AS last2,
  SUBSTRING(user_id FROM 1 + 1 FOR GREATEST(LENGTH(user_id) + -1 - (
    1
  ), 0)) AS mid,
  (
    user_id ~ '(?i)^u[0-9]+$'
  ) AS has,
  REGEXP_REPLACE(user_id, '[0-9]', '#', 'g') AS swap,
  REGEXP_SPLIT_TO_ARRAY(user_id, '***=1') AS parts,
  (
    REGEXP_SPLIT_TO_ARRAY(user_id, '***=1')
  )[1] AS "first",
  LPAD(
    RPAD(
      user_id,
      CAST(GREATEST(
        5 - FLOOR(CAST((
          5 - LENGTH(user_id) + 1
        ) AS DOUBLE PRECISION) / 2),
        LENGTH(user_id)
      ) AS INT),
      '*'
    ),
    CAST(GREATEST(5, LENGTH(user_id)) AS INT),
    '*'
  ) AS padded,
  CASE
    WHEN SUBSTRING(user_id FROM 1 FOR 1) IN ('+', '-')
    THEN SUBSTRING(user_id FROM 1 FOR 1) || LPAD(
      SUBSTRING(user_id FROM 2),
      CAST(GREATEST(3, LENGTH(SUBSTRING(user_id FROM 2))) AS INT),
      '0'
    )
    ELSE LPAD(user_id, CAST(GREATEST(4, LENGTH(user_id)) AS INT), '0')
  END AS z
FROM loaded_data

-- bigquery
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS INT64) AS _index_0,
    CAST(user_id AS STRING) AS user_id
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
  RIGHT(user_id, 2) AS last2,
  SUBSTRING(user_id, 1 + 1, GREATEST(LENGTH(user_id) + -1 - (
    1
  ), 0)) AS mid,
  REGEXP_CONTAINS(user_id, '(?i)^u[0-9]+$') AS has,
  REGEXP_REPLACE(user_id, '[0-9]', '#') AS swap,
  SPLIT(user_id, '1') AS parts,
  SPLIT(user_id, '1')[SAFE_OFFSET(0)] AS `first`,
  LPAD(
    RPAD(
      user_id,
      CAST(GREATEST(5 - FLOOR((
        5 - LENGTH(user_id) + 1
      ) / 2), LENGTH(user_id)) AS INT64),
      '*'
    ),
    CAST(GREATEST(5, LENGTH(user_id)) AS INT64),
    '*'
  ) AS padded,
  CASE
    WHEN SUBSTRING(user_id, 1, 1) IN ('+', '-')
    THEN SUBSTRING(user_id, 1, 1) || LPAD(
      SUBSTRING(user_id, 2),
      CAST(GREATEST(3, LENGTH(SUBSTRING(user_id, 2))) AS INT64),
      '0'
    )
    ELSE LPAD(user_id, CAST(GREATEST(4, LENGTH(user_id)) AS INT64), '0')
  END AS z
FROM loaded_data
