#!/usr/bin/env python3
"""Writes the umockdev descriptions of disks beyond VMware's PVSCSI: NVMe (PCIe, native
multipath, a clone, NVMe/TCP, Amazon EBS, VMware's virtual NVMe), virtio-blk, virtio-scsi,
Hyper-V/Azure and Google persistent disks.

Run it to regenerate; the output is committed.  The sysfs layouts, attribute values (padding
included) and udev properties of the NVMe, virtio-blk and virtio-scsi disks are those a Linux
6.1 guest showed under QEMU 7.2 with the host's udev 252 (a capture boot; see the commit
that added this file).  Where no such guest was at hand the values follow the vendors' own
rule files and tools (amazon-ec2-utils' ebsnvme-id, WALinuxAgent's 66-azure-storage.rules,
google-guest-configs' 65-gce-disk-naming.rules) and are marked "assumed" below.
"""
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("gen_umockdev", os.path.join(HERE, "gen-umockdev.py"))
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)
pg83, pg80, desig, scsi_disk = base.pg83, base.pg80, base.desig, base.scsi_disk


def props(out, items):
    for k, v in items:
        out.append(f"E: {k}={v}")


def nvme_wwid_vendor(vid, serial, model, nsid):
    """The kernel's wwid when a namespace has no designator."""
    return f"nvme.{vid:04x}-{serial.rstrip(' ').encode().hex()}-{model.rstrip(' ').encode().hex()}-{nsid:08x}"


def nvme_ctrl(out, path, name, minor, model, serial, fw, transport="pcie", subsysnqn="", address=""):
    out.append(f"P: {path}")
    props(out, [("DEVNAME", f"/dev/{name}"), ("MAJOR", "247"), ("MINOR", str(minor)), ("SUBSYSTEM", "nvme")])
    # Identify Controller's fields as sysfs shows them: padded with spaces (MN 40, SN 20, FR 8).
    out.append(f"A: model={model:<40}")
    out.append(f"A: serial={serial:<20}")
    out.append(f"A: firmware_rev={fw:<8}")
    out.append(f"A: transport={transport}")
    out.append(f"A: subsysnqn={subsysnqn}")
    out.append(f"A: address={address}")
    out.append("A: state=live")
    out.append("A: cntlid=0")
    out.append("")


def nvme_subsys(out, name, model, serial, fw, nqn, ctrls):
    path = f"/devices/virtual/nvme-subsystem/{name}"
    out.append(f"P: {path}")
    props(out, [("SUBSYSTEM", "nvme-subsystem")])
    out.append(f"A: model={model:<40}")
    out.append(f"A: serial={serial:<20}")
    out.append(f"A: firmware_rev={fw:<8}")
    out.append(f"A: subsysnqn={nqn}")
    out.append("A: subsystype=nvm")
    out.append("A: iopolicy=numa")
    for cname, cpath in ctrls:
        out.append(f"L: {cname}=" + os.path.relpath(cpath, path))
    out.append("")
    return path


def nvme_by_id(udev, wwid):
    """The by-id links 60-persistent-storage.rules (systemd 252) makes for a namespace."""
    return [f"disk/by-id/nvme-{dict(udev)['ID_SERIAL']}", f"disk/by-id/nvme-{wwid}"]


def udev_nvme_props(model, serial, wwid, nsid, fw):
    """60-persistent-storage.rules (systemd 252) for these values; here only plain ASCII
    values without characters udev replaces, so the escaping is the identity."""
    m, s = model.rstrip(" "), serial.rstrip(" ")
    return [("ID_SERIAL_SHORT", s), ("ID_WWN", wwid), ("ID_MODEL", m), ("ID_REVISION", fw.rstrip(" ")),
            ("ID_NSID", str(nsid)), ("ID_SERIAL", f"{m}_{s}_{nsid}".replace(" ", "_"))]


def nvme_ns(out, parent, name, minor, nsid, wwid, udev, size_mib=64, extra=(), parts=(), contents=None,
            fs=(), links=()):
    path = f"{parent}/{name}"
    out.append(f"P: {path}")
    out.append(f"N: {name}" + (f"={contents.hex().upper()}" if contents else ""))
    out.extend(f"S: {link}" for link in links)
    props(out, [("DEVNAME", f"/dev/{name}"), ("DEVTYPE", "disk"), ("MAJOR", "259"), ("MINOR", str(minor)),
                ("SUBSYSTEM", "block")] + list(udev) + list(fs))
    out.append(f"A: size={size_mib * 2048}")
    out.append(f"A: wwid={wwid}")
    out.append(f"A: nsid={nsid}")
    out.append("A: hidden=0")
    out.extend(f"A: {a}" for a in extra)
    out.append("")
    for n, (pminor, pprops, *pcontents) in enumerate(parts, start=1):
        out.append(f"P: {path}/{name}p{n}")
        out.append(f"N: {name}p{n}" + (f"={pcontents[0].hex().upper()}" if pcontents else ""))
        props(out, [("DEVNAME", f"/dev/{name}p{n}"), ("DEVTYPE", "partition"), ("MAJOR", "259"),
                    ("MINOR", str(pminor)), ("PARTN", str(n)), ("SUBSYSTEM", "block")] + list(udev) + list(pprops))
        out.append(f"A: partition={n}")
        out.append("A: start=2048")
        out.append(f"A: size={size_mib * 1024}")
        out.append("")
    return path


def nvme_path_disk(out, ctrl_path, name, nsid, wwid, size_mib=64):
    """A per-path disk of native multipath (nvmeXcYnZ): hidden, no device number, no node."""
    out.append(f"P: {ctrl_path}/{name}")
    props(out, [("DEVTYPE", "disk"), ("SUBSYSTEM", "block")])
    out.append(f"A: size={size_mib * 2048}")
    out.append(f"A: wwid={wwid}")
    out.append(f"A: nsid={nsid}")
    out.append("A: hidden=1")
    out.append("")


QEMU = "QEMU NVMe Ctrl"


def nvme_guest():
    """QEMU 7.2 NVMe as Linux 6.1 shows it: the kernel ignores QEMU's namespace identifiers
    ("Ignoring bogus Namespace Identifiers"), so every wwid is the vendor form."""
    out = []
    pci = "/devices/pci0000:00"
    # nvme0: one controller, two namespaces; nvme0n1 has one aligned, empty partition.
    c0 = f"{pci}/0000:00:04.0/nvme/nvme0"
    nvme_ctrl(out, c0, "nvme0", 0, QEMU, "NVMEA0001", "7.2.22", subsysnqn="nqn.2019-08.org.qemu:NVMEA0001",
              address="0000:00:04.0")
    for nsid, minor in [(1, 0), (2, 2)]:
        w = nvme_wwid_vendor(0x1b36, "NVMEA0001", QEMU, nsid)
        u = udev_nvme_props(QEMU, "NVMEA0001", w, nsid, "7.2.22")
        nvme_ns(out, c0, f"nvme0n{nsid}", minor, nsid, w, u, parts=[(1, [])] if nsid == 1 else (),
                links=nvme_by_id(u, w))
    # Native multipath: subsystem nvme-subsys1 with controllers nvme1 and nvme2 sharing
    # namespace 1; the head nvme1n1 lives under the subsystem, the paths are hidden.
    c1, c2 = f"{pci}/0000:00:05.0/nvme/nvme1", f"{pci}/0000:00:06.0/nvme/nvme2"
    nqn = "nqn.2019-08.org.qemu:nqn.2026-12.lab:shared"
    for c, n, m in [(c1, "nvme1", 3), (c2, "nvme2", 4)]:
        nvme_ctrl(out, c, n, m, QEMU, "SHARED001", "7.2.22", subsysnqn=nqn, address=c.split("/")[3])
    s1 = nvme_subsys(out, "nvme-subsys1", QEMU, "SHARED001", "7.2.22", nqn, [("nvme1", c1), ("nvme2", c2)])
    w = nvme_wwid_vendor(0x1b36, "SHARED001", QEMU, 1)
    u = udev_nvme_props(QEMU, "SHARED001", w, 1, "7.2.22")
    nvme_ns(out, s1, "nvme1n1", 5, 1, w, u, links=nvme_by_id(u, w))
    nvme_path_disk(out, c1, "nvme1c1n1", 1, w)
    nvme_path_disk(out, c2, "nvme1c2n1", 1, w)
    # A clone: two subsystems (nqn clone-a, clone-b) whose controllers carry one serial, so
    # both namespaces show one wwid and one ID_SERIAL.  (Two controllers with one serial and
    # no subsystem share QEMU's default NQN and Linux rejects the second.)  udev's by-id
    # links, one name for both, point at the namespace it handled last.
    for i, (pcislot, minor) in enumerate([("0000:00:07.0", 6), ("0000:00:08.0", 7)], start=3):
        c = f"{pci}/{pcislot}/nvme/nvme{i}"
        nqn = "nqn.2019-08.org.qemu:clone-" + "ab"[i - 3]
        nvme_ctrl(out, c, f"nvme{i}", i, QEMU, "CLONE0001", "7.2.22", subsysnqn=nqn, address=pcislot)
        s = nvme_subsys(out, f"nvme-subsys{i}", QEMU, "CLONE0001", "7.2.22", nqn, [(f"nvme{i}", c)])
        w = nvme_wwid_vendor(0x1b36, "CLONE0001", QEMU, 1)
        u = udev_nvme_props(QEMU, "CLONE0001", w, 1, "7.2.22")
        nvme_ns(out, s, f"nvme{i}n1", minor, 1, w, u, links=nvme_by_id(u, w) if i == 4 else ())
        nvme_path_disk(out, c, f"nvme{i}c{i}n1", 1, w)
    # NVMe/TCP to a Linux target (nvmet): designators pass (a UUID, an NGUID).
    c5 = "/devices/virtual/nvme-fabrics/ctl/nvme5"
    nqn = "nqn.2026-12.lab:fabric"
    nvme_ctrl(out, c5, "nvme5", 5, "Linux", "FABSER01", "6.1.0-57", transport="tcp", subsysnqn=nqn,
              address="traddr=127.0.0.1,trsvcid=4420,src_addr=127.0.0.1")
    s5 = nvme_subsys(out, "nvme-subsys5", "Linux", "FABSER01", "6.1.0-57", nqn, [("nvme5", c5)])
    for nsid, minor, w, extra in [
            (1, 8, "uuid.5a1e0000-0000-4000-8000-0000000000f1", ["uuid=5a1e0000-0000-4000-8000-0000000000f1"]),
            (2, 9, "eui.36344830526002760025384700000002", ["uuid=36344830-5260-0276-0025-384700000002",
                                                            "nguid=36344830-5260-0276-0025-384700000002"])]:
        u = udev_nvme_props("Linux", "FABSER01", w, nsid, "6.1.0-57")
        nvme_ns(out, s5, f"nvme5n{nsid}", minor, nsid, w, u, extra=extra, links=nvme_by_id(u, w))
        nvme_path_disk(out, c5, f"nvme5c5n{nsid}", nsid, w)
    return out


def aws_ebs():
    """A Nitro instance: EBS root volume (a partition holding ext4), two EBS data volumes, an
    instance store disk.  Model and serial as amazon-ec2-utils reads them (serial "vol" + the id
    without its dash; vendor id 0x1d0f); the layout is PCIe NVMe.  Assumed: no designator."""
    out = []
    ebs = "Amazon Elastic Block Store"
    vols = [("nvme0", "0000:00:04.0", "vol0f1e2d3c4b5a69788", 0), ("nvme1", "0000:00:1f.0", "vol0123456789abcdef0", 1),
            ("nvme2", "0000:00:1e.0", "vol0fedcba9876543210", 2)]
    for name, slot, serial, i in vols:
        c = f"/devices/pci0000:00/{slot}/nvme/{name}"
        nvme_ctrl(out, c, name, i, ebs, serial, "1.0", subsysnqn=f"nqn.2014.08.org.nvmexpress:1d0f1d0f{serial}{ebs}",
                  address=slot)
        w = nvme_wwid_vendor(0x1d0f, serial, ebs, 1)
        nvme_ns(out, c, f"{name}n1", i * 16, 1, w, udev_nvme_props(ebs, serial, w, 1, "1.0"),
                parts=[(i * 16 + 1, [("ID_FS_TYPE", "ext4"), ("ID_FS_USAGE", "filesystem")], EXT4)] if i == 0 else ())
    store = "Amazon EC2 NVMe Instance Storage"
    c = "/devices/pci0000:00/0000:00:1d.0/nvme/nvme3"
    nvme_ctrl(out, c, "nvme3", 3, store, "AWS22A4B0E1C0F7E5D8C", "0", subsysnqn="nqn.2014.08.org.nvmexpress:1d0f1d0fAWS22A4B0E1C0F7E5D8C",
              address="0000:00:1d.0")
    w = nvme_wwid_vendor(0x1d0f, "AWS22A4B0E1C0F7E5D8C", store, 1)
    nvme_ns(out, c, "nvme3n1", 48, 1, w, udev_nvme_props(store, "AWS22A4B0E1C0F7E5D8C", w, 1, "0"))
    return out


def vmware_nvme():
    """VMware's virtual NVMe controller (assumed from field reports): serial
    "VMware NVME_0000" on every disk, vendor id 0x15ad; with disk.EnableUUID an NGUID
    holding the disk UUID (VMware's OUI 000c29 inside)."""
    out = []
    model, serial = "VMware Virtual NVMe Disk", "VMware NVME_0000"
    c = "/devices/pci0000:00/0000:00:15.0/0000:03:00.0/nvme/nvme0"
    nvme_ctrl(out, c, "nvme0", 0, model, serial, "1.3", subsysnqn="nqn.2014-08.com.vmware:nvme:nvm-subsystem-sn-d78432",
              address="0000:03:00.0")
    for nsid, w in [(1, nvme_wwid_vendor(0x15ad, serial, model, 1)), (2, nvme_wwid_vendor(0x15ad, serial, model, 2)),
                    (3, "eui.a9d1a9a7feaf1d66000c296f092d9204")]:
        nvme_ns(out, c, f"nvme0n{nsid}", (nsid - 1) * 16, nsid, w, udev_nvme_props(model, serial, w, nsid, "1.3"))
    return out


def virtio_guest():
    """KVM: virtio-blk with a serial (vda, partitioned), without one (vdb), and a copy of
    vda's definition (vdc, the same serial: a cloned VM disk, which holds udev's by-id link
    for the serial as the disk it handled last); virtio-scsi disks (QEMU
    scsi-hd) with a serial, with a WWN and serial, with neither (QEMU then names the drive:
    dvs3)."""
    out = []
    for n, (slot, kname, serial, minor) in enumerate([("0000:00:09.0", "vda", "VBLK-0001", 0),
                                                     ("0000:00:0a.0", "vdb", "", 16),
                                                     ("0000:00:0c.0", "vdc", "VBLK-0001", 32)]):
        vdev = f"/devices/pci0000:00/{slot}/virtio{n}"
        out.append(f"P: {vdev}")
        props(out, [("DRIVER", "virtio_blk"), ("SUBSYSTEM", "virtio")])
        out.append("A: device=0x0002")
        out.append("A: vendor=0x1af4")
        out.append("")
        out.append(f"P: {vdev}/block/{kname}")
        out.append(f"N: {kname}")
        if serial and kname != "vda":
            out.append(f"S: disk/by-id/virtio-{serial}")
        udev = [("ID_SERIAL", serial)] if serial else []
        props(out, [("DEVNAME", f"/dev/{kname}"), ("DEVTYPE", "disk"), ("MAJOR", "254"), ("MINOR", str(minor)),
                    ("SUBSYSTEM", "block")] + udev)
        out.append("A: size=131072")
        # The kernel's serial_show() writes no newline; empty when QEMU has no serial.
        out.append(f"A: serial={serial}")
        out.append("")
        if kname == "vda":
            out.append(f"P: {vdev}/block/{kname}/{kname}1")
            out.append(f"N: {kname}1")
            props(out, [("DEVNAME", f"/dev/{kname}1"), ("DEVTYPE", "partition"), ("MAJOR", "254"),
                        ("MINOR", str(minor + 1)), ("PARTN", "1"), ("SUBSYSTEM", "block")] + udev)
            out.append("A: partition=1")
            out.append("A: size=65536")
            out.append("")
    host = "/devices/pci0000:00/0000:00:0b.0/virtio3/host0"
    out.append("P: /devices/pci0000:00/0000:00:0b.0/virtio3")
    props(out, [("DRIVER", "virtio_scsi"), ("SUBSYSTEM", "virtio")])
    out.append("")
    # QEMU's page 0x83: a vendor-specific ASCII designator holding the device id (the serial,
    # else the drive's name), then the NAA when wwn= is set; page 0x80 only with a serial.
    q = dict(vendor="QEMU", model="QEMU HARDDISK")
    scsi_disk(out, 0, 0, 0, "sda", 0, 1, q["vendor"], q["model"], pg83(desig(2, 0, b"VSCSI0001")), pg80("VSCSI0001"),
              transport=host, props=[("ID_SERIAL", "0QEMU_QEMU_HARDDISK_VSCSI0001"), ("ID_SERIAL_SHORT", "VSCSI0001"),
                                     ("ID_SCSI_SERIAL", "VSCSI0001"), ("ID_BUS", "scsi")])
    scsi_disk(out, 0, 1, 0, "sdb", 16, 1, q["vendor"], q["model"],
              pg83(desig(2, 0, b"VSCSI0002"), desig(1, 3, bytes.fromhex("5000c50015ea71ac"))), pg80("VSCSI0002"),
              transport=host, props=[("ID_SERIAL", "35000c50015ea71ac"), ("ID_SERIAL_SHORT", "5000c50015ea71ac"),
                                     ("ID_WWN", "0x5000c50015ea71ac"), ("ID_SCSI_SERIAL", "VSCSI0002"), ("ID_BUS", "scsi")])
    scsi_disk(out, 0, 2, 0, "sdc", 32, 1, q["vendor"], q["model"], pg83(desig(2, 0, b"dvs3")), None,
              transport=host, props=[("ID_SERIAL", "0QEMU_QEMU_HARDDISK_dvs3"), ("ID_SERIAL_SHORT", "dvs3"),
                                     ("ID_BUS", "scsi")])
    return out


HV_SCSI_CLASS = "{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}"


def hyperv_azure():
    """An Azure generation 2 VM: OS disk at scsi0 LUN 0, resource disk at scsi0 LUN 1, two
    data disks at scsi1 LUN 0 and 1 (hv_storvsc; the VMBus device is named by its instance
    id, which its device_id attribute shows in braces).  Assumed: page 0x83 gives an NAA
    designator for the first data disk and no VPD pages for the second (no unique serial)."""
    out = []
    vmbus = "/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0004:00/VMBUS:00"
    for ctl, host in [("f8b3781a-1e82-4818-a1c3-63d806ec15bb", 0), ("f8b3781b-1e82-4818-a1c3-63d806ec15bb", 1)]:
        out.append(f"P: {vmbus}/{ctl}")
        props(out, [("DRIVER", "hv_storvsc"), ("SUBSYSTEM", "vmbus")])
        out.append(f"A: device_id={{{ctl}}}")
        out.append(f"A: class_id={HV_SCSI_CLASS}")
        out.append("")
    m = dict(vendor="Msft", model="Virtual Disk")
    t0 = f"{vmbus}/f8b3781a-1e82-4818-a1c3-63d806ec15bb/host0"
    t1 = f"{vmbus}/f8b3781b-1e82-4818-a1c3-63d806ec15bb/host1"
    scsi_disk(out, 0, 0, 0, "sda", 0, 30, m["vendor"], m["model"], transport=t0,
              parts=[(EXT4, [("ID_FS_TYPE", "ext4"), ("ID_FS_USAGE", "filesystem")])])
    scsi_disk(out, 0, 0, 1, "sdb", 16, 16, m["vendor"], m["model"], transport=t0, contents=EXT4,
              props=[("ID_FS_TYPE", "ext4"), ("ID_FS_USAGE", "filesystem")])
    naa = "60022480a1b2c3d4e5f60718293a4b5c"
    scsi_disk(out, 1, 0, 0, "sdc", 32, 64, m["vendor"], m["model"], pg83(desig(1, 3, bytes.fromhex(naa))), None,
              transport=t1, props=[("ID_SERIAL", "3" + naa)])
    scsi_disk(out, 1, 0, 1, "sdd", 48, 64, m["vendor"], m["model"], transport=t1)
    return out


def gcp_pd():
    """A GCE VM: persistent disks on virtio-scsi (vendor "Google", model "PersistentDisk");
    page 0x83 holds a vendor-specific designator with the device name the admin gave at
    attach time, which 65-gce-disk-naming.rules turns into disk/by-id/google-<name> from
    scsi_id's ID_SERIAL_SHORT.  Assumed: page 0x80 holds the same name."""
    out = []
    host = "/devices/pci0000:00/0000:00:03.0/virtio1/host0"
    out.append("P: /devices/pci0000:00/0000:00:03.0/virtio1")
    props(out, [("DRIVER", "virtio_scsi"), ("SUBSYSTEM", "virtio")])
    out.append("")
    g = dict(vendor="Google", model="PersistentDisk")
    for target, kname, minor, name in [(1, "sda", 0, "persistent-disk-0"), (2, "sdb", 16, "oradata1"),
                                       (3, "sdc", 32, "oradata2")]:
        scsi_disk(out, 0, target, 0, kname, minor, 100 if target > 1 else 10, g["vendor"], g["model"],
                  pg83(desig(2, 0, name.encode())), pg80(name), transport=host,
                  props=[("ID_SERIAL", f"0Google_PersistentDisk_{name}"), ("ID_SERIAL_SHORT", name), ("ID_BUS", "scsi")],
                  parts=[(EXT4, [("ID_FS_TYPE", "ext4"), ("ID_FS_USAGE", "filesystem")])] if target == 1 else ())
    return out


FIXTURES = [("nvme-guest.umockdev", nvme_guest), ("aws-ebs.umockdev", aws_ebs), ("vmware-nvme.umockdev", vmware_nvme),
            ("virtio-guest.umockdev", virtio_guest), ("hyperv-azure.umockdev", hyperv_azure),
            ("gcp-pd.umockdev", gcp_pd)]


EXT4 = None


def main():
    global EXT4
    EXT4 = base.ext4_image()  # a real superblock, so that libblkid sees the filesystem
    for name, fn in FIXTURES:
        with open(os.path.join(HERE, name), "w") as f:
            f.write("\n".join(fn()) + "\n")
        print("wrote", name, file=sys.stderr)


if __name__ == "__main__":
    main()
