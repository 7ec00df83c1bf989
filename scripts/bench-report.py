#!/usr/bin/env python3
"""Turns a scripts/bench results directory into a markdown section: median (min-max) of RUNS rounds per hub and
scenario, and the ratios the targets are stated in. The hubs and their order come from scripts/bench-hubs.tsv (the
table scripts/bench starts them from); the targets are the TARGETS table below. Run with --help for the arguments."""
import argparse
import csv
import glob
import json
import os
import statistics
import sys

COLUMNS = {
    "fanout": [("delivered_per_s", "delivered msg/s"), ("send_rate", "sent msg/s"), ("p50_ms", "p50 ms"),
               ("p99_ms", "p99 ms"), ("p999_ms", "p99.9 ms"), ("max_ms", "max ms"), ("lost", "lost"),
               ("disconnected_subscribers", "subs dropped"), ("close_codes", "close codes"),
               ("publisher", "publisher"), ("hub_cpu_pct", "hub CPU %"),
               ("cpu_us_per_delivery", "CPU µs/delivery"), ("hub_rss_end_kb", "hub RSS kB")],
    "idle": [("connected", "connected"), ("failed", "failed"), ("connect_rate_per_s", "conn/s"),
             ("hub_rss_idle_kb", "hub RSS kB"), ("rss_per_conn_kb", "RSS/conn kB"),
             ("heap_per_conn_kb", "heap/conn kB"), ("hub_threads", "threads"), ("hub_cpu_rest_pct", "CPU at rest %"),
             ("open_after_hold", "open after hold")],
    "churn": [("cycles_per_s", "connect+close/s"), ("cycles", "cycles"), ("failures", "failures"),
              ("hub_connections_after", "registry after"), ("ms_to_zero", "ms to zero"),
              ("hub_rss_before_kb", "RSS before kB"), ("hub_rss_after_kb", "RSS after kB")],
}
# With engine=redis (fanout, rooms, slow-consumer): columns added to a table only when one of its runs has them.
REDIS_COLUMNS = [("redis_scripts_per_msg", "Redis scripts/msg"), ("redis_commands_per_msg", "Redis cmds/msg"),
                 ("redis_usec_per_msg", "Redis µs/msg"), ("publish_redis_ms", "publish→Redis ms")]
COLUMNS["rooms"] = COLUMNS["fanout"]
COLUMNS["light"] = COLUMNS["fanout"]
COLUMNS["slow-consumer"] = COLUMNS["fanout"][:10] + [("hub_connections_end", "hub conns at end")] \
    + COLUMNS["fanout"][10:12]
ORDER = ["fanout", "light", "slow-consumer", "rooms", "idle", "churn"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HUB_TABLE = os.path.join(ROOT, "scripts", "bench-hubs.tsv")


def read_hubs(path):
    """The hub table: {hub: its row}, in the table's order."""
    with open(path, newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return {row["hub"]: row for row in csv.DictReader(lines, delimiter="\t")}


HUBS = read_hubs(HUB_TABLE)
HUB_ORDER = list(HUBS)
# The peers: the hubs scripts/bench runs from ../shared/peers rather than from this project.
PEERS = [h for h, row in HUBS.items() if row["runtime"] != "java"]
# Every target a ratio is held to, in one place: what the ratio should be, as printed in the reports.
TARGETS = {
    "layers_throughput": "≥ 0.9 (layers ≤ 10 %)",
    "layers_p99": "≤ 1.1",
    "layers_cpu": "≤ 1.1",
    "sustained_vs_gorilla": "≥ 1.5 at 1,000 subscribers",
    "fanout_vs_gorilla": "– (≥ 1.5 is for the sustained rate: read it off the sweep)",
    "p99_vs_best_peer": "≤ 1.0",
    "idle_rss_vs_node": "≤ 1.0 at 19k connections",
    "slow_consumer_p99": "≈ 1 (slow readers do not hurt the rest)",
    "redis_fanout": "≥ 0.5 (redis engine, one node)",
    "container_fanout": "≥ 0.5 (issue 16, goal 5)",
    "none": "–",
}
WHAT = {
    "fanout": "N subscribers on one channel, one publisher at RATE msg/s for DURATION s",
    "light": "as fanout, at LIGHT_RATE msg/s: latency at a light load",
    "slow-consumer": "as fanout, SLOW_PERCENT % of subscribers never read; latency/loss of the healthy ones",
    "rooms": "N subscribers in channels of ROOM_SIZE, the publisher going round the channels",
    "idle": "IDLE_N connections held HOLD s with hub pings every HEARTBEAT s",
    "churn": "CHURN_LOOPS concurrent connect/subscribe/close loops for DURATION s",
}


def fmt(v):
    if v is None:
        return "–"
    if isinstance(v, float) and not v.is_integer():
        return f"{v:.3g}" if abs(v) < 100 else f"{v:.0f}"
    return str(int(v))


def publisher_fate(r):
    """'ok', or when and how the publisher's connection ended early (from the load generator's summary)."""
    if not r.get("publisher_disconnected"):
        return "ok" if "publisher_disconnected" in r else None
    code = r.get("publisher_close_code")
    return (f"cut at {r.get('publisher_disconnected_at_s', 0):.1f} s"
            + (" (no close frame)" if code == -1 else f" (code {code})" if code not in (None, 0) else "")
            + f", {r.get('sent', 0)} sent")


def enrich(r):
    """Derived fields: the publisher's fate; subscribers dropped from older summaries that lack the total."""
    r = dict(r)
    r["publisher"] = publisher_fate(r)
    r.setdefault("disconnected_subscribers", r.get("readers_disconnected"))
    # Hub CPU per message delivered, in µs: the cost of the same work, comparable between a hub that keeps up and
    # one that falls behind (whose CPU % covers fewer deliveries).
    cpu, rate = r.get("hub_cpu_pct"), r.get("delivered_per_s")
    if isinstance(cpu, (int, float)) and isinstance(rate, (int, float)) and cpu >= 0 and rate > 0:
        r["cpu_us_per_delivery"] = round(cpu / 100 * 1e6 / rate, 2)
    codes = r.get("close_codes")
    r["close_codes"] = ", ".join(f"{k}×{v}" for k, v in codes.items()) if codes else ("–" if codes is None else "none")
    return r


def cell(values):
    strs = [v for v in values if isinstance(v, str)]
    if strs:
        return "; ".join(dict.fromkeys(strs))
    vals = [v for v in values if isinstance(v, (int, float)) and v is not None]
    if not vals:
        return "–"
    med = statistics.median(vals)
    if len(vals) == 1:
        return fmt(med)
    return f"{fmt(med)} ({fmt(min(vals))}–{fmt(max(vals))})"


def median(results, hub, sc, key):
    vals = [r.get(key) for r in results.get((hub, sc), []) if isinstance(r.get(key), (int, float))]
    return statistics.median(vals) if vals else None


def load(d):
    results, errors = {}, []
    for path in sorted(glob.glob(os.path.join(d, "*.json"))):
        name = os.path.basename(path)
        if name.startswith("jmh"):
            continue
        hub, sc, _ = name[:-5].rsplit(".", 2)
        try:
            with open(path) as f:
                doc = json.loads(f.read().strip().splitlines()[-1])
        except (ValueError, IndexError):
            errors.append(f"{name}: no JSON summary (see loadgen.log)")
            continue
        if "error" in doc or "result" not in doc:
            errors.append(f"{name}: {doc.get('error', 'no result')}")
            continue
        results.setdefault((hub, sc), []).append(enrich(doc["result"]))
    return results, errors


def ratio_table(title, rows):
    """A markdown table of (ratio, value, target) rows; a row whose hubs were not both in the run says nothing and is
    left out, and so is the table when no row is left."""
    rows = [row for row in rows if row[1] != "–"]
    if not rows:
        return []
    return ([f"### {title}", "", "| ratio | value | target |", "|---|---|---|"]
            + [f"| {a} | {b} | {c} |" for a, b, c in rows] + [""])


def ordered(hubs):
    """HUB_ORDER, each hub's variants (BASE@NAME) right after it, unknown hubs last."""
    def key(h):
        base = h.split("@", 1)[0]
        return (HUB_ORDER.index(base) if base in HUB_ORDER else len(HUB_ORDER), base, "@" in h, h)
    return sorted(hubs, key=key)


def name(hub):
    """A hub's name in the ratio tables (the table's report column)."""
    return HUBS[hub]["report"] if hub in HUBS else hub


# The ratios of a scenario run: (label, scenario, key, numerator hub, denominator hub, key of TARGETS).
SCENARIO_RATIOS = [
    ("fanout delivered msg/s", "fanout", "delivered_per_s", "switchboard", "tyrus-broadcast", "layers_throughput"),
    ("fanout p99", "fanout", "p99_ms", "switchboard", "tyrus-broadcast", "layers_p99"),
    ("fanout hub CPU per delivery", "fanout", "cpu_us_per_delivery", "switchboard", "tyrus-broadcast", "layers_cpu"),
    ("fanout delivered msg/s", "fanout", "delivered_per_s", "switchboard", "tyrus", "layers_throughput"),
    ("fanout p99", "fanout", "p99_ms", "switchboard", "tyrus", "layers_p99"),
    ("fanout hub CPU per delivery", "fanout", "cpu_us_per_delivery", "switchboard", "tyrus", "layers_cpu"),
    ("rooms hub CPU per delivery", "rooms", "cpu_us_per_delivery", "switchboard", "tyrus", "layers_cpu"),
    ("rooms p99", "rooms", "p99_ms", "switchboard", "tyrus", "layers_p99"),
    ("churn connect+close/s", "churn", "cycles_per_s", "switchboard", "tyrus", "none"),
    ("fanout delivered msg/s", "fanout", "delivered_per_s", "switchboard", "gorilla", "fanout_vs_gorilla"),
    ("idle RSS/conn", "idle", "rss_per_conn_kb", "switchboard", "node-ws", "idle_rss_vs_node"),
]
# The WAR in an application server against the standalone hub (scripts/bench containers).
for _war in ("payara", "wildfly"):
    SCENARIO_RATIOS += [
        ("fanout delivered msg/s", "fanout", "delivered_per_s", _war, "switchboard", "container_fanout"),
        ("fanout p99", "fanout", "p99_ms", _war, "switchboard", "none"),
        ("fanout hub CPU per delivery", "fanout", "cpu_us_per_delivery", _war, "switchboard", "none"),
        ("light p99", "light", "p99_ms", _war, "switchboard", "none"),
        ("idle RSS/conn", "idle", "rss_per_conn_kb", _war, "switchboard", "none"),
        ("idle heap/conn", "idle", "heap_per_conn_kb", _war, "switchboard", "none"),
    ]


def ratio(a, b):
    return f"{a / b:.2f}×" if a is not None and b not in (None, 0) else "–"


def render(d):
    results, errors = load(d)
    with open(os.path.join(d, "settings.txt")) as f:
        settings = f.read().strip()
    out = [f"Results directory `{d}`; every number is the median of the rounds, (min–max) beside it.", "",
           "```", settings, "```", ""]
    for sc in ORDER:
        hubs = ordered({h for (h, s) in results if s == sc})
        if not hubs:
            continue
        cols = COLUMNS[sc] + [c for c in REDIS_COLUMNS if any(c[0] in r for h in hubs for r in results[(h, sc)])]
        rounds = max(len(results[(h, sc)]) for h in hubs)
        out += [f"### {sc}: {WHAT[sc]} ({rounds} rounds)", "",
                "| hub | " + " | ".join(c[1] for c in cols) + " |", "|---" * (len(cols) + 1) + "|"]
        for h in hubs:
            out.append(f"| {h} | " + " | ".join(cell([r.get(k) for r in results[(h, sc)]]) for k, _ in cols) + " |")
        out.append("")
    def m(hub, sc, key):
        return median(results, hub, sc, key)

    rows = [(f"{label}, {a} / {name(b)}", ratio(m(a, sc, key), m(b, sc, key)), TARGETS[target])
            for label, sc, key, a, b, target in SCENARIO_RATIOS]
    rows.append(("slow-consumer p99 / fanout p99 (switchboard)",
                 ratio(m("switchboard", "slow-consumer", "p99_ms"), m("switchboard", "fanout", "p99_ms")),
                 TARGETS["slow_consumer_p99"]))
    # A variant (BASE@NAME) against its base, scenario by scenario: the A/B of a setting within one run.
    for v in sorted({h for (h, _) in results if "@" in h}):
        base = v.split("@", 1)[0]
        for sc in ORDER:
            for key, label in (("delivered_per_s", "delivered msg/s"), ("p50_ms", "p50"), ("p99_ms", "p99"),
                               ("hub_cpu_pct", "hub CPU %"), ("cpu_us_per_delivery", "CPU per delivery"),
                               ("rss_per_conn_kb", "RSS/conn"),
                               ("hub_cpu_rest_pct", "CPU at rest"), ("heap_per_conn_kb", "heap/conn"),
                               ("cycles_per_s", "connect+close/s")):
                r = ratio(m(v, sc, key), m(base, sc, key))
                if r != "–":
                    target = "redis_fanout" if (v, sc, key) == ("switchboard@redis", "fanout", "delivered_per_s") \
                        else "none"
                    rows.append((f"{sc} {label}, {v} / {base}", r, TARGETS[target]))
    out += ratio_table("Ratios (from the medians above)", rows)
    if errors:
        out += ["Runs without a summary: " + "; ".join(errors), ""]
    return "\n".join(out)


SWEEP_COLS = [("delivered_per_s", "delivered msg/s"), ("send_rate", "sent msg/s"), ("p50_ms", "p50 ms"),
              ("p99_ms", "p99 ms"), ("max_ms", "max ms"), ("lost", "lost"),
              ("disconnected_subscribers", "subs dropped"), ("close_codes", "close codes"),
              ("publisher", "publisher"), ("hub_cpu_pct", "hub CPU %"), ("cpu_us_per_delivery", "CPU µs/delivery")]


def sustained(r, rate):
    """No loss, no subscriber dropped, publisher not cut, ≥ 95 % of the rate sent, and the hub kept up: delivered
    msg/s ≥ 90 % of rate × subscribers (a hub that only queues, then drains within the drain window, loses nothing
    but does not sustain the rate). Same test as scripts/bench's sustained()."""
    return (r.get("lost") == 0 and r.get("disconnected_subscribers") == 0 and not r.get("publisher_disconnected")
            and (r.get("send_rate") or 0) >= 0.95 * rate
            and (r.get("delivered_per_s") or 0) >= 0.9 * rate * (r.get("reading_subscribers") or 0))


def render_sweep(d):
    results, errors = load(d)
    with open(os.path.join(d, "settings.txt")) as f:
        settings = f.read().strip()
    rates = sorted({int(sc.split("-", 1)[1]) for (_, sc) in results if sc.startswith("sweep-")}
                   | {int(e.split(".")[1].split("-", 1)[1]) for e in errors if ".sweep-" in e})
    hubs = ordered({h for (h, s) in results if s.startswith("sweep-")})
    out = [f"Results directory `{d}`; every number is the median of the rounds, (min–max) beside it. A rate is "
           "*sustained* when it ran in every round and each had no loss, no subscriber dropped, the publisher not "
           "cut, ≥ 95 % of the rate sent and delivered msg/s ≥ 90 % of rate × subscribers (the hub kept up instead "
           "of queueing); a hub that failed a rate was not run at higher ones in that round, and a hub's sustained "
           "rate is the highest below its first failure.", "",
           "```", settings, "```", "",
           "### sweep: fanout to N subscribers at each offered rate", "",
           "| hub | offered msg/s | sustained | " + " | ".join(c[1] for c in SWEEP_COLS) + " |",
           "|---" * (len(SWEEP_COLS) + 3) + "|"]
    rounds = max((len(v) for k, v in results.items() if k[1].startswith("sweep-")), default=0)
    best = {}
    for h in hubs:
        below_failure = True
        for rate in rates:
            runs = results.get((h, f"sweep-{rate}"))
            if not runs:
                continue
            # Sustained: run in every round, and kept up in each. A rate a hub reached only in some rounds (it had
            # failed a lower one in the others) does not count, nor does any rate above its first failure.
            ok = len(runs) == rounds and all(sustained(r, rate) for r in runs)
            below_failure = below_failure and ok
            if below_failure:
                best[h] = (rate, statistics.median(r["delivered_per_s"] for r in runs),
                           statistics.median(r["p99_ms"] for r in runs))
            verdict = "yes" if ok else "**no**" if len(runs) == rounds else f"{len(runs)} of {rounds} rounds"
            out.append(f"| {h} | {rate} | {verdict} | "
                       + " | ".join(cell([r.get(k) for r in runs]) for k, _ in SWEEP_COLS) + " |")
    out += ["", "### Sustained rate per hub", "",
            "| hub | highest sustained msg/s offered | deliveries/s there | p99 ms there | first rate not sustained |",
            "|---|---|---|---|---|"]
    for h in hubs:
        failed = [r for r in rates if (h, f"sweep-{r}") in results
                  and (len(results[(h, f"sweep-{r}")]) < rounds
                       or not all(sustained(x, r) for x in results[(h, f"sweep-{r}")]))]
        b = best.get(h)
        out.append(f"| {h} | {b[0] if b else 'none'} | {fmt(b[1]) if b else '–'} | {fmt(b[2]) if b else '–'} | "
                   f"{failed[0] if failed else 'none up to ' + str(rates[-1])} |")
    low = rates[0] if rates else None
    p99 = {h: median(results, h, f"sweep-{low}", "p99_ms") for h in hubs}
    peers = {h: v for h, v in p99.items() if h in PEERS and v is not None}
    best_peer = min(peers, key=peers.get) if peers else None
    sb = best.get("switchboard")
    def best_of(hub):
        return best[hub][1] if hub in best else None

    sb_low = median(results, "switchboard", f"sweep-{low}", "cpu_us_per_delivery")
    sustained_targets = {"gorilla": "sustained_vs_gorilla", "tyrus-broadcast": "layers_throughput"}
    rows = [(f"sustained deliveries/s, switchboard / {name(h)}", ratio(sb and sb[1], best_of(h)),
             TARGETS[sustained_targets.get(h, "none")]) for h in ("gorilla", "tyrus-broadcast", "tyrus", "node-ws")]
    rows += [(f"p99 at {low} msg/s, switchboard / best peer ({best_peer or '–'})",
              ratio(p99.get("switchboard"), peers.get(best_peer) if best_peer else None), TARGETS["p99_vs_best_peer"]),
             (f"p99 at {low} msg/s, switchboard / {name('tyrus-broadcast')}",
              ratio(p99.get("switchboard"), p99.get("tyrus-broadcast")), TARGETS["layers_p99"]),
             (f"p99 at {low} msg/s, switchboard / {name('tyrus')}", ratio(p99.get("switchboard"), p99.get("tyrus")),
              TARGETS["none"]),
             (f"hub CPU per delivery at {low} msg/s, switchboard / {name('tyrus-broadcast')}",
              ratio(sb_low, median(results, "tyrus-broadcast", f"sweep-{low}", "cpu_us_per_delivery")),
              TARGETS["layers_cpu"])]
    out += [""] + ratio_table("Ratios (sustained deliveries/s; p99 at the lowest rate)", rows)
    out += ["The sweep's steps are coarse: a hub's true ceiling lies between its highest sustained rate and the "
            "next one tried, so a ratio of sustained rates is only resolved to the step size.", ""]
    if errors:
        out += ["Runs without a summary: " + "; ".join(errors), ""]
    return "\n".join(out)


def render_jmh(d):
    with open(os.path.join(d, "jmh.json")) as f:
        runs = json.load(f)
    out = [f"Results directory `{d}`; `{' '.join(runs[0].get('jvmArgs', []))}` JVM args, "
           f"{runs[0]['forks']} fork(s), {runs[0]['warmupIterations']}×{runs[0]['warmupTime']} warm-up, "
           f"{runs[0]['measurementIterations']}×{runs[0]['measurementTime']} measurement, JDK {runs[0]['jdkVersion']}.",
           "", "| benchmark | params | score | ± 99.9 % | unit |", "|---|---|---|---|---|"]
    for r in runs:
        m = r["primaryMetric"]
        params = ", ".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
        err = m.get("scoreError")
        out.append(f"| {r['benchmark'].replace('dev.switchboard.bench.jmh.', '')} | {params} | {m['score']:.1f} | "
                   f"{'–' if err is None or err != err else f'{err:.1f}'} | {m['scoreUnit']} |")
    return "\n".join(out) + "\n"


def arguments():
    parser = argparse.ArgumentParser(
        description="Turns a scripts/bench results directory into a markdown section (printed, or written into a "
                    "document between its <!-- bench:NAME:start --> and <!-- bench:NAME:end --> markers).")
    parser.add_argument("results", metavar="RESULTS_DIR",
                        help="a scripts/bench output directory, e.g. target/bench/<time> or bench/results/<run>")
    parser.add_argument("--into", metavar="FILE",
                        help="replace a section of FILE (e.g. docs/benchmarks.md) instead of printing")
    parser.add_argument("--section", metavar="NAME",
                        help="with --into: the bench:NAME markers to write between; by default bench:results, "
                             "bench:sweep for a rate sweep (<hub>.sweep-<rate>.<round>.json), bench:jmh for JMH")
    args = parser.parse_args()
    if args.section and not args.into:
        parser.error("--section needs --into")
    return args


def main():
    args = arguments()
    d = args.results
    jmh = os.path.exists(os.path.join(d, "jmh.json"))
    sweep = not jmh and bool(glob.glob(os.path.join(d, "*.sweep-*.json")))
    text = render_jmh(d) if jmh else render_sweep(d) if sweep else render(d)
    if args.into:
        with open(args.into) as f:
            doc = f.read()
        marker = f"bench:{args.section}" if args.section else "bench:jmh" if jmh else "bench:sweep" if sweep \
            else "bench:results"
        start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
        a, b = doc.index(start) + len(start), doc.index(end)
        with open(args.into, "w") as f:
            f.write(doc[:a] + "\n" + text + "\n" + doc[b:])
    else:
        print(text)


if __name__ == "__main__":
    main()
