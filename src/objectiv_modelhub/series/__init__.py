from objectiv_modelhub.series.objectiv import SeriesGlobalContext, SeriesLocationStack

__all__ = ["SeriesGlobalContext", "SeriesLocationStack"]
