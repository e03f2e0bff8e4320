/*
 * Load then save loses nothing: every key (known or not), array order and
 * number are kept; a failed save leaves the previous file intact.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Structural equality that also compares key order (cJSON_Compare with
 * case-sensitive keys ignores order, so check order separately). */
static int same_order(const cJSON *a, const cJSON *b)
{
    const cJSON *x = a ? a->child : NULL, *y = b ? b->child : NULL;
    for (; x && y; x = x->next, y = y->next) {
        if ((x->string || y->string) &&
            (!x->string || !y->string || strcmp(x->string, y->string) != 0))
            return 0;
        if (!same_order(x, y))
            return 0;
    }
    return x == NULL && y == NULL;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/data";
    char path[4096], out[4096];
    char *original, *saved = NULL, *again = NULL;
    efn_network *net = NULL, *net2 = NULL;
    cJSON *a, *b;

    snprintf(path, sizeof path, "%s/small.json", dir);
    original = slurp(path);
    CHECK(original != NULL);
    CHECK_OK(efn_network_load(&net, path));
    if (!net || !original)
        return check_finish("test_roundtrip");

    /* Save to JSON text, compare with the file as parsed by cJSON. */
    CHECK_OK(efn_network_to_json(&saved, net, 1));
    a = cJSON_Parse(original);
    b = cJSON_Parse(saved);
    CHECK(a && b);
    CHECK(cJSON_Compare(a, b, 1));
    CHECK(same_order(a, b));
    /* Spot checks of unknown keys and extreme numbers. */
    {
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(b, "assets"),
                               0),
            "x_custom");
        CHECK(x != NULL);
        CHECK(cJSON_GetObjectItemCaseSensitive(x, "big")->valuedouble ==
              12345678901234.0);
        CHECK(cJSON_GetObjectItemCaseSensitive(x, "tiny")->valuedouble ==
              1.5e-300);
        CHECK_STR(cJSON_GetObjectItemCaseSensitive(b, "x_top_level_extra")
                      ->valuestring,
                  "unknown keys survive");
    }
    cJSON_Delete(a);
    cJSON_Delete(b);

    /* Save to a file and load again: the same text both times. */
    snprintf(out, sizeof out, "%s/efn-roundtrip-%ld.json",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
    CHECK_OK(efn_network_save(net, out));
    CHECK_OK(efn_network_load(&net2, out));
    if (net2) {
        CHECK_OK(efn_network_to_json(&again, net2, 1));
        CHECK_STR(again, saved);
        CHECK(efn_network_asset_count(net2) == efn_network_asset_count(net));
    }

    /* Compact output parses to the same document. */
    {
        char *compact = NULL;
        CHECK_OK(efn_network_to_json(&compact, net, 0));
        a = cJSON_Parse(compact);
        b = cJSON_Parse(saved);
        CHECK(a && b && cJSON_Compare(a, b, 1));
        cJSON_Delete(a);
        cJSON_Delete(b);
        efn_free(compact);
    }

    /* A save into a missing directory fails and says where. */
    CHECK_ERR(efn_network_save(net, "/nonexistent-dir/x.json"), EFN_EIO,
              "/nonexistent-dir/x.json: cannot write");
    /* A save whose target cannot be replaced (a directory stands there)
     * fails, leaves the directory as it was and no temporary behind. */
    {
        char dir[4200], tmpname[4300];
        struct stat st;
        snprintf(dir, sizeof dir, "%s.d", out);
        CHECK(mkdir(dir, 0755) == 0);
        CHECK_ERR(efn_network_save(net, dir), EFN_EIO, "cannot replace");
        CHECK(stat(dir, &st) == 0 && S_ISDIR(st.st_mode));
        snprintf(tmpname, sizeof tmpname, "%s.tmp.%ld", dir, (long)getpid());
        CHECK(stat(tmpname, &st) != 0);
        rmdir(dir);
    }
    /* A full disk, simulated with a file-size limit (writes past it fail
     * with EFBIG): the save fails with a message and the previous file is
     * untouched, with no temporary left. */
    {
        struct rlimit old, small;
        char *before, *after, tmpname[4300];
        struct stat st;
        before = slurp(out);
        getrlimit(RLIMIT_FSIZE, &old);
        small = old;
        small.rlim_cur = 512; /* the saved network is larger */
        signal(SIGXFSZ, SIG_IGN);
        CHECK(setrlimit(RLIMIT_FSIZE, &small) == 0);
        CHECK_ERR(efn_network_save(net, out), EFN_EIO, "write failed");
        setrlimit(RLIMIT_FSIZE, &old);
        signal(SIGXFSZ, SIG_DFL);
        after = slurp(out);
        CHECK(before && after && strcmp(before, after) == 0);
        snprintf(tmpname, sizeof tmpname, "%s.tmp.%ld", out, (long)getpid());
        CHECK(stat(tmpname, &st) != 0);
        free(before);
        free(after);
    }
    /* A read-only file system (procfs refuses new files, even to root). */
    CHECK_ERR(efn_network_save(net, "/proc/efn-test.json"), EFN_EIO,
              "/proc/efn-test.json: cannot write");
    remove(out);

    /* A copy is independent and equal. */
    {
        efn_network *copy = NULL;
        char *ctext = NULL;
        CHECK_OK(efn_network_copy(&copy, net));
        if (copy) {
            CHECK_OK(efn_network_to_json(&ctext, copy, 1));
            CHECK_STR(ctext, saved);
        }
        efn_free(ctext);
        efn_network_free(copy);
    }

    efn_free(saved);
    efn_free(again);
    free(original);
    efn_network_free(net);
    efn_network_free(net2);
    return check_finish("test_roundtrip");
}
