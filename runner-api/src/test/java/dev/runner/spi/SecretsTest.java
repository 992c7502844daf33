package dev.runner.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", textBlock = """
            http://alice:s3cret@host:8080/health => http://alice:***@host:8080/health
            https://alice:p@ss@host/x => https://alice:***@host/x
            jdbc:postgresql://bob:s3cret@db:5432/app => jdbc:postgresql://bob:***@db:5432/app
            jdbc:postgresql://db:5432/app?user=bob&password=s3cret&ssl=true => jdbc:postgresql://db:5432/app?user=bob&password=***&ssl=true
            jdbc:mysql://db/app?user=bob&PASSWORD=s3cret => jdbc:mysql://db/app?user=bob&PASSWORD=***
            jdbc:sqlserver://db:1433;user=bob;password=s3cret;encrypt=true => jdbc:sqlserver://db:1433;user=bob;password=***;encrypt=true
            jdbc:postgresql://db/app?sslpassword=s3cret => jdbc:postgresql://db/app?sslpassword=***
            http://host/health?access_token=abc123&x=1 => http://host/health?access_token=***&x=1
            http://host/health?token=abc123 => http://host/health?token=***
            http://host/health?client_secret=abc123 => http://host/health?client_secret=***
            http://host/health?api_key=abc123 => http://host/health?api_key=***
            """)
    void maskUriHidesPasswordsAndTokens(String raw, String masked) {
        assertEquals(masked, Secrets.maskUri(raw));
        assertEquals(masked, Secrets.mask(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://db:5432/app",
            "jdbc:postgresql://bob@db:5432/app?ssl=true",
            "http://127.0.0.1:8080/health?verbose=1",
            "jdbc:h2:mem:test;DB_CLOSE_DELAY=-1",
            "jdbc:postgresql://db1:5432,db2:5432/app",
    })
    void maskUriLeavesUrlsWithoutSecretsAlone(String uri) {
        assertEquals(uri, Secrets.maskUri(uri));
    }

    @Test
    void maskUriFindsSecretsInsideLongerText() {
        String text = "No suitable driver found for jdbc:foo://u:hunter2@db/app?password=hunter2 (tried 2)";
        String masked = Secrets.maskUri(text);
        assertFalse(masked.contains("hunter2"), masked);
        assertTrue(masked.startsWith("No suitable driver found for jdbc:foo://u:***@db/app"), masked);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", textBlock = """
            Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc => Authorization: Bearer ***
            authorization=Basic YWxpY2U6czNjcmV0 => authorization=Basic ***
            Proxy-Authorization: s3cretvalue => Proxy-Authorization: ***
            headers {Authorization=[Bearer abcdefgh123]} => headers {Authorization=[Bearer ***]}
            sent bearer abcdefgh12345 to host => sent bearer *** to host
            """)
    void maskHidesAuthorizationCredentials(String raw, String masked) {
        assertEquals(masked, Secrets.mask(raw));
    }

    @Test
    void maskHidesSecretFieldsOfJson() {
        String json = "{\"status\":\"DOWN\",\"db_password\": \"hun\\\"ter2\", \"apiToken\":12345,\"user\":\"bob\"}";

        assertEquals("{\"status\":\"DOWN\",\"db_password\": \"***\", \"apiToken\":\"***\",\"user\":\"bob\"}",
                Secrets.mask(json));
    }

    @Test
    void maskLeavesPlainTextAlone() {
        String text = "connection refused: 127.0.0.1:5432 (authorization header missing)";
        assertEquals(text, Secrets.mask(text));
    }

    @Test
    void nullStaysNull() {
        assertNull(Secrets.maskUri(null));
        assertNull(Secrets.mask(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "proxy-authorization", "Cookie", "Set-Cookie", "X-Api-Key",
            "X-Auth-Token", "X-Client-Secret"})
    void secretHeadersAreRecognisedInAnyCase(String name) {
        assertTrue(Secrets.isSecretHeader(name));
        assertTrue(Secrets.isSecretHeader(name.toUpperCase()));
        assertEquals(Secrets.MASK, Secrets.maskHeader(name, "value"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Accept", "User-Agent", "X-Request-Id", "Content-Type"})
    void ordinaryHeadersAreShown(String name) {
        assertFalse(Secrets.isSecretHeader(name));
        assertEquals("value", Secrets.maskHeader(name, "value"));
    }

    @Test
    void secretNamesAreRecognised() {
        assertTrue(Secrets.isSecretName("password"));
        assertTrue(Secrets.isSecretName("sslPassword"));
        assertTrue(Secrets.isSecretName("ACCESS_TOKEN"));
        assertFalse(Secrets.isSecretName("user"));
        assertFalse(Secrets.isSecretName("connectTimeout"));
    }
}
