package org.slicewise.core.seg.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
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
        try {
            gpus = engine.getGpuCount();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            gpus = 0;
        }
        return resolve(engine.getEngineName(), r, gpus);
    }

    /** Pure decision (testable without a GPU). */
    static DeviceChoice resolve(String engineName, String request, int gpuCount) {
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
