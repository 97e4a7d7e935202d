/* Native comparison for docs/codecs.md: CharLS (Debian libcharls-dev) decode time of one JPEG-LS stream.
 * Build: gcc -O2 -o charls_decode_bench tools/bench/charls_decode_bench.c -lcharls
 * Run:   ./charls_decode_bench frame.jls   (extract a frame, e.g. with pydicom's generate_pixel_data_frame) */
#include <charls/charls.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s frame.jls\n", argv[0]); return 1; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    fseek(f, 0, SEEK_END);
    size_t n = (size_t) ftell(f);
    fseek(f, 0, SEEK_SET);
    void *src = malloc(n);
    if (fread(src, 1, n, f) != n) { perror(argv[1]); return 1; }
    fclose(f);
    void *dst = malloc(1 << 26);
    double best = 1e9, total = 0;
    const int warm = 50, runs = 300;
    for (int i = 0; i < warm + runs; i++) {
        double t0 = cpu_seconds();
        charls_jpegls_decoder *d = charls_jpegls_decoder_create();
        size_t size = 0;
        if (charls_jpegls_decoder_set_source_buffer(d, src, n) || charls_jpegls_decoder_read_header(d)
            || charls_jpegls_decoder_get_destination_size(d, 0, &size) || size > (1u << 26)
            || charls_jpegls_decoder_decode_to_buffer(d, dst, size, 0)) {
            fprintf(stderr, "decode failed\n");
            return 2;
        }
        charls_jpegls_decoder_destroy(d);
        double t = cpu_seconds() - t0;
        if (i >= warm) { total += t; if (t < best) best = t; }
    }
    printf("CharLS: min CPU %.2f ms, mean CPU %.2f ms per decode\n", best * 1e3, total / runs * 1e3);
    return 0;
}
