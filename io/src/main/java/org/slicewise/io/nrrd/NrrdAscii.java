package org.slicewise.io.nrrd;

import java.io.IOException;
import java.io.InputStream;
import org.slicewise.core.BadInputException;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;

/** The NRRD ascii encoding: numbers separated by whitespace (or commas). */
final class NrrdAscii {
    private NrrdAscii() {
    }

    static Object[] read(InputStream in, VoxelType type, int sliceVoxels, int nz, Object file) throws IOException {
        Object[] slices = new Object[nz];
        StringBuilder tok = new StringBuilder();
        int c = in.read();
        for (int z = 0; z < nz; z++) {
            Object s = type.newSlice(sliceVoxels);
            for (int i = 0; i < sliceVoxels; i++) {
                while (c >= 0 && (Character.isWhitespace(c) || c == ',')) {
                    c = in.read();
                }
                tok.setLength(0);
                while (c >= 0 && !Character.isWhitespace(c) && c != ',') {
                    if (tok.length() > 64) {
                        throw BadInputException.of(file, "malformed ascii NRRD value");
                    }
                    tok.append((char) c);
                    c = in.read();
                }
                if (tok.length() == 0) {
                    throw BadInputException.of(file, "truncated ascii data: " + ((long) z * sliceVoxels + i) + " of "
                            + ((long) nz * sliceVoxels) + " values present");
                }
                Volume.write(s, type, i, NrrdHeader.number(tok.toString(), file, "data"));
            }
            slices[z] = s;
        }
        return slices;
    }
}
