package org.igdlab.runner.inventory;

/**
 * An inventory or artifacts file that cannot be used. The message always reads
 * {@code FILE:LINE:COLUMN: path: expected …, found …} so that an editor can jump to it.
 */
public class InventoryException extends Exception {
    private static final long serialVersionUID = 1L;

    public InventoryException(String message) {
        super(message);
    }

    public InventoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
