#!/bin/sh
### BEGIN INIT INFO
# Provides:          earlyfs
# Required-Start:    $local_fs $remote_fs othersvc kernfs
# Should-Start:      $network
# Default-Start:     S
# Short-Description: an rcS script that sets something up early
### END INIT INFO
case "$1" in
start) mount -a -t configfs ;;
stop) : ;;
esac
