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
    CAST(COUNT(n) AS DOUBLE) AS __bach_stat_0,
    AVG(CAST(n AS DOUBLE)) AS __bach_stat_1,
    STDDEV_SAMP(CAST(n AS DOUBLE)) AS __bach_stat_2,
    CAST(MIN(n) AS DOUBLE) AS __bach_stat_3,
    CAST(MAX(n) AS DOUBLE) AS __bach_stat_4,
    QUANTILE_CONT(CAST(n AS DOUBLE), 0.25) AS __bach_stat_5,
    QUANTILE_CONT(CAST(n AS DOUBLE), 0.5) AS __bach_stat_6,
    QUANTILE_CONT(CAST(n AS DOUBLE), 0.75) AS __bach_stat_7,
    CAST(COUNT(f) AS DOUBLE) AS __bach_stat_8,
    AVG(CAST(f AS DOUBLE)) AS __bach_stat_9,
    STDDEV_SAMP(CAST(f AS DOUBLE)) AS __bach_stat_10,
    MIN(f) AS __bach_stat_11,
    MAX(f) AS __bach_stat_12,
    QUANTILE_CONT(CAST(f AS DOUBLE), 0.25) AS __bach_stat_13,
    QUANTILE_CONT(CAST(f AS DOUBLE), 0.5) AS __bach_stat_14,
    QUANTILE_CONT(CAST(f AS DOUBLE), 0.75) AS __bach_stat_15
  FROM loaded_data
), value_counted_1 AS (
  SELECT
    user_id AS __bach_value_0,
    COUNT(user_id) OVER (PARTITION BY user_id) AS __bach_count_0
  FROM loaded_data
), value_ranked_1 AS (
  SELECT
    __bach_value_0,
    __bach_count_0,
    ROW_NUMBER() OVER (ORDER BY __bach_count_0 DESC, __bach_value_0 ASC) AS __bach_rank_0
  FROM value_counted_1
), merge_right_1 AS (
  SELECT
    CAST(COUNT(__bach_value_0) AS TEXT) AS __bach_stat_16,
    CAST(COUNT(DISTINCT __bach_value_0) AS TEXT) AS __bach_stat_17,
    MAX(CASE WHEN __bach_rank_0 = 1 THEN __bach_value_0 END) AS __bach_stat_18,
    CAST(NULLIF(MAX(__bach_count_0), 0) AS TEXT) AS __bach_stat_19
  FROM value_ranked_1
), merged_1 AS (
  SELECT
    l.__bach_stat_0,
    l.__bach_stat_1,
    l.__bach_stat_2,
    l.__bach_stat_3,
    l.__bach_stat_4,
    l.__bach_stat_5,
    l.__bach_stat_6,
    l.__bach_stat_7,
    l.__bach_stat_8,
    l.__bach_stat_9,
    l.__bach_stat_10,
    l.__bach_stat_11,
    l.__bach_stat_12,
    l.__bach_stat_13,
    l.__bach_stat_14,
    l.__bach_stat_15,
    r.__bach_stat_16,
    r.__bach_stat_17,
    r.__bach_stat_18,
    r.__bach_stat_19
  FROM merge_left_1 AS l
  CROSS JOIN merge_right_1 AS r
), describe_row_1 AS (
  SELECT
    'count' AS __stat,
    0 AS __stat_position,
    __bach_stat_16 AS user_id,
    __bach_stat_0 AS n,
    __bach_stat_8 AS f
  FROM merged_1
), describe_row_2 AS (
  SELECT
    'unique' AS __stat,
    1 AS __stat_position,
    __bach_stat_17 AS user_id,
    CAST(NULL AS DOUBLE) AS n,
    CAST(NULL AS DOUBLE) AS f
  FROM merged_1
), describe_row_3 AS (
  SELECT
    'top' AS __stat,
    2 AS __stat_position,
    __bach_stat_18 AS user_id,
    CAST(NULL AS DOUBLE) AS n,
    CAST(NULL AS DOUBLE) AS f
  FROM merged_1
), describe_row_4 AS (
  SELECT
    'freq' AS __stat,
    3 AS __stat_position,
    __bach_stat_19 AS user_id,
    CAST(NULL AS DOUBLE) AS n,
    CAST(NULL AS DOUBLE) AS f
  FROM merged_1
), describe_row_5 AS (
  SELECT
    'mean' AS __stat,
    4 AS __stat_position,
    CAST(NULL AS TEXT) AS user_id,
    __bach_stat_1 AS n,
    __bach_stat_9 AS f
  FROM merged_1
), describe_row_6 AS (
  SELECT
    'std' AS __stat,
    5 AS __stat_position,
    CAST(NULL AS TEXT) AS user_id,
    __bach_stat_2 AS n,
    __bach_stat_10 AS f
  FROM merged_1
), describe_row_7 AS (
  SELECT
    'min' AS __stat,
    6 AS __stat_position,
    CAST(NULL AS TEXT) AS user_id,
    __bach_stat_3 AS n,
    __bach_stat_11 AS f
  FROM merged_1
), describe_row_8 AS (
  SELECT
    '25%' AS __stat,
    7 AS __stat_position,
    CAST(NULL AS TEXT) AS user_id,
    __bach_stat_5 AS n,
    __bach_stat_13 AS f
  FROM merged_1
), describe_row_9 AS (
  SELECT
    '50%' AS __stat,
    8 AS __stat_position,
    CAST(NULL AS TEXT) AS user_id,
    __bach_stat_6 AS n,
    __bach_stat_14 AS f
  FROM merged_1
), describe_row_10 AS (
  SELECT
    '75%' AS __stat,
    9 AS __stat_position,
    CAST(NULL AS TEXT) AS user_id,
    __bach_stat_7 AS n,
    __bach_stat_15 AS f
  FROM merged_1
), describe_row_11 AS (
  SELECT
    'max' AS __stat,
    10 AS __stat_position,
    CAST(NULL AS TEXT) AS user_id,
    __bach_stat_4 AS n,
    __bach_stat_12 AS f
  FROM merged_1
), union_all_1 AS (
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_1
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_2
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_3
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_4
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_5
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_6
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_7
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_8
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_9
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_10
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_11
)
SELECT
  __stat,
  user_id,
  n,
  f
FROM union_all_1
ORDER BY
  __stat_position ASC

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
    CAST(COUNT(n) AS DOUBLE PRECISION) AS __bach_stat_0,
    AVG(CAST(n AS DOUBLE PRECISION)) AS __bach_stat_1,
    STDDEV_SAMP(CAST(n AS DOUBLE PRECISION)) AS __bach_stat_2,
    CAST(MIN(n) AS DOUBLE PRECISION) AS __bach_stat_3,
    CAST(MAX(n) AS DOUBLE PRECISION) AS __bach_stat_4,
    PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY
      CAST(n AS DOUBLE PRECISION)) AS __bach_stat_5,
    PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
      CAST(n AS DOUBLE PRECISION)) AS __bach_stat_6,
    PERCENTILE_CONT(0.75) WITHIN GROUP (ORDER BY
      CAST(n AS DOUBLE PRECISION)) AS __bach_stat_7,
    CAST(COUNT(f) AS DOUBLE PRECISION) AS __bach_stat_8,
    AVG(CAST(f AS DOUBLE PRECISION)) AS __bach_stat_9,
    STDDEV_SAMP(CAST(f AS DOUBLE PRECISION)) AS __bach_stat_10,
    MIN(f) AS __bach_stat_11,
    MAX(f) AS __bach_stat_12,
    PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY
      CAST(f AS DOUBLE PRECISION)) AS __bach_stat_13,
    PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
      CAST(f AS DOUBLE PRECISION)) AS __bach_stat_14,
    PERCENTILE_CONT(0.75) WITHIN GROUP (ORDER BY
      CAST(f AS DOUBLE PRECISION)) AS __bach_stat_15
  FROM loaded_data
), value_counted_1 AS (
  SELECT
    user_id AS __bach_value_0,
    COUNT(user_id) OVER (PARTITION BY user_id) AS __bach_count_0
  FROM loaded_data
), value_ranked_1 AS (
  SELECT
    __bach_value_0,
    __bach_count_0,
    ROW_NUMBER() OVER (ORDER BY __bach_count_0 DESC NULLS LAST, __bach_value_0 ASC) AS __bach_rank_0
  FROM value_counted_1
), merge_right_1 AS (
  SELECT
    CAST(COUNT(__bach_value_0) AS TEXT) AS __bach_stat_16,
    CAST(COUNT(DISTINCT __bach_value_0) AS TEXT) AS __bach_stat_17,
    MAX(CASE WHEN __bach_rank_0 = 1 THEN __bach_value_0 END) AS __bach_stat_18,
    CAST(NULLIF(MAX(__bach_count_0), 0) AS TEXT) AS __bach_stat_19
  FROM value_ranked_1
), merged_1 AS (
  SELECT
    l.__bach_stat_0,
    l.__bach_stat_1,
    l.__bach_stat_2,
    l.__bach_stat_3,
    l.__bach_stat_4,
    l.__bach_stat_5,
    l.__bach_stat_6,
    l.__bach_stat_7,
    l.__bach_stat_8,
    l.__bach_stat_9,
    l.__bach_stat_10,
    l.__bach_stat_11,
    l.__bach_stat_12,
    l.__bach_stat_13,
    l.__bach_stat_14,
    l.__bach_stat_15,
    r.__bach_stat_16,
    r.__bach_stat_17,
    r.__bach_stat_18,
    r.__bach_stat_19
  FROM merge_left_1 AS l
  CROSS JOIN merge_right_1 AS r
), describe_row_1 AS (
  SELECT
    'count' AS __stat,
    0 AS __stat_position,
    __bach_stat_16 AS user_id,
    __bach_stat_0 AS n,
    __bach_stat_8 AS f
  FROM merged_1
), describe_row_2 AS (
  SELECT
    'unique' AS __stat,
    1 AS __stat_position,
    __bach_stat_17 AS user_id,
    CAST(NULL AS DOUBLE PRECISION) AS n,
    CAST(NULL AS DOUBLE PRECISION) AS f
  FROM merged_1
), describe_row_3 AS (
  SELECT
    'top' AS __stat,
    2 AS __stat_position,
    __bach_stat_18 AS user_id,
    CAST(NULL AS DOUBLE PRECISION) AS n,
    CAST(NULL AS DOUBLE PRECISION) AS f
  FROM merged_1
), describe_row_4 AS (
  SELECT
    'freq' AS __stat,
    3 AS __stat_position,
    __bach_stat_19 AS user_id,
    CAST(NULL AS DOUBLE PRECISION) AS n,
    CAST(NULL AS DOUBLE PRECISION) AS f
  FROM merged_1
), describe_row_5 AS (
  SELECT
    'mean' AS __stat,
    4 AS __stat_position,
    CAST(NULL AS TEXT) AS user_id,
    __bach_stat_1 AS n,
    __bach_stat_9 AS f
  FROM merged_1
), describe_row_6 AS (
  SELECT
    'std' AS __stat,
    5 AS __stat_position,
    CAST(NULL AS TEXT) AS user_id,
    __bach_stat_2 AS n,
    __bach_stat_10 AS f
  FROM merged_1
), describe_row_7 AS (
  SELECT
    'min' AS __stat,
    6 AS __stat_position,
    CAST(NULL AS TEXT) AS user_id,
    __bach_stat_3 AS n,
    __bach_stat_11 AS f
  FROM merged_1
), describe_row_8 AS (
  SELECT
    '25%' AS __stat,
    7 AS __stat_position,
    CAST(NULL AS TEXT) AS user_id,
    __bach_stat_5 AS n,
    __bach_stat_13 AS f
  FROM merged_1
), describe_row_9 AS (
  SELECT
    '50%' AS __stat,
    8 AS __stat_position,
    CAST(NULL AS TEXT) AS user_id,
    __bach_stat_6 AS n,
    __bach_stat_14 AS f
  FROM merged_1
), describe_row_10 AS (
  SELECT
    '75%' AS __stat,
    9 AS __stat_position,
    CAST(NULL AS TEXT) AS user_id,
    __bach_stat_7 AS n,
    __bach_stat_15 AS f
  FROM merged_1
), describe_row_11 AS (
  SELECT
    'max' AS __stat,
    10 AS __stat_position,
    CAST(NULL AS TEXT) AS user_id,
    __bach_stat_4 AS n,
    __bach_stat_12 AS f
  FROM merged_1
), union_all_1 AS (
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_1
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_2
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_3
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_4
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_5
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_6
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_7
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_8
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_9
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_10
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_11
)
SELECT
  __stat,
  user_id,
  n,
  f
FROM union_all_1
ORDER BY
  __stat_position ASC

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
    CAST(COUNT(n) AS FLOAT64) AS __bach_stat_0,
    AVG(CAST(n AS FLOAT64)) AS __bach_stat_1,
    STDDEV_SAMP(CAST(n AS FLOAT64)) AS __bach_stat_2,
    CAST(MIN(n) AS FLOAT64) AS __bach_stat_3,
    CAST(MAX(n) AS FLOAT64) AS __bach_stat_4,
    (
      ARRAY_AGG(CAST(n AS FLOAT64) IGNORE NULLS ORDER BY CAST(n AS FLOAT64))[SAFE_OFFSET(CAST(FLOOR((
        (
          COUNT(CAST(n AS FLOAT64)) - 1
        ) * 0.25
      )) AS INT64))] * (
        1 - (
          (
            (
              COUNT(CAST(n AS FLOAT64)) - 1
            ) * 0.25
          ) - FLOOR((
            (
              COUNT(CAST(n AS FLOAT64)) - 1
            ) * 0.25
          ))
        )
      ) + ARRAY_AGG(CAST(n AS FLOAT64) IGNORE NULLS ORDER BY CAST(n AS FLOAT64))[SAFE_OFFSET(CAST(CEIL((
        (
          COUNT(CAST(n AS FLOAT64)) - 1
        ) * 0.25
      )) AS INT64))] * (
        (
          (
            COUNT(CAST(n AS FLOAT64)) - 1
          ) * 0.25
        ) - FLOOR((
          (
            COUNT(CAST(n AS FLOAT64)) - 1
          ) * 0.25
        ))
      )
    ) AS __bach_stat_5,
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
    ) AS __bach_stat_6,
    (
      ARRAY_AGG(CAST(n AS FLOAT64) IGNORE NULLS ORDER BY CAST(n AS FLOAT64))[SAFE_OFFSET(CAST(FLOOR((
        (
          COUNT(CAST(n AS FLOAT64)) - 1
        ) * 0.75
      )) AS INT64))] * (
        1 - (
          (
            (
              COUNT(CAST(n AS FLOAT64)) - 1
            ) * 0.75
          ) - FLOOR((
            (
              COUNT(CAST(n AS FLOAT64)) - 1
            ) * 0.75
          ))
        )
      ) + ARRAY_AGG(CAST(n AS FLOAT64) IGNORE NULLS ORDER BY CAST(n AS FLOAT64))[SAFE_OFFSET(CAST(CEIL((
        (
          COUNT(CAST(n AS FLOAT64)) - 1
        ) * 0.75
      )) AS INT64))] * (
        (
          (
            COUNT(CAST(n AS FLOAT64)) - 1
          ) * 0.75
        ) - FLOOR((
          (
            COUNT(CAST(n AS FLOAT64)) - 1
          ) * 0.75
        ))
      )
    ) AS __bach_stat_7,
    CAST(COUNT(f) AS FLOAT64) AS __bach_stat_8,
    AVG(CAST(f AS FLOAT64)) AS __bach_stat_9,
    STDDEV_SAMP(CAST(f AS FLOAT64)) AS __bach_stat_10,
    MIN(f) AS __bach_stat_11,
    MAX(f) AS __bach_stat_12,
    (
      ARRAY_AGG(CAST(f AS FLOAT64) IGNORE NULLS ORDER BY CAST(f AS FLOAT64))[SAFE_OFFSET(CAST(FLOOR((
        (
          COUNT(CAST(f AS FLOAT64)) - 1
        ) * 0.25
      )) AS INT64))] * (
        1 - (
          (
            (
              COUNT(CAST(f AS FLOAT64)) - 1
            ) * 0.25
          ) - FLOOR((
            (
              COUNT(CAST(f AS FLOAT64)) - 1
            ) * 0.25
          ))
        )
      ) + ARRAY_AGG(CAST(f AS FLOAT64) IGNORE NULLS ORDER BY CAST(f AS FLOAT64))[SAFE_OFFSET(CAST(CEIL((
        (
          COUNT(CAST(f AS FLOAT64)) - 1
        ) * 0.25
      )) AS INT64))] * (
        (
          (
            COUNT(CAST(f AS FLOAT64)) - 1
          ) * 0.25
        ) - FLOOR((
          (
            COUNT(CAST(f AS FLOAT64)) - 1
          ) * 0.25
        ))
      )
    ) AS __bach_stat_13,
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
    ) AS __bach_stat_14,
    (
      ARRAY_AGG(CAST(f AS FLOAT64) IGNORE NULLS ORDER BY CAST(f AS FLOAT64))[SAFE_OFFSET(CAST(FLOOR((
        (
          COUNT(CAST(f AS FLOAT64)) - 1
        ) * 0.75
      )) AS INT64))] * (
        1 - (
          (
            (
              COUNT(CAST(f AS FLOAT64)) - 1
            ) * 0.75
          ) - FLOOR((
            (
              COUNT(CAST(f AS FLOAT64)) - 1
            ) * 0.75
          ))
        )
      ) + ARRAY_AGG(CAST(f AS FLOAT64) IGNORE NULLS ORDER BY CAST(f AS FLOAT64))[SAFE_OFFSET(CAST(CEIL((
        (
          COUNT(CAST(f AS FLOAT64)) - 1
        ) * 0.75
      )) AS INT64))] * (
        (
          (
            COUNT(CAST(f AS FLOAT64)) - 1
          ) * 0.75
        ) - FLOOR((
          (
            COUNT(CAST(f AS FLOAT64)) - 1
          ) * 0.75
        ))
      )
    ) AS __bach_stat_15
  FROM loaded_data
), value_counted_1 AS (
  SELECT
    user_id AS __bach_value_0,
    COUNT(user_id) OVER (PARTITION BY user_id) AS __bach_count_0
  FROM loaded_data
), value_ranked_1 AS (
  SELECT
    __bach_value_0,
    __bach_count_0,
    ROW_NUMBER() OVER (ORDER BY __bach_count_0 DESC, __bach_value_0 IS NULL, __bach_value_0) AS __bach_rank_0
  FROM value_counted_1
), merge_right_1 AS (
  SELECT
    CAST(COUNT(__bach_value_0) AS STRING) AS __bach_stat_16,
    CAST(COUNT(DISTINCT __bach_value_0) AS STRING) AS __bach_stat_17,
    MAX(CASE WHEN __bach_rank_0 = 1 THEN __bach_value_0 END) AS __bach_stat_18,
    CAST(NULLIF(MAX(__bach_count_0), 0) AS STRING) AS __bach_stat_19
  FROM value_ranked_1
), merged_1 AS (
  SELECT
    l.__bach_stat_0,
    l.__bach_stat_1,
    l.__bach_stat_2,
    l.__bach_stat_3,
    l.__bach_stat_4,
    l.__bach_stat_5,
    l.__bach_stat_6,
    l.__bach_stat_7,
    l.__bach_stat_8,
    l.__bach_stat_9,
    l.__bach_stat_10,
    l.__bach_stat_11,
    l.__bach_stat_12,
    l.__bach_stat_13,
    l.__bach_stat_14,
    l.__bach_stat_15,
    r.__bach_stat_16,
    r.__bach_stat_17,
    r.__bach_stat_18,
    r.__bach_stat_19
  FROM merge_left_1 AS l
  CROSS JOIN merge_right_1 AS r
), describe_row_1 AS (
  SELECT
    'count' AS __stat,
    0 AS __stat_position,
    __bach_stat_16 AS user_id,
    __bach_stat_0 AS n,
    __bach_stat_8 AS f
  FROM merged_1
), describe_row_2 AS (
  SELECT
    'unique' AS __stat,
    1 AS __stat_position,
    __bach_stat_17 AS user_id,
    CAST(NULL AS FLOAT64) AS n,
    CAST(NULL AS FLOAT64) AS f
  FROM merged_1
), describe_row_3 AS (
  SELECT
    'top' AS __stat,
    2 AS __stat_position,
    __bach_stat_18 AS user_id,
    CAST(NULL AS FLOAT64) AS n,
    CAST(NULL AS FLOAT64) AS f
  FROM merged_1
), describe_row_4 AS (
  SELECT
    'freq' AS __stat,
    3 AS __stat_position,
    __bach_stat_19 AS user_id,
    CAST(NULL AS FLOAT64) AS n,
    CAST(NULL AS FLOAT64) AS f
  FROM merged_1
), describe_row_5 AS (
  SELECT
    'mean' AS __stat,
    4 AS __stat_position,
    CAST(NULL AS STRING) AS user_id,
    __bach_stat_1 AS n,
    __bach_stat_9 AS f
  FROM merged_1
), describe_row_6 AS (
  SELECT
    'std' AS __stat,
    5 AS __stat_position,
    CAST(NULL AS STRING) AS user_id,
    __bach_stat_2 AS n,
    __bach_stat_10 AS f
  FROM merged_1
), describe_row_7 AS (
  SELECT
    'min' AS __stat,
    6 AS __stat_position,
    CAST(NULL AS STRING) AS user_id,
    __bach_stat_3 AS n,
    __bach_stat_11 AS f
  FROM merged_1
), describe_row_8 AS (
  SELECT
    '25%' AS __stat,
    7 AS __stat_position,
    CAST(NULL AS STRING) AS user_id,
    __bach_stat_5 AS n,
    __bach_stat_13 AS f
  FROM merged_1
), describe_row_9 AS (
  SELECT
    '50%' AS __stat,
    8 AS __stat_position,
    CAST(NULL AS STRING) AS user_id,
    __bach_stat_6 AS n,
    __bach_stat_14 AS f
  FROM merged_1
), describe_row_10 AS (
  SELECT
    '75%' AS __stat,
    9 AS __stat_position,
    CAST(NULL AS STRING) AS user_id,
    __bach_stat_7 AS n,
    __bach_stat_15 AS f
  FROM merged_1
), describe_row_11 AS (
  SELECT
    'max' AS __stat,
    10 AS __stat_position,
    CAST(NULL AS STRING) AS user_id,
    __bach_stat_4 AS n,
    __bach_stat_12 AS f
  FROM merged_1
), union_all_1 AS (
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_1
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_2
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_3
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_4
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_5
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_6
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_7
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_8
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_9
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_10
  UNION ALL
  SELECT
    __stat,
    __stat_position,
    user_id,
    n,
    f
  FROM describe_row_11
)
SELECT
  __stat,
  user_id,
  n,
  f
FROM union_all_1
ORDER BY
  __stat_position ASC NULLS LAST
