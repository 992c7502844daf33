package dev.runner.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** An SVG picture parsed by the JDK's XML parser, with the look-ups the tests need. */
record SvgDocument(Element root) {

    /** Parses {@code svg} as a standalone, namespace-aware XML document and checks it is an SVG picture. */
    static SvgDocument parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Element root = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals(Svg.NAMESPACE, root.getNamespaceURI());
        String[] viewBox = root.getAttribute("viewBox").split(" ");
        assertEquals(4, viewBox.length, "viewBox " + Arrays.toString(viewBox));
        assertTrue(Double.parseDouble(viewBox[2]) > 0 && Double.parseDouble(viewBox[3]) > 0, "viewBox has a size");
        assertFalse(svg.contains("<script"), "no script in a picture");
        assertFalse(svg.contains("href=\"http"), "no external resource");
        return new SvgDocument(root);
    }

    /** Returns the elements named {@code tag} whose class list holds {@code cssClass}, in document order. */
    List<Element> all(String tag, String cssClass) {
        return all(root, tag, cssClass);
    }

    /** Returns the elements under {@code parent} named {@code tag} whose class list holds {@code cssClass}. */
    static List<Element> all(Element parent, String tag, String cssClass) {
        NodeList nodes = parent.getElementsByTagNameNS(Svg.NAMESPACE, tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element element = (Element) nodes.item(i);
            if (cssClass == null || Arrays.asList(element.getAttribute("class").split(" ")).contains(cssClass)) {
                found.add(element);
            }
        }
        return found;
    }

    /** Returns the one element under {@code parent} named {@code tag} with class {@code cssClass}. */
    static Element one(Element parent, String tag, String cssClass) {
        List<Element> found = all(parent, tag, cssClass);
        assertEquals(1, found.size(), tag + "." + cssClass);
        return found.get(0);
    }

    /** Returns the title of the picture. */
    String title() {
        return root.getElementsByTagNameNS(Svg.NAMESPACE, "title").item(0).getTextContent();
    }

    /** Reads a numeric attribute. */
    static double number(Element element, String attribute) {
        return Double.parseDouble(element.getAttribute(attribute));
    }
}
