"""Logistic regression on Bach frames: fitted by scikit-learn, applied in SQL.

:class:`LogisticRegression` (``ModelHub.get_logistic_regression()``) as in the original model
hub: ``fit`` pulls the feature matrix (and the target) with one query and fits
``sklearn.linear_model.LogisticRegression``; ``predict_proba``, ``predict`` and ``score`` run in
the database on any engine: the fitted linear function and the logistic function are a Bach
expression over the feature columns. ``X`` (and ``y``) may be any frame of numeric or bool
columns, also a ``groupby().agg()`` result that is not materialized (per-user features, say).
scikit-learn is an optional dependency, imported when a model is made.
"""

from __future__ import annotations

from typing import Any

from objectiv_bach import DataFrame, DtypeError, InvalidArgumentError, Series
from objectiv_modelhub.metrics import Metrics
from objectiv_modelhub.optional import require

__all__ = ["LogisticRegression"]

#: feature dtypes the linear function takes (bool counts as 0/1, as in sklearn)
FEATURE_DTYPES = ("int64", "float64", "bool")
#: |z| above which exp() would overflow (PostgreSQL raises on overflow and underflow)
_Z_LIMIT = 700.0

_PARAMETERS = {
    "C",
    "class_weight",
    "dual",
    "fit_intercept",
    "intercept_scaling",
    "l1_ratio",
    "max_iter",
    "multi_class",
    "n_jobs",
    "penalty",
    "random_state",
    "solver",
    "tol",
    "verbose",
    "warm_start",
}
_FITTED = {"classes_", "coef_", "intercept_", "n_features_in_", "feature_names_in_", "n_iter_"}


class LogisticRegression:
    """A binary logistic regression on Bach frames (sklearn's estimator API).

    Parameters
    ----------
    *args, **kwargs
        Passed to ``sklearn.linear_model.LogisticRegression`` (``C``, ``penalty``,
        ``max_iter``, ...). Its parameters and, after :meth:`fit`, its fitted attributes
        (``coef_``, ``intercept_``, ``classes_`` ...) read as attributes of this object.

    Raises
    ------
    MissingDependencyError
        When scikit-learn is not installed (``pip install 'objectiv-bach[demo]'``).

    Examples
    --------
    >>> import pandas as pd, objectiv_bach as bach
    >>> from objectiv_modelhub import ModelHub
    >>> df = bach.from_pandas(None, pd.DataFrame({
    ...     'clicks': [0, 1, 2, 3, 4, 5, 6, 7], 'pages': [1, 0, 2, 1, 3, 2, 4, 3],
    ...     'converted': [False, False, False, True, False, True, True, True]}))
    >>> model = ModelHub().get_logistic_regression(C=1.0)
    >>> model.fit(df[['clicks', 'pages']], df.converted)
    LogisticRegression()
    >>> df['p'] = model.predict_proba(df[['clicks', 'pages']])
    >>> df.p.sort_index().to_pandas().round(2).tolist()
    [0.04, 0.15, 0.18, 0.47, 0.53, 0.82, 0.85, 0.96]
    >>> model.score(df[['clicks', 'pages']], df.converted)
    0.75
    """

    def __init__(self, *args: Any, **kwargs: Any):
        linear_model = require("sklearn.linear_model", "LogisticRegression")
        self._model = linear_model.LogisticRegression(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        if name in _PARAMETERS or name in _FITTED:
            return getattr(self._model, name)
        msg = f"{type(self).__name__!r} object has no attribute {name!r}"
        raise AttributeError(msg)

    def __repr__(self) -> str:
        return repr(self._model)

    @property
    def estimator(self) -> Any:
        """The underlying ``sklearn.linear_model.LogisticRegression``."""
        return self._model

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The estimator's parameters (sklearn's ``get_params``).

        Examples
        --------
        >>> LogisticRegression(C=2.0).get_params()['C']
        2.0
        """
        return self._model.get_params(deep=deep)

    def set_params(self, **params: Any) -> LogisticRegression:
        """Set parameters (sklearn's ``set_params``); returns this model.

        Examples
        --------
        >>> LogisticRegression().set_params(max_iter=50).max_iter
        50
        """
        self._model.set_params(**params)
        return self

    def fit(self, X: DataFrame, y: Series, sample_weight: Any = None) -> LogisticRegression:
        """Fit on the feature matrix ``X`` and the bool target ``y``.

        Runs one query that returns ``X``'s columns and ``y`` (the features are whatever
        ``X``'s columns compute in the database), ordered by the index, then fits sklearn's
        model on them.

        Parameters
        ----------
        X : DataFrame
            The features: int64, float64 or bool columns (also of an unmaterialized
            ``groupby().agg()`` result).
        y : Series
            The target, a bool Series of the same frame (or one aligned on the index).
        sample_weight : array-like, optional
            Passed to sklearn's ``fit``, in the order of ``X``'s index.

        Returns
        -------
        LogisticRegression
            This model, fitted.

        Raises
        ------
        DtypeError
            When ``y`` is not bool or a feature is not numeric or bool (a ``TypeError``).

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [0, 1, 2, 3],
        ...                                            'y': [False, False, True, True]}))
        >>> model = LogisticRegression().fit(df[['x']], df.y)
        >>> model.coef_.shape, list(model.feature_names_in_)
        ((1, 1), ['x'])
        """
        if not isinstance(y, Series) or y.dtype != "bool":
            what = y.dtype if isinstance(y, Series) else type(y).__name__
            msg = f"fit(y=...) takes a bool Series, got {what!r}; e.g. y = df.converted > 0."
            raise DtypeError(msg)
        features = _features(X)
        frame = X[features].copy()
        target = "__target" if "__target" not in features else "__target_y"
        frame[target] = y
        pulled = frame.sort_index().to_pandas() if frame.index_columns else frame.to_pandas()
        matrix = pulled[features].astype("float64")
        labels = pulled[target].astype(bool)
        self._model.fit(matrix, labels, sample_weight=sample_weight)
        return self

    def decision_function(self, X: DataFrame) -> Series:
        """The linear function ``intercept + sum(coef_i * x_i)``, in SQL.

        Parameters
        ----------
        X : DataFrame
            A frame with the columns the model was fitted on (by name).

        Returns
        -------
        Series
            A float64 Series named ``decision_function``, indexed like ``X``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [0, 1, 2, 3],
        ...                                            'y': [False, False, True, True]}))
        >>> model = LogisticRegression().fit(df[['x']], df.y)
        >>> z = model.decision_function(df[['x']]).sort_index().to_pandas()
        >>> [round(v, 6) for v in z] == [round(v, 6) for v in model.estimator.decision_function(
        ...     pd.DataFrame({'x': [0.0, 1.0, 2.0, 3.0]}))]
        True
        """
        names = self._fitted_features()
        missing = [n for n in names if n not in X.all_series]
        if missing:
            msg = (
                f"X lacks the feature(s) {missing} the model was fitted on; it has {X.columns}. "
                "Pass a frame with the same feature columns."
            )
            raise InvalidArgumentError(msg)
        _features(X[names])
        (intercept,) = [float(v) for v in self._model.intercept_]
        z: Series | None = None
        for name, coefficient in zip(names, self._model.coef_[0], strict=True):
            column = X.all_series[name]
            if column.dtype == "bool":  # True is 1, as in sklearn
                column = column.astype("int64")
            term = column.astype("float64") * float(coefficient)
            z = term if z is None else z + term
        assert z is not None
        return (z + intercept).rename("decision_function")

    def predict_proba(self, X: DataFrame) -> Series:
        """The probability of the True label, computed in SQL.

        ``1 / (1 + exp(-z))`` of the linear function ``z`` (clipped to [-700, 700], where
        the logistic is 0 or 1 to double precision, so no engine overflows).

        Parameters
        ----------
        X : DataFrame
            A frame with the columns the model was fitted on.

        Returns
        -------
        Series
            A float64 Series named ``probability``, indexed like ``X``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [0, 1, 2, 3],
        ...                                            'y': [False, False, True, True]}))
        >>> model = LogisticRegression().fit(df[['x']], df.y)
        >>> p = model.predict_proba(df[['x']]).sort_index().to_pandas()
        >>> [round(v, 6) for v in p] == [round(v, 6) for v in model.estimator.predict_proba(
        ...     pd.DataFrame({'x': [0.0, 1.0, 2.0, 3.0]}))[:, 1]]
        True
        """
        z = self.decision_function(X)
        z = z.where(z < _Z_LIMIT, _Z_LIMIT)
        z = z.where(z > -_Z_LIMIT, -_Z_LIMIT)
        return (1.0 / ((-z).exp() + 1.0)).rename("probability")

    def predict(self, X: DataFrame) -> Series:
        """The predicted label, computed in SQL: True where the probability is above 0.5.

        As sklearn: where the linear function is above 0.

        Parameters
        ----------
        X : DataFrame
            A frame with the columns the model was fitted on.

        Returns
        -------
        Series
            A bool Series named ``labels``, indexed like ``X``.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [0, 1, 2, 3],
        ...                                            'y': [False, False, True, True]}))
        >>> model = LogisticRegression().fit(df[['x']], df.y)
        >>> model.predict(df[['x']]).sort_index().to_pandas().tolist()
        [False, False, True, True]
        """
        return (self.decision_function(X) > 0).rename("labels")

    def score(self, X: DataFrame, y: Series) -> float:
        """The accuracy of :meth:`predict` on ``X`` against ``y``, computed in SQL.

        Parameters
        ----------
        X : DataFrame
            A frame with the columns the model was fitted on.
        y : Series
            The true labels (bool), of the same frame.

        Returns
        -------
        float
            The share of rows predicted right (see :meth:`Metrics.accuracy_score`). ``X`` and
            ``y`` may come from a ``groupby().agg()`` that is not materialized: the share is
            then averaged over the materialized groups.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'x': [0, 1, 2, 3],
        ...                                            'y': [False, True, False, True]}))
        >>> LogisticRegression().fit(df[['x']], df.y).score(df[['x']], df.y)
        0.5
        """
        return Metrics.accuracy_score(y, self.predict(X))

    def _fitted_features(self) -> list[str]:
        names = getattr(self._model, "feature_names_in_", None)
        if names is None:
            msg = "This LogisticRegression is not fitted yet: call fit(X, y) first."
            raise InvalidArgumentError(msg)
        if len(self._model.classes_) != 2:
            msg = f"Only a binary model applies in SQL; classes: {list(self._model.classes_)}."
            raise InvalidArgumentError(msg)
        return [str(n) for n in names]


def _features(X: Any) -> list[str]:
    if not isinstance(X, DataFrame):
        msg = f"X must be a Bach DataFrame of features, got {type(X).__name__}."
        raise InvalidArgumentError(msg)
    bad = {n: d for n, d in X.dtypes.items() if d not in FEATURE_DTYPES}
    if bad:
        msg = (
            f"Features must be {list(FEATURE_DTYPES)}; {bad} are not. Compute numeric "
            "features first (e.g. df.x.astype('int64'), or get_dummies)."
        )
        raise DtypeError(msg)
    if not X.data_columns:
        msg = "X has no feature columns."
        raise InvalidArgumentError(msg)
    return list(X.data_columns)
