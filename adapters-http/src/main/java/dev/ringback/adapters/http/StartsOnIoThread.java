package dev.ringback.adapters.http;

/**
 * A handler that may begin a request on the exchange's I/O thread, once a small body has been
 * read there ({@link WorkerDispatch}), instead of on a worker: it must then neither block nor
 * wait, and gives its answer through {@link WorkerDispatch#answerLater}. Waking a worker for
 * each request cost more than the work itself on the dashboard's session reports.
 */
interface StartsOnIoThread {
    /** Asked for each request; false sends it to a worker, as any other handler. */
    boolean startsOnIoThread();
}
