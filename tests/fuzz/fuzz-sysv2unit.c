/* SPDX-License-Identifier: MIT */
/* The whole conversion as sysv2unit's main does it, without the I/O: the raw bytes of a
 * script are normalized, analysed and rendered (with and without --explain).  Bytes after
 * the first NUL, if any, are the sourced /etc/sysconfig or /etc/default file. */
#include <errno.h>

#include "analyze.h"
#include "fuzz.h"
#include "plan.h"
#include "text.h"

typedef struct Input {
        const uint8_t *data;
        size_t size;
} Input;

static int read_source(void *userdata, const char *path, char **ret) {
        const Input *in = userdata;
        if (!in->data)
                return -ENOENT;
        Diags d = {};
        int r = text_normalize((const char *) in->data, in->size, ret, &d);
        diags_free(&d);
        return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        if (size > 256 * 1024) /* scripts are small; keeps the fuzzer on structure, not bulk */
                return 0;
        const uint8_t *nul = memchr(data, '\0', size);
        size_t n_script = nul ? (size_t) (nul - data) : size;
        Input src = { nul ? nul + 1 : NULL, nul ? size - n_script - 1 : 0 };

        Diags d = {};
        char *text = NULL;
        if (text_normalize((const char *) data, n_script, &text, &d) < 0) {
                diags_free(&d);
                return 0;
        }
        AnalyzeInput in = { .text = text, .name = "fuzzd", .script_path = "/etc/init.d/fuzzd",
                            .read_source = read_source, .read_source_data = &src };
        UnitPlan *plans = NULL;
        size_t n = 0;
        /* A target with nothing on it: the target's stages run too, with no unit to find. */
        Target empty = {};
        if (analyze_script(&in, &empty, &plans, &n, &d) >= 0) {
                for (size_t i = 0; i < n; i++)
                        for (int explain = 0; explain < 2; explain++) {
                                char *unit = NULL;
                                if (plan_render(&plans[i], "fuzz", explain, &unit) >= 0 && !unit)
                                        abort();
                                free(unit);
                        }
                for (size_t i = 0; i < n; i++)
                        plan_free(&plans[i]);
                free(plans);
        }
        diags_free(&d);
        free(text);
        return 0;
}
