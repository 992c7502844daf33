package dev.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** How the engine words counts, names, causes and durations in the messages people read. */
class MessageWordingTest {

    @Test
    void aCountTakesThePluralExceptForOne() {
        assertEquals("0 services", Messages.count(0, "service"));
        assertEquals("1 service", Messages.count(1, "service"));
        assertEquals("2 restarts", Messages.count(2, "restart"));
    }

    @Test
    void aNameIsQuoted() {
        assertEquals("\"db\"", Messages.quote("db"));
    }

    @Test
    void aCauseIsDescribedByItsMessageElseByItsClass() {
        assertEquals("connection refused", Messages.describe(new IllegalStateException("connection refused")));
        assertEquals("java.lang.IllegalStateException", Messages.describe(new IllegalStateException()));
        assertEquals("java.lang.IllegalStateException", Messages.describe(new IllegalStateException("  ")));
        assertEquals("unknown cause", Messages.describe(null));
    }

    @Test
    void aDurationBelowASecondReadsInMilliseconds() {
        assertEquals("0ms", Messages.format(Duration.ZERO));
        assertEquals("250ms", Messages.format(Duration.ofMillis(250)));
        assertEquals("999ms", Messages.format(Duration.ofMillis(999)));
    }

    @Test
    void aDurationOfASecondOrMoreReadsInSecondsWithAFractionOnlyWhenItHasOne() {
        assertEquals("1s", Messages.format(Duration.ofSeconds(1)));
        assertEquals("1.5s", Messages.format(Duration.ofMillis(1500)));
        assertEquals("90s", Messages.format(Duration.ofSeconds(90)));
    }

    @Test
    void aDurationOfAThousandYearsOrMoreReadsAsForever() {
        Duration thousandYears = Duration.ofDays(365L * 1000);

        assertEquals("forever", Messages.format(thousandYears));
        assertEquals("forever", Messages.format(ChronoUnit.FOREVER.getDuration()));
        assertEquals(thousandYears.minusSeconds(1).toSeconds() + "s", Messages.format(thousandYears.minusSeconds(1)));
    }
}
