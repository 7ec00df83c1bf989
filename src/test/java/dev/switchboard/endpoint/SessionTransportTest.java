package dev.switchboard.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import org.junit.jupiter.api.Test;

import dev.switchboard.outbox.WriteCallback;
import dev.switchboard.protocol.OutboundFrame;

/**
 * The container path of {@link SessionTransport}: several queued frames as one batch where the container reports
 * batching, its one callback (exactly once, after every send, failed at the first failure), and one frame per send
 * where the container ignores batching.
 */
class SessionTransportTest {

    private static final int BATCH = 64;

    @Test
    void aBatchingContainerGetsTheFramesInOrderAsOneFlushedBatch() {
        FakeRemote remote = new FakeRemote(true);
        SessionTransport transport = new SessionTransport(remote.session(), null, BATCH);
        assertThat(transport.maxFramesPerWrite()).isEqualTo(BATCH);
        remote.calls.clear();

        Recorder callback = new Recorder();
        transport.sendTexts(frames("a", "b", "c"), callback);

        assertThat(remote.calls).containsExactly("batching on", "send a", "send b", "send c", "batching off",
                "flush");
        assertThat(remote.batching).as("batching left off between writes").isFalse();
        assertThat(callback.completed.get()).as("nothing reported before the sends completed").isZero();
        remote.result(2, new SendResult());
        remote.result(0, new SendResult());
        assertThat(callback.completed.get()).as("one send still pending").isZero();
        remote.result(1, new SendResult());
        assertThat(callback.completed.get()).isEqualTo(1);
        assertThat(callback.failures).isEmpty();
    }

    @Test
    void theFirstFailedSendFailsTheWriteOnceAndLaterResultsAreIgnored() {
        FakeRemote remote = new FakeRemote(true);
        SessionTransport transport = new SessionTransport(remote.session(), null, BATCH);
        Recorder callback = new Recorder();
        transport.sendTexts(frames("a", "b", "c"), callback);

        IOException broken = new IOException("broken pipe");
        remote.result(0, new SendResult());
        remote.result(1, new SendResult(broken));
        remote.result(2, new SendResult(new IOException("later")));
        remote.result(2, new SendResult());

        assertThat(callback.failures).containsExactly(broken);
        assertThat(callback.completed.get()).isZero();
    }

    @Test
    void aSendThatThrowsFailsTheWriteButTheBatchIsStillEndedAndFlushed() {
        FakeRemote remote = new FakeRemote(true);
        remote.throwAtSend = 1;
        SessionTransport transport = new SessionTransport(remote.session(), null, BATCH);
        remote.calls.clear();
        Recorder callback = new Recorder();
        transport.sendTexts(frames("a", "b", "c"), callback);

        assertThat(remote.calls).containsExactly("batching on", "send a", "batching off", "flush");
        assertThat(callback.failures).hasSize(1).first().isInstanceOf(IllegalStateException.class);
        remote.result(0, new SendResult());
        assertThat(callback.completed.get()).as("a failed write never completes").isZero();
        assertThat(callback.failures).hasSize(1);
    }

    @Test
    void aContainerThatIgnoresBatchingGetsOneFrameAtATime() {
        FakeRemote remote = new FakeRemote(false);
        SessionTransport transport = new SessionTransport(remote.session(), null, BATCH);
        assertThat(transport.maxFramesPerWrite()).isEqualTo(1);
        assertThat(remote.batching).isFalse();
        remote.calls.clear();

        Recorder callback = new Recorder();
        transport.sendTexts(frames("a"), callback);
        assertThat(remote.calls).containsExactly("send a");
        remote.result(0, new SendResult());
        assertThat(callback.completed.get()).isEqualTo(1);
    }

    @Test
    void oneFramePerSendByConfigurationNeverAsksForBatching() {
        FakeRemote remote = new FakeRemote(true);
        SessionTransport transport = new SessionTransport(remote.session(), null, 1);
        assertThat(transport.maxFramesPerWrite()).isEqualTo(1);
        assertThat(remote.calls).isEmpty();
    }

    @Test
    void theContainersSendRunsWithThePlatformContextClassLoaderAndTheCallersIsRestored() {
        FakeRemote remote = new FakeRemote(false);
        SessionTransport transport = new SessionTransport(remote.session(), null, BATCH);
        ClassLoader mine = new ClassLoader(getClass().getClassLoader()) {
        };
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(mine);
        try {
            transport.sendTexts(frames("a"), new Recorder());
            transport.sendPing(new Recorder());
            assertThat(thread.getContextClassLoader()).isSameAs(mine);
        } finally {
            thread.setContextClassLoader(before);
        }
        assertThat(remote.contextLoaders).hasSize(2).containsOnly(ClassLoader.getPlatformClassLoader());
    }

    @Test
    void aResultWithoutACauseStillFailsWithOne() {
        Recorder callback = new Recorder();
        SendGroup group = new SendGroup(2, callback);
        group.onResult(new SendResult(null));
        group.onResult(new SendResult());
        assertThat(callback.failures).hasSize(1).first().isInstanceOf(IOException.class);
        assertThat(callback.completed.get()).isZero();
    }

    private static List<OutboundFrame> frames(String... texts) {
        List<OutboundFrame> frames = new ArrayList<>();
        for (String text : texts) {
            frames.add(OutboundFrame.of(text));
        }
        return frames;
    }

    /** Counts what the transport reported. */
    private static final class Recorder implements WriteCallback {
        final AtomicInteger completed = new AtomicInteger();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();

        @Override
        public void completed() {
            completed.incrementAndGet();
        }

        @Override
        public void failed(Throwable error) {
            failures.add(error);
        }
    }

    /** A container's session and async remote endpoint: records calls, keeps the handlers for the test to call. */
    private static final class FakeRemote {
        final boolean honoursBatching;
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<SendHandler> handlers = new CopyOnWriteArrayList<>();
        final List<ClassLoader> contextLoaders = new CopyOnWriteArrayList<>();
        volatile boolean batching;
        volatile int throwAtSend = -1;

        FakeRemote(boolean honoursBatching) {
            this.honoursBatching = honoursBatching;
        }

        void result(int send, SendResult result) {
            handlers.get(send).onResult(result);
        }

        Session session() {
            RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> remote(method.getName(),
                            args));
            AtomicReference<RemoteEndpoint.Async> remote = new AtomicReference<>(async);
            return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getAsyncRemote" -> remote.get();
                        case "isOpen" -> true;
                        case "getId" -> "s1";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private Object remote(String method, Object[] args) {
            switch (method) {
                case "setBatchingAllowed" -> {
                    batching = honoursBatching && (Boolean) args[0];
                    calls.add((Boolean) args[0] ? "batching on" : "batching off");
                    return null;
                }
                case "getBatchingAllowed" -> {
                    return batching;
                }
                case "flushBatch" -> {
                    calls.add("flush");
                    return null;
                }
                case "sendText" -> {
                    if (handlers.size() == throwAtSend) {
                        throw new IllegalStateException("the connection is busy");
                    }
                    contextLoaders.add(Thread.currentThread().getContextClassLoader());
                    calls.add("send " + args[0]);
                    handlers.add((SendHandler) args[1]);
                    return null;
                }
                case "sendPing" -> {
                    contextLoaders.add(Thread.currentThread().getContextClassLoader());
                    calls.add("ping");
                    return null;
                }
                default -> throw new UnsupportedOperationException(method);
            }
        }
    }
}
