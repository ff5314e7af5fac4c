"""``objectiv-modelhub``: run the demo, list the models, export their SQL or a dbt project.

Examples::

    objectiv-modelhub demo --events 50000 --out demo_output
    objectiv-modelhub models
    objectiv-modelhub export-sql unique_users --dialect bigquery --table my-project.analytics.data
    objectiv-modelhub export-sql all --dialect postgres --out sql/
    objectiv-modelhub export-dbt --dialect duckdb --out objectiv_dbt

A bad value ends with one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from objectiv_bach.errors import BachError, BackendError, InvalidArgumentError

PROG = "objectiv-modelhub"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line: ``objectiv-modelhub demo: error: ...``."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


# ---------------------------------------------------------------------------------- value types
def _int_at_least(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text.replace("_", ""))
        except ValueError:
            msg = f"{text!r} is not a whole number"
            raise argparse.ArgumentTypeError(msg) from None
        if value < minimum:
            msg = f"{value} is too small: give a whole number >= {minimum}"
            raise argparse.ArgumentTypeError(msg)
        return value

    parse.__name__ = f"whole number >= {minimum}"
    return parse


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        msg = f"{text!r} is not a number of seconds"
        raise argparse.ArgumentTypeError(msg) from None
    if not value > 0:
        msg = f"{text} is not valid: give a number of seconds > 0"
        raise argparse.ArgumentTypeError(msg)
    return value


def _dialect(text: str) -> str:
    """A dialect name as the Python API accepts it; returns the canonical name."""
    from objectiv_bach.dialects import get_dialect

    try:
        return str(get_dialect(text).BACH_NAME)
    except BachError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def dialect_names() -> list[str]:
    """The canonical names of the registered dialects (for help texts)."""
    from objectiv_bach.dialects import dialect_names as registered

    return sorted(registered())


def _model(text: str) -> str:
    from objectiv_modelhub.export import MODELS

    if text == "all" or text in MODELS:
        return text
    msg = f"unknown model {text!r}; choose 'all' or one of: {', '.join(MODELS)}"
    raise argparse.ArgumentTypeError(msg)


def _contexts(text: str) -> list[str]:
    names = [c.strip() for c in text.split(",") if c.strip()]
    bad = [n for n in names if not n.replace("_", "").isalnum()]
    if bad:
        msg = f"global context names are snake_case words, got {bad!r}"
        raise argparse.ArgumentTypeError(msg)
    return names


def _location(text: str) -> dict[str, str] | None:
    """``LinkContext:sign-up`` -> ``{'_type': 'LinkContext', 'id': 'sign-up'}``; '' -> None."""
    if not text:
        return None
    if text.startswith("{"):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as e:
            msg = f"{text!r} is not valid JSON ({e.msg})"
            raise argparse.ArgumentTypeError(msg) from None
        if not isinstance(value, dict):
            msg = f'{text!r} must be a JSON object like {{"_type": "LinkContext"}}'
            raise argparse.ArgumentTypeError(msg)
        return {str(k): str(v) for k, v in value.items()}
    context_type, sep, context_id = text.partition(":")
    if not context_type or (sep and not context_id):
        msg = f"{text!r} is not TYPE or TYPE:ID (e.g. LinkContext:sign-up)"
        raise argparse.ArgumentTypeError(msg)
    return {"_type": context_type, "id": context_id} if sep else {"_type": context_type}


# ---------------------------------------------------------------------------------- the parser
def _model_options(parser: argparse.ArgumentParser) -> None:
    from objectiv_modelhub.export import DEFAULT_CONVERSION, TABLE_FORMATS

    match: dict[str, str] = dict(DEFAULT_CONVERSION["match"])
    event_type = str(DEFAULT_CONVERSION["event_type"])
    group = parser.add_argument_group("model parameters")
    group.add_argument(
        "--time-aggregation",
        default="%Y-%m-%d",
        metavar="FORMAT",
        help="strftime format of the time periods the aggregation models group "
        "by (default: %(default)s; e.g. '%%Y-%%m' for months)",
    )
    group.add_argument(
        "--global-contexts",
        type=_contexts,
        default=[],
        metavar="NAMES",
        help="comma-separated global contexts to extract as columns "
        "(default: none; e.g. application,marketing)",
    )
    group.add_argument(
        "--session-gap-seconds",
        type=_positive_seconds,
        default=1800.0,
        metavar="SECONDS",
        help="inactivity that starts a new session (default: %(default)g)",
    )
    group.add_argument(
        "--conversion-event-type",
        default=event_type,
        metavar="TYPE",
        help="event type of the conversion event of the conversion models "
        "(default: %(default)s; '' for any type)",
    )
    group.add_argument(
        "--conversion-location",
        type=_location,
        default=match,
        metavar="TYPE:ID",
        help="the conversion event's location: a context TYPE:ID in its "
        f"location stack (default: {match['_type']}:{match['id']}; "
        "'' for anywhere; or a JSON object of context fields)",
    )
    group.add_argument(
        "--table",
        default="data",
        metavar="TABLE",
        help="the Objectiv events table, optionally qualified "
        "(default: %(default)s; e.g. my-project.analytics.data)",
    )
    group.add_argument(
        "--table-format",
        default="native",
        choices=list(TABLE_FORMATS),
        metavar="FORMAT",
        help="the events table's format: native (Objectiv's table), snowplow (Snowplow's "
        "BigQuery format) or snowplow_int64 (the same, true_tstamp as INT64 epoch "
        "milliseconds); the table's columns are those of the format, no database is asked "
        "(default: %(default)s)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The ``objectiv-modelhub`` argument parser (one sub-parser per command)."""
    from objectiv_modelhub.export import MODEL_DESCRIPTIONS, MODELS

    dialects = ", ".join(dialect_names())
    examples = "\n".join(line for line in __doc__.splitlines() if line.startswith("    "))
    parser = _Parser(
        prog=PROG,
        description="The Objectiv open model hub on Bach: run the demo, list the "
        "models, export their SQL or a dbt project.",
        epilog=f"examples:\n{examples}\n\nRun 'objectiv-modelhub COMMAND --help' "
        "for a command's options and defaults.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    demo = sub.add_parser(
        "demo",
        help="generate events into DuckDB, run the models, export SQL, draw a chart",
        description="Generate realistic Objectiv events into an embedded DuckDB database, run "
        "the pipeline and the models on it, print the results, write every "
        "model's SQL per dialect and draw a chart.",
        epilog="example: objectiv-modelhub demo --events 50000 --days 14 --out demo_output",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo.add_argument(
        "--events",
        type=_int_at_least(1),
        default=200_000,
        metavar="N",
        help="number of events to generate (default: %(default)s)",
    )
    demo.add_argument(
        "--seed",
        type=_int_at_least(0),
        default=0,
        metavar="N",
        help="random seed; the same seed gives the same events (default: %(default)s)",
    )
    demo.add_argument(
        "--days",
        type=_int_at_least(1),
        default=30,
        metavar="N",
        help="days the events span (default: %(default)s)",
    )
    demo.add_argument(
        "--out",
        default="demo_output",
        metavar="DIR",
        help="output folder for the database, SQL and chart (default: %(default)s)",
    )

    listing = "\n".join(f"  {m:<27} {MODEL_DESCRIPTIONS.get(m, '')}" for m in MODELS)
    sub.add_parser(
        "models",
        help="list the models that can be exported",
        description="List the models that can be exported.",
        epilog="example: objectiv-modelhub models",
    )

    export = sub.add_parser(
        "export-sql",
        help="write a model's SQL for a dialect (no database needed)",
        description="Write the SQL of a model (or of all models) for a dialect, headed by a "
        "comment with the model, dialect, source table and parameters.\n\n"
        f"models:\n{listing}",
        epilog="examples:\n"
        "  objectiv-modelhub export-sql unique_users --dialect bigquery "
        "--table my-project.analytics.data\n"
        "  objectiv-modelhub export-sql all --dialect postgres --out sql/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument(
        "model", type=_model, metavar="MODEL", help="a model name (see above) or 'all'"
    )
    export.add_argument(
        "--dialect",
        required=True,
        type=_dialect,
        metavar="DIALECT",
        help=f"the SQL dialect: {dialects} (the Python API's spellings, e.g. "
        "postgresql, also work); required",
    )
    export.add_argument(
        "--out",
        default=None,
        metavar="DIR",
        help="write DIR/<model>.sql instead of printing (default: print; "
        "'all' prints the models one after another)",
    )
    _model_options(export)

    dbt = sub.add_parser(
        "export-dbt",
        help="write a dbt project with one model per model hub model",
        description="Write a ready dbt project: dbt_project.yml, profiles.yml (a 'dev' target "
        "configured by environment variables), models/sources.yml (a source for "
        "the events table) and one view model per model hub model.",
        epilog="example:\n  objectiv-modelhub export-dbt --dialect duckdb --out objectiv_dbt\n"
        "  cd objectiv_dbt && OBJECTIV_DUCKDB_PATH=events.duckdb dbt run "
        "--profiles-dir .",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    dbt.add_argument(
        "--dialect",
        default="duckdb",
        type=_dialect,
        metavar="DIALECT",
        help=f"the warehouse: {dialects} (default: %(default)s)",
    )
    dbt.add_argument("--out", required=True, metavar="DIR", help="the project folder; required")
    dbt.add_argument(
        "--project-name",
        default="objectiv_modelhub",
        metavar="NAME",
        help="dbt project and profile name (default: %(default)s)",
    )
    dbt.add_argument(
        "--models",
        type=lambda t: [_model(m) for m in t.split(",") if m],
        default=None,
        metavar="NAMES",
        help="comma-separated models to include (default: all)",
    )
    _model_options(dbt)
    return parser


def _model_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    conversion: dict[str, Any] = {
        "event_type": args.conversion_event_type or None,
        "match": args.conversion_location,
    }
    return {
        "table_name": args.table,
        "time_aggregation": args.time_aggregation,
        "global_contexts": args.global_contexts,
        "session_gap_seconds": args.session_gap_seconds,
        "conversion": conversion,
        "table_format": args.table_format,
    }


def _run(args: argparse.Namespace) -> None:
    from objectiv_modelhub import export

    if args.command == "demo":
        from objectiv_modelhub.demo import run

        run(n_events=args.events, seed=args.seed, out=args.out, days=args.days)
    elif args.command == "models":
        width = max(len(m) for m in export.MODELS)
        for model in export.MODELS:
            print(f"{model:<{width}}  {export.MODEL_DESCRIPTIONS.get(model, '')}")
    elif args.command == "export-sql":
        kwargs = _model_kwargs(args)
        if args.conversion_event_type == "" and args.conversion_location is None:
            msg = (
                "--conversion-event-type and --conversion-location are both empty; give at "
                "least one"
            )
            raise InvalidArgumentError(msg)
        models = list(export.MODELS) if args.model == "all" else [args.model]
        if args.out:
            for path in export.write_model_files(args.out, models, args.dialect, **kwargs):
                print(path)
        else:
            print(
                "\n".join(export.model_sql_file(m, args.dialect, **kwargs) for m in models), end=""
            )
    elif args.command == "export-dbt":
        kwargs = _model_kwargs(args)
        paths = export.export_dbt(
            args.out, args.dialect, project_name=args.project_name, models=args.models, **kwargs
        )
        print(f"dbt project with {len(paths) - 3} models written to {args.out}")


def main(argv: list[str] | None = None) -> int:
    """Run ``objectiv-modelhub`` with ``argv`` (default: the command line); the exit status.

    0 on success; 2 for a bad argument or value (one line on stderr, no traceback); 1 when the
    database fails.

    Examples
    --------
    >>> from objectiv_modelhub.cli import main
    >>> main(['models'])  # doctest: +ELLIPSIS
    objectiv_dataframe                      the events with their contexts and sessions (the pipeline itself)
    unique_users                            unique users per time period
    ...
    0
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _run(args)
    except (BachError, ValueError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        status = 1 if isinstance(e, BackendError) else 2  # the database, or a bad value
        print(f"{PROG} {args.command}: error: {first}", file=sys.stderr)
        return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
