-- Dionysus transactional outbox, MySQL 8 / MariaDB 10.6+. Idempotent. Needs FOR UPDATE SKIP LOCKED (MySQL 8.0.1+,
-- MariaDB 10.6+). DATETIME(6), as Rails uses, not TIMESTAMP: no 2038 limit, and no implicit
-- "ON UPDATE CURRENT_TIMESTAMP" on created_at where explicit_defaults_for_timestamp is off.
-- Tested on MariaDB 11.4 (the test kit's EmbeddedMariaDb).
CREATE TABLE IF NOT EXISTS dionysus_outboxes (
    id             BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    resource_class VARCHAR(255) NOT NULL,
    resource_id    VARCHAR(255) NOT NULL,
    event_name     VARCHAR(255) NOT NULL,
    topic          VARCHAR(255) NOT NULL,
    partition_key  VARCHAR(255),
    message_key    VARCHAR(255) NOT NULL,
    payload        LONGTEXT,
    changeset      LONGTEXT,
    attempts       INT NOT NULL DEFAULT 0,
    created_at     DATETIME(6) NOT NULL,
    updated_at     DATETIME(6) NOT NULL,
    published_at   DATETIME(6) NULL,
    failed_at      DATETIME(6) NULL,
    retry_at       DATETIME(6) NULL,
    skipped_at     DATETIME(6) NULL,
    error_class    VARCHAR(255),
    error_message  TEXT,
    INDEX index_dionysus_outboxes_unpublished (published_at, id),
    INDEX index_dionysus_outboxes_on_resource_class_and_resource_id (resource_class, resource_id)
) CHARACTER SET utf8mb4;
