package syslab.posix;

import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syslab.posix.C.*;

class MemoryTest {
    static boolean mapped(Pointer p) throws IOException {
        String start = Long.toHexString(Pointer.nativeValue(p));
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(l -> l.startsWith(start + "-"));
    }

    /** Two mappings of one shm object see each other's writes: the same pages, in /dev/shm. */
    @Test
    void sharedMemoryObject() throws IOException {
        String name = "/syslab-test-" + getpid();
        int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
        try {
            assertTrue(Files.exists(Path.of("/dev/shm" + name)));
            ftruncate(fd, 4096);
            Pointer a = mmap(null, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            Pointer b = mmap(null, 4096, PROT_READ, MAP_SHARED, fd, 0);
            assertTrue(mapped(a) && mapped(b));
            a.setInt(100, 0x5ca1ab1e);
            assertEquals(0x5ca1ab1e, b.getInt(100));
            assertTrue(Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .anyMatch(l -> l.startsWith(Long.toHexString(Pointer.nativeValue(b)) + "-") && l.endsWith("/dev/shm" + name)));
            munmap(a, 4096);
            munmap(b, 4096);
            assertFalse(mapped(a));
        } finally {
            close(fd);
            shm_unlink(name);
        }
        assertFalse(Files.exists(Path.of("/dev/shm" + name)));
    }

    /** A MAP_SHARED anonymous page is shared with a forked child; a MAP_PRIVATE one is copied on write. */
    @Test
    void sharedVersusPrivateAcrossFork() throws Exception {
        Children.retryingStuck(() -> {
            Pointer shared = mmap(null, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
            Pointer priv = mmap(null, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            try {
                int pid = Children.spawn(() -> {
                    shared.setInt(0, 42);
                    priv.setInt(0, 42);
                });
                assertEquals(0, WEXITSTATUS(Children.waitFor(pid)));
                assertEquals(42, shared.getInt(0));
                assertEquals(0, priv.getInt(0));
            } finally {
                munmap(shared, 4096);
                munmap(priv, 4096);
            }
            return null;
        });
    }
}
