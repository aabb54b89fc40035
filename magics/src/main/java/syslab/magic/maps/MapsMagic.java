package syslab.magic.maps;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syslab.experiments.memory.Maps;
import syslab.magic.Magic;
import syslab.magic.MagicException;
import syslab.posix.LibC;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/** {@code %maps [PID]}: a process's address space from /proc/PID/maps, as a table and a chart. */
@Command(name = "maps", mixinStandardHelpOptions = true,
    description = {
        "Shows the mappings of a process (default: the kernel itself) from /proc/PID/maps: one row per "
            + "mapping with its region (program, library, file, [heap], [stack], anonymous, reserved...), "
            + "address range, size, permissions and file; then a chart of where they lie in the address space."})
public class MapsMagic extends Magic {
    @Parameters(arity = "0..1", paramLabel = "PID", description = "The process to show; default: the kernel's own.")
    Integer pid;

    @Option(names = "--no-chart", description = "Show the table only.")
    boolean noChart;

    @Override
    public Object call() {
        int p = pid == null ? LibC.getpid() : pid;
        List<Maps.Mapping> maps;
        String exe;
        try {
            maps = Maps.read(p);
            exe = Maps.executable(p);
        } catch (NoSuchFileException e) {
            throw new MagicException("maps: no process " + p);
        } catch (AccessDeniedException e) {
            throw new MagicException("maps: not allowed to read the mappings of process " + p);
        } catch (IOException e) {
            throw new MagicException("maps: " + e.getMessage());
        }
        String title = "address space of " + p + " (" + exe.substring(exe.lastIndexOf('/') + 1) + ")";
        List<Object> shown = new ArrayList<>();
        shown.add(Maps.table(title, maps, exe));
        if (!noChart) shown.add(Maps.layoutChart(title, maps, exe));
        return shown;
    }
}
