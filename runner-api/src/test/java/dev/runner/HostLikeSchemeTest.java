package dev.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which probe URIs read as a host written without {@code http://}, and which are real schemes. */
class HostLikeSchemeTest {

    @ParameterizedTest
    @CsvSource({
            "localhost:8080/health, http://localhost:8080/health",
            "LocalHost, http://LocalHost",
            "localhost/health, http://localhost/health",
            "127.0.0.1:8080/health, http://127.0.0.1:8080/health",
            "10.1.2.3, http://10.1.2.3",
            "[::1]:8080/health, http://[::1]:8080/health",
            "[::1], http://[::1]",
            "api.internal:9000/ready?full=1, http://api.internal:9000/ready?full=1",
            "db:5432, http://db:5432",
            "admin:hunter2@localhost:8080/health, http://admin:***@localhost:8080/health",
    })
    void aHostIsSuggestedWithHttp(String uri, String suggestion) {
        assertEquals(Optional.of(suggestion), HostLikeScheme.httpGuess(uri));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://db:5432/app",
            "nosuchscheme://db.example:5432/app",
            "http://localhost:8080/health",
            "mailto:someone@example.org",
            "jdbc:h2:mem:test",
            "db.example:notaport",
            "localhost:123456",
            "[::1]x",
            "api",
            "",
            "[]",
            "/@localhost",
    })
    void aRealSchemeOrAnythingElseIsLeftAlone(String uri) {
        assertEquals(Optional.empty(), HostLikeScheme.httpGuess(uri));
    }
}
