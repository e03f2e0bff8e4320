/*
 * libFuzzer target: the scenario loader and scenario application. The
 * bytes are a scenario; it is applied to a fixed small network (the
 * network of tests/data/small.json, compiled in), which must come out
 * unchanged whatever happens.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char base_text[] =
    "{\"efn\":1,\"kind\":\"network\",\"metadata\":{\"year\":2023},"
    "\"nodes\":["
    "{\"id\":\"f1\",\"kind\":\"field\",\"country\":\"AZ\",\"supply\":{\"gas\":"
    "10}},"
    "{\"id\":\"j1\",\"kind\":\"junction\",\"country\":\"GE\"},"
    "{\"id\":\"m1\",\"kind\":\"market\",\"country\":\"TR\",\"demand\":{\"gas\":"
    "8}},"
    "{\"id\":\"o1\",\"kind\":\"field\",\"country\":\"KZ\",\"supply\":{\"oil\":"
    "20}},"
    "{\"id\":\"t1\",\"kind\":\"terminal\",\"country\":\"RU\",\"demand\":{"
    "\"oil\":5}}],"
    "\"owners\":[{\"id\":\"s\",\"kind\":\"state\",\"country\":\"TR\"},"
    "{\"id\":\"c\",\"kind\":\"company\",\"owners\":[{\"owner\":\"s\",\"share\":"
    "100}]}],"
    "\"assets\":["
    "{\"id\":\"g1\",\"commodity\":\"gas\",\"route\":[\"f1\",\"j1\",\"m1\"],"
    "\"capacity\":{\"2018\":7,\"2020\":16},\"stakes\":[{\"owner\":\"c\","
    "\"share\":19}]},"
    "{\"id\":\"oil1\",\"commodity\":\"oil\",\"route\":[\"o1\",\"j1\",\"t1\"],"
    "\"capacity\":\"1.2 Mb/d\",\"bidirectional\":true}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static efn_network *base;
    static char *base_json;
    efn_scenario *s = NULL;
    efn_network *out = NULL;
    char *after = NULL;
    if (!base) {
        if (efn_network_load_buffer(&base, base_text, sizeof base_text - 1,
                                    "base") != EFN_OK ||
            efn_network_to_json(&base_json, base, 0) != EFN_OK)
            abort();
    }
    if (efn_scenario_load_buffer(&s, (const char *)data, size, "fuzz") !=
        EFN_OK)
        return 0;
    if (efn_scenario_apply(&out, base, s) == EFN_OK) {
        efn_flow *f = NULL;
        if (efn_flow_run(&f, out, NULL) == EFN_OK)
            efn_flow_free(f);
        efn_network_free(out);
    }
    if (efn_network_to_json(&after, base, 0) != EFN_OK ||
        strcmp(after, base_json) != 0)
        abort(); /* applying a scenario changed the base network */
    efn_free(after);
    efn_scenario_free(s);
    return 0;
}
