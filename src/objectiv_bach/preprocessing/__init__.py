"""Preprocessing of Bach DataFrames (the original's ``bach.preprocessing``)."""

from objectiv_bach.preprocessing.scalers import MinMaxScaler, StandardScaler

__all__ = ["MinMaxScaler", "StandardScaler"]
