/* SPDX-License-Identifier: MIT */
/* /run/udev/data/ID: udev's database record of another device, read on every event to
 * find who else claims a serial or a name.  udevd writes it, but its values are what the
 * device and earlier rules supplied: the parser must take any bytes, and what it returns
 * must stay inside the text and survive udev's import once escaped. */
#include <string.h>

#include "udev-db.h"
#include "fuzz.h"
#include "udev-string.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        if (size > UDEV_DB_MAX)
                return 0;
        char *text = fuzz_strndup(data, size);
        UdevDb db = {};
        udev_db_parse(&db, text, size);
        static const char *const keys[] = { "UH_SERIAL", "UH_CLAIM", "ID_SERIAL", "DEVTYPE", "", "E" };
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
                const char *v = udev_db_get(&db, keys[i]);
                if (!v)
                        continue;
                if (v < db.text || v >= db.text + db.size + 1)
                        abort(); /* a value points into the parsed text */
                char *escaped = udev_import_escape(v, NULL);
                if (escaped && (strchr(escaped, '\n') || strchr(escaped, '\r')))
                        abort(); /* one KEY=VALUE line for udev's import */
                free(escaped);
        }
        udev_db_done(&db);
        return 0;
}
