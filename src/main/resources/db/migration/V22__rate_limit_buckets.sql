-- Rate limits counted for the whole cluster (io.hsmgateway.limits): on PostgreSQL, the per-number and per-key buckets
-- are rows here, kept by Bucket4j (its PostgreSQL integration, SELECT ... FOR UPDATE then UPDATE, one short transaction
-- per message or request). A row is named by what it counts and its limit ("hsm-limits:number:<phone number id>@80",
-- "hsm-limits:key:<api key hash>@3"); its state is Bucket4j's (tokens left, last refill), serialized. One row per
-- number and per key and limit used: few, so nothing purges them. On H2 (one node) the table stays empty: limits are
-- counted in memory there.
CREATE TABLE rate_limit_buckets (
    id    VARCHAR(255) NOT NULL PRIMARY KEY,
    state BYTEA
);
