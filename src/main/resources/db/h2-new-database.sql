-- H2 2.4.240;
CREATE CACHED TABLE "public"."flyway_schema_history"(
    "installed_rank" INTEGER NOT NULL,
    "version" CHARACTER VARYING(50),
    "description" CHARACTER VARYING(200) NOT NULL,
    "type" CHARACTER VARYING(20) NOT NULL,
    "script" CHARACTER VARYING(1000) NOT NULL,
    "checksum" INTEGER,
    "installed_by" CHARACTER VARYING(100) NOT NULL,
    "installed_on" TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "execution_time" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL
);
ALTER TABLE "public"."flyway_schema_history" ADD CONSTRAINT "public"."flyway_schema_history_pk" PRIMARY KEY("installed_rank");
-- 16 +/- SELECT COUNT(*) FROM public.flyway_schema_history;
INSERT INTO "public"."flyway_schema_history" VALUES
(-1, NULL, '<< Flyway Schema History table created >>', 'TABLE', '', NULL, 'sa', TIMESTAMP '2026-12-07 08:02:37.375644', 0, TRUE),
(1, '1', 'notifications', 'SQL', 'V1__notifications.sql', 1875115343, 'sa', TIMESTAMP '2026-12-07 08:02:37.382495', 2, TRUE),
(2, '2', 'drop file ledger', 'SQL', 'V2__drop_file_ledger.sql', 596227894, 'sa', TIMESTAMP '2026-12-07 08:02:37.385362', 0, TRUE),
(3, '5', 'delivery retries and dead letters', 'SQL', 'V5__delivery_retries_and_dead_letters.sql', 991360826, 'sa', TIMESTAMP '2026-12-07 08:02:37.415504', 27, TRUE),
(4, '6', 'idempotency keys', 'SQL', 'V6__idempotency_keys.sql', 786585177, 'sa', TIMESTAMP '2026-12-07 08:02:37.41913', 1, TRUE),
(5, '7', 'website throttle', 'SQL', 'V7__website_throttle.sql', 714145008, 'sa', TIMESTAMP '2026-12-07 08:02:37.423199', 2, TRUE),
(6, '8', 'reply error', 'SQL', 'V8__reply_error.sql', -1824210137, 'sa', TIMESTAMP '2026-12-07 08:02:37.427538', 2, TRUE),
(7, '9', 'encrypted access tokens', 'SQL', 'V9__encrypted_access_tokens.sql', -1139933179, 'sa', TIMESTAMP '2026-12-07 08:02:37.429694', 0, TRUE),
(8, '10', 'delivery statuses', 'SQL', 'V10__delivery_statuses.sql', 129744941, 'sa', TIMESTAMP '2026-12-07 08:02:37.434279', 1, TRUE),
(9, '11', 'status callbacks', 'SQL', 'V11__status_callbacks.sql', 132383347, 'sa', TIMESTAMP '2026-12-07 08:02:37.44579', 9, TRUE),
(10, '12', 'account templates', 'SQL', 'V12__account_templates.sql', -1660877004, 'sa', TIMESTAMP '2026-12-07 08:02:37.481453', 28, TRUE),
(11, '13', 'process leases', 'SQL', 'V13__process_leases.sql', 321866465, 'sa', TIMESTAMP '2026-12-07 08:02:37.500716', 11, TRUE),
(12, '20', 'drop ledger notification id', 'SQL', 'V20__drop_ledger_notification_id.sql', 494828301, 'sa', TIMESTAMP '2026-12-07 08:02:37.50518', 2, TRUE),
(13, '21', 'retention', 'SQL', 'V21__retention.sql', 1239644437, 'sa', TIMESTAMP '2026-12-07 08:02:37.510297', 2, TRUE),
(14, '22', 'rate limit buckets', 'SQL', 'V22__rate_limit_buckets.sql', 883966018, 'sa', TIMESTAMP '2026-12-07 08:02:37.51315', 0, TRUE),
(15, '23', 'drop file locks', 'SQL', 'V23__drop_file_locks.sql', -680746247, 'sa', TIMESTAMP '2026-12-07 08:02:37.517654', 2, TRUE);
CREATE INDEX "public"."flyway_schema_history_s_idx" ON "public"."flyway_schema_history"("success" NULLS LAST);
CREATE CACHED TABLE "public"."notifications"(
    "id" CHARACTER VARYING(36) NOT NULL,
    "website_id" CHARACTER VARYING(64) NOT NULL,
    "template_id" CHARACTER VARYING(64),
    "destination" CHARACTER VARYING(32),
    "channel" CHARACTER VARYING(32) NOT NULL,
    "status" CHARACTER VARYING(16) NOT NULL,
    "code" CHARACTER VARYING(32),
    "provider_message_id" CHARACTER VARYING(128),
    "error" CHARACTER VARYING(1000),
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "attempts" INTEGER DEFAULT 0 NOT NULL,
    "next_attempt_at" TIMESTAMP,
    "payload" CHARACTER VARYING(100000),
    "request_json" CHARACTER VARYING(100000),
    "claim_token" CHARACTER VARYING(36),
    "reply_error" CHARACTER VARYING(1000),
    "owner" CHARACTER VARYING(36),
    "called_at" TIMESTAMP
);
ALTER TABLE "public"."notifications" ADD CONSTRAINT "public"."CONSTRAINT_4" PRIMARY KEY("id");
-- 0 +/- SELECT COUNT(*) FROM public.notifications;
CREATE INDEX "public"."notifications_website_created" ON "public"."notifications"("website_id" NULLS LAST, "created_at" NULLS LAST);
CREATE INDEX "public"."notifications_due" ON "public"."notifications"("status" NULLS LAST, "next_attempt_at" NULLS LAST);
CREATE INDEX "public"."notifications_provider_message" ON "public"."notifications"("provider_message_id" NULLS LAST);
CREATE INDEX "public"."notifications_created" ON "public"."notifications"("created_at" NULLS LAST);
CREATE CACHED TABLE "public"."api_keys"(
    "id" CHARACTER VARYING(36) NOT NULL,
    "website_id" CHARACTER VARYING(64) NOT NULL,
    "key_hash" CHARACTER VARYING(64) NOT NULL,
    "key_prefix" CHARACTER VARYING(16) NOT NULL,
    "created_at" TIMESTAMP NOT NULL
);
ALTER TABLE "public"."api_keys" ADD CONSTRAINT "public"."CONSTRAINT_3" PRIMARY KEY("id");
-- 0 +/- SELECT COUNT(*) FROM public.api_keys;
CREATE INDEX "public"."api_keys_website" ON "public"."api_keys"("website_id" NULLS LAST);
CREATE CACHED TABLE "public"."process_leases"(
    "process_id" CHARACTER VARYING(36) NOT NULL,
    "started_at" TIMESTAMP NOT NULL,
    "renewed_at" TIMESTAMP NOT NULL
);
ALTER TABLE "public"."process_leases" ADD CONSTRAINT "public"."CONSTRAINT_F" PRIMARY KEY("process_id");
-- 0 +/- SELECT COUNT(*) FROM public.process_leases;
CREATE CACHED TABLE "public"."dead_letters"(
    "id" CHARACTER VARYING(36) NOT NULL,
    "notification_id" CHARACTER VARYING(36) NOT NULL,
    "website_id" CHARACTER VARYING(64) NOT NULL,
    "channel" CHARACTER VARYING(32) NOT NULL,
    "template_id" CHARACTER VARYING(64),
    "destination" CHARACTER VARYING(32),
    "request_json" CHARACTER VARYING(100000) NOT NULL,
    "error_code" CHARACTER VARYING(32),
    "last_error" CHARACTER VARYING(1000),
    "attempts" INTEGER NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "replayed_at" TIMESTAMP,
    "replay_notification_id" CHARACTER VARYING(36),
    "replay_code" CHARACTER VARYING(32)
);
ALTER TABLE "public"."dead_letters" ADD CONSTRAINT "public"."CONSTRAINT_C" PRIMARY KEY("id");
-- 0 +/- SELECT COUNT(*) FROM public.dead_letters;
CREATE INDEX "public"."dead_letters_notification" ON "public"."dead_letters"("notification_id" NULLS LAST);
CREATE INDEX "public"."dead_letters_website_created" ON "public"."dead_letters"("website_id" NULLS LAST, "created_at" NULLS LAST);
CREATE INDEX "public"."dead_letters_replayed" ON "public"."dead_letters"("replayed_at" NULLS LAST);
CREATE CACHED TABLE "public"."retention_lease"(
    "name" CHARACTER VARYING(32) NOT NULL,
    "holder" CHARACTER VARYING(64),
    "expires_at" TIMESTAMP NOT NULL
);
ALTER TABLE "public"."retention_lease" ADD CONSTRAINT "public"."CONSTRAINT_2" PRIMARY KEY("name");
-- 1 +/- SELECT COUNT(*) FROM public.retention_lease;
INSERT INTO "public"."retention_lease" VALUES
('purge', NULL, TIMESTAMP '2000-01-01 00:00:00');
CREATE CACHED TABLE "public"."delivery_statuses"(
    "id" CHARACTER VARYING(36) NOT NULL,
    "provider_message_id" CHARACTER VARYING(128) NOT NULL,
    "status" CHARACTER VARYING(16) NOT NULL,
    "status_at" TIMESTAMP NOT NULL,
    "error_code" CHARACTER VARYING(32),
    "error_title" CHARACTER VARYING(200),
    "error_details" CHARACTER VARYING(1000),
    "state" CHARACTER VARYING(16) NOT NULL,
    "notification_id" CHARACTER VARYING(36),
    "claim_token" CHARACTER VARYING(36),
    "attempts" INTEGER DEFAULT 0 NOT NULL,
    "received_at" TIMESTAMP NOT NULL,
    "applied_at" TIMESTAMP,
    "callback_data" CHARACTER VARYING(512)
);
ALTER TABLE "public"."delivery_statuses" ADD CONSTRAINT "public"."CONSTRAINT_1" PRIMARY KEY("id");
-- 0 +/- SELECT COUNT(*) FROM public.delivery_statuses;
CREATE INDEX "public"."delivery_statuses_state" ON "public"."delivery_statuses"("state" NULLS LAST, "received_at" NULLS LAST);
CREATE INDEX "public"."delivery_statuses_notification" ON "public"."delivery_statuses"("notification_id" NULLS LAST);
CREATE CACHED TABLE "public"."templates"(
    "website_id" CHARACTER VARYING(64) NOT NULL,
    "template_id" CHARACTER VARYING(64) NOT NULL,
    "name" CHARACTER VARYING(512) NOT NULL,
    "language" CHARACTER VARYING(16) NOT NULL,
    "type" CHARACTER VARYING(16) NOT NULL,
    "variables" CHARACTER VARYING(4000) NOT NULL,
    "media_link" CHARACTER VARYING(2048),
    "media_filename" CHARACTER VARYING(255),
    "updated_at" TIMESTAMP NOT NULL,
    "source" CHARACTER VARYING(16) DEFAULT 'ADMIN' NOT NULL,
    "status" CHARACTER VARYING(32),
    "category" CHARACTER VARYING(32),
    "parameter_format" CHARACTER VARYING(16),
    "components" CHARACTER VARYING(100000),
    "alias" CHARACTER VARYING(64),
    "retired_at" TIMESTAMP
);
ALTER TABLE "public"."templates" ADD CONSTRAINT "public"."CONSTRAINT_76" PRIMARY KEY("website_id", "template_id");
-- 0 +/- SELECT COUNT(*) FROM public.templates;
CREATE UNIQUE NULLS DISTINCT INDEX "public"."templates_website_alias" ON "public"."templates"("website_id" NULLS LAST, "alias" NULLS LAST);
CREATE CACHED TABLE "public"."status_callbacks"(
    "id" CHARACTER VARYING(36) NOT NULL,
    "website_id" CHARACTER VARYING(64) NOT NULL,
    "notification_id" CHARACTER VARYING(36) NOT NULL,
    "payload" CHARACTER VARYING(8000) NOT NULL,
    "state" CHARACTER VARYING(16) NOT NULL,
    "attempts" INTEGER DEFAULT 0 NOT NULL,
    "next_attempt_at" TIMESTAMP NOT NULL,
    "claim_token" CHARACTER VARYING(36),
    "last_error" CHARACTER VARYING(1000),
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL
);
ALTER TABLE "public"."status_callbacks" ADD CONSTRAINT "public"."CONSTRAINT_8" PRIMARY KEY("id");
-- 0 +/- SELECT COUNT(*) FROM public.status_callbacks;
CREATE INDEX "public"."status_callbacks_notification" ON "public"."status_callbacks"("notification_id" NULLS LAST);
CREATE INDEX "public"."status_callbacks_due" ON "public"."status_callbacks"("state" NULLS LAST, "next_attempt_at" NULLS LAST);
CREATE INDEX "public"."status_callbacks_website" ON "public"."status_callbacks"("website_id" NULLS LAST, "created_at" NULLS LAST);
CREATE INDEX "public"."status_callbacks_finished" ON "public"."status_callbacks"("state" NULLS LAST, "updated_at" NULLS LAST);
CREATE CACHED TABLE "public"."websites"(
    "id" CHARACTER VARYING(64) NOT NULL,
    "name" CHARACTER VARYING(200) NOT NULL,
    "phone_number_id" CHARACTER VARYING(64) NOT NULL,
    "access_token" CHARACTER VARYING(2048) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "paused_until" TIMESTAMP,
    "pause_reason" CHARACTER VARYING(200),
    "throttle_per_second" INTEGER,
    "callback_url" CHARACTER VARYING(2048),
    "callback_secret" CHARACTER VARYING(512),
    "business_account_id" CHARACTER VARYING(64)
);
ALTER TABLE "public"."websites" ADD CONSTRAINT "public"."CONSTRAINT_D" PRIMARY KEY("id");
-- 0 +/- SELECT COUNT(*) FROM public.websites;
CREATE CACHED TABLE "public"."idempotency_keys"(
    "website_id" CHARACTER VARYING(64) NOT NULL,
    "idempotency_key" CHARACTER VARYING(255) NOT NULL,
    "notification_id" CHARACTER VARYING(36) NOT NULL,
    "response_json" CHARACTER VARYING(100000),
    "created_at" TIMESTAMP NOT NULL,
    "owner" CHARACTER VARYING(36)
);
ALTER TABLE "public"."idempotency_keys" ADD CONSTRAINT "public"."CONSTRAINT_5" PRIMARY KEY("website_id", "idempotency_key");
-- 0 +/- SELECT COUNT(*) FROM public.idempotency_keys;
CREATE INDEX "public"."idempotency_keys_created" ON "public"."idempotency_keys"("created_at" NULLS LAST);
CREATE CACHED TABLE "public"."rate_limit_buckets"(
    "id" CHARACTER VARYING(255) NOT NULL,
    "state" BINARY VARYING
);
ALTER TABLE "public"."rate_limit_buckets" ADD CONSTRAINT "public"."CONSTRAINT_B" PRIMARY KEY("id");
-- 0 +/- SELECT COUNT(*) FROM public.rate_limit_buckets;
CREATE CACHED TABLE "public"."camel_messageprocessed"(
    "processorname" CHARACTER VARYING(255) NOT NULL,
    "messageid" CHARACTER VARYING(1024) NOT NULL,
    "createdat" TIMESTAMP NOT NULL,
    "notification_id" CHARACTER VARYING(36)
);
ALTER TABLE "public"."camel_messageprocessed" ADD CONSTRAINT "public"."CONSTRAINT_78" PRIMARY KEY("processorname", "messageid");
-- 0 +/- SELECT COUNT(*) FROM public.camel_messageprocessed;
CREATE INDEX "public"."camel_messageprocessed_created" ON "public"."camel_messageprocessed"("createdat" NULLS LAST);
ALTER TABLE "public"."delivery_statuses" ADD CONSTRAINT "public"."delivery_statuses_once" UNIQUE NULLS DISTINCT ("provider_message_id", "status");
ALTER TABLE "public"."api_keys" ADD CONSTRAINT "public"."CONSTRAINT_39" FOREIGN KEY("website_id") REFERENCES "public"."websites"("id") ON DELETE CASCADE NOCHECK;
ALTER TABLE "public"."templates" ADD CONSTRAINT "public"."CONSTRAINT_7" FOREIGN KEY("website_id") REFERENCES "public"."websites"("id") ON DELETE CASCADE NOCHECK;
