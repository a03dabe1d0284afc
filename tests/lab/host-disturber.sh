#!/bin/bash
# Stands in for the other work on a shared machine while a lab runs: creates and removes
# cgroups (in every hierarchy, two levels deep) and tmpfs mounts, over and over, until
# killed.  A lab whose host checks look only at what it could have made stays green beside
# it.  usage: host-disturber.sh [SECONDS]  (default: until killed)
set -u
end=$(( $(date +%s) + ${1:-1000000} ))
roots=()
if [ -e /sys/fs/cgroup/cgroup.procs ]; then
        roots=(/sys/fs/cgroup)
else
        for r in /sys/fs/cgroup/*/; do [ -e "$r/cgroup.procs" ] && roots+=("${r%/}"); done
fi
base=$(mktemp -d /tmp/host-disturber.XXXXXX)
trap 'umount "$base"/m* 2>/dev/null; for r in "${roots[@]}"; do rmdir "$r"/disturber.$$.*/sub "$r"/disturber.$$.* 2>/dev/null; done; rm -rf "$base"' EXIT
i=0 made=0
while [ "$(date +%s)" -lt "$end" ]; do
        i=$((i + 1))
        for r in "${roots[@]}"; do
                mkdir -p "$r/disturber.$$.$i/sub" && made=$((made + 1))
        done
        mkdir -p "$base/m$i" && mount -t tmpfs -o size=1m disturber "$base/m$i"
        sleep 0.1
        # remove the previous round's, so some are always there and some always go
        for r in "${roots[@]}"; do
                rmdir "$r/disturber.$$.$((i - 1))/sub" "$r/disturber.$$.$((i - 1))" 2>/dev/null
        done
        umount "$base/m$((i - 1))" 2>/dev/null && rmdir "$base/m$((i - 1))"
        [ $((i % 100)) = 0 ] && echo "host-disturber: $i rounds, $made cgroups made" >&2
done
echo "host-disturber: $i rounds, $made cgroups made and removed, $i mounts" >&2
