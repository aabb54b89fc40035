package syslab.experiments.proc;

import com.sun.jna.Pointer;
import syslab.posix.C;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * Who sees a write. A thread shares its process's memory, so the process reads what the thread
 * wrote. A forked child gets a copy of the parent's memory (copy-on-write): the child reads back
 * its own write, the parent never sees it. Only a MAP_SHARED mapping is the same memory in both.
 */
public final class MemorySharing {
    private MemorySharing() { }

    private static final Duration LIMIT = Duration.ofSeconds(10);

    /** A row of the table: what the writer wrote, what it read back, and what the parent read afterwards. */
    private record Row(String writer, String memory, int wrote, int writerReads, int parentReads) { }

    public static Table run() {
        int[] cell = {0};  // on the Java heap: the thread and the child write the same variable
        Row thread = thread(cell), heap = Child.retryingStuck(() -> childOnHeap(cell)),
            shared = Child.retryingStuck(MemorySharing::childOnSharedMapping);
        Table t = Table.create("who sees a write", StringColumn.create("writer"), StringColumn.create("memory"),
            IntColumn.create("wrote"), IntColumn.create("writer reads back"), IntColumn.create("parent reads after"));
        for (Row r : new Row[] {thread, heap, shared}) {
            t.stringColumn("writer").append(r.writer());
            t.stringColumn("memory").append(r.memory());
            t.intColumn("wrote").append(r.wrote());
            t.intColumn("writer reads back").append(r.writerReads());
            t.intColumn("parent reads after").append(r.parentReads());
        }
        return t;
    }

    private static Row thread(int[] cell) {
        int[] threadRead = new int[1];
        Thread thread = new Thread(() -> {
            cell[0] = 1;
            threadRead[0] = cell[0];
        });
        thread.start();
        try {
            thread.join(LIMIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
        return new Row("thread", "Java heap", 1, threadRead[0], cell[0]);
    }

    // the child's exit status carries what it read back
    private static Row childOnHeap(int[] cell) {
        try (Child child = Child.fork(LIMIT, () -> {
            cell[0] = 2;
            return cell[0];
        })) {
            return new Row("forked child", "Java heap", 2, C.WEXITSTATUS(child.waitFor(LIMIT)), cell[0]);
        }
    }

    private static Row childOnSharedMapping() {
        try (Shared shared = new Shared(Shared.HEADER + 4096)) {
            Pointer p = shared.data();
            try (Child child = Child.fork(LIMIT, () -> {
                p.setInt(0, 3);
                return p.getInt(0);
            })) {
                return new Row("forked child", "MAP_SHARED mapping", 3, C.WEXITSTATUS(child.waitFor(LIMIT)), p.getInt(0));
            }
        }
    }
}
