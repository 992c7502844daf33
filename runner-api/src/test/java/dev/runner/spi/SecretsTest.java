package dev.runner.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", textBlock = """
            jdbc:postgresql://app:Pa55-w0rd@127.0.0.1:1/app => Pa55-w0rd
            https://alice:p%40ss@host/x => p%40ss | p@ss
            https://alice:p@ss@host/x => p@ss
            jdbc:postgresql://probe:wr/ng-pa55@localhost:5432/postgres => wr/ng-pa55
            http://u:p#ss@host/ => p#ss
            jdbc:oracle:thin:scott/tiger@//db:1521/orcl => tiger
            jdbc:sqlserver://db:1433;user=bob;password=s3cret;encrypt=true => s3cret
            http://host/health?token=a%2Bb+c&x=1 => a%2Bb+c | a+b+c | a+b c
            http://host/health?access_token=abc&api_key=k3y => abc | k3y
            http://u:p@host/x?email=a@b.example => p
            http://u:%70w@host/ => %70w | pw
            """)
    void valuesInFindsTheSecretsOfAUriAsWrittenAndDecoded(String uri, String values) {
        assertEquals(Set.of(values.split(" \\| ")), Secrets.valuesIn(uri));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://db:5432/app?user=bob",
            "jdbc:postgresql://bob@db:5432/app",
            "http://127.0.0.1:8080/health?verbose=1",
            "jdbc:postgresql://db/app?password=",
            "http://host/path@with-at",
    })
    void valuesInFindsNothingInAUriWithoutSecrets(String uri) {
        assertEquals(Set.of(), Secrets.valuesIn(uri));
    }

    @Test
    void valuesOfTakesTheValuesOfPropertiesNamedForSecretsOnly() {
        Properties properties = new Properties();
        properties.setProperty("user", "bob");
        properties.setProperty("password", "s3cret");
        properties.setProperty("sslPassword", "k3y-pass");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("apiToken", "");
        properties.put("token", 42);

        assertEquals(Set.of("s3cret", "k3y-pass"), Secrets.valuesOf(properties));
    }

    @Test
    void redactMasksEveryOccurrenceOfALongValueEvenInsideAWord() {
        String text = "java.net.UnknownHostException: app:Pa55-w0rd@127.0.0.1 (xPa55-w0rdx)";

        assertEquals("java.net.UnknownHostException: app:***@127.0.0.1 (x***x)",
                Secrets.redact(text, Set.of("Pa55-w0rd")));
    }

    @Test
    void redactMasksAShortValueOnlyWhereItStandsAlone() {
        assertEquals("The connection attempt failed: app:***@127.0.0.1",
                Secrets.redact("The connection attempt failed: app:a@127.0.0.1", Set.of("a")));
        assertEquals("tab ***-1, ***",
                Secrets.redact("tab ab-1, ab", Set.of("ab")));
        assertEquals("abc1 x***", Secrets.redact("abc1 x1234", Set.of("1234", "abc")),
                "from 4 characters on, every occurrence; shorter only alone");
        assertEquals("***: refused", Secrets.redact("ab: refused", Set.of("ab")), "alone at the very start");
    }

    @Test
    void redactMasksALongerValueWholeBeforeAShorterOneItHolds() {
        assertEquals("user *** and ***",
                Secrets.redact("user s3cret-and-more and s3cret", List.of("s3cret", "s3cret-and-more")));
    }

    @Test
    void redactIgnoresEmptyBlankAndMaskLikeValuesAndStillMasksByPattern() {
        String text = "no value: jdbc:postgresql://db/app?password=hunter2 * ** ";

        assertEquals("no value: jdbc:postgresql://db/app?password=*** * ** ",
                Secrets.redact(text, Set.of("", " ", "*", "**")));
        assertNull(Secrets.redact((String) null, Set.of("x")));
        assertThrows(NullPointerException.class, () -> Secrets.redact("x", Arrays.asList("a", null)));
    }

    @Test
    void redactedExceptionMasksTheWholeChainAndKeepsClassNamesAndStackTraces() {
        String password = "Pa55-w0rd";
        UnknownHostException host = new UnknownHostException("app:" + password + "@127.0.0.1");
        IllegalStateException failure = new IllegalStateException("connect to jdbc:postgresql://app:" + password + "@127.0.0.1:1/app failed", host);
        IOException suppressed = new IOException("while closing: " + password);
        failure.addSuppressed(suppressed);

        RedactedException redacted = Secrets.redact(failure, Set.of(password));

        assertEquals("java.lang.IllegalStateException", redacted.originalClassName());
        assertEquals("connect to jdbc:postgresql://app:***@127.0.0.1:1/app failed", redacted.getMessage());
        assertArrayEquals(failure.getStackTrace(), redacted.getStackTrace());
        RedactedException cause = (RedactedException) redacted.getCause();
        assertEquals("java.net.UnknownHostException: app:***@127.0.0.1", cause.toString());
        assertArrayEquals(host.getStackTrace(), cause.getStackTrace());
        RedactedException hidden = (RedactedException) redacted.getSuppressed()[0];
        assertEquals("java.io.IOException: while closing: ***", hidden.toString());
        StringWriter printed = new StringWriter();
        redacted.printStackTrace(new PrintWriter(printed));
        assertFalse(printed.toString().contains(password), printed.toString());
        assertTrue(printed.toString().contains("Caused by: java.net.UnknownHostException: app:***@127.0.0.1"),
                printed.toString());
    }

    @Test
    void redactedExceptionOfAChainThatLoopsLoopsTheSameWay() {
        RuntimeException first = new RuntimeException("first s3cret-1");
        RuntimeException second = new RuntimeException("second s3cret-1", first);
        first.initCause(second);

        RedactedException redacted = Secrets.redact(first, Set.of("s3cret-1"));

        assertEquals("second ***", redacted.getCause().getMessage());
        assertSame(redacted, redacted.getCause().getCause());
    }

    @Test
    void redactingARedactedExceptionKeepsTheFirstOriginalClassName() {
        RedactedException once = Secrets.redact(new IllegalStateException("pool closed: pw-12345"), Set.of());

        RedactedException twice = Secrets.redact(once, Set.of("pw-12345"));

        assertEquals("java.lang.IllegalStateException: pool closed: ***", twice.toString());
    }

    @Test
    void valuesFoundInAUriAreMaskedInWhatADriverEchoes() {
        Map<String, String> echoes = Map.of(
                "jdbc:postgresql://app:Pa55-w0rd@127.0.0.1:1/app", "UnknownHostException: app:Pa55-w0rd@127.0.0.1",
                "jdbc:postgresql://probe:wr/ng-pa55@localhost:1/db", "Unable to parse URL jdbc:postgresql://probe:wr/ng-pa55@localhost:1/db");
        echoes.forEach((uri, echo) -> {
            String masked = Secrets.redact(echo, Secrets.valuesIn(uri));
            assertTrue(masked.contains(Secrets.MASK), masked);
            for (String value : new HashSet<>(Secrets.valuesIn(uri))) {
                assertFalse(masked.contains(value), masked);
            }
        });
    }
}
