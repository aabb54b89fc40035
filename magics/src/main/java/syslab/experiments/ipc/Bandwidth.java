package syslab.experiments.ipc;

import com.sun.jna.Memory;
import syslab.experiments.common.Monitor;
import syslab.experiments.proc.Child;
import syslab.experiments.proc.Shared;
import syslab.posix.C;
import syslab.posix.Jni;
import syslab.posix.LibC;

import java.lang.ref.Reference;
import java.time.Duration;

import static syslab.posix.Constants.*;

/**
 * One-way bandwidth between two processes: the parent sends {@code bytes} in {@code chunk}-sized
 * pieces, a forked child receives them into its own buffer and answers with one byte (or one
 * semaphore post) when it has them all; the time is taken from the first send to that answer.
 * One untimed repetition first warms up caches, page tables and the JIT.
 */
final class Bandwidth {
    private Bandwidth() { }

    /** The parent looks for an interrupt every this many (plus one) chunks or round trips. */
    static final int CHECK_EVERY = 255;

    /** Slots in the shared-memory ring: the writer can be this many chunks ahead. */
    static final int SHM_SLOTS = 4;

    /** Seconds per repetition. */
    static double[] seconds(Method method, Placement placement, int chunk, long bytes, int repetitions, Monitor monitor) {
        if (chunk < 1 || bytes < 1 || repetitions < 1) throw new IllegalArgumentException("chunk, bytes and repetitions must be positive");
        Duration limit = limit(bytes, repetitions);
        if (!method.carriesBytes()) throw new IllegalArgumentException(method + " carries no bytes to measure");
        return Child.retryingStuck(() -> method == Method.SHM
            ? shm(placement, chunk, bytes, repetitions, limit, monitor)
            : stream(method, placement, chunk, bytes, repetitions, limit, monitor));
    }

    /** How long a measurement may take, generously: 100 ns a byte (10 MB/s) and a start-up allowance. */
    static Duration limit(long bytes, int repetitions) {
        return Duration.ofSeconds(30).plusNanos(100 * bytes * (repetitions + 1));
    }

    private static double[] stream(Method method, Placement placement, int chunk, long bytes, int repetitions, Duration limit,
                                   Monitor monitor) {
        Memory src = filled(chunk), dst = new Memory(chunk), ack = new Memory(1);
        long srcAt = Jni.address(src), dstAt = Jni.address(dst), ackAt = Jni.address(ack);
        double[] seconds = new double[repetitions];
        Link.compileFirst("Bandwidth.receive", (in, out, buf) -> receive(in, out, buf, 1, 1, buf));
        try (Link link = Link.open(method); Placement.Pinned pin = placement.pin(2);
             Child child = Child.fork(limit, () -> {
                 pin.inChild(1);
                 link.inChild();
                 for (int r = 0; r <= repetitions; r++) {
                     int status = receive(link.childIn, link.childOut, dstAt, chunk, bytes, ackAt);
                     if (status != 0) return status;
                 }
                 return 0;
             })) {
            link.inParent();
            for (int r = 0; r <= repetitions; r++) {
                long t0 = System.nanoTime();
                for (long sent = 0, n = 0; sent < bytes; n++) {
                    if ((n & CHECK_EVERY) == 0) monitor.check();
                    sent += Jni.check(Jni.write(link.parentOut, srcAt, Math.min(chunk, bytes - sent)), "write");
                }
                if (Jni.check(Jni.read(link.parentIn, ackAt, 1), "read") != 1) throw childGone(child);
                if (r > 0) seconds[r - 1] = (System.nanoTime() - t0) / 1e9;
            }
            child.waitForSuccess(Duration.ofSeconds(5));
        }
        Reference.reachabilityFence(src);
        Reference.reachabilityFence(dst);
        Reference.reachabilityFence(ack);
        return seconds;
    }

    /**
     * The child's part of a repetition: reads {@code bytes} in reads of up to {@code chunk}, then
     * acknowledges with one byte; 0 or its exit status. Through Jni, as C calls libc (JNA costs
     * 0.1-0.2 us a call, as much as a 64-byte read), and compiled before the fork.
     */
    private static int receive(int in, int out, long dst, int chunk, long bytes, long ack) {
        for (long got = 0; got < bytes; ) {
            long n = Jni.read(in, dst, chunk);
            if (n <= 0) return 2;
            got += n;
        }
        return Jni.write(out, ack, 1) == 1 ? 0 : 3;
    }

    /**
     * A ring of {@link #SHM_SLOTS} chunks in a MAP_SHARED mapping: the writer waits for an empty
     * slot, copies a chunk in and posts "full"; the reader waits for a full slot, copies it out and
     * posts "empty". Two copies per byte, as through a pipe (user to kernel, kernel to user).
     * Semaphores and copies go through {@link Jni}: three JNA calls a chunk on each side would make
     * the figure 1.3 times C's.
     */
    private static double[] shm(Placement placement, int chunk, long bytes, int repetitions, Duration limit, Monitor monitor) {
        Memory src = filled(chunk), dst = new Memory(chunk);
        long srcAddress = Jni.address(src), dstAddress = Jni.address(dst);
        double[] seconds = new double[repetitions];
        try (Shared shared = new Shared(Shared.HEADER + (long) SHM_SLOTS * chunk)) {
            long empty = Jni.address(shared.semaphore(0, SHM_SLOTS)), full = Jni.address(shared.semaphore(1, 0));
            long done = Jni.address(shared.semaphore(2, 0));
            long data = Jni.address(shared.data());
            long[] slots = new long[SHM_SLOTS];  // made here: the child must not allocate
            try (Memory sem = ChildSemaphores.privateOne()) {
                long s = Jni.address(sem);
                Child.compileFirst("Bandwidth.take", () -> take(s, s, dstAddress, dstAddress, 0));
            }
            for (int i = 0; i < SHM_SLOTS; i++) slots[i] = data + (long) i * chunk;
            try (Placement.Pinned pin = placement.pin(2);
                 Child child = Child.fork(limit, () -> {
                     pin.inChild(1);
                     long slot = 0;
                     for (int r = 0; r <= repetitions; r++) {
                         for (long got = 0; got < bytes; got += chunk, slot++) {
                             // no Math.min: the child's loop runs interpreted, where each call costs
                             int status = take(full, empty, dstAddress, slots[(int) (slot % SHM_SLOTS)], bytes - got < chunk ? bytes - got : chunk);
                             if (status != 0) return status;
                         }
                         if (Jni.sem_post(done) != 0) return 4;
                     }
                     return 0;
                 })) {
                ChildSemaphores wait = new ChildSemaphores(child, monitor, empty, done);
                long slot = 0;
                for (int r = 0; r <= repetitions; r++) {
                    long t0 = System.nanoTime();
                    for (long sent = 0; sent < bytes; sent += chunk, slot++) {
                        if ((slot & CHECK_EVERY) == 0) monitor.check();
                        put(wait, empty, full, slots[(int) (slot % SHM_SLOTS)], srcAddress, Math.min(chunk, bytes - sent));
                    }
                    wait.await(done);
                    if (r > 0) seconds[r - 1] = (System.nanoTime() - t0) / 1e9;
                }
                child.waitForSuccess(Duration.ofSeconds(5));
            }
        }
        // the loops above use only their addresses: unreachable, they would be freed under memcpy
        Reference.reachabilityFence(src);
        Reference.reachabilityFence(dst);
        return seconds;
    }

    /**
     * One chunk into the ring. A method of its own: the JIT compiles a method called a few hundred
     * times within the first repetition, while a loop needs tens of thousands of turns in one call.
     */
    private static void put(ChildSemaphores wait, long empty, long full, long slot, long src, long n) {
        wait.await(empty);
        Jni.memcpy(slot, src, n);
        Jni.check(Jni.sem_post(full), "sem_post");
    }

    /**
     * One chunk out of the ring, in the child: 0, or the child's exit status. A method of its own so
     * that the parent can have it compiled first ({@link Child#compileFirst}): a forked child has no
     * JIT, and run interpreted this step made the figure at 64 KiB chunks about 6% lower (Java / C
     * 0.90 against 0.96).
     */
    private static int take(long full, long empty, long dst, long slot, long n) {
        if (Jni.sem_wait(full) != 0) return 2;
        Jni.memcpy(dst, slot, n);
        if (Jni.sem_post(empty) != 0) return 3;
        return 0;
    }

    static Memory filled(int size) {
        Memory m = new Memory(size);
        m.setMemory(0, size, (byte) 'x');
        return m;
    }

    static IllegalStateException childGone(Child child) {
        return new IllegalStateException("the child (pid " + child.pid() + ") stopped answering");
    }
}
