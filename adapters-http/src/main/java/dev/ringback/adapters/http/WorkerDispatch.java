package dev.ringback.adapters.http;

import io.undertow.io.AsyncSenderImpl;
import io.undertow.io.BlockingReceiverImpl;
import io.undertow.io.IoCallback;
import io.undertow.io.Receiver;
import io.undertow.io.Sender;
import io.undertow.io.UndertowInputStream;
import io.undertow.io.UndertowOutputStream;
import io.undertow.server.BlockingHttpExchange;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs each request's handler on a worker thread in blocking mode, like Undertow's
 * {@code BlockingHandler}, but keeps the two ends of the exchange on its I/O thread:
 *
 * <ul>
 *   <li>a small body of declared length is read there first, without blocking, so the handler's
 *       {@code getInputStream()} reads memory and the worker never waits on the socket;
 *   <li>the answer a handler gives through {@code getResponseSender()} is written there, and the
 *       exchange ended there.
 * </ul>
 *
 * <p>Why: when a worker thread ends a keep-alive exchange, Undertow re-arms the connection under a
 * small state flag, and the I/O thread that sees the client's next request spins on that flag
 * until the worker clears it. On two busy cores the worker is often descheduled inside that window
 * (waking the I/O thread can be what preempts it), and the I/O thread burns its time slice: the
 * profile showed a third of the server's CPU there. An exchange ended on its own I/O thread never
 * takes that path.
 *
 * <p>A handler that {@link StartsOnIoThread starts on the I/O thread} is run there instead, in
 * the same blocking mode, once its body has been read: it must not block, and answers later.
 *
 * <p>Bodies without a declared length, larger ones, and {@code Expect: 100-continue} requests
 * are read by the handler from the socket as before; a handler that writes to the output stream
 * itself, or answers nothing, has its exchange ended on the worker as before.
 */
final class WorkerDispatch implements HttpHandler {
    /** Bodies up to this size are read on the I/O thread before the handler runs. */
    static final int PREFETCH_LIMIT = 64 * 1024;
    /**
     * Bodies up to this size get their whole declared length in memory at once; a larger one's
     * buffer grows with what arrives, so that a declared length alone reserves little (a client
     * holding thousands of connections open with 64 KiB declared and a byte sent ran the heap out).
     */
    static final int PREALLOCATE_LIMIT = 16 * 1024;

    private static final System.Logger LOG = System.getLogger(WorkerDispatch.class.getName());
    private static final AttachmentKey<IoThreadExchange> BLOCKING = AttachmentKey.create(IoThreadExchange.class);

    static final String BUSY = "Server busy, try again";

    private final HttpHandler next;
    private final Predicate<HttpServerExchange> startsOnIoThread;
    private final PrefetchBudget budget;

    WorkerDispatch(HttpHandler next) {
        this(next, exchange -> false);
    }

    /** {@code startsOnIoThread}: whether a request with a body read on its I/O thread is begun there ({@link StartsOnIoThread}). */
    WorkerDispatch(HttpHandler next, Predicate<HttpServerExchange> startsOnIoThread) {
        this(next, startsOnIoThread, new PrefetchBudget(PrefetchBudget.DEFAULT_BYTES));
    }

    WorkerDispatch(HttpHandler next, Predicate<HttpServerExchange> startsOnIoThread, PrefetchBudget budget) {
        this.next = next;
        this.startsOnIoThread = startsOnIoThread;
        this.budget = budget;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        long declared = exchange.getRequestContentLength();
        if (declared > 0 && declared <= PREFETCH_LIMIT && !exchange.getRequestHeaders().contains(Headers.EXPECT)) {
            Runnable giveBack = budget.take(exchange, declared);
            if (giveBack == null) {
                // Bodies half sent on many connections hold the budget: refused before any of this one is read.
                exchange.setPersistent(false);
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
                JsonResponses.error(exchange, 503, BUSY);
                return;
            }
            Receiver.FullBytesCallback whenRead = (received, body) -> {
                giveBack.run();
                if (startsOnIoThread.test(received)) {
                    // Dispatched to the same thread, so that Undertow does not end the exchange when this returns.
                    received.dispatch(SameThreadExecutor.INSTANCE, () -> run(received, body));
                } else {
                    received.dispatch(() -> run(received, body));
                }
            };
            Receiver.ErrorCallback whenFailed = (failed, e) -> {
                giveBack.run();
                // The client went away, stalled past the read timeout or broke the framing mid-body:
                // its fault, answered (if it still listens) and logged as such, never as a success.
                LOG.log(Level.DEBUG, "request body could not be read: {0}", e.getClass().getSimpleName());
                failed.setPersistent(false);
                JsonResponses.error(failed, 400, RequestBodies.BODY_UNREADABLE);
            };
            if (declared <= PREALLOCATE_LIMIT) {
                exchange.getRequestReceiver().receiveFullBytes(whenRead, whenFailed);
            } else {
                ByteArrayOutputStream arrived = new ByteArrayOutputStream(PREALLOCATE_LIMIT);
                exchange.getRequestReceiver().receivePartialBytes((received, chunk, last) -> {
                    arrived.write(chunk, 0, chunk.length);
                    if (last) {
                        whenRead.handle(received, arrived.toByteArray());
                    }
                }, whenFailed);
            }
            return;
        }
        exchange.dispatch(() -> run(exchange, null));
    }

    private void run(HttpServerExchange exchange, byte[] body) {
        IoThreadExchange blocking = new IoThreadExchange(exchange, body);
        exchange.putAttachment(BLOCKING, blocking);
        exchange.startBlocking(blocking);
        try {
            next.handleRequest(exchange);
        } catch (Throwable unexpected) {
            // The error handler answers every Exception; only an Error gets here.
            LOG.log(Level.ERROR, "request " + exchange.getRequestMethod() + " " + RequestLog.safePath(exchange) + " failed", unexpected);
            if (!blocking.answerSent() && !exchange.isResponseStarted()) {
                exchange.setStatusCode(500);
            }
        } finally {
            if (!blocking.answerSent() && !blocking.answerLater) {
                // Answered through the output stream, or not at all: end it here, as BlockingHandler would.
                blocking.closeAfterAnUnreadChunkedBody();
                exchange.endExchange();
            }
        }
    }

    /** Gives the answer once what it depends on is there; see {@link #answerLater}. */
    @FunctionalInterface
    interface Answer<T> {
        void give(T value);
    }

    /**
     * Lets a handler return before its answer exists, so that its worker is free while, say, a
     * write is committed: once {@code pending} completes, {@code answer} gives the answer through
     * the response sender on the exchange's I/O thread (so it must not block), and a failure of
     * either is answered as {@link ErrorHandler} answers a thrown one. A request body the handler
     * left unread is drained first, on the worker. Only for handlers run by this dispatcher; the
     * exchange stays open until then.
     */
    static <T> void answerLater(HttpServerExchange exchange, CompletionStage<T> pending, Answer<? super T> answer) {
        IoThreadExchange blocking = exchange.getAttachment(BLOCKING);
        if (blocking == null || blocking.answerSent() || blocking.answerLater) {
            throw new IllegalStateException("an answer can be given later only once, by a handler this dispatcher runs");
        }
        blocking.drainInput();
        blocking.answerLater = true;
        // The answer is built and written on the exchange's I/O thread, where it is sent anyway: the
        // thread that completes the stage (the database's one writer) only hands it over.
        pending.whenCompleteAsync((value, failure) -> {
            Throwable problem = failure;
            if (problem == null) {
                try {
                    answer.give(value);
                    return;
                } catch (RuntimeException e) {
                    problem = e;
                }
            }
            ErrorHandler.answerFailure(exchange, problem instanceof CompletionException && problem.getCause() != null
                    ? problem.getCause() : problem);
        }, exchange.getIoThread());
    }

    /** True once the handler's answer has been handed to the I/O thread: the exchange is no longer the worker's. */
    static boolean answerSent(HttpServerExchange exchange) {
        IoThreadExchange blocking = exchange.getAttachment(BLOCKING);
        return blocking != null && blocking.answerSent();
    }

    /**
     * The body read on the I/O thread, handed over whole, so that a handler reading all of it need
     * not copy it out of a stream; the input stream is then at its end. Null when no body was read
     * there or the handler has already opened the stream.
     */
    static byte[] takePrefetchedBody(HttpServerExchange exchange) {
        IoThreadExchange blocking = exchange.getAttachment(BLOCKING);
        return blocking == null ? null : blocking.takeBody();
    }

    /** Blocking mode whose sender writes on the I/O thread and whose input may already be in memory. */
    private static final class IoThreadExchange implements BlockingHttpExchange {
        private final HttpServerExchange exchange;
        private final byte[] body;
        private final Sender sender = new IoThreadSender();
        private InputStream input;
        private UndertowOutputStream output;
        private volatile boolean answerSent;
        /** Set by {@link #answerLater} on the worker before it returns: the exchange is not the worker's to end. */
        private boolean answerLater;

        IoThreadExchange(HttpServerExchange exchange, byte[] body) {
            this.exchange = exchange;
            this.body = body;
        }

        boolean answerSent() {
            return answerSent;
        }

        /**
         * A body the handler left half-read is drained by the calling thread, as BlockingHandler
         * would: once the answer is handed over, the I/O thread must not block reading it. Call it
         * on the worker. Not a body cut off (the connection closes after the answer): it may be of
         * any size, and Undertow's entity limit, met while draining, prints a stack trace to stderr.
         */
        void drainInput() {
            closeAfterAnUnreadChunkedBody();
            if (input instanceof UndertowInputStream && exchange.isPersistent()) {
                try {
                    input.close();
                } catch (IOException clientGone) {
                    LOG.log(Level.DEBUG, "request body could not be drained: {0}", clientGone.getClass().getSimpleName());
                }
            }
        }

        /**
         * A chunked body still unread when the answer goes (a 404, a 401 before the body is looked
         * at) may be of any size: the connection closes after the answer instead of being drained
         * for a next request, which Undertow would do, meeting its entity limit and printing a stack
         * trace to stderr.
         */
        void closeAfterAnUnreadChunkedBody() {
            if (exchange.getRequestContentLength() < 0 && !exchange.isRequestComplete()) {
                exchange.setPersistent(false);
            }
        }

        byte[] takeBody() {
            if (body == null || input != null) {
                return null;
            }
            input = InputStream.nullInputStream();
            return body;
        }

        @Override
        public InputStream getInputStream() {
            if (input == null) {
                input = body != null ? new ByteArrayInputStream(body) : new UndertowInputStream(exchange);
            }
            return input;
        }

        @Override
        public OutputStream getOutputStream() {
            if (answerSent) {
                throw new IllegalStateException("the answer was already sent");
            }
            if (output == null) {
                output = new UndertowOutputStream(exchange);
            }
            return output;
        }

        @Override
        public Sender getSender() {
            return sender;
        }

        @Override
        public Receiver getReceiver() {
            return new BlockingReceiverImpl(exchange, getInputStream());
        }

        @Override
        public void close() throws IOException {
            // Only what the handler opened: the stream of an answer sent on the I/O thread must not be created there.
            closeAfterAnUnreadChunkedBody();
            try {
                if (!exchange.isPersistent() && !exchange.isRequestComplete()) {
                    // The connection closes after the answer: nothing to drain for a next request.
                } else if (input != null) {
                    input.close();
                } else if (body == null && !exchange.isRequestComplete() && !answerSent) {
                    getInputStream().close();
                }
            } finally {
                if (output != null) {
                    output.close();
                }
            }
        }

        /** Hands every send to the exchange's I/O thread, where Undertow's own sender writes it and ends the exchange. */
        private final class IoThreadSender implements Sender {
            private Sender async;

            private void onIoThread(Consumer<Sender> send) {
                if (answerSent && !exchange.isInIoThread()) {
                    throw new IllegalStateException("the answer was already sent");
                }
                if (output != null) {
                    throw new IllegalStateException("the answer is being written to the output stream");
                }
                if (!answerSent) {
                    drainInput();
                }
                answerSent = true;
                if (exchange.isInIoThread()) {
                    send.accept(async());
                } else {
                    exchange.getIoThread().execute(() -> send.accept(async()));
                }
            }

            private Sender async() {
                if (async == null) {
                    async = new AsyncSenderImpl(exchange);
                }
                return async;
            }

            @Override
            public void send(ByteBuffer buffer, IoCallback callback) {
                onIoThread(s -> s.send(buffer, callback));
            }

            @Override
            public void send(ByteBuffer[] buffers, IoCallback callback) {
                onIoThread(s -> s.send(buffers, callback));
            }

            @Override
            public void send(ByteBuffer buffer) {
                send(buffer, IoCallback.END_EXCHANGE);
            }

            @Override
            public void send(ByteBuffer[] buffers) {
                send(buffers, IoCallback.END_EXCHANGE);
            }

            @Override
            public void send(String data, IoCallback callback) {
                send(data, StandardCharsets.UTF_8, callback);
            }

            @Override
            public void send(String data, Charset charset, IoCallback callback) {
                send(ByteBuffer.wrap(data.getBytes(charset)), callback);
            }

            @Override
            public void send(String data) {
                send(data, IoCallback.END_EXCHANGE);
            }

            @Override
            public void send(String data, Charset charset) {
                send(data, charset, IoCallback.END_EXCHANGE);
            }

            @Override
            public void transferFrom(FileChannel source, IoCallback callback) {
                onIoThread(s -> s.transferFrom(source, callback));
            }

            @Override
            public void close(IoCallback callback) {
                onIoThread(s -> s.close(callback));
            }

            @Override
            public void close() {
                close(IoCallback.END_EXCHANGE);
            }
        }
    }
}
