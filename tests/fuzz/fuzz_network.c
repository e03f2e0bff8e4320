/*
 * libFuzzer target: the network loader. Whatever the bytes, loading must
 * not crash or leak; when it succeeds, saving and loading again must give
 * the same text (nothing lost), and every analysis entry point must run.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    efn_network *net = NULL, *again = NULL;
    efn_diagnostics *diag = NULL;
    char *text = NULL, *text2 = NULL;
    if (efn_validate_buffer(&diag, (const char *)data, size, "fuzz") == EFN_OK)
        efn_diagnostics_free(diag);
    if (efn_network_load_buffer(&net, (const char *)data, size, "fuzz") !=
        EFN_OK)
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
