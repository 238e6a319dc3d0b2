-- The units that ended, by level and place: the "former unit" pickers of
-- a ward's lists read only its own range of them.
CREATE INDEX units_ended_idx ON units (level, path) WHERE valid_to IS NOT NULL;
