package dev.switchboard.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;

import dev.switchboard.config.AuthMode;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.HubConfig;
import dev.switchboard.config.TlsSettings;
import dev.switchboard.config.TlsSettings.ClientAuth;

/**
 * The standalone hub's TLS: the server's SSL engine settings from {@code tls.*} (PKCS#12 key and trust stores, TLS
 * 1.3 and 1.2 only, client certificates as {@code tls.client.auth} says). Fails with a {@link ConfigException}
 * naming the key of an unreadable store or a wrong password; the message never holds a password. Stateless.
 */
final class TlsListener {

    /** The protocols the hub speaks; older ones are refused at the TLS handshake. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsListener() {
    }

    /**
     * @return the SSL engine settings of a hub configured with TLS, empty if {@code tls.enabled} is false
     * @throws ConfigException if a store cannot be read, or {@code auth.mode=mtls} has no client certificates
     */
    static Optional<SSLEngineConfigurator> engine(HubConfig config) {
        TlsSettings tls = config.tls();
        if (config.auth().mode() == AuthMode.MTLS && tls.clientAuth() == ClientAuth.NONE) {
            throw new ConfigException("auth.mode", "mtls needs tls.enabled=true and tls.client.auth=required or "
                    + "optional");
        }
        if (!tls.enabled()) {
            return Optional.empty();
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(tls).getKeyManagers(), trustManagers(tls).getTrustManagers(), null);
            SSLEngineConfigurator engine = new SSLEngineConfigurator(context, false,
                    tls.clientAuth() == ClientAuth.REQUIRED, tls.clientAuth() == ClientAuth.OPTIONAL);
            engine.setEnabledProtocols(PROTOCOLS.clone());
            return Optional.of(engine);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("tls.keystore", "cannot be used for TLS: " + e.getClass().getSimpleName());
        }
    }

    /** Serves TLS on {@code listener} with {@code engine}. */
    static void secure(NetworkListener listener, SSLEngineConfigurator engine) {
        listener.setSecure(true);
        listener.setSSLEngineConfig(engine);
    }

    private static KeyManagerFactory keyManagers(TlsSettings tls) throws GeneralSecurityException {
        KeyStore store = load(tls.keystore().orElseThrow(), tls.keystorePassword(), "tls.keystore");
        boolean hasKey = false;
        for (String alias : Collections.list(store.aliases())) {
            hasKey |= store.isKeyEntry(alias);
        }
        if (!hasKey) {
            throw new ConfigException("tls.keystore", "holds no private key: " + tls.keystore().orElseThrow());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        try {
            factory.init(store, tls.keystorePassword().toCharArray());
        } catch (UnrecoverableKeyException e) {
            throw new ConfigException("tls.keystore.password", "does not unlock the key in "
                    + tls.keystore().orElseThrow());
        }
        return factory;
    }

    private static TrustManagerFactory trustManagers(TlsSettings tls) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (tls.truststore().isEmpty()) {
            factory.init((KeyStore) null);
        } else {
            factory.init(load(tls.truststore().get(), tls.truststorePassword(), "tls.truststore"));
        }
        return factory;
    }

    private static KeyStore load(Path file, String password, String key) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new ConfigException(key + ".password", "does not open " + file);
            }
            if (!Files.isReadable(file)) {
                throw new ConfigException(key, "cannot read " + file);
            }
            throw new ConfigException(key, "is not a PKCS#12 keystore: " + file);
        }
    }
}
