/* SPDX-License-Identifier: MIT */
#include "context.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fileio.h"
#include "macro.h"
#include "report.h"

int context_load_config(Context *c, ParseError *err) {
        _cleanup_free_ char *text = NULL;
        size_t size;
        memset(err, 0, sizeof(*err));
        int r = read_file_bounded(c->config_path, CONFIG_MAX_SIZE, &text, &size);
        if (r == -ENOENT)
                return 0;
        if (r < 0)
                return r;
        if (memchr(text, '\0', size)) {
                snprintf(err->message, sizeof(err->message), "file contains a NUL byte");
                return -EINVAL;
        }
        return config_parse(text, &c->config, err);
}

int context_load_bindings(Context *c, ParseError *err) {
        _cleanup_free_ char *text = NULL;
        size_t size;
        memset(err, 0, sizeof(*err));
        int r = read_file_bounded(c->bindings_path, BINDINGS_MAX_SIZE, &text, &size);
        if (r == -ENOENT)
                return 0;
        if (r < 0)
                return r;
        return bindings_parse(text, size, &c->bindings, err);
}

void context_report_load_error(const char *path, int r, const ParseError *err, bool to_journal) {
        if (r == -EINVAL)
                report_file_error(path, err->line, err->message, to_journal);
        else {
                char msg[128];
                snprintf(msg, sizeof(msg), "cannot read: %s", r == -EFBIG ? "file too large" : strerror(-r));
                report_file_error(path, 0, msg, to_journal);
        }
}

void context_done(Context *c) {
        config_free(&c->config);
        bindings_free(&c->bindings);
        if (c->udev)
                udev_unref(c->udev);
        c->udev = NULL;
}
