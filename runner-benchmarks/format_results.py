#!/usr/bin/env python3
"""Turns one run of the Runner benchmarks into the Markdown results table.

Reads JMH's JSON results (-rf json) and RetainedHeapMeasurement's JSON, and writes one table:
for each workload the target, the ideal, Runner's figure and its ratio to the ideal, each peer's
figure with how many times Runner is ahead of it, the Go library's figure for scale, and whether
the target is met. With the cold first starts' results, a section sets them beside the warm
figures of W1–W3. A last table lists every raw JMH result. Only the Python standard library.

With W8's first starts, W9's idle supervision and W1's warm-up curve, their rows join the table
and sections of their own follow it.

Usage: format_results.py --jmh jmh.json --heap heap.json [--cold jmh-cold.json]
                         [--first-start first-start.json] [--idle idle.json] [--warmup jmh-warmup.json]
                         --out RESULTS.md [--command "..."] [--commit abc123] [--title "..."]
"""

import argparse
import datetime
import json
import os
import platform
import sys

PEERS = [
    ("virtualThreads", "Bare virtual threads"),
    ("sequential", "Sequential"),
    ("platformPool", "Platform pool"),
    ("guava", "Guava ServiceManager"),
]


def load_jmh(path):
    """Returns {(class, method): result} from JMH's JSON file."""
    with open(path, encoding="utf-8") as f:
        results = json.load(f)
    by_key = {}
    for result in results:
        qualified = result["benchmark"]
        cls, method = qualified.rsplit(".", 1)
        by_key[(cls.rsplit(".", 1)[-1], method)] = result
    return results, by_key


def load_heap(path):
    """Returns {services: result} from RetainedHeapMeasurement's JSON file, or {} without one."""
    if not path or not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return {r["services"]: r for r in json.load(f)}


def to_ms(value, unit):
    """Converts a JMH score in unit (such as 'ms/op' or 'us/op') to milliseconds."""
    scale = {"s/op": 1e3, "ms/op": 1.0, "us/op": 1e-3, "ns/op": 1e-6}
    if unit not in scale:
        raise ValueError("unexpected unit " + unit)
    return value * scale[unit]


def statistic(result, percentile=None):
    """The figure a result stands for, in ms: the median of single shots, the mean of an average
    time, or the given percentile of sampled times."""
    metric = result["primaryMetric"]
    unit = metric["scoreUnit"]
    if result["mode"] == "ss":
        return to_ms(metric["scorePercentiles"]["50.0"], unit)
    if result["mode"] == "sample":
        return to_ms(metric["scorePercentiles"][percentile or "50.0"], unit)
    return to_ms(metric["score"], unit)


def fmt_ms(ms):
    """A duration given in ms, in the unit that reads best, to three significant digits."""
    if ms is None:
        return "—"
    if ms >= 1000:
        return f"{ms / 1000:.3g} s"
    if ms >= 1:
        return f"{ms:.3g} ms"
    if ms >= 1e-3:
        return f"{ms * 1000:.3g} µs"
    return f"{ms * 1e6:.3g} ns"


def fmt_ratio(value):
    if value is None:
        return "—"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 0.1:
        return f"{value:.2f}"
    return f"{value:.2g}"


def fmt_bytes(value):
    if value is None:
        return "—"
    return f"{value / 1024:.2f} KiB"


class Row:
    """One line of the table: a workload's figures for Runner and its peers, all in one unit."""

    def __init__(self, code, workload, target, target_ok, ideal, runner, peers, go, fmt, note=""):
        self.code = code
        self.workload = workload
        self.target = target
        self.target_ok = target_ok
        self.ideal = ideal
        self.runner = runner
        self.peers = peers
        self.go = go
        self.fmt = fmt
        self.note = note

    def cells(self):
        ratio_ideal = self.runner / self.ideal if self.runner is not None and self.ideal else None
        cells = [
            self.code,
            self.workload,
            self.target,
            self.fmt(self.ideal) if self.ideal else "—",
            "**" + self.fmt(self.runner) + "**" + self.note if self.runner is not None else "—",
            fmt_ratio(ratio_ideal) + "×" if ratio_ideal is not None else "—",
        ]
        for method, _ in PEERS:
            figure = self.peers.get(method)
            if figure is None:
                cells.append("n/a" if method not in self.peers else "—")
            elif self.runner:
                cells.append(f"{self.fmt(figure)} ({fmt_ratio(figure / self.runner)}×)")
            else:
                cells.append(self.fmt(figure))
        cells.append(self.go)
        if self.target_ok is None or self.runner is None:
            cells.append("—")
        else:
            cells.append("yes" if self.target_ok(self.runner, ratio_ideal) else "**no**")
        return cells


def params_of(by_key, cls):
    """The parameters a benchmark class ran with, from any of its results."""
    for (c, _), r in by_key.items():
        if c == cls:
            return r.get("params", {})
    return {}


# The start makespans W1–W3, measured both warm and cold: (code, benchmark class).
START_WORKLOADS = [("W1", "WideStartBenchmark"), ("W2", "ChainStartBenchmark"), ("W3", "LayeredStartBenchmark")]

# The contenders measured cold (run-benchmarks.sh picks the same methods); Guava only in W1.
COLD_CONTENDERS = [("runner", "Runner"), ("virtualThreads", "Bare virtual threads"), ("guava", "Guava ServiceManager")]


def start_workload(cls, params):
    """The description and ideal (the critical path, in ms) of a W1–W3 start workload."""
    if cls == "WideStartBenchmark":
        services = int(params.get("services", 1000))
        latency = float(params.get("latencyMillis", 10))
        return f"wide start makespan: {services:,} services × {latency:g} ms", latency
    if cls == "ChainStartBenchmark":
        length = int(params.get("length", 100))
        latency = float(params.get("latencyMillis", 1))
        return f"chain start makespan: {length:,} services × {latency:g} ms", length * latency
    layers = int(params.get("layers", 10))
    width = int(params.get("width", 100))
    fan_in = int(params.get("fanIn", 3))
    latency = float(params.get("latencyMillis", 5))
    return (f"layered start makespan: {layers} layers × {width} services, {fan_in} deps each, {latency:g} ms",
            layers * latency)


# W8: the first start's workloads, each with its target against bare virtual threads' first start.
FIRST_START_TARGETS = [
    ("wide", "≤ 1.5 × bare virtual threads", lambda runner, vt: runner <= 1.5 * vt),
    ("application", "≤ bare virtual threads + 30 ms", lambda runner, vt: runner <= vt + 30),
]

# The warm-up curve's shots shown, and the one its target is judged at.
WARMUP_SHOTS = [1, 2, 5, 10, 30, 100]
WARMUP_TARGET_SHOT = 30


def plural(count, noun):
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def load_json_list(path):
    """Returns the JSON array in the file, or [] without one."""
    if not path or not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def first_start(first_starts, contender, workload, aot=False):
    """FirstStartMeasurement's result for one configuration, or None."""
    for r in first_starts or []:
        if r["contender"] == contender and r["workload"] == workload and r["aotCache"] == aot:
            return r
    return None


def first_start_workload(result):
    if result["workload"] == "wide":
        return f"W1's graph ({result['services']:,} services × 10 ms)"
    return f"{result['services']}-service application graph (3 layers, no latency)"


def first_start_ideal(result):
    return 10.0 if result["workload"] == "wide" else None


# From this shot on, a shot's figure pools the shots this far on each side of it (clamped to the
# shots taken): the single n-th shots of a few forks are too few for a steady median on a shared
# machine, and by then the curve is flat enough that its neighbours say the same.
WARMUP_POOL_FROM = 10
WARMUP_POOL_HALF_WIDTH = 2


def warmup_curve(warmup_results):
    """From JMH results with one measured shot per iteration and no warmup: {method: {shot: median
    over the forks of that shot's makespan in ms, pooled with its neighbours from shot
    WARMUP_POOL_FROM}}, and 'forks'; or {} without results."""
    curve = {}
    forks = 0
    for r in warmup_results or []:
        method = r["benchmark"].rsplit(".", 1)[1]
        metric = r["primaryMetric"]
        runs = metric.get("rawData", [])
        forks = max(forks, len(runs))
        count = max((len(run) for run in runs), default=0)
        shots = {}
        for index in range(count):
            half = WARMUP_POOL_HALF_WIDTH if index + 1 >= WARMUP_POOL_FROM else 0
            pooled = range(max(0, index - half), min(count, index + half + 1))
            values = [to_ms(run[i], metric["scoreUnit"]) for run in runs for i in pooled if i < len(run)]
            shots[index + 1] = median(values)
        curve[method] = shots
    if curve:
        curve["forks"] = forks
    return curve


def build_rows(by_key, heap, first_starts=None, idle=None, warmup=None):
    rows = []

    def result(cls, method):
        return by_key.get((cls, method))

    def figures(cls, methods, convert):
        """Runner's figure and the peers' for one benchmark class; a peer not in `methods` does not
        apply to the workload (n/a), one that applies but did not run is None."""
        runner = result(cls, "runner")
        peers = {}
        for method, _ in PEERS:
            if method in methods:
                r = result(cls, method)
                peers[method] = convert(r) if r else None
        return (convert(runner) if runner else None), peers, runner

    makespan_peers = ("virtualThreads", "sequential", "platformPool", "guava")
    graph_peers = ("virtualThreads", "sequential", "platformPool")

    # W1 start.
    runner, peers, _ = figures("WideStartBenchmark", makespan_peers, statistic)
    workload, ideal = start_workload("WideStartBenchmark", params_of(by_key, "WideStartBenchmark"))
    rows.append(Row("W1", workload, "≤ 1.25 × ideal", lambda v, q: q <= 1.25, ideal, runner, peers, "10.6 s", fmt_ms))

    # W1 stop.
    runner, peers, _ = figures("WideStopBenchmark", makespan_peers, statistic)
    params = params_of(by_key, "WideStopBenchmark")
    services = int(params.get("services", 1000))
    latency = float(params.get("latencyMillis", 10))
    rows.append(Row("W1", f"wide stop time: {services:,} services, stop {latency:g} ms each",
                    "—", None, latency, runner, peers, "—", fmt_ms))

    # W2.
    # No virtual-thread design meets 1.10 × the critical path here (a virtual thread wakes from a
    # 1 ms sleep some 0.1 ms late): the target is the bare virtual threads measured in the same run.
    runner, peers, _ = figures("ChainStartBenchmark", graph_peers, statistic)
    workload, ideal = start_workload("ChainStartBenchmark", params_of(by_key, "ChainStartBenchmark"))
    rows.append(Row("W2", workload, "≤ 1.02 × bare virtual threads, same run",
                    lambda v, q, f=peers.get("virtualThreads"): f is not None and v <= 1.02 * f,
                    ideal, runner, peers, "116 ms", fmt_ms))

    # W3.
    runner, peers, _ = figures("LayeredStartBenchmark", graph_peers, statistic)
    workload, ideal = start_workload("LayeredStartBenchmark", params_of(by_key, "LayeredStartBenchmark"))
    rows.append(Row("W3", workload, "≤ 1.25 × ideal", lambda v, q: q <= 1.25, ideal, runner, peers, "5.4 s", fmt_ms))

    # W4: the score is a whole group's start and stop; per service it is divided by the count.
    services = int(params_of(by_key, "StartStopOverheadBenchmark").get("services", 10000))
    runner, peers, _ = figures("StartStopOverheadBenchmark", makespan_peers,
                               lambda res: statistic(res) / services)
    rows.append(Row("W4", f"start + stop per service: {services:,} no-op services",
                    "≤ 3 µs", lambda v, q: v <= 3e-3, None, runner, peers, "1.7 µs", fmt_ms))

    # W4 with one counting listener: judged against W4's Runner figure from the same run.
    without = runner
    r = result("StartStopWithListenerBenchmark", "runner")
    services = int(params_of(by_key, "StartStopWithListenerBenchmark").get("services", 10000))
    runner = statistic(r) / services if r else None
    note = f" ({fmt_ratio(runner / without)}× W4 without)" if runner is not None and without else ""
    rows.append(Row("W4", f"start + stop per service, one listener counting every event: "
                          f"{services:,} no-op services",
                    "≤ 1.25 × W4 without", lambda v, q, w=without: w is not None and v <= 1.25 * w,
                    None, runner, {}, "—", fmt_ms, note))

    # W5: medians, with the 99th percentile beside Runner's figure.
    r = result("RestartAfterExitBenchmark", "runner")
    runner = statistic(r) if r else None
    note = f" (p99 {fmt_ms(statistic(r, '99.0'))})" if r else ""
    rows.append(Row("W5", "restart after exited(cause), zero backoff: median",
                    "≤ 1 ms", lambda v, q: v <= 1.0, None, runner, {}, "0–1 s", fmt_ms, note))
    r = result("RestartAfterHealthFailureBenchmark", "runner")
    interval = float(params_of(by_key, "RestartAfterHealthFailureBenchmark").get("intervalMillis", 10))
    runner = statistic(r) if r else None
    note = f" (p99 {fmt_ms(statistic(r, '99.0'))})" if r else ""
    rows.append(Row("W5", f"restart after a failed health check, {interval:g} ms interval, "
                          f"failing right after a passed check: median",
                    f"≤ {interval + 1:g} ms", lambda v, q, i=interval: v <= i + 1, None, runner, {}, "0–1 s",
                    fmt_ms, note))
    r = result("RestartBoundDependentBenchmark", "runner")
    runner = statistic(r) if r else None
    note = f" (p99 {fmt_ms(statistic(r, '99.0'))})" if r else ""
    # The bound: one backoff (zero) + the start latencies of db and cache (no-ops) + 1 ms.
    rows.append(Row("W5", "restart of a service bound to db (bindsTo), from db's exited(cause) to its "
                          "own next start, zero backoff: median",
                    "≤ backoff + 2 starts + 1 ms = 1 ms", lambda v, q: v <= 1.0, None, runner, {}, "—",
                    fmt_ms, note))

    # W6.
    runner, peers, _ = figures("HealthStatusBenchmark", makespan_peers, statistic)
    services = int(params_of(by_key, "HealthStatusBenchmark").get("services", 10000))
    rows.append(Row("W6", f"healthStatus() over {services:,} running services",
                    "≤ 20 ms", lambda v, q: v <= 20, None, runner, peers, "—", fmt_ms))
    checked = runner
    runner, peers, _ = figures("StatusBenchmark", ("guava",), statistic)
    services = int(params_of(by_key, "StatusBenchmark").get("services", 10000))
    note = f" (healthStatus() {fmt_ms(checked)})" if runner is not None and checked is not None else ""
    rows.append(Row("W6", f"status() over {services:,} running services: the last checks, none run",
                    "≤ 1 ms", lambda v, q: v <= 1, None, runner, peers, "—", fmt_ms, note))

    # W7.
    for count in sorted(heap):
        h = heap[count]
        added = h["platformThreadsAdded"]
        note = f" ({added} platform threads added in all)" if added else ""
        rows.append(Row("W7", f"retained heap per idle supervised service, {count:,} services",
                        "≤ 2 KiB", lambda v, q: v <= 2048, None, h["bytesPerService"], {}, "≈ 2.4 KiB",
                        fmt_bytes, note))

    # W8: first start in a fresh JVM, from FirstStartMeasurement (without the AOT cache).
    for workload, target, target_ok in FIRST_START_TARGETS:
        runner = first_start(first_starts, "runner", workload)
        if runner is None:
            continue
        vt = first_start(first_starts, "virtualThreads", workload)
        guava = first_start(first_starts, "guava", workload)
        peers = {"virtualThreads": median(vt["firstStartMillis"]) if vt else None,
                 "sequential": None, "platformPool": None,
                 "guava": median(guava["firstStartMillis"]) if guava else None}
        figure = median(runner["firstStartMillis"])
        note = (f" (max {fmt_ms(max(runner['firstStartMillis']))}; launch to started "
                f"{fmt_ms(median(runner['launchToStartedMillis']))})")
        rows.append(Row("W8", f"first start in a fresh JVM, {first_start_workload(runner)}: from `Runner.create` "
                              f"to `start` returned, median of {plural(len(runner['firstStartMillis']), 'JVM')}",
                        target, lambda v, q, f=peers["virtualThreads"], ok=target_ok: f is not None and ok(v, f),
                        first_start_ideal(runner), figure, peers, "—", fmt_ms, note))

    # W9: CPU per health check of idle supervision, from IdleSupervisionMeasurement.
    for count in sorted(idle or {}, reverse=True):
        r = idle[count]
        raw = r["cpuNanosPerCheck"] * 1e-6
        note = f" ({fmt_ms(r['netCpuNanosPerCheck'] * 1e-6)} net of the idle JVM; {r['checks']:,} checks)"
        target, target_ok = ("≤ 3 µs", lambda v, q: v <= 3e-3) if count >= 10_000 else ("— (reported)", None)
        settled = f", {r['settleSeconds']:.0f} s after every service was first checked" if "settleSeconds" in r else ""
        rows.append(Row("W9", f"idle supervision: CPU time of the process per health check, {count:,} running "
                              f"services, default 1 s interval, over {r['windowSeconds']:.0f} s{settled}",
                        target, target_ok, None, raw, {}, "—", fmt_ms, note))

    # W1's warm-up: the 30th shot of fresh JMH forks, against bare virtual threads' 30th.
    curve = warmup or {}
    if curve and WARMUP_TARGET_SHOT in curve.get("runner", {}):
        runner = curve["runner"][WARMUP_TARGET_SHOT]
        vt = curve.get("virtualThreads", {}).get(WARMUP_TARGET_SHOT)
        rows.append(Row("W1", f"warm-up: start makespan of the {WARMUP_TARGET_SHOT}th shot in a fresh JMH fork, "
                              f"median of {plural(curve['forks'], 'fork')}",
                        "≤ 1.25 × bare virtual threads", lambda v, q, f=vt: f is not None and v <= 1.25 * f,
                        None, runner, {"virtualThreads": vt}, "—", fmt_ms))

    # W10: the median of sampled requests; beside it, the JDK HttpServer answering the same bytes.
    r = result("HealthEndpointBenchmark", "runner")
    floor = result("HealthEndpointBenchmark", "jdkHttpServer")
    services = int(params_of(by_key, "HealthEndpointBenchmark").get("services", 1000))
    runner = statistic(r) if r else None
    note = f" (p99 {fmt_ms(statistic(r, '99.0'))})" if r else ""
    if r and floor:
        note += f"; the same bytes from a bare JDK HttpServer: {fmt_ms(statistic(floor))}"
    rows.append(Row("W10", f"GET /health/ready over {services:,} services, HttpClient on a kept-alive "
                          f"loopback connection: median",
                    "≤ 1 ms", lambda v, q: v <= 1, None, runner, {}, "—", fmt_ms, note))
    return rows


def cold_cell(result, bold):
    """A cold figure: the median of the forks' single shots, and the slowest in brackets."""
    if result is None:
        return "—"
    metric = result["primaryMetric"]
    median = fmt_ms(statistic(result))
    slowest = fmt_ms(to_ms(metric["scorePercentiles"]["100.0"], metric["scoreUnit"]))
    return (f"**{median}**" if bold else median) + f" (max {slowest})"


def cold_table(cold_results, cold_by_key, warm_by_key):
    """The section that sets each W1–W3 contender's cold first start beside its warm median, or
    nothing when the run measured no cold start."""
    if not cold_results:
        return []
    forks = max(len(r["primaryMetric"].get("rawData", [])) for r in cold_results)
    jvms = "one fresh JVM" if forks == 1 else f"each of {forks} fresh JVMs"
    header = ["workload", "ideal"]
    for method, name in COLD_CONTENDERS:
        header += [f"{name}, cold", f"{name}, warm"]
        if method == "runner":
            header.append("Runner cold ÷ warm")
    lines = ["## W1–W3: first start in a JMH fork beside the warm figures", "",
             f"The cold figure is a JVM's first `start`, one single shot in {jvms} (JMH forks with no "
             f"warmup iteration); the cell shows the median shot and, in brackets, the slowest. JMH's "
             f"harness has run in the fork before the shot, so this is less cold than W8's fresh JVM. "
             f"The warm figure is the median of the main table, after the warmup shots of the main run. "
             f"Making the runner and adding its services (`Runner.create`, `add`) come before the shot, "
             f"in the fork's setup; the class loading, interpretation and compilation of everything "
             f"`start` does are in it.", "",
             "| | " + " | ".join(header) + " |",
             "| --- | --- | ---: | " + " | ".join("---:" for _ in header[2:]) + " |"]
    for code, cls in START_WORKLOADS:
        if not any(c == cls for c, _ in cold_by_key):
            continue
        workload, ideal = start_workload(cls, params_of(cold_by_key, cls))
        cells = [code, workload, fmt_ms(ideal)]
        for method, _ in COLD_CONTENDERS:
            cold = cold_by_key.get((cls, method))
            warm = warm_by_key.get((cls, method))
            if method == "guava" and cls != "WideStartBenchmark":
                cells += ["n/a", "n/a"]
                continue
            cold_ms = statistic(cold) if cold else None
            warm_ms = statistic(warm) if warm else None
            cells += [cold_cell(cold, bold=method == "runner"), fmt_ms(warm_ms)]
            if method == "runner":
                cells.append(fmt_ratio(cold_ms / warm_ms) + "×" if cold_ms and warm_ms else "—")
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


# The warm benchmark beside each first-start workload: W1's times `start` alone, the application's
# times what the first start does (making the group, adding, starting).
FIRST_START_WARM = {"wide": "WideStartBenchmark", "application": "ApplicationStartBenchmark"}


def first_start_cell(result, bold=False):
    """A first-start figure: the median over the JVMs, and the slowest in brackets."""
    if result is None:
        return "—"
    figure = fmt_ms(median(result["firstStartMillis"]))
    return (f"**{figure}**" if bold else figure) + f" (max {fmt_ms(max(result['firstStartMillis']))})"


def first_start_table(first_starts, warm_by_key):
    """The sections on W8: each contender's first start in a fresh JVM beside its warm figure and
    its first start with the AOT cache, then every configuration's figures from the JVM's launch;
    nothing when the run measured no first start."""
    if not first_starts:
        return []
    jvms = max(len(r["firstStartMillis"]) for r in first_starts)
    aot = any(r["aotCache"] for r in first_starts)
    contenders = [("runner", "Runner"), ("virtualThreads", "Bare virtual threads"), ("guava", "Guava ServiceManager")]
    header = ["workload", "target"]
    for method, name in contenders:
        header.append(f"{name}, first start")
        if aot and method != "guava":
            header.append(f"{name}, first start with AOT cache")
        header.append(f"{name}, warm")
    header.append("target met")
    lines = ["## W8: first start in a fresh JVM beside the warm figures", "",
             f"An application starts its runner once, in a JVM that has run none of its code. Each "
             f"first start here is the only one of a new JVM launched for it ({plural(jvms, 'JVM')} per "
             f"contender, taking turns): `java -cp benchmarks.jar` with no other option, timed inside "
             f"the JVM from `Runner.create` (or the peer's first line) to `start` returning, so the "
             f"JVM's own start-up is not in it, nor the set-up of SLF4J's binding, done before as an "
             f"application's own logging does. The cell shows the median and, in brackets, the "
             f"slowest. With the AOT cache, the same shot runs with `-XX:AOTCache` made by one "
             f"training run of it (`-XX:AOTCacheOutput`, JDK 25). The warm figure is the median of "
             f"the main table's JMH run (W1's times `start` alone; the application's, like the first "
             f"start, makes the group too). Guava runs the application graph as one `ServiceManager` "
             f"per layer, each started once the one before is healthy.", "",
             "| | " + " | ".join(header) + " |",
             "| --- | --- | --- | " + " | ".join("---:" for _ in header[2:-1]) + " | --- |"]
    for workload, target, target_ok in FIRST_START_TARGETS:
        runner = first_start(first_starts, "runner", workload)
        if runner is None:
            continue
        cells = ["W8", first_start_workload(runner), target]
        for method, _ in contenders:
            cells.append(first_start_cell(first_start(first_starts, method, workload), bold=method == "runner"))
            if aot and method != "guava":
                cells.append(first_start_cell(first_start(first_starts, method, workload, aot=True)))
            warm = warm_by_key.get((FIRST_START_WARM[workload], method))
            cells.append(fmt_ms(statistic(warm)) if warm else "—")
        vt = first_start(first_starts, "virtualThreads", workload)
        met = "—" if vt is None else (
            "yes" if target_ok(median(runner["firstStartMillis"]), median(vt["firstStartMillis"])) else "**no**")
        cells.append(met)
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Every configuration, with the part of the first start spent making the group before "
              "`start` (`Runner.create` and every `add`, or the peer's equivalent), and from the JVM's "
              "launch, by the wall clock: *launch → main* is the JVM's own start-up (the same for every "
              "contender but for the cache); then, before the first start's timer, the shot gets an SLF4J "
              "logger, as an application has by then (slf4j-simple here; the engine logs through SLF4J, "
              "the peers do not); *launch → started* is the whole application until `start` returned, "
              "all of these included. Medians, and the slowest in brackets.", "",
              "| workload | contender | AOT cache | first start | of which making the group | launch → main "
              "| SLF4J set-up, before the first start | launch → started |",
              "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    names = dict(contenders)
    for r in first_starts:
        lines.append("| " + " | ".join([
            first_start_workload(r), names.get(r["contender"], r["contender"]), "yes" if r["aotCache"] else "no",
            first_start_cell(r), fmt_ms(median(r.get("makeMillis", []))), fmt_ms(median(r["launchToMainMillis"])),
            fmt_ms(median(r.get("loggingMillis", []))),
            f"{fmt_ms(median(r['launchToStartedMillis']))} (max {fmt_ms(max(r['launchToStartedMillis']))})"]) + " |")
    return lines + [""]


def warmup_table(curve):
    """The section on W1's warm-up: the median makespan at each shown shot of fresh JMH forks, for
    Runner and bare virtual threads; nothing without a curve."""
    if not curve:
        return []
    runner = curve.get("runner", {})
    vt = curve.get("virtualThreads", {})
    lines = ["## W1 warm-up curve", "",
             f"How fast the engine reaches its steady state: W1's start makespan at the n-th shot of a "
             f"JVM, every shot a new group of the same services, no warmup before the first (JMH "
             f"single shots, {plural(curve['forks'], 'fork')} per contender; each cell the median of the forks' "
             f"n-th shots, from shot {WARMUP_POOL_FROM} pooled with the {WARMUP_POOL_HALF_WIDTH} shots each "
             f"side of it, as far as there are shots). The first shot is a JMH fork's, not a fresh "
             f"application's: see W8 for that. "
             f"Target: Runner within 1.25 × bare virtual threads by shot {WARMUP_TARGET_SHOT}.", "",
             "| shot | Runner | Bare virtual threads | Runner ÷ bare virtual threads |",
             "| ---: | ---: | ---: | ---: |"]
    for shot in WARMUP_SHOTS:
        if shot not in runner and shot not in vt:
            continue
        r, v = runner.get(shot), vt.get(shot)
        ratio = fmt_ratio(r / v) + "×" if r is not None and v else "—"
        lines.append(f"| {shot} | {fmt_ms(r)} | {fmt_ms(v)} | {ratio} |")
    return lines + [""]


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kib = int(f.readline().split()[1])
            memory = f", {kib / 1024 / 1024:.0f} GiB memory"
    except (OSError, ValueError, IndexError):
        pass
    return f"{model}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}"


def load():
    """The load averages, with a warning when more than the benchmarks' own load (about one per
    core) shared the machine."""
    try:
        averages = os.getloadavg()
    except OSError:
        return "unknown"
    text = ", ".join(f"{v:.2f}" for v in averages)
    if averages[1] > (os.cpu_count() or 1) + 0.5:
        text += " — other processes shared the machine, so the figures are noisier than usual"
    return text


def raw_table(results):
    lines = ["| benchmark | params | mode | samples | score | error | median | min | max |",
             "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        m = r["primaryMetric"]
        unit = m["scoreUnit"]
        p = m["scorePercentiles"]
        # rawData: forks of iterations of values; rawDataHistogram (SampleTime): forks of
        # iterations of [value, count] pairs.
        samples = sum(len(fork) for fork in m.get("rawData", [])) or sum(
            count for fork in m.get("rawDataHistogram", []) for iteration in fork for _, count in iteration)
        error = m["scoreError"]
        error = "—" if error == "NaN" or error != error else fmt_ms(to_ms(float(error), unit))
        params = ", ".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
        lines.append("| " + " | ".join([
            r["benchmark"].replace("dev.runner.benchmarks.", ""), params, r["mode"], str(samples),
            fmt_ms(to_ms(m["score"], unit)), error, fmt_ms(to_ms(p["50.0"], unit)),
            fmt_ms(to_ms(p["0.0"], unit)), fmt_ms(to_ms(p["100.0"], unit))]) + " |")
    return lines


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jmh", required=True, help="JMH results, written with -rf json")
    parser.add_argument("--heap", help="RetainedHeapMeasurement results")
    parser.add_argument("--cold", help="JMH results of the cold first starts (forks with no warmup)")
    parser.add_argument("--first-start", help="FirstStartMeasurement results (W8)")
    parser.add_argument("--idle", help="IdleSupervisionMeasurement results (W9)")
    parser.add_argument("--warmup", help="JMH results of W1's warm-up curve (forks of single shots, no warmup)")
    parser.add_argument("--out", required=True, help="the Markdown file to write")
    parser.add_argument("--command", default="runner-benchmarks/run-benchmarks.sh")
    parser.add_argument("--commit", default="")
    parser.add_argument("--title", default="Runner benchmark results")
    args = parser.parse_args(argv)

    results, by_key = load_jmh(args.jmh)
    heap = load_heap(args.heap)
    cold_results, cold_by_key = load_jmh(args.cold) if args.cold and os.path.exists(args.cold) else ([], {})
    first_starts = load_json_list(args.first_start)
    idle = {r["services"]: r for r in load_json_list(args.idle)}
    curve = warmup_curve(load_json_list(args.warmup))
    rows = build_rows(by_key, heap, first_starts, idle, curve)
    first = results[0] if results else {}
    jdk = f"{first.get('vmName', '?')} {first.get('vmVersion', '?')}" if first else "?"
    pool = (os.cpu_count() or 1) * 2
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    out = [f"# {args.title}", "",
           f"- Machine: {machine()}",
           f"- JDK: {jdk}, JMH {first.get('jmhVersion', '?')}",
           f"- Command: `{args.command}`",
           f"- Date: {now}" + (f", commit `{args.commit}`" if args.commit else ""),
           f"- Load average at the end (1, 5, 15 min): {load()}",
           "",
           "Made by `runner-benchmarks/format_results.py` from the run's own JMH and heap results; "
           "regenerate it with the command above.",
           "",
           "| | workload | target | ideal | Runner | Runner ÷ ideal | " + " | ".join(n for _, n in PEERS)
           + " | Go `runner` (for scale) | target met |",
           "| --- | --- | --- | ---: | ---: | ---: | " + " | ".join("---:" for _ in PEERS) + " | ---: | --- |"]
    for row in rows:
        out.append("| " + " | ".join(row.cells()) + " |")
    out += ["",
            "How to read it:",
            "- Lower is better everywhere. A makespan is the time from the first `start` call until "
            "every service is up; a figure from single shots is their median.",
            "- The ideal of W1–W3 is the critical path, the longest chain of latencies: nothing can "
            "do better. `Runner ÷ ideal` is how close Runner gets to it.",
            "- In a peer's cell, `(N×)` is the peer's figure ÷ Runner's: how many times Runner is "
            "ahead of it. `n/a`: the peer cannot express the workload (Guava's ServiceManager has "
            "no dependencies and no restarts); `—`: not measured in this run.",
            "- Bare virtual threads is a dependency-aware `CompletableFuture` graph on a new virtual "
            "thread per call, with no timeouts, cancellation, health supervision or restarts: the "
            "least a virtual-thread design can do, so the gap between it and Runner is the cost of "
            "Runner's own machinery, and the gap between it and the ideal is the JDK's (a virtual "
            "thread wakes from `sleep` some 0.1 ms late on 2 busy cores). "
            "Sequential starts one service at a time in topological order. Platform pool is the "
            f"same graph on {pool} platform threads (cores × 2): Runner's scheduling without "
            "virtual threads. Guava wraps each service in an "
            "`AbstractIdleService` under a `ServiceManager`; its W6 figure reads the services' "
            "states (it has no health checks), where Runner and the others call every `health()`.",
            "- W5 samples start when the service fails and end when its next `start` is called. In "
            "the health-check case the service turns unhealthy right after a passed check, so each "
            "sample includes a whole interval of detection. In the bound case the failing service is "
            "`db` and the sample ends when `cache`, added with `bindsTo(\"db\")`, starts again: "
            "`cache` stopped, `db` stopped, started and checked ready, then `cache` started.",
            "- W4 with a listener runs W4's workload with one listener that counts every event "
            "(five per service); each shot checks the count. W6's `status()` reads what supervision "
            "saw last and runs no check; Guava's figure beside it is `servicesByState()`, the same "
            "kind of read.",
            "- W10 sends `GET /health/ready` with `java.net.http.HttpClient` (HTTP/1.1, one kept-alive "
            "connection) to runner-endpoint's `HealthEndpoint` on the loopback address; each answer "
            "is made from `status()`. The bare JDK `HttpServer` beside it answers the very bytes "
            "from memory, on a virtual thread per request as the endpoint does: the transport's "
            "floor.",
            "- W7 counts the heap a runner retains per idle supervised service after full "
            "collections (its records, supervision, and the stacks of its parked virtual threads, "
            "which live on the heap). Platform threads keep their stacks off the heap, so the number the "
            "JVM added while the services ran is shown beside the figure: a few carrier threads of the "
            "virtual-thread scheduler are expected, one per service would be a leak of memory "
            "not counted here.",
            "- W2's target is the bare virtual threads of the same run (≤ 1.02×): no virtual-thread "
            "design meets 1.10 × the critical path here, since a virtual thread wakes from a 1 ms "
            "`sleep` some 0.1 ms late.",
            "- W8 is an application's first start: a new JVM per shot runs only that contender's code, "
            "timed from `Runner.create` (or the peer's first line) to `start` returning; the JVM's "
            "own start-up is not in it, nor SLF4J's set-up, done before as an application's logging "
            "does (the section below gives both, and the time from launch). "
            "The figure is the median over the JVMs. The application graph is 20 services in three "
            "layers (4, 10, 6), no start latency, each with a health check.",
            "- W9 is the CPU time of the whole process (`getProcessCpuTime`, 10 ms ticks) over the "
            "window divided by the health checks the services counted in it, while the runner "
            "supervises running services at the default 1 s interval and does nothing else; the net "
            "figure takes out the CPU rate of the same JVM idle without a runner.",
            "- The Go figures are those of the Go library whose API Runner follows, measured on the "
            "same workloads and given in the issue; they were not measured in this run.",
            ""]
    out += first_start_table(first_starts, by_key)
    out += warmup_table(curve)
    out += cold_table(cold_results, cold_by_key, by_key)
    out += ["## Every JMH result", ""]
    out += raw_table(results)
    if cold_results:
        out += ["", "### Cold first starts", ""]
        out += raw_table(cold_results)
    out.append("")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
