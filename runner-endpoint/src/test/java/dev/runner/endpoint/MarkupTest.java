package dev.runner.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class MarkupTest {

    @Test
    void markupCharactersAreEscaped() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;",
                Markup.escape("<script>alert(\"x\" & 'y')</script>"));
    }

    @Test
    void nullIsTheEmptyString() {
        assertEquals("", Markup.escape(null));
    }

    @Test
    void charactersXmlForbidsAreReplacedAndTheRestKept() {
        assertEquals("a\uFFFDb\uFFFDc\t\n\r\uFFFD\uFFFD\uD83D\uDE80",
                Markup.escape("a\u0000b\u001bc\t\n\r\uD800\uFFFE\uD83D\uDE80"));
    }

    @Test
    void anEscapedTextParsesBackAsItselfInContentAndAttributes() throws Exception {
        String nasty = "<b>\"quoted\" & 'single'</b> \uD83D\uDE80";
        String xml = "<r a=\"" + Markup.escape(nasty) + "\" b='" + Markup.escape(nasty) + "'>" + Markup.escape(nasty) + "</r>";

        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();

        assertEquals(nasty, root.getTextContent());
        assertEquals(nasty, root.getAttribute("a"));
        assertEquals(nasty, root.getAttribute("b"));
    }
}
