"""Series classes, one module per dtype family."""

from objectiv_bach.series.base import Series
from objectiv_bach.series.boolean import SeriesBoolean
from objectiv_bach.series.datetime import SeriesDate, SeriesTime, SeriesTimedelta, SeriesTimestamp
from objectiv_bach.series.json import SeriesJson
from objectiv_bach.series.multilevel import SeriesAbstractMultiLevel, SeriesNumericInterval
from objectiv_bach.series.numeric import SeriesAbstractNumeric, SeriesFloat64, SeriesInt64
from objectiv_bach.series.string import SeriesString
from objectiv_bach.series.structured import SeriesDict, SeriesList
from objectiv_bach.series.uuid import SeriesUuid

__all__ = [
    "Series",
    "SeriesAbstractMultiLevel",
    "SeriesAbstractNumeric",
    "SeriesBoolean",
    "SeriesDate",
    "SeriesDict",
    "SeriesFloat64",
    "SeriesInt64",
    "SeriesList",
    "SeriesNumericInterval",
    "SeriesJson",
    "SeriesString",
    "SeriesTime",
    "SeriesTimedelta",
    "SeriesTimestamp",
    "SeriesUuid",
]
