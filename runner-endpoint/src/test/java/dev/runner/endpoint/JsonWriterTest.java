package dev.runner.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonWriterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void nestedObjectsAndArraysGetTheirCommas() throws Exception {
        String json = new JsonWriter().beginObject()
                .name("a").value(1)
                .name("b").beginArray().value(true).value("x").beginObject().endObject().beginArray().endArray().endArray()
                .name("c").beginObject().name("d").value((String) null).name("e").value(false).endObject()
                .name("f").value(Instant.parse("2025-01-02T03:04:05Z"))
                .endObject().toString();

        assertEquals("{\"a\":1,\"b\":[true,\"x\",{},[]],\"c\":{\"d\":null,\"e\":false},\"f\":\"2025-01-02T03:04:05Z\"}", json);
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        String json = new JsonWriter().value("a\"b\\c\nd\re\tf\bg\fh\u0001i\u001fj\u2028k").toString();

        assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001i\\u001fj\\u2028k\"", json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "</script><script>alert(1)</script>", "quote \" and \\ backslash",
            "tab\tnew\nline\u0000nul", "emoji \uD83D\uDE80 pair", "line\u2028para\u2029sep", "\u00e9\u4e2d\u0416"})
    void anyStringReadsBackAsItself(String text) throws Exception {
        String json = new JsonWriter().beginObject().name(text).value(text).endObject().toString();

        JsonNode node = MAPPER.readTree(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(text, node.get(text).asText());
    }

    @Test
    void anUnpairedSurrogateIsWrittenAsAnEscapeSoTheUtf8BytesStayValid() throws Exception {
        String json = new JsonWriter().value("a\uD800b\uDC00c").toString();

        assertEquals("\"a\\ud800b\\udc00c\"", json);
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        assertEquals(json, new String(utf8, StandardCharsets.UTF_8));
    }
}
