/* SPDX-License-Identifier: MIT */
/* /etc/udev-helper/udev-helper.conf: admin-edited text, read by every udev event. */
#include "config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        if (size > CONFIG_MAX_SIZE)
                return 0;
        char *text = fuzz_strndup(data, size);
        Config c = {};
        ParseError err = {};
        if (config_parse(text, &c, &err) >= 0) {
                for (size_t i = 0; i < c.n_classes; i++)
                        if (config_find_class(&c, c.classes[i].name) == NULL)
                                abort();
                config_done(&c);
        } else if (strnlen(err.message, sizeof(err.message)) == sizeof(err.message))
                abort();
        free(text);
        return 0;
}
