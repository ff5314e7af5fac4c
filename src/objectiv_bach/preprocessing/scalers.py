"""scikit-learn-like scalers over :meth:`DataFrame.scale` and :meth:`DataFrame.minmax_scale`.

A scaler is fitted on a training DataFrame (its numeric data columns are the features) and
transforms that frame, or another frame with the same features, with the training frame's
statistics. Nothing runs until the result is read: another frame is scaled by a cross merge
with the one-row frame of the training statistics.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlglot import exp

from objectiv_bach.errors import DtypeError, InvalidArgumentTypeError, UnsupportedOperationError
from objectiv_bach.stats import NUMERIC, _check_range, minmax_scaled, standardized

if TYPE_CHECKING:
    from objectiv_bach.dataframe import DataFrame
    from objectiv_bach.series.base import Series

_Apply = Callable[["Series", exp.Expression, exp.Expression], "Series"]


class _BaseScaler:
    """Features, checks and the scaling of another frame with the training statistics."""

    #: the two statistics of each feature, as DataFrame.agg names
    _stats: tuple[str, str] = ("", "")

    def __init__(self, training_df: DataFrame) -> None:
        from objectiv_bach.dataframe import DataFrame

        if not isinstance(training_df, DataFrame):
            msg = (
                f"training_df={training_df!r} is not a Bach DataFrame; give one, e.g. "
                "bach.from_pandas(engine, pdf)."
            )
            raise InvalidArgumentTypeError(msg)
        if training_df.group_by is not None:
            msg = "fitting a scaler on a grouped DataFrame"
            raise UnsupportedOperationError(msg, None, "Fit it before groupby().")
        self.training_df = training_df
        #: the numeric data columns of the training frame, which are scaled
        self.feature_names: list[str] = [
            n for n, s in training_df.data.items() if s.dtype in NUMERIC
        ]

    @property
    def n_features(self) -> int:
        """The number of features (numeric data columns of the training frame)."""
        return len(self.feature_names)

    def _scale_other(self, testing_df: DataFrame, apply: _Apply) -> DataFrame:
        from objectiv_bach.dataframe import DataFrame

        if not isinstance(testing_df, DataFrame):
            msg = f"testing_df={testing_df!r} is not a Bach DataFrame; give one, or None."
            raise InvalidArgumentTypeError(msg)
        for name in self.feature_names:
            if name not in testing_df.data:
                raise testing_df._missing(name)
            if testing_df.data[name].dtype not in NUMERIC:
                msg = (
                    f"testing_df column {name!r} has dtype {testing_df.data[name].dtype!r}; the "
                    "scaler was fitted on it as a number. Cast it first: .astype('float64')."
                )
                raise DtypeError(msg)
        if not self.feature_names:  # nothing to scale (and no statistics to compute)
            return testing_df.copy()
        first, second = self._stats
        stats = self.training_df[self.feature_names].agg([first, second])
        taken = set(testing_df.all_series)
        names: dict[str, tuple[str, str]] = {}
        renames: dict[str, str] = {}
        for i, feature in enumerate(self.feature_names):
            pair = []
            for stat in (first, second):
                new = f"__scaler_{i}_{stat}"
                while new in taken:
                    new = f"_{new}"
                renames[f"{feature}_{stat}"] = new
                pair.append(new)
            names[feature] = (pair[0], pair[1])
        stats = stats.rename(columns=renames)
        merged = testing_df.merge(stats, how="cross")
        for feature, (a, b) in names.items():
            merged[feature] = apply(merged[feature], merged[a].expression, merged[b].expression)
        return merged[list(testing_df.data_columns)]


class StandardScaler(_BaseScaler):
    """Standardizes numeric columns with a training frame's mean and standard deviation.

    ``(x - mean) / std`` with the population standard deviation, as scikit-learn's
    ``StandardScaler``.

    Parameters
    ----------
    training_df : DataFrame
        The frame to fit on; its int64 and float64 data columns are the features.
    with_mean : bool, default True
        Subtract the mean.
    with_std : bool, default True
        Divide by the standard deviation (a constant feature is divided by 1).

    >>> import pandas as pd, objectiv_bach as bach
    >>> from objectiv_bach.preprocessing.scalers import StandardScaler
    >>> train = bach.from_pandas(None, pd.DataFrame({'x': [1, 3, 5], 's': ['a', 'b', 'c']}))
    >>> scaler = StandardScaler(train)
    >>> scaler.feature_names, scaler.n_features
    (['x'], 1)
    >>> scaler.transform().sort_index().to_pandas().round(4).to_dict('list')
    {'x': [-1.2247, 0.0, 1.2247], 's': ['a', 'b', 'c']}
    >>> test = bach.from_pandas(None, pd.DataFrame({'x': [3, 7], 's': ['d', 'e']}))
    >>> scaler.transform(test).sort_index().to_pandas().round(4).to_dict('list')
    {'x': [0.0, 2.4495], 's': ['d', 'e']}
    """

    _stats = ("mean", "std_pop")

    def __init__(
        self, training_df: DataFrame, with_mean: bool = True, with_std: bool = True
    ) -> None:
        super().__init__(training_df)
        self.with_mean = with_mean
        self.with_std = with_std

    def transform(self, testing_df: DataFrame | None = None) -> DataFrame:
        """Standardize the features of ``testing_df`` with the training frame's statistics.

        Other columns are unchanged.

        Parameters
        ----------
        testing_df : DataFrame, optional
            A frame with the same feature columns; default the training frame.

        Returns
        -------
        DataFrame
            The frame with its feature columns as float64.

        >>> import pandas as pd, objectiv_bach as bach
        >>> from objectiv_bach.preprocessing.scalers import StandardScaler
        >>> train = bach.from_pandas(None, pd.DataFrame({'x': [1.0, 3.0]}))
        >>> test = bach.from_pandas(None, pd.DataFrame({'x': [5.0]}))
        >>> StandardScaler(train, with_mean=False).transform(test).to_pandas().x.tolist()
        [5.0]
        """
        if testing_df is None:
            return self.training_df.scale(with_mean=self.with_mean, with_std=self.with_std)
        return self._scale_other(
            testing_df,
            lambda s, mean, std: standardized(
                s, mean, std, with_mean=self.with_mean, with_std=self.with_std
            ),
        )


class MinMaxScaler(_BaseScaler):
    """Scales numeric columns from a training frame's ``[min, max]`` to ``feature_range``.

    Linearly, as scikit-learn's ``MinMaxScaler``.

    Parameters
    ----------
    training_df : DataFrame
        The frame to fit on; its int64 and float64 data columns are the features.
    feature_range : tuple of float, default (0, 1)
        ``(min, max)`` of the result, with min < max.

    >>> import pandas as pd, objectiv_bach as bach
    >>> from objectiv_bach.preprocessing.scalers import MinMaxScaler
    >>> train = bach.from_pandas(None, pd.DataFrame({'x': [1, 3, 5]}))
    >>> scaler = MinMaxScaler(train, feature_range=(-1, 1))
    >>> scaler.transform().sort_index().to_pandas().x.tolist()
    [-1.0, 0.0, 1.0]
    >>> test = bach.from_pandas(None, pd.DataFrame({'x': [0, 9]}))
    >>> scaler.transform(test).sort_index().to_pandas().x.tolist()
    [-1.5, 3.0]
    """

    _stats = ("min", "max")

    def __init__(self, training_df: DataFrame, feature_range: tuple[float, float] = (0, 1)) -> None:
        super().__init__(training_df)
        _check_range(feature_range)
        self.feature_range = feature_range

    def transform(self, testing_df: DataFrame | None = None) -> DataFrame:
        """Scale the features of ``testing_df`` with the training frame's minimum and maximum.

        Other columns are unchanged.

        Parameters
        ----------
        testing_df : DataFrame, optional
            A frame with the same feature columns; default the training frame.

        Returns
        -------
        DataFrame
            The frame with its feature columns as float64 (values outside the training range
            fall outside ``feature_range``).

        >>> import pandas as pd, objectiv_bach as bach
        >>> from objectiv_bach.preprocessing.scalers import MinMaxScaler
        >>> train = bach.from_pandas(None, pd.DataFrame({'x': [0.0, 10.0]}))
        >>> test = bach.from_pandas(None, pd.DataFrame({'x': [5.0]}))
        >>> MinMaxScaler(train).transform(test).to_pandas().x.tolist()
        [0.5]
        """
        if testing_df is None:
            return self.training_df.minmax_scale(feature_range=self.feature_range)
        return self._scale_other(
            testing_df,
            lambda s, low, high: minmax_scaled(s, low, high, self.feature_range),
        )
