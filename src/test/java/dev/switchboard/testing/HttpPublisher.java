package dev.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Publishes through the hub's HTTP API ({@code POST /api/v1/channels/{channel}/messages}, loopback needs no key),
 * as a back-end service would. Uses one JDK HTTP client; not for concurrent use.
 */
public final class HttpPublisher {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    public HttpPublisher(int port) {
        this.port = port;
    }

    /** @return the {@code 201} body ({@code channel}, {@code offset}, {@code epoch}); fails on any other status */
    public JsonNode publish(String channel, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/channels/"
                + channel + "/messages")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("publish answered " + response.statusCode() + ": " + response.body());
            }
            return Frames.parse(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
