-- duckdb
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS BIGINT) AS _index_0,
    CAST(n AS BIGINT) AS n
  FROM (VALUES
    (0, 'u1', 1, '0.5', '2022-01-01 10:00:00.000000', '{"a": 1}'),
    (1, 'u2', 2, CAST(NULL AS TEXT), '2022-01-02 11:00:00.000000', '{"a": [1, 2]}'),
    (2, 'u1', 3, '2.0', '2022-01-03 12:00:00.000000', '{"b": "x"}')) AS _bach_values(_index_0, user_id, n, f, ts, j)
), merge_left_1 AS (
  SELECT
    _index_0,
    CAST(n AS DOUBLE) AS __bach_value
  FROM loaded_data
), bin_edges AS (
  SELECT
    QUANTILE_CONT(CAST(CAST(n AS DOUBLE) AS DOUBLE), 0.0) AS __bach_edge_0,
    QUANTILE_CONT(CAST(CAST(n AS DOUBLE) AS DOUBLE), 0.25) AS __bach_edge_1,
    QUANTILE_CONT(CAST(CAST(n AS DOUBLE) AS DOUBLE), 0.5) AS __bach_edge_2,
    QUANTILE_CONT(CAST(CAST(n AS DOUBLE) AS DOUBLE), 0.75) AS __bach_edge_3,
    QUANTILE_CONT(CAST(CAST(n AS DOUBLE) AS DOUBLE), 1.0) AS __bach_edge_4
  FROM loaded_data
), bin_precisions AS (
  SELECT
    CAST(__bach_precision AS BIGINT) AS __bach_precision
  FROM (VALUES
    (0, 3),
    (1, 4),
    (2, 5),
    (3, 6),
    (4, 7),
    (5, 8),
    (6, 9),
    (7, 10),
    (8, 11),
    (9, 12),
    (10, 13),
    (11, 14),
    (12, 15),
    (13, 16),
    (14, 17),
    (15, 18),
    (16, 19)) AS _bach_values(_index_0, __bach_precision)
), merged_1 AS (
  SELECT
    l.__bach_precision,
    r.__bach_edge_0,
    r.__bach_edge_1,
    r.__bach_edge_2,
    r.__bach_edge_3,
    r.__bach_edge_4
  FROM bin_precisions AS l
  CROSS JOIN bin_edges AS r
), bin_round_scale AS (
  SELECT
    __bach_precision,
    __bach_edge_0,
    __bach_edge_1,
    __bach_edge_2,
    __bach_edge_3,
    __bach_edge_4,
    POWER(
      CAST(10.0 AS DOUBLE),
      CAST(CASE
        WHEN ABS(__bach_edge_0) < CAST(1.0 AS DOUBLE)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_0), CAST(0.0 AS DOUBLE))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE)
    ) AS __bach_scale_0,
    POWER(
      CAST(10.0 AS DOUBLE),
      CAST(CASE
        WHEN ABS(__bach_edge_1) < CAST(1.0 AS DOUBLE)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_1), CAST(0.0 AS DOUBLE))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE)
    ) AS __bach_scale_1,
    POWER(
      CAST(10.0 AS DOUBLE),
      CAST(CASE
        WHEN ABS(__bach_edge_2) < CAST(1.0 AS DOUBLE)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_2), CAST(0.0 AS DOUBLE))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE)
    ) AS __bach_scale_2,
    POWER(
      CAST(10.0 AS DOUBLE),
      CAST(CASE
        WHEN ABS(__bach_edge_3) < CAST(1.0 AS DOUBLE)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_3), CAST(0.0 AS DOUBLE))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE)
    ) AS __bach_scale_3,
    POWER(
      CAST(10.0 AS DOUBLE),
      CAST(CASE
        WHEN ABS(__bach_edge_4) < CAST(1.0 AS DOUBLE)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_4), CAST(0.0 AS DOUBLE))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE)
    ) AS __bach_scale_4
  FROM merged_1
), bin_round_floor AS (
  SELECT
    __bach_precision,
    __bach_edge_0,
    __bach_edge_1,
    __bach_edge_2,
    __bach_edge_3,
    __bach_edge_4,
    __bach_scale_0,
    __bach_scale_1,
    __bach_scale_2,
    __bach_scale_3,
    __bach_scale_4,
    __bach_edge_0 * __bach_scale_0 AS __bach_scaled_0,
    FLOOR(__bach_edge_0 * __bach_scale_0) AS __bach_floor_0,
    __bach_edge_1 * __bach_scale_1 AS __bach_scaled_1,
    FLOOR(__bach_edge_1 * __bach_scale_1) AS __bach_floor_1,
    __bach_edge_2 * __bach_scale_2 AS __bach_scaled_2,
    FLOOR(__bach_edge_2 * __bach_scale_2) AS __bach_floor_2,
    __bach_edge_3 * __bach_scale_3 AS __bach_scaled_3,
    FLOOR(__bach_edge_3 * __bach_scale_3) AS __bach_floor_3,
    __bach_edge_4 * __bach_scale_4 AS __bach_scaled_4,
    FLOOR(__bach_edge_4 * __bach_scale_4) AS __bach_floor_4
  FROM bin_round_scale
), bin_round_tried AS (
  SELECT
    __bach_precision,
    CASE
      WHEN __bach_edge_0 = CAST(0.0 AS DOUBLE)
      THEN __bach_edge_0
      ELSE (
        CASE
          WHEN __bach_scaled_0 - __bach_floor_0 > CAST(0.5 AS DOUBLE)
          THEN __bach_floor_0 + CAST(1.0 AS DOUBLE)
          WHEN __bach_scaled_0 - __bach_floor_0 < CAST(0.5 AS DOUBLE)
          THEN __bach_floor_0
          ELSE __bach_floor_0 + (
            __bach_floor_0 - (
              CAST(2.0 AS DOUBLE) * FLOOR(__bach_floor_0 / CAST(2.0 AS DOUBLE))
            )
          )
        END
      ) / __bach_scale_0
    END AS __bach_label_0,
    CASE
      WHEN __bach_edge_1 = CAST(0.0 AS DOUBLE)
      THEN __bach_edge_1
      ELSE (
        CASE
          WHEN __bach_scaled_1 - __bach_floor_1 > CAST(0.5 AS DOUBLE)
          THEN __bach_floor_1 + CAST(1.0 AS DOUBLE)
          WHEN __bach_scaled_1 - __bach_floor_1 < CAST(0.5 AS DOUBLE)
          THEN __bach_floor_1
          ELSE __bach_floor_1 + (
            __bach_floor_1 - (
              CAST(2.0 AS DOUBLE) * FLOOR(__bach_floor_1 / CAST(2.0 AS DOUBLE))
            )
          )
        END
      ) / __bach_scale_1
    END AS __bach_label_1,
    CASE
      WHEN __bach_edge_2 = CAST(0.0 AS DOUBLE)
      THEN __bach_edge_2
      ELSE (
        CASE
          WHEN __bach_scaled_2 - __bach_floor_2 > CAST(0.5 AS DOUBLE)
          THEN __bach_floor_2 + CAST(1.0 AS DOUBLE)
          WHEN __bach_scaled_2 - __bach_floor_2 < CAST(0.5 AS DOUBLE)
          THEN __bach_floor_2
          ELSE __bach_floor_2 + (
            __bach_floor_2 - (
              CAST(2.0 AS DOUBLE) * FLOOR(__bach_floor_2 / CAST(2.0 AS DOUBLE))
            )
          )
        END
      ) / __bach_scale_2
    END AS __bach_label_2,
    CASE
      WHEN __bach_edge_3 = CAST(0.0 AS DOUBLE)
      THEN __bach_edge_3
      ELSE (
        CASE
          WHEN __bach_scaled_3 - __bach_floor_3 > CAST(0.5 AS DOUBLE)
          THEN __bach_floor_3 + CAST(1.0 AS DOUBLE)
          WHEN __bach_scaled_3 - __bach_floor_3 < CAST(0.5 AS DOUBLE)
          THEN __bach_floor_3
          ELSE __bach_floor_3 + (
            __bach_floor_3 - (
              CAST(2.0 AS DOUBLE) * FLOOR(__bach_floor_3 / CAST(2.0 AS DOUBLE))
            )
          )
        END
      ) / __bach_scale_3
    END AS __bach_label_3,
    CASE
      WHEN __bach_edge_4 = CAST(0.0 AS DOUBLE)
      THEN __bach_edge_4
      ELSE (
        CASE
          WHEN __bach_scaled_4 - __bach_floor_4 > CAST(0.5 AS DOUBLE)
          THEN __bach_floor_4 + CAST(1.0 AS DOUBLE)
          WHEN __bach_scaled_4 - __bach_floor_4 < CAST(0.5 AS DOUBLE)
          THEN __bach_floor_4
          ELSE __bach_floor_4 + (
            __bach_floor_4 - (
              CAST(2.0 AS DOUBLE) * FLOOR(__bach_floor_4 / CAST(2.0 AS DOUBLE))
            )
          )
        END
      ) / __bach_scale_4
    END AS __bach_label_4
  FROM bin_round_floor
), filtered_1 AS (
  SELECT
    __bach_precision
  FROM bin_round_tried
  WHERE
    (
      TRUE
      AND __bach_label_0 <> __bach_label_1
      AND __bach_label_1 <> __bach_label_2
      AND __bach_label_2 <> __bach_label_3
      AND __bach_label_3 <> __bach_label_4
    )
), bin_precision AS (
  SELECT
    COALESCE(MIN(__bach_precision), 3) AS __bach_precision
  FROM filtered_1
), merged_2 AS (
  SELECT
    l.__bach_edge_0,
    l.__bach_edge_1,
    l.__bach_edge_2,
    l.__bach_edge_3,
    l.__bach_edge_4,
    r.__bach_precision
  FROM bin_edges AS l
  CROSS JOIN bin_precision AS r
), bin_round_scale_2 AS (
  SELECT
    __bach_edge_0,
    __bach_edge_1,
    __bach_edge_2,
    __bach_edge_3,
    __bach_edge_4,
    __bach_precision,
    POWER(
      CAST(10.0 AS DOUBLE),
      CAST(CASE
        WHEN ABS(__bach_edge_0) < CAST(1.0 AS DOUBLE)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_0), CAST(0.0 AS DOUBLE))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE)
    ) AS __bach_scale_0,
    POWER(
      CAST(10.0 AS DOUBLE),
      CAST(CASE
        WHEN ABS(__bach_edge_1) < CAST(1.0 AS DOUBLE)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_1), CAST(0.0 AS DOUBLE))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE)
    ) AS __bach_scale_1,
    POWER(
      CAST(10.0 AS DOUBLE),
      CAST(CASE
        WHEN ABS(__bach_edge_2) < CAST(1.0 AS DOUBLE)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_2), CAST(0.0 AS DOUBLE))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE)
    ) AS __bach_scale_2,
    POWER(
      CAST(10.0 AS DOUBLE),
      CAST(CASE
        WHEN ABS(__bach_edge_3) < CAST(1.0 AS DOUBLE)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_3), CAST(0.0 AS DOUBLE))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE)
    ) AS __bach_scale_3,
    POWER(
      CAST(10.0 AS DOUBLE),
      CAST(CASE
        WHEN ABS(__bach_edge_4) < CAST(1.0 AS DOUBLE)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_4), CAST(0.0 AS DOUBLE))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE)
    ) AS __bach_scale_4
  FROM merged_2
), bin_round_floor_2 AS (
  SELECT
    __bach_edge_0,
    __bach_edge_1,
    __bach_edge_2,
    __bach_edge_3,
    __bach_edge_4,
    __bach_precision,
    __bach_scale_0,
    __bach_scale_1,
    __bach_scale_2,
    __bach_scale_3,
    __bach_scale_4,
    __bach_edge_0 * __bach_scale_0 AS __bach_scaled_0,
    FLOOR(__bach_edge_0 * __bach_scale_0) AS __bach_floor_0,
    __bach_edge_1 * __bach_scale_1 AS __bach_scaled_1,
    FLOOR(__bach_edge_1 * __bach_scale_1) AS __bach_floor_1,
    __bach_edge_2 * __bach_scale_2 AS __bach_scaled_2,
    FLOOR(__bach_edge_2 * __bach_scale_2) AS __bach_floor_2,
    __bach_edge_3 * __bach_scale_3 AS __bach_scaled_3,
    FLOOR(__bach_edge_3 * __bach_scale_3) AS __bach_floor_3,
    __bach_edge_4 * __bach_scale_4 AS __bach_scaled_4,
    FLOOR(__bach_edge_4 * __bach_scale_4) AS __bach_floor_4
  FROM bin_round_scale_2
), bin_labels AS (
  SELECT
    __bach_edge_0,
    __bach_edge_1,
    __bach_edge_2,
    __bach_edge_3,
    __bach_edge_4,
    (
      CASE
        WHEN __bach_edge_0 = CAST(0.0 AS DOUBLE)
        THEN __bach_edge_0
        ELSE (
          CASE
            WHEN __bach_scaled_0 - __bach_floor_0 > CAST(0.5 AS DOUBLE)
            THEN __bach_floor_0 + CAST(1.0 AS DOUBLE)
            WHEN __bach_scaled_0 - __bach_floor_0 < CAST(0.5 AS DOUBLE)
            THEN __bach_floor_0
            ELSE __bach_floor_0 + (
              __bach_floor_0 - (
                CAST(2.0 AS DOUBLE) * FLOOR(__bach_floor_0 / CAST(2.0 AS DOUBLE))
              )
            )
          END
        ) / __bach_scale_0
      END
    ) - (
      POWER(CAST(10.0 AS DOUBLE), CAST(-__bach_precision AS DOUBLE))
    ) AS __bach_label_0,
    CASE
      WHEN __bach_edge_1 = CAST(0.0 AS DOUBLE)
      THEN __bach_edge_1
      ELSE (
        CASE
          WHEN __bach_scaled_1 - __bach_floor_1 > CAST(0.5 AS DOUBLE)
          THEN __bach_floor_1 + CAST(1.0 AS DOUBLE)
          WHEN __bach_scaled_1 - __bach_floor_1 < CAST(0.5 AS DOUBLE)
          THEN __bach_floor_1
          ELSE __bach_floor_1 + (
            __bach_floor_1 - (
              CAST(2.0 AS DOUBLE) * FLOOR(__bach_floor_1 / CAST(2.0 AS DOUBLE))
            )
          )
        END
      ) / __bach_scale_1
    END AS __bach_label_1,
    CASE
      WHEN __bach_edge_2 = CAST(0.0 AS DOUBLE)
      THEN __bach_edge_2
      ELSE (
        CASE
          WHEN __bach_scaled_2 - __bach_floor_2 > CAST(0.5 AS DOUBLE)
          THEN __bach_floor_2 + CAST(1.0 AS DOUBLE)
          WHEN __bach_scaled_2 - __bach_floor_2 < CAST(0.5 AS DOUBLE)
          THEN __bach_floor_2
          ELSE __bach_floor_2 + (
            __bach_floor_2 - (
              CAST(2.0 AS DOUBLE) * FLOOR(__bach_floor_2 / CAST(2.0 AS DOUBLE))
            )
          )
        END
      ) / __bach_scale_2
    END AS __bach_label_2,
    CASE
      WHEN __bach_edge_3 = CAST(0.0 AS DOUBLE)
      THEN __bach_edge_3
      ELSE (
        CASE
          WHEN __bach_scaled_3 - __bach_floor_3 > CAST(0.5 AS DOUBLE)
          THEN __bach_floor_3 + CAST(1.0 AS DOUBLE)
          WHEN __bach_scaled_3 - __bach_floor_3 < CAST(0.5 AS DOUBLE)
          THEN __bach_floor_3
          ELSE __bach_floor_3 + (
            __bach_floor_3 - (
              CAST(2.0 AS DOUBLE) * FLOOR(__bach_floor_3 / CAST(2.0 AS DOUBLE))
            )
          )
        END
      ) / __bach_scale_3
    END AS __bach_label_3,
    CASE
      WHEN __bach_edge_4 = CAST(0.0 AS DOUBLE)
      THEN __bach_edge_4
      ELSE (
        CASE
          WHEN __bach_scaled_4 - __bach_floor_4 > CAST(0.5 AS DOUBLE)
          THEN __bach_floor_4 + CAST(1.0 AS DOUBLE)
          WHEN __bach_scaled_4 - __bach_floor_4 < CAST(0.5 AS DOUBLE)
          THEN __bach_floor_4
          ELSE __bach_floor_4 + (
            __bach_floor_4 - (
              CAST(2.0 AS DOUBLE) * FLOOR(__bach_floor_4 / CAST(2.0 AS DOUBLE))
            )
          )
        END
      ) / __bach_scale_4
    END AS __bach_label_4
  FROM bin_round_floor_2
), merged_3 AS (
  SELECT
    l._index_0,
    l.__bach_value,
    r.__bach_edge_0,
    r.__bach_edge_1,
    r.__bach_edge_2,
    r.__bach_edge_3,
    r.__bach_edge_4,
    r.__bach_label_0,
    r.__bach_label_1,
    r.__bach_label_2,
    r.__bach_label_3,
    r.__bach_label_4
  FROM merge_left_1 AS l
  CROSS JOIN bin_labels AS r
), merge_right_1 AS (
  SELECT
    _index_0,
    CASE
      WHEN __bach_value < __bach_edge_0
      THEN NULL
      WHEN __bach_value <= __bach_edge_1
      THEN CAST({'lower': __bach_label_0, 'upper': __bach_label_1, 'bounds': '(]'} AS STRUCT("lower" DOUBLE, "upper" DOUBLE, "bounds" TEXT))
      WHEN __bach_value <= __bach_edge_2
      THEN CAST({'lower': __bach_label_1, 'upper': __bach_label_2, 'bounds': '(]'} AS STRUCT("lower" DOUBLE, "upper" DOUBLE, "bounds" TEXT))
      WHEN __bach_value <= __bach_edge_3
      THEN CAST({'lower': __bach_label_2, 'upper': __bach_label_3, 'bounds': '(]'} AS STRUCT("lower" DOUBLE, "upper" DOUBLE, "bounds" TEXT))
      WHEN __bach_value <= __bach_edge_4
      THEN CAST({'lower': __bach_label_3, 'upper': __bach_label_4, 'bounds': '(]'} AS STRUCT("lower" DOUBLE, "upper" DOUBLE, "bounds" TEXT))
      ELSE CAST(NULL AS STRUCT("lower" DOUBLE, "upper" DOUBLE, "bounds" TEXT))
    END AS quartile
  FROM merged_3
)
SELECT
  l._index_0,
  l.n,
  r.quartile
FROM loaded_data AS l
LEFT JOIN merge_right_1 AS r
  ON l._index_0 = r._index_0

-- postgres
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS BIGINT) AS _index_0,
    CAST(n AS BIGINT) AS n
  FROM (VALUES
    (0, 'u1', 1, '0.5', '2022-01-01 10:00:00.000000', '{"a": 1}'),
    (1, 'u2', 2, CAST(NULL AS TEXT), '2022-01-02 11:00:00.000000', '{"a": [1, 2]}'),
    (2, 'u1', 3, '2.0', '2022-01-03 12:00:00.000000', '{"b": "x"}')) AS _bach_values(_index_0, user_id, n, f, ts, j)
), merge_left_1 AS (
  SELECT
    _index_0,
    CAST(n AS DOUBLE PRECISION) AS __bach_value
  FROM loaded_data
), bin_edges AS (
  SELECT
    PERCENTILE_CONT(0.0) WITHIN GROUP (ORDER BY
      CAST(CAST(n AS DOUBLE PRECISION) AS DOUBLE PRECISION)) AS __bach_edge_0,
    PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY
      CAST(CAST(n AS DOUBLE PRECISION) AS DOUBLE PRECISION)) AS __bach_edge_1,
    PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY
      CAST(CAST(n AS DOUBLE PRECISION) AS DOUBLE PRECISION)) AS __bach_edge_2,
    PERCENTILE_CONT(0.75) WITHIN GROUP (ORDER BY
      CAST(CAST(n AS DOUBLE PRECISION) AS DOUBLE PRECISION)) AS __bach_edge_3,
    PERCENTILE_CONT(1.0) WITHIN GROUP (ORDER BY
      CAST(CAST(n AS DOUBLE PRECISION) AS DOUBLE PRECISION)) AS __bach_edge_4
  FROM loaded_data
), bin_precisions AS (
  SELECT
    CAST(__bach_precision AS BIGINT) AS __bach_precision
  FROM (VALUES
    (0, 3),
    (1, 4),
    (2, 5),
    (3, 6),
    (4, 7),
    (5, 8),
    (6, 9),
    (7, 10),
    (8, 11),
    (9, 12),
    (10, 13),
    (11, 14),
    (12, 15),
    (13, 16),
    (14, 17),
    (15, 18),
    (16, 19)) AS _bach_values(_index_0, __bach_precision)
), merged_1 AS (
  SELECT
    l.__bach_precision,
    r.__bach_edge_0,
    r.__bach_edge_1,
    r.__bach_edge_2,
    r.__bach_edge_3,
    r.__bach_edge_4
  FROM bin_precisions AS l
  CROSS JOIN bin_edges AS r
), bin_round_scale AS (
  SELECT
    __bach_precision,
    __bach_edge_0,
    __bach_edge_1,
    __bach_edge_2,
    __bach_edge_3,
    __bach_edge_4,
    POWER(
      CAST(10.0 AS DOUBLE PRECISION),
      CAST(CASE
        WHEN ABS(__bach_edge_0) < CAST(1.0 AS DOUBLE PRECISION)
        THEN (
          (
            -FLOOR(LOG(NULLIF(ABS(__bach_edge_0), CAST(0.0 AS DOUBLE PRECISION))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE PRECISION)
    ) AS __bach_scale_0,
    POWER(
      CAST(10.0 AS DOUBLE PRECISION),
      CAST(CASE
        WHEN ABS(__bach_edge_1) < CAST(1.0 AS DOUBLE PRECISION)
        THEN (
          (
            -FLOOR(LOG(NULLIF(ABS(__bach_edge_1), CAST(0.0 AS DOUBLE PRECISION))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE PRECISION)
    ) AS __bach_scale_1,
    POWER(
      CAST(10.0 AS DOUBLE PRECISION),
      CAST(CASE
        WHEN ABS(__bach_edge_2) < CAST(1.0 AS DOUBLE PRECISION)
        THEN (
          (
            -FLOOR(LOG(NULLIF(ABS(__bach_edge_2), CAST(0.0 AS DOUBLE PRECISION))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE PRECISION)
    ) AS __bach_scale_2,
    POWER(
      CAST(10.0 AS DOUBLE PRECISION),
      CAST(CASE
        WHEN ABS(__bach_edge_3) < CAST(1.0 AS DOUBLE PRECISION)
        THEN (
          (
            -FLOOR(LOG(NULLIF(ABS(__bach_edge_3), CAST(0.0 AS DOUBLE PRECISION))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE PRECISION)
    ) AS __bach_scale_3,
    POWER(
      CAST(10.0 AS DOUBLE PRECISION),
      CAST(CASE
        WHEN ABS(__bach_edge_4) < CAST(1.0 AS DOUBLE PRECISION)
        THEN (
          (
            -FLOOR(LOG(NULLIF(ABS(__bach_edge_4), CAST(0.0 AS DOUBLE PRECISION))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE PRECISION)
    ) AS __bach_scale_4
  FROM merged_1
), bin_round_floor AS (
  SELECT
    __bach_precision,
    __bach_edge_0,
    __bach_edge_1,
    __bach_edge_2,
    __bach_edge_3,
    __bach_edge_4,
    __bach_scale_0,
    __bach_scale_1,
    __bach_scale_2,
    __bach_scale_3,
    __bach_scale_4,
    __bach_edge_0 * __bach_scale_0 AS __bach_scaled_0,
    FLOOR(__bach_edge_0 * __bach_scale_0) AS __bach_floor_0,
    __bach_edge_1 * __bach_scale_1 AS __bach_scaled_1,
    FLOOR(__bach_edge_1 * __bach_scale_1) AS __bach_floor_1,
    __bach_edge_2 * __bach_scale_2 AS __bach_scaled_2,
    FLOOR(__bach_edge_2 * __bach_scale_2) AS __bach_floor_2,
    __bach_edge_3 * __bach_scale_3 AS __bach_scaled_3,
    FLOOR(__bach_edge_3 * __bach_scale_3) AS __bach_floor_3,
    __bach_edge_4 * __bach_scale_4 AS __bach_scaled_4,
    FLOOR(__bach_edge_4 * __bach_scale_4) AS __bach_floor_4
  FROM bin_round_scale
), bin_round_tried AS (
  SELECT
    __bach_precision,
    CASE
      WHEN __bach_edge_0 = CAST(0.0 AS DOUBLE PRECISION)
      THEN __bach_edge_0
      ELSE CAST((
        CASE
          WHEN __bach_scaled_0 - __bach_floor_0 > CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_0 + CAST(1.0 AS DOUBLE PRECISION)
          WHEN __bach_scaled_0 - __bach_floor_0 < CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_0
          ELSE __bach_floor_0 + (
            __bach_floor_0 - (
              CAST(2.0 AS DOUBLE PRECISION) * FLOOR(__bach_floor_0 / CAST(2.0 AS DOUBLE PRECISION))
            )
          )
        END
      ) AS DOUBLE PRECISION) / __bach_scale_0
    END AS __bach_label_0,
    CASE
      WHEN __bach_edge_1 = CAST(0.0 AS DOUBLE PRECISION)
      THEN __bach_edge_1
      ELSE CAST((
        CASE
          WHEN __bach_scaled_1 - __bach_floor_1 > CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_1 + CAST(1.0 AS DOUBLE PRECISION)
          WHEN __bach_scaled_1 - __bach_floor_1 < CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_1
          ELSE __bach_floor_1 + (
            __bach_floor_1 - (
              CAST(2.0 AS DOUBLE PRECISION) * FLOOR(__bach_floor_1 / CAST(2.0 AS DOUBLE PRECISION))
            )
          )
        END
      ) AS DOUBLE PRECISION) / __bach_scale_1
    END AS __bach_label_1,
    CASE
      WHEN __bach_edge_2 = CAST(0.0 AS DOUBLE PRECISION)
      THEN __bach_edge_2
      ELSE CAST((
        CASE
          WHEN __bach_scaled_2 - __bach_floor_2 > CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_2 + CAST(1.0 AS DOUBLE PRECISION)
          WHEN __bach_scaled_2 - __bach_floor_2 < CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_2
          ELSE __bach_floor_2 + (
            __bach_floor_2 - (
              CAST(2.0 AS DOUBLE PRECISION) * FLOOR(__bach_floor_2 / CAST(2.0 AS DOUBLE PRECISION))
            )
          )
        END
      ) AS DOUBLE PRECISION) / __bach_scale_2
    END AS __bach_label_2,
    CASE
      WHEN __bach_edge_3 = CAST(0.0 AS DOUBLE PRECISION)
      THEN __bach_edge_3
      ELSE CAST((
        CASE
          WHEN __bach_scaled_3 - __bach_floor_3 > CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_3 + CAST(1.0 AS DOUBLE PRECISION)
          WHEN __bach_scaled_3 - __bach_floor_3 < CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_3
          ELSE __bach_floor_3 + (
            __bach_floor_3 - (
              CAST(2.0 AS DOUBLE PRECISION) * FLOOR(__bach_floor_3 / CAST(2.0 AS DOUBLE PRECISION))
            )
          )
        END
      ) AS DOUBLE PRECISION) / __bach_scale_3
    END AS __bach_label_3,
    CASE
      WHEN __bach_edge_4 = CAST(0.0 AS DOUBLE PRECISION)
      THEN __bach_edge_4
      ELSE CAST((
        CASE
          WHEN __bach_scaled_4 - __bach_floor_4 > CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_4 + CAST(1.0 AS DOUBLE PRECISION)
          WHEN __bach_scaled_4 - __bach_floor_4 < CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_4
          ELSE __bach_floor_4 + (
            __bach_floor_4 - (
              CAST(2.0 AS DOUBLE PRECISION) * FLOOR(__bach_floor_4 / CAST(2.0 AS DOUBLE PRECISION))
            )
          )
        END
      ) AS DOUBLE PRECISION) / __bach_scale_4
    END AS __bach_label_4
  FROM bin_round_floor
), filtered_1 AS (
  SELECT
    __bach_precision
  FROM bin_round_tried
  WHERE
    (
      TRUE
      AND __bach_label_0 <> __bach_label_1
      AND __bach_label_1 <> __bach_label_2
      AND __bach_label_2 <> __bach_label_3
      AND __bach_label_3 <> __bach_label_4
    )
), bin_precision AS (
  SELECT
    COALESCE(MIN(__bach_precision), 3) AS __bach_precision
  FROM filtered_1
), merged_2 AS (
  SELECT
    l.__bach_edge_0,
    l.__bach_edge_1,
    l.__bach_edge_2,
    l.__bach_edge_3,
    l.__bach_edge_4,
    r.__bach_precision
  FROM bin_edges AS l
  CROSS JOIN bin_precision AS r
), bin_round_scale_2 AS (
  SELECT
    __bach_edge_0,
    __bach_edge_1,
    __bach_edge_2,
    __bach_edge_3,
    __bach_edge_4,
    __bach_precision,
    POWER(
      CAST(10.0 AS DOUBLE PRECISION),
      CAST(CASE
        WHEN ABS(__bach_edge_0) < CAST(1.0 AS DOUBLE PRECISION)
        THEN (
          (
            -FLOOR(LOG(NULLIF(ABS(__bach_edge_0), CAST(0.0 AS DOUBLE PRECISION))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE PRECISION)
    ) AS __bach_scale_0,
    POWER(
      CAST(10.0 AS DOUBLE PRECISION),
      CAST(CASE
        WHEN ABS(__bach_edge_1) < CAST(1.0 AS DOUBLE PRECISION)
        THEN (
          (
            -FLOOR(LOG(NULLIF(ABS(__bach_edge_1), CAST(0.0 AS DOUBLE PRECISION))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE PRECISION)
    ) AS __bach_scale_1,
    POWER(
      CAST(10.0 AS DOUBLE PRECISION),
      CAST(CASE
        WHEN ABS(__bach_edge_2) < CAST(1.0 AS DOUBLE PRECISION)
        THEN (
          (
            -FLOOR(LOG(NULLIF(ABS(__bach_edge_2), CAST(0.0 AS DOUBLE PRECISION))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE PRECISION)
    ) AS __bach_scale_2,
    POWER(
      CAST(10.0 AS DOUBLE PRECISION),
      CAST(CASE
        WHEN ABS(__bach_edge_3) < CAST(1.0 AS DOUBLE PRECISION)
        THEN (
          (
            -FLOOR(LOG(NULLIF(ABS(__bach_edge_3), CAST(0.0 AS DOUBLE PRECISION))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE PRECISION)
    ) AS __bach_scale_3,
    POWER(
      CAST(10.0 AS DOUBLE PRECISION),
      CAST(CASE
        WHEN ABS(__bach_edge_4) < CAST(1.0 AS DOUBLE PRECISION)
        THEN (
          (
            -FLOOR(LOG(NULLIF(ABS(__bach_edge_4), CAST(0.0 AS DOUBLE PRECISION))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS DOUBLE PRECISION)
    ) AS __bach_scale_4
  FROM merged_2
), bin_round_floor_2 AS (
  SELECT
    __bach_edge_0,
    __bach_edge_1,
    __bach_edge_2,
    __bach_edge_3,
    __bach_edge_4,
    __bach_precision,
    __bach_scale_0,
    __bach_scale_1,
    __bach_scale_2,
    __bach_scale_3,
    __bach_scale_4,
    __bach_edge_0 * __bach_scale_0 AS __bach_scaled_0,
    FLOOR(__bach_edge_0 * __bach_scale_0) AS __bach_floor_0,
    __bach_edge_1 * __bach_scale_1 AS __bach_scaled_1,
    FLOOR(__bach_edge_1 * __bach_scale_1) AS __bach_floor_1,
    __bach_edge_2 * __bach_scale_2 AS __bach_scaled_2,
    FLOOR(__bach_edge_2 * __bach_scale_2) AS __bach_floor_2,
    __bach_edge_3 * __bach_scale_3 AS __bach_scaled_3,
    FLOOR(__bach_edge_3 * __bach_scale_3) AS __bach_floor_3,
    __bach_edge_4 * __bach_scale_4 AS __bach_scaled_4,
    FLOOR(__bach_edge_4 * __bach_scale_4) AS __bach_floor_4
  FROM bin_round_scale_2
), bin_labels AS (
  SELECT
    __bach_edge_0,
    __bach_edge_1,
    __bach_edge_2,
    __bach_edge_3,
    __bach_edge_4,
    (
      CASE
        WHEN __bach_edge_0 = CAST(0.0 AS DOUBLE PRECISION)
        THEN __bach_edge_0
        ELSE CAST((
          CASE
            WHEN __bach_scaled_0 - __bach_floor_0 > CAST(0.5 AS DOUBLE PRECISION)
            THEN __bach_floor_0 + CAST(1.0 AS DOUBLE PRECISION)
            WHEN __bach_scaled_0 - __bach_floor_0 < CAST(0.5 AS DOUBLE PRECISION)
            THEN __bach_floor_0
            ELSE __bach_floor_0 + (
              __bach_floor_0 - (
                CAST(2.0 AS DOUBLE PRECISION) * FLOOR(__bach_floor_0 / CAST(2.0 AS DOUBLE PRECISION))
              )
            )
          END
        ) AS DOUBLE PRECISION) / __bach_scale_0
      END
    ) - (
      POWER(CAST(10.0 AS DOUBLE PRECISION), CAST(-__bach_precision AS DOUBLE PRECISION))
    ) AS __bach_label_0,
    CASE
      WHEN __bach_edge_1 = CAST(0.0 AS DOUBLE PRECISION)
      THEN __bach_edge_1
      ELSE CAST((
        CASE
          WHEN __bach_scaled_1 - __bach_floor_1 > CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_1 + CAST(1.0 AS DOUBLE PRECISION)
          WHEN __bach_scaled_1 - __bach_floor_1 < CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_1
          ELSE __bach_floor_1 + (
            __bach_floor_1 - (
              CAST(2.0 AS DOUBLE PRECISION) * FLOOR(__bach_floor_1 / CAST(2.0 AS DOUBLE PRECISION))
            )
          )
        END
      ) AS DOUBLE PRECISION) / __bach_scale_1
    END AS __bach_label_1,
    CASE
      WHEN __bach_edge_2 = CAST(0.0 AS DOUBLE PRECISION)
      THEN __bach_edge_2
      ELSE CAST((
        CASE
          WHEN __bach_scaled_2 - __bach_floor_2 > CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_2 + CAST(1.0 AS DOUBLE PRECISION)
          WHEN __bach_scaled_2 - __bach_floor_2 < CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_2
          ELSE __bach_floor_2 + (
            __bach_floor_2 - (
              CAST(2.0 AS DOUBLE PRECISION) * FLOOR(__bach_floor_2 / CAST(2.0 AS DOUBLE PRECISION))
            )
          )
        END
      ) AS DOUBLE PRECISION) / __bach_scale_2
    END AS __bach_label_2,
    CASE
      WHEN __bach_edge_3 = CAST(0.0 AS DOUBLE PRECISION)
      THEN __bach_edge_3
      ELSE CAST((
        CASE
          WHEN __bach_scaled_3 - __bach_floor_3 > CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_3 + CAST(1.0 AS DOUBLE PRECISION)
          WHEN __bach_scaled_3 - __bach_floor_3 < CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_3
          ELSE __bach_floor_3 + (
            __bach_floor_3 - (
              CAST(2.0 AS DOUBLE PRECISION) * FLOOR(__bach_floor_3 / CAST(2.0 AS DOUBLE PRECISION))
            )
          )
        END
      ) AS DOUBLE PRECISION) / __bach_scale_3
    END AS __bach_label_3,
    CASE
      WHEN __bach_edge_4 = CAST(0.0 AS DOUBLE PRECISION)
      THEN __bach_edge_4
      ELSE CAST((
        CASE
          WHEN __bach_scaled_4 - __bach_floor_4 > CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_4 + CAST(1.0 AS DOUBLE PRECISION)
          WHEN __bach_scaled_4 - __bach_floor_4 < CAST(0.5 AS DOUBLE PRECISION)
          THEN __bach_floor_4
          ELSE __bach_floor_4 + (
            __bach_floor_4 - (
              CAST(2.0 AS DOUBLE PRECISION) * FLOOR(__bach_floor_4 / CAST(2.0 AS DOUBLE PRECISION))
            )
          )
        END
      ) AS DOUBLE PRECISION) / __bach_scale_4
    END AS __bach_label_4
  FROM bin_round_floor_2
), merged_3 AS (
  SELECT
    l._index_0,
    l.__bach_value,
    r.__bach_edge_0,
    r.__bach_edge_1,
    r.__bach_edge_2,
    r.__bach_edge_3,
    r.__bach_edge_4,
    r.__bach_label_0,
    r.__bach_label_1,
    r.__bach_label_2,
    r.__bach_label_3,
    r.__bach_label_4
  FROM merge_left_1 AS l
  CROSS JOIN bin_labels AS r
), merge_right_1 AS (
  SELECT
    _index_0,
    CASE
      WHEN __bach_value < __bach_edge_0
      THEN NULL
      WHEN __bach_value <= __bach_edge_1
      THEN CAST(JSONB_BUILD_OBJECT('lower', __bach_label_0, 'upper', __bach_label_1, 'bounds', '(]') AS JSONB)
      WHEN __bach_value <= __bach_edge_2
      THEN CAST(JSONB_BUILD_OBJECT('lower', __bach_label_1, 'upper', __bach_label_2, 'bounds', '(]') AS JSONB)
      WHEN __bach_value <= __bach_edge_3
      THEN CAST(JSONB_BUILD_OBJECT('lower', __bach_label_2, 'upper', __bach_label_3, 'bounds', '(]') AS JSONB)
      WHEN __bach_value <= __bach_edge_4
      THEN CAST(JSONB_BUILD_OBJECT('lower', __bach_label_3, 'upper', __bach_label_4, 'bounds', '(]') AS JSONB)
      ELSE CAST(NULL AS JSONB)
    END AS quartile
  FROM merged_3
)
SELECT
  l._index_0,
  l.n,
  r.quartile
FROM loaded_data AS l
LEFT JOIN merge_right_1 AS r
  ON l._index_0 = r._index_0

-- bigquery
WITH loaded_data AS (
  SELECT
    CAST(_index_0 AS INT64) AS _index_0,
    CAST(n AS INT64) AS n
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
    _index_0,
    CAST(n AS FLOAT64) AS __bach_value
  FROM loaded_data
), bin_edges AS (
  SELECT
    (
      ARRAY_AGG(
        CAST(CAST(n AS FLOAT64) AS FLOAT64) IGNORE NULLS ORDER BY CAST(CAST(n AS FLOAT64) AS FLOAT64)
      )[SAFE_OFFSET(CAST(FLOOR((
        (
          COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
        ) * 0.0
      )) AS INT64))] * (
        1 - (
          (
            (
              COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
            ) * 0.0
          ) - FLOOR((
            (
              COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
            ) * 0.0
          ))
        )
      ) + ARRAY_AGG(
        CAST(CAST(n AS FLOAT64) AS FLOAT64) IGNORE NULLS ORDER BY CAST(CAST(n AS FLOAT64) AS FLOAT64)
      )[SAFE_OFFSET(CAST(CEIL((
        (
          COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
        ) * 0.0
      )) AS INT64))] * (
        (
          (
            COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
          ) * 0.0
        ) - FLOOR((
          (
            COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
          ) * 0.0
        ))
      )
    ) AS __bach_edge_0,
    (
      ARRAY_AGG(
        CAST(CAST(n AS FLOAT64) AS FLOAT64) IGNORE NULLS ORDER BY CAST(CAST(n AS FLOAT64) AS FLOAT64)
      )[SAFE_OFFSET(CAST(FLOOR((
        (
          COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
        ) * 0.25
      )) AS INT64))] * (
        1 - (
          (
            (
              COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
            ) * 0.25
          ) - FLOOR((
            (
              COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
            ) * 0.25
          ))
        )
      ) + ARRAY_AGG(
        CAST(CAST(n AS FLOAT64) AS FLOAT64) IGNORE NULLS ORDER BY CAST(CAST(n AS FLOAT64) AS FLOAT64)
      )[SAFE_OFFSET(CAST(CEIL((
        (
          COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
        ) * 0.25
      )) AS INT64))] * (
        (
          (
            COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
          ) * 0.25
        ) - FLOOR((
          (
            COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
          ) * 0.25
        ))
      )
    ) AS __bach_edge_1,
    (
      ARRAY_AGG(
        CAST(CAST(n AS FLOAT64) AS FLOAT64) IGNORE NULLS ORDER BY CAST(CAST(n AS FLOAT64) AS FLOAT64)
      )[SAFE_OFFSET(CAST(FLOOR((
        (
          COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
        ) * 0.5
      )) AS INT64))] * (
        1 - (
          (
            (
              COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
            ) * 0.5
          ) - FLOOR((
            (
              COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
            ) * 0.5
          ))
        )
      ) + ARRAY_AGG(
        CAST(CAST(n AS FLOAT64) AS FLOAT64) IGNORE NULLS ORDER BY CAST(CAST(n AS FLOAT64) AS FLOAT64)
      )[SAFE_OFFSET(CAST(CEIL((
        (
          COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
        ) * 0.5
      )) AS INT64))] * (
        (
          (
            COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
          ) * 0.5
        ) - FLOOR((
          (
            COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
          ) * 0.5
        ))
      )
    ) AS __bach_edge_2,
    (
      ARRAY_AGG(
        CAST(CAST(n AS FLOAT64) AS FLOAT64) IGNORE NULLS ORDER BY CAST(CAST(n AS FLOAT64) AS FLOAT64)
      )[SAFE_OFFSET(CAST(FLOOR((
        (
          COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
        ) * 0.75
      )) AS INT64))] * (
        1 - (
          (
            (
              COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
            ) * 0.75
          ) - FLOOR((
            (
              COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
            ) * 0.75
          ))
        )
      ) + ARRAY_AGG(
        CAST(CAST(n AS FLOAT64) AS FLOAT64) IGNORE NULLS ORDER BY CAST(CAST(n AS FLOAT64) AS FLOAT64)
      )[SAFE_OFFSET(CAST(CEIL((
        (
          COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
        ) * 0.75
      )) AS INT64))] * (
        (
          (
            COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
          ) * 0.75
        ) - FLOOR((
          (
            COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
          ) * 0.75
        ))
      )
    ) AS __bach_edge_3,
    (
      ARRAY_AGG(
        CAST(CAST(n AS FLOAT64) AS FLOAT64) IGNORE NULLS ORDER BY CAST(CAST(n AS FLOAT64) AS FLOAT64)
      )[SAFE_OFFSET(CAST(FLOOR((
        (
          COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
        ) * 1.0
      )) AS INT64))] * (
        1 - (
          (
            (
              COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
            ) * 1.0
          ) - FLOOR((
            (
              COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
            ) * 1.0
          ))
        )
      ) + ARRAY_AGG(
        CAST(CAST(n AS FLOAT64) AS FLOAT64) IGNORE NULLS ORDER BY CAST(CAST(n AS FLOAT64) AS FLOAT64)
      )[SAFE_OFFSET(CAST(CEIL((
        (
          COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
        ) * 1.0
      )) AS INT64))] * (
        (
          (
            COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
          ) * 1.0
        ) - FLOOR((
          (
            COUNT(CAST(CAST(n AS FLOAT64) AS FLOAT64)) - 1
          ) * 1.0
        ))
      )
    ) AS __bach_edge_4
  FROM loaded_data
), bin_precisions AS (
  SELECT
    CAST(__bach_precision AS INT64) AS __bach_precision
  FROM UNNEST([
    STRUCT(0 AS _index_0, 3 AS __bach_precision),
    STRUCT(1 AS _index_0, 4 AS __bach_precision),
    STRUCT(2 AS _index_0, 5 AS __bach_precision),
    STRUCT(3 AS _index_0, 6 AS __bach_precision),
    STRUCT(4 AS _index_0, 7 AS __bach_precision),
    STRUCT(5 AS _index_0, 8 AS __bach_precision),
    STRUCT(6 AS _index_0, 9 AS __bach_precision),
    STRUCT(7 AS _index_0, 10 AS __bach_precision),
    STRUCT(8 AS _index_0, 11 AS __bach_precision),
    STRUCT(9 AS _index_0, 12 AS __bach_precision),
    STRUCT(10 AS _index_0, 13 AS __bach_precision),
    STRUCT(11 AS _index_0, 14 AS __bach_precision),
    STRUCT(12 AS _index_0, 15 AS __bach_precision),
    STRUCT(13 AS _index_0, 16 AS __bach_precision),
    STRUCT(14 AS _index_0, 17 AS __bach_precision),
    STRUCT(15 AS _index_0, 18 AS __bach_precision),
    STRUCT(16 AS _index_0, 19 AS __bach_precision)
  ]) AS _bach_values
), merged_1 AS (
  SELECT
    l.__bach_precision,
    r.__bach_edge_0,
    r.__bach_edge_1,
    r.__bach_edge_2,
    r.__bach_edge_3,
    r.__bach_edge_4
  FROM bin_precisions AS l
  CROSS JOIN bin_edges AS r
), bin_round_scale AS (
  SELECT
    __bach_precision,
    __bach_edge_0,
    __bach_edge_1,
    __bach_edge_2,
    __bach_edge_3,
    __bach_edge_4,
    POWER(
      CAST(10.0 AS FLOAT64),
      CAST(CASE
        WHEN ABS(__bach_edge_0) < CAST(1.0 AS FLOAT64)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_0), CAST(0.0 AS FLOAT64))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS FLOAT64)
    ) AS __bach_scale_0,
    POWER(
      CAST(10.0 AS FLOAT64),
      CAST(CASE
        WHEN ABS(__bach_edge_1) < CAST(1.0 AS FLOAT64)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_1), CAST(0.0 AS FLOAT64))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS FLOAT64)
    ) AS __bach_scale_1,
    POWER(
      CAST(10.0 AS FLOAT64),
      CAST(CASE
        WHEN ABS(__bach_edge_2) < CAST(1.0 AS FLOAT64)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_2), CAST(0.0 AS FLOAT64))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS FLOAT64)
    ) AS __bach_scale_2,
    POWER(
      CAST(10.0 AS FLOAT64),
      CAST(CASE
        WHEN ABS(__bach_edge_3) < CAST(1.0 AS FLOAT64)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_3), CAST(0.0 AS FLOAT64))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS FLOAT64)
    ) AS __bach_scale_3,
    POWER(
      CAST(10.0 AS FLOAT64),
      CAST(CASE
        WHEN ABS(__bach_edge_4) < CAST(1.0 AS FLOAT64)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_4), CAST(0.0 AS FLOAT64))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS FLOAT64)
    ) AS __bach_scale_4
  FROM merged_1
), bin_round_floor AS (
  SELECT
    __bach_precision,
    __bach_edge_0,
    __bach_edge_1,
    __bach_edge_2,
    __bach_edge_3,
    __bach_edge_4,
    __bach_scale_0,
    __bach_scale_1,
    __bach_scale_2,
    __bach_scale_3,
    __bach_scale_4,
    __bach_edge_0 * __bach_scale_0 AS __bach_scaled_0,
    FLOOR(__bach_edge_0 * __bach_scale_0) AS __bach_floor_0,
    __bach_edge_1 * __bach_scale_1 AS __bach_scaled_1,
    FLOOR(__bach_edge_1 * __bach_scale_1) AS __bach_floor_1,
    __bach_edge_2 * __bach_scale_2 AS __bach_scaled_2,
    FLOOR(__bach_edge_2 * __bach_scale_2) AS __bach_floor_2,
    __bach_edge_3 * __bach_scale_3 AS __bach_scaled_3,
    FLOOR(__bach_edge_3 * __bach_scale_3) AS __bach_floor_3,
    __bach_edge_4 * __bach_scale_4 AS __bach_scaled_4,
    FLOOR(__bach_edge_4 * __bach_scale_4) AS __bach_floor_4
  FROM bin_round_scale
), bin_round_tried AS (
  SELECT
    __bach_precision,
    CASE
      WHEN __bach_edge_0 = CAST(0.0 AS FLOAT64)
      THEN __bach_edge_0
      ELSE (
        CASE
          WHEN __bach_scaled_0 - __bach_floor_0 > CAST(0.5 AS FLOAT64)
          THEN __bach_floor_0 + CAST(1.0 AS FLOAT64)
          WHEN __bach_scaled_0 - __bach_floor_0 < CAST(0.5 AS FLOAT64)
          THEN __bach_floor_0
          ELSE __bach_floor_0 + (
            __bach_floor_0 - (
              CAST(2.0 AS FLOAT64) * FLOOR(__bach_floor_0 / CAST(2.0 AS FLOAT64))
            )
          )
        END
      ) / __bach_scale_0
    END AS __bach_label_0,
    CASE
      WHEN __bach_edge_1 = CAST(0.0 AS FLOAT64)
      THEN __bach_edge_1
      ELSE (
        CASE
          WHEN __bach_scaled_1 - __bach_floor_1 > CAST(0.5 AS FLOAT64)
          THEN __bach_floor_1 + CAST(1.0 AS FLOAT64)
          WHEN __bach_scaled_1 - __bach_floor_1 < CAST(0.5 AS FLOAT64)
          THEN __bach_floor_1
          ELSE __bach_floor_1 + (
            __bach_floor_1 - (
              CAST(2.0 AS FLOAT64) * FLOOR(__bach_floor_1 / CAST(2.0 AS FLOAT64))
            )
          )
        END
      ) / __bach_scale_1
    END AS __bach_label_1,
    CASE
      WHEN __bach_edge_2 = CAST(0.0 AS FLOAT64)
      THEN __bach_edge_2
      ELSE (
        CASE
          WHEN __bach_scaled_2 - __bach_floor_2 > CAST(0.5 AS FLOAT64)
          THEN __bach_floor_2 + CAST(1.0 AS FLOAT64)
          WHEN __bach_scaled_2 - __bach_floor_2 < CAST(0.5 AS FLOAT64)
          THEN __bach_floor_2
          ELSE __bach_floor_2 + (
            __bach_floor_2 - (
              CAST(2.0 AS FLOAT64) * FLOOR(__bach_floor_2 / CAST(2.0 AS FLOAT64))
            )
          )
        END
      ) / __bach_scale_2
    END AS __bach_label_2,
    CASE
      WHEN __bach_edge_3 = CAST(0.0 AS FLOAT64)
      THEN __bach_edge_3
      ELSE (
        CASE
          WHEN __bach_scaled_3 - __bach_floor_3 > CAST(0.5 AS FLOAT64)
          THEN __bach_floor_3 + CAST(1.0 AS FLOAT64)
          WHEN __bach_scaled_3 - __bach_floor_3 < CAST(0.5 AS FLOAT64)
          THEN __bach_floor_3
          ELSE __bach_floor_3 + (
            __bach_floor_3 - (
              CAST(2.0 AS FLOAT64) * FLOOR(__bach_floor_3 / CAST(2.0 AS FLOAT64))
            )
          )
        END
      ) / __bach_scale_3
    END AS __bach_label_3,
    CASE
      WHEN __bach_edge_4 = CAST(0.0 AS FLOAT64)
      THEN __bach_edge_4
      ELSE (
        CASE
          WHEN __bach_scaled_4 - __bach_floor_4 > CAST(0.5 AS FLOAT64)
          THEN __bach_floor_4 + CAST(1.0 AS FLOAT64)
          WHEN __bach_scaled_4 - __bach_floor_4 < CAST(0.5 AS FLOAT64)
          THEN __bach_floor_4
          ELSE __bach_floor_4 + (
            __bach_floor_4 - (
              CAST(2.0 AS FLOAT64) * FLOOR(__bach_floor_4 / CAST(2.0 AS FLOAT64))
            )
          )
        END
      ) / __bach_scale_4
    END AS __bach_label_4
  FROM bin_round_floor
), filtered_1 AS (
  SELECT
    __bach_precision
  FROM bin_round_tried
  WHERE
    (
      TRUE
      AND __bach_label_0 <> __bach_label_1
      AND __bach_label_1 <> __bach_label_2
      AND __bach_label_2 <> __bach_label_3
      AND __bach_label_3 <> __bach_label_4
    )
), bin_precision AS (
  SELECT
    COALESCE(MIN(__bach_precision), 3) AS __bach_precision
  FROM filtered_1
), merged_2 AS (
  SELECT
    l.__bach_edge_0,
    l.__bach_edge_1,
    l.__bach_edge_2,
    l.__bach_edge_3,
    l.__bach_edge_4,
    r.__bach_precision
  FROM bin_edges AS l
  CROSS JOIN bin_precision AS r
), bin_round_scale_2 AS (
  SELECT
    __bach_edge_0,
    __bach_edge_1,
    __bach_edge_2,
    __bach_edge_3,
    __bach_edge_4,
    __bach_precision,
    POWER(
      CAST(10.0 AS FLOAT64),
      CAST(CASE
        WHEN ABS(__bach_edge_0) < CAST(1.0 AS FLOAT64)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_0), CAST(0.0 AS FLOAT64))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS FLOAT64)
    ) AS __bach_scale_0,
    POWER(
      CAST(10.0 AS FLOAT64),
      CAST(CASE
        WHEN ABS(__bach_edge_1) < CAST(1.0 AS FLOAT64)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_1), CAST(0.0 AS FLOAT64))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS FLOAT64)
    ) AS __bach_scale_1,
    POWER(
      CAST(10.0 AS FLOAT64),
      CAST(CASE
        WHEN ABS(__bach_edge_2) < CAST(1.0 AS FLOAT64)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_2), CAST(0.0 AS FLOAT64))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS FLOAT64)
    ) AS __bach_scale_2,
    POWER(
      CAST(10.0 AS FLOAT64),
      CAST(CASE
        WHEN ABS(__bach_edge_3) < CAST(1.0 AS FLOAT64)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_3), CAST(0.0 AS FLOAT64))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS FLOAT64)
    ) AS __bach_scale_3,
    POWER(
      CAST(10.0 AS FLOAT64),
      CAST(CASE
        WHEN ABS(__bach_edge_4) < CAST(1.0 AS FLOAT64)
        THEN (
          (
            -FLOOR(LOG10(NULLIF(ABS(__bach_edge_4), CAST(0.0 AS FLOAT64))))
          ) - 1
        ) + __bach_precision
        ELSE __bach_precision
      END AS FLOAT64)
    ) AS __bach_scale_4
  FROM merged_2
), bin_round_floor_2 AS (
  SELECT
    __bach_edge_0,
    __bach_edge_1,
    __bach_edge_2,
    __bach_edge_3,
    __bach_edge_4,
    __bach_precision,
    __bach_scale_0,
    __bach_scale_1,
    __bach_scale_2,
    __bach_scale_3,
    __bach_scale_4,
    __bach_edge_0 * __bach_scale_0 AS __bach_scaled_0,
    FLOOR(__bach_edge_0 * __bach_scale_0) AS __bach_floor_0,
    __bach_edge_1 * __bach_scale_1 AS __bach_scaled_1,
    FLOOR(__bach_edge_1 * __bach_scale_1) AS __bach_floor_1,
    __bach_edge_2 * __bach_scale_2 AS __bach_scaled_2,
    FLOOR(__bach_edge_2 * __bach_scale_2) AS __bach_floor_2,
    __bach_edge_3 * __bach_scale_3 AS __bach_scaled_3,
    FLOOR(__bach_edge_3 * __bach_scale_3) AS __bach_floor_3,
    __bach_edge_4 * __bach_scale_4 AS __bach_scaled_4,
    FLOOR(__bach_edge_4 * __bach_scale_4) AS __bach_floor_4
  FROM bin_round_scale_2
), bin_labels AS (
  SELECT
    __bach_edge_0,
    __bach_edge_1,
    __bach_edge_2,
    __bach_edge_3,
    __bach_edge_4,
    (
      CASE
        WHEN __bach_edge_0 = CAST(0.0 AS FLOAT64)
        THEN __bach_edge_0
        ELSE (
          CASE
            WHEN __bach_scaled_0 - __bach_floor_0 > CAST(0.5 AS FLOAT64)
            THEN __bach_floor_0 + CAST(1.0 AS FLOAT64)
            WHEN __bach_scaled_0 - __bach_floor_0 < CAST(0.5 AS FLOAT64)
            THEN __bach_floor_0
            ELSE __bach_floor_0 + (
              __bach_floor_0 - (
                CAST(2.0 AS FLOAT64) * FLOOR(__bach_floor_0 / CAST(2.0 AS FLOAT64))
              )
            )
          END
        ) / __bach_scale_0
      END
    ) - (
      POWER(CAST(10.0 AS FLOAT64), CAST(-__bach_precision AS FLOAT64))
    ) AS __bach_label_0,
    CASE
      WHEN __bach_edge_1 = CAST(0.0 AS FLOAT64)
      THEN __bach_edge_1
      ELSE (
        CASE
          WHEN __bach_scaled_1 - __bach_floor_1 > CAST(0.5 AS FLOAT64)
          THEN __bach_floor_1 + CAST(1.0 AS FLOAT64)
          WHEN __bach_scaled_1 - __bach_floor_1 < CAST(0.5 AS FLOAT64)
          THEN __bach_floor_1
          ELSE __bach_floor_1 + (
            __bach_floor_1 - (
              CAST(2.0 AS FLOAT64) * FLOOR(__bach_floor_1 / CAST(2.0 AS FLOAT64))
            )
          )
        END
      ) / __bach_scale_1
    END AS __bach_label_1,
    CASE
      WHEN __bach_edge_2 = CAST(0.0 AS FLOAT64)
      THEN __bach_edge_2
      ELSE (
        CASE
          WHEN __bach_scaled_2 - __bach_floor_2 > CAST(0.5 AS FLOAT64)
          THEN __bach_floor_2 + CAST(1.0 AS FLOAT64)
          WHEN __bach_scaled_2 - __bach_floor_2 < CAST(0.5 AS FLOAT64)
          THEN __bach_floor_2
          ELSE __bach_floor_2 + (
            __bach_floor_2 - (
              CAST(2.0 AS FLOAT64) * FLOOR(__bach_floor_2 / CAST(2.0 AS FLOAT64))
            )
          )
        END
      ) / __bach_scale_2
    END AS __bach_label_2,
    CASE
      WHEN __bach_edge_3 = CAST(0.0 AS FLOAT64)
      THEN __bach_edge_3
      ELSE (
        CASE
          WHEN __bach_scaled_3 - __bach_floor_3 > CAST(0.5 AS FLOAT64)
          THEN __bach_floor_3 + CAST(1.0 AS FLOAT64)
          WHEN __bach_scaled_3 - __bach_floor_3 < CAST(0.5 AS FLOAT64)
          THEN __bach_floor_3
          ELSE __bach_floor_3 + (
            __bach_floor_3 - (
              CAST(2.0 AS FLOAT64) * FLOOR(__bach_floor_3 / CAST(2.0 AS FLOAT64))
            )
          )
        END
      ) / __bach_scale_3
    END AS __bach_label_3,
    CASE
      WHEN __bach_edge_4 = CAST(0.0 AS FLOAT64)
      THEN __bach_edge_4
      ELSE (
        CASE
          WHEN __bach_scaled_4 - __bach_floor_4 > CAST(0.5 AS FLOAT64)
          THEN __bach_floor_4 + CAST(1.0 AS FLOAT64)
          WHEN __bach_scaled_4 - __bach_floor_4 < CAST(0.5 AS FLOAT64)
          THEN __bach_floor_4
          ELSE __bach_floor_4 + (
            __bach_floor_4 - (
              CAST(2.0 AS FLOAT64) * FLOOR(__bach_floor_4 / CAST(2.0 AS FLOAT64))
            )
          )
        END
      ) / __bach_scale_4
    END AS __bach_label_4
  FROM bin_round_floor_2
), merged_3 AS (
  SELECT
    l._index_0,
    l.__bach_value,
    r.__bach_edge_0,
    r.__bach_edge_1,
    r.__bach_edge_2,
    r.__bach_edge_3,
    r.__bach_edge_4,
    r.__bach_label_0,
    r.__bach_label_1,
    r.__bach_label_2,
    r.__bach_label_3,
    r.__bach_label_4
  FROM merge_left_1 AS l
  CROSS JOIN bin_labels AS r
), merge_right_1 AS (
  SELECT
    _index_0,
    CASE
      WHEN __bach_value < __bach_edge_0
      THEN NULL
      WHEN __bach_value <= __bach_edge_1
      THEN CAST(STRUCT(__bach_label_0 AS `lower`, __bach_label_1 AS `upper`, '(]' AS `bounds`) AS STRUCT<`lower` FLOAT64, `upper` FLOAT64, `bounds` STRING>)
      WHEN __bach_value <= __bach_edge_2
      THEN CAST(STRUCT(__bach_label_1 AS `lower`, __bach_label_2 AS `upper`, '(]' AS `bounds`) AS STRUCT<`lower` FLOAT64, `upper` FLOAT64, `bounds` STRING>)
      WHEN __bach_value <= __bach_edge_3
      THEN CAST(STRUCT(__bach_label_2 AS `lower`, __bach_label_3 AS `upper`, '(]' AS `bounds`) AS STRUCT<`lower` FLOAT64, `upper` FLOAT64, `bounds` STRING>)
      WHEN __bach_value <= __bach_edge_4
      THEN CAST(STRUCT(__bach_label_3 AS `lower`, __bach_label_4 AS `upper`, '(]' AS `bounds`) AS STRUCT<`lower` FLOAT64, `upper` FLOAT64, `bounds` STRING>)
      ELSE CAST(NULL AS STRUCT<`lower` FLOAT64, `upper` FLOAT64, `bounds` STRING>)
    END AS quartile
  FROM merged_3
)
SELECT
  l._index_0,
  l.n,
  r.quartile
FROM loaded_data AS l
LEFT JOIN merge_right_1 AS r
  ON l._index_0 = r._index_0
