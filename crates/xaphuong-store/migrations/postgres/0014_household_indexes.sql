-- A province on one database, households: each list and count reads an
-- index range of its own size.

-- A province's list in code order (its scope checked in the index), and a
-- household found by its full code.
CREATE INDEX households_code_idx ON households (code, id, unit_path);
-- The few households not in the unit on a review date: registered after
-- it, or gone by it.
CREATE INDEX households_registered_idx ON households (registered_on, unit_path);
CREATE INDEX households_moved_out_idx ON households (moved_out_on, unit_path);
-- A year's poor, near-poor or recognised households of any unit.
CREATE INDEX poverty_reviews_year_class_idx ON poverty_reviews (year, class, unit_path);
CREATE INDEX culture_reviews_year_idx ON culture_reviews (year, unit_path);
CREATE INDEX culture_reviews_year_recognised_idx ON culture_reviews (year, recognised, unit_path);
