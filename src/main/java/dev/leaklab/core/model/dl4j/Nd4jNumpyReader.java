package dev.leaklab.core.model.dl4j;

import dev.leaklab.core.InputException;
import dev.leaklab.core.audit.NpyHeader;
import dev.leaklab.core.audit.NumericArray;
import dev.leaklab.core.audit.NumpyReader;
import dev.leaklab.core.model.array.OpenBlasCore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads NumPy files with ND4J ({@link Nd4j#createNpyFromByteArray}). Every array's header is checked in Java
 * first ({@link NpyHeader}): ND4J's native parser trusts it. A {@code .npz} is read entry by entry from the
 * archive into memory; nothing is extracted to disk, and an entry's name is only ever the array's name (never
 * a path), so an archive cannot write anywhere. Sizes are checked against the file and the heap before any
 * array is allocated.
 */
public final class Nd4jNumpyReader implements NumpyReader {

    static {
        // why: ND4J loads OpenBLAS with it; its kernels are chosen for this CPU before that
        OpenBlasCore.prepare();
    }

    @Override
    public Map<String, NumericArray> read(Path file) throws InputException {
        try {
            if (!Files.isRegularFile(file)) {
                throw new InputException(file, 0, Files.exists(file) ? "is not a file" : "no such file", null);
            }
            String name = String.valueOf(file.getFileName());
            if (name.toLowerCase(Locale.ROOT).endsWith(".npz")) {
                return npz(file);
            }
            long length = Files.size(file);
            requireHeap(file, length);
            byte[] bytes = Files.readAllBytes(file);
            Map<String, NumericArray> one = new LinkedHashMap<>();
            String array = name.substring(0, name.length() - ".npy".length());
            one.put(array, array(file, array, bytes));
            return one;
        } catch (NoSuchFileException e) {
            throw new InputException(file, 0, "no such file", e);
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    private static Map<String, NumericArray> npz(Path file) throws InputException, IOException {
        Map<String, NumericArray> arrays = new LinkedHashMap<>();
        long fileLength = Files.size(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            long total = 0;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String entry = e.getName();
                if (e.isDirectory() || !entry.endsWith(".npy") || entry.contains("/") || entry.contains("\\")
                        || entry.contains("..") || entry.length() > 200) {
                    throw new InputException(file, 0, "entry " + InputException.quote(entry, 80) + " is not a NumPy "
                            + "array of an .npz (numpy.savez writes NAME.npy entries only)", null);
                }
                long size = e.getSize();
                if (size < 0 || size > Integer.MAX_VALUE - 16
                        || e.getMethod() == ZipEntry.STORED && size > fileLength) {
                    throw new InputException(file, 0, "entry " + InputException.quote(entry, 80) + " claims " + size
                            + " bytes, more than the file or an array can hold", null);
                }
                total += size;
                requireHeap(file, total);
            }
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readNBytes((int) e.getSize() + 1);
                }
                if (bytes.length != e.getSize()) {
                    throw new InputException(file, 0, "entry " + InputException.quote(e.getName(), 80) + " holds "
                            + (bytes.length > e.getSize() ? "more" : "fewer") + " bytes than the archive says: the "
                            + ".npz is damaged", null);
                }
                String array = e.getName().substring(0, e.getName().length() - ".npy".length());
                if (arrays.put(array, array(file, array, bytes)) != null) {
                    throw new InputException(file, 0, "holds array " + InputException.quote(array, 80) + " twice", null);
                }
            }
        } catch (ZipException e) {
            throw new InputException(file, 0, "is not an .npz archive: " + e.getMessage(), e);
        }
        if (arrays.isEmpty()) {
            throw new InputException(file, 0, "holds no arrays", null);
        }
        return arrays;
    }

    private static NumericArray array(Path file, String name, byte[] bytes) throws InputException {
        NpyHeader header;
        try {
            header = NpyHeader.parse(bytes, bytes.length);
        } catch (IllegalArgumentException e) {
            throw new InputException(file, 0, "array " + InputException.quote(name, 80) + ": " + e.getMessage(), e);
        }
        requireHeap(file, header.count() * 8L);
        double[] values;
        if (header.count() == 0) {
            values = new double[0];
        } else {
            INDArray nd;
            try {
                nd = Nd4j.createNpyFromByteArray(bytes);
            } catch (RuntimeException e) {
                throw new InputException(file, 0, "array " + InputException.quote(name, 80) + ": ND4J cannot read it: "
                        + e.getMessage(), e);
            }
            values = nd.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        }
        if (values.length != header.count()) {
            throw new InputException(file, 0, "array " + InputException.quote(name, 80) + ": ND4J read "
                    + values.length + " values where the header says " + header.count(), null);
        }
        return new NumericArray(name, header.shape(), values, header.integral());
    }

    private static void requireHeap(Path file, long bytes) throws InputException {
        long free = Runtime.getRuntime().maxMemory() - (Runtime.getRuntime().totalMemory()
                - Runtime.getRuntime().freeMemory());
        // why: a value is read as bytes, then as ND4J's array, then as doubles: about three times its size
        if (bytes * 3 > free) {
            throw new InputException(file, 0, "needs about " + (bytes * 3 >> 20) + " MiB to read, more than the "
                    + (free >> 20) + " MiB LeakLab has free; start it with a larger -Xmx", null);
        }
    }
}
