"""The model hub's Series types: the location stack (``.ls``) and global contexts (``.context``)."""

from objectiv_modelhub.series.objectiv import SeriesGlobalContext, SeriesLocationStack

__all__ = ["SeriesGlobalContext", "SeriesLocationStack"]
