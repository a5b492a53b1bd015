package org.igdlab.twin.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.igdlab.twin.igd.GuestFirmware;
import org.igdlab.twin.igd.IgdAssignmentDxe;
import org.igdlab.twin.igd.SeaBios;
import org.igdlab.twin.igd.StockOvmf;

/**
 * Which guest firmware a command line boots: `-bios FILE`, the first `if=pflash` drive, or the
 * SeaBIOS the QEMU release bundles; files are recognised by the artifact they are. OVMF also runs an EFI option
 * ROM given as the IGD's romfile.
 */
final class FirmwareChoice {
    private final QemuHost host;

    FirmwareChoice(QemuHost host) {
        this.host = host;
    }

    GuestFirmware fromCommandLine(QemuCommandLine cmd, Path cwd, Artifact qemu) throws QemuError {
        Optional<QemuOption> bios = cmd.last("bios");
        if (bios.isPresent()) {
            Path file = cwd.resolve(bios.get().argument());
            if (!Files.isRegularFile(file)) throw new QemuError("could not load PC BIOS '" + bios.get().argument() + "'");
            return firmwareFor(file, bios.get());
        }
        for (QemuOption drive : cmd.all("drive")) {
            QemuOpts d = QemuOpts.parse(drive.argument(), null);
            if (d.get("if").orElse("").equals("pflash") && d.get("file").isPresent()) {
                Path file = cwd.resolve(d.get("file").get());
                if (!Files.isRegularFile(file)) throw new QemuError(drive.location() + ": Could not open '" + d.get("file").get() + "': No such file or directory");
                return firmwareFor(file, drive);
            }
        }
        return new SeaBios(BundledSeaBios.forQemu(qemu.version()), host.faults());
    }

    /** OVMF runs an IgdAssignmentDxe EFI option ROM given as the IGD's romfile (unless rombar=0). */
    GuestFirmware withOptionRoms(GuestFirmware base, List<VfioIgdRealizer.PendingVfio> vfio, Path cwd) {
        if (!(base instanceof StockOvmf)) return base;
        for (VfioIgdRealizer.PendingVfio v : vfio) {
            Optional<String> romfile = v.opts().get("romfile").filter(r -> !r.isEmpty());
            if (romfile.isEmpty() || v.opts().get("rombar").orElse("-1").equals("0")) continue;
            Optional<Artifact> rom = host.identify(cwd.resolve(romfile.get()));
            if (rom.isEmpty() || !rom.get().kind().equals("efi-oprom")) continue;
            switch (rom.get().variant()) {
                case "igd-assignment-dxe-current" -> {
                    return new IgdAssignmentDxe(base, IgdAssignmentDxe.Variant.CURRENT);
                }
                case "igd-assignment-dxe-2018" -> {
                    return new IgdAssignmentDxe(base, IgdAssignmentDxe.Variant.ORIGINAL_2018);
                }
                default -> { }
            }
        }
        return base;
    }

    private GuestFirmware firmwareFor(Path file, QemuOption where) throws QemuError {
        Artifact a = host.identify(file).orElseThrow(() -> new QemuError(where.location()
                + ": igdlab twin: '" + file + "' is no known firmware artifact"));
        return switch (a.kind()) {
            case "seabios" -> new SeaBios(a.version(), host.faults());
            case "ovmf-code" -> new StockOvmf(a.version(), host.faults());
            default -> throw new QemuError(where.location() + ": igdlab twin: '" + file + "' is " + a.name() + ", not firmware");
        };
    }

}
