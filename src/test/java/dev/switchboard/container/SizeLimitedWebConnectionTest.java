package dev.switchboard.container;


import static dev.switchboard.testing.WireFrames.CONTINUATION;
import static dev.switchboard.testing.WireFrames.PING;
import static dev.switchboard.testing.WireFrames.TEXT;
import static dev.switchboard.testing.WireFrames.assertRefused;
import static dev.switchboard.testing.WireFrames.concat;
import static dev.switchboard.testing.WireFrames.frame127;
import static dev.switchboard.testing.WireFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.ManualScheduler;

/**
 * The size guard of an upgraded servlet connection, between a scripted container stream and a reader that reads the
 * way Tyrus's upgrade handler does ({@code do { available(); read(); } while (isReady())}). What the reader gets must
 * be exactly what the peer sent, up to the refused header, then one 1009 close; the container's stream is never read
 * while not ready; and a close after a refusal waits for the peer's end or the linger.
 */
class SizeLimitedWebConnectionTest {

    private static final int LIMIT = 1000;

    /** Reads like Tyrus's {@code TyrusHttpUpgradeHandler}: no isReady() before the first read of a callback. */
    private static final class TyrusLikeReader implements ReadListener {
        private final ServletInputStream in;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int wakeUps;
        private boolean allRead;
        private Throwable error;

        TyrusLikeReader(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public void onDataAvailable() throws IOException {
            wakeUps++;
            do {
                int available = in.available();
                byte[] b = new byte[available == 0 ? 16384 : available];
                int n = in.read(b);
                bytes.write(b, 0, n);
            } while (in.isReady());
        }

        @Override
        public void onAllDataRead() {
            allRead = true;
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }
    }

    /** The container's side of one upgraded connection. */
    private static final class FakeWebConnection implements WebConnection {
        final FakeServletInput input = new FakeServletInput();
        int closes;

        @Override
        public ServletInputStream getInputStream() {
            return input;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            throw new UnsupportedOperationException("nothing is written in these tests");
        }

        @Override
        public void close() {
            closes++;
        }
    }

    /** One upgraded connection: the container's side, the guard, and the implementation's reader on it. */
    private static final class Harness {
        final FakeWebConnection container = new FakeWebConnection();
        final SizeLimitedWebConnection guarded;
        final TyrusLikeReader reader;

        Harness(ManualScheduler scheduler) throws IOException {
            guarded = new SizeLimitedWebConnection(container, LIMIT, scheduler);
            reader = new TyrusLikeReader(guarded.getInputStream());
            guarded.getInputStream().setReadListener(reader);
        }
    }

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeWebConnection container;
    private final SizeLimitedWebConnection guarded;
    private final TyrusLikeReader reader;

    SizeLimitedWebConnectionTest() throws IOException {
        Harness h = new Harness(scheduler);
        container = h.container;
        guarded = h.guarded;
        reader = h.reader;
    }

    @Test
    void allowedFramesReachTheReaderByteIdenticalWhateverTheReadBoundaries() throws IOException {
        byte[] stream = concat(frame(true, TEXT, 5, 7), frame(false, TEXT, 400, 7), frame(true, PING, 4, 7),
                frame(true, CONTINUATION, 600, 7), frame127(TEXT, 10), frame(true, TEXT, 0, 7));
        for (int cut = 0; cut <= stream.length; cut++) {
            Harness h = new Harness(scheduler);
            h.container.input.arrive(Arrays.copyOfRange(stream, 0, cut));
            h.container.input.arrive(Arrays.copyOfRange(stream, cut, stream.length), frame(true, TEXT, 3, 9));
            assertThat(h.reader.bytes.toByteArray()).as("split at %d", cut)
                    .isEqualTo(concat(stream, frame(true, TEXT, 3, 9)));
            assertThat(h.guarded.getInputStream().isReady()).as("split at %d: all of it was read", cut).isFalse();
            assertThat(h.container.input.readsWhileNotReady()).isZero();
        }
    }

    @Test
    void aPartialHeaderIsHeldBackWithoutWakingTheReader() throws IOException {
        byte[] f = frame(true, TEXT, 200, 1);
        container.input.arrive(Arrays.copyOfRange(f, 0, 3));
        assertThat(reader.wakeUps).as("nothing was let through yet").isZero();
        assertThat(guarded.getInputStream().isReady()).isFalse();
        container.input.arrive(Arrays.copyOfRange(f, 3, f.length));
        assertThat(reader.wakeUps).isEqualTo(1);
        assertThat(reader.bytes.toByteArray()).isEqualTo(f);
    }

    @Test
    void anOversizeMessageIsRefusedWithOneCloseAndWhatFollowsIsReadButNeverHandedOn() throws IOException {
        byte[] allowed = concat(frame(true, TEXT, 20, 1), frame(true, PING, 2, 2));
        byte[] stream = concat(allowed, frame(true, TEXT, LIMIT + 1, 3), frame(true, TEXT, 5, 4));
        for (int cut = 0; cut <= stream.length; cut++) {
            Harness h = new Harness(scheduler);
            FakeServletInput in = h.container.input;
            in.arrive(Arrays.copyOfRange(stream, 0, cut));
            in.arrive(Arrays.copyOfRange(stream, cut, stream.length));
            int wakeUps = h.reader.wakeUps;
            in.arrive(new byte[50_000], new byte[50_000]);
            assertRefused(h.reader.bytes.toByteArray(), allowed, "split at " + cut);
            assertThat(h.reader.wakeUps).as("split at %d: the reader is not woken after the close", cut)
                    .isEqualTo(wakeUps);
            assertThat(h.guarded.getInputStream().isReady()).as("split at %d", cut).isFalse();
            assertThat(in.bytesRead()).as("split at %d: the peer's bytes are read off the connection", cut)
                    .isEqualTo(stream.length + 100_000L);
            assertThat(in.readsWhileNotReady()).isZero();
        }
    }

    @Test
    void readingStopsOnceTheDiscardBudgetIsDropped() throws IOException {
        refuse();
        long before = container.input.bytesRead();
        byte[][] flood = new byte[100][];
        Arrays.fill(flood, new byte[64 * 1024]);
        container.input.arrive(flood);
        long dropped = container.input.bytesRead() - before;
        assertThat(dropped).as("bytes read after the refusal")
                .isGreaterThanOrEqualTo(SizeLimitedInputStream.DISCARD_BUDGET)
                .isLessThan(SizeLimitedInputStream.DISCARD_BUDGET + SizeLimitedInputStream.DEFAULT_CHUNK);
        assertThat(container.input.isReady()).as("the rest is left to TCP back-pressure").isTrue();
        container.input.arrive(new byte[1024]);
        assertThat(container.input.bytesRead() - before).as("not read on later wake-ups either").isEqualTo(dropped);
        guarded.close();
        scheduler.elapse();
        assertThat(container.closes).as("closed when the linger passes").isEqualTo(1);
    }

    @Test
    void fragmentsSummingOverTheLimitAreRefusedAtTheFragmentThatCrossesIt() throws IOException {
        byte[] allowed = concat(frame(false, TEXT, 600, 1), frame(false, CONTINUATION, 400, 2));
        container.input.arrive(allowed, frame(false, CONTINUATION, 1, 3), frame(true, CONTINUATION, 10, 4));
        assertRefused(reader.bytes.toByteArray(), allowed, "crossing fragment");
    }

    @Test
    void aCloseWithoutARefusalClosesAtOnce() {
        guarded.close();
        assertThat(container.closes).isEqualTo(1);
        assertThat(scheduler.tasks()).isEmpty();
    }

    @Test
    void aCloseAfterARefusalWaitsUntilThePeerEndsTheStream() throws IOException {
        refuse();
        guarded.close();
        assertThat(container.closes).as("closed while the peer may still be sending").isZero();
        assertThat(scheduler.tasks()).singleElement()
                .satisfies(t -> assertThat(t.delayMillis()).isEqualTo(SizeLimitedWebConnection.LINGER.toMillis()));

        container.input.arrive(new byte[4096]);
        assertThat(container.closes).isZero();
        container.input.end();
        assertThat(container.closes).isEqualTo(1);
        assertThat(reader.allRead).as("the end of the stream is passed on").isTrue();
        assertThat(scheduler.tasks().get(0).isCancelled()).as("the linger is cancelled").isTrue();
        guarded.close();
        assertThat(container.closes).as("closed once").isEqualTo(1);
    }

    @Test
    void aCloseAfterARefusalHappensWhenTheLingerPassesIfThePeerKeepsSending() throws IOException {
        refuse();
        guarded.close();
        container.input.arrive(new byte[4096]);
        scheduler.elapse();
        assertThat(container.closes).isEqualTo(1);
        container.input.end();
        assertThat(container.closes).as("closed once").isEqualTo(1);
    }

    @Test
    void thePeerEndingFirstLetsTheLaterCloseHappenAtOnce() throws IOException {
        refuse();
        container.input.end();
        assertThat(container.closes).as("nobody asked to close yet").isZero();
        guarded.close();
        assertThat(container.closes).isEqualTo(1);
        assertThat(scheduler.tasks()).isEmpty();
    }

    @Test
    void anErrorOnTheConnectionEndsTheWaitAndIsPassedOn() throws IOException {
        refuse();
        guarded.close();
        IOException reset = new IOException("Connection reset by peer");
        container.input.listener().onError(reset);
        assertThat(container.closes).isEqualTo(1);
        assertThat(reader.error).isSameAs(reset);
    }

    @Test
    void theUpgradeGoesToTheSizeLimitedHandlerWhichHandsTheImplementationsHandlerASizeLimitedConnection() throws Exception {
        AtomicReference<Class<?>> upgradedTo = new AtomicReference<>();
        SizeLimitedUpgradeHandler containerMade = new SizeLimitedUpgradeHandler();
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("upgrade")) {
                        upgradedTo.set((Class<?>) args[0]);
                        return containerMade;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });

        RecordingHandler implementations = new SizeLimitedUpgradeRequest(request, LIMIT, scheduler)
                .upgrade(RecordingHandler.class);
        assertThat(upgradedTo.get()).isEqualTo(SizeLimitedUpgradeHandler.class);
        assertThat(implementations.initWith).as("not initialized before the container hands over").isNull();

        FakeWebConnection c = new FakeWebConnection();
        containerMade.init(c);
        assertThat(implementations.initWith).isInstanceOf(SizeLimitedWebConnection.class);
        containerMade.destroy();
        assertThat(implementations.destroyed).isTrue();
        implementations.initWith.close();
        assertThat(c.closes).as("the container is already tearing the connection down").isZero();
    }

    /** An implementation's upgrade handler, as the container would create it. */
    public static final class RecordingHandler implements HttpUpgradeHandler {
        WebConnection initWith;
        boolean destroyed;

        public RecordingHandler() {
        }

        @Override
        public void init(WebConnection wc) {
            initWith = wc;
        }

        @Override
        public void destroy() {
            destroyed = true;
        }
    }

    private void refuse() throws IOException {
        container.input.arrive(frame(true, TEXT, 10, 1), frame(true, TEXT, LIMIT + 1, 2));
        assertRefused(reader.bytes.toByteArray(), frame(true, TEXT, 10, 1), "refused");
    }
}
