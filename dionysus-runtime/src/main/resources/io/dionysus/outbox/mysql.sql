-- Dionysus transactional outbox, MySQL 8 / MariaDB 10.6+. Idempotent. Needs FOR UPDATE SKIP LOCKED (MySQL 8.0.1+).
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
    created_at     TIMESTAMP(6) NOT NULL,
    updated_at     TIMESTAMP(6) NOT NULL,
    published_at   TIMESTAMP(6) NULL,
    failed_at      TIMESTAMP(6) NULL,
    retry_at       TIMESTAMP(6) NULL,
    error_class    VARCHAR(255),
    error_message  TEXT,
    INDEX index_dionysus_outboxes_unpublished (published_at, id),
    INDEX index_dionysus_outboxes_on_resource_class_and_resource_id (resource_class, resource_id)
) CHARACTER SET utf8mb4;
