package syslab.posix;

import java.time.Duration;

/**
 * struct rusage (getrusage(2)), decoded. maxrss is in kilobytes; the fault and switch counts are
 * totals since the process (or thread, or reaped children) started, so experiments take differences
 * with {@link #minus}.
 */
public record Rusage(Duration utime, Duration stime, long maxrss, long minflt, long majflt,
                     long inblock, long oublock, long nvcsw, long nivcsw) {

    /** Longs in struct rusage on LP64: two timevals (4 longs) then 14 longs. */
    public static final int LONGS = 18;

    /** Decodes the 18 longs that {@link LibC#getrusage} and {@link LibC#wait4} fill. */
    public static Rusage decode(long[] r) {
        return new Rusage(micros(r[0], r[1]), micros(r[2], r[3]), r[4], r[8], r[9], r[11], r[12], r[16], r[17]);
    }

    private static Duration micros(long sec, long usec) {
        return Duration.ofSeconds(sec).plusNanos(usec * 1000);
    }

    /** Usage between {@code before} and this; maxrss is a high-water mark, so it is kept, not subtracted. */
    public Rusage minus(Rusage before) {
        return new Rusage(utime.minus(before.utime), stime.minus(before.stime), maxrss,
            minflt - before.minflt, majflt - before.majflt, inblock - before.inblock,
            oublock - before.oublock, nvcsw - before.nvcsw, nivcsw - before.nivcsw);
    }
}
