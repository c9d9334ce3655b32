-- Curation and bouquets (issue 11): the admin's overrides, rename rules and bouquets. Sync never writes
-- these tables; overrides hang on public ids, so an item that leaves its provider and comes back gets
-- them back. A null column means "the provider's value".
CREATE TABLE IF NOT EXISTS category_overrides (
  category_id  integer PRIMARY KEY REFERENCES categories (id) ON DELETE CASCADE,
  name         varchar(255),
  hidden       boolean NOT NULL DEFAULT false,
  position     integer,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS item_overrides (
  public_id       bigint PRIMARY KEY,
  name            varchar(500),
  hidden          boolean NOT NULL DEFAULT false,
  category_id     integer REFERENCES categories (id) ON DELETE SET NULL,
  channel_number  integer CHECK (channel_number >= 1),
  logo            text,
  epg_channel_id  varchar(255),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS rename_rules (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pattern             varchar(500) NOT NULL,
  replacement         varchar(500) NOT NULL DEFAULT '',
  scope               varchar(10) NOT NULL DEFAULT 'item' CHECK (scope IN ('item', 'category')),
  content_type        varchar(10) CHECK (content_type IN ('live', 'movie', 'series')),
  upstream_server_id  uuid REFERENCES upstream_servers (id) ON DELETE CASCADE,
  position            integer NOT NULL DEFAULT 0,
  enabled             boolean NOT NULL DEFAULT true,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS bouquets (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          varchar(100) NOT NULL UNIQUE,
  add_items     bigint[] NOT NULL DEFAULT '{}',
  remove_items  bigint[] NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS bouquet_categories (
  bouquet_id   uuid NOT NULL REFERENCES bouquets (id) ON DELETE CASCADE,
  category_id  integer NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
  position     integer NOT NULL,
  PRIMARY KEY (bouquet_id, category_id)
);
-- A bouquet in use cannot be deleted (the API answers 409): no cascade from bouquets.
CREATE TABLE IF NOT EXISTS line_bouquets (
  line_id     uuid NOT NULL REFERENCES lines (id) ON DELETE CASCADE,
  bouquet_id  uuid NOT NULL REFERENCES bouquets (id),
  position    integer NOT NULL,
  PRIMARY KEY (line_id, bouquet_id)
);
CREATE INDEX IF NOT EXISTS idx_line_bouquets_bouquet ON line_bouquets (bouquet_id);
