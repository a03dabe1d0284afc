#!/bin/sh
### BEGIN INIT INFO
# Provides:          hwclock
# Default-Start:     S
# Short-Description: masked on the target (its unit links to /dev/null)
### END INIT INFO
case "$1" in
start) hwclock --hctosys ;;
stop) hwclock --systohc ;;
esac
