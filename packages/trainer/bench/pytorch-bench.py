#!/usr/bin/env python3
"""PyTorch CPU peer for the driftboard trainer benchmark (src/bench/main.ts).

Trains the same three models the tfjs side does (reference CNN, 2-layer LSTM,
784-256-128-10 MLP) with Adam on random data and prints ONE line of JSON on
stdout. If torch cannot be imported it still prints JSON ({"ok": false, ...})
and exits 0, so the caller can tell "not installed" from "crashed".

Kept dependency-free apart from torch (no numpy import of its own) because it
runs under Debian's /usr/bin/python3 with python3-torch.
"""

import argparse
import json
import os
import re
import statistics
import sys
import time


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="timed window per model")
    parser.add_argument("--warmup-seconds", type=float, default=1.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--models", default="cnn,lstm,mlp")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


# Same rule as src/bench/cpu-contention.ts: a window during which other processes
# kept more than this many cores busy is retried (3 windows at most), keeping the quietest.
CONTENDED_CORES = 0.25
MAX_WINDOWS = 3


def machine_busy_seconds():
    """Busy CPU seconds of the whole machine from /proc/stat (None off Linux)."""
    try:
        with open("/proc/stat", encoding="utf-8") as stat:
            fields = [int(f) for f in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def sample_cpu():
    times = os.times()
    return time.perf_counter(), machine_busy_seconds(), times.user + times.system


def other_cores(start, end):
    """Mean cores busy with other processes between two samples (None when unknown)."""
    if start[1] is None or end[1] is None or end[0] <= start[0]:
        return None
    return max(0.0, (end[1] - start[1] - (end[2] - start[2])) / (end[0] - start[0]))


def build(name, nn):
    """Returns (model, input pool, label pool) for one workload, matching the tfjs side."""
    import torch

    # A pool of examples gathered per batch, as the tfjs side gathers from its train tensor.
    pool = 1024
    if name == "cnn":
        # NCHW is PyTorch's native layout; the tfjs side is NHWC, tfjs-layers' native layout.
        model = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(32 * 7 * 7, 64),
            nn.ReLU(),
            nn.Linear(64, 10),
        )
        return model, torch.rand(pool, 1, 28, 28), torch.randint(0, 10, (pool,))
    if name == "lstm":

        class LstmClassifier(nn.Module):
            def __init__(self):
                super().__init__()
                self.lstm = nn.LSTM(13, 64, num_layers=2, batch_first=True)
                self.head = nn.Linear(64, 4)

            def forward(self, x):
                out, _ = self.lstm(x)
                return self.head(out[:, -1])

        return LstmClassifier(), torch.randn(pool, 50, 13), torch.randint(0, 4, (pool,))
    if name == "mlp":
        model = nn.Sequential(
            nn.Linear(784, 256),
            nn.ReLU(),
            nn.Linear(256, 128),
            nn.ReLU(),
            nn.Linear(128, 10),
        )
        return model, torch.rand(pool, 784), torch.randint(0, 10, (pool,))
    raise ValueError(f"unknown model {name}")


def measure(name, args, torch, nn):
    model, inputs, labels = build(name, nn)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    # Cross-entropy on logits is the idiomatic (fused log-softmax) PyTorch form.
    loss_fn = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(args.seed)
    order = torch.randperm(inputs.shape[0], generator=generator)
    cursor = 0

    def step():
        nonlocal cursor, order
        if cursor + args.batch_size > order.shape[0]:
            order = torch.randperm(inputs.shape[0], generator=generator)
            cursor = 0
        idx = order[cursor : cursor + args.batch_size]
        cursor += args.batch_size
        x = inputs[idx]
        y = labels[idx]
        optimizer.zero_grad(set_to_none=True)
        logits = model(x)
        loss = loss_fn(logits, y)
        loss.backward()
        optimizer.step()
        # Read loss and hits back like the tfjs step does (dataSync of both).
        hits = (logits.argmax(1) == y).sum().item()
        return loss.item(), hits

    start = time.perf_counter()
    warm = 0
    while warm < 2 or time.perf_counter() - start < args.warmup_seconds:
        step()
        warm += 1

    def window():
        times = []
        loss = float("nan")
        cpu_start = sample_cpu()
        start = time.perf_counter()
        while len(times) < 3 or time.perf_counter() - start < args.seconds:
            t0 = time.perf_counter()
            loss, _ = step()
            times.append((time.perf_counter() - t0) * 1000)
        elapsed = time.perf_counter() - start
        steps = len(times)
        return {
            "samplesPerSec": steps * args.batch_size / elapsed,
            "msPerBatch": elapsed * 1000 / steps,
            "medianMsPerBatch": statistics.median(times),
            "steps": steps,
            "seconds": elapsed,
            "finalLoss": loss,
            "otherCores": other_cores(cpu_start, sample_cpu()),
        }

    quietest = None
    windows = 0
    while windows < MAX_WINDOWS:
        result = window()
        windows += 1
        if quietest is None or (result["otherCores"] or 0) < (quietest["otherCores"] or 0):
            quietest = result
        if (result["otherCores"] or 0) <= CONTENDED_CORES:
            break
    return {**quietest, "warmupSteps": warm, "windows": windows}


def blas_libraries():
    """Which BLAS shared objects are actually mapped (Debian switches them with alternatives)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            found = {line.split()[-1] for line in maps if re.search(r"blas|mkl|dnnl", line.split()[-1], re.I)}
        return sorted(found)
    except OSError:
        return []


def main():
    args = parse_args()
    try:
        import torch
        from torch import nn
    except Exception as error:  # ImportError, or OSError from a missing BLAS library
        print(json.dumps({"ok": False, "error": "import", "message": f"{type(error).__name__}: {error}"}))
        return 0
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    results = {name: measure(name, args, torch, nn) for name in args.models.split(",") if name}
    config = torch.__config__.show()
    blas_info = re.search(r"BLAS_INFO=(\w+)", config)
    print(
        json.dumps(
            {
                "ok": True,
                "torch": torch.__version__,
                "python": sys.version.split()[0],
                "threads": torch.get_num_threads(),
                "interopThreads": torch.get_num_interop_threads(),
                "mkldnn": torch.backends.mkldnn.is_available(),
                "blasInfo": blas_info.group(1) if blas_info else None,
                "blasLibraries": blas_libraries(),
                "batchSize": args.batch_size,
                "results": results,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
