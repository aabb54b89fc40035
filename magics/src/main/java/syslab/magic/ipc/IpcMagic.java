package syslab.magic.ipc;

import picocli.CommandLine.Command;
import syslab.magic.SubcommandMagic;

/** {@code %ipc compare}: IPC methods measured side by side. */
@Command(name = "ipc", mixinStandardHelpOptions = true,
    description = "IPC methods measured between processes.",
    subcommands = {IpcCompareCommand.class})
public class IpcMagic extends SubcommandMagic {
}
