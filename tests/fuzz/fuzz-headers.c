/* SPDX-License-Identifier: MIT */
/* chkconfig and LSB header blocks of third-party init scripts. */
#include "fuzz.h"
#include "headers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        char *text = fuzz_strndup(data, size);
        ScriptHeaders h = {};
        Diags d = {};
        if (headers_parse(text, &h, &d) >= 0)
                headers_free(&h);
        diags_free(&d);
        free(text);
        return 0;
}
