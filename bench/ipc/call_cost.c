/* What one libc call costs from C: write(-1, 0, 0), which fails with EBADF at once (no copy, no
 * wakeup), 2 million times a round, 7 rounds; prints each round's ns per call and their median.
 * CallCost.java makes the same calls from Java through syslab.posix.Jni. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define CALLS 2000000
#define ROUNDS 7

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(void) {
    double ns[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        long t0 = now_ns();
        for (int i = 0; i < CALLS; i++) {
            if (write(-1, NULL, 0) != -1) return 1;
        }
        ns[r] = (double) (now_ns() - t0) / CALLS;
        printf("C    write(-1, 0, 0): %.1f ns a call\n", ns[r]);
    }
    qsort(ns, ROUNDS, sizeof ns[0], by_value);
    printf("C    median of %d rounds: %.1f ns a call\n", ROUNDS, ns[ROUNDS / 2]);
    return 0;
}
