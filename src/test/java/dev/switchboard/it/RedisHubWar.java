package dev.switchboard.it;

import java.nio.file.Path;

/**
 * Builds target/switchboard-redis.war: target/switchboard.war with a {@code WEB-INF/switchboard.properties}
 * turning on {@code engine=redis} against the test's own {@code redis-server}, as an operator configures the shipped WAR
 * (docs/deploy.md, "The Redis engine in a server").
 */
final class RedisHubWar {

    /** The context root of this WAR. */
    static final String CONTEXT = "/switchboard-redis";

    private RedisHubWar() {
    }

    /** @return target/switchboard-redis.war, its engine Redis at {@code redisUri} */
    static Path build(String redisUri) {
        return JwtHubWar.withSettings("switchboard-redis.war", String.join("\n", "engine=redis",
                "redis.uri=" + redisUri, ""));
    }
}
