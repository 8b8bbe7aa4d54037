"""A small driftboard client for notebooks and scripts: the standard library only.

    from driftboard_client import DriftboardClient
    client = DriftboardClient()                      # DRIFTBOARD_URL, DRIFTBOARD_TOKEN
    runs = client.runs(status=["SUCCEEDED"])
    rows = client.metric_rows([r["id"] for r in runs], ["val/accuracy"])
    pandas.DataFrame(rows)                           # run_id, key, epoch, value

Every method sends one of the GraphQL documents below (the README prints them).
"""

from __future__ import annotations

import email.utils
import json
import math
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence

DEFAULT_URL = "http://127.0.0.1:4000/graphql"

RUNS_QUERY = """query Runs($first: Int, $after: String, $filter: RunFilter, $orderBy: RunOrder) {
  runs(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id kind status datasetId qualityProfileId sourceModelId seed epochs epochsCompleted
        strategySpec tags queuedAt finishedAt
        summary { finalValAccuracy bestValAccuracy finalValAccuracyClean finalCkaMean durationMs }
      }
    }
  }
}"""

DATASETS_QUERY = "query Datasets { datasets { id name modality size } }"

METRIC_SERIES_QUERY = """query MetricSeries($runIds: [ID!]!, $keys: [String!]!, $maxPoints: Int) {
  metricSeries(runIds: $runIds, keys: $keys, maxPoints: $maxPoints) {
    runId key totalPoints downsampled epochs values
  }
}"""

# metricSeries answers at most this many runs and keys per request.
MAX_SERIES_RUNS = 100
MAX_SERIES_KEYS = 50
MAX_RUNS_PAGE = 500


class DriftboardError(Exception):
    """The server answered with GraphQL errors or an HTTP error.

    `errors` holds the GraphQL errors as sent (each with `message` and
    `extensions.code`), `codes` their codes, `status` the HTTP status.
    """

    def __init__(
        self,
        message: str,
        errors: Optional[List[Dict[str, Any]]] = None,
        status: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.errors = errors or []
        self.status = status

    @property
    def codes(self) -> List[Optional[str]]:
        return [(error.get("extensions") or {}).get("code") for error in self.errors]


class DriftboardRateLimited(DriftboardError):
    """HTTP 429: `retry_after` is how many seconds the server asks to wait (None if it did not say)."""

    def __init__(self, message: str, retry_after: Optional[float]) -> None:
        super().__init__(message, status=429)
        self.retry_after = retry_after


class DriftboardUnreachable(DriftboardError):
    """Nothing answered at the URL (refused, timed out, DNS)."""


def _retry_after_seconds(header: Optional[str]) -> Optional[float]:
    """Retry-After is either seconds or an HTTP date."""
    if not header:
        return None
    header = header.strip()
    try:
        return max(0.0, float(header))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _describe_errors(errors: List[Dict[str, Any]]) -> str:
    parts = []
    for error in errors:
        code = (error.get("extensions") or {}).get("code")
        message = error.get("message", "unknown error")
        parts.append(f"{message} [{code}]" if code else message)
    return "; ".join(parts)


def _chunks(items: Sequence[str], size: int) -> Iterator[List[str]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


class DriftboardClient:
    """GraphQL over HTTP to a driftboard API server (POST JSON, as the dashboard does)."""

    def __init__(
        self,
        url: Optional[str] = None,
        token: Optional[str] = None,
        timeout: float = 60.0,
    ) -> None:
        self.url = url or os.environ.get("DRIFTBOARD_URL") or DEFAULT_URL
        self.token = token if token is not None else (os.environ.get("DRIFTBOARD_TOKEN") or None)
        self.timeout = timeout

    def auth_headers(self) -> Dict[str, str]:
        """The Authorization header, when there is a token; e.g. pandas' `storage_options`."""
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def _request(self, url: str, body: Optional[bytes], accept: str) -> bytes:
        headers = {"Accept": accept, **self.auth_headers()}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=body, headers=headers, method="POST" if body else "GET")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            raise self._http_error(url, error) from None
        except urllib.error.URLError as error:
            reason = getattr(error.reason, "strerror", None) or str(error.reason)
            raise DriftboardUnreachable(f"cannot reach driftboard at {url}: {reason}") from None
        except (TimeoutError, OSError) as error:
            raise DriftboardUnreachable(f"cannot reach driftboard at {url}: {error}") from None

    @staticmethod
    def _http_error(url: str, error: urllib.error.HTTPError) -> DriftboardError:
        text = error.read().decode("utf-8", errors="replace")
        if error.code == 429:
            retry_after = _retry_after_seconds(error.headers.get("Retry-After"))
            when = f"retry in {math.ceil(retry_after)} s" if retry_after is not None else "retry later"
            message = f"driftboard is rate limiting requests (HTTP 429): {when}"
            return DriftboardRateLimited(message, retry_after)
        try:
            errors = json.loads(text).get("errors") or []
        except (ValueError, AttributeError):
            errors = []
        if errors:
            return DriftboardError(
                f"driftboard answered HTTP {error.code}: {_describe_errors(errors)}", errors, error.code
            )
        plain = (error.headers.get("Content-Type") or "").startswith("text/plain") and text.strip()
        detail = text.strip().splitlines()[0] if plain else error.reason
        message = f"driftboard answered HTTP {error.code} for {url}: {detail}"
        return DriftboardError(message, status=error.code)

    def query(self, query: str, variables: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """Runs one GraphQL operation and returns its `data`; raises DriftboardError on any error."""
        body = json.dumps({"query": query, "variables": variables or {}}).encode("utf-8")
        raw = self._request(self.url, body, "application/json")
        try:
            answer = json.loads(raw)
        except ValueError:
            raise DriftboardError(f"driftboard at {self.url} answered something that is not JSON") from None
        errors = answer.get("errors")
        if errors:
            raise DriftboardError(f"driftboard answered with errors: {_describe_errors(errors)}", errors)
        return answer["data"]

    def datasets(self) -> List[Dict[str, Any]]:
        return self.query(DATASETS_QUERY)["datasets"]

    def dataset_id(self, name: str) -> str:
        """The id of the dataset called `name`; DriftboardError when there is none."""
        datasets = self.datasets()
        for dataset in datasets:
            if dataset["name"] == name:
                return dataset["id"]
        names = ", ".join(sorted(d["name"] for d in datasets)) or "none"
        raise DriftboardError(f'no dataset named "{name}"; the datasets are {names}')

    def iter_runs(
        self,
        run_filter: Optional[Dict[str, Any]] = None,
        order_by: Optional[Dict[str, Any]] = None,
        page_size: int = 100,
        **filter_fields: Any,
    ) -> Iterator[Dict[str, Any]]:
        """Every matching run, newest first unless `order_by` says otherwise, a page at a time.

        `run_filter` is a RunFilter (datasetId, status, strategyKind, tags, ...);
        keyword arguments add to it, e.g. `status=["SUCCEEDED"]`.
        """
        run_filter = {**(run_filter or {}), **filter_fields}
        variables: Dict[str, Any] = {
            "first": max(1, min(page_size, MAX_RUNS_PAGE)),
            "after": None,
            "filter": run_filter or None,
            "orderBy": order_by,
        }
        while True:
            page = self.query(RUNS_QUERY, variables)["runs"]
            for edge in page["edges"]:
                yield edge["node"]
            if not page["pageInfo"]["hasNextPage"]:
                return
            variables["after"] = page["pageInfo"]["endCursor"]

    def runs(self, *args: Any, **kwargs: Any) -> List[Dict[str, Any]]:
        """`iter_runs` as a list."""
        return list(self.iter_runs(*args, **kwargs))

    def metric_rows(
        self, run_ids: Iterable[str], keys: Iterable[str], max_points: int = 500
    ) -> List[Dict[str, Any]]:
        """metricSeries as flat rows {run_id, key, epoch, value}: `pandas.DataFrame(rows)` takes them.

        Series longer than `max_points` come back downsampled (the lowest and highest
        point of each epoch span). Any number of runs and keys: asked in batches.
        """
        run_list = list(dict.fromkeys(run_ids))
        key_list = list(dict.fromkeys(keys))
        rows: List[Dict[str, Any]] = []
        for runs in _chunks(run_list, MAX_SERIES_RUNS):
            for key_batch in _chunks(key_list, MAX_SERIES_KEYS):
                variables = {"runIds": runs, "keys": key_batch, "maxPoints": max_points}
                for series in self.query(METRIC_SERIES_QUERY, variables)["metricSeries"]:
                    run_id, key = series["runId"], series["key"]
                    for epoch, value in zip(series["epochs"], series["values"]):
                        rows.append({"run_id": run_id, "key": key, "epoch": epoch, "value": value})
        return rows

    def metrics_csv_url(self, run_id: str) -> str:
        """Where a run's metrics download as CSV: /runs/<id>/metrics.csv next to /graphql."""
        parts = urllib.parse.urlsplit(self.url)
        base = parts.path.rstrip("/")
        if base.endswith("/graphql"):
            base = base[: -len("/graphql")]
        path = f"{base}/runs/{urllib.parse.quote(run_id, safe='')}/metrics.csv"
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))

    def metrics_csv(self, run_id: str) -> str:
        """One run's metrics as CSV text: `epoch,<key>,...`, a row per epoch, empty where missing."""
        return self._request(self.metrics_csv_url(run_id), None, "text/csv").decode("utf-8")

    def compare_strategies(
        self, runs: Optional[List[Dict[str, Any]]] = None, **run_filters: Any
    ) -> List[Dict[str, Any]]:
        """Per strategy kind, over its FINETUNE runs: the best and mean final val/accuracy and the mean
        final similarity/cka_mean; most accurate first. `runs` defaults to `self.runs(**run_filters)`.
        """
        return strategy_table(self.runs(**run_filters) if runs is None else runs)


def run_rows(runs: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Runs as flat rows (one per run, headline numbers as columns), FINETUNE runs only."""
    rows = []
    for run in runs:
        if run.get("kind") != "FINETUNE":
            continue
        summary = run.get("summary") or {}
        rows.append(
            {
                "run_id": run["id"],
                "strategy": (run.get("strategySpec") or {}).get("kind"),
                "dataset_id": run.get("datasetId"),
                "quality_profile_id": run.get("qualityProfileId"),
                "status": run.get("status"),
                "seed": run.get("seed"),
                "epochs": run.get("epochsCompleted"),
                "final_val_accuracy": summary.get("finalValAccuracy"),
                "final_val_accuracy_clean": summary.get("finalValAccuracyClean"),
                "best_val_accuracy": summary.get("bestValAccuracy"),
                "final_cka_mean": summary.get("finalCkaMean"),
            }
        )
    return rows


def _mean(values: List[float]) -> Optional[float]:
    return sum(values) / len(values) if values else None


def strategy_table(runs: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Groups FINETUNE runs by strategy kind; runs without a metric yet count in `runs` only."""
    by_strategy: Dict[str, List[Dict[str, Any]]] = {}
    for row in run_rows(runs):
        by_strategy.setdefault(row["strategy"] or "?", []).append(row)
    table = []
    for strategy, rows in by_strategy.items():
        accuracies = [r["final_val_accuracy"] for r in rows if r["final_val_accuracy"] is not None]
        clean = [r["final_val_accuracy_clean"] for r in rows if r["final_val_accuracy_clean"] is not None]
        cka = [r["final_cka_mean"] for r in rows if r["final_cka_mean"] is not None]
        table.append(
            {
                "strategy": strategy,
                "runs": len(rows),
                "best_final_val_accuracy": max(accuracies) if accuracies else None,
                "mean_final_val_accuracy": _mean(accuracies),
                "mean_final_val_accuracy_clean": _mean(clean),
                "mean_final_cka_mean": _mean(cka),
            }
        )

    def most_accurate_first(row: Dict[str, Any]) -> Any:
        # Strategies without an accuracy yet go last.
        accuracy = row["mean_final_val_accuracy"]
        return (accuracy is None, -(accuracy or 0.0))

    table.sort(key=most_accurate_first)
    return table
