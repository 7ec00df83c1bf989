package dev.switchboard.standalone.bridge;

import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.Request;

/**
 * Grizzly's own error responses (a request Jersey could not even parse, say) with an empty body: its default page
 * names the server and its version and prints the stack trace. Stateless.
 */
public final class BlankErrorPages implements ErrorPageGenerator {

    @Override
    public String generate(Request request, int status, String reasonPhrase, String description,
            Throwable exception) {
        return "";
    }
}
