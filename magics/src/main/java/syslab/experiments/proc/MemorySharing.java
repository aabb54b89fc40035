package syslab.experiments.proc;

import com.sun.jna.Pointer;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.time.Duration;

/**
 * Who sees a write. A thread shares its process's memory, so the process reads what the thread
 * wrote. A forked child gets a copy of the parent's memory (copy-on-write): the child reads back
 * its own write, the parent never sees it. Only a MAP_SHARED mapping is the same memory in both.
 */
public final class MemorySharing {
    private MemorySharing() { }

    private static final Duration LIMIT = Duration.ofSeconds(10);

    public static Table run() throws InterruptedException {
        StringColumn writer = StringColumn.create("writer"), memory = StringColumn.create("memory");
        IntColumn wrote = IntColumn.create("wrote"), writerReads = IntColumn.create("writer reads back"),
            parentReads = IntColumn.create("parent reads after");

        int[] cell = {0};  // on the Java heap
        int[] threadRead = new int[1];
        Thread thread = new Thread(() -> {
            cell[0] = 1;
            threadRead[0] = cell[0];
        });
        thread.start();
        thread.join(LIMIT.toMillis());
        writer.append("thread");
        memory.append("Java heap");
        wrote.append(1);
        writerReads.append(threadRead[0]);
        parentReads.append(cell[0]);

        // the child's exit status carries what it read back
        try (Child child = Child.fork(LIMIT, () -> {
            cell[0] = 2;
            return cell[0];
        })) {
            int status = child.waitFor(LIMIT);
            writer.append("forked child");
            memory.append("Java heap");
            wrote.append(2);
            writerReads.append(syslab.posix.C.WEXITSTATUS(status));
            parentReads.append(cell[0]);
        }

        try (Shared shared = new Shared(Shared.HEADER + 4096)) {
            Pointer p = shared.data();
            try (Child child = Child.fork(LIMIT, () -> {
                p.setInt(0, 3);
                return p.getInt(0);
            })) {
                int status = child.waitFor(LIMIT);
                writer.append("forked child");
                memory.append("MAP_SHARED mapping");
                wrote.append(3);
                writerReads.append(syslab.posix.C.WEXITSTATUS(status));
                parentReads.append(p.getInt(0));
            }
        }
        return Table.create("who sees a write", writer, memory, wrote, writerReads, parentReads);
    }
}
