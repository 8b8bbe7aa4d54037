#!/usr/bin/env python3
"""Compares fine-tuning strategies on a driftboard server: target accuracy against similarity to the source.

    python3 compare_strategies.py                       # every fine-tuning run
    python3 compare_strategies.py --dataset mnist --status SUCCEEDED
    python3 compare_strategies.py --json                # the same as JSON

The server is DRIFTBOARD_URL (default http://127.0.0.1:4000/graphql), the token
DRIFTBOARD_TOKEN. Exits 1 with one line on stderr when the server cannot be
reached or answers an error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Dict, List, Optional, Sequence

from driftboard_client import DriftboardClient, DriftboardError, run_rows, strategy_table

STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"]


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Compare fine-tuning strategies: accuracy against CKA.")
    parser.add_argument(
        "--url", help="GraphQL endpoint (default: $DRIFTBOARD_URL or http://127.0.0.1:4000/graphql)"
    )
    parser.add_argument("--token", help="API token (default: $DRIFTBOARD_TOKEN)")
    parser.add_argument("--dataset", metavar="NAME", help="only runs on this dataset, e.g. mnist")
    parser.add_argument(
        "--status", choices=STATUSES, action="append", help="only runs in this status (repeatable)"
    )
    parser.add_argument("--json", action="store_true", help="print {runs, strategies} as JSON")
    return parser.parse_args(argv)


def number(value: Optional[float], digits: int = 4) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(headers: List[str], rows: List[List[str]]) -> str:
    """Text columns: the first left-aligned, the rest right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]

    def line(cells: List[str]) -> str:
        return "  ".join(
            str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths))
        )

    return "\n".join([line(headers), *(line(row) for row in rows)])


def print_text(
    runs: List[Dict[str, Any]], strategies: List[Dict[str, Any]], datasets: Dict[str, str]
) -> None:
    if not runs:
        print("no fine-tuning runs match")
        return
    print(f"{len(runs)} fine-tuning run(s)\n")
    print(
        table(
            ["run", "dataset", "strategy", "status", "epochs", "val/accuracy", "clean", "cka_mean"],
            [
                [
                    r["run_id"][:8],
                    datasets.get(r["dataset_id"], r["dataset_id"]),
                    r["strategy"] or "?",
                    r["status"],
                    str(r["epochs"]),
                    number(r["final_val_accuracy"]),
                    number(r["final_val_accuracy_clean"]),
                    number(r["final_cka_mean"]),
                ]
                for r in runs
            ],
        )
    )
    print("\nper strategy (final epoch; mean over runs)\n")
    print(
        table(
            ["strategy", "runs", "best val/accuracy", "mean val/accuracy", "mean clean", "mean cka_mean"],
            [
                [
                    s["strategy"],
                    str(s["runs"]),
                    number(s["best_final_val_accuracy"]),
                    number(s["mean_final_val_accuracy"]),
                    number(s["mean_final_val_accuracy_clean"]),
                    number(s["mean_final_cka_mean"]),
                ]
                for s in strategies
            ],
        )
    )


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    client = DriftboardClient(args.url, args.token)
    try:
        datasets = {d["id"]: d["name"] for d in client.datasets()}
        run_filter: Dict[str, Any] = {}
        if args.dataset:
            run_filter["datasetId"] = client.dataset_id(args.dataset)
        if args.status:
            run_filter["status"] = args.status
        runs = client.runs(run_filter, page_size=500)
    except DriftboardError as error:
        print("compare_strategies: " + " ".join(str(error).split()), file=sys.stderr)
        return 1
    rows = run_rows(runs)
    strategies = strategy_table(runs)
    if args.json:
        for row in rows:
            row["dataset"] = datasets.get(row["dataset_id"])
        print(json.dumps({"runs": rows, "strategies": strategies}, indent=2))
    else:
        print_text(rows, strategies, datasets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
