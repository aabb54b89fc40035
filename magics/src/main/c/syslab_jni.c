/*
 * The libc calls that SysLab's experiments time in tight loops, bound by JNI for syslab.posix.Jni.
 * A JNA direct call costs 0.1-0.2 us (two libffi trampolines); next to a 0.5 us epoll_wait or a
 * 3 us shared-memory chunk that is JNA's cost, not the kernel's. A JNI call costs about 0.01 us.
 *
 * Each function is libc's, unchanged, except that a failure returns -errno (errno would not survive
 * the JVM's own calls until Java could read it). Natives are registered in JNI_OnLoad, not looked up
 * by name at the first call: a forked JVM child must not need the JVM's symbol lookup and its locks.
 *
 * Also JVMTI's StopThread, for the kernel: the one way to end a cell stuck in `while (true) {}`
 * once Thread.stop throws (JDK 20 on). A JVMTI environment can be had from live code, no agent.
 */
#include <errno.h>
#include <jni.h>
#include <jvmti.h>
#include <poll.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <unistd.h>

#define PTR(a) ((void *) (intptr_t) (a))
#define RET(r) ((r) < 0 ? -errno : (r))

static jint j_epoll_wait(JNIEnv *env, jclass c, jint epfd, jlong events, jint maxevents, jint timeout) {
    int r = epoll_wait(epfd, PTR(events), maxevents, timeout);
    return RET(r);
}

static jint j_poll(JNIEnv *env, jclass c, jlong fds, jlong nfds, jint timeout) {
    int r = poll(PTR(fds), (nfds_t) nfds, timeout);
    return RET(r);
}

static jint j_select(JNIEnv *env, jclass c, jint nfds, jlong readfds, jlong writefds, jlong exceptfds, jlong timeout) {
    int r = select(nfds, PTR(readfds), PTR(writefds), PTR(exceptfds), PTR(timeout));
    return RET(r);
}

static jint j_sem_post(JNIEnv *env, jclass c, jlong sem) {
    int r = sem_post(PTR(sem));
    return RET(r);
}

static jint j_sem_wait(JNIEnv *env, jclass c, jlong sem) {
    int r = sem_wait(PTR(sem));
    return RET(r);
}

static void j_memcpy(JNIEnv *env, jclass c, jlong dest, jlong src, jlong n) {
    memcpy(PTR(dest), PTR(src), (size_t) n);
}

static jlong j_read(JNIEnv *env, jclass c, jint fd, jlong buf, jlong count) {
    ssize_t r = read(fd, PTR(buf), (size_t) count);
    return RET(r);
}

static jlong j_write(JNIEnv *env, jclass c, jint fd, jlong buf, jlong count) {
    ssize_t r = write(fd, PTR(buf), (size_t) count);
    return RET(r);
}

static jint j_kill(JNIEnv *env, jclass c, jint pid, jint sig) {
    int r = kill(pid, sig);
    return RET(r);
}

static jint j_sigtimedwait(JNIEnv *env, jclass c, jlong set, jlong info, jlong timeout) {
    int r = sigtimedwait(PTR(set), PTR(info), PTR(timeout));
    return RET(r);
}

static jvmtiEnv *jvmti; /* made at load time, with the one capability StopThread needs */

static jint j_stop_thread(JNIEnv *env, jclass c, jthread thread, jobject exception) {
    if (jvmti == NULL) return JVMTI_ERROR_MUST_POSSESS_CAPABILITY;
    return (*jvmti)->StopThread(jvmti, thread, exception);
}

static JNINativeMethod methods[] = {
    {"epoll_wait", "(IJII)I", (void *) j_epoll_wait},
    {"poll", "(JJI)I", (void *) j_poll},
    {"select", "(IJJJJ)I", (void *) j_select},
    {"sem_post", "(J)I", (void *) j_sem_post},
    {"sem_wait", "(J)I", (void *) j_sem_wait},
    {"memcpy", "(JJJ)V", (void *) j_memcpy},
    {"read", "(IJJ)J", (void *) j_read},
    {"write", "(IJJ)J", (void *) j_write},
    {"kill", "(II)I", (void *) j_kill},
    {"sigtimedwait", "(JJJ)I", (void *) j_sigtimedwait},
    {"stopThread", "(Ljava/lang/Thread;Ljava/lang/Throwable;)I", (void *) j_stop_thread},
};

static void make_jvmti(JavaVM *vm) {
    jvmtiEnv *e;
    jvmtiCapabilities caps;
    if ((*vm)->GetEnv(vm, (void **) &e, JVMTI_VERSION_1_2) != JNI_OK) return;
    memset(&caps, 0, sizeof caps);
    caps.can_signal_thread = 1;
    if ((*e)->AddCapabilities(e, &caps) == JVMTI_ERROR_NONE) jvmti = e;
}

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    JNIEnv *env;
    if ((*vm)->GetEnv(vm, (void **) &env, JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
    jclass cls = (*env)->FindClass(env, "syslab/posix/Jni");
    if (cls == NULL) return JNI_ERR;
    if ((*env)->RegisterNatives(env, cls, methods, sizeof methods / sizeof methods[0]) != 0) return JNI_ERR;
    make_jvmti(vm);
    return JNI_VERSION_1_8;
}
