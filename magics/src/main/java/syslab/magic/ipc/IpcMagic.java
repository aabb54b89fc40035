package syslab.magic.ipc;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import syslab.display.Progress;
import syslab.experiments.ipc.Monitor;
import syslab.magic.Magic;

/** {@code %ipc compare}: IPC methods measured side by side. */
@Command(name = "ipc", mixinStandardHelpOptions = true,
    description = "IPC methods measured between processes.",
    subcommands = {IpcCompareCommand.class})
public class IpcMagic extends Magic {
    @Spec
    CommandSpec spec;

    @Override
    public Object call() throws Exception {
        return Subcommands.call(spec);
    }

    Monitor monitor(String label, int total) {
        return Monitor.of(label, new Progress(context.display(), label, total), context::interrupted);
    }
}
