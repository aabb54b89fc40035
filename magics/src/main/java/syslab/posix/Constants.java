package syslab.posix;

/**
 * libc constants named as in the man pages, for Linux on x86-64 and aarch64 (where both agree; values
 * that differ between them are left out). {@link LibC} and the cell facade {@link C} implement this
 * interface so that {@code import static syslab.posix.C.*} brings the constants along.
 */
public interface Constants {
    int STDIN_FILENO = 0, STDOUT_FILENO = 1, STDERR_FILENO = 2;

    // open(2)
    int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_EXCL = 0200, O_NOCTTY = 0400,
        O_TRUNC = 01000, O_APPEND = 02000, O_NONBLOCK = 04000, O_CLOEXEC = 02000000;
    // lseek(2)
    int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;
    // fcntl(2)
    int F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, FD_CLOEXEC = 1,
        F_DUPFD_CLOEXEC = 1030, F_SETPIPE_SZ = 1031, F_GETPIPE_SZ = 1032;

    // waitpid(2)
    int WNOHANG = 1, WUNTRACED = 2, WCONTINUED = 8;

    // signal(7): the numbers shared by x86-64 and aarch64
    int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7,
        SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14,
        SIGTERM = 15, SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20,
        SIGTTIN = 21, SIGTTOU = 22, SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26,
        SIGPROF = 27, SIGWINCH = 28, SIGIO = 29, SIGPWR = 30, SIGSYS = 31;

    // errno(3): the values experiments test for
    int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, EBADF = 9, ECHILD = 10, EAGAIN = 11,
        EWOULDBLOCK = EAGAIN, ENOMEM = 12, EACCES = 13, EBUSY = 16, EEXIST = 17, EINVAL = 22, EMFILE = 24,
        ENOTTY = 25, ESPIPE = 29, EPIPE = 32, EDEADLK = 35, ENOSYS = 38, EADDRINUSE = 98,
        ECONNRESET = 104, ENOTCONN = 107, ETIMEDOUT = 110, ECONNREFUSED = 111, EINPROGRESS = 115;

    // stat(2): st_mode
    int S_IFMT = 0170000, S_IFSOCK = 0140000, S_IFLNK = 0120000, S_IFREG = 0100000, S_IFBLK = 060000,
        S_IFDIR = 040000, S_IFCHR = 020000, S_IFIFO = 010000;

    // socket(2), socket(7), ip(7), tcp(7)
    int AF_UNIX = 1, AF_INET = 2, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_NONBLOCK = O_NONBLOCK,
        SOCK_CLOEXEC = O_CLOEXEC, SOL_SOCKET = 1, SO_REUSEADDR = 2, SO_TYPE = 3, SO_SNDBUF = 7,
        SO_RCVBUF = 8, SO_REUSEPORT = 15, IPPROTO_TCP = 6, TCP_NODELAY = 1, SHUT_RD = 0, SHUT_WR = 1,
        SHUT_RDWR = 2, SOMAXCONN = 4096;

    // poll(2)
    int POLLIN = 0x1, POLLPRI = 0x2, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20,
        POLLRDHUP = 0x2000;
    // select(2)
    int FD_SETSIZE = 1024;
    // epoll(7)
    int EPOLL_CLOEXEC = O_CLOEXEC, EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3,
        EPOLLIN = 0x1, EPOLLPRI = 0x2, EPOLLOUT = 0x4, EPOLLERR = 0x8, EPOLLHUP = 0x10,
        EPOLLRDHUP = 0x2000, EPOLLEXCLUSIVE = 1 << 28, EPOLLWAKEUP = 1 << 29, EPOLLONESHOT = 1 << 30,
        EPOLLET = 1 << 31;
    // eventfd(2)
    int EFD_SEMAPHORE = 1, EFD_NONBLOCK = O_NONBLOCK, EFD_CLOEXEC = O_CLOEXEC;

    // mmap(2)
    int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4, MAP_SHARED = 1, MAP_PRIVATE = 2,
        MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20;

    // signal(2), sigprocmask(2)
    long SIG_DFL = 0, SIG_IGN = 1, SIG_ERR = -1;
    int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;

    // getrusage(2)
    int RUSAGE_SELF = 0, RUSAGE_CHILDREN = -1, RUSAGE_THREAD = 1;

    // getrlimit(2)
    int RLIMIT_CPU = 0, RLIMIT_FSIZE = 1, RLIMIT_DATA = 2, RLIMIT_STACK = 3, RLIMIT_CORE = 4,
        RLIMIT_RSS = 5, RLIMIT_NPROC = 6, RLIMIT_NOFILE = 7, RLIMIT_MEMLOCK = 8, RLIMIT_AS = 9;
    long RLIM_INFINITY = -1L;

    // prctl(2)
    int PR_SET_PDEATHSIG = 1, PR_GET_PDEATHSIG = 2, PR_SET_NAME = 15, PR_GET_NAME = 16,
        PR_SET_CHILD_SUBREAPER = 36, PR_GET_CHILD_SUBREAPER = 37;

    // setvbuf(3)
    int _IOFBF = 0, _IOLBF = 1, _IONBF = 2, BUFSIZ = 8192;
}
