/* SPDX-License-Identifier: MIT */
/* The static shell reader: tokenizer and parser over third-party init-script text. */
#include "fuzz.h"
#include "shell.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        char *text = fuzz_strndup(data, size);
        Tokens t = {};
        Diags d = {};
        if (shell_tokenize(text, &t, &d) >= 0) {
                if (t.n == 0 || t.items[t.n - 1].kind != TOKEN_EOF)
                        abort();
                Node *n = NULL;
                if (shell_parse(&t, &n, &d) >= 0)
                        node_free(n);
                tokens_free(&t);
        }
        diags_free(&d);
        free(text);
        return 0;
}
