"""``objectiv-modelhub``: run the demo, or export a model's SQL for a dialect.

    objectiv-modelhub demo [--events N] [--out DIR]
    objectiv-modelhub export-sql MODEL --dialect bigquery [--table project.dataset.data]
    objectiv-modelhub models
"""

from __future__ import annotations

import argparse
import sys

from objectiv_bach.errors import InvalidArgumentError
from objectiv_modelhub.export import MODELS, model_sql, table_identifier


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="objectiv-modelhub", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="run the model hub demo on embedded DuckDB")
    demo.add_argument("--events", type=int, default=200_000)
    demo.add_argument("--seed", type=int, default=0)
    demo.add_argument("--days", type=int, default=30)
    demo.add_argument("--out", default="demo_output")
    export = sub.add_parser("export-sql", help="print a model's SQL for a dialect")
    export.add_argument("model", choices=MODELS)
    export.add_argument("--dialect", required=True, choices=("duckdb", "postgres", "bigquery"))
    export.add_argument("--table", default="data", help="the native events table (qualified)")
    export.add_argument("--time-aggregation", default="%Y-%m-%d")
    export.add_argument("--global-contexts", default="", help="comma-separated, e.g. application,http")
    export.add_argument("--session-gap-seconds", type=float, default=1800)
    sub.add_parser("models", help="list the exportable models")
    args = parser.parse_args(argv)
    if args.command == "demo":
        from objectiv_modelhub.demo import run

        run(n_events=args.events, seed=args.seed, out=args.out, days=args.days)
    elif args.command == "export-sql":
        contexts = [c for c in args.global_contexts.split(",") if c]
        try:
            table_identifier(args.table)
        except InvalidArgumentError as error:
            parser.error(f"--table: {error}")
        print(model_sql(args.model, args.dialect, table_name=args.table,
                        time_aggregation=args.time_aggregation, global_contexts=contexts,
                        session_gap_seconds=args.session_gap_seconds))
    else:
        print("\n".join(MODELS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
