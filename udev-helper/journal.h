/* SPDX-License-Identifier: MIT */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* The journal's native protocol (systemd's "Native Journal Protocol"): one datagram to
 * journald's socket, fields as NAME=value lines, or NAME, a newline, the value's length as
 * 64-bit little endian, the value and a newline where the value holds a newline.  Spoken
 * here so that an event does not load libsystemd (and with it libgcrypt, liblzma, libzstd,
 * liblz4, libgpg-error, libcap) for the rare message it sends. */

#define JOURNAL_SOCKET "/run/systemd/journal/socket"

typedef struct JournalField {
        const char *name; /* uppercase letters, digits, '_'; not starting with '_' */
        const char *value;
} JournalField;

/* Encodes the fields into buf (pure).  Returns the datagram's size, which may exceed size:
 * then nothing useful is in buf; call again with a buffer that large.  -EINVAL for an
 * invalid field name. */
ssize_t journal_encode(const JournalField *fields, size_t n, char *buf, size_t size);

/* Sends one entry to the journal socket at path.  Never blocks: when journald is not
 * running or its queue is full the entry is lost (stderr still has the message), because
 * an event must not wait on the journal.  Returns 0 or a negative errno. */
int journal_send(const char *path, const JournalField *fields, size_t n);
