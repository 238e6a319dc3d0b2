-- A random key printed on each receipt: the public lookup shows the
-- procedure and the applicant's masked name, and takes a rating, only with
-- it (dossier codes follow a public pattern and can be guessed).
ALTER TABLE dossiers ADD COLUMN lookup_key TEXT NOT NULL DEFAULT '';
-- gen_random_uuid() draws from a cryptographic source; its first ten hex
-- digits are random.
UPDATE dossiers SET lookup_key = upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 10));

-- The online dossiers of a commune waiting for acceptance, counted at each
-- anonymous filing against the commune's quota.
CREATE INDEX dossiers_pending_online ON dossiers (commune_id)
    WHERE channel = 'online' AND status = 'new';
