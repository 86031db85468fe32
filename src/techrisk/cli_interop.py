"""CLI commands for your own data: ``screen`` (supplier lists) and ``export`` (tables, FtM),
and the ``--data PATH`` option every command that reads the registry shares."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from techrisk.asof import parse_as_of


def add_data_option(parser: argparse.ArgumentParser) -> None:
    """``--data PATH`` (repeatable): your own record files or folders, loaded on top of the bundled ones."""
    parser.add_argument("--data", action="append", default=[], metavar="PATH",
                        help="your own records (YAML, JSON, CSV, Excel, Parquet file or folder); repeatable")


def data_paths(args: argparse.Namespace, positional: list[str] | None = None) -> list[str]:
    """Every user data path of a command: ``--data`` values, then positional paths."""
    return [*getattr(args, "data", []), *(positional or [])]


def split_countries_and_paths(items: list[str]) -> tuple[list[str], list[str]]:
    """``techrisk brief RS mydir/``: arguments that are existing files or folders are data,
    the rest are countries."""
    countries: list[str] = []
    paths: list[str] = []
    for item in items:
        (paths if Path(item).exists() else countries).append(item)
    return countries, paths


def _load(args: argparse.Namespace):
    from techrisk.data.load import load

    return load(*data_paths(args))


def _cmd_screen(args: argparse.Namespace) -> int:
    from techrisk.data.licence import DATA_LICENCE
    from techrisk.data.screening import COLUMNS, index_for, screen_rows
    from techrisk.data.tables import read_names

    registry = _load(args)
    index = index_for(registry)
    day = parse_as_of(args.as_of)
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
    total = matched = 0
    try:
        import pandas as pd

        header = True
        # One batch at a time: memory stays flat in the size of the input file.
        for names, context in read_names(args.file, args.column, ocds=args.ocds):
            frame = pd.DataFrame(list(screen_rows(index, names, day)), columns=list(COLUMNS))
            if context is not None:
                frame = pd.concat([context.reset_index(drop=True), frame], axis=1)
            if args.matches_only:
                frame = frame[frame["vendor_id"].notna()]
            frame.to_csv(out, index=False, header=header)
            header = False
            total += len(names)
            matched += int(frame["vendor_id"].notna().sum())
    finally:
        if args.output:
            out.close()
    if args.output:
        licence = Path(args.output).with_name(Path(args.output).name + ".LICENSE.txt")
        licence.write_text(DATA_LICENCE + "\n", encoding="utf-8")
        print(f"screened {total} names on {day.isoformat()}: {matched} of {total} matched a vendor; "
              f"wrote {args.output}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from techrisk.data.export import TABLES, write_export

    registry = _load(args)
    default = {"csv": "techrisk-export", "parquet": "techrisk-export", "xlsx": "techrisk.xlsx",
               "jsonl": "techrisk.jsonl", "ftm": "techrisk.ftm.json"}[args.format]
    tables = tuple(args.table) if args.table else TABLES
    written = write_export(registry, args.format, args.output or default, tables=tables)
    print(f"wrote {', '.join(str(p) for p in written)}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``screen`` and ``export``."""
    p = sub.add_parser("screen", help="screen a supplier list (CSV, Excel, Parquet, OCDS JSON) against the vendors")
    p.add_argument("file", help="CSV, TSV, XLSX or Parquet file with supplier names, or an OCDS package (.json)")
    p.add_argument("--column", help="the column with supplier names (default: the only column, or one named "
                                    "supplier/name/company/vendor)")
    p.add_argument("--ocds", action="store_true", help="read FILE as an OCDS release or record package")
    p.add_argument("--as-of", help="screen on this date: names sold before it are reported as former")
    p.add_argument("--matches-only", action="store_true", help="write only the rows that matched a vendor")
    p.add_argument("-o", "--output", help="write CSV here (default: stdout)")
    add_data_option(p)
    p.set_defaults(func=_cmd_screen)

    p = sub.add_parser("export", help="export the registry: csv, xlsx, parquet, jsonl or ftm (FollowTheMoney)")
    p.add_argument("--format", choices=["csv", "xlsx", "parquet", "jsonl", "ftm"], default="csv")
    p.add_argument("--table", action="append", help="only this table (repeatable; not for ftm): vendors, "
                                                    "legal_entities, brands, deployments, presence, "
                                                    "regulatory_actions, evidence")
    p.add_argument("-o", "--output", help="folder (csv, parquet) or file (xlsx, jsonl, ftm)")
    add_data_option(p)
    p.set_defaults(func=_cmd_export)
