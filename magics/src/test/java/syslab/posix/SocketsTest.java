package syslab.posix;

import com.sun.jna.Memory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syslab.posix.C.*;

class SocketsTest {
    @Test
    void socketpairCarriesBytesBothWays() throws IOException {
        int[] sv = new int[2];
        socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
        try {
            assertTrue(LibCTest.link(sv[0]).startsWith("socket:["));
            write(sv[0], "ping");
            byte[] b = new byte[8];
            assertEquals(4, read(sv[1], b, b.length));
            write(sv[1], "pong");
            assertEquals(4, read(sv[0], b, b.length));
            assertEquals("pong", new String(b, 0, 4, StandardCharsets.US_ASCII));
            shutdown(sv[0], SHUT_WR);
            assertEquals(0, read(sv[1], b, b.length));
        } finally {
            close(sv[0]);
            close(sv[1]);
        }
    }

    /** TCP on loopback: the listening port shows in /proc/self/net/tcp in state LISTEN (0A). */
    @Test
    void tcpListenConnectAccept() throws IOException {
        int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int client = -1, server = -1;
        try {
            setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, 1);
            assertNotEquals(0, getsockopt(ls, SOL_SOCKET, SO_REUSEADDR));
            assertEquals(SOCK_STREAM, getsockopt(ls, SOL_SOCKET, SO_TYPE));
            bind(ls, SockAddr.in("127.0.0.1", 0));
            listen(ls, 16);
            int port = SockAddr.port(getsockname(ls));
            assertTrue(port > 0);
            String hexPort = String.format(":%04X ", port);
            assertTrue(Files.readAllLines(Path.of("/proc/self/net/tcp")).stream()
                .anyMatch(l -> l.contains("0100007F" + hexPort) && l.split("\\s+")[4].equals("0A")));

            client = socket(AF_INET, SOCK_STREAM, 0);
            connect(client, SockAddr.in("127.0.0.1", port));
            server = accept(ls);
            setsockopt(server, IPPROTO_TCP, TCP_NODELAY, 1);
            assertEquals(1, getsockopt(server, IPPROTO_TCP, TCP_NODELAY));
            write(client, "hello");
            byte[] b = new byte[16];
            assertEquals(5, read(server, b, b.length));
            close(client);
            client = -1;
            assertEquals(0, read(server, b, b.length));
        } finally {
            for (int fd : new int[] {ls, client, server}) if (fd >= 0) close(fd);
        }
    }

    @Test
    void connectRefusedNamesTheErrno() {
        int probe = socket(AF_INET, SOCK_STREAM, 0);
        bind(probe, SockAddr.in("127.0.0.1", 0));
        int port = SockAddr.port(getsockname(probe));
        close(probe);   // bound, never listened: nothing accepts on that port now
        int s = socket(AF_INET, SOCK_STREAM, 0);
        try {
            Memory addr = SockAddr.in("127.0.0.1", port);
            ErrnoException e = assertThrows(ErrnoException.class, () -> connect(s, addr));
            assertEquals("ECONNREFUSED", e.name());
        } finally {
            close(s);
        }
    }
}
