package io.dionysus.spring.boot;

import io.dionysus.runtime.outbox.OutboxSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Creates {@code dionysus_outboxes} at startup, idempotently, when {@code dionysus.schema.mode} asks for it:
 * {@code always}, or {@code embedded} (the default) on an embedded database (H2, HSQLDB, Derby). With
 * {@code never}, Flyway or Liquibase create it from {@code db/migration/dionysus/{vendor}} or
 * {@code db/changelog/dionysus-changelog.yaml}.
 */
final class OutboxSchemaInitializer implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxSchemaInitializer.class);

    private final DataSource dataSource;
    private final DionysusProperties.SchemaMode mode;

    OutboxSchemaInitializer(DataSource dataSource, DionysusProperties.SchemaMode mode) {
        this.dataSource = dataSource;
        this.mode = mode;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        if (mode == DionysusProperties.SchemaMode.ALWAYS
                || mode == DionysusProperties.SchemaMode.EMBEDDED && embedded()) {
            OutboxSchema.install(dataSource);
            LOG.info("Dionysus outbox table ready (dionysus.schema.mode={})", mode.name().toLowerCase(Locale.ROOT));
        } else if (!tableExists()) {
            LOG.warn("The Dionysus outbox table dionysus_outboxes does not exist and dionysus.schema.mode={} does not"
                    + " create it here: add the migration (classpath:db/migration/dionysus/{vendor}) or set"
                    + " dionysus.schema.mode=always", mode.name().toLowerCase(Locale.ROOT));
        }
    }

    private boolean tableExists() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             java.sql.ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), null,
                     "dionysus_outboxes", null)) {
            return tables.next();
        }
    }

    private boolean embedded() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            return product.contains("h2") || product.contains("hsql") || product.contains("derby");
        }
    }
}
