package org.slicewise.core.seg.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import java.util.Locale;

/**
 * Resolves {@code auto|cpu|gpu} to a DJL device for an engine. A GPU asked for but absent falls
 * back to the CPU with a one-line note saying why (the app stays usable).
 *
 * @param device the device to use
 * @param note   a message for the user (empty when the request was met)
 */
record DeviceChoice(Device device, String note) {
    static DeviceChoice resolve(Engine engine, String request) {
        String r = request == null ? "auto" : request.trim().toLowerCase(Locale.ROOT);
        int gpus;
        boolean cuda;
        try {
            // DJL counts the machine's CUDA devices (through the CUDA runtime), whatever the engine's build;
            // a CPU-only native build (the default ONNX Runtime jar) cannot use them
            gpus = engine.getGpuCount();
            cuda = gpus > 0 && engine.hasCapability(StandardCapabilities.CUDA);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            gpus = 0;
            cuda = false;
        }
        return resolve(engine.getEngineName(), r, gpus, cuda);
    }

    /** Pure decision for a build that can use the GPUs it sees (testable without a GPU). */
    static DeviceChoice resolve(String engineName, String request, int gpuCount) {
        return resolve(engineName, request, gpuCount, true);
    }

    /**
     * Pure decision: {@code gpuCount} CUDA devices on the machine, {@code cudaBuild} whether the engine's
     * native build has CUDA. A GPU without a CUDA build runs on the CPU; asked for explicitly, with a note.
     */
    static DeviceChoice resolve(String engineName, String request, int gpuCount, boolean cudaBuild) {
        if (gpuCount > 0 && !cudaBuild) {
            DeviceChoice c = resolve(engineName, request, 0, true);
            return c.note().isEmpty() ? c : new DeviceChoice(c.device(), "GPU requested but this " + engineName
                    + " build has no CUDA support (the machine has " + gpuCount + " CUDA device" + (gpuCount == 1 ? "" : "s")
                    + "; see the 'gpu' Maven profile in docs/segmentation.md): running on the CPU");
        }
        switch (request) {
            case "cpu":
                return new DeviceChoice(Device.cpu(), "");
            case "auto":
                return gpuCount > 0 ? new DeviceChoice(Device.gpu(), "") : new DeviceChoice(Device.cpu(), "");
            case "gpu":
                if (gpuCount > 0) {
                    return new DeviceChoice(Device.gpu(), "");
                }
                return new DeviceChoice(Device.cpu(), "GPU requested but " + engineName
                        + " sees no CUDA device (no GPU, no driver, or a CPU-only native build; see the 'gpu' Maven profile"
                        + " in docs/segmentation.md): running on the CPU");
            default:
                throw new org.slicewise.core.BadInputException("--device must be auto, cpu or gpu, got \"" + request + "\"");
        }
    }
}
