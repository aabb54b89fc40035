package syslab.magic;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteCountTest {
    @Test
    void byteCountsAreReadWithBinaryMultiples() {
        ByteCount.Bytes b = new ByteCount.Bytes();
        assertEquals(4096L, b.convert("4096"));
        assertEquals(65536L, b.convert("64K"));
        assertEquals(65536L, b.convert("64KiB"));
        assertEquals(256L << 20, b.convert("256M"));
        assertEquals(1L << 30, b.convert("1g"));
        assertEquals(1L << 40, b.convert("1T"));
        assertThrows(IllegalArgumentException.class, () -> b.convert("0"));
        assertThrows(IllegalArgumentException.class, () -> new ByteCount.Size().convert("4G"));
    }

    /** --help shows ranges as they are typed, and what it shows reads back as the same number. */
    @Test
    void formatIsWhatConvertReads() {
        assertEquals("16M", ByteCount.format(16 << 20));
        assertEquals("1T", ByteCount.format(1L << 40));
        assertEquals("1000", ByteCount.format(1000));
        assertEquals("1", ByteCount.format(1));
        for (long n : new long[] {1, 1000, 4096, 100_000, 16 << 20, 1L << 40}) {
            assertEquals(n, new ByteCount.Bytes().convert(ByteCount.format(n)));
        }
    }
}
