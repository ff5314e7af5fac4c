"""A short Bach demo on embedded DuckDB: ``python -m objectiv_bach.demo``.

Builds a small frame, runs a filter / window / groupby / merge pipeline on in-memory DuckDB,
prints the result, and prints the same plan's SQL for DuckDB, PostgreSQL and BigQuery.
"""

from __future__ import annotations

import pandas as pd

import objectiv_bach as bach


def build() -> bach.DataFrame:
    """Build the demo pipeline on a small frame of Frisian cities (nothing runs yet).

    Returns
    -------
    DataFrame
        The cities of municipalities with more than one city, with their age, rank in the
        municipality by inhabitants and share of the municipality's inhabitants.

    Examples
    --------
    >>> from objectiv_bach.demo import build
    >>> result = build().to_pandas()
    >>> sorted(set(result.municipality))
    ['Súdwest-Fryslân']
    >>> float(result.share.sum())
    1.0
    """
    cities = pd.DataFrame(
        {
            "city": [
                "Ljouwert",
                "Snits",
                "Drylts",
                "Sleat",
                "Starum",
                "Hylpen",
                "Warkum",
                "Boalsert",
                "Harns",
                "Frjentsjer",
                "Dokkum",
            ],
            "municipality": [
                "Leeuwarden",
                "Súdwest-Fryslân",
                "Súdwest-Fryslân",
                "De Friese Meren",
                "Súdwest-Fryslân",
                "Súdwest-Fryslân",
                "Súdwest-Fryslân",
                "Súdwest-Fryslân",
                "Harlingen",
                "Waadhoeke",
                "Noardeast-Fryslân",
            ],
            "inhabitants": [93485, 33520, 3055, 700, 960, 870, 4440, 10120, 14740, 12760, 12675],
            "founding": [1285, 1456, 1268, 1426, 1061, 1225, 1399, 1455, 1234, 1374, 1298],
        }
    )
    df = bach.from_pandas(None, cities, name="cities")
    df["age"] = 2026 - df.founding
    sorted_df = df.sort_values(["municipality", "inhabitants"], ascending=[True, False])
    window = sorted_df.groupby("municipality").window()
    df["rank_in_municipality"] = sorted_df.inhabitants.window_row_number(window=window)
    totals = df.groupby("municipality").agg({"inhabitants": ["sum", "count"]})
    merged = df.merge(totals.reset_index(), on="municipality")
    merged["share"] = (merged.inhabitants / merged.inhabitants_sum).round(3)
    return merged[merged.inhabitants_count > 1].sort_values(
        ["municipality", "share"], ascending=[True, False]
    )


def main() -> None:
    """Print the demo's result on embedded DuckDB and its SQL for each dialect."""
    result = build()
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print("Result on embedded DuckDB:\n")
        print(result.to_pandas().reset_index(drop=True).to_string())
    for dialect in ("duckdb", "postgres", "bigquery"):
        print(f"\n-- SQL for {dialect} " + "-" * 60)
        print(result.view_sql(dialect=dialect))


if __name__ == "__main__":
    main()
