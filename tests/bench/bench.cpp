/*
 * efn benchmark: efn's public API against its peers on the same graphs.
 *
 * Every efn figure is measured through the public API on a network loaded
 * by efn's loader. The peers get the same graph: the flow network that efn
 * builds (gas, the network's year), read back through the public query API
 * (nodes' supply and demand, active assets' segments and capacities, costs
 * = tariff, else length / segments, else 1), so the arcs are efn's arcs in
 * efn's order: segments (both ways for bidirectional assets), super-source
 * arcs, super-sink arcs.
 *
 * Each measurement prints one JSON line on stdout (run.sh collects them and
 * report.py writes docs/performance.md). efn calls that may run long run
 * in a forked child with a time limit; a child still running at the limit
 * is killed and reported as stopped. Peers are timed from scratch: build
 * their graph from the arc arrays, then solve.
 *
 *   efnbench load FILE INST REPS
 *   efnbench flow FILE INST REPS TIMEOUT [--arcs OUT] [--no-efn] [--no-glpk]
 *                 [--no-alloc]
 *   efnbench n1 FILE INST TIMEOUT [--arcs OUT] [--no-efn] [--reps N]
 *   efnbench risk FILE INST SAMPLES PEER_SAMPLES TIMEOUT [WORKERS...]
 *   efnbench memory FILE INST TIMEOUT
 */
#include <efn.h>

extern "C" {
#include "../../lib/maxflow.h" /* efn__mf_*: internal, from libefn.a */
}

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <cjson/cJSON.h>
#include <glpk.h>
#include <gsl/gsl_rng.h>
#include <igraph/igraph.h>
#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/preflow.h>
#include <lemon/smart_graph.h>
#include <maxflow/graph.h> /* Boykov-Kolmogorov, Debian's libmaxflow */

#include <poll.h>
#include <signal.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

using std::string;
using std::vector;

static double now()
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double median(vector<double> v)
{
    if (v.empty())
        return NAN;
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static string jnum(double v)
{
    char b[64];
    if (std::isnan(v) || std::isinf(v))
        return "null";
    snprintf(b, sizeof b, "%.10g", v);
    return b;
}

static string jstr(const string &s)
{
    string o = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            o += '\\', o += c;
        else if ((unsigned char)c < 0x20)
            o += ' ';
        else
            o += c;
    }
    return o + "\"";
}

/* One record. status: ok, stopped (killed at the limit), error, skipped. */
struct Rec {
    string w, inst, impl, status = "ok", note;
    vector<double> runs;
    double limit = NAN;
    vector<std::pair<string, double>> extra;
    void add(const string &k, double v)
    {
        extra.push_back({k, v});
    }
    void print() const
    {
        string o = "{\"w\":" + jstr(w) + ",\"inst\":" + jstr(inst) +
                   ",\"impl\":" + jstr(impl) + ",\"status\":" + jstr(status);
        o += ",\"median\":" + jnum(median(runs)) +
             ",\"n\":" + std::to_string(runs.size()) + ",\"runs\":[";
        for (size_t i = 0; i < runs.size(); i++)
            o += (i ? "," : "") + jnum(runs[i]);
        o += "],\"limit\":" + jnum(limit);
        for (auto &kv : extra)
            o += ",\"" + kv.first + "\":" + jnum(kv.second);
        if (!note.empty())
            o += ",\"note\":" + jstr(note);
        o += "}";
        printf("%s\n", o.c_str());
        fflush(stdout);
    }
};

/* ---- running in a child with a time limit -------------------------------- */

struct Outcome {
    int status = 0; /* 0 ok, 1 stopped, 2 error */
    double secs = NAN;
    vector<double> vals;
    string err;
};

/* Runs fn in a forked child; fn returns values (the first one: seconds,
 * timed by fn itself around the call alone) or throws a string. */
static Outcome forked(double timeout, const std::function<vector<double>()> &fn)
{
    Outcome o;
    int fd[2];
    fflush(stdout);
    if (pipe(fd) != 0) {
        o.status = 2;
        o.err = "pipe";
        return o;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        vector<double> v;
        string err;
        try {
            v = fn();
        } catch (const string &e) {
            err = e;
        }
        long long n =
            err.empty() ? (long long)v.size() : -(long long)err.size();
        if (write(fd[1], &n, sizeof n) != sizeof n)
            _exit(3);
        const char *p = err.empty() ? (const char *)v.data() : err.data();
        size_t left = err.empty() ? v.size() * sizeof(double) : err.size();
        while (left) {
            ssize_t k = write(fd[1], p, left);
            if (k <= 0)
                _exit(3);
            p += k;
            left -= (size_t)k;
        }
        close(fd[1]);
        _exit(0);
    }
    close(fd[1]);
    double t0 = now(), deadline = t0 + timeout;
    string buf;
    bool eof = false, killed = false;
    while (!eof) {
        double left = deadline - now();
        if (left <= 0) {
            kill(pid, SIGKILL);
            killed = true;
            break;
        }
        struct pollfd pf = {fd[0], POLLIN, 0};
        int r = poll(&pf, 1, (int)std::min(left * 1000 + 1, 1000.0));
        if (r > 0) {
            char tmp[65536];
            ssize_t k = read(fd[0], tmp, sizeof tmp);
            if (k <= 0)
                eof = true;
            else
                buf.append(tmp, (size_t)k);
        }
    }
    close(fd[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    if (killed) {
        o.status = 1;
        o.secs = timeout;
        return o;
    }
    long long n = 0;
    if (buf.size() < sizeof n) {
        o.status = 2;
        o.err = WIFSIGNALED(st)
                    ? "child killed by signal " + std::to_string(WTERMSIG(st))
                    : "child died";
        return o;
    }
    memcpy(&n, buf.data(), sizeof n);
    if (n < 0) {
        o.status = 2;
        o.err = buf.substr(sizeof n);
        return o;
    }
    o.vals.resize((size_t)n);
    memcpy(o.vals.data(), buf.data() + sizeof n, (size_t)n * sizeof(double));
    if (!o.vals.empty())
        o.secs = o.vals[0];
    return o;
}

/* Repeats a forked measurement: at most `reps` runs, fewer when a run is
 * long (no new run once `budget` seconds are spent). Stops at the first
 * stopped or failed run. Returns the last outcome's values. */
static Outcome repeat_forked(Rec &r, int reps, double budget, double timeout,
                             const std::function<vector<double>()> &fn,
                             vector<Outcome> *all = nullptr)
{
    Outcome last;
    double spent = 0;
    r.limit = timeout;
    for (int i = 0; i < reps; i++) {
        Outcome o = forked(timeout, fn);
        if (o.status == 1) {
            r.status = "stopped";
            if (r.runs.empty())
                return o;
            r.note = "a later run was stopped";
            return last;
        }
        if (o.status == 2) {
            r.status = "error";
            r.note = o.err;
            return o;
        }
        r.runs.push_back(o.secs);
        last = o;
        if (all)
            all->push_back(o);
        spent += o.secs;
        if (spent + o.secs > budget)
            break;
    }
    return last;
}

/* Several implementations of one workload, run round by round (one
 * forked run of each in turn) so that the machine's drift over the
 * minutes of a run (other tenants, frequency) falls on all of them alike
 * instead of on whichever ran during it. Each keeps its own limit and
 * budget, as repeat_forked's. */
struct Contender {
    Rec r;
    std::function<vector<double>()> fn;
    int n = 0;
    double spent = 0;
    bool done = false;
    Outcome last;
    vector<Outcome> all; /* every finished run */
};

static void run_rounds(vector<Contender> &cs, double budget, double timeout)
{
    int rounds = 0;
    for (Contender &c : cs) {
        c.r.limit = timeout;
        rounds = std::max(rounds, c.n);
    }
    for (int i = 0; i < rounds; i++)
        for (Contender &c : cs) {
            if (c.done || i >= c.n)
                continue;
            Outcome o = forked(timeout, c.fn);
            if (o.status == 1) {
                c.r.status = "stopped";
                if (c.r.runs.empty())
                    c.last = o;
                else
                    c.r.note = "a later run was stopped";
                c.done = true;
                continue;
            }
            if (o.status == 2) {
                c.r.status = "error";
                c.r.note = o.err;
                c.last = o;
                c.done = true;
                continue;
            }
            c.r.runs.push_back(o.secs);
            c.last = o;
            c.all.push_back(o);
            c.spent += o.secs;
            if (c.spent + o.secs > budget)
                c.done = true;
        }
}

static void repeat_inproc(Rec &r, int reps, double budget,
                          const std::function<double()> &fn)
{
    double spent = 0;
    for (int i = 0; i < reps; i++) {
        double t = fn();
        r.runs.push_back(t);
        spent += t;
        if (spent + t > budget)
            break;
    }
}

[[noreturn]] static void die(const char *what)
{
    fprintf(stderr, "efnbench: %s: %s\n", what, efn_last_error());
    exit(2);
}

static string read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    string s;
    char buf[1 << 16];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, f)) > 0)
        s.append(buf, k);
    fclose(f);
    return s;
}

static efn_network *load(const char *path)
{
    efn_network *net = nullptr;
    if (efn_network_load(&net, path) != EFN_OK)
        die(path);
    return net;
}

/* ---- the flow network, as efn builds it --------------------------------- */

struct Problem {
    int n = 0, S = 0, T = 0, year = 0;
    size_t nseg = 0, nsup = 0, ncons = 0, segments = 0;
    vector<int> tail, head, asset; /* asset: -1 for source/sink arcs */
    vector<double> cap, cost;      /* cap: +inf replaced by the bound */
    vector<long long> icap, icost; /* hundredths; integral flags below */
    bool integral = true, icost_ok = true;
    double supply_total = 0, demand_total = 0;
    vector<size_t> active;          /* assets with arcs, in asset order */
    vector<vector<int>> asset_arcs; /* by asset index */
    vector<double> asset_cost;      /* cost per segment, by asset */
};

static Problem build_problem(const efn_network *net)
{
    Problem P;
    P.year = efn_network_year(net);
    size_t nn = efn_network_node_count(net), na = efn_network_asset_count(net);
    P.n = (int)nn + 2;
    P.S = (int)nn;
    P.T = (int)nn + 1;
    P.asset_arcs.resize(na);
    P.asset_cost.assign(na, 1.0);
    vector<double> sup(nn, 0), dem(nn, 0);
    for (size_t i = 0; i < nn; i++) {
        double s, d;
        efn_node_quantity_get(&s, net, i, EFN_SUPPLY, EFN_GAS, P.year);
        efn_node_quantity_get(&d, net, i, EFN_DEMAND, EFN_GAS, P.year);
        sup[i] = (std::isnan(s) || s <= 0) ? 0 : s;
        dem[i] = (std::isnan(d) || d <= 0) ? 0 : d;
        P.supply_total += sup[i];
        P.demand_total += dem[i];
    }
    for (size_t a = 0; a < na; a++) {
        efn_asset_info ai;
        efn_network_asset(&ai, net, a);
        if (ai.commodity != EFN_GAS || !efn_asset_is_active(net, a, P.year))
            continue;
        double tariff;
        efn_asset_quantity_get(&tariff, net, a, EFN_TARIFF, P.year);
        double c = !std::isnan(tariff) ? tariff
                   : !std::isnan(ai.length_km)
                       ? ai.length_km / (double)ai.segment_count
                       : 1.0;
        P.asset_cost[a] = c;
        P.active.push_back(a);
        for (size_t s = 0; s < ai.segment_count; s++) {
            size_t u, v;
            double cap;
            efn_asset_route_node(&u, net, a, s);
            efn_asset_route_node(&v, net, a, s + 1);
            efn_segment_quantity_get(&cap, net, a, s, EFN_CAPACITY, P.year);
            P.segments++;
            for (int dir = 0; dir < (ai.bidirectional ? 2 : 1); dir++) {
                P.asset_arcs[a].push_back((int)P.tail.size());
                P.tail.push_back((int)(dir ? v : u));
                P.head.push_back((int)(dir ? u : v));
                P.cap.push_back(cap);
                P.cost.push_back(c);
                P.asset.push_back((int)a);
            }
        }
    }
    P.nseg = P.tail.size();
    for (size_t i = 0; i < nn; i++)
        if (sup[i] > 0) {
            P.tail.push_back(P.S), P.head.push_back((int)i),
                P.cap.push_back(sup[i]);
            P.cost.push_back(0), P.asset.push_back(-1), P.nsup++;
        }
    for (size_t i = 0; i < nn; i++)
        if (dem[i] > 0) {
            P.tail.push_back((int)i), P.head.push_back(P.T),
                P.cap.push_back(dem[i]);
            P.cost.push_back(0), P.asset.push_back(-1), P.ncons++;
        }
    double bound = P.supply_total + 1.0; /* efn's own bound for +inf */
    size_t m = P.tail.size();
    P.icap.resize(m);
    P.icost.resize(m);
    for (size_t e = 0; e < m; e++) {
        if (std::isinf(P.cap[e])) {
            P.cap[e] = bound;
            P.integral = false;
        }
        double x = P.cap[e] * 100, c = P.cost[e];
        P.icap[e] = llround(x);
        if (fabs(x - (double)P.icap[e]) > 1e-6)
            P.integral = false;
        P.icost[e] = llround(c);
        if (fabs(c - (double)P.icost[e]) > 1e-9)
            P.icost_ok = false;
    }
    return P;
}

static size_t m_of(const Problem &P)
{
    return P.tail.size();
}

static void write_arcs(const Problem &P, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(2);
    }
    fprintf(f, "%d %zu %d %d %zu %d %d\n", P.n, m_of(P), P.S, P.T, P.nseg,
            (int)P.integral, (int)P.icost_ok);
    for (size_t e = 0; e < m_of(P); e++)
        fprintf(f, "%d %d %.17g %.17g %lld %lld %d\n", P.tail[e], P.head[e],
                P.cap[e], P.cost[e], P.icap[e], P.icost[e], P.asset[e]);
    fclose(f);
}

/* ---- peers: maximum flow value from scratch ------------------------------ */

static double igraph_value(const Problem &P, const double *cap, int mode,
                           double *flow_out = nullptr)
{
    /* mode 0: igraph_maxflow_value; 1: igraph_maxflow with the cut (what
     * efn_flow_run asks); 2: igraph_maxflow with flow and cut */
    size_t m = m_of(P);
    igraph_t g;
    igraph_vector_int_t ev, cutv;
    igraph_vector_t cv, fv;
    igraph_real_t v = -1;
    igraph_vector_int_init(&ev, (igraph_integer_t)(2 * m));
    for (size_t e = 0; e < m; e++) {
        VECTOR(ev)[2 * e] = P.tail[e];
        VECTOR(ev)[2 * e + 1] = P.head[e];
    }
    igraph_create(&g, &ev, P.n, IGRAPH_DIRECTED);
    igraph_vector_init(&cv, (igraph_integer_t)m);
    for (size_t e = 0; e < m; e++)
        VECTOR(cv)[e] = cap[e];
    if (mode == 0) {
        igraph_maxflow_value(&g, &v, P.S, P.T, &cv, NULL);
    } else {
        igraph_vector_int_init(&cutv, 0);
        igraph_vector_init(&fv, 0);
        igraph_maxflow(&g, &v, mode == 2 ? &fv : NULL, &cutv, NULL, NULL, P.S,
                       P.T, &cv, NULL);
        if (flow_out && mode == 2)
            for (size_t e = 0; e < m; e++)
                flow_out[e] = VECTOR(fv)[e];
        igraph_vector_destroy(&fv);
        igraph_vector_int_destroy(&cutv);
    }
    igraph_vector_destroy(&cv);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&ev);
    return v;
}

static double bk_value(const Problem &P, const double *cap)
{
    typedef maxflow::Graph<double, double, double> G;
    size_t m = m_of(P);
    G g(P.n - 2, (int)P.nseg);
    g.add_node(P.n - 2);
    for (size_t e = 0; e < m; e++) {
        int u = P.tail[e], v = P.head[e];
        if (u == P.S && v < P.S)
            g.add_tweights(v, cap[e], 0);
        else if (v == P.T && u < P.S)
            g.add_tweights(u, 0, cap[e]);
        else if (u < P.S && v < P.S)
            g.add_edge(u, v, cap[e], 0);
        /* arcs into the source or out of the sink carry nothing */
    }
    return g.maxflow();
}

typedef lemon::SmartDigraph LG;

static void lemon_build(LG &g, const Problem &P)
{
    g.reserveNode(P.n);
    g.reserveArc((int)m_of(P));
    for (int i = 0; i < P.n; i++)
        g.addNode();
    for (size_t e = 0; e < m_of(P); e++)
        g.addArc(g.nodeFromId(P.tail[e]), g.nodeFromId(P.head[e]));
}

static double preflow_value(const Problem &P, const double *cap,
                            double *flow_out = nullptr)
{
    LG g;
    lemon_build(g, P);
    LG::ArcMap<double> cm(g);
    for (size_t e = 0; e < m_of(P); e++)
        cm[g.arcFromId((int)e)] = cap[e];
    lemon::Preflow<LG, LG::ArcMap<double>> pf(g, cm, g.nodeFromId(P.S),
                                              g.nodeFromId(P.T));
    if (flow_out) {
        pf.run();
        for (size_t e = 0; e < m_of(P); e++)
            flow_out[e] = pf.flow(g.arcFromId((int)e));
    } else {
        pf.runMinCut();
    }
    return pf.flowValue();
}

static double dinic_value(const Problem &P, const double *cap,
                          double *flow_out = nullptr)
{
    size_t m = m_of(P);
    vector<uint32_t> t(P.tail.begin(), P.tail.end()),
        h(P.head.begin(), P.head.end());
    efn__mf mf;
    double v = -1;
    if (efn__mf_init(&mf, (size_t)P.n, m, t.data(), h.data()) != EFN_OK)
        die("efn__mf_init");
    if (efn__mf_solve(&mf, (size_t)P.S, (size_t)P.T, cap, &v, flow_out, NULL) !=
        EFN_OK)
        die("efn__mf_solve");
    efn__mf_free(&mf);
    return v;
}

/* ---- peers: least-cost maximum flow -------------------------------------- */

template <class MCF>
static double lemon_mincost(const Problem &P, double *value)
{
    LG g;
    lemon_build(g, P);
    LG::ArcMap<long long> cm(g), costm(g);
    for (size_t e = 0; e < m_of(P); e++) {
        LG::Arc a = g.arcFromId((int)e);
        cm[a] = P.icap[e];
        costm[a] = P.icost[e];
    }
    lemon::Preflow<LG, LG::ArcMap<long long>> pf(g, cm, g.nodeFromId(P.S),
                                                 g.nodeFromId(P.T));
    pf.runMinCut();
    long long F = pf.flowValue();
    MCF mcf(g);
    mcf.upperMap(cm).costMap(costm).stSupply(g.nodeFromId(P.S),
                                             g.nodeFromId(P.T), F);
    if (mcf.run() != MCF::OPTIMAL)
        throw string("min-cost flow not optimal");
    *value = (double)F / 100;
    return (double)mcf.template totalCost<long long>() / 100;
}

/* GLPK's simplex on the min-cost flow LP of value F (F from Preflow), in
 * hundredths so that the data are exact. */
static double glpk_mincost(const Problem &P, double *value)
{
    size_t m = m_of(P);
    LG g;
    lemon_build(g, P);
    LG::ArcMap<long long> cm(g);
    for (size_t e = 0; e < m; e++)
        cm[g.arcFromId((int)e)] = P.icap[e];
    lemon::Preflow<LG, LG::ArcMap<long long>> pf(g, cm, g.nodeFromId(P.S),
                                                 g.nodeFromId(P.T));
    pf.runMinCut();
    double F = (double)pf.flowValue();
    glp_term_out(GLP_OFF);
    glp_prob *lp = glp_create_prob();
    glp_add_rows(lp, P.n);
    glp_add_cols(lp, (int)m);
    for (int i = 0; i < P.n; i++) {
        double b = i == P.S ? -F : i == P.T ? F : 0;
        glp_set_row_bnds(lp, i + 1, GLP_FX, b, b);
    }
    vector<int> ia(2 * m + 1), ja(2 * m + 1);
    vector<double> ar(2 * m + 1);
    size_t nz = 0;
    for (size_t e = 0; e < m; e++) {
        int col = (int)e + 1;
        double c = (double)P.icap[e];
        if (c > 0)
            glp_set_col_bnds(lp, col, GLP_DB, 0, c);
        else
            glp_set_col_bnds(lp, col, GLP_FX, 0, 0);
        glp_set_obj_coef(lp, col, (double)P.icost[e]);
        ++nz, ia[nz] = P.tail[e] + 1, ja[nz] = col, ar[nz] = -1;
        ++nz, ia[nz] = P.head[e] + 1, ja[nz] = col, ar[nz] = 1;
    }
    glp_load_matrix(lp, (int)nz, ia.data(), ja.data(), ar.data());
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    int r = glp_simplex(lp, &parm);
    if (r != 0 || glp_get_status(lp) != GLP_OPT) {
        glp_delete_prob(lp);
        throw string("GLPK simplex failed");
    }
    double obj = glp_get_obj_val(lp);
    glp_delete_prob(lp);
    *value = F / 100;
    return obj / 100;
}

/* ---- helpers for records --------------------------------------------------
 */

static bool close_rel(double a, double b, double tol)
{
    double s = std::max(1.0, std::max(fabs(a), fabs(b)));
    return fabs(a - b) <= tol * s;
}

static void add_check(Rec &r, double value, double ref, double tol = 1e-7)
{
    r.add("value", value);
    if (!std::isnan(ref) && !std::isnan(value)) {
        r.add("ref", ref);
        r.add("match", close_rel(value, ref, tol) ? 1 : 0);
    }
}

/* The allocation cost of an efn flow result: |flow| x cost over segments. */
static double efn_flow_cost(const efn_flow *f, const Problem &P)
{
    double c = 0;
    size_t k = efn_flow_segment_count(f);
    for (size_t i = 0; i < k; i++) {
        efn_flow_segment s;
        efn_flow_segment_get(&s, f, i);
        c += fabs(s.flow) * P.asset_cost[s.asset];
    }
    return c;
}

/* ---- workloads ------------------------------------------------------------
 */

static int cmd_load(const char *file, const string &inst, int reps)
{
    string buf = read_file(file);
    efn_network *net = load(file);
    size_t segs = 0;
    for (size_t a = 0; a < efn_network_asset_count(net); a++) {
        efn_asset_info ai;
        efn_network_asset(&ai, net, a);
        segs += ai.segment_count;
    }
    size_t nodes = efn_network_node_count(net),
           assets = efn_network_asset_count(net);
    efn_network_free(net);
    {
        Rec r;
        r.w = "load", r.inst = inst, r.impl = "efn_network_load_buffer";
        repeat_inproc(r, reps, 1e9, [&] {
            efn_network *n2 = nullptr;
            double t0 = now();
            if (efn_network_load_buffer(&n2, buf.data(), buf.size(), file) !=
                EFN_OK)
                die("load");
            double t = now() - t0;
            efn_network_free(n2);
            return t;
        });
        r.add("bytes", (double)buf.size());
        r.add("nodes", (double)nodes);
        r.add("assets", (double)assets);
        r.add("segments", (double)segs);
        r.note = "file already in memory; efn_network_free not timed";
        r.print();
    }
    {
        Rec r;
        r.w = "load", r.inst = inst, r.impl = "cJSON_ParseWithLength";
        repeat_inproc(r, reps, 1e9, [&] {
            double t0 = now();
            cJSON *doc = cJSON_ParseWithLength(buf.data(), buf.size());
            double t = now() - t0;
            if (!doc)
                die("cJSON");
            cJSON_Delete(doc);
            return t;
        });
        r.note = "parse alone (the floor); cJSON_Delete not timed";
        r.print();
    }
    return 0;
}

struct FlowOpts {
    bool efn = true, glpk = true, alloc = true;
    const char *arcs = nullptr;
    double trace_floor = 1;
};

static int cmd_flow(const char *file, const string &inst, int reps,
                    double timeout, const FlowOpts &fo)
{
    efn_network *net = load(file);
    Problem P = build_problem(net);
    size_t m = m_of(P);
    if (fo.arcs)
        write_arcs(P, fo.arcs);
    {
        Rec r;
        r.w = "instance", r.inst = inst, r.impl = "-";
        r.add("nodes", P.n - 2);
        r.add("arcs", (double)m);
        r.add("segments", (double)P.segments);
        r.add("assets", (double)P.active.size());
        r.add("suppliers", (double)P.nsup);
        r.add("consumers", (double)P.ncons);
        r.add("integral", P.integral);
        r.print();
    }
    /* reference value: Boykov-Kolmogorov on the pipeline-like networks,
     * igraph's value on the others (whichever is quick; every value is
     * checked against it) */
    double ref = P.ncons > 1 ? bk_value(P, P.cap.data())
                             : igraph_value(P, P.cap.data(), 0);
    double ref_cost = NAN;
    const double budget = 40;
    /* each peer run in a child too, with the same limit as efn's; all of
     * them round by round (run_rounds) */
    vector<Contender> cs;
    auto peer = [&](const char *w, const char *impl,
                    const std::function<double()> &fn, int n,
                    const char *note) {
        Contender c;
        c.r.w = w, c.r.inst = inst, c.r.impl = impl;
        if (note)
            c.r.note = note;
        c.n = n;
        c.fn = [fn] {
            double t0 = now(), v = fn();
            return vector<double>{now() - t0, v};
        };
        cs.push_back(c);
    };
    /* efn's public value-only call, on the loaded network: it builds its
     * flow problem from the network, then solves */
    peer(
        "flow", "efn_flow_maximum",
        [&] {
            double v = -1;
            if (efn_flow_maximum(net, NULL, &v) != EFN_OK)
                throw string(efn_last_error());
            return v;
        },
        reps,
        "public value-only call: efn's flow problem built from the loaded "
        "network, search trees then push-relabel (lib/maxvalue.c)");
    peer(
        "flow", "igraph_maxflow_value",
        [&] { return igraph_value(P, P.cap.data(), 0); }, reps, "value only");
    peer(
        "flow", "igraph_maxflow (cut, efn's call)",
        [&] { return igraph_value(P, P.cap.data(), 1); }, reps,
        "value and minimum cut, as efn_flow_run asks igraph");
    peer(
        "flow", "Boykov-Kolmogorov (libmaxflow)",
        [&] { return bk_value(P, P.cap.data()); }, reps, nullptr);
    peer(
        "flow", "LEMON Preflow", [&] { return preflow_value(P, P.cap.data()); },
        reps, "runMinCut: value and cut");
    peer(
        "flow", "efn Dinic (internal, N-1's base flow)",
        [&] { return dinic_value(P, P.cap.data()); }, reps,
        "efn__mf_*, not public: the flow N-1 keeps and repairs");
    run_rounds(cs, budget, timeout);
    for (Contender &c : cs) {
        double value = c.last.vals.size() > 1 ? c.last.vals[1] : NAN;
        add_check(c.r, value, ref);
        c.r.print();
    }

    /* the trace floor: one streaming pass over the segments of a flow */
    {
        vector<double> flow(m, 0.0), in((size_t)P.n), out((size_t)P.n);
        /* any maximum flow will do (igraph's flow vector costs 10-30
         * times its value on the large networks) */
        dinic_value(P, P.cap.data(), flow.data());
        Rec r;
        r.w = "trace", r.inst = inst,
        r.impl = "floor: one pass over the segments";
        double sink = 0;
        repeat_inproc(r, 7, 5, [&] {
            double t0 = now();
            std::fill(in.begin(), in.end(), 0.0);
            std::fill(out.begin(), out.end(), 0.0);
            for (size_t e = 0; e < P.nseg; e++) {
                out[(size_t)P.tail[e]] += flow[e];
                in[(size_t)P.head[e]] += flow[e];
            }
            double t = now() - t0;
            sink += in[0] + out[0];
            return t;
        });
        r.add("checksum", sink);
        r.note = "inflow and outflow of every node from the flow of every "
                 "segment arc";
        r.print();
    }

    /* allocation: the peers (integer data in hundredths) and efn's
     * efn_flow_run (with efn_trace_from_flow on its result), round by
     * round */
    vector<Contender> ca;
    auto alloc = [&](const char *impl,
                     const std::function<double(double *)> &fn, int n) {
        Contender c;
        c.r.w = "alloc", c.r.inst = inst, c.r.impl = impl;
        c.r.note = "Preflow for the maximum, then the least-cost flow of "
                   "that value";
        c.n = n;
        c.fn = [fn] {
            double t0 = now(), v = NAN, cost = fn(&v);
            return vector<double>{now() - t0, v, cost};
        };
        ca.push_back(c);
    };
    if (fo.alloc && P.integral && P.icost_ok) {
        alloc(
            "LEMON NetworkSimplex",
            [&](double *v) {
                return lemon_mincost<
                    lemon::NetworkSimplex<LG, long long, long long>>(P, v);
            },
            reps);
        alloc(
            "LEMON CostScaling",
            [&](double *v) {
                return lemon_mincost<
                    lemon::CostScaling<LG, long long, long long>>(P, v);
            },
            reps);
        if (fo.glpk)
            alloc(
                "GLPK simplex (min-cost flow LP)",
                [&](double *v) { return glpk_mincost(P, v); }, reps);
    }
    size_t efn_at = ca.size();
    if (fo.efn) {
        Contender c;
        c.r.w = "flow", c.r.inst = inst, c.r.impl = "efn_flow_run";
        c.n = reps;
        c.fn = [&] {
            efn_flow *f = nullptr;
            efn_flow_options opt = EFN_FLOW_OPTIONS_INIT;
            double t0 = now();
            if (efn_flow_run(&f, net, &opt) != EFN_OK)
                throw string(efn_last_error());
            double t1 = now();
            efn_trace *tr = nullptr;
            if (efn_trace_from_flow(&tr, net, f) != EFN_OK)
                throw string(efn_last_error());
            double t2 = now();
            vector<double> v{t1 - t0, efn_flow_max_total(f),
                             efn_flow_cost(f, P), t2 - t1,
                             (double)efn_trace_cyclic(tr)};
            efn_trace_free(tr);
            efn_flow_free(f);
            return v;
        };
        ca.push_back(c);
    }
    run_rounds(ca, budget, timeout);
    for (size_t i = 0; i < efn_at; i++) {
        Rec &r = ca[i].r;
        const vector<double> &x = ca[i].last.vals;
        double value = x.size() >= 3 ? x[1] : NAN;
        double cost = x.size() >= 3 ? x[2] : NAN;
        add_check(r, value, ref);
        r.add("cost", cost);
        if (std::isnan(ref_cost) && !std::isnan(cost))
            ref_cost = cost;
        r.add("ref_cost", ref_cost);
        r.add("cost_match", close_rel(cost, ref_cost, 1e-7));
        r.print();
    }
    if (efn_at < ca.size()) {
        Rec &r = ca[efn_at].r, t, tt;
        const Outcome &o = ca[efn_at].last;
        const vector<Outcome> &all = ca[efn_at].all;
        t.w = "trace", t.inst = inst, t.impl = "efn_trace_from_flow";
        tt.w = "trace", tt.inst = inst,
        tt.impl = "efn_trace_run (= flow + trace)";
        double value = o.vals.size() > 1 ? o.vals[1] : NAN;
        add_check(r, value, ref);
        if (o.vals.size() > 2) {
            r.add("cost", o.vals[2]);
            r.add("ref_cost", ref_cost);
            r.add("cost_match", close_rel(o.vals[2], ref_cost, 1e-6));
        }
        r.note = "least-cost maximum flow (network simplex or cost scaling) + "
                 "min cut + result";
        r.print();
        Rec a = r;
        a.w = "alloc";
        a.print();
        t.status = tt.status = r.status;
        t.limit = tt.limit = r.limit;
        if (!all.empty()) {
            for (const Outcome &x : all) {
                t.runs.push_back(x.vals[3]);
                tt.runs.push_back(x.vals[0] + x.vals[3]);
            }
            t.add("cyclic", o.vals[4]);
            tt.note =
                "efn_flow_run + efn_trace_from_flow, timed in the same runs";
        } else {
            t.note = tt.note =
                "efn_flow_run, which comes first, did not finish";
        }
        t.print();
        tt.print();
    }    efn_network_free(net);
    return 0;
}

static int cmd_n1(const char *file, const string &inst, double timeout,
                  const char *arcs, bool efn, int reps)
{
    efn_network *net = load(file);
    Problem P = build_problem(net);
    size_t m = m_of(P), R = P.active.size();
    if (arcs)
        write_arcs(P, arcs);
    {
        Rec r;
        r.w = "n1-instance", r.inst = inst, r.impl = "-";
        r.add("nodes", P.n - 2);
        r.add("arcs", (double)m);
        r.add("assets", (double)R);
        r.add("consumers", (double)P.ncons);
        r.print();
    }
    /* efn */
    vector<double> efn_after;
    bool efn_ok = false;
    if (efn) {
        Rec r;
        r.w = "n1", r.inst = inst, r.impl = "efn_n1_run";
        Outcome o = repeat_forked(r, reps, timeout, timeout, [&] {
            efn_n1 *n1 = nullptr;
            efn_n1_options opt = EFN_N1_OPTIONS_INIT;
            opt.totals_only = 1; /* what the peers compute */
            double t0 = now();
            if (efn_n1_run(&n1, net, &opt) != EFN_OK)
                throw string(efn_last_error());
            double t = now() - t0;
            vector<double> v{t, efn_n1_base_total(n1),
                             (double)efn_n1_entry_count(n1)};
            size_t recomputed = 0;
            vector<double> after(efn_network_asset_count(net), NAN);
            for (size_t i = 0; i < efn_n1_entry_count(n1); i++) {
                efn_n1_entry en;
                efn_n1_entry_get(&en, n1, i);
                after[en.index] = en.total_after;
                recomputed += (size_t)en.recomputed;
            }
            v.push_back((double)recomputed);
            v.insert(v.end(), after.begin(), after.end());
            efn_n1_free(n1);
            return v;
        });
        if (r.status == "ok") {
            r.add("base", o.vals[1]);
            r.add("entries", o.vals[2]);
            r.add("recomputed", o.vals[3]);
            efn_after.assign(o.vals.begin() + 4, o.vals.end());
            efn_ok = true;
        }
        r.note = "assets scope, totals_only: the total after each removal";
        r.print();
    }
    /* peers: from-scratch loops, totals only (R + 1 solves) */
    double best_per_solve = INFINITY;
    auto loop = [&](const char *impl,
                    const std::function<double(const double *)> &solve) {
        Rec r;
        r.w = "n1", r.inst = inst, r.impl = impl;
        vector<double> cap(P.cap);
        vector<double> after(efn_network_asset_count(net), NAN);
        double base = NAN, spent = 0;
        size_t done = 0;
        /* `reps` whole loops when each finishes (the median is reported) */
        for (int rep = 0; rep < reps && done == (rep ? R : 0); rep++) {
            double t0 = now();
            spent = 0;
            done = 0;
            base = solve(cap.data());
            for (size_t k = 0; k < R && spent < timeout; k++) {
                size_t a = P.active[k];
                for (int e : P.asset_arcs[a])
                    cap[(size_t)e] = 0;
                after[a] = solve(cap.data());
                for (int e : P.asset_arcs[a])
                    cap[(size_t)e] = P.cap[(size_t)e];
                done++;
                spent = now() - t0;
            }
            if (done == R)
                r.runs.push_back(spent);
        }
        if (done < R) {
            r.status = "stopped";
            r.limit = timeout;
            r.add("done", (double)done);
            r.add("estimate", spent / (double)(done + 1) * (double)(R + 1));
        }
        double per = (r.runs.empty() ? spent : median(r.runs)) /
                     (double)(done + 1);
        best_per_solve = std::min(best_per_solve, per);
        r.add("per_solve", per);
        r.add("base", base);
        if (efn_ok) {
            size_t bad = 0;
            for (size_t k = 0; k < done; k++) {
                size_t a = P.active[k];
                if (!close_rel(after[a], efn_after[a], 1e-7))
                    bad++;
            }
            r.add("mismatches", (double)bad);
        }
        r.note = "totals only: R + 1 maximum flows, each from scratch";
        r.print();
    };
    loop("loop: Boykov-Kolmogorov",
         [&](const double *c) { return bk_value(P, c); });
    loop("loop: LEMON Preflow",
         [&](const double *c) { return preflow_value(P, c); });
    loop("loop: igraph_maxflow_value",
         [&](const double *c) { return igraph_value(P, c, 0); });
    {
        /* what efn_n1_run computes: the total and each consumer's
         * standalone deliverable, for the intact network and each removal:
         * (R + 1)(K + 1) maximum flows; estimated from the best per-solve
         * time above */
        Rec r;
        r.w = "n1", r.inst = inst,
        r.impl = "estimate: best loop, efn_n1_run's outputs";
        r.status = "estimate";
        r.add("solves", (double)(R + 1) * (double)(P.ncons + 1));
        r.add("estimate",
              best_per_solve * (double)(R + 1) * (double)(P.ncons + 1));
        r.note = "(R + 1)(K + 1) from-scratch solves x the best loop's time "
                 "per solve";
        r.print();
    }
    efn_network_free(net);
    return 0;
}

/* splitmix64's finaliser and the seed of sample i, as lib/risk.c draws
 * them (risk.h: sample i draws from GSL's MT19937 seeded from (seed, i)). */
static uint64_t mix64(uint64_t z)
{
    z += UINT64_C(0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static unsigned long sample_seed(uint64_t seed, size_t i)
{
    uint64_t h = mix64(mix64(seed) ^ (uint64_t)i);
    return (unsigned long)((h ^ (h >> 32)) & UINT64_C(0xffffffff));
}

static int cmd_risk(const char *file, const string &inst, size_t samples,
                    size_t peer_samples, double timeout,
                    const vector<unsigned> &wlist)
{
    efn_network *net = load(file);
    Problem P = build_problem(net);
    {
        Rec r;
        r.w = "risk-instance", r.inst = inst, r.impl = "-";
        r.add("nodes", P.n - 2);
        r.add("arcs", (double)m_of(P));
        r.add("assets", (double)P.active.size());
        r.add("samples", (double)samples);
        r.print();
    }
    vector<double> prob;
    vector<size_t> ra;
    double efn_mean = NAN;
    size_t efn_samples = samples;
    /* The worker counts run round by round (one forked run of each in
     * turn, as run_rounds does), so that the machine's drift falls on
     * both alike; the scaling is the median of each round's ratio. */
    vector<Contender> cw;
    for (unsigned workers : wlist) {
        Contender c;
        c.r.w = "risk", c.r.inst = inst;
        c.r.impl = "efn_risk_run, " + std::to_string(workers) + " worker" +
                   (workers > 1 ? "s" : "");
        c.n = wlist.size() == 2 ? 11 : 7;
        c.fn = [&, workers] {
            efn_risk *rk = nullptr;
            efn_risk_options opt = EFN_RISK_OPTIONS_INIT;
            opt.samples = samples;
            opt.seed = 1;
            opt.workers = workers;
            double t0 = now();
            if (efn_risk_run(&rk, net, &opt) != EFN_OK)
                throw string(efn_last_error());
            double t = now() - t0;
            vector<double> v{t, efn_risk_mean_unserved_total(rk),
                             (double)efn_risk_event_count(rk),
                             (double)efn_risk_samples(rk),
                             (double)efn_risk_asset_count(rk)};
            for (size_t k = 0; k < efn_risk_asset_count(rk); k++) {
                efn_risk_asset as;
                efn_risk_asset_get(&as, rk, k);
                v.push_back((double)as.asset);
                v.push_back(as.probability);
            }
            efn_risk_free(rk);
            return v;
        };
        cw.push_back(c);
    }
    /* a few rounds even where a run takes most of a minute (pipe-39k) */
    run_rounds(cw, std::max(60.0, 2 * timeout), timeout);
    for (Contender &c : cw) {
        Rec &r = c.r;
        const Outcome &o = c.last;
        if (r.status == "ok") {
            efn_mean = o.vals[1];
            efn_samples = (size_t)o.vals[3];
            r.add("mean_unserved", efn_mean);
            r.add("events", o.vals[2]);
            r.add("samples", o.vals[3]);
            size_t na = (size_t)o.vals[4];
            prob.clear();
            ra.clear();
            for (size_t k = 0; k < na; k++) {
                ra.push_back((size_t)o.vals[5 + 2 * k]);
                prob.push_back(o.vals[6 + 2 * k]);
            }
        }
        r.add("samples_requested", (double)samples);
        r.print();
    }
    if (wlist.size() == 2 && wlist[0] == 1 && wlist[1] == 2) {
        Rec r;
        const vector<double> &a = cw[0].r.runs, &b = cw[1].r.runs;
        vector<double> ratio;
        for (size_t i = 0; i < a.size() && i < b.size(); i++)
            ratio.push_back(a[i] / b[i]);
        r.w = "risk", r.inst = inst, r.impl = "scaling 1 -> 2 workers";
        r.status = cw[0].r.status != "ok" || cw[1].r.status != "ok" ||
                           ratio.empty()
                       ? "skipped"
                       : "ratio";
        r.runs = ratio;
        r.add("scaling", ratio.empty() ? NAN : median(ratio));
        r.note = "median over rounds of the one-worker time over the "
                 "two-worker time, the two run in turn";
        r.print();
    }
    if (prob.empty()) {
        /* efn did not finish: draw with the library's probabilities anyway
         * (length and the default rate: these generated networks have no
         * outage_probability of their own) */
        for (size_t a : P.active) {
            efn_asset_info ai;
            efn_network_asset(&ai, net, a);
            ra.push_back(a);
            prob.push_back(
                std::isnan(ai.length_km)
                    ? EFN_DEFAULT_OUTAGE_PROBABILITY
                    : 1 - exp(-EFN_DEFAULT_OUTAGE_RATE_PER_1000KM_YEAR *
                              ai.length_km / 1000));
        }
    }
    /* peer: the same samples (same seeds, same draws), each solved from
     * scratch with Boykov-Kolmogorov and with LEMON Preflow */
    auto peer = [&](const char *impl,
                    const std::function<double(const double *)> &solve) {
        Rec r;
        r.w = "risk", r.inst = inst, r.impl = impl;
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        vector<double> cap(P.cap);
        double sum = 0, t0 = now();
        size_t done = 0;
        for (size_t i = 0; i < peer_samples; i++) {
            gsl_rng_set(rng, sample_seed(1, i));
            cap = P.cap;
            for (size_t k = 0; k < ra.size(); k++)
                if (gsl_rng_uniform(rng) < prob[k])
                    for (int e : P.asset_arcs[ra[k]])
                        cap[(size_t)e] = 0;
            double v = solve(cap.data());
            sum += P.demand_total - v;
            done++;
            if (now() - t0 > timeout)
                break;
        }
        double t = now() - t0;
        gsl_rng_free(rng);
        double per = t / (double)done;
        r.add("per_sample", per);
        r.add("samples_done", (double)done);
        r.add("estimate", per * (double)samples);
        if (done == peer_samples) {
            r.runs.push_back(t);
            r.add("mean_unserved", sum / (double)done);
            if (!std::isnan(efn_mean) && efn_samples == peer_samples) {
                r.add("ref", efn_mean);
                r.add("match", close_rel(sum / (double)done, efn_mean, 1e-6));
            }
        } else {
            r.status = "stopped";
            r.limit = timeout;
        }
        r.add("samples_requested", (double)peer_samples);
        r.note =
            "same seeds and draws as efn; max flow only, every sample solved";
        r.print();
    };
    peer("loop: Boykov-Kolmogorov",
         [&](const double *c) { return bk_value(P, c); });
    peer("loop: LEMON Preflow",
         [&](const double *c) { return preflow_value(P, c); });
    efn_network_free(net);
    return 0;
}

/* ---- memory: a fresh process, load then efn_flow_run -------------------- */

static volatile sig_atomic_t g_alarm;
static long peak_kb()
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static long g_base_kb, g_load_kb, g_segs;
static double g_t0;
static const char *g_inst;

static void put(const char *s)
{
    if (write(1, s, strlen(s)) < 0)
        _exit(3);
}

static void on_alarm(int)
{
    /* the limit: report the peak so far and leave */
    char b[512];
    long pk = peak_kb();
    snprintf(
        b, sizeof b,
        "{\"w\":\"memory\",\"inst\":\"%s\",\"impl\":\"load + efn_flow_run\","
        "\"status\":\"stopped\",\"median\":null,\"n\":0,\"runs\":[],\"limit\":%"
        ".0f,"
        "\"base_kb\":%ld,\"load_kb\":%ld,\"peak_kb\":%ld,\"segments\":%ld}\n",
        g_inst, now() - g_t0, g_base_kb, g_load_kb, pk, g_segs);
    put(b);
    _exit(0);
}

static int cmd_memory(const char *file, const string &inst, double timeout)
{
    g_inst = inst.c_str();
    g_base_kb = peak_kb();
    double t0 = now();
    efn_network *net = load(file);
    double tl = now() - t0;
    g_load_kb = peak_kb();
    size_t segs = 0;
    for (size_t a = 0; a < efn_network_asset_count(net); a++) {
        efn_asset_info ai;
        efn_network_asset(&ai, net, a);
        segs += ai.segment_count;
    }
    g_segs = (long)segs;
    {
        Rec r;
        r.w = "memory", r.inst = inst, r.impl = "efn_network_load (file)";
        r.runs.push_back(tl);
        r.add("base_kb", (double)g_base_kb);
        r.add("peak_kb", (double)g_load_kb);
        r.add("segments", (double)segs);
        r.print();
    }
    signal(SIGALRM, on_alarm);
    g_t0 = now();
    alarm((unsigned)timeout);
    efn_flow *f = nullptr;
    efn_flow_options opt = EFN_FLOW_OPTIONS_INIT;
    if (efn_flow_run(&f, net, &opt) != EFN_OK)
        die("efn_flow_run");
    alarm(0);
    Rec r;
    r.w = "memory", r.inst = inst, r.impl = "load + efn_flow_run";
    r.runs.push_back(now() - g_t0);
    r.add("base_kb", (double)g_base_kb);
    r.add("load_kb", (double)g_load_kb);
    r.add("peak_kb", (double)peak_kb());
    r.add("segments", (double)segs);
    r.add("value", efn_flow_max_total(f));
    r.print();
    /* 5. the tracing of that flow (the flow step does not run
     * efn_flow_run on the largest networks); after the memory figures */
    {
        Rec t;
        t.w = "trace", t.inst = inst, t.impl = "efn_trace_from_flow";
        int cyclic = 0;
        for (int k = 0; k < 3; k++) {
            efn_trace *tr = nullptr;
            double a = now();
            if (efn_trace_from_flow(&tr, net, f) != EFN_OK)
                die("efn_trace_from_flow");
            t.runs.push_back(now() - a);
            cyclic = efn_trace_cyclic(tr);
            efn_trace_free(tr);
        }
        t.add("cyclic", cyclic);
        t.note = "the flow of efn_flow_run in the memory step";
        t.print();
        /* The same with the memory a trace frees kept by malloc for the
         * next (glibc returns large blocks to the system at once, so each
         * trace above writes fresh pages): the steady state of a
         * long-running process, as the floor's preallocated vectors. Set
         * here, in the benchmark program, after the memory figures. */
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
        Rec u;
        u.w = "trace", u.inst = inst;
        u.impl = "efn_trace_from_flow (freed memory reused)";
        for (int k = 0; k < 4; k++) {
            efn_trace *tr = nullptr;
            double a = now();
            if (efn_trace_from_flow(&tr, net, f) != EFN_OK)
                die("efn_trace_from_flow");
            if (k > 0) /* the first fills what the others reuse */
                u.runs.push_back(now() - a);
            efn_trace_free(tr);
        }
        u.note = "mallopt(M_MMAP_THRESHOLD, 32 MiB), M_TRIM_THRESHOLD 1 GiB";
        u.print();
    }
    efn_flow_free(f);
    efn_network_free(net);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: see the head of tests/bench/bench.cpp\n");
        return 2;
    }
    igraph_set_error_handler(igraph_error_handler_printignore);
    string cmd = argv[1], inst = argv[3];
    const char *file = argv[2];
    if (cmd == "load" && argc == 5)
        return cmd_load(file, inst, atoi(argv[4]));
    if (cmd == "flow" && argc >= 6) {
        FlowOpts fo;
        for (int i = 6; i < argc; i++) {
            if (!strcmp(argv[i], "--arcs") && i + 1 < argc)
                fo.arcs = argv[++i];
            else if (!strcmp(argv[i], "--no-efn"))
                fo.efn = false;
            else if (!strcmp(argv[i], "--no-glpk"))
                fo.glpk = false;
            else if (!strcmp(argv[i], "--no-alloc"))
                fo.alloc = false;
        }
        return cmd_flow(file, inst, atoi(argv[4]), atof(argv[5]), fo);
    }
    if (cmd == "n1" && argc >= 5) {
        const char *arcs = nullptr;
        bool efn = true;
        int reps = 1;
        for (int i = 5; i < argc; i++) {
            if (!strcmp(argv[i], "--arcs") && i + 1 < argc)
                arcs = argv[++i];
            else if (!strcmp(argv[i], "--no-efn"))
                efn = false;
            else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
                reps = atoi(argv[++i]) > 0 ? atoi(argv[i]) : 1;
        }
        return cmd_n1(file, inst, atof(argv[4]), arcs, efn, reps);
    }
    if (cmd == "risk" && argc >= 7) {
        vector<unsigned> wl;
        for (int i = 7; i < argc; i++)
            wl.push_back((unsigned)atoi(argv[i]));
        if (wl.empty())
            wl = {1, 2};
        return cmd_risk(file, inst, (size_t)atol(argv[4]),
                        (size_t)atol(argv[5]), atof(argv[6]), wl);
    }
    if (cmd == "memory" && argc == 5)
        return cmd_memory(file, inst, atof(argv[4]));
    fprintf(stderr, "efnbench: bad command line\n");
    return 2;
}
