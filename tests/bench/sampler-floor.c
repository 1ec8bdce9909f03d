/* The C floor for the stats sampler's per-container cost (tests/bench/stats-oom.sh).
 *
 *   sampler-floor PATHS_FILE ITERATIONS
 *
 * PATHS_FILE has "CONTAINER_INDEX<TAB>PATH" lines: the files Dashboard's CgroupStatsReader opens (written by
 * `Dashboard.Benchmarks sampler-cost --paths-out`). Every file is opened once and kept open; each sample preads it
 * from offset 0 and parses every decimal number in it (what the reader's parsers do at least). Prints
 * "ns_per_container_sample containers files". */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static unsigned long long parse_numbers(const char *p, ssize_t n)
{
    unsigned long long sum = 0, v = 0;
    int in = 0;
    for (ssize_t i = 0; i < n; i++) {
        unsigned d = (unsigned char)p[i] - '0';
        if (d < 10) { v = v * 10 + d; in = 1; }
        else if (in) { sum += v; v = 0; in = 0; }
    }
    return in ? sum + v : sum;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: %s PATHS_FILE ITERATIONS\n", argv[0]); return 2; }
    FILE *list = fopen(argv[1], "r");
    if (!list) { perror(argv[1]); return 1; }
    int cap = 1024, nfd = 0, containers = 0, first = 0;
    int *fds = malloc(cap * sizeof *fds);
    char line[4096];
    char *names[64] = {0};
    while (fgets(line, sizeof line, list)) {
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        int c = atoi(line);
        if (c + 1 > containers) containers = c + 1;
        if (c == 0) first = nfd + 1; /* the first container's files get a breakdown line */
        tab[strcspn(tab, "\n")] = 0;
        int fd = open(tab + 1, O_RDONLY | O_CLOEXEC);
        if (fd < 0) { perror(tab + 1); continue; }
        if (nfd == cap) fds = realloc(fds, (cap *= 2) * sizeof *fds);
        if (c == 0 && nfd < 64) { const char *slash = strrchr(tab + 1, '/'); names[nfd] = strdup(slash ? slash + 1 : tab + 1); }
        fds[nfd++] = fd;
    }
    fclose(list);
    if (nfd == 0 || containers == 0) { fprintf(stderr, "no files\n"); return 1; }
    long iterations = atol(argv[2]);
    static char buf[65536];
    volatile unsigned long long sink = 0;
    for (int warm = 0; warm < 2; warm++) {
        long n = warm == 0 ? (iterations / 10 > 20 ? iterations / 10 : 20) : iterations;
        double t0 = now_ns();
        for (long i = 0; i < n; i++)
            for (int f = 0; f < nfd; f++) {
                ssize_t r = pread(fds[f], buf, sizeof buf, 0);
                if (r > 0) sink += parse_numbers(buf, r);
            }
        double t1 = now_ns();
        if (warm == 1) printf("%.1f %d %d\n", (t1 - t0) / ((double)n * containers), containers, nfd);
    }
    if (getenv("FLOOR_BREAKDOWN")) { /* ns per pread+parse of each file name, to stderr */
        for (int f = 0; f < nfd; f++) {
            double t0 = now_ns();
            for (long i = 0; i < iterations; i++) {
                ssize_t r = pread(fds[f], buf, sizeof buf, 0);
                if (r > 0) sink += parse_numbers(buf, r);
            }
            if (f < first) fprintf(stderr, "  %-45s %8.0f\n", names[f], (now_ns() - t0) / iterations);
        }
    }
    for (int f = 0; f < nfd; f++) close(fds[f]);
    free(fds);
    return sink == 42 ? 3 : 0;
}
