-- Records the file-drop and SFTP doors have taken (website/sha256-of-file/record-number), so that the
-- same file dropped again is not sent again, across restarts. Layout of Camel's JdbcMessageIdRepository,
-- with a messageId wide enough for our keys. Portable SQL (PostgreSQL and H2 in PostgreSQL mode).
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255) NOT NULL,
    messageId     VARCHAR(200) NOT NULL,
    createdAt     TIMESTAMP    NOT NULL,
    PRIMARY KEY (processorName, messageId)
);
