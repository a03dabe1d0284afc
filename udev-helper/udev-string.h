/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* The two steps udev applies to every string scsi_id exports (ID_SERIAL, ID_VENDOR, ...):
 * leading/trailing whitespace dropped and inner runs turned into one '_', then every byte
 * that is not plain ASCII alnum, "#+-.:=@_", a "\x" escape or valid UTF-8 turned into '_'.
 * Reproduced here so that our serials equal the ID_SERIAL admins already see. */

/* Reads at most len bytes of str; writes at most len bytes plus NUL into to (to may be str). */
size_t udev_style_replace_whitespace(const char *str, char *to, size_t len);

/* In place; returns how many bytes were replaced. */
size_t udev_style_replace_chars(char *str);

/* Length of the valid UTF-8 sequence at s (1..4), or -1; reads at most max bytes. */
int utf8_valid_sequence_length(const char *s, size_t max);

/* What to print after "KEY=" on the stdout of an IMPORT{program} so that udev stores value
 * byte for byte.  udev splits the output at "\n" and "\r" (a backslash keeps the character
 * after it in the line), strips spaces and tabs around the value, removes one pair of
 * matching quotes around it and refuses an empty value; it unescapes nothing, so "\x.."
 * sequences pass as they are.  What cannot pass becomes '_': line breaks, whitespace at
 * either end, and a last backslash that would join the next line.  A value that starts with
 * a quote is wrapped in one more pair.  Returns a new string (NULL on OOM); *ret_replaced,
 * when given, counts the bytes replaced (0: udev stores exactly value). */
char *udev_import_escape(const char *value, size_t *ret_replaced);

/* The name of udev's stack directory for a link: /run/udev/links/NAME/ holds one entry per
 * device udev gave the link (named by device id, "b8:16"), whatever the link priorities,
 * while the link itself shows only the winner.  link is the path under /dev ("asm/data01").
 * udev 250 and later escape it without the leading slash ("asm\x2fdata01"), older udev (EL
 * 8's 239) with it ("\x2fasm\x2fdata01", legacy); '/' and '\' become "\x2f" and "\x5c".
 * Returns 0, or -ENAMETOOLONG where udev would shorten the name with a keyed hash (the
 * caller then has only the link to go by). */
int udev_link_stack_name(const char *link, bool legacy, char *buf, size_t size);
