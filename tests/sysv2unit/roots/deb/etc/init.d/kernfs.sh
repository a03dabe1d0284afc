#!/bin/sh
### BEGIN INIT INFO
# Provides:          kernfs
# Default-Start:     S
# Short-Description: another early script, the first one may wait for it
### END INIT INFO
case "$1" in
start) mount -t tracefs tracefs /sys/kernel/tracing ;;
stop) : ;;
esac
