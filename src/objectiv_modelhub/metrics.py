"""Model metrics computed in the database (``objectiv_modelhub.Metrics``)."""

from __future__ import annotations

from objectiv_bach import DtypeError, InvalidArgumentError, Series

__all__ = ["Metrics"]


class Metrics:
    """Metrics of predictions, computed in SQL (one aggregate query each)."""

    @staticmethod
    def accuracy_score(y: Series, y_pred: Series) -> float:
        """The share of rows where ``y_pred`` equals ``y``.

        Computed in the database: the mean of ``y == y_pred`` over the rows where both are
        present (as the original, whose ``value_counts`` left out missing values). The labels
        may be Series of a ``groupby().agg()`` result that is not materialized: the grouped step
        is then materialized first (one more CTE), as averaging aggregates needs.

        Parameters
        ----------
        y : Series
            The true labels.
        y_pred : Series
            The predicted labels, a Series of the same frame (e.g.
            ``LogisticRegression.predict(X)``) and of the same dtype as ``y``.

        Returns
        -------
        float
            Between 0 and 1; NaN when no row has both values.

        Raises
        ------
        InvalidArgumentError
            When an argument is not a Series.
        DtypeError
            When the dtypes differ.

        Examples
        --------
        >>> import pandas as pd, objectiv_bach as bach
        >>> df = bach.from_pandas(None, pd.DataFrame({'y': [True, False, True, True],
        ...                                            'p': [True, True, True, False]}))
        >>> Metrics.accuracy_score(df.y, df.p)
        0.5
        """
        for what, series in (("y", y), ("y_pred", y_pred)):
            if not isinstance(series, Series):
                msg = (
                    f"accuracy_score({what}=...) takes a Bach Series, got {type(series).__name__}."
                )
                raise InvalidArgumentError(msg)
        if y.dtype != y_pred.dtype:
            msg = (
                f"accuracy_score: y has dtype {y.dtype!r} and y_pred {y_pred.dtype!r}; compare "
                "labels of one dtype (cast one with .astype(...))."
            )
            raise DtypeError(msg)
        frame = y.rename("__y").to_frame()
        frame["__y_pred"] = y_pred
        if frame["__y"].is_aggregated or frame["__y_pred"].is_aggregated:
            # labels of a groupby().agg() result: averaging them aggregates an aggregate, so
            # the grouped step becomes a node of its own first
            frame = frame.materialize(node_name="accuracy_labels")
        correct = (frame["__y"] == frame["__y_pred"]).astype("int64").astype("float64")
        value = correct.mean().value
        return float("nan") if value is None else float(value)
