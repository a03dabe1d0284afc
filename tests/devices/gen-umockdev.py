#!/usr/bin/env python3
"""Writes the .umockdev device descriptions the device tests use.

Run it to regenerate; the output is committed so the tests need neither mkfs nor root.
Each fake disk carries the sysfs attributes the kernel exposes for a SCSI disk (vendor,
model, vpd_pg80, vpd_pg83 as binary attributes), its udev properties, and device-node
contents with real on-disk signatures where a test needs libblkid to find one.
"""
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PCI = "/devices/pci0000:00/0000:00:15.0"


def pg83(*designators):
    body = b"".join(designators)
    return bytes([0x00, 0x83]) + struct.pack(">H", len(body)) + body


def desig(code_set, dtype, ident, assoc=0):
    return bytes([code_set, (assoc << 4) | dtype, 0, len(ident)]) + ident


def naa_vmware(uuid_hex):
    return desig(1, 3, bytes.fromhex(uuid_hex))


def pg80(serial):
    s = serial.encode()
    return bytes([0x00, 0x80, 0x00, len(s)]) + s


def ext4_image():
    """The first 4 KiB of a real ext4 filesystem: enough for libblkid to see it."""
    with tempfile.TemporaryDirectory() as d:
        img = os.path.join(d, "img")
        with open(img, "wb") as f:
            f.truncate(4 * 1024 * 1024)
        subprocess.run(["mkfs.ext4", "-q", "-F", "-L", "rootfs", "-U",
                        "2f3e1c3a-5a44-4d4e-9c1e-0a0b0c0d0e0f", "-E",
                        "hash_seed=2f3e1c3a-5a44-4d4e-9c1e-0a0b0c0d0e0f", "-T", "small", img],
                       check=True, env=dict(os.environ, E2FSPROGS_FAKE_TIME="1700000000"))
        with open(img, "rb") as f:
            return f.read(4096)


def asmlib_image(label):
    """ASMLib's disk header: "ORCLDISK" at byte 32 and the disk name from byte 40."""
    buf = bytearray(4096)
    buf[32:40] = b"ORCLDISK"
    buf[40:40 + len(label)] = label.encode()
    return bytes(buf)


def gfs2_image(locktable):
    """A GFS2 superblock at 64 KiB (what libblkid reads); libblkid also wants the device to
    be at least 32 MiB, which the tests arrange by extending the fake node sparsely."""
    buf = bytearray(65536 + 512)
    sb = bytearray(512)
    struct.pack_into(">II", sb, 0, 0x01161970, 1)       # magic, GFS2_METATYPE_SB
    struct.pack_into(">I", sb, 16, 100)                  # mh_format: GFS2_FORMAT_SB
    struct.pack_into(">II", sb, 24, 1801, 1900)          # sb_fs_format, sb_multihost_format
    struct.pack_into(">II", sb, 36, 4096, 12)            # block size and its shift
    sb[96:104] = b"lock_dlm"
    sb[160:160 + len(locktable)] = locktable.encode()
    buf[65536:] = sb
    return bytes(buf)


def scsi_disk(out, host, target, lun, kname, minor, size_gib, vendor, model, p83=None, p80=None,
              props=(), contents=None, parts=(), transport=None, links=(), node=True, attrs=()):
    hctl = f"{host}:0:{target}:{lun}"
    if transport:
        hostpath = transport
    else:
        hostpath = f"{PCI}/0000:0{host}:00.0/host{host}"
    sdev = f"{hostpath}/target{host}:0:{target}/{hctl}"
    disk = f"{sdev}/block/{kname}"
    blocks = size_gib * 1024 * 1024 * 2
    out.append(f"P: {disk}")
    if node:
        out.append(f"N: {kname}" + (f"={contents.hex().upper()}" if contents else ""))
    for link in links:
        out.append(f"S: {link}")
    for k, v in [("DEVNAME", f"/dev/{kname}"), ("DEVTYPE", "disk"), ("MAJOR", "8"),
                 ("MINOR", str(minor)), ("SUBSYSTEM", "block")] + list(props):
        out.append(f"E: {k}={v}")
    out.append(f"A: size={blocks}")
    out.extend(attrs)
    out.append("")
    for n, (pcontents, pprops) in enumerate(parts, start=1):
        out.append(f"P: {disk}/{kname}{n}")
        out.append(f"N: {kname}{n}" + (f"={pcontents.hex().upper()}" if pcontents else ""))
        for k, v in [("DEVNAME", f"/dev/{kname}{n}"), ("DEVTYPE", "partition"), ("MAJOR", "8"),
                     ("MINOR", str(minor + n)), ("PARTN", str(n)), ("SUBSYSTEM", "block")] + list(pprops):
            out.append(f"E: {k}={v}")
        out.append(f"A: partition={n}")
        out.append(f"A: size={blocks // 2}")
        out.append("")
    out.append(f"P: {sdev}")
    for k, v in [("DEVTYPE", "scsi_device"), ("DRIVER", "sd"), ("SUBSYSTEM", "scsi")]:
        out.append(f"E: {k}={v}")
    out.append(f"A: vendor={vendor:<8}")
    out.append(f"A: model={model:<16}")
    out.append("A: rev=1.0 ")
    out.append("A: type=0")
    if p83 is not None:
        out.append(f"H: vpd_pg83={p83.hex().upper()}")
    if p80 is not None:
        out.append(f"H: vpd_pg80={p80.hex().upper()}")
    out.append("")


def vmware_guest():
    # A VMware guest: system disk on PVSCSI host 2, shared disks on host 3.
    out = []
    ext4 = ext4_image()
    uuid = {
        "sda": "6000c2929b3a4f1c8e2d7a5b4c3d2e1f",
        "sdb": "6000c29654b6aa069e1553a3251c4f56",
        "sdc": "6000c29a1b2c3d4e5f60718293a4b5c6",
        "sde": "6000c29deadbeef0123456789abcdef0",
    }
    # System disk: EnableUUID, partition 1 holds ext4.
    scsi_disk(out, 2, 0, 0, "sda", 0, 16, "VMware", "Virtual disk",
              pg83(naa_vmware(uuid["sda"])), pg80(uuid["sda"]),
              parts=[(ext4, [("ID_FS_TYPE", "ext4"), ("ID_FS_USAGE", "filesystem")])])
    # ASM disk with one aligned, empty partition (ASM's usual layout).
    scsi_disk(out, 3, 0, 0, "sdb", 16, 20, "VMware", "Virtual disk",
              pg83(naa_vmware(uuid["sdb"])), pg80(uuid["sdb"]), parts=[(None, [])])
    # A second ASM disk, whole.
    scsi_disk(out, 3, 1, 0, "sdc", 32, 20, "VMware", "Virtual disk",
              pg83(naa_vmware(uuid["sdc"])), pg80(uuid["sdc"]))
    # disk.EnableUUID not set: no page 0x80, only a vendor-specific designator.
    scsi_disk(out, 3, 2, 0, "sdd", 48, 10, "VMware", "Virtual disk",
              pg83(desig(2, 0, b"vmware-slot-2")), None)
    # A cloned VMDK: sde and sdf present one UUID.  udev's by-id link names one of them.
    scsi_disk(out, 3, 3, 0, "sde", 64, 10, "VMware", "Virtual disk",
              pg83(naa_vmware(uuid["sde"])), pg80(uuid["sde"]),
              links=["disk/by-id/scsi-3" + uuid["sde"]])
    scsi_disk(out, 3, 4, 0, "sdf", 80, 10, "VMware", "Virtual disk",
              pg83(naa_vmware(uuid["sde"])), pg80(uuid["sde"]))
    # A disk that already holds ext4 on the whole device.
    scsi_disk(out, 3, 5, 0, "sdg", 96, 5, "VMware", "Virtual disk",
              pg83(naa_vmware("6000c2911112222333344445555666677"[:32])), pg80("6000c291111222233334444555566667"),
              contents=ext4, props=[("ID_FS_TYPE", "ext4"), ("ID_FS_USAGE", "filesystem")])
    # An ASMLib-labelled disk.
    scsi_disk(out, 3, 6, 0, "sdh", 112, 20, "VMware", "Virtual disk",
              pg83(naa_vmware("6000c29777788889999aaaabbbbcccc0")), pg80("6000c29777788889999aaaabbbbcccc0"),
              contents=asmlib_image("DATA01"),
              props=[("ID_FS_TYPE", "oracleasm"), ("ID_FS_LABEL", "DATA01"), ("ID_FS_USAGE", "filesystem")])
    return out


def tgtd_luns():
    # An initiator logged in to two tgtd targets: both export LUN 1 with tgtd's default
    # identity (T10 vendor ID 'IET     00010001', serial beaf11).
    out = []
    for n, (host, iqn) in enumerate([(4, "iqn.2024-01.com.example:storage.gfs1"),
                                     (5, "iqn.2024-01.com.example:storage.gfs2")]):
        session = f"/devices/platform/host{host}/session{n + 1}"
        kname = "sd" + "ij"[n]
        scsi_disk(out, host, 0, 1, kname, 128 + 16 * n, 50, "IET", "VIRTUAL-DISK",
                  pg83(desig(2, 1, b"IET     00010001")), pg80("beaf11"),
                  transport=session)
        out.append(f"P: {session}/iscsi_session/session{n + 1}")
        out.append("E: SUBSYSTEM=iscsi_session")
        out.append(f"A: targetname={iqn}")
        out.append("")
        # The session device itself: libudev finds it as a parent of the disk.
        out.append(f"P: {session}")
        out.append("E: SUBSYSTEM=scsi")
        out.append("E: DEVTYPE=iscsi_session_parent")
        out.append("")
    # A third LUN on the first target carries GFS2.
    session = "/devices/platform/host4/session1"
    scsi_disk(out, 4, 0, 2, "sdk", 160, 40, "IET", "VIRTUAL-DISK",
              pg83(desig(2, 1, b"IET     00010002")), pg80("beaf12"), transport=session,
              contents=gfs2_image("mycluster:gfs2_data"),
              props=[("ID_FS_TYPE", "gfs2"), ("ID_FS_LABEL", "mycluster:gfs2_data"), ("ID_FS_USAGE", "filesystem")])
    return out


def disk_path(host, target, lun, kname):
    return f"{PCI}/0000:0{host}:00.0/host{host}/target{host}:0:{target}/{host}:0:{target}:{lun}/block/{kname}"


def field_cases():
    # What goes wrong on production clusters: one name wanted by two disks, a label with a
    # space, a dm-multipath map over two paths.  Disks are listed in the order udev would
    # have seen them at coldplug; the first of two claimants holds udev's /dev link.
    out = []
    vm = dict(vendor="VMware", model="Virtual disk")

    def vmdisk(target, kname, minor, uuid, **kw):
        scsi_disk(out, 6, target, 0, kname, minor, 20, vm["vendor"], vm["model"],
                  pg83(naa_vmware(uuid)), pg80(uuid), **kw)

    def asmlib(label, udev_label=None):
        return dict(contents=asmlib_image(label),
                    props=[("ID_FS_TYPE", "oracleasm"), ("ID_FS_LABEL", udev_label or label),
                           ("ID_FS_USAGE", "filesystem")])

    # The same ASMLib label on two disks (a copied LUN, or an admin's typo).
    vmdisk(0, "sdp", 0, "6000c29a0000000000000000000000a1", links=["oracleasm/disks/SAME"], **asmlib("SAME"))
    vmdisk(1, "sdq", 16, "6000c29a0000000000000000000000a2", **asmlib("SAME"))
    # A disk whose binding (see the tests) names it like the next disk's label.
    vmdisk(2, "sds", 32, "6000c29a0000000000000000000000a3")
    vmdisk(3, "sdt", 48, "6000c29a0000000000000000000000a4", links=["oracleasm/disks/LBL9"], **asmlib("LBL9"))
    # A label with a space: udev's ID_FS_LABEL has it as '_' (blkid_safe_string).
    vmdisk(4, "sdr", 64, "6000c29a0000000000000000000000a5", **asmlib("DATA 02", "DATA_02"))
    # dm-multipath: two paths to one LUN, held by the map dm-0.
    wwid = "6000c29b0000000000000000000000b1"
    mp = [("sdm", 5, 80), ("sdn", 6, 96)]
    for kname, target, minor in mp:
        holder = os.path.relpath("/devices/virtual/block/dm-0", disk_path(6, target, 0, kname) + "/holders")
        vmdisk(target, kname, minor, wwid,
               props=[("DM_MULTIPATH_DEVICE_PATH", "1"), ("ID_FS_TYPE", "mpath_member")],
               attrs=[f"L: holders/dm-0={holder}"])
    out.append("P: /devices/virtual/block/dm-0")
    out.append("N: dm-0")
    for k, v in [("DEVNAME", "/dev/dm-0"), ("DEVTYPE", "disk"), ("MAJOR", "253"), ("MINOR", "0"),
                 ("SUBSYSTEM", "block"), ("DM_NAME", "mpatha"), ("DM_UUID", "mpath-3" + wwid)]:
        out.append(f"E: {k}={v}")
    out.append(f"A: size={20 * 1024 * 1024 * 2}")
    out.append("A: dm/uuid=mpath-3" + wwid)
    out.append("A: dm/name=mpatha")
    for kname, target, _ in mp:
        out.append(f"L: slaves/{kname}=" + os.path.relpath(disk_path(6, target, 0, kname), "/devices/virtual/block/dm-0/slaves"))
    out.append("")
    return out


def asm_clones():
    # One name, two devices, for every kind of class (issue: clones and ASMLib partitions).
    # Udev's /dev links are what the first claimant got at coldplug.
    out = []

    def vmdisk(target, kname, minor, uuid, **kw):
        scsi_disk(out, 8, target, 0, kname, minor, 20, "VMware", "Virtual disk",
                  pg83(naa_vmware(uuid)), pg80(uuid), **kw)

    def asmlib_props(label):
        return [("ID_FS_TYPE", "oracleasm"), ("ID_FS_LABEL", label), ("ID_FS_USAGE", "filesystem")]

    # A cloned VMDK: the same UUID and the same ASMLib label on two disks.
    clone = "6000c29d0000000000000000000000d1"
    vmdisk(0, "sdc", 32, clone, contents=asmlib_image("DATA01"), props=asmlib_props("DATA01"),
           links=["oracleasm/disks/DATA01"])
    vmdisk(1, "sdd", 48, clone, contents=asmlib_image("DATA01"), props=asmlib_props("DATA01"))
    # `oracleasm createdisk PART01 /dev/sde1`: ASMLib on partition 1; and the same label on
    # partition 1 of another disk.
    vmdisk(2, "sde", 64, "6000c29d0000000000000000000000d2",
           parts=[(asmlib_image("PART01"), asmlib_props("PART01"))], links=[])
    vmdisk(3, "sdf", 80, "6000c29d0000000000000000000000d3",
           parts=[(asmlib_image("PART01"), asmlib_props("PART01"))])
    # One ASMLib partition whose label no other device has.
    vmdisk(4, "sdg", 96, "6000c29d0000000000000000000000d4",
           parts=[(asmlib_image("PART02"), asmlib_props("PART02"))])
    # In use: ext4 under a stale ASMLib header (libblkid: ambivalent), and a disk held by a
    # device-mapper device (an LVM volume on it).
    stale = bytearray(ext4_image())
    stale[32:40] = b"ORCLDISK"
    stale[40:46] = b"STALE1"
    vmdisk(5, "sdj", 160, "6000c29d0000000000000000000000d5", contents=bytes(stale))
    vmdisk(6, "sdk", 176, "6000c29d0000000000000000000000d6",
           attrs=["L: holders/dm-5=../../../../../../../../virtual/block/dm-5"])
    # Two tgtd targets with tgtd's default serial, one GFS2 lock table (the tests extend the
    # nodes to the 32 MiB libblkid wants).
    for n, host in enumerate([9, 10]):
        session = f"/devices/platform/host{host}/session{n + 7}"
        kname = "sd" + "hi"[n]
        scsi_disk(out, host, 0, 1, kname, 112 + 16 * n, 50, "IET", "VIRTUAL-DISK",
                  pg83(desig(2, 1, b"IET     00010001")), pg80("beaf11"), transport=session,
                  contents=gfs2_image("mycluster:shared"),
                  props=[("ID_FS_TYPE", "gfs2"), ("ID_FS_LABEL", "mycluster:shared"), ("ID_FS_USAGE", "filesystem")])
        out.append(f"P: {session}/iscsi_session/session{n + 7}")
        out.append("E: SUBSYSTEM=iscsi_session")
        out.append(f"A: targetname=iqn.2024-01.com.example:node{n}.storage")
        out.append("")
        out.append(f"P: {session}")
        out.append("E: SUBSYSTEM=scsi")
        out.append("E: DEVTYPE=iscsi_session_parent")
        out.append("")
    return out


def dead_path():
    # A healthy disk and one whose path is dead: sysfs still shows it, opening it fails
    # (here: it has no device node).
    out = []
    for target, kname, minor, uuid, node in [(0, "sdv", 0, "6000c29c0000000000000000000000c1", True),
                                             (1, "sdw", 16, "6000c29c0000000000000000000000c2", False)]:
        scsi_disk(out, 7, target, 0, kname, minor, 20, "VMware", "Virtual disk",
                  pg83(naa_vmware(uuid)), pg80(uuid), node=node)
    return out


# RAC nodes for tests/ansible: three shared VMDKs (the same UUIDs on every node) and each
# node's own system disk.  node2 sees the shared disks on another host, in another order;
# node3 lacks one; node3-fixed sees all three in a third order.
RAC_SHARED = ["6000c29e0000000000000000000000e1", "6000c29e0000000000000000000000e2",
              "6000c29e0000000000000000000000e3"]


def rac_node(system_uuid, host, shared):
    out = []
    scsi_disk(out, 2, 0, 0, "sda", 0, 16, "VMware", "Virtual disk", pg83(naa_vmware(system_uuid)), pg80(system_uuid))
    for target, n in enumerate(shared):
        kname = "sd" + "bcdefg"[target]
        uuid = RAC_SHARED[n]
        scsi_disk(out, host, target, 0, kname, 16 * (target + 1), 20, "VMware", "Virtual disk",
                  pg83(naa_vmware(uuid)), pg80(uuid))
    return out


def rac_fixtures():
    return [("rac-node1.umockdev", lambda: rac_node("6000c29f0000000000000000000000f1", 3, [0, 1, 2])),
            ("rac-node2.umockdev", lambda: rac_node("6000c29f0000000000000000000000f2", 4, [2, 0, 1])),
            ("rac-node3.umockdev", lambda: rac_node("6000c29f0000000000000000000000f3", 3, [0, 2])),
            ("rac-node3-fixed.umockdev", lambda: rac_node("6000c29f0000000000000000000000f3", 5, [1, 2, 0]))]


def main():
    for name, fn in [("vmware-guest.umockdev", vmware_guest), ("tgtd-luns.umockdev", tgtd_luns),
                     ("field-cases.umockdev", field_cases), ("dead-path.umockdev", dead_path),
                     ("asm-clones.umockdev", asm_clones)] + rac_fixtures():
        with open(os.path.join(HERE, name), "w") as f:
            f.write("\n".join(fn()) + "\n")
        print("wrote", name, file=sys.stderr)


if __name__ == "__main__":
    main()
