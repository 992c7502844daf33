/**
 * The JDBC health probe: {@link dev.runner.jdbc.JdbcProbe}, made from a JDBC URL or from the
 * application's {@link javax.sql.DataSource}, and the factory that serves the {@code jdbc} scheme
 * to {@link dev.runner.HealthProbe#of}.
 */
package dev.runner.jdbc;
