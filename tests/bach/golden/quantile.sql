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
), quantile_1 AS (
  SELECT
    user_id,
    QUANTILE_CONT(CAST(n AS DOUBLE), 0.25) AS n_quantile,
    QUANTILE_CONT(CAST(f AS DOUBLE), 0.25) AS f_quantile,
    CAST(0.25 AS DOUBLE) AS q
  FROM loaded_data
  GROUP BY
    user_id
), quantile_2 AS (
  SELECT
    user_id,
    QUANTILE_CONT(CAST(n AS DOUBLE), 0.75) AS n_quantile,
    QUANTILE_CONT(CAST(f AS DOUBLE), 0.75) AS f_quantile,
    CAST(0.75 AS DOUBLE) AS q
  FROM loaded_data
  GROUP BY
    user_id
), union_all_1 AS (
  SELECT
    user_id,
    n_quantile,
    f_quantile,
    q
  FROM quantile_1
  UNION ALL
  SELECT
    user_id,
    n_quantile,
    f_quantile,
    q
  FROM quantile_2
)
SELECT
  user_id,
  q,
  n_quantile,
  f_quantile
FROM union_all_1

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
), quantile_1 AS (
  SELECT
    user_id,
    PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY
      CAST(n AS DOUBLE PRECISION)) AS n_quantile,
    PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY
      CAST(f AS DOUBLE PRECISION)) AS f_quantile,
    CAST(0.25 AS DOUBLE PRECISION) AS q
  FROM loaded_data
  GROUP BY
    user_id
), quantile_2 AS (
  SELECT
    user_id,
    PERCENTILE_CONT(0.75) WITHIN GROUP (ORDER BY
      CAST(n AS DOUBLE PRECISION)) AS n_quantile,
    PERCENTILE_CONT(0.75) WITHIN GROUP (ORDER BY
      CAST(f AS DOUBLE PRECISION)) AS f_quantile,
    CAST(0.75 AS DOUBLE PRECISION) AS q
  FROM loaded_data
  GROUP BY
    user_id
), union_all_1 AS (
  SELECT
    user_id,
    n_quantile,
    f_quantile,
    q
  FROM quantile_1
  UNION ALL
  SELECT
    user_id,
    n_quantile,
    f_quantile,
    q
  FROM quantile_2
)
SELECT
  user_id,
  q,
  n_quantile,
  f_quantile
FROM union_all_1

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
), quantile_1 AS (
  SELECT
    user_id,
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
    ) AS n_quantile,
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
    ) AS f_quantile,
    CAST(0.25 AS FLOAT64) AS q
  FROM loaded_data
  GROUP BY
    user_id
), quantile_2 AS (
  SELECT
    user_id,
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
    ) AS n_quantile,
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
    ) AS f_quantile,
    CAST(0.75 AS FLOAT64) AS q
  FROM loaded_data
  GROUP BY
    user_id
), union_all_1 AS (
  SELECT
    user_id,
    n_quantile,
    f_quantile,
    q
  FROM quantile_1
  UNION ALL
  SELECT
    user_id,
    n_quantile,
    f_quantile,
    q
  FROM quantile_2
)
SELECT
  user_id,
  q,
  n_quantile,
  f_quantile
FROM union_all_1
