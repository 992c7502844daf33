/**
 * A JDBC health probe for Runner: {@code HealthProbe.of("jdbc:postgresql://db:5432/app")} or
 * {@link dev.runner.jdbc.JdbcProbe#of(javax.sql.DataSource)}.
 *
 * <p>Users need not require this module: with its jar on the module path (or the class path),
 * {@code ServiceLoader} finds its {@link dev.runner.spi.HealthProbeFactory}. The JDBC driver is
 * found by {@link java.sql.DriverManager} on the class path or as an automatic module.
 */
module dev.runner.plugins.jdbc {
    requires transitive dev.runner;
    requires transitive java.sql;

    exports dev.runner.jdbc;

    provides dev.runner.spi.HealthProbeFactory with dev.runner.jdbc.JdbcProbeFactory;
}
