-- 001_init: the sluice schema (SPEC §7).
-- Runs unchanged on PGlite (embedded) and PostgreSQL 15+. No extensions.
-- Time columns are timestamptz; the pipeline's epoch-ms event times are
-- converted on insert. Idempotent sink writes rely on the natural keys below.

-- Telemetry --------------------------------------------------------------

create table readings (
  machine   text not null,
  sensor    text not null,
  ts        timestamptz not null,
  value     double precision not null,
  unit      text,
  quality   text check (quality in ('good', 'uncertain', 'bad')),
  label     text,
  source_id text,
  primary key (machine, sensor, ts)
);
create index readings_machine_ts_idx on readings (machine, ts);

create table aggregates (
  machine      text not null,
  sensor       text not null,
  window_start timestamptz not null,
  window_end   timestamptz not null,
  unit         text,
  count        integer not null,
  mean         double precision,
  min          double precision,
  max          double precision,
  stddev       double precision,
  last         double precision,
  slope        double precision,
  label        text,
  updated_at   timestamptz not null default now(),
  primary key (machine, sensor, window_start, window_end)
);
create index aggregates_machine_end_idx on aggregates (machine, window_end);

create table anomalies (
  id           bigserial primary key,
  ts           timestamptz not null,
  machine      text not null,
  sensor       text not null default '',
  detector     text not null,
  score        double precision not null,
  is_anomaly   boolean not null,
  severity     text check (severity in ('info', 'warning', 'critical')),
  value        double precision,
  contributing text[] not null default '{}',
  message      text,
  label        text,
  scores       jsonb,
  unique (machine, detector, sensor, ts)
);
create index anomalies_machine_ts_idx on anomalies (machine, ts);

create table rul_estimates (
  machine     text not null,
  ts          timestamptz not null,
  method      text not null,
  hours       double precision not null,
  hours_lower double precision,
  hours_upper double precision,
  confidence  double precision,
  primary key (machine, method, ts)
);

create table alerts (
  id              text primary key,
  machine         text not null,
  sensor          text,
  detector        text,
  severity        text not null check (severity in ('info', 'warning', 'critical')),
  title           text not null,
  state           text not null check (state in ('open', 'acknowledged', 'cleared')),
  value           double precision,
  opened_at       timestamptz not null,
  updated_at      timestamptz not null,
  acknowledged_at timestamptz,
  acknowledged_by text,
  cleared_at      timestamptz
);
create index alerts_machine_state_idx on alerts (machine, state);

create table dlq (
  id          bigserial primary key,
  ts          timestamptz not null,
  component   text not null,
  reason      text not null,
  record      jsonb,
  source      text,
  received_at timestamptz not null default now()
);
-- A replayed rejection is the same row: jsonb text is canonical.
create unique index dlq_natural_key on dlq (component, ts, reason, md5(record::text));

-- Catalog and assets -----------------------------------------------------

create table machines (
  id         text primary key,
  name       text not null,
  kind       text,
  location   text,
  tenant_id  text not null default 'default',
  meta       jsonb not null default '{}',
  created_at timestamptz not null default now()
);
insert into machines (id, name) values ('A', 'Alpha'), ('B', 'Beta'), ('C', 'Gamma');

create table sensors (
  id            bigserial primary key,
  name          text not null,
  machine       text references machines (id) on delete cascade, -- null: every machine
  label         text,
  category      text not null check (
    category in ('environmental', 'mechanical', 'thermal', 'electrical', 'fluid', 'custom')
  ),
  unit          text not null,
  min_value     double precision,
  max_value     double precision,
  warning_low   double precision,
  warning_high  double precision,
  critical_low  double precision,
  critical_high double precision,
  frequency_hz  double precision check (frequency_hz > 0),
  description   text,
  is_custom     boolean not null default false,
  created_by    text,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  unique nulls not distinct (name, machine)
);

-- People and access ------------------------------------------------------

create table users (
  id            bigserial primary key,
  username      text not null unique,
  email         text unique,
  password_hash text not null,
  role          text not null check (role in ('admin', 'operator')),
  tenant_id     text not null default 'default',
  disabled      boolean not null default false,
  created_at    timestamptz not null default now(),
  last_login_at timestamptz
);

create table sessions (
  token_hash text primary key,
  user_id    bigint not null references users (id) on delete cascade,
  csrf_token text,
  ip         text,
  user_agent text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);

create table machine_assignments (
  user_id     bigint not null references users (id) on delete cascade,
  machine_id  text not null references machines (id) on delete cascade,
  assigned_by bigint references users (id) on delete set null,
  assigned_at timestamptz not null default now(),
  primary key (user_id, machine_id)
);

create table api_keys (
  id           bigserial primary key,
  name         text not null,
  prefix       text not null, -- first characters, shown to tell keys apart
  key_hash     text not null unique, -- never the key itself
  user_id      bigint references users (id) on delete cascade,
  scopes       text[] not null default '{}',
  created_at   timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

-- Models and reports -----------------------------------------------------

create table models (
  id           bigserial primary key,
  name         text not null,
  version      integer not null,
  kind         text not null,
  params       jsonb not null default '{}',
  metrics      jsonb not null default '{}',
  trained_from timestamptz,
  trained_to   timestamptz,
  blob         bytea,
  path         text,
  created_at   timestamptz not null default now(),
  unique (name, version)
);

create table reports (
  id         bigserial primary key,
  kind       text not null,
  machine    text,
  title      text not null,
  format     text not null default 'pdf',
  content    bytea,
  path       text,
  meta       jsonb not null default '{}',
  created_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now()
);

-- Audit (hash-chained) ---------------------------------------------------

create table audit_logs_v2 (
  id              bigserial primary key,
  ts              timestamptz not null default now(),
  user_id         bigint,
  username        text,
  role            text,
  api_key_id      bigint, -- an API key is its own principal
  ip              text,
  user_agent      text,
  action          text not null check (
    action in ('INGEST', 'CREATE', 'READ', 'UPDATE', 'DELETE', 'PARSE', 'LOGIN', 'LOGOUT', 'EXPORT')
  ),
  resource_type   text not null,
  resource_id     text,
  previous_state  jsonb,
  new_state       jsonb,
  retention_until timestamptz,
  prev_hash       text,
  hash_chain      text not null
);
create index audit_logs_v2_ts_idx on audit_logs_v2 (ts);

-- Engine state -----------------------------------------------------------

create table stream_checkpoints (
  pipeline   text not null,
  component  text not null,
  partition  integer not null default 0,
  state      jsonb,
  offsets    jsonb,
  updated_at timestamptz not null default now(),
  primary key (pipeline, component, partition)
);
