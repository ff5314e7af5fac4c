"""Benchmark of the feature, retention and funnel models: Bach vs hand-written SQL, DuckDB + PostgreSQL.

The part of ``bench_modelhub.py`` for the model hub's newer models, each against our own
hand-written SQL (``HAND_SQL`` below, one query per model and engine, written directly against
the native table ``data``):

* ``top_product_features`` and ``top_product_features_before_conversion`` (conversion:
  ``SuccessEvent``, sessions of the model hub's 30-minute gap);
* ``retention_matrix`` (monthly), timed as its long form ``retention_counts``: the query the
  matrix pivots (``retention_matrix`` itself runs one more query to find the distances);
* ``drop_off_locations`` (per user) and ``funnel_conversion`` (one funnel over all data);
* ``navigation_paths``: ``FunnelDiscovery.get_navigation_paths(df, steps=3, by='user_id')``;
* ``logistic_regression`` (``ModelHub.get_logistic_regression(max_iter=1000)``) on per-user
  features as the original's docs build them: X = the number of events on each page (the id of
  the stack's ``RootLocationContext``, ``ROOTS``), y = the user converted (a ``SuccessEvent``);
  the per-user frame is materialized as the user guide does. Three rows (``measure_logreg``):
  ``.fit`` = ``fit(X, y)`` (its one query pulling X and y, plus sklearn) vs the hand feature
  query fetched and fitted by the same sklearn estimator (coefficients compared to 1e-9);
  ``.predict_proba`` = ``predict_proba(X)`` as the frame's column, ``to_pandas()``, vs
  ``1 / (1 + exp(-z))`` of the fitted coefficients written as SQL over the same feature query
  (probabilities compared to 1e-9); ``.score`` = ``score(X, y)`` (a query, a float) vs the
  accuracy in SQL (compared exactly). ``--explain`` skips this model.

Locations are the location stack's nice name everywhere. For each engine and model:

* **Bach**: build = ``ModelHub.get_objectiv_dataframe`` + the model call (Python, plus the
  table check query); query = ``to_pandas()`` (render, run, fetch).
* **Hand**: the SQL of ``HAND_SQL``, through the same connection (DuckDB ``.df()``,
  PostgreSQL ``psycopg2`` ``fetchall`` into a ``pandas.DataFrame``).

Bach and hand runs are paired and interleaved (the pair's order alternates); one warm-up pair,
then ``--runs`` pairs; the medians are reported. Both results are compared after every run (the
script raises when they differ). ``--explain DIR`` writes the SQL and EXPLAIN ANALYZE of both
queries per engine and model. Nothing is asserted on time. ``--write`` replaces the section
between the ``modelhub-agg-<events>`` markers in ``benchmarks/RESULTS.md`` (one per event count);
a run of a ``--models`` selection writes its own section, ``modelhub-agg-<events>-<models>``,
and a run on one engine adds it: ``modelhub-agg-<events>-<models>-<engine>``.

Run::

    eval "$(PGPORT=56124 scripts/ensure_postgres.sh)"     # a throwaway PostgreSQL
    .venv/bin/python benchmarks/bench_modelhub_agg.py --events 100000 --runs 3 --write
    # 1M events (about 35 minutes on the loaded 2-core machine): one timed pair per model
    .venv/bin/python benchmarks/bench_modelhub_agg.py --events 1000000 --runs 1 --warmup 0 --write
    # the logistic regression only (its own sections)
    .venv/bin/python benchmarks/bench_modelhub_agg.py --events 100000 --runs 3 \
        --models logistic_regression --write
    .venv/bin/python benchmarks/bench_modelhub_agg.py --events 1000000 --runs 1 --warmup 0 \
        --models logistic_regression --write
    eval "$PGTEST_STOP"
    # DuckDB only, quick:
    .venv/bin/python benchmarks/bench_modelhub_agg.py --events 100000 --backends duckdb
"""

from __future__ import annotations

import argparse
import decimal
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

import bench_modelhub as bm  # noqa: E402

RESULTS = Path(__file__).with_name("RESULTS.md")
# one section per event count: <!-- BEGIN modelhub-agg-<events> --> ... <!-- END ... -->
MARKER = "modelhub-agg-{events}"
BACKENDS = ("duckdb", "postgres")

# ------------------------------------------------------------------------ hand-written SQL
# The nice name of a location stack: labels '<Type minus Context, words split>: <id>', the last
# one, then ' located at ' and the others joined by ' => '; NULL for an empty stack.
_LABEL = (
    "regexp_replace(regexp_replace({e}, 'Context$', ''), '([a-z])([A-Z])', '\\1 \\2', 'g')"
    " || ': ' || ({i})"
)


def _duckdb_nice(stack: str) -> str:
    label = _LABEL.format(e="x ->> '$._type'", i="x ->> '$.id'")
    return f"""(SELECT l[-1] || coalesce(' located at '
        || nullif(array_to_string(l[1:len(l) - 1], ' => '), ''), '')
    FROM (SELECT list_transform(CAST({stack} AS JSON[]), lambda x: {label}) AS l))"""


def _postgres_nice(stack: str) -> str:
    label = _LABEL.format(e="x ->> '_type'", i="x ->> 'id'")
    return f"""(SELECT max(l) FILTER (WHERE o = n)
        || coalesce(' located at ' || string_agg(l, ' => ' ORDER BY o) FILTER (WHERE o < n), '')
    FROM (SELECT o, jsonb_array_length({stack}) AS n, {label} AS l
          FROM jsonb_array_elements({stack}) WITH ORDINALITY AS t(x, o)) AS labels)"""


# (the stack is projected first: DuckDB then evaluates the subquery once per distinct stack)
_D_NICE = _duckdb_nice("stack")
_P_NICE = _postgres_nice("stack")
_D_STACK = "(SELECT *, value -> '$.location_stack' AS stack FROM {source})"
_P_STACK = "(SELECT *, value -> 'location_stack' AS stack FROM {source})"
_D_APP = """list_filter(CAST(value -> '$.global_contexts' AS JSON[]),
    lambda g: g ->> '$._type' = 'ApplicationContext')[1] ->> '$.id'"""
_P_APP = """(SELECT g ->> 'id' FROM jsonb_array_elements(value -> 'global_contexts') AS g
     WHERE g ->> '_type' = 'ApplicationContext' LIMIT 1)"""
_D_INTERACTIVE = "list_contains(CAST(value -> '$._types' AS VARCHAR[]), 'InteractiveEvent')"
_P_INTERACTIVE = "value -> '_types' ? 'InteractiveEvent'"

# sessions (30-minute gap) and the conversions per session, then the features before them
_SESSIONS = """
WITH gaps AS (
    SELECT *, moment - lag(moment) OVER (PARTITION BY cookie_id ORDER BY moment, event_id) AS gap
    FROM data
), sessions AS (
    SELECT *, sum(CASE WHEN gap IS NULL OR gap > INTERVAL '30 minutes' THEN 1 ELSE 0 END) OVER (
        PARTITION BY cookie_id ORDER BY moment, event_id ROWS UNBOUNDED PRECEDING) AS session_no
    FROM gaps
), conversions AS (
    SELECT *,
        sum(CASE WHEN {etype} = 'SuccessEvent' THEN 1 ELSE 0 END) OVER (
            PARTITION BY cookie_id, session_no ORDER BY moment, event_id
            ROWS UNBOUNDED PRECEDING) AS in_time,
        sum(CASE WHEN {etype} = 'SuccessEvent' THEN 1 ELSE 0 END) OVER (
            PARTITION BY cookie_id, session_no) AS total
    FROM sessions
)"""


# The models leave out the rows with a NULL key, all three of them: an event whose `_type` is
# missing (malformed, but possible in a table Bach did not write) is not counted. The generated
# events all have one, so leaving that check out would still give equal results here, but a query
# that does less than the model promises; with it, DuckDB pays ~0.25 s at 1M events (the check's
# JSON extraction is pushed into the filter and done again in the projection, as the
# application's is in both queries).
def _features(source: str, where: str, app: str, nice: str, etype: str, name: str) -> str:
    return f"""
SELECT application, feature_nice_name, event_type, count(DISTINCT cookie_id) AS {name}
FROM (SELECT cookie_id, {etype} AS event_type, {app} AS application,
             {nice} AS feature_nice_name
      FROM {source} AS s WHERE {where}) AS e
WHERE application IS NOT NULL AND feature_nice_name IS NOT NULL AND event_type IS NOT NULL
GROUP BY 1, 2, 3
ORDER BY 4 DESC, 1, 2, 3
"""


def _hand_sql(d: bool) -> dict[str, str]:
    nice, app = (_D_NICE, _D_APP) if d else (_P_NICE, _P_APP)
    stacked = _D_STACK if d else _P_STACK
    stack = "value -> '$.location_stack'" if d else "value -> 'location_stack'"
    data = stacked.format(source="data")
    interactive = _D_INTERACTIVE if d else _P_INTERACTIVE
    etype = "value ->> '$._type'" if d else "value ->> '_type'"
    month = "strftime(first_moment, '%Y-%m')" if d else "to_char(first_moment, 'YYYY-MM')"
    year_month = (
        "(year(moment) - year(first_moment)) * 12 + month(moment) - month(first_moment)"
        if d
        else "CAST((extract(year FROM moment) - extract(year FROM first_moment)) * 12"
        " + extract(month FROM moment) - extract(month FROM first_moment) AS bigint)"
    )
    last = (
        "SELECT value FROM data QUALIFY row_number() OVER "
        "(PARTITION BY cookie_id ORDER BY moment DESC, event_id DESC) = 1"
        if d
        else "SELECT DISTINCT ON (cookie_id) value FROM data "
        "ORDER BY cookie_id, moment DESC, event_id DESC"
    )
    rnd = "round(({a}) / {b}, 3)" if d else "round(CAST({a} AS numeric) / {b}, 3)"
    completed = (
        "count(DISTINCT CASE WHEN next_step IS NOT NULL THEN cookie_id END)"
        if d
        else "count(DISTINCT cookie_id) FILTER (WHERE next_step IS NOT NULL)"
    )
    return {
        "top_product_features": _features(data, interactive, app, nice, etype, "user_id_nunique"),
        "top_product_features_before_conversion": _SESSIONS.format(etype=etype)
        + _features(
            stacked.format(source="conversions"),
            f"total >= 1 AND in_time = 0 AND {interactive}",
            app,
            nice,
            etype,
            "unique_users",
        ),
        "retention_matrix": f"""
SELECT {month} AS first_cohort, {year_month} AS cohort_distance,
       count(DISTINCT cookie_id) AS user_id_nunique
FROM (SELECT cookie_id, moment, min(moment) OVER (PARTITION BY cookie_id) AS first_moment
      FROM data) AS f
GROUP BY 1, 2
""",
        "drop_off_locations": f"""
SELECT location, count(*) AS value_counts
FROM (SELECT {nice} AS location FROM ({last}) AS last, LATERAL (SELECT {stack} AS stack) AS s)
    AS named
WHERE location IS NOT NULL
GROUP BY location ORDER BY value_counts DESC, location
""",
        "funnel_conversion": f"""
WITH steps AS (
    SELECT cookie_id, location,
           lead(location) OVER (PARTITION BY cookie_id ORDER BY moment, event_id) AS next_step
    FROM (SELECT cookie_id, moment, event_id, {nice} AS location FROM {data} AS d) AS named
    WHERE location IS NOT NULL
), users AS (
    SELECT location, count(DISTINCT cookie_id) AS n_users, {completed} AS n_users_completed_step
    FROM steps GROUP BY location
)
SELECT location, n_users, n_users_completed_step,
       {rnd.format(a="n_users_completed_step", b="n_users")} AS step_conversion_rate,
       {rnd.format(a="n_users_completed_step", b="max(n_users) OVER ()")}
           AS full_conversion_rate,
       {rnd.format(a="n_users - n_users_completed_step", b="max(n_users) OVER ()")}
           AS dropoff_share
FROM users ORDER BY n_users DESC, location
""",
        "navigation_paths": f"""
WITH named AS (
    SELECT cookie_id, moment, event_id, {nice} AS loc FROM {data} AS d
), o AS (
    SELECT cookie_id, loc, row_number() OVER w - 1 AS off,
           lead(loc, 1) OVER w AS s2, lead(loc, 2) OVER w AS s3
    FROM named
    WINDOW w AS (PARTITION BY cookie_id ORDER BY moment, loc, event_id)
)
SELECT cookie_id AS user_id, loc AS location_stack_step_1, s2 AS location_stack_step_2,
       s3 AS location_stack_step_3
FROM o WHERE NOT (s2 IS NULL AND off <> 0)
ORDER BY cookie_id, off
""",
    }


HAND_SQL = {"duckdb": _hand_sql(True), "postgres": _hand_sql(False)}
LOGREG = "logistic_regression"
MODELS = (*HAND_SQL["duckdb"], LOGREG)

# ------------------------------------------------------------------ logistic regression
# Features as in the original's docs: per user, the number of events on each page (the id of
# the stack's RootLocationContext, the pages of the generated data); y = the user converted
# (had a SuccessEvent).
ROOTS = ("home", "blog", "tracking", "modeling", "pricing", "about", "taxonomy", "jobs")
_D_ROOT = """list_filter(CAST(value -> '$.location_stack' AS JSON[]),
    lambda x: x ->> '$._type' = 'RootLocationContext')[1] ->> '$.id'"""
_P_ROOT = """(SELECT x ->> 'id' FROM jsonb_array_elements(value -> 'location_stack') AS x
     WHERE x ->> '_type' = 'RootLocationContext' LIMIT 1)"""


def _logreg_features(d: bool) -> str:
    """The feature query (CTE ``f``): user_id, one count per page, converted."""
    root, etype = (_D_ROOT, "value ->> '$._type'") if d else (_P_ROOT, "value ->> '_type'")
    counts = ",\n           ".join(f"count(*) FILTER (WHERE root = '{r}') AS n_{r}" for r in ROOTS)
    return f"""
WITH f AS (
    SELECT user_id,
           {counts},
           bool_or(event_type = 'SuccessEvent') AS converted
    FROM (SELECT cookie_id AS user_id, {root} AS root, {etype} AS event_type FROM data) AS e
    GROUP BY user_id
)"""


def _logreg_z(coef: Any, intercept: float) -> str:
    """The fitted linear function over ``f``'s columns, the coefficients as DOUBLE literals."""
    terms = " + ".join(
        f"n_{r} * CAST({float(c)!r} AS DOUBLE PRECISION)" for r, c in zip(ROOTS, coef, strict=True)
    )
    return f"{terms} + CAST({float(intercept)!r} AS DOUBLE PRECISION)"


def logreg_hand_sql(backend: str, model: Any = None) -> dict[str, str]:
    """Hand SQL of the fit's pull, and (given the fitted model) of predict_proba and score."""
    features = _logreg_features(backend == "duckdb")
    cols = ", ".join(f"n_{r}" for r in ROOTS)
    sql = {"fit": f"{features}\nSELECT user_id, {cols}, converted FROM f ORDER BY user_id"}
    if model is not None:
        z = _logreg_z(model.coef_[0], model.intercept_[0])
        sql["predict_proba"] = f"""{features}
SELECT user_id,
       1 / (1 + exp(-least(greatest(z, CAST(-700 AS DOUBLE PRECISION)),
                           CAST(700 AS DOUBLE PRECISION)))) AS probability
FROM (SELECT user_id, {z} AS z FROM f) AS s"""
        sql["score"] = f"""{features}
SELECT avg(CASE WHEN (z > 0) = converted THEN CAST(1 AS DOUBLE PRECISION)
                ELSE CAST(0 AS DOUBLE PRECISION) END) AS accuracy
FROM (SELECT converted, {z} AS z FROM f) AS s"""
    return sql


def logreg_frame(mh: Any, engine: Any) -> tuple[Any, Any, Any]:
    """Bach: the per-user feature frame; returns (frame, X, y)."""
    df = mh.get_objectiv_dataframe(engine=engine)
    df["root"] = df.location_stack.ls.get_from_context_with_type_series("RootLocationContext", "id")
    for r in ROOTS:
        df[f"n_{r}"] = (df.root == r).astype("int64")
    df["converted"] = mh.map.is_conversion_event(df, "success")
    per_user = df.groupby("user_id").agg({**{f"n_{r}": "sum" for r in ROOTS}, "converted": "max"})
    per_user = per_user.rename(
        columns={**{f"n_{r}_sum": f"n_{r}" for r in ROOTS}, "converted_max": "converted"}
    )
    per_user = per_user.materialize()  # as the docs do: score() aggregates the per-user rows
    return per_user, per_user[[f"n_{r}" for r in ROOTS]], per_user.converted


def bach_model(mh: Any, df: Any, model: str) -> Any:
    from objectiv_modelhub.models.retention import retention_counts

    if model == "top_product_features":
        return mh.agg.top_product_features(df)
    if model == "top_product_features_before_conversion":
        return mh.agg.top_product_features_before_conversion(df, "success")
    if model == "retention_matrix":
        return retention_counts(df, "monthly")
    if model == "drop_off_locations":
        return mh.agg.drop_off_locations(df)
    if model == "funnel_conversion":
        return mh.agg.funnel_conversion(df)
    return mh.get_funnel_discovery().get_navigation_paths(df, steps=3, by="user_id")


def _text(v: Any) -> str:
    if v is None or (not isinstance(v, (list, tuple, dict)) and pd.isna(v)):
        return ""
    if isinstance(v, (float, decimal.Decimal)):
        return f"{float(v):.6g}"
    return str(v)


#: results with more rows are compared by fingerprint, not as sorted lists of text tuples
#: (navigation_paths returns 9.5M rows at 10M events: two such lists and the two frames did not
#: fit in 24 GB)
FINGERPRINT_ROWS = 200_000


def canonical(frame: pd.DataFrame) -> Any:
    """The rows (the index as columns) in a form to compare results by, order ignored.

    Sorted tuples of text; above ``FINGERPRINT_ROWS`` rows the sorted 64-bit hashes of those
    text rows (``pandas.util.hash_pandas_object``), which take 8 bytes a row.
    """
    import numpy as np

    frame = frame.reset_index() if any(frame.index.names) else frame.reset_index(drop=True)
    if len(frame) <= FINGERPRINT_ROWS:
        return sorted(tuple(_text(v) for v in r) for r in frame.itertuples(index=False))
    text = pd.DataFrame({i: frame.iloc[:, i].map(_text) for i in range(frame.shape[1])})
    hashes = np.sort(pd.util.hash_pandas_object(text, index=False).to_numpy())
    return ("fingerprint", len(frame), hashes.tobytes())


def run_hand(backend: str, con: Any, sql: str) -> pd.DataFrame:
    if backend == "duckdb":
        return con.sql(sql).df()
    with con.cursor() as cur:
        cur.execute(sql)
        rows = cur.fetchall()
        return pd.DataFrame(rows, columns=[c.name for c in cur.description])


def explain(backend: str, con: Any, sql: str) -> str:
    if backend == "duckdb":
        return "\n".join(str(r[-1]) for r in con.sql("EXPLAIN ANALYZE " + sql).fetchall())
    with con.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(r[0] for r in cur.fetchall())


def load(backend: str, args: argparse.Namespace) -> tuple[Any, Any, float]:
    """Generate and load the events (``bench_modelhub``'s loaders, ``--reuse`` included).

    Returns (engine for Bach, connection for hand SQL, generation + load seconds; 0 if reused).
    """
    if backend == "duckdb":
        con, info = bm.load_duckdb(args)
        return con, con, info["generate_s"] + info["load_s"]
    con, info = bm.load_postgres(args)
    return args.pg_dsn, con, info["generate_s"] + info["load_s"]


def measure(backend: str, engine: Any, con: Any, args: argparse.Namespace) -> list[dict]:
    from objectiv_modelhub import ModelHub

    mh = ModelHub(time_aggregation="%Y-%m-%d", global_contexts=["application"])
    mh.add_conversion_event(event_type="SuccessEvent", name="success")
    rows = []
    for model in args.models:
        if model == LOGREG:
            rows += measure_logreg(backend, engine, con, args, mh)
            continue
        hand_sql = HAND_SQL[backend][model]
        build_t, bach_t, hand_t = [], [], []
        frame = None
        for run in range(args.runs + args.warmup):  # the first --warmup pairs are not timed
            started = time.perf_counter()
            frame = bach_model(mh, mh.get_objectiv_dataframe(engine=engine), model)
            built = time.perf_counter() - started

            def bach_query(frame: Any = frame) -> tuple[float, pd.DataFrame]:
                started = time.perf_counter()
                result = frame.to_pandas()
                return time.perf_counter() - started, result

            def hand_query(sql: str = hand_sql) -> tuple[float, pd.DataFrame]:
                started = time.perf_counter()
                result = run_hand(backend, con, sql)
                return time.perf_counter() - started, result

            # each result is reduced to its canonical form before the other query runs: only
            # one large frame is held at a time
            if run % 2:
                h_s, hand = hand_query()
                hand_rows, hand = len(hand), canonical(hand)
                b_s, bach = bach_query()
                bach_rows, bach = len(bach), canonical(bach)
            else:
                b_s, bach = bach_query()
                bach_rows, bach = len(bach), canonical(bach)
                h_s, hand = hand_query()
                hand_rows, hand = len(hand), canonical(hand)
            if bach != hand or bach_rows != hand_rows:
                msg = f"{backend} {model}: Bach and the hand-written SQL differ"
                raise SystemExit(msg)
            if run >= args.warmup:
                build_t.append(built)
                bach_t.append(b_s)
                hand_t.append(h_s)
        sql = frame.view_sql()
        rec = {
            "backend": backend,
            "model": model,
            "build": statistics.median(build_t),
            "bach": statistics.median(bach_t),
            "hand": statistics.median(hand_t),
            "bach_all": bach_t,
            "hand_all": hand_t,
            "rows": bach_rows,
            "bach_bytes": len(sql.encode()),
            "hand_bytes": len(hand_sql.strip().encode()),
        }
        rows.append(rec)
        print(
            f"{backend:8s} {model:40s} build {rec['build']:.3f} s  Bach {rec['bach']:.3f} s"
            f"  hand {rec['hand']:.3f} s  ratio {rec['bach'] / rec['hand']:.2f}"
            f"  ({rec['rows']} rows)",
            flush=True,
        )
        if args.explain:  # (not for the logistic regression)
            directory = Path(args.explain)
            directory.mkdir(parents=True, exist_ok=True)
            for who, text in (("bach", sql), ("hand", hand_sql.strip())):
                (directory / f"{backend}_{model}_{who}.sql").write_text(text + "\n")
                (directory / f"{backend}_{model}_{who}.explain.txt").write_text(
                    explain(backend, con, text) + "\n"
                )
    return rows


def _paired(run: int, bach: Any, hand: Any) -> tuple[tuple[float, Any], tuple[float, Any]]:
    """Time ``bach()`` and ``hand()`` in the order of the run (alternating); (s, result) each."""

    def timed(f: Any) -> tuple[float, Any]:
        started = time.perf_counter()
        result = f()
        return time.perf_counter() - started, result

    if run % 2:
        h, b = timed(hand), timed(bach)
    else:
        b, h = timed(bach), timed(hand)
    return b, h


def measure_logreg(backend: str, engine: Any, con: Any, args: argparse.Namespace, mh: Any) -> list:
    """LogisticRegression: fit (the pull of the features + sklearn), predict_proba, score.

    * fit: Bach = ``fit(X, y)`` (one query pulls X and y, then sklearn fits); hand = the
      feature SQL fetched into pandas, then the same sklearn fit. Coefficients compared.
    * predict_proba: Bach = ``predict_proba(X)`` as a column of the feature frame,
      ``to_pandas()``; hand = the fitted function written out as SQL over the same features.
      Probabilities compared to 1e-9.
    * score: Bach = ``score(X, y)`` (a query, returns a float); hand = the accuracy in SQL.
      Compared exactly.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    params = {"max_iter": 1000}
    times: dict[str, dict[str, list[float]]] = {
        part: {"build": [], "bach": [], "hand": []} for part in ("fit", "predict_proba", "score")
    }
    info: dict[str, Any] = {}
    for run in range(args.runs + args.warmup):
        started = time.perf_counter()
        frame, X, y = logreg_frame(mh, engine)
        model = mh.get_logistic_regression(**params)
        built = time.perf_counter() - started
        fit_sql = logreg_hand_sql(backend)["fit"]

        def hand_fit(sql: str = fit_sql) -> Any:
            pulled = run_hand(backend, con, sql)
            features = pulled[[f"n_{r}" for r in ROOTS]].astype("float64")
            return SkLogisticRegression(**params).fit(features, pulled.converted.astype(bool))

        (b_fit, _), (h_fit, hand_model) = _paired(
            run, lambda m=model, X=X, y=y: m.fit(X, y), hand_fit
        )
        if not (
            np.allclose(model.coef_, hand_model.coef_, rtol=0, atol=1e-9)
            and np.allclose(model.intercept_, hand_model.intercept_, rtol=0, atol=1e-9)
        ):
            msg = f"{backend} {LOGREG}: the fitted coefficients differ"
            raise SystemExit(msg)
        hand = logreg_hand_sql(backend, model)

        started = time.perf_counter()
        proba_frame = frame.copy()
        proba_frame["probability"] = model.predict_proba(X)
        proba_frame = proba_frame[["probability"]]
        built_proba = time.perf_counter() - started
        (b_p, bach_p), (h_p, hand_p) = _paired(
            run,
            proba_frame.to_pandas,
            lambda sql=hand["predict_proba"]: run_hand(backend, con, sql),
        )
        left = bach_p.probability.sort_index()
        right = hand_p.assign(user_id=hand_p.user_id.astype(str)).set_index("user_id")
        right = right.probability.astype("float64")
        left.index = left.index.astype(str)
        right = right.reindex(left.index)
        if len(left) != len(hand_p) or not np.allclose(left, right, rtol=0, atol=1e-9):
            msg = f"{backend} {LOGREG}: predict_proba and the hand-written SQL differ"
            raise SystemExit(msg)

        (b_s, bach_s), (h_s, hand_s) = _paired(
            run,
            lambda m=model, X=X, y=y: m.score(X, y),
            lambda sql=hand["score"]: float(run_hand(backend, con, sql).accuracy[0]),
        )
        if bach_s != hand_s:
            msg = f"{backend} {LOGREG}: score {bach_s!r} != hand-written {hand_s!r}"
            raise SystemExit(msg)
        if run >= args.warmup:
            for part, b, h, build in (
                ("fit", b_fit, h_fit, built),
                ("predict_proba", b_p, h_p, built_proba),
                ("score", b_s, h_s, 0.0),
            ):
                times[part]["build"].append(build)
                times[part]["bach"].append(b)
                times[part]["hand"].append(h)
        info = {
            "fit": (frame.sort_index().view_sql(), fit_sql, len(bach_p)),
            "predict_proba": (proba_frame.view_sql(), hand["predict_proba"], len(bach_p)),
            "score": (None, hand["score"], 1),
            "score_value": bach_s,
            "coef": model.coef_[0],
        }
    rows = []
    for part, t in times.items():
        bach_sql, hand_sql, n = info[part]
        rec = {
            "backend": backend,
            "model": f"{LOGREG}.{part}",
            "build": statistics.median(t["build"]),
            "bach": statistics.median(t["bach"]),
            "hand": statistics.median(t["hand"]),
            "bach_all": t["bach"],
            "hand_all": t["hand"],
            "rows": n,
            "bach_bytes": len(bach_sql.encode()) if bach_sql else None,
            "hand_bytes": len(hand_sql.strip().encode()),
        }
        rows.append(rec)
        print(
            f"{backend:8s} {rec['model']:40s} build {rec['build']:.3f} s  Bach {rec['bach']:.3f} s"
            f"  hand {rec['hand']:.3f} s  ratio {rec['bach'] / rec['hand']:.2f}  ({n} rows)",
            flush=True,
        )
    print(f"{backend} score {info['score_value']!r}, coef {list(info['coef'])}", flush=True)
    return rows


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chunk-size", type=int, default=100_000, help="generator chunk size")
    parser.add_argument(
        "--duckdb-path",
        default=":memory:",
        help="DuckDB database file (default in-memory); kept, and reused with --reuse",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="skip a load whose database already holds these events (seed, events, chunk "
        "size), e.g. the --data-dir file of bench_scale.py (--seed 1 --chunk-size 250000)",
    )
    parser.add_argument(
        "--warmup", type=int, default=1, help="untimed pairs first (results still compared)"
    )
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS))
    parser.add_argument(
        "--pg-dsn",
        default=os.environ.get("TEST_POSTGRES_DSN"),
        help="PostgreSQL DSN (default: env TEST_POSTGRES_DSN)",
    )
    parser.add_argument("--explain", metavar="DIR", help="write EXPLAIN ANALYZE outputs to DIR")
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    if "postgres" in args.backends and not args.pg_dsn:
        parser.error("postgres needs --pg-dsn or env TEST_POSTGRES_DSN")
    shown = sys.argv[1:] if argv is None else argv
    shown = ["$TEST_POSTGRES_DSN" if a == args.pg_dsn else a for a in shown]
    os.environ.setdefault("OBJECTIV_VERSION_CHECK_DISABLE", "1")

    import duckdb

    loads, rows, loads_seen = {}, [], [uptime()]
    for backend in args.backends:
        print(f"loading {backend} ...", flush=True)
        engine, con, loads[backend] = load(backend, args)
        print(f"loaded in {loads[backend]:.1f} s (0: reused); {uptime()}", flush=True)
        rows += measure(backend, engine, con, args)
        loads_seen.append(uptime())
        con.close()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    load_text = "; ".join(
        f"{b} {s:.1f} s" if s else f"{b} reused from an earlier load" for b, s in loads.items()
    )
    seen = "; ".join(s.split("load average:")[-1].strip() for s in loads_seen)
    marker = MARKER.format(events=args.events)
    title = "feature, retention and funnel models"
    if set(args.models) != set(MODELS):  # a selection gets its own section (and markers)
        marker += "-" + "-".join(args.models)
        title = ", ".join(args.models)
    if set(args.backends) != set(BACKENDS):  # so does one engine's run (keeping the other's)
        marker += "-" + "-".join(args.backends)
        title += " (" + ", ".join(args.backends) + ")"
    begin, end = f"<!-- BEGIN {marker} -->", f"<!-- END {marker} -->"
    lines = [
        begin,
        f"## Model hub: {title}, Bach vs hand-written SQL, {args.events:,} events",
        "",
        f"`{' '.join(['.venv/bin/python benchmarks/bench_modelhub_agg.py', *shown])}`"
        f" (with a throwaway PostgreSQL from `scripts/ensure_postgres.sh`, default settings)"
        f" on {args.events:,} generated events (seed {args.seed}), commit {commit},"
        f" DuckDB {duckdb.__version__}, Python {platform.python_version()}; median of"
        f" {args.runs} paired, interleaved runs after {args.warmup} warm-up pair(s);"
        " generation + load"
        f" {load_text}. The machine (2 cores) was shared with other jobs; `uptime` load"
        f" averages at the start and after each engine: {seen}. Read the ratios, not the"
        " absolute times. Bach's and the hand-written results are compared after every run"
        " (equal for every model). Build = the Python that builds the plan (and checks the"
        " table); query = `to_pandas()` vs the hand SQL's execution and fetch.",
        "",
        "| engine | model | build (s) | Bach query (s) | hand SQL (s) | **Bach / hand** | rows |"
        " SQL bytes Bach / hand |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['backend']} | {r['model']} | {r['build']:.3f} | {r['bach']:.3f} |"
            f" {r['hand']:.3f} | **{r['bach'] / r['hand']:.2f}** | {r['rows']:,} |"
            f" {'-' if r['bach_bytes'] is None else format(r['bach_bytes'], ',')}"
            f" / {r['hand_bytes']:,} |"
        )
    lines.append("")
    lines.append(
        "All runs (s, Bach / hand): "
        + "; ".join(
            f"{r['backend']} {r['model']} "
            + ", ".join(
                f"{b:.3f}/{h:.3f}" for b, h in zip(r["bach_all"], r["hand_all"], strict=True)
            )
            for r in rows
        )
    )
    lines.append(end)
    text = "\n".join(lines)
    print(text)
    if args.write:
        current = RESULTS.read_text()
        if begin in current:
            head, rest = current.split(begin, 1)
            current = head + text + rest.split(end, 1)[1]
        else:
            current = current.rstrip("\n") + "\n\n" + text + "\n"
        RESULTS.write_text(current)


if __name__ == "__main__":
    main()
