/*
 * The IPC experiments of syslab.experiments.ipc written in C, for bench/ipc/IpcBench.java to run
 * beside the Java ones with the same parameters. Same protocol as the Java side: the parent sends,
 * a forked child receives; one untimed repetition first; the median of the timed ones.
 *
 *   ipc_bench capacity
 *   ipc_bench compare METHOD PLACEMENT CHUNK BYTES ROUND_TRIPS REPETITIONS
 *       METHOD: pipe fifo socketpair tcp-loopback shm signal; PLACEMENT: one-cpu two-cpus free
 *       prints "bandwidth_mbps X" (not for signal) and "round_trip_us Y"
 *   ipc_bench fork REPETITIONS        fork + waitpid of a child that _exits at once
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* "socketpair: EMFILE (Too many open files)": the errno's name, as SysLab's errors give it */
static void die(const char *what) {
    int e = errno;
    fprintf(stderr, "%s: %s (%s)\n", what, strerrorname_np(e), strerror(e));
    exit(1);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

/* The median as Tablesaw computes it: the mean of the two middle values for an even count. */
static double median(double *v, int n) {
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Placement, as syslab.experiments.ipc.Placement: process i (0 the parent) on cpus[i % 2], or one CPU. */
enum placement { ONE_CPU, TWO_CPUS, FREE };
static enum placement placement;
static int cpus[2];
static cpu_set_t saved;

static void pin_self(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set)) die("sched_setaffinity");
}

static void pin_parent(void) {
    if (sched_getaffinity(0, sizeof saved, &saved)) die("sched_getaffinity");
    for (int cpu = 0, found = 0; cpu < CPU_SETSIZE && found < 2; cpu++) if (CPU_ISSET(cpu, &saved)) cpus[found++] = cpu;
    if (placement != FREE) pin_self(cpus[0]);
}

static void pin_child(int i) {
    if (placement != FREE) pin_self(placement == ONE_CPU ? cpus[0] : cpus[i % 2]);
}

static void unpin_parent(void) { sched_setaffinity(0, sizeof saved, &saved); }

static pid_t fork_child(void) {
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) prctl(PR_SET_PDEATHSIG, SIGKILL);
    return pid;
}

static void reap(pid_t pid) {
    int status;
    if (waitpid(pid, &status, 0) < 0) die("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status)) { fprintf(stderr, "child failed: status %d\n", status); exit(1); }
}

/* Two one-way streams: down (parent to child) and up. */
struct link { int parent_in, parent_out, child_in, child_out; };

static void fifo_pair(const char *path, int fd[2]) {
    if (mkfifo(path, 0600)) die("mkfifo");
    if ((fd[0] = open(path, O_RDONLY | O_NONBLOCK)) < 0) die("open fifo for reading");
    if ((fd[1] = open(path, O_WRONLY)) < 0) die("open fifo for writing");
    fcntl(fd[0], F_SETFL, fcntl(fd[0], F_GETFL) & ~O_NONBLOCK);
    unlink(path);
}

static struct link open_link(const char *method) {
    int down[2], up[2];
    if (!strcmp(method, "pipe")) {
        if (pipe(down) || pipe(up)) die("pipe");
    } else if (!strcmp(method, "fifo")) {
        char d[64], u[64];
        snprintf(d, sizeof d, "/tmp/ipc_bench_down_%d", getpid());
        snprintf(u, sizeof u, "/tmp/ipc_bench_up_%d", getpid());
        fifo_pair(d, down);
        fifo_pair(u, up);
    } else if (!strcmp(method, "socketpair")) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) die("socketpair");
        return (struct link) {sv[0], sv[0], sv[1], sv[1]};
    } else if (!strcmp(method, "tcp-loopback")) {
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        socklen_t len = sizeof a;
        int one = 1, listener = socket(AF_INET, SOCK_STREAM, 0), client = socket(AF_INET, SOCK_STREAM, 0), server;
        if (bind(listener, (struct sockaddr *) &a, sizeof a) || listen(listener, 1)) die("bind/listen");
        if (getsockname(listener, (struct sockaddr *) &a, &len)) die("getsockname");
        if (connect(client, (struct sockaddr *) &a, sizeof a)) die("connect");
        if ((server = accept(listener, NULL, NULL)) < 0) die("accept");
        setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        close(listener);
        return (struct link) {client, client, server, server};
    } else {
        fprintf(stderr, "no method %s\n", method);
        exit(2);
    }
    return (struct link) {up[0], down[1], down[0], up[1]};
}

static void close_ends(int a, int b) {
    close(a);
    if (b != a) close(b);
}

static double stream_bandwidth(const char *method, int chunk, long bytes, int reps) {
    struct link l = open_link(method);
    char *src = malloc(chunk), *dst = malloc(chunk), ack = 'a';
    memset(src, 'x', chunk);
    double t[reps];
    pin_parent();
    pid_t pid = fork_child();
    if (pid == 0) {
        pin_child(1);
        close_ends(l.parent_in, l.parent_out);
        for (int r = 0; r <= reps; r++) {
            for (long got = 0; got < bytes;) {
                ssize_t n = read(l.child_in, dst, chunk);
                if (n <= 0) _exit(2);
                got += n;
            }
            if (write(l.child_out, &ack, 1) != 1) _exit(3);
        }
        _exit(0);
    }
    close_ends(l.child_in, l.child_out);
    for (int r = 0; r <= reps; r++) {
        double t0 = now();
        for (long sent = 0; sent < bytes;) {
            ssize_t n = write(l.parent_out, src, bytes - sent < chunk ? bytes - sent : chunk);
            if (n < 0) die("write");
            sent += n;
        }
        if (read(l.parent_in, &ack, 1) != 1) die("read ack");
        if (r > 0) t[r - 1] = now() - t0;
    }
    reap(pid);
    unpin_parent();
    close_ends(l.parent_in, l.parent_out);
    free(src);
    free(dst);
    return bytes / median(t, reps) / 1e6;
}

static double stream_round_trip(const char *method, int round_trips, int reps) {
    struct link l = open_link(method);
    double t[reps];
    char b = 0;
    pin_parent();
    pid_t pid = fork_child();
    if (pid == 0) {
        pin_child(1);
        close_ends(l.parent_in, l.parent_out);
        for (long k = 0; k < (long) round_trips * (reps + 1); k++) {
            if (read(l.child_in, &b, 1) != 1) _exit(2);
            if (write(l.child_out, &b, 1) != 1) _exit(3);
        }
        _exit(0);
    }
    close_ends(l.child_in, l.child_out);
    for (int r = 0; r <= reps; r++) {
        double t0 = now();
        for (int k = 0; k < round_trips; k++) {
            b = (char) k;
            if (write(l.parent_out, &b, 1) != 1) die("write");
            if (read(l.parent_in, &b, 1) != 1) die("read");
        }
        if (r > 0) t[r - 1] = now() - t0;
    }
    reap(pid);
    unpin_parent();
    close_ends(l.parent_in, l.parent_out);
    return median(t, reps) * 1e6 / round_trips;
}

/* Shared memory as in syslab: semaphores one per cache line in a 4096-byte header, then the data. */
#define HEADER 4096
#define SLOTS 4
static char *shared(size_t size) {
    char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) die("mmap");
    return p;
}
static sem_t *sem(char *base, int i, int value) {
    sem_t *s = (sem_t *) (base + 64 * i);
    if (sem_init(s, 1, value)) die("sem_init");
    return s;
}

static double shm_bandwidth(int chunk, long bytes, int reps) {
    size_t size = HEADER + (size_t) SLOTS * chunk;
    char *base = shared(size), *slots = base + HEADER, *src = malloc(chunk), *dst = malloc(chunk);
    sem_t *empty = sem(base, 0, SLOTS), *full = sem(base, 1, 0), *done = sem(base, 2, 0);
    memset(src, 'x', chunk);
    double t[reps];
    pin_parent();
    pid_t pid = fork_child();
    if (pid == 0) {
        pin_child(1);
        long slot = 0;
        for (int r = 0; r <= reps; r++) {
            for (long got = 0; got < bytes; got += chunk, slot++) {
                if (sem_wait(full)) _exit(2);
                memcpy(dst, slots + slot % SLOTS * chunk, bytes - got < chunk ? bytes - got : chunk);
                if (sem_post(empty)) _exit(3);
            }
            if (sem_post(done)) _exit(4);
        }
        _exit(0);
    }
    long slot = 0;
    for (int r = 0; r <= reps; r++) {
        double t0 = now();
        for (long sent = 0; sent < bytes; sent += chunk, slot++) {
            if (sem_wait(empty)) die("sem_wait");
            memcpy(slots + slot % SLOTS * chunk, src, bytes - sent < chunk ? bytes - sent : chunk);
            sem_post(full);
        }
        if (sem_wait(done)) die("sem_wait");
        if (r > 0) t[r - 1] = now() - t0;
    }
    reap(pid);
    unpin_parent();
    munmap(base, size);
    free(src);
    free(dst);
    return bytes / median(t, reps) / 1e6;
}

static double shm_round_trip(int round_trips, int reps) {
    char *base = shared(HEADER + 4096), *data = base + HEADER;
    sem_t *ping = sem(base, 0, 0), *pong = sem(base, 1, 0);
    volatile char *d = data;
    double t[reps];
    pin_parent();
    pid_t pid = fork_child();
    if (pid == 0) {
        pin_child(1);
        for (long k = 0; k < (long) round_trips * (reps + 1); k++) {
            if (sem_wait(ping)) _exit(2);
            d[1] = d[0];
            if (sem_post(pong)) _exit(3);
        }
        _exit(0);
    }
    for (int r = 0; r <= reps; r++) {
        double t0 = now();
        for (int k = 0; k < round_trips; k++) {
            d[0] = (char) k;
            sem_post(ping);
            if (sem_wait(pong)) die("sem_wait");
            if (d[1] != (char) k) { fprintf(stderr, "wrong echo\n"); exit(1); }
        }
        if (r > 0) t[r - 1] = now() - t0;
    }
    reap(pid);
    unpin_parent();
    munmap(base, HEADER + 4096);
    return median(t, reps) * 1e6 / round_trips;
}

/* SIGUSR1 between two children, taken with sigtimedwait; the first times the round trips. */
static double signal_round_trip(int round_trips, int reps) {
    long *times = (long *) (shared(HEADER + 8 * (reps + 1)) + HEADER);
    sigset_t set, old;
    struct timespec limit = {600, 0};
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    pin_parent();
    pid_t echo = fork_child();
    if (echo == 0) {
        pin_child(2);
        siginfo_t info;
        for (;;) {
            if (sigtimedwait(&set, &info, &limit) != SIGUSR1) _exit(2);
            if (kill(info.si_pid, SIGUSR1)) _exit(3);
        }
    }
    pid_t timer = fork_child();
    if (timer == 0) {
        pin_child(1);
        for (int r = 0; r <= reps; r++) {
            double t0 = now();
            for (int k = 0; k < round_trips; k++) {
                if (kill(echo, SIGUSR1)) _exit(2);
                if (sigtimedwait(&set, NULL, &limit) != SIGUSR1) _exit(3);
            }
            times[r] = (long) ((now() - t0) * 1e9);
        }
        _exit(0);
    }
    reap(timer);
    kill(echo, SIGKILL);
    waitpid(echo, NULL, 0);
    sigprocmask(SIG_SETMASK, &old, NULL);
    unpin_parent();
    double t[reps];
    for (int r = 1; r <= reps; r++) t[r - 1] = times[r] / 1e9;
    return median(t, reps) * 1e6 / round_trips;
}

static long pipe_capacity(void) {
    int fd[2];
    char page[4096];
    long total = 0;
    memset(page, 'x', sizeof page);
    if (pipe2(fd, O_NONBLOCK)) die("pipe2");
    for (ssize_t n; (n = write(fd[1], page, sizeof page)) > 0;) total += n;
    for (ssize_t n; (n = write(fd[1], page, 1)) > 0;) total += n;
    if (errno != EAGAIN) die("write");
    close(fd[0]);
    close(fd[1]);
    return total;
}

static double fork_wait_us(int reps) {
    double t[reps];
    for (int r = -10; r < reps; r++) {
        double t0 = now();
        pid_t pid = fork();
        if (pid < 0) die("fork");
        if (pid == 0) _exit(0);
        if (waitpid(pid, NULL, 0) < 0) die("waitpid");
        if (r >= 0) t[r] = (now() - t0) * 1e6;
    }
    return median(t, reps);
}

int main(int argc, char **argv) {
    if (argc == 2 && !strcmp(argv[1], "capacity")) {
        printf("capacity_bytes %ld\n", pipe_capacity());
    } else if (argc == 8 && !strcmp(argv[1], "compare")) {
        const char *method = argv[2];
        placement = !strcmp(argv[3], "one-cpu") ? ONE_CPU : !strcmp(argv[3], "two-cpus") ? TWO_CPUS : FREE;
        int chunk = atoi(argv[4]), round_trips = atoi(argv[6]), reps = atoi(argv[7]);
        long bytes = atol(argv[5]);
        if (!strcmp(method, "shm")) {
            if (bytes > 0) printf("bandwidth_mbps %.3f\n", shm_bandwidth(chunk, bytes, reps));
            if (round_trips > 0) printf("round_trip_us %.4f\n", shm_round_trip(round_trips, reps));
        } else if (!strcmp(method, "signal")) {
            if (round_trips > 0) printf("round_trip_us %.4f\n", signal_round_trip(round_trips, reps));
        } else {
            if (bytes > 0) printf("bandwidth_mbps %.3f\n", stream_bandwidth(method, chunk, bytes, reps));
            if (round_trips > 0) printf("round_trip_us %.4f\n", stream_round_trip(method, round_trips, reps));
        }
    } else if (argc == 3 && !strcmp(argv[1], "fork")) {
        printf("fork_wait_us %.2f\n", fork_wait_us(atoi(argv[2])));
    } else {
        fprintf(stderr, "usage: %s capacity | compare METHOD PLACEMENT CHUNK BYTES ROUND_TRIPS REPETITIONS | fork REPETITIONS\n", argv[0]);
        return 2;
    }
    return 0;
}
