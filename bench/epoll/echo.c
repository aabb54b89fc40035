/*
 * echo.c: an echo server on loopback driven by N closed-loop clients, built the way SysLab's
 * EpollServer builds it, so the two can be compared: the server on a thread of its own, the
 * clients on the main thread with epoll, each sending PAYLOAD bytes and waiting for the whole echo
 * before sending again. A warm-up of a fifth of the measured time comes first.
 *
 * Models: epoll-et is the notes' reactor (edge-triggered, non-blocking, read until EAGAIN, then
 * EPOLL_CTL_MOD to EPOLLOUT, write, EPOLL_CTL_MOD back to EPOLLIN); epoll-lt reads what is there
 * from a blocking socket and writes it back.
 *
 * usage: echo epoll-et|epoll-lt CLIENTS SECONDS PAYLOAD
 * prints: "REQ_PER_S P50_US P99_US"
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what) { perror(what); exit(1); }

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return (x > y) - (x < y);
}

static void set_nonblocking(int fd) {
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) die("fcntl");
}

struct server {
    int listen_fd, stop_fd, et, bufsize;
};

struct conn {
    char *buf;
    int filled, written;
};

static void *serve(void *arg) {
    struct server *s = arg;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = s->stop_fd};
    epoll_ctl(ep, EPOLL_CTL_ADD, s->stop_fd, &ev);
    ev.events = EPOLLIN | (s->et ? EPOLLET : 0);
    ev.data.fd = s->listen_fd;
    epoll_ctl(ep, EPOLL_CTL_ADD, s->listen_fd, &ev);
    int nconns = 1 << 16;
    struct conn *conns = calloc(nconns, sizeof(struct conn));
    char *buf = malloc(s->bufsize);
    struct epoll_event events[256];
    for (;;) {
        int n = epoll_wait(ep, events, 256, -1);
        if (n < 0) { if (errno == EINTR) continue; die("epoll_wait"); }
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == s->stop_fd) return NULL;
            if (fd == s->listen_fd) {
                int c;
                while ((c = accept(s->listen_fd, NULL, NULL)) >= 0) {
                    if (s->et) {
                        set_nonblocking(c);
                        conns[c].buf = malloc(s->bufsize);
                        conns[c].filled = 0;
                    }
                    ev.events = EPOLLIN | (s->et ? EPOLLET : 0);
                    ev.data.fd = c;
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
                }
                continue;
            }
            if (!s->et) {  /* level-triggered: read what is there, write it back */
                ssize_t r = read(fd, buf, s->bufsize);
                if (r <= 0) { close(fd); continue; }
                for (ssize_t off = 0; off < r; ) {
                    ssize_t w = write(fd, buf + off, r - off);
                    if (w < 0) die("write");
                    off += w;
                }
                continue;
            }
            struct conn *c = &conns[fd];
            if (events[i].events & EPOLLOUT) {
                while (c->written < c->filled) {
                    ssize_t w = write(fd, c->buf + c->written, c->filled - c->written);
                    if (w < 0) { if (errno == EAGAIN) break; die("write"); }
                    c->written += w;
                }
                if (c->written < c->filled) continue;
                c->filled = 0;
                ev.events = EPOLLIN | EPOLLET;
                ev.data.fd = fd;
                epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
                continue;
            }
            int closed = 0;
            while (c->filled < s->bufsize) {
                ssize_t r = read(fd, c->buf + c->filled, s->bufsize - c->filled);
                if (r > 0) { c->filled += r; continue; }
                if (r < 0 && errno == EAGAIN) break;
                closed = 1;
                break;
            }
            if (closed) { close(fd); free(c->buf); c->buf = NULL; continue; }
            if (c->filled > 0) {
                c->written = 0;
                ev.events = EPOLLOUT | EPOLLET;
                ev.data.fd = fd;
                epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
            }
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: %s epoll-et|epoll-lt CLIENTS SECONDS PAYLOAD\n", argv[0]); return 2; }
    int et = strcmp(argv[1], "epoll-et") == 0;
    if (!et && strcmp(argv[1], "epoll-lt") != 0) { fprintf(stderr, "unknown model %s\n", argv[1]); return 2; }
    int clients = atoi(argv[2]), payload = atoi(argv[4]);
    long long measure = (long long) (atof(argv[3]) * 1e9), warm_up = measure / 5;

    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);

    int one = 1;
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    setsockopt(lfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(lfd, (struct sockaddr *) &addr, sizeof addr) < 0) die("bind");
    if (listen(lfd, clients) < 0) die("listen");
    socklen_t len = sizeof addr;
    getsockname(lfd, (struct sockaddr *) &addr, &len);
    set_nonblocking(lfd);

    struct server s = {.listen_fd = lfd, .stop_fd = eventfd(0, EFD_CLOEXEC), .et = et,
                       .bufsize = payload > 4096 ? payload : 4096};
    pthread_t thread;
    pthread_create(&thread, NULL, serve, &s);

    int ep = epoll_create1(EPOLL_CLOEXEC);
    int *fd = malloc(sizeof(int) * clients);
    for (int i = 0; i < clients; i++) {
        fd[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        setsockopt(fd[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (connect(fd[i], (struct sockaddr *) &addr, sizeof addr) < 0) die("connect");
        set_nonblocking(fd[i]);
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd[i], &ev);
    }
    char *request = malloc(payload), *reply = malloc(payload);
    memset(request, 'x', payload);
    long long *sent_at = calloc(clients, sizeof(long long));
    int *got = calloc(clients, sizeof(int));
    size_t cap = 1024, requests = 0;
    long long *lat = malloc(sizeof(long long) * cap);
    struct epoll_event events[256];
    int nev = clients < 256 ? clients : 256;

    long long start = now_ns(), from = 0;
    int measuring = 0;
    for (int i = 0; i < clients; i++) {
        sent_at[i] = now_ns();
        if (write(fd[i], request, payload) != payload) die("write");
    }
    for (;;) {
        long long t = now_ns();
        if (!measuring && t - start >= warm_up) { measuring = 1; from = t; }
        if (measuring && t - from >= measure) break;
        int n = epoll_wait(ep, events, nev, 10);
        if (n < 0) { if (errno == EINTR) continue; die("epoll_wait"); }
        for (int j = 0; j < n; j++) {
            int i = events[j].data.u32;
            ssize_t r = read(fd[i], reply, payload - got[i]);
            if (r == 0) { fprintf(stderr, "server closed connection %d\n", i); return 1; }
            if (r < 0) { if (errno == EAGAIN) continue; die("read"); }
            got[i] += r;
            if (got[i] < payload) continue;
            long long done = now_ns();
            if (measuring) {
                if (requests == cap) lat = realloc(lat, sizeof(long long) * (cap *= 2));
                lat[requests++] = done - sent_at[i];
            }
            got[i] = 0;
            sent_at[i] = now_ns();
            if (write(fd[i], request, payload) != payload) die("write");
        }
    }
    long long elapsed = now_ns() - from;
    for (int i = 0; i < clients; i++) close(fd[i]);
    uint64_t stop = 1;
    if (write(s.stop_fd, &stop, sizeof stop) != sizeof stop) die("write");
    pthread_join(thread, NULL);

    qsort(lat, requests, sizeof(long long), cmp_ll);
    long long p50 = requests ? lat[(requests * 50 + 99) / 100 - 1] : 0;
    long long p99 = requests ? lat[(requests * 99 + 99) / 100 - 1] : 0;
    printf("%.0f %.1f %.1f\n", requests / (elapsed / 1e9), p50 / 1000.0, p99 / 1000.0);
    return 0;
}
