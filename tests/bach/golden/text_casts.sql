-- duckdb
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS BIGINT) AS _index_0,
    CAST(f AS DOUBLE) AS f,
    CAST(ts AS TIMESTAMP) AS ts
  FROM (VALUES
    (0, 'u1', 1, '0.5', '2022-01-01 10:00:00.000000', '{"a": 1}'),
    (1, 'u2', 2, CAST(NULL AS TEXT), '2022-01-02 11:00:00.000000', '{"a": [1, 2]}'),
    (2, 'u1', 3, '2.0', '2022-01-03 12:00:00.000000', '{"b": "x"}')) AS _bach_values(_index_0, user_id, n, f, ts, j)
)
SELECT
  _index_0,
  f,
  ts,
  CAST(f AS TEXT) AS f_text,
  REGEXP_REPLACE(STRFTIME(ts, '%Y-%m-%d %H:%M:%S.%f'), '\.000000$', '', 'g') AS ts_text,
  CAST(LIST_TRANSFORM(
    [
      {'a': CAST(ROUND(
        EXTRACT(EPOCH FROM ts - CAST('2022-01-01 00:00:00.000000' AS TIMESTAMP)) * 1000000
      ) AS BIGINT), 'b': NULLIF(86400000000, 0)}
    ],
    LAMBDA _bach_t : _bach_t.a // _bach_t.b - CASE
      WHEN _bach_t.a % _bach_t.b <> 0 AND (
        _bach_t.a < 0
      ) <> (
        _bach_t.b < 0
      )
      THEN 1
      ELSE 0
    END
  )[1] AS TEXT) || ' days, ' || STRFTIME(
    CAST('1970-01-01 00:00:00' AS TIMESTAMP) + TO_MICROSECONDS(
      LIST_TRANSFORM(
        [
          {'a': CAST(ROUND(
            EXTRACT(EPOCH FROM ts - CAST('2022-01-01 00:00:00.000000' AS TIMESTAMP)) * 1000000
          ) AS BIGINT), 'b': NULLIF(86400000000, 0)}
        ],
        LAMBDA _bach_t : (
          _bach_t.a % _bach_t.b + _bach_t.b
        ) % _bach_t.b
      )[1]
    ),
    '%H:%M:%S.%f'
  ) AS age_text
FROM loaded_data

-- postgres
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS BIGINT) AS _index_0,
    CAST(f AS DOUBLE PRECISION) AS f,
    CAST(ts AS TIMESTAMP) AS ts
  FROM (VALUES
    (0, 'u1', 1, '0.5', '2022-01-01 10:00:00.000000', '{"a": 1}'),
    (1, 'u2', 2, CAST(NULL AS TEXT), '2022-01-02 11:00:00.000000', '{"a": [1, 2]}'),
    (2, 'u1', 3, '2.0', '2022-01-03 12:00:00.000000', '{"b": "x"}')) AS _bach_values(_index_0, user_id, n, f, ts, j)
)
SELECT
  _index_0,
  f,
  ts,
  CASE
    WHEN f = TRUNC(f) AND ABS(f) < 1e16
    THEN CAST(CAST(f AS BIGINT) AS TEXT) || '.0'
    ELSE LOWER(REPLACE(CAST(f AS TEXT), 'inity', ''))
  END AS f_text,
  REGEXP_REPLACE(TO_CHAR(ts, 'YYYY-MM-DD HH24:MI:SS.US'), E'\\.000000$', '', 'g') AS ts_text,
  CAST(CAST(FLOOR(
    CAST(CAST(ROUND(
      CAST(EXTRACT(EPOCH FROM ts - CAST('2022-01-01 00:00:00.000000' AS TIMESTAMP)) AS DOUBLE PRECISION) * 1000000
    ) AS BIGINT) AS DECIMAL(39, 20)) / NULLIF(86400000000, 0)
  ) AS BIGINT) AS TEXT) || ' days, ' || TO_CHAR(
    CAST('1970-01-01 00:00:00' AS TIMESTAMP) + (
      (
        CAST(ROUND(
          CAST(EXTRACT(EPOCH FROM ts - CAST('2022-01-01 00:00:00.000000' AS TIMESTAMP)) AS DOUBLE PRECISION) * 1000000
        ) AS BIGINT) % NULLIF(86400000000, 0) + 86400000000
      ) % NULLIF(86400000000, 0)
    ) * INTERVAL '1 microsecond',
    'HH24:MI:SS.US'
  ) AS age_text
FROM loaded_data

-- bigquery
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS INT64) AS _index_0,
    CAST(f AS FLOAT64) AS f,
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
  f,
  ts,
  CASE
    WHEN f = TRUNC(f) AND ABS(f) < 1e16
    THEN CONCAT(CAST(CAST(f AS INT64) AS STRING), '.0')
    ELSE CAST(f AS STRING)
  END AS f_text,
  REGEXP_REPLACE(FORMAT_DATETIME('%Y-%m-%d %H:%M:%E6S', ts), '\\.000000$', '') AS ts_text,
  CAST(CAST(FLOOR(
    CAST(CAST(ROUND(
      DATETIME_DIFF(ts, CAST('2022-01-01 00:00:00.000000' AS DATETIME), MICROSECOND) / 1000000.0 * 1000000
    ) AS INT64) AS BIGNUMERIC) / NULLIF(86400000000, 0)
  ) AS INT64) AS STRING) || ' days, ' || FORMAT_DATETIME(
    '%H:%M:%E6S',
    CAST('1970-01-01 00:00:00' AS DATETIME) + INTERVAL (MOD(
      MOD(
        CAST(ROUND(
          DATETIME_DIFF(ts, CAST('2022-01-01 00:00:00.000000' AS DATETIME), MICROSECOND) / 1000000.0 * 1000000
        ) AS INT64),
        NULLIF(86400000000, 0)
      ) + 86400000000,
      NULLIF(86400000000, 0)
    )) MICROSECOND
  ) AS age_text
FROM loaded_data
