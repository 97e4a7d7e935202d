package org.slicewise.io.dicom;

/** The (group &lt;&lt; 16 | element) tags the reader interprets; everything else is skipped. */
final class Tags {
    private Tags() {
    }

    static final int TRANSFER_SYNTAX = 0x00020010;
    static final int IMAGE_TYPE = 0x00080008;
    static final int SOP_CLASS = 0x00080016;
    static final int SOP_INSTANCE = 0x00080018;
    static final int MODALITY = 0x00080060;
    static final int SERIES_DESCRIPTION = 0x0008103E;
    static final int SLICE_THICKNESS = 0x00180050;
    static final int SPACING_BETWEEN_SLICES = 0x00180088;
    static final int SIEMENS_MOSAIC_IMAGES = 0x0019100A;
    static final int STUDY_UID = 0x0020000D;
    static final int SERIES_UID = 0x0020000E;
    static final int SERIES_NUMBER = 0x00200011;
    static final int ACQUISITION_NUMBER = 0x00200012;
    static final int INSTANCE_NUMBER = 0x00200013;
    static final int IMAGE_POSITION = 0x00200032;
    static final int IMAGE_ORIENTATION = 0x00200037;
    static final int SAMPLES_PER_PIXEL = 0x00280002;
    static final int PHOTOMETRIC = 0x00280004;
    static final int PLANAR_CONFIGURATION = 0x00280006;
    static final int NUMBER_OF_FRAMES = 0x00280008;
    static final int ROWS = 0x00280010;
    static final int COLUMNS = 0x00280011;
    static final int PIXEL_SPACING = 0x00280030;
    static final int BITS_ALLOCATED = 0x00280100;
    static final int BITS_STORED = 0x00280101;
    static final int HIGH_BIT = 0x00280102;
    static final int PIXEL_REPRESENTATION = 0x00280103;
    static final int WINDOW_CENTER = 0x00281050;
    static final int WINDOW_WIDTH = 0x00281051;
    static final int RESCALE_INTERCEPT = 0x00281052;
    static final int RESCALE_SLOPE = 0x00281053;
    static final int SIEMENS_CSA_IMAGE = 0x00291010;
    static final int PIXEL_DATA = 0x7FE00010;
    static final int ITEM = 0xFFFEE000;
    static final int ITEM_DELIMITATION = 0xFFFEE00D;
    static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

    // Enhanced (multi-frame functional group) sequences.
    static final int SHARED_GROUPS = 0x52009229;
    static final int PER_FRAME_GROUPS = 0x52009230;
    static final int PLANE_POSITION_SEQ = 0x00209113;
    static final int PLANE_ORIENTATION_SEQ = 0x00209116;
    static final int PIXEL_MEASURES_SEQ = 0x00289110;
    static final int PIXEL_VALUE_TRANSFORM_SEQ = 0x00289145;
    static final int FRAME_VOI_LUT_SEQ = 0x00289132;

    /** Functional-group macro sequences whose items carry frame attributes. */
    static boolean isFrameMacro(int tag) {
        return tag == PLANE_POSITION_SEQ || tag == PLANE_ORIENTATION_SEQ || tag == PIXEL_MEASURES_SEQ
                || tag == PIXEL_VALUE_TRANSFORM_SEQ || tag == FRAME_VOI_LUT_SEQ;
    }

    static String hex(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }
}
