import syslab.posix.Jni;

import java.util.Arrays;

/**
 * What one libc call costs from Java through syslab.posix.Jni: write(-1, 0, 0), which fails with
 * EBADF at once, 2 million times a round, 7 rounds, as call_cost.c does from C. The difference is
 * the JVM's native-call transition, which every JNI call pays.
 */
public class CallCost {
    private static final int CALLS = 2_000_000, ROUNDS = 7;

    public static void main(String[] args) {
        double[] ns = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                if (Jni.write(-1, 0, 0) >= 0) throw new IllegalStateException("write(-1) succeeded");
            }
            ns[r] = (System.nanoTime() - t0) / (double) CALLS;
            System.out.printf("Java write(-1, 0, 0): %.1f ns a call%n", ns[r]);
        }
        Arrays.sort(ns);
        System.out.printf("Java median of %d rounds: %.1f ns a call%n", ROUNDS, ns[ROUNDS / 2]);
    }
}
