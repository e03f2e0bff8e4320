/*
 * libFuzzer target: the network loader. Whatever the bytes, loading must
 * not crash or leak; when it succeeds, saving and loading again must give
 * the same text (nothing lost), and every analysis entry point must run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "efn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    efn_network *net = NULL, *again = NULL;
    efn_diagnostics *diag = NULL;
    char *text = NULL, *text2 = NULL;
    int loaded, rc;
    size_t problems = 0;
    char first[200] = ""; /* a message may be cut short past this */
    if (efn_validate_buffer(&diag, (const char *)data, size, "fuzz") ==
        EFN_OK) {
        problems = efn_diagnostics_count(diag);
        if (problems)
            snprintf(first, sizeof first, "%s",
                     efn_diagnostics_problem(diag, 0));
        efn_diagnostics_free(diag);
    }
    rc = efn_network_load_buffer(&net, (const char *)data, size, "fuzz");
    loaded = rc == EFN_OK;
    /* The load reads nodes and assets one at a time, validation the whole
     * tree: they must agree on whether the file is valid, and on its first
     * problem. */
    if ((loaded && problems) || (rc == EFN_EINVALID && !problems) ||
        (rc == EFN_EINVALID && !strstr(efn_last_error(), first)))
        abort();
    if (!loaded)
        return 0;
    if (efn_network_to_json(&text, net, 0) == EFN_OK &&
        efn_network_load_buffer(&again, text, strlen(text), "again") ==
            EFN_OK &&
        efn_network_to_json(&text2, again, 0) == EFN_OK &&
        strcmp(text, text2) != 0)
        abort(); /* a load/save round trip changed the document */
    /* The analyses must accept whatever the loader accepted. Small
     * networks only, so that each input stays fast. */
    if (efn_network_node_count(net) <= 64 &&
        efn_network_asset_count(net) <= 64) {
        efn_flow *f = NULL;
        efn_dependency *d = NULL;
        efn_ownership *o = NULL;
        efn_flow_options fo = EFN_FLOW_OPTIONS_INIT;
        int c;
        for (c = 0; c < EFN_COMMODITY_COUNT; c++) {
            fo.commodity = (efn_commodity)c;
            if (efn_flow_run(&f, net, &fo) == EFN_OK)
                efn_flow_free(f);
        }
        if (efn_dependency_run(&d, net, NULL) == EFN_OK)
            efn_dependency_free(d);
        if (efn_ownership_run(&o, net, 0, NULL) == EFN_OK)
            efn_ownership_free(o);
    }
    efn_free(text);
    efn_free(text2);
    efn_network_free(again);
    efn_network_free(net);
    return 0;
}
