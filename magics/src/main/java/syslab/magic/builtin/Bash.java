package syslab.magic.builtin;

import picocli.CommandLine.Command;

/** {@code %%bash}: runs the cell with /bin/bash. */
@Command(name = "bash")
public class Bash extends ScriptMagic {
    public Bash() {
        super("/bin/bash");
    }
}
