package dev.ringback.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection on a plain socket: writes a prepared request, reads the
 * status and skips the body. No allocation per exchange beyond the request bytes, so the load
 * generator costs the 2-core machine as little CPU as possible.
 */
final class HttpConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] line = new byte[8192];

    HttpConnection(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream(), 65_536);
        out = socket.getOutputStream();
    }

    static byte[] post(String path, String headers, byte[] body) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + headers
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[h.length + body.length];
        System.arraycopy(h, 0, request, 0, h.length);
        System.arraycopy(body, 0, request, h.length, body.length);
        return request;
    }

    /** Sends one request and returns the response status once the whole response is read. */
    int exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        int length = readLine();
        int status = Integer.parseInt(new String(line, 9, 3, StandardCharsets.US_ASCII));
        long contentLength = -1;
        boolean chunked = false;
        while ((length = readLine()) > 0) {
            String header = new String(line, 0, length, StandardCharsets.US_ASCII);
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            while (true) {
                int n = readLine();
                long size = Long.parseLong(new String(line, 0, n, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
                if (size == 0) {
                    while (readLine() > 0) {
                        // trailers
                    }
                    break;
                }
                skip(size);
                readLine();
            }
        } else if (contentLength > 0) {
            skip(contentLength);
        }
        return status;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("connection closed mid-body");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    /** Reads one CRLF-terminated line into {@link #line}; returns its length without the CRLF. */
    private int readLine() throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (b == '\n') {
                return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
            }
            if (n < line.length) {
                line[n++] = (byte) b;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
