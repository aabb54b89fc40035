/*
 * wait_cost.c: the cost of one select, poll or epoll_wait call against the number of idle fds it
 * watches, measured the way SysLab's EpollCompare measures it, so the two can be compared.
 *
 * IDLE connected AF_UNIX sockets whose peers live in child processes (4,000 per child, parked at high
 * fd numbers until a child holds them), and ACTIVE ready sockets, watched after the idle ones (last:
 * the highest fds) or before them (first). Each round writes a byte to each ready socket, times one
 * wait call (timeout 1 s) that finds them, and reads the bytes back.
 *
 * usage: wait_cost select|poll|epoll IDLE ROUNDS [ACTIVE [last|first [FIRST_FD]]]   (default: 1 last)
 * FIRST_FD: the lowest fd number the watched sockets take (fds below it are filled with /dev/null),
 * so that they have the numbers the JVM's do: select's cost and FD_SETSIZE depend on them.
 * prints: "MEDIAN_US P90_US", or "refused fd=N" when select cannot watch the set.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BATCH 4000
#define TIMEOUT_MS 1000
/* warm-up: a tenth of the rounds (at least 5), and at least WARM_ROUNDS or WARM_NS, as EpollCompare */
#define WARM_ROUNDS 2000
#define WARM_NS 50000000LL

/* "socketpair: EMFILE (Too many open files)": the errno's name, as SysLab's errors give it */
static void die(const char *what) {
    int e = errno;
    fprintf(stderr, "%s: %s (%s)\n", what, strerrorname_np(e), strerror(e));
    exit(1);
}

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return (x > y) - (x < y);
}

static pid_t children[64];
static int nchildren;

static void kill_children(void) {
    for (int i = 0; i < nchildren; i++) kill(children[i], SIGKILL);
    for (int i = 0; i < nchildren; i++) waitpid(children[i], NULL, 0);
}

/* The ready sockets: r[i] is watched, w[i] (not watched) makes it readable. */
static void open_ready(int active, int *r, int *w) {
    for (int i = 0; i < active; i++) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) die("socketpair");
        r[i] = sv[0];
        w[i] = sv[1];
    }
}

int main(int argc, char **argv) {
    if (argc < 4 || argc > 7 || (argc >= 6 && strcmp(argv[5], "last") && strcmp(argv[5], "first"))) {
        fprintf(stderr, "usage: %s select|poll|epoll IDLE ROUNDS [ACTIVE [last|first [FIRST_FD]]]\n", argv[0]);
        return 2;
    }
    const char *method = argv[1];
    int idle = atoi(argv[2]), rounds = atoi(argv[3]), active = argc > 4 ? atoi(argv[4]) : 1;
    int first = argc >= 6 && !strcmp(argv[5], "first"), first_fd = argc == 7 ? atoi(argv[6]) : 0;
    if (idle < 0 || rounds < 1 || active < 1) { fprintf(stderr, "IDLE >= 0, ROUNDS >= 1, ACTIVE >= 1\n"); return 2; }

    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl) < 0) die("setrlimit");
    int park_at = (int) rl.rlim_cur - BATCH - 1;

    int lifeline[2];
    if (pipe2(lifeline, O_CLOEXEC) < 0) die("pipe2");
    for (;;) {  /* fill the numbers below FIRST_FD: the sockets then take the lowest free ones from there */
        int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (fd < 0) die("open /dev/null");
        if (fd >= first_fd) { close(fd); break; }
    }
    /* fds are taken in the order they are watched, so "last" also means the highest numbers */
    int nwatched = idle + active;
    int *watched = malloc(sizeof(int) * nwatched), *readers = first ? watched : watched + idle;
    int *writers = malloc(sizeof(int) * active), *idle_fds = first ? watched + active : watched;
    int *peers = malloc(sizeof(int) * BATCH);
    if (first) open_ready(active, readers, writers);
    for (int k = 0; k < idle; ) {
        int n = idle - k < BATCH ? idle - k : BATCH;
        for (int i = 0; i < n; i++) {
            int sv[2];
            if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) die("socketpair");
            idle_fds[k + i] = sv[0];
            if ((peers[i] = fcntl(sv[1], F_DUPFD, park_at)) < 0) die("fcntl(F_DUPFD)");
            close(sv[1]);
        }
        pid_t pid = fork();
        if (pid < 0) die("fork");
        if (pid == 0) {  /* hold the peers until killed, or until the parent is gone */
            char c;
            close(lifeline[1]);
            while (read(lifeline[0], &c, 1) < 0 && errno == EINTR) { }
            _exit(0);
        }
        children[nchildren++] = pid;
        for (int i = 0; i < n; i++) close(peers[i]);
        k += n;
    }
    if (!first) open_ready(active, readers, writers);

    int maxfd = 0;
    for (int i = 0; i < nwatched; i++) if (watched[i] > maxfd) maxfd = watched[i];
    if (strcmp(method, "select") == 0 && maxfd >= FD_SETSIZE) {
        printf("refused fd=%d\n", maxfd);
        kill_children();
        return 0;
    }

    fd_set all, rfds;
    struct pollfd *pfds = NULL;
    int ep = -1;
    struct epoll_event ev, *out = calloc(active, sizeof(struct epoll_event));
    if (strcmp(method, "select") == 0) {
        FD_ZERO(&all);
        for (int i = 0; i < nwatched; i++) FD_SET(watched[i], &all);
    } else if (strcmp(method, "poll") == 0) {
        pfds = calloc(nwatched, sizeof(struct pollfd));
        for (int i = 0; i < nwatched; i++) { pfds[i].fd = watched[i]; pfds[i].events = POLLIN; }
    } else if (strcmp(method, "epoll") == 0) {
        if ((ep = epoll_create1(EPOLL_CLOEXEC)) < 0) die("epoll_create1");
        for (int i = 0; i < nwatched; i++) {
            ev.events = EPOLLIN;
            ev.data.fd = watched[i];
            if (epoll_ctl(ep, EPOLL_CTL_ADD, watched[i], &ev) < 0) die("epoll_ctl");
        }
    } else {
        fprintf(stderr, "unknown method %s\n", method);
        return 2;
    }

    int warm_up = rounds / 10 > 5 ? rounds / 10 : 5, warmed = 0;
    long long *ns = malloc(sizeof(long long) * rounds), warm_start = now_ns();
    char byte = 'x';
    for (int r = -1; r < rounds; ) {
        for (int i = 0; i < active; i++) if (write(writers[i], &byte, 1) != 1) die("write");
        struct timeval tv = {TIMEOUT_MS / 1000, 0};
        if (ep < 0 && !pfds) rfds = all;  /* select overwrites its set */
        long long t0 = now_ns();
        int n;
        if (pfds) n = poll(pfds, nwatched, TIMEOUT_MS);
        else if (ep >= 0) n = epoll_wait(ep, out, active, TIMEOUT_MS);
        else n = select(maxfd + 1, &rfds, NULL, NULL, &tv);
        long long t1 = now_ns();
        for (int i = 0; i < active; i++) if (read(readers[i], &byte, 1) != 1) die("read");
        if (n < 0 && errno == EINTR) continue;
        if (n != active) { fprintf(stderr, "%s returned %d, expected %d\n", method, n, active); return 1; }
        if (r >= 0) ns[r++] = t1 - t0;
        else if (++warmed >= warm_up && (warmed >= WARM_ROUNDS || now_ns() - warm_start >= WARM_NS)) r = 0;
    }
    qsort(ns, rounds, sizeof(long long), cmp_ll);
    /* nearest rank, as SysLab's Percentiles */
    long long median = ns[(rounds * 50 + 99) / 100 - 1], p90 = ns[(rounds * 90 + 99) / 100 - 1];
    printf("%.3f %.3f\n", median / 1000.0, p90 / 1000.0);
    kill_children();
    return 0;
}
