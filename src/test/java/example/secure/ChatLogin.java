package example.secure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

/**
 * The secured example's login, defined in the application itself with Jakarta Security: HTTP Basic, checked
 * against two fixed test users. The server authenticates the handshake, and the hub ({@code auth.mode=container})
 * takes the caller it names as the connection's user. Test credentials only: a real application has its own store.
 */
@ApplicationScoped
@BasicAuthenticationMechanismDefinition(realmName = "switchboard-example")
public class ChatLogin implements IdentityStore {

    /** The test users and their passwords. */
    private static final Map<String, String> USERS = Map.of("alice", "alice-password", "bob", "bob-password");

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential login)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        String expected = USERS.get(login.getCaller());
        if (expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                login.getPasswordAsString().getBytes(StandardCharsets.UTF_8))) {
            return new CredentialValidationResult(login.getCaller(), Set.of("chat"));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }
}
