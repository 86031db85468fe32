"""The ``techrisk`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from techrisk._version import __version__
from techrisk.errors import DataError


def _cmd_validate(args: argparse.Namespace) -> int:
    from techrisk.cli_interop import data_paths
    from techrisk.data.load import validate

    try:
        registry = validate(*data_paths(args, args.paths))
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"ok: {len(registry.vendors)} vendors, {len(registry.deployments)} deployments, "
          f"{len(registry.presence)} presence records in {len(registry.files)} files")
    if registry.skipped:
        print(f"skipped {len(registry.skipped)} file(s) that are not data: {', '.join(registry.skipped)}")
    return 0


def _cmd_vendors(args: argparse.Namespace) -> int:
    from techrisk.data.load import load

    frame = load().to_frame("vendors").drop(columns=["aliases"])
    print(frame.to_string(index=False))
    return 0


def _cmd_coverage(args: argparse.Namespace) -> int:
    from techrisk.cli_interop import data_paths
    from techrisk.data.load import load

    registry = load(*data_paths(args, args.paths))
    if args.targets:
        from techrisk.data.sweeps import sweep_progress

        frame = sweep_progress(registry)
        print(frame.to_string(index=False))
        met = int(frame["met"].sum())
        print(f"\n{met} of {len(frame)} targets met. What each sweep searched and did not find, country by "
              "country: vendors/COVERAGE.md.")
        return 0
    if args.quality:
        from techrisk.data.quality import totals_text

        frame = registry.quality()
        print(frame.sort_values(["supported_share", "sources"], kind="stable").to_string())
        print()
        print(totals_text(frame))
        return 0
    if args.by:
        print(registry.coverage(args.by).to_string())
        return 0
    table = registry.coverage()
    print(table.to_string())
    print()
    for by in ("vendor", "sector", "confidence", "decade"):
        print(registry.coverage(by).to_string())
        print()
    print(f"{len(registry.deployments)} deployments in {len(registry.countries)} countries. "
          "Absence of a record is not evidence of absence.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from techrisk import cli_interop

    parser = argparse.ArgumentParser(prog="techrisk", description=__doc__)
    parser.add_argument("--version", action="version", version=f"techrisk {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check the bundled data (and any PATHs); exit 1 listing every problem")
    p.add_argument("paths", nargs="*", help="your record files or folders to check with the bundled data")
    cli_interop.add_data_option(p)
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("vendors", help="print the vendor table")
    p.set_defaults(func=_cmd_vendors)

    p = sub.add_parser("coverage", help="deployment counts by country, vendor, sector, confidence and decade")
    p.add_argument("--by", choices=["country", "vendor", "sector", "confidence", "decade"])
    p.add_argument("--quality", action="store_true",
                   help="how well each deployment is sourced (weakest first), then the registry's totals")
    p.add_argument("--targets", action="store_true",
                   help="progress of the world coverage sweeps (issues #14-#16) against their targets")
    p.add_argument("paths", nargs="*", help="your record files or folders to include")
    cli_interop.add_data_option(p)
    p.set_defaults(func=_cmd_coverage)

    from techrisk import cli_scoring

    cli_scoring.add_commands(sub)
    cli_interop.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        print(f"techrisk: {exc}", file=sys.stderr)
        return 1
    except (LookupError, ValueError, OSError, RuntimeError) as exc:
        # User errors (an unknown country or rubric, a bad date, an unwritable path, no
        # Chromium for a PDF): one line saying what to change, no traceback.
        text = f"{exc.strerror}: {exc.filename}" if isinstance(exc, OSError) and exc.filename else str(exc)
        print(f"techrisk: {text.strip(chr(34) + chr(39))}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
