/* SPDX-License-Identifier: MIT */
/* Reload and enable units over D-Bus, the one place that talks to systemd (enable.h). */
#include "enable.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#if HAVE_LIBSYSTEMD
#include <systemd/sd-bus.h>
#endif
#include <unistd.h>

#include "macro.h"

#if HAVE_LIBSYSTEMD
#define SD_DEST "org.freedesktop.systemd1"
#define SD_PATH "/org/freedesktop/systemd1"
#define SD_IFACE "org.freedesktop.systemd1.Manager"


static int print_changes(sd_bus_message *reply) {
        int carries_install_info;
        int r = sd_bus_message_read(reply, "b", &carries_install_info);
        if (r < 0)
                return r;
        r = sd_bus_message_enter_container(reply, 'a', "(sss)");
        if (r < 0)
                return r;
        const char *type, *path, *source;
        while ((r = sd_bus_message_read(reply, "(sss)", &type, &path, &source)) > 0) {
                if (type[0] == 's') /* "symlink" */
                        fprintf(stderr, "sysv2unit: created symlink %s -> %s\n", path, source);
                else
                        fprintf(stderr, "sysv2unit: %s %s\n", type, path);
        }
        if (r < 0)
                return r;
        return sd_bus_message_exit_container(reply);
}

int enable_units(char *const *units, size_t n) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        sd_bus_error error = SD_BUS_ERROR_NULL;
        int r = sd_bus_open_system(&bus);
        if (r < 0 && geteuid() == 0) {
                /* No D-Bus daemon (a minimal system, early boot): root can talk to systemd
                 * on its private socket, as systemctl does. */
                int k = sd_bus_new(&bus);
                if (k >= 0)
                        k = sd_bus_set_address(bus, "unix:path=/run/systemd/private");
                if (k >= 0)
                        k = sd_bus_start(bus);
                if (k >= 0)
                        r = 0;
        }
        if (r < 0) {
                fprintf(stderr, "sysv2unit: cannot connect to systemd (system bus): %s\n", strerror(-r));
                return r;
        }
        /* Reload first: systemd must know the new files before it can enable them. */
        r = sd_bus_call_method(bus, SD_DEST, SD_PATH, SD_IFACE, "Reload", &error, NULL, NULL);
        if (r < 0) {
                fprintf(stderr, "sysv2unit: systemd reload failed: %s\n", error.message ? error.message : strerror(-r));
                sd_bus_error_free(&error);
                return r;
        }
        if (n == 0)
                return 0;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL, *reply = NULL;
        r = sd_bus_message_new_method_call(bus, &m, SD_DEST, SD_PATH, SD_IFACE, "EnableUnitFiles");
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'a', "s");
        for (size_t i = 0; i < n && r >= 0; i++)
                r = sd_bus_message_append(m, "s", units[i]);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        /* runtime=false: into /etc; force=false: never replace an admin's links. */
        if (r >= 0)
                r = sd_bus_message_append(m, "bb", 0, 0);
        if (r < 0) {
                fprintf(stderr, "sysv2unit: cannot build the EnableUnitFiles call: %s\n", strerror(-r));
                return r;
        }
        r = sd_bus_call(bus, m, 0, &error, &reply);
        if (r < 0) {
                fprintf(stderr, "sysv2unit: enabling failed: %s\n", error.message ? error.message : strerror(-r));
                sd_bus_error_free(&error);
                return r;
        }
        r = print_changes(reply);
        if (r < 0) {
                fprintf(stderr, "sysv2unit: cannot read systemd's answer: %s\n", strerror(-r));
                return r;
        }
        /* Enabling changed symlinks: reload once more so the running systemd sees them. */
        r = sd_bus_call_method(bus, SD_DEST, SD_PATH, SD_IFACE, "Reload", &error, NULL, NULL);
        if (r < 0) {
                fprintf(stderr, "sysv2unit: systemd reload failed: %s\n", error.message ? error.message : strerror(-r));
                sd_bus_error_free(&error);
        }
        return r;
}
#else
int enable_units(char *const *units, size_t n) {
        (void) units;
        (void) n;
        fprintf(stderr, "sysv2unit: --enable: built without libsystemd (sd-bus)\n");
        return -EOPNOTSUPP;
}
#endif
