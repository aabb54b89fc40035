package syslab.magic.builtin;

import picocli.CommandLine.Command;

/** {@code %%sh}: runs the cell with /bin/sh (dash on Debian), for POSIX-only scripts. */
@Command(name = "sh")
public class Sh extends ScriptMagic {
    public Sh() {
        super("/bin/sh");
    }
}
