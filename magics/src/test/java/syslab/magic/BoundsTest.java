package syslab.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoundsTest {
    @Test
    void aValueInsideItsRangeIsReturned() {
        assertEquals(1, Bounds.check("timeit", "-r", 1, 1, 1000));
        assertEquals(1000, Bounds.check("timeit", "-r", 1000, 1, 1000));
        assertEquals(0.5, Bounds.check("epoll server", "--seconds", 0.5, 0.01, 60));
    }

    @Test
    void aValueOutsideNamesTheMagicTheOptionAndTheRange() {
        MagicException e = assertThrows(MagicException.class, () -> Bounds.check("timeit", "-r", 2_000_000_000, 1, 1000));
        assertEquals("timeit: -r must be between 1 and 1000, got 2000000000", e.getMessage());
        e = assertThrows(MagicException.class, () -> Bounds.check("timeit", "-n", 0, 1, 2_000_000_000));
        assertEquals("timeit: -n must be between 1 and 2000000000, got 0", e.getMessage());
        e = assertThrows(MagicException.class, () -> Bounds.check("fork", "--timeout", 1e12, 0.001, 3600));
        assertEquals("fork: --timeout must be between 0.001 and 3600, got 1000000000000", e.getMessage());
        assertThrows(MagicException.class, () -> Bounds.check("fork", "--timeout", Double.NaN, 0.001, 3600));
        assertThrows(MagicException.class, () -> Bounds.check("fork", "--timeout", Double.POSITIVE_INFINITY, 0.001, 3600));
    }

    @Test
    void everyValueOfAListAndItsLengthAreChecked() {
        Bounds.each("epoll compare", "--fds", List.of(0, 10, 100_000), 0, 100_000, 3);
        MagicException e = assertThrows(MagicException.class,
                () -> Bounds.each("epoll compare", "--fds", List.of(10, 100_000_000), 0, 100_000, 20));
        assertEquals("epoll compare: --fds must be between 0 and 100000, got 100000000", e.getMessage());
        e = assertThrows(MagicException.class, () -> Bounds.each("pipe throughput", "--chunks", List.of(1, 2, 3), 1, 9, 2));
        assertEquals("pipe throughput: --chunks takes at most 2 values, got 3", e.getMessage());
    }
}
