"""networkx and Python-json peers of the efn benchmark (run with /usr/bin/python3
and Debian's python3-networkx).

    nx_peer.py load FILE INST REPS TIMEOUT
    nx_peer.py flow ARCS INST REPS TIMEOUT
    nx_peer.py n1 ARCS INST TIMEOUT

ARCS is the arc list efnbench writes (--arcs): the flow network efn builds,
one arc a line: tail head cap cost icap icost asset. Prints one JSON line
per measurement, as efnbench does. A measurement still running at TIMEOUT
seconds is interrupted (SIGALRM) and reported as stopped.
"""
import json
import signal
import statistics
import sys
import time

import networkx as nx


class Stop(Exception):
    pass


def _alarm(signum, frame):
    raise Stop()


signal.signal(signal.SIGALRM, _alarm)


def emit(rec):
    base = {"status": "ok", "runs": [], "limit": None}
    base.update(rec)
    runs = base["runs"]
    base["median"] = statistics.median(runs) if runs else None
    base["n"] = len(runs)
    print(json.dumps(base), flush=True)


def timed(fn, reps, timeout, budget=None):
    """Runs fn up to reps times; returns (runs, last result, stopped)."""
    runs, out = [], None
    budget = budget if budget is not None else timeout
    for _ in range(reps):
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            t0 = time.perf_counter()
            out = fn()
            runs.append(time.perf_counter() - t0)
        except Stop:
            return runs, out, True
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if sum(runs) + runs[-1] > budget:
            break
    return runs, out, False


def cmd_load(path, inst, reps, timeout):
    with open(path, "rb") as f:
        data = f.read()

    def run():
        doc = json.loads(data)
        g = nx.DiGraph()
        for n in doc["nodes"]:
            attrs = {}
            for key in ("supply", "demand"):
                q = n.get(key, {}).get("gas")
                if q is not None:
                    attrs[key] = q
            g.add_node(n["id"], **attrs)
        for a in doc["assets"]:
            cap = a.get("capacity")
            route = a["route"]
            both = a.get("bidirectional", False)
            for u, v in zip(route, route[1:]):
                g.add_edge(u, v, capacity=cap, asset=a["id"])
                if both:
                    g.add_edge(v, u, capacity=cap, asset=a["id"])
        return g.number_of_edges()

    runs, edges, stopped = timed(run, reps, timeout, budget=3 * timeout)
    emit({"w": "load", "inst": inst, "impl": "Python json + networkx DiGraph",
          "status": "stopped" if stopped and not runs else "ok", "runs": runs,
          "limit": timeout, "arcs": edges,
          "note": "json.loads of the bytes in memory, then a DiGraph of every segment both ways"})
    runs, _, stopped = timed(lambda: json.loads(data), reps, timeout, budget=3 * timeout)
    emit({"w": "load", "inst": inst, "impl": "Python json alone",
          "status": "stopped" if stopped and not runs else "ok", "runs": runs,
          "limit": timeout})


def read_arcs(path):
    with open(path) as f:
        n, m, s, t, nseg, integral, icost_ok = (int(x) for x in f.readline().split())
        arcs = []
        for line in f:
            p = line.split()
            arcs.append((int(p[0]), int(p[1]), float(p[2]), float(p[3]), int(p[4]),
                         int(p[5]), int(p[6])))
    return n, s, t, arcs, bool(integral and icost_ok)


def graph(arcs, caps=None, integer=False):
    """A DiGraph of the arcs; parallel arcs (none in the generated networks,
    possible in others) are merged by adding capacities."""
    g = nx.DiGraph()
    for k, (u, v, cap, cost, icap, icost, _a) in enumerate(arcs):
        c = caps[k] if caps is not None else (icap if integer else cap)
        if g.has_edge(u, v):
            g[u][v]["capacity"] += c
        else:
            g.add_edge(u, v, capacity=c, weight=icost)
    return g


def cmd_flow(path, inst, reps, timeout):
    n, s, t, arcs, integral = read_arcs(path)
    runs, value, stopped = timed(
        lambda: nx.maximum_flow_value(graph(arcs), s, t), reps, timeout)
    emit({"w": "flow", "inst": inst, "impl": "networkx maximum_flow_value",
          "status": "stopped" if stopped and not runs else "ok", "runs": runs,
          "limit": timeout, "value": value,
          "note": "preflow_push (networkx's default); graph built from the arc list"})
    if not integral:
        return

    def mincost():
        g = graph(arcs, integer=True)
        flow = nx.max_flow_min_cost(g, s, t)
        value = sum(flow[s].values())
        return value / 100, nx.cost_of_flow(g, flow) / 100

    runs, out, stopped = timed(mincost, reps, timeout)
    emit({"w": "alloc", "inst": inst, "impl": "networkx max_flow_min_cost",
          "status": "stopped" if stopped and not runs else "ok", "runs": runs,
          "limit": timeout, "value": out[0] if out else None,
          "cost": out[1] if out else None,
          "note": "integer data in hundredths (network simplex)"})


def cmd_n1(path, inst, timeout):
    n, s, t, arcs, _ = read_arcs(path)
    by_asset = {}
    for k, a in enumerate(arcs):
        if a[6] >= 0:
            by_asset.setdefault(a[6], []).append(k)
    assets = sorted(by_asset)
    caps = [a[2] for a in arcs]
    done = 0
    t0 = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        nx.maximum_flow_value(graph(arcs), s, t)
        for a in assets:
            c = list(caps)
            for k in by_asset[a]:
                c[k] = 0.0
            nx.maximum_flow_value(graph(arcs, caps=c), s, t)
            done += 1
    except Stop:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    spent = time.perf_counter() - t0
    rec = {"w": "n1", "inst": inst, "impl": "loop: networkx maximum_flow_value",
           "done": done, "limit": timeout,
           "per_solve": spent / (done + 1),
           "note": "totals only: R + 1 maximum flows, each from scratch"}
    if done == len(assets):
        rec["runs"] = [spent]
    else:
        rec["status"] = "stopped"
        rec["estimate"] = spent / (done + 1) * (len(assets) + 1)
    emit(rec)


def main(argv):
    cmd = argv[1]
    if cmd == "load":
        cmd_load(argv[2], argv[3], int(argv[4]), float(argv[5]))
    elif cmd == "flow":
        cmd_flow(argv[2], argv[3], int(argv[4]), float(argv[5]))
    elif cmd == "n1":
        cmd_n1(argv[2], argv[3], float(argv[4]))
    else:
        raise SystemExit("usage: see the head of nx_peer.py")


if __name__ == "__main__":
    main(sys.argv)
