"""LogisticRegression and Metrics.accuracy_score on every backend: features computed in the
database, fitted by sklearn, applied in SQL; compared with sklearn on the same data."""

from __future__ import annotations

import json
import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

import objectiv_bach as bach
from objectiv_bach.errors import DtypeError, InvalidArgumentError
from objectiv_modelhub import LogisticRegression, Metrics, ModelHub
from objectiv_modelhub.native_table import write_events
from objectiv_modelhub.optional import MissingDependencyError
from objectiv_modelhub.sample_data import generate_events


def random_frame(seed: int, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "a": rng.normal(size=n),
            "b": rng.integers(0, 20, size=n),
            "c": rng.random(size=n) < 0.3,
        }
    )
    z = 0.8 * frame.a - 0.15 * frame.b + 1.2 * frame.c + 1.0 + rng.normal(scale=0.7, size=n)
    frame["y"] = z > 0
    frame.index = pd.Index(range(n), name="row")
    return frame


@pytest.mark.parametrize("kwargs", [{}, {"C": 0.05, "fit_intercept": False}])
def test_logistic_regression_matches_sklearn(backend, kwargs):
    data = random_frame(3)
    df = bach.from_pandas(backend, data, materialization="table", name="lr_data")
    features = ["a", "b", "c"]
    model = ModelHub().get_logistic_regression(**kwargs)
    assert model.fit(df[features], df.y) is model
    sk = SkLogisticRegression(**kwargs).fit(data[features].astype(float), data.y)
    np.testing.assert_allclose(model.coef_, sk.coef_, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(model.intercept_, sk.intercept_, rtol=1e-6, atol=1e-9)
    assert list(model.feature_names_in_) == features and model.C == kwargs.get("C", 1.0)

    proba = model.predict_proba(df[features])
    assert proba.name == "probability" and proba.dtype == "float64"
    got = proba.sort_index().to_pandas()
    want = sk.predict_proba(data[features].astype(float))[:, 1]
    np.testing.assert_allclose(got.to_numpy(), want, rtol=1e-9, atol=1e-12)

    labels = model.predict(df[features])
    assert labels.name == "labels" and labels.dtype == "bool"
    assert (
        labels.sort_index().to_pandas().tolist()
        == sk.predict(data[features].astype(float)).tolist()
    )
    score = model.score(df[features], df.y)
    assert score == pytest.approx(sk.score(data[features].astype(float), data.y), abs=1e-12)
    assert 0.6 < score < 1


def test_logistic_regression_on_model_hub_features(backend):
    """Per-user features aggregated in the database; the target: the user saw a SuccessEvent."""
    events = generate_events(1500, seed=8, n_users=60)
    write_events(backend, events)
    mh = ModelHub()
    df = mh.get_objectiv_dataframe(engine=backend)
    df["is_press"] = (df.event_type == "PressEvent").astype("int64")
    df["is_success"] = (df.event_type == "SuccessEvent").astype("int64")
    per_user = df.groupby("user_id").agg(
        {"session_id": "nunique", "is_press": "sum", "is_success": "sum"}
    )
    per_user = per_user.materialize(node_name="features")
    per_user["converted"] = per_user.is_success_sum > 0
    X = per_user[["session_id_nunique", "is_press_sum"]]
    model = LogisticRegression().fit(X, per_user.converted)

    # the same features in pandas
    ev = events.assign(event_type=events.value.map(lambda v: json.loads(v)["_type"]))
    frame = ModelHub().get_objectiv_dataframe(engine=backend)[["user_id", "session_id"]].to_pandas()
    sessions = frame.groupby("user_id").session_id.nunique()
    presses = ev.groupby(ev.cookie_id.astype(str)).event_type.agg(
        lambda t: int((t == "PressEvent").sum())
    )
    success = ev.groupby(ev.cookie_id.astype(str)).event_type.agg(
        lambda t: (t == "SuccessEvent").any()
    )
    sessions.index = sessions.index.astype(str)
    pdf = pd.DataFrame({"session_id_nunique": sessions, "is_press_sum": presses}).sort_index()
    target = success.reindex(pdf.index)
    assert 0 < target.sum() < len(target)
    sk = SkLogisticRegression().fit(pdf.astype(float), target)
    np.testing.assert_allclose(model.coef_, sk.coef_, rtol=1e-5, atol=1e-8)
    got = model.predict_proba(X).to_pandas()
    got.index = got.index.astype(str)
    np.testing.assert_allclose(
        got.reindex(pdf.index).to_numpy(), sk.predict_proba(pdf.astype(float))[:, 1], rtol=1e-8
    )
    assert model.score(X, per_user.converted) == pytest.approx(sk.score(pdf.astype(float), target))


def test_features_of_an_unmaterialized_groupby_agg(backend):
    """X and y straight from ``groupby().agg()`` (no materialize): fit, predict_proba,
    predict and score equal sklearn's on the same aggregated rows fetched to pandas."""
    rng = np.random.default_rng(11)
    n = 600
    rows = pd.DataFrame(
        {
            "user": rng.integers(0, 80, size=n),
            "clicks": rng.integers(0, 6, size=n),
            "seconds": rng.normal(30, 10, size=n),
            "bought": rng.random(size=n) < 0.25,
        }
    )
    df = bach.from_pandas(backend, rows)
    df["bought"] = df.bought.astype("int64")
    per_user = df.groupby("user").agg({"clicks": "sum", "seconds": "mean", "bought": "max"})
    X = per_user[["clicks_sum", "seconds_mean"]]
    y = per_user.bought_max > 0
    assert y.is_aggregated and not per_user.is_materialized

    model = LogisticRegression().fit(X, y)

    grouped = rows.groupby("user")
    pdf = pd.DataFrame(
        {"clicks_sum": grouped.clicks.sum(), "seconds_mean": grouped.seconds.mean()}
    ).astype(float)
    target = grouped.bought.max()
    assert 0 < target.sum() < len(target)
    sk = SkLogisticRegression().fit(pdf, target)
    np.testing.assert_allclose(model.coef_, sk.coef_, rtol=1e-6, atol=1e-9)

    proba = model.predict_proba(X).sort_index().to_pandas()
    np.testing.assert_allclose(proba.to_numpy(), sk.predict_proba(pdf)[:, 1], rtol=1e-9)
    labels = model.predict(X).sort_index().to_pandas()
    assert labels.tolist() == sk.predict(pdf).tolist()
    expected = sk.score(pdf, target)
    assert 0.5 < expected < 1
    assert model.score(X, y) == pytest.approx(expected, abs=1e-12)
    assert Metrics.accuracy_score(y, model.predict(X)) == pytest.approx(expected, abs=1e-12)


def test_extreme_decision_values_do_not_overflow(backend):
    """|z| far above 700: exp() would overflow (PostgreSQL raises on over- and underflow)."""
    data = pd.DataFrame({"x": [-3.0, -2.0, -1.0, 1.0, 2.0, 3.0], "y": [False] * 3 + [True] * 3})
    df = bach.from_pandas(backend, data)
    model = LogisticRegression(C=1e6, max_iter=1000).fit(df[["x"]], df.y)
    far = bach.from_pandas(backend, pd.DataFrame({"x": [-1e6, 1e6]}))
    assert model.predict_proba(far[["x"]]).sort_index().to_pandas().tolist() == pytest.approx(
        [0.0, 1.0], abs=1e-300
    )
    assert model.predict(far[["x"]]).sort_index().to_pandas().tolist() == [False, True]


def test_accuracy_score_by_hand(backend):
    data = pd.DataFrame(
        {"y": [True, False, True, True, None], "p": [True, True, True, False, True]}
    ).astype({"y": "boolean"})
    df = bach.from_pandas(backend, data)
    # the row with a missing y is left out: 2 right of 4
    assert Metrics.accuracy_score(df.y, df.p) == 0.5
    with pytest.raises(DtypeError, match="'bool' and y_pred 'int64'"):
        Metrics.accuracy_score(df.y, df.p.astype("int64"))


def test_errors_and_estimator_api():
    data = random_frame(4, 50)
    df = bach.from_pandas(None, data.assign(s=data.a.astype(str)))
    model = LogisticRegression()
    with pytest.raises(InvalidArgumentError, match="not fitted"):
        model.predict(df[["a"]])
    with pytest.raises(DtypeError, match="bool Series"):
        model.fit(df[["a"]], df.b)
    with pytest.raises(TypeError, match="'s': 'string'"):
        model.fit(df[["a", "s"]], df.y)
    model.fit(df[["a", "b"]], df.y)
    with pytest.raises(InvalidArgumentError, match=r"lacks the feature\(s\) \['b'\]"):
        model.predict_proba(df[["a"]])
    assert model.set_params(C=3.0) is model and model.get_params()["C"] == 3.0
    assert repr(model) == "LogisticRegression(C=3.0)"
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        model.nope  # noqa: B018


def test_missing_sklearn_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.linear_model", None)
    with pytest.raises(MissingDependencyError, match=r"pip install scikit-learn .*\[demo\]"):
        LogisticRegression()
