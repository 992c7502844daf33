package dev.runner.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DriverTimeoutsTest {

    @Test
    void postgresqlGetsAllThreeTimeoutsInWholeSecondsRoundedUp() {
        Properties properties = DriverTimeouts.forUrl("jdbc:postgresql://db/app", Duration.ofMillis(1500), new Properties());

        assertEquals("2", properties.getProperty("connectTimeout"));
        assertEquals("2", properties.getProperty("socketTimeout"));
        assertEquals("2", properties.getProperty("loginTimeout"));
    }

    @Test
    void subSecondTimeoutIsNeverZeroWhichWouldMeanNoTimeout() {
        assertEquals(1, DriverTimeouts.seconds(Duration.ofMillis(1)));
        assertEquals(1, DriverTimeouts.seconds(Duration.ZERO));
    }

    @Test
    void mysqlGetsMilliseconds() {
        Properties properties = DriverTimeouts.forUrl("jdbc:mysql://db/app", Duration.ofMillis(1500), new Properties());

        assertEquals("1500", properties.getProperty("connectTimeout"));
        assertEquals("1500", properties.getProperty("socketTimeout"));
    }

    @Test
    void userSettingsWinAndTheUsersObjectIsLeftAlone() {
        Properties given = new Properties();
        given.setProperty("socketTimeout", "30");

        Properties properties = DriverTimeouts.forUrl("jdbc:postgresql://db/app", Duration.ofSeconds(1), given);

        assertEquals("30", properties.getProperty("socketTimeout"));
        assertEquals("1", properties.getProperty("connectTimeout"));
        assertNull(given.getProperty("connectTimeout"));
    }

    @Test
    void unknownDriversGetNothingAdded() {
        Properties properties = DriverTimeouts.forUrl("jdbc:h2:mem:x", Duration.ofSeconds(1), new Properties());

        assertEquals(0, properties.size());
    }
}
