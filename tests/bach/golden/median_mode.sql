-- duckdb
WITH loaded_data AS (
  SELECT
    CAST(user_id AS TEXT) AS user_id,
    CAST(n AS BIGINT) AS n,
    CAST(f AS DOUBLE) AS f
  FROM (VALUES
    (0, 'u1', 1, '0.5', '2022-01-01 10:00:00.000000', '{"a": 1}'),
    (1, 'u2', 2, CAST(NULL AS TEXT), '2022-01-02 11:00:00.000000', '{"a": [1, 2]}'),
    (2, 'u1', 3, '2.0', '2022-01-03 12:00:00.000000', '{"b": "x"}')) AS _bach_values(_index_0, user_id, n, f, ts, j)
), merge_left_1 AS (
  SELECT
    user_id,
    QUANTILE_CONT(CAST(n AS DOUBLE), 0.5) AS n_median,
    QUANTILE_CONT(CAST(f AS DOUBLE), 0.5) AS f_median
  FROM loaded_data
  GROUP BY
    user_id
), value_counted_1 AS (
  SELECT
    user_id,
    n AS __bach_value_0,
    f AS __bach_value_1,
    COUNT(n) OVER (PARTITION BY user_id, n) AS __bach_count_0,
    COUNT(f) OVER (PARTITION BY user_id, f) AS __bach_count_1
  FROM loaded_data
), value_ranked_1 AS (
  SELECT
    user_id,
    __bach_value_0,
    __bach_value_1,
    ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY __bach_count_0 DESC, __bach_value_0 ASC) AS __bach_rank_0,
    ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY __bach_count_1 DESC, __bach_value_1 ASC) AS __bach_rank_1
  FROM value_counted_1
), merge_right_1 AS (
  SELECT
    user_id,
    MAX(CASE WHEN __bach_rank_0 = 1 THEN __bach_value_0 END) AS n_mode,
    MAX(CASE WHEN __bach_rank_1 = 1 THEN __bach_value_1 END) AS f_mode
  FROM value_ranked_1
  GROUP BY
    user_id
)
SELECT
  l.user_id,
  l.n_median,
  l.f_median,
  r.n_mode,
  r.f_mode
FROM merge_left_1 AS l
JOIN merge_right_1 AS r
  ON l.user_id = r.user_id

-- postgres
WITH loaded_data AS (
  SELECT
    CAST(user_id AS TEXT) AS user_id,
    CAST(n AS BIGINT) AS n,
    CAST(f AS DOUBLE PRECISION) AS f
  FROM (VALUES
    (0, 'u1', 1, '0.5', '2022-01-01 10:00:00.000000', '{"a": 1}'),
    (1, 'u2', 2, CAST(NULL AS TEXT), '2022-01-02 11:00:00.000000', '{"a": [1, 2]}'),
    (2, 'u1', 3, '2.0', '2022-01-03 12:00:00.000000', '{"b": "x"}')) AS _bach_values(_index_0, user_id, n, f, ts, j)
), merge_left_1 AS (
  SELECT
    user_id,
    PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
      CAST(n AS DOUBLE PRECISION)) AS n_median,
    PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
      CAST(f AS DOUBLE PRECISION)) AS f_median
  FROM loaded_data
  GROUP BY
    user_id
), value_counted_1 AS (
  SELECT
    user_id,
    n AS __bach_value_0,
    f AS __bach_value_1,
    COUNT(n) OVER (PARTITION BY user_id, n) AS __bach_count_0,
    COUNT(f) OVER (PARTITION BY user_id, f) AS __bach_count_1
  FROM loaded_data
), value_ranked_1 AS (
  SELECT
    user_id,
    __bach_value_0,
    __bach_value_1,
    ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY __bach_count_0 DESC NULLS LAST, __bach_value_0 ASC) AS __bach_rank_0,
    ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY __bach_count_1 DESC NULLS LAST, __bach_value_1 ASC) AS __bach_rank_1
  FROM value_counted_1
), merge_right_1 AS (
  SELECT
    user_id,
    MAX(CASE WHEN __bach_rank_0 = 1 THEN __bach_value_0 END) AS n_mode,
    MAX(CASE WHEN __bach_rank_1 = 1 THEN __bach_value_1 END) AS f_mode
  FROM value_ranked_1
  GROUP BY
    user_id
)
SELECT
  l.user_id,
  l.n_median,
  l.f_median,
  r.n_mode,
  r.f_mode
FROM merge_left_1 AS l
JOIN merge_right_1 AS r
  ON l.user_id = r.user_id

-- bigquery
WITH loaded_data AS (
  SELECT
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
), merge_left_1 AS (
  SELECT
    user_id,
    (
      ARRAY_AGG(CAST(n AS FLOAT64) IGNORE NULLS ORDER BY CAST(n AS FLOAT64))[SAFE_OFFSET(CAST(FLOOR((
        (
          COUNT(CAST(n AS FLOAT64)) - 1
        ) * 0.5
      )) AS INT64))] * (
        1 - (
          (
            (
              COUNT(CAST(n AS FLOAT64)) - 1
            ) * 0.5
          ) - FLOOR((
            (
              COUNT(CAST(n AS FLOAT64)) - 1
            ) * 0.5
          ))
        )
      ) + ARRAY_AGG(CAST(n AS FLOAT64) IGNORE NULLS ORDER BY CAST(n AS FLOAT64))[SAFE_OFFSET(CAST(CEIL((
        (
          COUNT(CAST(n AS FLOAT64)) - 1
        ) * 0.5
      )) AS INT64))] * (
        (
          (
            COUNT(CAST(n AS FLOAT64)) - 1
          ) * 0.5
        ) - FLOOR((
          (
            COUNT(CAST(n AS FLOAT64)) - 1
          ) * 0.5
        ))
      )
    ) AS n_median,
    (
      ARRAY_AGG(CAST(f AS FLOAT64) IGNORE NULLS ORDER BY CAST(f AS FLOAT64))[SAFE_OFFSET(CAST(FLOOR((
        (
          COUNT(CAST(f AS FLOAT64)) - 1
        ) * 0.5
      )) AS INT64))] * (
        1 - (
          (
            (
              COUNT(CAST(f AS FLOAT64)) - 1
            ) * 0.5
          ) - FLOOR((
            (
              COUNT(CAST(f AS FLOAT64)) - 1
            ) * 0.5
          ))
        )
      ) + ARRAY_AGG(CAST(f AS FLOAT64) IGNORE NULLS ORDER BY CAST(f AS FLOAT64))[SAFE_OFFSET(CAST(CEIL((
        (
          COUNT(CAST(f AS FLOAT64)) - 1
        ) * 0.5
      )) AS INT64))] * (
        (
          (
            COUNT(CAST(f AS FLOAT64)) - 1
          ) * 0.5
        ) - FLOOR((
          (
            COUNT(CAST(f AS FLOAT64)) - 1
          ) * 0.5
        ))
      )
    ) AS f_median
  FROM loaded_data
  GROUP BY
    user_id
), value_counted_1 AS (
  SELECT
    user_id,
    n AS __bach_value_0,
    f AS __bach_value_1,
    COUNT(n) OVER (PARTITION BY user_id, n) AS __bach_count_0,
    COUNT(f) OVER (PARTITION BY user_id, CAST(f AS STRING)) AS __bach_count_1
  FROM loaded_data
), value_ranked_1 AS (
  SELECT
    user_id,
    __bach_value_0,
    __bach_value_1,
    ROW_NUMBER() OVER (
      PARTITION BY user_id
      ORDER BY __bach_count_0 DESC, __bach_value_0 IS NULL, __bach_value_0
    ) AS __bach_rank_0,
    ROW_NUMBER() OVER (
      PARTITION BY user_id
      ORDER BY __bach_count_1 DESC, __bach_value_1 IS NULL, __bach_value_1
    ) AS __bach_rank_1
  FROM value_counted_1
), merge_right_1 AS (
  SELECT
    user_id,
    MAX(CASE WHEN __bach_rank_0 = 1 THEN __bach_value_0 END) AS n_mode,
    MAX(CASE WHEN __bach_rank_1 = 1 THEN __bach_value_1 END) AS f_mode
  FROM value_ranked_1
  GROUP BY
    user_id
)
SELECT
  l.user_id,
  l.n_median,
  l.f_median,
  r.n_mode,
  r.f_mode
FROM merge_left_1 AS l
JOIN merge_right_1 AS r
  ON l.user_id = r.user_id
