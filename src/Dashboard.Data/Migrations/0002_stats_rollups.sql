-- 0002: per-minute stats rollups (min/avg/max of what graphs show), kept for Engine:StatsRollupDays and pruned.
-- Shipped migrations are immutable: add 0003_... to change this.

-- One row per container and minute. minute_s is the minute's start as Unix seconds (UTC). There is deliberately no
-- foreign key to containers: history outlives a removed container until it is pruned.
CREATE TABLE stats_rollups (
    container_id      TEXT    NOT NULL,
    minute_s          INTEGER NOT NULL,
    samples           INTEGER NOT NULL,
    cpu_min           REAL    NOT NULL,  -- percent of one CPU, as docker stats shows it
    cpu_avg           REAL    NOT NULL,
    cpu_max           REAL    NOT NULL,
    mem_min           REAL    NOT NULL,  -- bytes
    mem_avg           REAL    NOT NULL,
    mem_max           REAL    NOT NULL,
    ws_min            REAL    NOT NULL,  -- working set, bytes
    ws_avg            REAL    NOT NULL,
    ws_max            REAL    NOT NULL,
    pids_min          REAL    NOT NULL,
    pids_avg          REAL    NOT NULL,
    pids_max          REAL    NOT NULL,
    rx_min            REAL    NOT NULL,  -- network receive, bytes per second
    rx_avg            REAL    NOT NULL,
    rx_max            REAL    NOT NULL,
    tx_min            REAL    NOT NULL,
    tx_avg            REAL    NOT NULL,
    tx_max            REAL    NOT NULL,
    blk_read_min      REAL    NOT NULL,  -- block I/O, bytes per second
    blk_read_avg      REAL    NOT NULL,
    blk_read_max      REAL    NOT NULL,
    blk_write_min     REAL    NOT NULL,
    blk_write_avg     REAL    NOT NULL,
    blk_write_max     REAL    NOT NULL,
    throttled_periods INTEGER NOT NULL,  -- CFS periods throttled within the minute
    memory_limit      INTEGER,           -- bytes; NULL = unlimited
    cpu_limit         REAL,              -- CPUs (quota/period); NULL = unlimited
    PRIMARY KEY (container_id, minute_s)
) STRICT, WITHOUT ROWID;

-- Pruning deletes by age across all containers.
CREATE INDEX ix_stats_rollups_minute_s ON stats_rollups (minute_s);
