package org.igdlab.runner.scenario;

import java.util.Optional;

/**
 * Which IgdAssignmentDxe option ROM a cell gives the IGD as {@code romfile=} (igd-model.md §4.2):
 * the one place that decides it, for the QEMU command line and for the oracle's {@code guest-rom}.
 * <ul>
 * <li>firmware {@code ovmf+igd-oprom-2018}: the host's {@code efi-oprom} of variant
 *     {@code igd-assignment-dxe-2018} (TianoCore BZ 935);</li>
 * <li>firmware {@code ovmf+igd-oprom-current}, or any firmware with {@code rom: romfile-efi}: the
 *     variant {@code igd-assignment-dxe-current} (VfioIgdPkg), so {@code ovmf} with
 *     {@code romfile-efi} and {@code ovmf+igd-oprom-current} give the same command line;</li>
 * <li>otherwise none.</li>
 * </ul>
 * The firmware's variant wins over {@code rom: romfile-efi}; {@code rom: none} still adds
 * {@code rombar=0}, which hides the ROM from the guest, so the driver never runs.
 */
public enum OptionRom {
    NONE(null),
    CURRENT("igd-assignment-dxe-current"),
    ORIGINAL_2018("igd-assignment-dxe-2018");

    private final String variant;

    OptionRom(String variant) {
        this.variant = variant;
    }

    /** The option ROM of {@code cell}; {@link #NONE} for a control cell. */
    public static OptionRom of(Cell cell) {
        if (cell.isControl()) {
            return NONE;
        }
        return switch (cell.axis(Axes.FIRMWARE)) {
            case Axes.OVMF_OPROM_2018 -> ORIGINAL_2018;
            case Axes.OVMF_OPROM_CURRENT -> CURRENT;
            default -> cell.axis(Axes.ROM).equals("romfile-efi") ? CURRENT : NONE;
        };
    }

    /** The artifact catalogue's {@code variant:} of the {@code efi-oprom} to use; empty for {@link #NONE}. */
    public Optional<String> variant() {
        return Optional.ofNullable(variant);
    }

    /** Whether {@code firmware} boots OVMF (stock, or with an option ROM variant). */
    public static boolean ovmf(String firmware) {
        return firmware.equals("ovmf") || firmware.equals(Axes.OVMF_OPROM_2018) || firmware.equals(Axes.OVMF_OPROM_CURRENT);
    }
}
