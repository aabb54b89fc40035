/* The C baseline for JNA's getpid: ns per call over argv[1] calls (glibc's getpid is a real
 * system call since 2.25; it no longer caches the pid). Prints "ns sum" (the sum keeps the loop). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s CALLS\n", argv[0]);
        return 2;
    }
    long calls = atol(argv[1]), sum = 0;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < calls; i++)
        sum += getpid();
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("%.2f %ld\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / calls, sum);
    return 0;
}
