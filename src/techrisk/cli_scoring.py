"""CLI commands for scores, rubric diffs and briefs (kept apart from the data commands)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from techrisk.asof import parse_as_of

# The formats Brief.save writes, chosen by the output file's suffix.
BRIEF_SUFFIXES = (".html", ".htm", ".md", ".pdf")


def _date(text: str) -> dt.date:
    """``--as-of``: YYYY-MM-DD, YYYYMMDD, or a period (YYYY-MM, YYYY) meaning its last day."""
    try:
        return parse_as_of(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _check_output(path_text: str) -> Path:
    """Fail before any work if a brief cannot be written to ``path_text``."""
    path = Path(path_text)
    if path.suffix.lower() not in BRIEF_SUFFIXES:
        raise ValueError(f"cannot write a brief to {path_text!r}: use a file name ending in "
                         f"{', '.join(BRIEF_SUFFIXES)}")
    if not path.parent.is_dir():
        raise ValueError(f"cannot write {path_text!r}: the folder {str(path.parent)!r} does not exist")
    return path


def _emit(frame, fmt: str) -> None:
    if fmt == "csv":
        # No comment line: pandas, Excel and Datawrapper read the first line as the header. The
        # licence goes to stderr here (and into LICENSE.txt beside files that `export` writes).
        frame.to_csv(sys.stdout, float_format="%.4f")
        sys.stderr.write(f"licence: {frame.attrs.get('license', '')}\n")
    elif fmt == "json":
        import json

        payload = {"rubric": frame.attrs.get("rubric"), "as_of": frame.attrs.get("as_of"),
                   "license": frame.attrs.get("license"),
                   "rows": json.loads(frame.reset_index().to_json(orient="records", double_precision=6))}
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(frame.to_string(float_format=lambda x: f"{x:.1f}") + "\n")


def _cmd_score(args: argparse.Namespace) -> int:
    from techrisk.cli_interop import data_paths
    from techrisk.data.load import load
    from techrisk.scoring.scores import score

    registry = load(*data_paths(args, args.paths))
    if args.history:
        from techrisk.scoring.history import history

        start, _, end = args.history.partition(":")
        frame = history(None, start, end or None, freq=args.freq, registry=registry, rubric=args.rubric)
        _emit(frame.set_index(["as_of", "country"]), args.format)
        return 0
    frame = score(registry=registry, rubric=args.rubric, as_of=args.as_of, by=args.by)
    _emit(frame, args.format)
    return 0


def _cmd_rubric_diff(args: argparse.Namespace) -> int:
    from techrisk.scoring.diff import rubric_diff

    frame = rubric_diff(args.old, args.new, as_of=args.as_of)
    moved = frame[(frame["change"].abs() > 1e-9) | frame["band_changed"] | (frame["rank_change"] != 0)]
    print(f"rubric diff {frame.attrs['old']} -> {frame.attrs['new']}: "
          f"{len(moved)} of {len(frame)} countries moved, {int(frame['band_changed'].sum())} changed band")
    if len(moved):
        _emit(moved, args.format)
    return 0


def _cmd_brief(args: argparse.Namespace) -> int:
    from techrisk.cli_interop import data_paths, split_countries_and_paths
    from techrisk.data.load import load
    from techrisk.report.brief import brief, write_all_briefs

    # `techrisk brief RS mydir/`: an argument that is an existing file or folder is your data.
    args.country, positional = split_countries_and_paths(args.country)
    paths = data_paths(args, positional)
    registry = load(*paths) if paths else None
    if args.all:
        if not args.output:
            print("techrisk brief --all needs -o DIR", file=sys.stderr)
            return 2
        written = write_all_briefs(Path(args.output), registry=registry, rubric=args.rubric, as_of=args.as_of,
                                   fmt=args.format, progress=True)
        print(f"wrote {len(written)} briefs to {args.output}")
        return 0
    if not args.country:
        print("techrisk brief needs a COUNTRY (or --all -o DIR)", file=sys.stderr)
        return 2
    if args.output:
        _check_output(args.output)
    countries = args.country if len(args.country) > 1 else args.country[0]
    result = brief(countries, registry=registry, rubric=args.rubric, as_of=args.as_of)
    if args.output:
        path = result.save(args.output)
        print(f"wrote {path}")
    else:
        sys.stdout.write(result.markdown)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the scoring commands on the ``techrisk`` parser."""
    from techrisk.cli_interop import add_data_option

    p = sub.add_parser("score", help="score every country under a rubric")
    p.add_argument("--rubric", help="bundled rubric name (e.g. techrisk-1.0) or YAML path; default newest")
    p.add_argument("--as-of", type=_date,
                   help="score the registry as it stood on this date: YYYY-MM-DD, or YYYY-MM / YYYY "
                        "for the last day of that period")
    p.add_argument("--by", choices=["country", "vendor", "deployment"], default="country")
    p.add_argument("--history", metavar="START:END",
                   help="scores at each date from START to END (e.g. 2010:2026), one row per date and country")
    p.add_argument("--freq", default="YS", help="with --history: a pandas frequency, YS (1 January, default), QS, MS")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("paths", nargs="*", help="your record files or folders to include")
    add_data_option(p)
    p.set_defaults(func=_cmd_score)

    p = sub.add_parser("rubric", help="rubric tools")
    rsub = p.add_subparsers(dest="rubric_command", required=True)
    d = rsub.add_parser("diff", help="per-country score, band and rank changes between two rubrics")
    d.add_argument("old", help="rubric name or path")
    d.add_argument("new", help="rubric name or path")
    d.add_argument("--as-of", type=_date)
    d.add_argument("--format", choices=["table", "csv", "json"], default="table")
    d.set_defaults(func=_cmd_rubric_diff)

    p = sub.add_parser("brief", help="write a country risk brief (Markdown to stdout, or -o FILE.html/.md/.pdf)")
    p.add_argument("country", nargs="*", help="alpha-2, alpha-3 or English name; several for a regional brief; "
                                              "an existing file or folder is read as your records")
    add_data_option(p)
    p.add_argument("-o", "--output", help="output file (.md, .html, .pdf), or a folder with --all")
    p.add_argument("--all", action="store_true", help="one brief per country with deployments, into -o DIR")
    p.add_argument("--format", choices=["html", "md"], default="html", help="file format with --all")
    p.add_argument("--rubric")
    p.add_argument("--as-of", type=_date)
    p.set_defaults(func=_cmd_brief)
