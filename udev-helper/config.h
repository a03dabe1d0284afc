/* SPDX-License-Identifier: MIT */
#pragma once

/* The configuration: its classes (which disks, which names, whose nodes), parsed in one
 * pass from text (config.c, the table of keys there).  Pure: no I/O, no NSS. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CONFIG_DEFAULT_PATH "/etc/udev-helper/udev-helper.conf"
#define CONFIG_MAX_SIZE (1024 * 1024)
/* A longer line is refused, never read as two. */
#define CONFIG_LINE_MAX 190

typedef enum NameFrom {
        NAME_FROM_BINDING,
        NAME_FROM_LABEL,
} NameFrom;

typedef enum IdentifyBy {
        IDENTIFY_BY_SERIAL,
        IDENTIFY_BY_ISCSI,
} IdentifyBy;

/* One section of the configuration: which disks belong to it and how they are named. */
typedef struct DiskClass {
        char *name;
        unsigned line; /* of the [section] header */

        char *match_vendor; /* fnmatch(3) globs against the trimmed INQUIRY strings */
        char *match_model;
        char *match_fs_type;
        uint64_t min_size, max_size; /* bytes; max_size 0 means no bound */
        int match_host;              /* SCSI host number, -1 for any */

        NameFrom name_from;
        IdentifyBy identify_by;
        char *name_pattern; /* for NAME_FROM_BINDING */
        char *prefix;       /* for NAME_FROM_LABEL */

        char *owner;
        char *group;
        unsigned owner_line, group_line; /* of those keys, for errors found after parsing */
        mode_t mode;
        bool has_mode;
        unsigned partition; /* 0: the name goes on the whole disk */
} DiskClass;

typedef struct Config {
        DiskClass *classes;
        size_t n_classes;
} Config;

typedef struct ParseError {
        unsigned line; /* 0 when the error is not about one line */
        char message[256];
} ParseError;

/* Parses configuration text.  On error returns -EINVAL and fills err. */
int config_parse(const char *text, Config *ret, ParseError *err);
void config_done(Config *c);
/* A class name ([NAME] in the configuration, CLASS in the bindings): [A-Za-z0-9_.-]{1,64}. */
bool config_class_name_ok(const char *s);
const DiskClass *config_find_class(const Config *c, const char *name);

/* Valid user or group name as udev's OWNER=/GROUP= would take it. */
bool config_account_name_ok(const char *s);
