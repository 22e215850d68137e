package dev.ringback.adapters.openclaw;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * HTTP/1.1 on plain blocking sockets, for machines reached over {@code http://} (HTTPS stays
 * with the JDK client). The sending thread writes the request and reads the answer itself: with
 * the JDK client each exchange went through its selector thread and back, and those hand-offs
 * and its asynchronous machinery were about half of the delivery side's CPU and most of the time
 * one machine's backlog took to drain.
 *
 * <p>Connections are kept alive per machine for {@link #IDLE_LIMIT}, under the 5 seconds after
 * which an OpenClaw gateway (Node) closes an idle one. A kept connection is looked at before it is
 * used: one the machine has closed meanwhile is replaced, and the request goes on a new one. A
 * request is never sent twice by this client: a connection closed after the request was written
 * and before any answer may have been closed by a machine (or a proxy) that read it and ran it,
 * so that is a failure, and the delivery's next attempt looks in the conversation's history first.
 */
final class SocketHttpClient {
    static final Duration IDLE_LIMIT = Duration.ofSeconds(2);
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int CHUNK = 16 * 1024;

    private final Duration connectTimeout;
    /** Reads the time kept connections are judged by; the JDK's monotonic clock outside tests. */
    private final LongSupplier nanoTime;
    private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
    /** When kept connections are next looked over for ones too old to use; see {@link #closeExpired()}. */
    private volatile long nextSweep;

    SocketHttpClient(Duration connectTimeout) {
        this(connectTimeout, System::nanoTime);
    }

    SocketHttpClient(Duration connectTimeout, LongSupplier nanoTime) {
        this.connectTimeout = connectTimeout;
        this.nanoTime = nanoTime;
        this.nextSweep = nanoTime.getAsLong() + IDLE_LIMIT.toNanos();
    }

    /** Whether this client takes {@code uri}: plain HTTP only. */
    static boolean handles(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null;
    }

    /**
     * One exchange within {@code timeout} (connect time included), the body read by
     * {@code handler}'s subscriber as it arrives. Failures are answers, as in {@link GatewayHttp}.
     */
    GatewayAnswer exchange(HttpRequest request, HttpResponse.BodyHandler<byte[]> handler, Duration timeout)
            throws IOException {
        byte[] body = body(request, timeout);
        byte[] head = head(request, body);
        long deadline = System.nanoTime() + timeout.toNanos();
        closeExpired();
        String authority = authority(request.uri());
        Connection kept = takeIdle(authority);
        return exchangeOn(kept != null ? kept : connect(request.uri(), deadline), authority, request, head, body, handler,
                deadline);
    }

    /** Closes the kept connections. */
    void close() {
        idle.values().forEach(deque -> {
            for (Connection c; (c = deque.poll()) != null; ) {
                c.close();
            }
        });
    }

    int idleConnections() {
        return idle.values().stream().mapToInt(ConcurrentLinkedDeque::size).sum();
    }

    private GatewayAnswer exchangeOn(Connection connection, String authority, HttpRequest request, byte[] head,
            byte[] body, HttpResponse.BodyHandler<byte[]> handler, long deadline) throws IOException {
        boolean reusable = false;
        try {
            connection.timeoutBy(deadline);
            connection.out.write(head);
            if (body != null) {
                connection.out.write(body);
            }
            connection.out.flush();
            Head answer = readHead(connection, deadline);
            byte[] content = readBody(connection, request, answer, handler, deadline);
            reusable = answer.keepAlive && connection.drained;
            return new GatewayAnswer.Response(answer.status, answer.headers, content);
        } finally {
            if (reusable) {
                connection.idleSince = nanoTime.getAsLong();
                keep(authority, connection);
            } else {
                connection.close();
            }
        }
    }

    /**
     * Closes kept connections that are too old to use. {@link #takeIdle} drops those of the machine
     * it is asked for; a machine not called again would otherwise keep its socket open (in
     * CLOSE_WAIT once the gateway closed its side) for as long as Ringback runs: one descriptor
     * per machine ever called. Looked over once per {@link #IDLE_LIMIT} at most.
     */
    private void closeExpired() {
        long now = nanoTime.getAsLong();
        long due = nextSweep;
        if (now - due < 0) {
            return;
        }
        nextSweep = now + IDLE_LIMIT.toNanos();
        for (String authority : idle.keySet()) {
            ConcurrentLinkedDeque<Connection> deque = idle.get(authority);
            if (deque == null) {
                continue;
            }
            for (Connection c : deque) {
                // Removed only if no other thread took it meanwhile: each connection has one owner.
                if (now - c.idleSince >= IDLE_LIMIT.toNanos() && deque.removeFirstOccurrence(c)) {
                    c.close();
                }
            }
            // Atomic with keep(): a connection is never pushed onto a deque no longer in the map.
            idle.computeIfPresent(authority, (a, d) -> d.isEmpty() ? null : d);
        }
    }

    private void keep(String authority, Connection connection) {
        idle.compute(authority, (a, deque) -> {
            ConcurrentLinkedDeque<Connection> kept = deque == null ? new ConcurrentLinkedDeque<>() : deque;
            kept.push(connection);
            return kept;
        });
    }

    private Connection takeIdle(String authority) {
        ConcurrentLinkedDeque<Connection> deque = idle.get(authority);
        if (deque == null) {
            return null;
        }
        for (Connection c; (c = deque.poll()) != null; ) {
            if (nanoTime.getAsLong() - c.idleSince < IDLE_LIMIT.toNanos() && !c.socket.isClosed() && c.stillOpen()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private Connection connect(URI uri, long deadline) throws IOException {
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        // A channel's socket, so that a kept connection can be looked at without blocking (Connection.stillOpen).
        SocketChannel channel = SocketChannel.open();
        Socket socket = channel.socket();
        try {
            socket.setTcpNoDelay(true);
            long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) Math.min(remaining, connectTimeout.toMillis()));
            return new Connection(channel);
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new ConnectTimeout(e);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Request line and headers, as the JDK client would send them (it validated names and
     * values), with the length of the body as collected.
     */
    private static byte[] head(HttpRequest request, byte[] body) {
        URI uri = request.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder head = new StringBuilder(256)
                .append(request.method()).append(' ').append(path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(authority(uri)).append("\r\n");
        request.headers().map().forEach((name, values) -> values.forEach(value ->
                head.append(name).append(": ").append(value).append("\r\n")));
        int length = body == null ? 0 : body.length;
        if (length > 0 || !request.method().equals("GET")) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String authority(URI uri) {
        return uri.getRawAuthority();
    }

    /** The request body, collected from its publisher (ours are byte arrays, published at once). */
    private static byte[] body(HttpRequest request, Duration timeout) throws IOException {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
            return null;
        }
        if (publisher.get() instanceof ByteArrayBody) {
            return ((ByteArrayBody) publisher.get()).bytes();
        }
        CompletableFuture<byte[]> collected = new CompletableFuture<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.max(0, publisher.get().contentLength()));
        publisher.get().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }

            @Override
            public void onError(Throwable throwable) {
                collected.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                collected.complete(bytes.toByteArray());
            }
        });
        try {
            byte[] body = collected.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (publisher.get().contentLength() > 0 && body.length != publisher.get().contentLength()) {
                throw new IOException("request body length differs from its declared length");
            }
            return body;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the request body", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("request body could not be read", e);
        }
    }

    private static Head readHead(Connection connection, long deadline) throws IOException {
        while (true) {
            String statusLine = connection.line(deadline);
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new IOException("not an HTTP/1.x status line");
            }
            int status;
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status code", e);
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            int headBytes = statusLine.length();
            for (String line; !(line = connection.line(deadline)).isEmpty(); ) {
                headBytes += line.length() + 2;
                if (headBytes > MAX_HEAD_BYTES) {
                    throw new IOException("answer head too long");
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed header line");
                }
                headers.computeIfAbsent(line.substring(0, colon).trim(), name -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
            if (status >= 100 && status < 200) {
                continue; // 100 Continue and the like precede the real answer.
            }
            boolean http10 = statusLine.startsWith("HTTP/1.0");
            boolean close = headers.getOrDefault("Connection", List.of()).stream()
                    .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("close"));
            return new Head(status, HttpHeaders.of(headers, (name, value) -> true), !http10 && !close);
        }
    }

    /** Feeds the body to the handler's subscriber as it arrives; framing by length, chunks or close. */
    private static byte[] readBody(Connection connection, HttpRequest request, Head head,
            HttpResponse.BodyHandler<byte[]> handler, long deadline) throws IOException {
        HttpResponse.BodySubscriber<byte[]> subscriber = handler.apply(new Info(head));
        boolean[] cancelled = {false};
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                // The body is pushed as it is read; both subscribers ask for everything at once.
            }

            @Override
            public void cancel() {
                cancelled[0] = true;
            }
        });
        boolean noBody = request.method().equals("HEAD") || head.status == 204 || head.status == 304;
        String encoding = head.headers.firstValue("Transfer-Encoding").orElse("").toLowerCase(Locale.ROOT);
        Optional<String> length = head.headers.firstValue("Content-Length");
        if (noBody) {
            connection.drained = true;
        } else if (encoding.contains("chunked")) {
            readChunked(connection, subscriber, cancelled, deadline);
        } else if (length.isPresent()) {
            long declared;
            try {
                declared = Long.parseLong(length.get().trim());
            } catch (NumberFormatException e) {
                throw new IOException("malformed Content-Length", e);
            }
            readFixed(connection, declared, subscriber, cancelled, deadline);
        } else {
            readToEnd(connection, subscriber, cancelled, deadline);
        }
        if (!cancelled[0]) {
            subscriber.onComplete();
        }
        try {
            long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            return subscriber.getBody().toCompletableFuture().get(remaining, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the answer", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the answer's body could not be read", e);
        }
    }

    private static void readFixed(Connection connection, long length, HttpResponse.BodySubscriber<byte[]> subscriber,
            boolean[] cancelled, long deadline) throws IOException {
        long left = length;
        while (left > 0 && !cancelled[0]) {
            byte[] chunk = connection.read((int) Math.min(CHUNK, left), deadline);
            left -= chunk.length;
            subscriber.onNext(List.of(ByteBuffer.wrap(chunk)));
        }
        connection.drained = left == 0;
    }

    private static void readChunked(Connection connection, HttpResponse.BodySubscriber<byte[]> subscriber,
            boolean[] cancelled, long deadline) throws IOException {
        while (!cancelled[0]) {
            String sizeLine = connection.line(deadline);
            int extension = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size", e);
            }
            if (size < 0) {
                throw new IOException("malformed chunk size");
            }
            if (size == 0) {
                // Trailers, if any, end with an empty line.
                while (!connection.line(deadline).isEmpty()) {
                    // skipped
                }
                connection.drained = true;
                return;
            }
            long left = size;
            while (left > 0 && !cancelled[0]) {
                byte[] chunk = connection.read((int) Math.min(CHUNK, left), deadline);
                left -= chunk.length;
                subscriber.onNext(List.of(ByteBuffer.wrap(chunk)));
            }
            if (left == 0 && !connection.line(deadline).isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private static void readToEnd(Connection connection, HttpResponse.BodySubscriber<byte[]> subscriber,
            boolean[] cancelled, long deadline) throws IOException {
        while (!cancelled[0]) {
            byte[] chunk = connection.readSome(CHUNK, deadline);
            if (chunk == null) {
                break;
            }
            subscriber.onNext(List.of(ByteBuffer.wrap(chunk)));
        }
        connection.drained = false; // the end of the body is the end of the connection
    }

    /** Status, headers, and whether the connection may carry another exchange. */
    private record Head(int status, HttpHeaders headers, boolean keepAlive) {}

    private record Info(Head head) implements HttpResponse.ResponseInfo {
        @Override
        public int statusCode() {
            return head.status;
        }

        @Override
        public HttpHeaders headers() {
            return head.headers;
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    /** The machine did not accept the connection in time. */
    static final class ConnectTimeout extends IOException {
        ConnectTimeout(Throwable cause) {
            super("connect timed out", cause);
        }
    }

    /** One socket, read through a buffer; used by one exchange at a time. */
    private static final class Connection {
        final SocketChannel channel;
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        long idleSince;
        boolean drained;
        /** The head line being read; kept, since every answer's head is read line by line. */
        private final StringBuilder line = new StringBuilder(64);

        Connection(SocketChannel channel) throws IOException {
            this.channel = channel;
            this.socket = channel.socket();
            this.in = new BufferedInputStream(socket.getInputStream(), CHUNK);
            this.out = new BufferedOutputStream(socket.getOutputStream(), CHUNK);
        }

        /**
         * Whether the machine has left this idle connection open: a read that does not wait finds
         * its end (closed) or nothing (open). Anything else on an idle connection is not HTTP we
         * asked for: not used either.
         */
        boolean stillOpen() {
            try {
                channel.configureBlocking(false);
                try {
                    return channel.read(ByteBuffer.allocate(1)) == 0;
                } finally {
                    channel.configureBlocking(true);
                }
            } catch (IOException e) {
                return false;
            }
        }

        void timeoutBy(long deadline) throws IOException {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remaining <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
        }

        /** One CRLF-terminated line of the head, without its CRLF. */
        String line(long deadline) throws IOException {
            timeoutBy(deadline);
            line.setLength(0);
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection closed in the answer's head");
                }
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                if (line.length() >= MAX_HEAD_BYTES) {
                    throw new IOException("answer head too long");
                }
                line.append((char) b);
            }
        }

        /** Exactly {@code n} bytes, or a failure. */
        byte[] read(int n, long deadline) throws IOException {
            byte[] bytes = new byte[n];
            int at = 0;
            while (at < n) {
                timeoutBy(deadline);
                int got = in.read(bytes, at, n - at);
                if (got < 0) {
                    throw new EOFException("connection closed in the answer's body");
                }
                at += got;
            }
            return bytes;
        }

        /** Up to {@code max} bytes, or null at the end of the stream. */
        byte[] readSome(int max, long deadline) throws IOException {
            timeoutBy(deadline);
            byte[] bytes = new byte[max];
            int got = in.read(bytes);
            if (got < 0) {
                return null;
            }
            return got == max ? bytes : Arrays.copyOf(bytes, got);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Nothing more to do with a socket that will not close.
            }
        }
    }
}
