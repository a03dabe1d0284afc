#!/bin/bash
# Device tests for disks beyond VMware's PVSCSI (issue 19): NVMe (PCIe, a native multipath
# head and its hidden paths, a clone, NVMe/TCP), Amazon EBS, VMware's virtual NVMe,
# virtio-blk, virtio-scsi, Hyper-V/Azure and Google persistent disks, each described in
# tests/devices/*.umockdev (gen-umockdev-transports.py).  For every platform: the identity
# scan shows, what bind takes and refuses, export's names in a simulated coldplug agreeing
# with scan, the static rules, list and query.
set -u

UH=${UH:?path to udev-helper}
DEVICES=${DEVICES:?path to tests/devices}
. "$(dirname "$0")/device-lib.sh"
SIM=$(dirname "$0")/udev-sim.sh
COMPARE=$(dirname "$0")/compare-scan-export.py
udevsim() {
        unshare -rm sh -c 'mount -t tmpfs tmpfs /run && exec umockdev-run -d "$1" -- "$2" "$3" "$4" "$5" "$6" "$7"' sh \
                "$DEVICES/$1" "$SIM" "$UH" "$2" "$3" "$4" "${UH_EXPORT:-}"
}
on() { local f=$1; shift; umockdev-run -d "$DEVICES/$f" -- "$@"; }
# json FILE DEVICE FIELD: one field of scan --json for one device
json() {
        python3 -c 'import json,sys
for d in json.load(open(sys.argv[1]))["disks"]:
    if d["device"] == sys.argv[2]:
        v = d.get(sys.argv[3])
        if sys.argv[3] == "problems":
            v = ",".join(p["problem"] for p in v)
        print("" if v is None else v)' "$WORK/$1" "$2" "$3"
}
is() { [ "$(json "$1" "$2" "$3")" = "$4" ] || { echo "  $2 $3: want '$4', got '$(json "$1" "$2" "$3")'" >&2; false; }; }
holds() { json "$1" "$2" "$3" | grep -qF -- "$4" || { echo "  $2 $3: want '$4' in '$(json "$1" "$2" "$3")'" >&2; false; }; }
conf() { cat >"$WORK/$1.conf"; : >"$WORK/$1.b"; }
# platform FIXTURE CONF-NAME: scan, bind, the coldplug simulation and scan/export agreement
platform() {
        local fx=$1 c=$2
        run "$c-scan" on "$fx" "$UH" -c "$WORK/$c.conf" -b "$WORK/$c.b" scan --json
        run "$c-bind" on "$fx" "$UH" -c "$WORK/$c.conf" -b "$WORK/$c.b" bind
        run "$c-scan2" on "$fx" "$UH" -c "$WORK/$c.conf" -b "$WORK/$c.b" scan --json
        run "$c-sim" udevsim "$fx" "$WORK/$c.conf" "$WORK/$c.b" "$WORK/sim-$c"
        check "$c: scan and export agree on every disk" python3 "$COMPARE" "$WORK/$c-scan2.out" "$WORK/sim-$c"
        check "$c: the event binary and export in an admin's call print the same" [ ! -s "$WORK/sim-$c/differ" ]
        run "$c-rules" on "$fx" "$UH" -c "$WORK/$c.conf" -b "$WORK/$c.b" rules
        run "$c-list" on "$fx" "$UH" -c "$WORK/$c.conf" -b "$WORK/$c.b" list
        # Each partition's record as the coldplug left it: apply's sweep must expect the same.
        run "$c-sweep" on "$fx" sh -c 'for u in $(grep -l "^DEVTYPE=partition" $(find /sys/devices -name uevent)); do
                        d=${u%/uevent}; grep -E "^UH_(NAME|PROBLEM)=" "$1/${d##*/}.2" >>"$u" && echo "set ${d##*/}"
                done; "$2" -c "$3" -b "$4" apply --dry-run' sh "$WORK/sim-$c" "$UH" "$WORK/$c.conf" "$WORK/$c.b"
        check "$c: apply expects of every partition what export gave it" \
                sh -c 'for n in $(sed -n "s/^set //p" "$1"); do ! grep -q "^/dev/$n:" "$1" || exit 1; done' sh "$WORK/$c-sweep.out"
}
exported() { sed -n "s/^$3=//p" "$WORK/sim-$1/$2.2"; }

echo "# NVMe: PCIe namespaces, a native multipath head, a clone, NVMe/TCP"
conf nvme <<'C'
[nvme]
match-transport = nvme
name = asm/nvme%02d
owner = root
group = disk
mode = 0660
C
platform nvme-guest.umockdev nvme
check "nvme: scan keys a namespace without designator by udev's ID_SERIAL" \
        is nvme-scan.out /dev/nvme0n1 serial nvme-QEMU_NVMe_Ctrl_NVMEA0001_1
check "nvme: ...a UUID namespace by its wwid" is nvme-scan.out /dev/nvme5n1 serial nvme-uuid.5a1e0000-0000-4000-8000-0000000000f1
check "nvme: ...an NGUID namespace by its wwid" is nvme-scan.out /dev/nvme5n2 serial nvme-eui.36344830526002760025384700000002
check "nvme: transport shown" is nvme-scan.out /dev/nvme5n1 transport nvme
check "nvme: the multipath head is listed once" [ "$(grep -c '"/dev/nvme1n1"' "$WORK/nvme-scan.out")" = 1 ]
check "nvme: its hidden paths are not listed" lacks nvme-scan.out "nvme1c1n1"
check "nvme: the clone's namespaces are both refused" is nvme-scan.out /dev/nvme3n1 problems duplicate-serial
check "nvme: ...both" is nvme-scan.out /dev/nvme4n1 problems duplicate-serial
printf '%s\n' "asm/nvme01 nvme-QEMU_NVMe_Ctrl_NVMEA0001_1 nvme" "asm/nvme02 nvme-QEMU_NVMe_Ctrl_NVMEA0001_2 nvme" \
        "asm/nvme03 nvme-QEMU_NVMe_Ctrl_SHARED001_1 nvme" "asm/nvme04 nvme-uuid.5a1e0000-0000-4000-8000-0000000000f1 nvme" \
        "asm/nvme05 nvme-eui.36344830526002760025384700000002 nvme" >"$WORK/want-nvme"
check "nvme: bind takes the namespaces and the head, in order, and no clone" same "$WORK/want-nvme" "$WORK/nvme.b"
check "nvme: bind exits 1 for the refused clones" [ "$(rc nvme-bind)" = 1 ]
check "nvme: export names the namespace" [ "$(exported nvme nvme0n1 UH_NAME)" = asm/nvme01 ]
check "nvme: ...its partition -part1" [ "$(exported nvme nvme0n1p1 UH_NAME)" = asm/nvme01-part1 ]
check "nvme: ...the multipath head" [ "$(exported nvme nvme1n1 UH_NAME)" = asm/nvme03 ]
check "nvme: ...the NVMe/TCP namespace" [ "$(exported nvme nvme5n1 UH_NAME)" = asm/nvme04 ]
check "nvme: export refuses a clone" [ "$(exported nvme nvme4n1 UH_PROBLEM)" = duplicate-serial ]
check "nvme: export ownership" [ "$(exported nvme nvme0n1 UH_MODE)" = 0660 ]
check "nvme: static rules key a namespace on ID_SERIAL" \
        has nvme-rules.out 'KERNEL=="nvme*", ENV{ID_SERIAL}=="QEMU_NVMe_Ctrl_NVMEA0001_1", ENV{DEVTYPE}=="disk", SYMLINK+="asm/nvme01"'
check "nvme: ...its partitions" \
        has nvme-rules.out 'KERNEL=="nvme*", ENV{ID_SERIAL}=="QEMU_NVMe_Ctrl_NVMEA0001_1", ENV{DEVTYPE}=="partition", SYMLINK+="asm/nvme01-part%n"'
check "nvme: ...a designator on ID_WWN" \
        has nvme-rules.out 'KERNEL=="nvme*", ENV{ID_WWN}=="uuid.5a1e0000-0000-4000-8000-0000000000f1", ENV{DEVTYPE}=="disk"'
check "nvme: ...and skip the hidden paths" has nvme-rules.out 'KERNEL=="nvme*c*", GOTO="udev_helper_static_end"'
run nvme-check on nvme-guest.umockdev "$UH" -c "$WORK/nvme.conf" -b "$WORK/nvme.b" check
check "nvme: check exits 1 for the clones" [ "$(rc nvme-check)" = 1 ]
check "nvme: ...naming them" has nvme-check.err "/dev/nvme4n1: duplicate-serial"
check "nvme: list gives the five names" same <(printf 'asm/nvme0%s\n' 1 2 3 4 5) "$WORK/nvme-list.out"
run nvme-q on nvme-guest.umockdev "$UH" -c "$WORK/nvme.conf" -b "$WORK/nvme.b" query asm/nvme03
check "nvme: query finds the head by its name" has nvme-q.out "nvme1n1"
run nvme-qp on nvme-guest.umockdev "$UH" -c "$WORK/nvme.conf" -b "$WORK/nvme.b" query nvme1c1n1
check "nvme: query of a hidden path: the head is named instead, exit 1" [ "$(rc nvme-qp)" = 1 ]
check "nvme: ...saying so" has nvme-qp.err "path of the NVMe multipath namespace nvme1n1"

# A clone whose twin udev handled before udev-helper's rule tagged it (the rule installed
# later, udev's database lost): no tag to find, but udev's by-id link for the identity
# points at the twin.
printf 'asm/clone01 nvme-QEMU_NVMe_Ctrl_CLONE0001_1 nvme\n' >"$WORK/nvme-clone.b"
run nvme-byid on nvme-guest.umockdev "$UH" -c "$WORK/nvme.conf" -b "$WORK/nvme-clone.b" export nvme3n1
check "nvme: an untagged clone is refused through udev's by-id link" has nvme-byid.out "UH_PROBLEM=duplicate-serial"
check "nvme: ...gets no name" lacks nvme-byid.out "UH_NAME"
check "nvme: ...and is told which disk it collides with" has nvme-byid.out "is also presented by nvme4n1"

echo "# Amazon EBS"
conf ebs <<'C'
[ebs]
match-transport = nvme
match-model = Amazon Elastic Block Store
name = asm/ebs%02d
C
platform aws-ebs.umockdev ebs
check "ebs: a volume is keyed by its volume id" is ebs-scan.out /dev/nvme1n1 serial vol-0123456789abcdef0
check "ebs: the root volume is in use (its partition holds ext4)" holds ebs-scan.out /dev/nvme0n1 in_use "nvme0n1p1 carries ext4"
check "ebs: the instance-store disk is not of the class" is ebs-scan.out /dev/nvme3n1 class ""
printf '%s\n' "asm/ebs01 vol-0123456789abcdef0 ebs" "asm/ebs02 vol-0fedcba9876543210 ebs" >"$WORK/want-ebs"
check "ebs: bind takes the two data volumes" same "$WORK/want-ebs" "$WORK/ebs.b"
check "ebs: export names them" [ "$(exported ebs nvme2n1 UH_NAME)" = asm/ebs02 ]
run ebs-check on aws-ebs.umockdev "$UH" -c "$WORK/ebs.conf" -b "$WORK/ebs.b" check
check "ebs: check finds no problem once the volumes are bound" [ "$(rc ebs-check)" = 0 ]
run ebs-apply on aws-ebs.umockdev "$UH" -c "$WORK/ebs.conf" -b "$WORK/ebs.b" apply --dry-run
check "ebs: apply would re-trigger exactly the two bound volumes" \
        [ "$(grep -c 'would re-trigger' "$WORK/ebs-apply.out")" = 2 ]
check "ebs: ...the first" has ebs-apply.out "/dev/nvme1n1: (no name) -> asm/ebs01"
run ebs-q on aws-ebs.umockdev "$UH" -c "$WORK/ebs.conf" -b "$WORK/ebs.b" query asm/ebs01
check "ebs: query shows the volume id" has ebs-q.out "serial: vol-0123456789abcdef0"
check "ebs: static rules key on model and ID_SERIAL_SHORT" \
        has ebs-rules.out 'KERNEL=="nvme*", ENV{ID_MODEL}=="Amazon Elastic Block Store", ENV{ID_SERIAL_SHORT}=="vol0123456789abcdef0", ENV{DEVTYPE}=="disk", SYMLINK+="asm/ebs01"'

echo "# VMware's virtual NVMe"
conf vnvme <<'C'
[vnvme]
match-transport = nvme
match-model = VMware Virtual NVMe Disk
name = asm/vn%02d
C
platform vmware-nvme.umockdev vnvme
check "vnvme: without disk.EnableUUID a disk is refused" is vnvme-scan.out /dev/nvme0n1 problems default-serial
check "vnvme: ...saying what to do" has vnvme-scan.out "disk.EnableUUID"
check "vnvme: with it the NGUID names the disk" is vnvme-scan.out /dev/nvme0n3 serial nvme-eui.a9d1a9a7feaf1d66000c296f092d9204
check "vnvme: bind takes only that disk" same <(echo "asm/vn01 nvme-eui.a9d1a9a7feaf1d66000c296f092d9204 vnvme") "$WORK/vnvme.b"
check "vnvme: export refuses the others" [ "$(exported vnvme nvme0n2 UH_PROBLEM)" = default-serial ]

echo "# KVM: virtio-blk and virtio-scsi"
conf kvm <<'C'
[kvm]
match-transport = virtio
name = asm/kvm%02d

[kvmscsi]
match-transport = scsi
match-vendor = QEMU
name = asm/qs%02d
C
platform virtio-guest.umockdev kvm
check "kvm: a virtio disk is keyed by its serial" is kvm-scan.out /dev/vda serial virtio-VBLK-0001
check "kvm: two virtio disks with one serial are both refused" is kvm-scan.out /dev/vda problems duplicate-serial
check "kvm: ...both" is kvm-scan.out /dev/vdc problems duplicate-serial
check "kvm: a virtio disk without serial is refused" is kvm-scan.out /dev/vdb problems no-unique-id
check "kvm: ...saying to give it one" has kvm-scan.out "give the disk one"
check "kvm: a virtio-scsi disk with serial= is keyed as scsi_id keys it" is kvm-scan.out /dev/sda serial 0QEMU_QEMU_HARDDISK_VSCSI0001
check "kvm: ...one with wwn= by its NAA" is kvm-scan.out /dev/sdb serial 35000c50015ea71ac
check "kvm: ...one with neither (QEMU's drive name) is refused" is kvm-scan.out /dev/sdc problems no-unique-id
printf '%s\n' "asm/qs01 0QEMU_QEMU_HARDDISK_VSCSI0001 kvmscsi" "asm/qs02 35000c50015ea71ac kvmscsi" >"$WORK/want-kvm"
check "kvm: bind takes the two virtio-scsi disks with an identity, no virtio disk" same "$WORK/want-kvm" "$WORK/kvm.b"
check "kvm: export refuses the cloned virtio disk" [ "$(exported kvm vdc UH_PROBLEM)" = duplicate-serial ]
check "kvm: ...and its partition" [ "$(exported kvm vda1 UH_PROBLEM)" = duplicate-serial ]
printf 'asm/kvm01 virtio-VBLK-0001 kvm\n' >"$WORK/kvm2.b"
run kvm-rules2 on virtio-guest.umockdev "$UH" -c "$WORK/kvm.conf" -b "$WORK/kvm2.b" rules
check "kvm: static rules for a virtio binding key on ID_SERIAL" \
        has kvm-rules2.out 'KERNEL=="vd*", ENV{ID_SERIAL}=="VBLK-0001", ENV{DEVTYPE}=="disk", SYMLINK+="asm/kvm01"'

run kvm-byid on virtio-guest.umockdev "$UH" -c "$WORK/kvm.conf" -b "$WORK/kvm2.b" export vda
check "kvm: an untagged virtio clone is refused through udev's by-id link" has kvm-byid.out "UH_PROBLEM=duplicate-serial"
check "kvm: ...gets no name" lacks kvm-byid.out "UH_NAME"
check "kvm: ...and is told which disk it collides with" has kvm-byid.out "is also presented by vdc"

echo "# Azure (Hyper-V storvsc)"
conf az <<'C'
[az]
match-transport = scsi
match-vendor = Msft
match-model = Virtual Disk
name = asm/az%02d
C
platform hyperv-azure.umockdev az
check "az: a data disk with a unique serial is keyed by it" is az-scan.out /dev/sdc serial 360022480a1b2c3d4e5f60718293a4b5c
check "az: one without is keyed by Azure's controller and LUN" is az-scan.out /dev/sdd serial azure-scsi1-lun1
check "az: the OS disk is in use" holds az-scan.out /dev/sda in_use "sda1 carries ext4"
printf '%s\n' "asm/az01 360022480a1b2c3d4e5f60718293a4b5c az" "asm/az02 azure-scsi1-lun1 az" >"$WORK/want-az"
check "az: bind takes the two data disks" same "$WORK/want-az" "$WORK/az.b"
check "az: export names the LUN-keyed disk" [ "$(exported az sdd UH_NAME)" = asm/az02 ]
check "az: static rules: none for a LUN-keyed binding" has az-rules.err "keep the helper for it"

echo "# Google persistent disks"
conf gce <<'C'
[gce]
match-transport = scsi
match-vendor = Google
match-model = PersistentDisk
name = asm/pd%02d
C
platform gcp-pd.umockdev gce
check "gce: a persistent disk is keyed by scsi_id's ID_SERIAL (its device name)" \
        is gce-scan.out /dev/sdb serial 0Google_PersistentDisk_oradata1
printf '%s\n' "asm/pd01 0Google_PersistentDisk_oradata1 gce" "asm/pd02 0Google_PersistentDisk_oradata2 gce" >"$WORK/want-gce"
check "gce: bind takes the two data disks, not the boot disk" same "$WORK/want-gce" "$WORK/gce.b"
check "gce: export names them" [ "$(exported gce sdc UH_NAME)" = asm/pd02 ]
check "gce: static rules key on ID_SERIAL" \
        has gce-rules.out 'ENV{ID_SERIAL}=="0Google_PersistentDisk_oradata1", SYMLINK+="asm/pd01"'

summary
