/*
 * Round trip as a property: random valid networks from a seeded generator
 * (unknown keys at every level, year series, annotated quantities, stakes
 * series, segments, odd numbers) load, save and load again to the same
 * document, key order included.
 */
#include <stdint.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "check.h"

#define NETWORKS 300

static uint64_t rng_state;

static uint64_t next(void)
{
    /* splitmix64: a fixed seed gives the same networks everywhere */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int pick(int n)
{
    return (int)(next() % (uint64_t)n);
}

static double number(void)
{
    static const double odd[] = {
        0,      1e-300, 0.1, 1.0 / 3,    12345678901234.0,
        2.5e17, 7.33,   16,  99.99999999};
    return pick(3) ? odd[pick(9)] : (double)(next() % 100000) / 7.0;
}

/* An unknown key with a random JSON value, possibly nested. */
static void add_unknown(cJSON *obj, int depth)
{
    char key[32];
    cJSON *v;
    snprintf(key, sizeof key, "x_%d", pick(1000));
    if (cJSON_GetObjectItemCaseSensitive(obj, key))
        return;
    switch (depth > 2 ? pick(4) : pick(6)) {
    case 0: v = cJSON_CreateNumber(number()); break;
    case 1:
        v = cJSON_CreateString(pick(2) ? "kept \xc3\xbc \\ \" /" : "");
        break;
    case 2: v = pick(2) ? cJSON_CreateTrue() : cJSON_CreateNull(); break;
    case 3: v = cJSON_CreateArray(); break;
    case 4:
        v = cJSON_CreateObject();
        add_unknown(v, depth + 1);
        add_unknown(v, depth + 1);
        break;
    default:
        v = cJSON_CreateArray();
        cJSON_AddItemToArray(v, cJSON_CreateNumber(number()));
        {
            cJSON *o = cJSON_CreateObject();
            add_unknown(o, depth + 1);
            cJSON_AddItemToArray(v, o);
        }
        break;
    }
    cJSON_AddItemToObject(obj, key, v);
}

static cJSON *quantity(const char *unit, double scale)
{
    char text[64];
    switch (pick(4)) {
    case 0: return cJSON_CreateNumber(number());
    case 1:
        snprintf(text, sizeof text, "%g %s", (double)pick(1000) * scale, unit);
        return cJSON_CreateString(text);
    case 2: {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "value", number());
        cJSON_AddStringToObject(o, "unit", unit);
        if (pick(2))
            cJSON_AddBoolToObject(o, "estimate", 1);
        add_unknown(o, 1);
        return o;
    }
    default: {
        cJSON *s = cJSON_CreateObject();
        int y = 1990 + pick(20), k, n = 1 + pick(4);
        char key[16];
        for (k = 0; k < n; k++) {
            snprintf(key, sizeof key, "%d", y);
            cJSON_AddItemToObject(s, key,
                                  pick(5) ? cJSON_CreateNumber(number())
                                          : cJSON_CreateNull());
            y += 1 + pick(5);
        }
        return s;
    }
    }
}

static cJSON *generate(void)
{
    static const char *const kinds[] = {
        "field", "terminal", "junction", "border", "market", "storage", "lng"};
    static const char *const countries[] = {"AZ", "GE", "TR", "EU", "RU"};
    cJSON *doc = cJSON_CreateObject(), *nodes, *assets, *owners, *meta;
    int nn = 2 + pick(8), na = 1 + pick(8), no = pick(5), i, k;
    char id[32];
    add_unknown(doc, 0);
    cJSON_AddNumberToObject(doc, "efn", 1);
    cJSON_AddStringToObject(doc, "kind", "network");
    meta = cJSON_AddObjectToObject(doc, "metadata");
    cJSON_AddStringToObject(meta, "title", "generated");
    add_unknown(meta, 1);
    nodes = cJSON_AddArrayToObject(doc, "nodes");
    for (i = 0; i < nn; i++) {
        cJSON *n = cJSON_CreateObject();
        snprintf(id, sizeof id, "n%d", i);
        if (pick(2))
            add_unknown(n, 1);
        cJSON_AddStringToObject(n, "id", id);
        cJSON_AddStringToObject(n, "kind", kinds[pick(7)]);
        cJSON_AddStringToObject(n, "country", countries[pick(5)]);
        if (pick(2)) {
            cJSON_AddNumberToObject(n, "lat", pick(180) - 90);
            cJSON_AddNumberToObject(n, "lon", pick(360) - 180);
        }
        if (pick(2))
            cJSON_AddItemToObject(cJSON_AddObjectToObject(n, "supply"), "gas",
                                  quantity("mcm/d", 1));
        if (pick(2))
            cJSON_AddItemToObject(cJSON_AddObjectToObject(n, "demand"), "oil",
                                  quantity("kb/d", 1));
        cJSON_AddItemToArray(nodes, n);
    }
    owners = cJSON_AddArrayToObject(doc, "owners");
    for (i = 0; i < no; i++) {
        cJSON *o = cJSON_CreateObject();
        snprintf(id, sizeof id, "o%d", i);
        cJSON_AddStringToObject(o, "id", id);
        cJSON_AddStringToObject(o, "kind", pick(2) ? "state" : "company");
        if (i > 0 && pick(2)) {
            cJSON *ps = cJSON_AddArrayToObject(o, "owners"), *p;
            p = cJSON_CreateObject();
            snprintf(id, sizeof id, "o%d", pick(i));
            cJSON_AddStringToObject(p, "owner", id);
            cJSON_AddNumberToObject(p, "share", pick(101));
            cJSON_AddItemToArray(ps, p);
        }
        add_unknown(o, 1);
        cJSON_AddItemToArray(owners, o);
    }
    assets = cJSON_AddArrayToObject(doc, "assets");
    for (i = 0; i < na; i++) {
        cJSON *a = cJSON_CreateObject(), *route;
        int oil = pick(2), len = 2 + pick(3), prev = -1;
        snprintf(id, sizeof id, "a%d", i);
        cJSON_AddStringToObject(a, "id", id);
        cJSON_AddStringToObject(a, "commodity", oil ? "oil" : "gas");
        route = cJSON_AddArrayToObject(a, "route");
        for (k = 0; k < len; k++) {
            int v;
            do
                v = pick(nn);
            while (v == prev);
            prev = v;
            snprintf(id, sizeof id, "n%d", v);
            cJSON_AddItemToArray(route, cJSON_CreateString(id));
        }
        cJSON_AddItemToObject(a, "capacity",
                              quantity(oil ? "Mt/y" : "bcm/y", 0.1));
        if (pick(2))
            cJSON_AddItemToObject(a, "flow",
                                  quantity(oil ? "b/d" : "mcm/d", 1));
        if (pick(3) == 0)
            cJSON_AddBoolToObject(a, "bidirectional", 1);
        if (no && pick(2)) {
            cJSON *st = cJSON_AddArrayToObject(a, "stakes"), *s;
            s = cJSON_CreateObject();
            snprintf(id, sizeof id, "o%d", pick(no));
            cJSON_AddStringToObject(s, "owner", id);
            cJSON_AddNumberToObject(s, "share", pick(101));
            add_unknown(s, 2);
            cJSON_AddItemToArray(st, s);
        }
        add_unknown(a, 1);
        cJSON_AddItemToArray(assets, a);
    }
    return doc;
}

static int same_order(const cJSON *a, const cJSON *b)
{
    const cJSON *x = a->child, *y = b->child;
    for (; x && y; x = x->next, y = y->next) {
        if ((x->string || y->string) &&
            (!x->string || !y->string || strcmp(x->string, y->string) != 0))
            return 0;
        if (!same_order(x, y))
            return 0;
    }
    return !x && !y;
}

int main(void)
{
    int i, loaded = 0;
    rng_state = 20261127;
    for (i = 0; i < NETWORKS; i++) {
        cJSON *doc = generate(), *back;
        char *text = cJSON_PrintUnformatted(doc), *saved = NULL, *again = NULL;
        efn_network *net = NULL, *net2 = NULL;
        if (efn_network_load_buffer(&net, text, strlen(text), "gen") !=
            EFN_OK) {
            /* Only an ownership cycle at 100% can make a generated network
             * invalid (o1 -> o0 -> ... is acyclic by construction), so any
             * failure is a bug. */
            fprintf(stderr, "network %d rejected: %s\n%s\n", i,
                    efn_last_error(), text);
            check_failures++;
        } else {
            loaded++;
            CHECK_OK(efn_network_to_json(&saved, net, 0));
            back = saved ? cJSON_Parse(saved) : NULL;
            CHECK(back && cJSON_Compare(doc, back, 1) && same_order(doc, back));
            cJSON_Delete(back);
            CHECK_OK(
                efn_network_load_buffer(&net2, saved, strlen(saved), "re"));
            if (net2) {
                CHECK_OK(efn_network_to_json(&again, net2, 0));
                CHECK_STR(again, saved);
            }
        }
        check_count++;
        cJSON_free(text);
        efn_free(saved);
        efn_free(again);
        efn_network_free(net);
        efn_network_free(net2);
        cJSON_Delete(doc);
    }
    printf("test_property: %d of %d generated networks round-tripped\n", loaded,
           NETWORKS);
    return check_finish("test_property");
}
