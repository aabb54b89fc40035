package syslab.experiments.trace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilterExpressionTest {
    @Test
    void straceExpressionsPass() {
        for (String e : new String[] {"read", "trace=read,write", "t=%file", "trace=!futex", "trace=/^(.*_)?stat",
                "status=failed", "signal=none", "inject=read:error=EIO:when=3", "fault=openat", "abbrev=none"}) {
            assertEquals(e, FilterExpression.check(e));
        }
    }

    @Test
    void optionsBlanksAndUnknownQualifiersAreRefused() {
        for (String e : new String[] {"-o/tmp/x", "trace=read write", "", "=read", "output=/tmp/x"}) {
            assertThrows(IllegalArgumentException.class, () -> FilterExpression.check(e), e);
        }
        var unknown = assertThrows(IllegalArgumentException.class, () -> FilterExpression.check("tracee=read"));
        assertTrue(unknown.getMessage().contains("unknown qualifier 'tracee'"), unknown.getMessage());
    }

    @Test
    void quietIsRefusedBecauseTheTraceNeedsItsMessages() {
        var e = assertThrows(IllegalArgumentException.class, () -> FilterExpression.check("quiet=attach"));
        assertTrue(e.getMessage().contains("attach and exit messages"), e.getMessage());
    }
}
