#!/usr/bin/env python3
"""Not a test: the capture boot the transport fixtures were read from.  Boots the lab's
Debian cloud kernel (6.1) under QEMU with NVMe (one controller, a subsystem shared by two
controllers, a clone as two subsystems with one serial), NVMe/TCP to nvmet in the guest,
virtio-blk and virtio-scsi disks, runs the host's udevd 252 in a busybox initramfs and
prints every attribute and udev property ("CAP ..." lines in console.log).

    python3 tests/devices/capture/capture-guest.py   # about 2 minutes without KVM

Uses /var/cache/udev-helper-lab/kernel (tests/lab builds it) and a scratch directory.

    python3 tests/devices/capture/capture-guest.py --generations

boots instead with a few hostile serials and the lab's trixie and sid roots
(/var/cache/udev-helper-lab/roots/*.ext4, attached read-only), and runs their own udevd
(257, 262) in a chroot of each, printing "CAP <suite> <disk> <property>" lines: the same
values must come out of every generation.

    python3 tests/devices/capture/capture-guest.py --helper BUILDDIR

boots the first set of disks with BUILDDIR's udev-helper, udev-helper-export and
66-udev-helper.rules beside the host's udevd 252, with bindings for an NVMe namespace (and
its partition), the multipath head, the clone, an NVMe/TCP namespace attached after
coldplug, a virtio disk and two virtio-scsi disks; prints what udev recorded and the
/dev/asm links after coldplug, after `udev-helper check --retrigger` (the boot recheck),
after the hotplug, and with the static rules of `udev-helper rules` instead of the helper.
A prototype of the lab scenario for these transports, not a test.

    python3 tests/devices/capture/capture-guest.py --helper BUILDDIR --bench ROUNDS

instead times the event binary per call on an NVMe namespace, a multipath head, a
virtio-blk disk and a virtio-scsi disk against /bin/true (bench/guest-run.c's interleaved
rounds, "CAP call ..." lines: median, 10th and 90th percentile in ms)."""
import glob, os, shutil, subprocess, sys
W=os.environ.get("CAPTURE_DIR", "/tmp/capture-guest"); os.makedirs(W, exist_ok=True); root=W+"/root"; K="/var/cache/udev-helper-lab/kernel"
shutil.rmtree(root, ignore_errors=True)
for d in ["bin","sbin","usr/bin","lib/modules","lib/udev/rules.d","lib/systemd","etc","proc","sys","dev","run","tmp"]:
    os.makedirs(root+"/"+d, exist_ok=True)
shutil.copy2("/bin/busybox", root+"/bin/busybox")
for a in subprocess.run(["busybox","--list"],capture_output=True,text=True).stdout.split():
    if a!="busybox" and not os.path.exists(root+"/bin/"+a): os.symlink("busybox", root+"/bin/"+a)
def cwl(path, dest=None):
    dest=dest or path; os.makedirs(os.path.dirname(root+dest),exist_ok=True); shutil.copy2(os.path.realpath(path), root+dest)
    for line in subprocess.run(["ldd",path],capture_output=True,text=True).stdout.splitlines():
        p=line.split(); lib=p[2] if "=>" in p and len(p)>2 else p[0]
        if lib.startswith("/") and os.path.exists(lib) and not os.path.exists(root+lib):
            os.makedirs(os.path.dirname(root+lib),exist_ok=True); shutil.copy2(os.path.realpath(lib), root+lib)
cwl("/lib/systemd/systemd-udevd"); cwl("/bin/udevadm"); cwl("/lib/udev/scsi_id")
for r in ["50-udev-default.rules","60-persistent-storage.rules"]: shutil.copy2("/lib/udev/rules.d/"+r, root+"/lib/udev/rules.d/"+r)
open(root+"/etc/passwd","w").write("root:x:0:0::/:/bin/sh\n"); open(root+"/etc/group","w").write("root:x:0:\ndisk:x:6:\n")
for m in ["virtio","virtio_ring","virtio_pci_legacy_dev","virtio_pci_modern_dev","virtio_pci","virtio_blk","scsi_common","scsi_mod","sd_mod","virtio_scsi","configfs","libcrc32c","nvme-fabrics","nvme-tcp","nvmet","nvmet-tcp","loop"]:
    f=glob.glob(K+f"/lib/modules/*/kernel/**/{m}.ko", recursive=True)
    if f: shutil.copy2(f[0], root+f"/lib/modules/{m}.ko")
    else: print("no module", m)
GEN = "--generations" in sys.argv
HELPER = sys.argv[sys.argv.index("--helper") + 1] if "--helper" in sys.argv else None
BENCH = sys.argv[sys.argv.index("--bench") + 1] if "--bench" in sys.argv else None
init = ("capture-init-generations" if GEN else "capture-init-bench" if BENCH else "capture-init-helper" if HELPER
        else "capture-init")
if BENCH:
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run(["cc", "-O2", "-static", "-o", root + "/bin/guest-run",
                    os.path.join(here, "..", "..", "..", "bench", "guest-run.c")], check=True)
    # The bench's baseline: coreutils' dynamic /bin/true with an ld.so.cache, not busybox's.
    cwl("/bin/true", "/usr/bin/true-coreutils")
    shutil.copy2("/etc/ld.so.cache", root + "/etc/ld.so.cache")
shutil.copy2(os.path.join(os.path.dirname(os.path.abspath(__file__)), init), root+"/init")
if HELPER:
    B = os.path.abspath(HELPER)
    cwl(B+"/udev-helper/udev-helper", "/usr/bin/udev-helper")
    cwl(B+"/udev-helper/udev-helper-export", "/lib/udev/udev-helper-export")
    os.makedirs(root+"/etc/udev-helper", exist_ok=True)
    os.makedirs(root+"/etc/udev/rules.d", exist_ok=True)
    shutil.copy2(B+"/rules/66-udev-helper.rules", root+"/lib/udev/rules.d/66-udev-helper.rules")
    cls = "match-transport = %s\nname = asm/%s%%02d\nowner = grid\ngroup = asmadmin\nmode = 0660\n"
    with open(root+"/etc/udev-helper/udev-helper.conf", "w") as f:
        f.write("[nvme]\n" + cls % ("nvme", "nvme") + "\n[kvm]\n" + cls % ("virtio", "kvm") +
                "\n[qs]\nmatch-vendor = QEMU\n" + cls % ("scsi", "qs"))
    with open(root+"/etc/udev-helper/bindings", "w") as f:
        f.write("asm/nvme01 nvme-QEMU_NVMe_Ctrl_NVMEA0001_1 nvme\nasm/nvme02 nvme-QEMU_NVMe_Ctrl_SHARED001_1 nvme\n"
                "asm/nvme03 nvme-QEMU_NVMe_Ctrl_CLONE0001_1 nvme\n"
                "asm/nvme04 nvme-uuid.5a1e0000-0000-4000-8000-0000000000f1 nvme\nasm/kvm01 virtio-VBLK-0001 kvm\n"
                "asm/qs01 0QEMU_QEMU_HARDDISK_VSCSI0001 qs\nasm/qs02 35000c50015ea71ac qs\n")
    with open(root+"/etc/passwd", "a") as f:
        f.write("grid:x:54331:54321::/:/bin/sh\n")
    with open(root+"/etc/group", "a") as f:
        f.write("asmadmin:x:54329:grid\noinstall:x:54321:grid\n"); os.chmod(root+"/init",0o755)
with open(W+"/initrd.cpio","wb") as f: subprocess.run("find . | cpio -o -H newc --quiet",shell=True,cwd=root,stdout=f,check=True)
imgs=[]
def img(n, mb=64):
    p=f"{W}/{n}.img"; open(p,"wb").truncate(mb<<20); return p
a=["qemu-system-x86_64","-m","768","-smp","1","-display","none","-no-reboot","-serial","stdio","-kernel",glob.glob(K+"/boot/vmlinuz-*")[0],"-initrd",W+"/initrd.cpio","-append","console=ttyS0 quiet panic=-1" + (f" bench.rounds={BENCH}" if BENCH else "")]
def drv(n): return ["-drive",f"if=none,id=d{n},file={img(n)},format=raw"]
if GEN:
    R = "/var/cache/udev-helper-lab/roots"
    a+=drv("vh0")+["-device","virtio-blk-pci,drive=dvh0,serial=my  disk/x,,y"]
    a+=["-drive",f"if=none,id=rt,file={R}/trixie.ext4,format=raw,readonly=on","-device","virtio-blk-pci,drive=rt"]
    a+=["-drive",f"if=none,id=rs,file={R}/sid.ext4,format=raw,readonly=on","-device","virtio-blk-pci,drive=rs"]
    a+=["-device","nvme,id=nH,serial=S N/1#\u00e9 x\\y"]
    a+=drv("nh1")+["-device","nvme-ns,drive=dnh1,bus=nH,nsid=1"]
    a+=drv("nh2")+["-device","nvme-ns,drive=dnh2,bus=nH,nsid=2"]
    a+=drv("vh3")+["-device","virtio-blk-pci,drive=dvh3,serial= lead\\x41$%?"]
else:
    # nvme: one controller, three namespaces (eui64+uuid, uuid only, nothing set; Linux 6.1
    # ignores QEMU's identifiers: "Ignoring bogus Namespace Identifiers")
    a+=["-device","nvme,id=nA,serial=NVMEA0001"]
    import struct
    _p=img("na1"); _b=bytearray(512); _b[446:462]=bytes([0,0,0,0,0x83,0,0,0])+struct.pack("<II",2048,32768); _b[510:512]=b"\x55\xaa"
    with open(_p,"r+b") as _f: _f.write(_b)
    a+=["-drive","if=none,id=dna1,file=%s/na1.img,format=raw" % W]+["-device","nvme-ns,drive=dna1,bus=nA,nsid=1,eui64=0x0011223344556677,uuid=9a3c1e52-6a0b-4bde-9d1f-2c3b4a5d6e7f"]
    a+=drv("na2")+["-device","nvme-ns,drive=dna2,bus=nA,nsid=2,uuid=9a3c1e52-6a0b-4bde-9d1f-2c3b4a5d6e80"]
    a+=drv("na3")+["-device","nvme-ns,drive=dna3,bus=nA,nsid=3"]
    # native multipath: subsystem with two controllers and one shared namespace
    a+=["-device","nvme-subsys,id=ss,nqn=nqn.2026-12.lab:shared","-device","nvme,id=nS1,serial=SHARED001,subsys=ss","-device","nvme,id=nS2,serial=SHARED001,subsys=ss"]
    a+=drv("ns1")+["-device","nvme-ns,drive=dns1,bus=nS1,nsid=1,eui64=0x00a0b0c0d0e0f001,uuid=5a1e0000-0000-4000-8000-000000000001"]
    # clone: two subsystems whose controllers carry one serial (without subsystems they share
    # QEMU's default NQN and Linux rejects the second controller: "Duplicate cntlid")
    a+=["-device","nvme-subsys,id=c1,nqn=clone-a","-device","nvme,id=nC1,serial=CLONE0001,subsys=c1","-device","nvme-subsys,id=c2,nqn=clone-b","-device","nvme,id=nC2,serial=CLONE0001,subsys=c2"]
    a+=drv("nc1")+["-device","nvme-ns,drive=dnc1,bus=nC1,nsid=1"]
    a+=drv("nc2")+["-device","nvme-ns,drive=dnc2,bus=nC2,nsid=1"]
    # virtio-blk with and without serial
    a+=drv("vb1")+["-device","virtio-blk-pci,drive=dvb1,serial=VBLK-0001"]
    a+=drv("vb2")+["-device","virtio-blk-pci,drive=dvb2"]
    # virtio-scsi with serial, with wwn, with nothing
    a+=["-device","virtio-scsi-pci,id=vs"]
    a+=drv("vs1")+["-device","scsi-hd,bus=vs.0,drive=dvs1,serial=VSCSI0001"]
    a+=drv("vs2")+["-device","scsi-hd,bus=vs.0,drive=dvs2,wwn=0x5000c50015ea71ac,serial=VSCSI0002"]
    a+=drv("vs3")+["-device","scsi-hd,bus=vs.0,drive=dvs3"]
print(" ".join(a))
with open(W+"/console.log","w") as log:
    p=subprocess.run(a,stdout=log,stderr=subprocess.STDOUT,timeout=900)
print("rc",p.returncode)
