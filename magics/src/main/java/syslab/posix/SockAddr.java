package syslab.posix;

import com.sun.jna.Memory;

import java.nio.charset.StandardCharsets;

/**
 * Socket addresses for bind, connect and getsockname: {@code struct sockaddr_in} (16 bytes, port
 * and address in network byte order) and {@code struct sockaddr_un} (110 bytes, a 108-byte path).
 */
public final class SockAddr {
    private SockAddr() { }

    public static final int SOCKADDR_IN_SIZE = 16, SOCKADDR_UN_SIZE = 110, SUN_PATH_MAX = 108;

    /** IPv4 address "a.b.c.d" and port; port 0 lets bind choose one (read it back with {@link #port}). */
    public static Memory in(String ipv4, int port) {
        String[] parts = ipv4.split("\\.");
        if (parts.length != 4) throw new IllegalArgumentException("not an IPv4 address: " + ipv4);
        Memory m = new Memory(SOCKADDR_IN_SIZE);
        m.clear();
        m.setShort(0, (short) Constants.AF_INET);
        m.setByte(2, (byte) (port >> 8));
        m.setByte(3, (byte) port);
        for (int i = 0; i < 4; i++) m.setByte(4 + i, (byte) Integer.parseInt(parts[i]));
        return m;
    }

    /** A filesystem Unix-domain socket address. */
    public static Memory un(String path) {
        byte[] b = path.getBytes(StandardCharsets.UTF_8);
        if (b.length >= SUN_PATH_MAX) throw new IllegalArgumentException("sun_path longer than 107 bytes: " + path);
        Memory m = new Memory(SOCKADDR_UN_SIZE);
        m.clear();
        m.setShort(0, (short) Constants.AF_UNIX);
        m.write(2, b, 0, b.length);
        return m;
    }

    /** The port of a sockaddr_in, in host order. */
    public static int port(Memory sockaddrIn) {
        return (sockaddrIn.getByte(2) & 0xff) << 8 | (sockaddrIn.getByte(3) & 0xff);
    }
}
